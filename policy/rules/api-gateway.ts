import { readJsonDocument } from "../hcl";
import { defineRule } from "../rule";
import type { ResourceView, StackView } from "../stack-view";
import { block, isSet, isTrue } from "./blocks";

const STAGES = ["aws_api_gateway_stage"];
const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "x-amazon-apigateway-any-method"];

/** Method settings that apply to a stage: pointing at it by reference, or naming it on the same API. */
function methodSettingsOf(stage: ResourceView, stack: StackView): ResourceView[] {
  return stack.ofType("aws_api_gateway_method_settings").filter((settings) => {
    if (stack.referencedIn(settings.config.stage_name).includes(stage)) return true;
    return settings.config.stage_name === stage.config.stage_name && settings.config.rest_api_id === stage.config.rest_api_id;
  });
}

export const apigwAccessLogs = defineRule({
  id: "apigw-access-logs",
  source: "checkov CKV_AWS_76; cdk-nag AwsSolutions-APIG1",
  explanation: "Without access logs nobody can tell who called the API, how, and with what result.",
  fix: "Set access_log_settings with a destination_arn and a JSON format (modules/rest-api.ts does).",
  resourceTypes: [...STAGES, "aws_apigatewayv2_stage"],
  check: (stage) => (isSet(block(stage.config.access_log_settings)?.destination_arn) ? [] : ["the stage has no access_log_settings"]),
});

export const apigwTracing = defineRule({
  id: "apigw-tracing",
  source: "checkov CKV_AWS_73; cdk-nag Serverless-APIGWXrayEnabled",
  explanation: "Without X-Ray a client's request cannot be followed into EventBridge and DynamoDB.",
  fix: "Set xray_tracing_enabled = true.",
  resourceTypes: STAGES,
  check: (stage) => (isTrue(stage.config.xray_tracing_enabled) ? [] : ["X-Ray tracing is off"]),
});

export const apigwThrottling = defineRule({
  id: "apigw-throttling",
  source: "cdk-nag Serverless-APIGWDefaultThrottling",
  explanation: "With the account-wide default throttle one noisy client can use the whole region's API Gateway quota.",
  fix: "Add aws_api_gateway_method_settings for */* with throttling_rate_limit and throttling_burst_limit (statusUpdates.polling.throttling).",
  resourceTypes: STAGES,
  check: (stage, stack) => {
    const throttled = methodSettingsOf(stage, stack).some((settings) => {
      const values = block(settings.config.settings);
      return [values?.throttling_rate_limit, values?.throttling_burst_limit].every((limit) => isSet(limit) && limit !== -1);
    });
    return throttled ? [] : ["no method settings set throttling_rate_limit and throttling_burst_limit for the stage"];
  },
});

export const apigwAuthorization = defineRule({
  id: "apigw-authorization",
  source: "checkov CKV_AWS_59; cdk-nag AwsSolutions-APIG4",
  explanation: "A method without authorization lets anyone on the internet place orders or read their status.",
  fix: "Require IAM (SigV4), a Cognito or a Lambda authorizer on every method: `security` on each OpenAPI operation, or authorization on aws_api_gateway_method.",
  resourceTypes: ["aws_api_gateway_method", "aws_api_gateway_rest_api"],
  check: (resource) => {
    if (resource.type === "aws_api_gateway_method") {
      const open = resource.config.authorization === "NONE" && resource.config.http_method !== "OPTIONS";
      return open ? [`${resource.config.http_method} has authorization NONE`] : [];
    }
    return resource.config.body === undefined ? [] : openApiProblems(resource.config.body);
  },
});

/** The parts of an OpenAPI 3 / Swagger 2 document the authorization rule reads. */
interface OpenApiDocument {
  readonly components?: { readonly securitySchemes?: object };
  readonly securityDefinitions?: object;
  readonly security?: unknown;
  /** Path item by path; each holds operations keyed by lower-case HTTP method. */
  readonly paths?: Record<string, Record<string, { readonly security?: unknown }>>;
}

/** Operations of an OpenAPI / Swagger body without a security requirement naming a defined scheme. */
function openApiProblems(body: unknown): string[] {
  const document = readJsonDocument(body) as OpenApiDocument | undefined;
  if (!document || typeof document !== "object") return ["cannot read the API definition (body)"];
  const schemes = Object.keys(document.components?.securitySchemes ?? document.securityDefinitions ?? {});
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item?.[method]).flatMap((method) => {
      const requirements: unknown = item[method].security ?? document.security;
      const secured =
        Array.isArray(requirements) &&
        requirements.length > 0 &&
        requirements.every((requirement) => {
          const names = Object.keys(requirement ?? {});
          return names.length > 0 && names.every((name) => schemes.includes(name));
        });
      return secured ? [] : [`${method.toUpperCase()} ${path} has no security requirement naming a defined scheme`];
    }),
  );
}

export const API_GATEWAY_RULES = [apigwAccessLogs, apigwTracing, apigwThrottling, apigwAuthorization] as const;
