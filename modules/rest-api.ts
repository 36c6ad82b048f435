import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { ITerraformDependable, Token } from "cdktf";
import { createHash } from "node:crypto";
import { Construct } from "constructs";
import type { OpenApiDocument } from "./openapi";
import { ApiGatewayAccount } from "./api-gateway-account";
import { ArnScope, deploymentLocation } from "./arn";
import {
  API_GATEWAY_BURST_LIMIT,
  API_GATEWAY_LOG_LEVELS,
  API_GATEWAY_RATE_LIMIT,
  API_GATEWAY_STAGE_NAME,
  ApiGatewayLogLevel,
  IAM_ROLE_NAME_MAX_LENGTH,
  LogRetentionDays,
  assertIntegerInRange,
} from "./aws-limits";
import { LogGroup } from "./log-group";
import type { Watched, WatchedResource } from "./monitoring/watched";
import { PolicyGrantee, PolicyStatement } from "./policy-document";
import { ServiceRole } from "./service-role";

/** The integration role is `<name>-integration`; the account logging role's suffix is shorter. */
const INTEGRATION_ROLE_SUFFIX = "-integration";

/** @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html */
const STAGE_VARIABLE_NAME = /^[A-Za-z0-9_]+$/;

/** Stage-wide throttling (token bucket): API Gateway answers 429 beyond it. */
export interface RestApiThrottling {
  /** Steady requests per second, above 0. @see API_GATEWAY_RATE_LIMIT */
  readonly rateLimit: number;
  /** Bucket size: requests allowed at once above the rate. @see API_GATEWAY_BURST_LIMIT */
  readonly burstLimit: number;
}

/** What an API definition is built from: the integration role and the API's region (integration URIs). */
export interface DefinitionContext {
  readonly integrationRoleArn: string;
  readonly region: string;
}

export interface RestApiProps {
  /** The API's name; its roles and log groups are named after it. */
  readonly name: string;
  readonly description: string;
  /** The one stage, e.g. the environment name. @see API_GATEWAY_STAGE_NAME */
  readonly stageName: string;
  /**
   * The OpenAPI document, given the role its AWS integrations assume and the region. It may not hold
   * Terraform references (see stageVariables): it is rendered as a literal JSON body.
   */
  readonly definition: (context: DefinitionContext) => OpenApiDocument;
  /** What the integrations call: the integration role is granted exactly these. */
  readonly integrationPermissions: readonly PolicyStatement[];
  /**
   * Stage variables (`$stageVariables.<name>` in mapping templates): how resource names (Terraform
   * references) reach the templates. Names: letters, digits, underscores.
   * @default - none
   */
  readonly stageVariables?: Readonly<Record<string, string>>;
  readonly throttling: RestApiThrottling;
  /** Retention of the access log (and execution log) groups. */
  readonly logRetentionDays: LogRetentionDays;
  /** The account and region the API lives in (trust conditions, log group ARNs).
   * @default - the stack's deployment location (setDeploymentLocation)
   */
  readonly location?: ArnScope;
  /**
   * Create the account-level setting that names API Gateway's CloudWatch Logs role
   * (`aws_api_gateway_account`, see modules/api-gateway-account.ts). It is one per account and
   * region, and no stage can log without it: true in exactly one stack per account and region,
   * false where another stack (or an administrator) has set it.
   */
  readonly manageAccountLoggingRole: boolean;
  /**
   * The account logging setting another API of this stack manages (its `accountLogging`): this
   * API's stage and method settings wait for it, as they would for their own.
   * @default - none: the setting is this API's own (manageAccountLoggingRole) or outside this stack
   */
  readonly loggingSetBy?: ApiGatewayAccount;
  /**
   * Execution logging (API Gateway's own log of each request's steps); request and response
   * bodies are never logged (data tracing stays off).
   * @default "ERROR" - only failed requests are logged
   */
  readonly executionLogLevel?: ApiGatewayLogLevel;
}

/**
 * One access log line per request, as JSON.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-variables-for-access-logging.html
 */
export const ACCESS_LOG_FORMAT: Readonly<Record<string, string>> = {
  requestId: "$context.requestId",
  extendedRequestId: "$context.extendedRequestId",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationLatency: "$context.integrationLatency",
  errorMessage: "$context.error.message",
  errorType: "$context.error.responseType",
  sourceIp: "$context.identity.sourceIp",
  userArn: "$context.identity.userArn",
  userAgent: "$context.identity.userAgent",
  xrayTraceId: "$context.xrayTraceId",
};

