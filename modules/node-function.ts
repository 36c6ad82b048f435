import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AssetType, Fn, TerraformAsset } from "cdktf";
import { Construct, IConstruct } from "constructs";
import {
  LAMBDA_FUNCTION_NAME_MAX_LENGTH,
  LAMBDA_MEMORY_MB,
  LAMBDA_TIMEOUT_SECONDS,
  LogRetentionDays,
  assertIntegerInRange,
  assertNameLength,
} from "./aws-limits";
import { ArnScope, arnFor, deploymentLocation } from "./arn";
import { bundleNodeFunction } from "./bundle";
import { LogGroup } from "./log-group";
import { ServiceRole } from "./service-role";
import type { Watched, WatchedResource } from "./monitoring/watched";

export interface NodeFunctionProps {
  readonly name: string;
  readonly description: string;
  /** Absolute path of the TypeScript entry file exporting `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly reservedConcurrency: number;
  readonly logRetentionDays: LogRetentionDays;
  readonly environment: Readonly<Record<string, string>>;
  /** Account and region (trust condition, literal ARN). @default - the stack's deployment location (setDeploymentLocation) */
  readonly location?: ArnScope;
}

/** An EventBridge rule that may invoke the function: its construct id names the permission. */
export interface InvokingRule extends IConstruct {
  readonly ruleArn: string;
}

/** A bundled Node.js 22 function: explicit timeout, memory and concurrency, JSON logs, X-Ray. */
export class NodeFunction extends Construct implements Watched {
  readonly functionArn: string;
  /** The unqualified ARN as a literal, for what must be literal data such as event patterns. */
  readonly literalFunctionArn: string;
  readonly functionName: string;
  readonly role: ServiceRole;
  /** Errors, throttles and lost invocation records page ops (modules/monitoring). */
  readonly watched: WatchedResource;
  private readonly destinations: string[] = [];

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const location = props.location ?? deploymentLocation(this);
    assertNameLength(this.node.path, "name", props.name, LAMBDA_FUNCTION_NAME_MAX_LENGTH);
    assertIntegerInRange(this.node.path, "memoryMb", props.memoryMb, LAMBDA_MEMORY_MB);
    assertIntegerInRange(this.node.path, "timeoutSeconds", props.timeoutSeconds, LAMBDA_TIMEOUT_SECONDS);

    const logGroup = new LogGroup(this, "Logs", { name: `/aws/lambda/${props.name}`, retentionDays: props.logRetentionDays });
    this.role = new ServiceRole(this, "Role", {
      name: `${props.name}-lambda`,
      service: "lambda.amazonaws.com",
      sourceAccount: location.accountId,
      description: `Execution role of ${props.name}`,
    });
    this.role.grant(
      { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.logGroupArn}:*` },
      // X-Ray has no resource-level permissions.
      { Sid: "XRayTracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    );
    const code = new TerraformAsset(this, "Code", { path: bundleNodeFunction(props.entry), type: AssetType.FILE });
    const fn = new LambdaFunction(this, "Resource", {
      functionName: props.name,
      description: props.description,
      role: this.role.roleArn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: code.path,
      sourceCodeHash: Fn.filebase64sha256(code.path),
      memorySize: props.memoryMb,
      timeout: props.timeoutSeconds,
      reservedConcurrentExecutions: props.reservedConcurrency,
      tracingConfig: { mode: "Active" },
      loggingConfig: { logFormat: "JSON", logGroup: logGroup.logGroupName },
      environment: { variables: { ...props.environment } },
    });
    this.functionArn = fn.arn;
    this.literalFunctionArn = arnFor("lambda", location, `function:${props.name}`);
    this.functionName = fn.functionName;
    this.watched = { kind: "function", dimensions: { FunctionName: fn.functionName }, label: props.name, arn: this.functionArn, deliversTo: this.destinations };
  }

  /** Records where the function's results go (a destination bus's name or an ARN), so the flow dashboard follows them. */
  recordDestination(target: string): void {
    this.destinations.push(target);
  }

  /** Lets EventBridge invoke the function for this one rule only (source ARN scoped). */
  grantInvokeFromRule(rule: InvokingRule): void {
    new LambdaPermission(this, `AllowInvokeBy-${rule.node.id}`, {
      statementId: `AllowEventBridge-${rule.node.id}`,
      action: "lambda:InvokeFunction",
      functionName: this.functionName,
      principal: "events.amazonaws.com",
      sourceArn: rule.ruleArn,
    });
  }
}