/**
 * A REGIONAL REST API imported from an OpenAPI document, deployed to one stage that traces with
 * X-Ray, writes JSON access logs, publishes metrics and throttles every method. The deployment is
 * replaced whenever the document changes. AWS integrations assume one role granted exactly
 * `integrationPermissions`.
 */
export class RestApi extends Construct implements Watched {
  readonly restApiId: string;
  readonly stageName: string;
  /** `https://{id}.execute-api.{region}.amazonaws.com/{stage}` */
  readonly invokeUrl: string;
  /** `arn:aws:execute-api:{region}:{account}:{id}/{stage}`: the base of execute-api:Invoke resources. */
  readonly executionArn: string;
  readonly accessLogGroupName: string;
  readonly integrationRole: ServiceRole;
  /** Server errors and slow requests page ops (modules/monitoring). */
  readonly watched: WatchedResource;
  /** Every method of the definition as `METHOD /path`, path parameters as `*` (execute-api resource form). */
  readonly methods: readonly string[];
  /** The account logging setting, when this API manages it (manageAccountLoggingRole). */
  readonly accountLogging?: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    const location = props.location ?? deploymentLocation(this);
    this.validate(props);
    this.integrationRole = new ServiceRole(this, "IntegrationRole", {
      name: `${props.name}${INTEGRATION_ROLE_SUFFIX}`,
      service: "apigateway.amazonaws.com",
      sourceAccount: location.accountId,
      description: `Lets the ${props.name} REST API call its AWS integrations`,
    });
    this.integrationRole.grant(...props.integrationPermissions);
    const { api, deployment, methods } = this.deployedApi(props, location);
    this.methods = methods;
    this.accountLogging = props.manageAccountLoggingRole
      ? new ApiGatewayAccount(this, "AccountLogging", { roleName: `${props.name}-apigw-logs`, location })
      : undefined;
    const { stage, accessLogGroupName } = this.stage(props, api, deployment, this.accountLogging ?? props.loggingSetBy);
    this.accessLogGroupName = accessLogGroupName;
    this.restApiId = api.id;
    this.stageName = stage.stageName;
    this.invokeUrl = stage.invokeUrl;
    this.executionArn = stage.executionArn;
    this.watched = { kind: "rest-api", dimensions: { ApiName: api.name, Stage: stage.stageName }, label: props.name, arn: this.executionArn };
  }

  /** The API from the definition, and a deployment replaced whenever the definition changes. */
  private deployedApi(props: RestApiProps, { accountId, region }: ArnScope): { api: ApiGatewayRestApi; deployment: ApiGatewayDeployment; methods: string[] } {
    // The role's ARN is known from its name, so the body stays a literal: mapping templates are
    // full of quotes and backslashes, which cdktf cannot render inside jsonencode(...) arguments.
    const roleArn = `arn:aws:iam::${accountId}:role/${props.name}${INTEGRATION_ROLE_SUFFIX}`;
    const definition = props.definition({ integrationRoleArn: roleArn, region });
    assertNoReferences(this.node.path, definition, "definition");
    const body = JSON.stringify(definition);
    const api = new ApiGatewayRestApi(this, "Resource", {
      name: props.name,
      description: props.description,
      body,
      endpointConfiguration: { types: ["REGIONAL"] },
      dependsOn: [this.integrationRole.node.findChild("Resource") as IamRole],
    });
    const deployment = new ApiGatewayDeployment(this, "Deployment", {
      restApiId: api.id,
      description: `${props.name} as last changed`,
      triggers: { redeployment: createHash("sha256").update(body).digest("hex") },
      lifecycle: { createBeforeDestroy: true },
    });
    return { api, deployment, methods: methodsOf(definition) };
  }

  /** The stage with tracing, access logs, execution logs with retention, throttling and metrics. */
  private stage(
    props: RestApiProps,
    api: ApiGatewayRestApi,
    deployment: ApiGatewayDeployment,
    account?: ApiGatewayAccount,
  ): { stage: ApiGatewayStage; accessLogGroupName: string } {
    const logLevel = props.executionLogLevel ?? "ERROR";
    // No stage can log before the account's logging role is set.
    const loggingReady: ITerraformDependable[] = account ? [account.resource] : [];
    const accessLogs = new LogGroup(this, "AccessLogs", { name: `/aws/apigateway/${props.name}/access`, retentionDays: props.logRetentionDays });
    const stage = new ApiGatewayStage(this, "Stage", {
      restApiId: api.id,
      deploymentId: deployment.id,
      stageName: props.stageName,
      variables: props.stageVariables && { ...props.stageVariables },
      xrayTracingEnabled: true,
      accessLogSettings: { destinationArn: accessLogs.logGroupArn, format: JSON.stringify(ACCESS_LOG_FORMAT) },
      dependsOn: account && loggingReady,
    });
    if (logLevel !== "OFF") {
      // The group API Gateway would create itself, without retention, once logging is on.
      const executionLogs = new LogGroup(this, "ExecutionLogs", {
        name: `API-Gateway-Execution-Logs_${api.id}/${props.stageName}`,
        retentionDays: props.logRetentionDays,
      });
      loggingReady.push(executionLogs.node.findChild("Resource") as CloudwatchLogGroup);
    }
    new ApiGatewayMethodSettings(this, "MethodSettings", {
      restApiId: api.id,
      stageName: stage.stageName,
      methodPath: "*/*",
      settings: {
        metricsEnabled: true,
        loggingLevel: logLevel,
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttling.rateLimit,
        throttlingBurstLimit: props.throttling.burstLimit,
      },
      dependsOn: loggingReady.length > 0 ? loggingReady : undefined,
    });
    return { stage, accessLogGroupName: accessLogs.logGroupName };
  }

  /** An identity statement allowing a caller to invoke one method of this stage, e.g. `("GET", "/orders/*")`. */
  invokeMethod(httpMethod: string, resourcePath: string): PolicyStatement {
    return { Effect: "Allow", Action: "execute-api:Invoke", Resource: `${this.executionArn}/${httpMethod}${resourcePath}` };
  }

  /** Lets the grantee invoke every method of this stage, and nothing else (no other stage, no other API). */
  grantInvoke(grantee: PolicyGrantee): void {
    const resources = this.methods.map((method) => `${this.executionArn}/${method.replace(" /", "/")}`);
    grantee.grant({ Effect: "Allow", Action: "execute-api:Invoke", Resource: resources });
  }

  private validate(props: RestApiProps): void {
    const path = this.node.path;
    if (!API_GATEWAY_STAGE_NAME.test(props.stageName)) {
      throw new Error(`${path}: stageName "${props.stageName}" is not allowed; allowed: 1-128 letters, digits, hyphens or underscores`);
    }
    const { rateLimit, burstLimit } = props.throttling;
    if (!Number.isFinite(rateLimit) || rateLimit <= API_GATEWAY_RATE_LIMIT.min || rateLimit > API_GATEWAY_RATE_LIMIT.max) {
      throw new RangeError(
        `${path}: throttling.rateLimit is ${rateLimit}; allowed: a number of requests per second above ${API_GATEWAY_RATE_LIMIT.min}, at most ${API_GATEWAY_RATE_LIMIT.max}`,
      );
    }
    assertIntegerInRange(path, "throttling.burstLimit", burstLimit, API_GATEWAY_BURST_LIMIT);
    for (const name of Object.keys(props.stageVariables ?? {})) {
      if (!STAGE_VARIABLE_NAME.test(name)) {
        throw new Error(`${path}: stageVariables has a variable named "${name}"; allowed: letters, digits and underscores`);
      }
    }
    const logLevel = props.executionLogLevel ?? "ERROR";
    if (!API_GATEWAY_LOG_LEVELS.includes(logLevel)) {
      throw new RangeError(`${path}: executionLogLevel is ${logLevel}; allowed: one of ${API_GATEWAY_LOG_LEVELS.join(", ")}`);
    }
    const roleName = `${props.name}${INTEGRATION_ROLE_SUFFIX}`;
    if (roleName.length > IAM_ROLE_NAME_MAX_LENGTH) {
      throw new RangeError(
        `${path}: name "${props.name}" is ${props.name.length} characters, too long for its role "${roleName}"; allowed: at most ${IAM_ROLE_NAME_MAX_LENGTH - INTEGRATION_ROLE_SUFFIX.length}`,
      );
    }
  }
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch"];

function methodsOf(definition: OpenApiDocument): string[] {
  return Object.entries(definition.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => HTTP_METHODS.includes(method))
      .map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, "*")}`),
  );
}

/** The body is a literal: a Terraform reference anywhere in the definition would stay an unresolved token. */
function assertNoReferences(owner: string, value: unknown, at: string): void {
  if (typeof value === "string") {
    if (Token.isUnresolved(value)) {
      throw new Error(`${owner}: ${at} holds a Terraform reference; allowed: literal values only (pass resource names as stageVariables)`);
    }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) assertNoReferences(owner, item, `${at}[${index}]`);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) assertNoReferences(owner, child, `${at}${/^\w+$/.test(key) ? `.${key}` : `["${key}"]`}`);
  }
}
