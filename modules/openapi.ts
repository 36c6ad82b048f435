/**
 * A typed subset of OpenAPI 3.0 plus the API Gateway extensions this project's REST APIs use:
 * what `aws_api_gateway_rest_api.body` imports. Typed so a misspelt extension fails the type check.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
 */

/** JSON Schema draft 4, the dialect of API Gateway models (and of OpenAPI 3.0 schema objects). */
export interface JsonSchema {
  readonly type?: "object" | "string" | "number" | "integer" | "boolean" | "array";
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  /** Exactly one of these schemas holds, e.g. `[{ required: ["a"] }, { required: ["b"] }]`: one of two fields. */
  readonly oneOf?: readonly JsonSchema[];
  readonly additionalProperties?: boolean;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  /** Draft 4: `true` makes `minimum` exclusive. */
  readonly exclusiveMinimum?: boolean;
  readonly maximum?: number;
  readonly exclusiveMaximum?: boolean;
  readonly enum?: readonly (string | number)[];
  readonly format?: string;
  readonly $ref?: string;
}

/** A mapping template per content type, e.g. `{ "application/json": "..." }`. */
export type MappingTemplates = Readonly<Record<string, string>>;

/**
 * One integration response, keyed in `responses` by its selection pattern: a regular expression
 * matched against the integration's HTTP status code (AWS and HTTP integrations), or `default`.
 */
export interface IntegrationResponse {
  readonly statusCode: string;
  readonly responseTemplates?: MappingTemplates;
  readonly responseParameters?: Readonly<Record<string, string>>;
}

/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-integration.html */
export interface AwsServiceIntegration {
  readonly type: "aws";
  /** `arn:aws:apigateway:{region}:{service}:action/{Action}` */
  readonly uri: string;
  /** AWS service actions are always called with POST. */
  readonly httpMethod: "POST";
  /** The role API Gateway assumes to call the service. */
  readonly credentials: string;
  /** Integration request headers, e.g. `integration.request.header.X-Amz-Target: "'AWSEvents.PutEvents'"`. */
  readonly requestParameters?: Readonly<Record<string, string>>;
  readonly requestTemplates: MappingTemplates;
  /** NEVER: a request whose content type has no template is refused with 415, not passed through. */
  readonly passthroughBehavior: "NEVER" | "WHEN_NO_MATCH" | "WHEN_NO_TEMPLATES";
  readonly timeoutInMillis?: number;
  readonly responses: Readonly<Record<string, IntegrationResponse>>;
}

export interface MediaType {
  readonly schema: JsonSchema;
}

export interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required: boolean;
  readonly schema: JsonSchema;
}

export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly required: boolean; readonly content: Readonly<Record<string, MediaType>> };
  readonly responses: Readonly<Record<string, { readonly description: string; readonly content?: Readonly<Record<string, MediaType>> }>>;
  /** Names a security scheme of `components.securitySchemes`. */
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  /** Names a validator of `x-amazon-apigateway-request-validators`. */
  readonly "x-amazon-apigateway-request-validator"?: string;
  readonly "x-amazon-apigateway-integration": AwsServiceIntegration;
}

/**
 * Only operations: API Gateway's importer (and moto's) treats every key of a path item as an
 * HTTP method, so path-level `parameters` are not used.
 */
export type PathItem = Partial<Readonly<Record<"get" | "post" | "put" | "delete" | "patch", Operation>>>;

export interface RequestValidator {
  readonly validateRequestBody: boolean;
  readonly validateRequestParameters: boolean;
}

/** @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.html */
export interface GatewayResponse {
  /** @default - the response type's own status (403 for MISSING_AUTHENTICATION_TOKEN, ...) */
  readonly statusCode?: string;
  readonly responseTemplates: MappingTemplates;
}

/** Gateway response types this project customises. */
export type GatewayResponseType =
  | "BAD_REQUEST_BODY"
  | "BAD_REQUEST_PARAMETERS"
  | "MISSING_AUTHENTICATION_TOKEN"
  | "ACCESS_DENIED"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "THROTTLED"
  | "DEFAULT_4XX"
  | "DEFAULT_5XX";

/** SigV4 (IAM) auth as an OpenAPI security scheme. */
export interface SigV4SecurityScheme {
  readonly type: "apiKey";
  readonly name: "Authorization";
  readonly in: "header";
  readonly "x-amazon-apigateway-authtype": "awsSigv4";
}

export interface OpenApiDocument {
  readonly openapi: "3.0.1";
  readonly info: { readonly title: string; readonly description: string; readonly version: string };
  readonly paths: Readonly<Record<string, PathItem>>;
  readonly components: {
    readonly schemas: Readonly<Record<string, JsonSchema>>;
    readonly securitySchemes: Readonly<Record<string, SigV4SecurityScheme>>;
  };
  readonly "x-amazon-apigateway-request-validators": Readonly<Record<string, RequestValidator>>;
  readonly "x-amazon-apigateway-gateway-responses": Partial<Readonly<Record<GatewayResponseType, GatewayResponse>>>;
}

/** `arn:aws:apigateway:{region}:{service}:action/{action}`: an AWS service action as an integration URI. */
export function serviceActionUri(region: string, service: string, action: string): string {
  return `arn:aws:apigateway:${region}:${service}:action/${action}`;
}

/** A `$ref` to a schema of `components.schemas`. */
export function schemaRef(name: string): JsonSchema {
  return { $ref: `#/components/schemas/${name}` };
}

const JSON_TYPE = "application/json";

/**
 * VTL that turns a JSON text (e.g. `$input.json('$.text')`) into the content of a JSON string.
 * `escapeJavaScript` also escapes `'`, which JSON does not allow, so it is turned back (the fix AWS
 * documents for `$util.escapeJavaScript`).
 */
export const escapedJson = (expression: string) => `$util.escapeJavaScript(${expression}).replaceAll("\\\\'","'")`;

/** API Gateway's own errors as JSON with the request id; an invalid body also says what is wrong. */
export const JSON_GATEWAY_RESPONSES: OpenApiDocument["x-amazon-apigateway-gateway-responses"] = {
  BAD_REQUEST_BODY: {
    statusCode: "400",
    responseTemplates: {
      [JSON_TYPE]: `{"message":$context.error.messageString,"validationErrors":"$context.error.validationErrorString","requestId":"$context.requestId"}`,
    },
  },
  // No statusCode: each 4XX/5XX type keeps its own status (403, 415, 429, 504, ...).
  DEFAULT_4XX: { responseTemplates: { [JSON_TYPE]: `{"message":$context.error.messageString,"requestId":"$context.requestId"}` } },
  DEFAULT_5XX: { responseTemplates: { [JSON_TYPE]: `{"message":$context.error.messageString,"requestId":"$context.requestId"}` } },
};

/** Selection pattern of integration failures: matched against the service's HTTP status code. */
export const INTEGRATION_FAILURE_PATTERN = "[45]\\d{2}";

/** An AWS JSON-protocol action called by an integration: EventBridge or DynamoDB. */
export interface ServiceAction {
  readonly service: "events" | "dynamodb";
  readonly action: string;
  /** The role API Gateway assumes, and the region of the service. */
  readonly integrationRoleArn: string;
  readonly region: string;
}

export interface ServiceIntegrationTemplates {
  readonly request: string;
  readonly success: { readonly statusCode: string; readonly template: string };
  /** The body of a 500 when the service answers 4xx/5xx (throttling, access denied): the client cannot fix it. */
  readonly failure: string;
}

/** An integration calling one EventBridge or DynamoDB action with JSON mapping templates. */
export function serviceIntegration(call: ServiceAction, templates: ServiceIntegrationTemplates): AwsServiceIntegration {
  const target = call.service === "events" ? `AWSEvents.${call.action}` : `DynamoDB_20120810.${call.action}`;
  const contentType = call.service === "events" ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0";
  return {
    type: "aws",
    uri: serviceActionUri(call.region, call.service, call.action),
    httpMethod: "POST",
    credentials: call.integrationRoleArn,
    // Static values are quoted; these are the JSON protocol's headers for the action.
    requestParameters: {
      "integration.request.header.X-Amz-Target": `'${target}'`,
      "integration.request.header.Content-Type": `'${contentType}'`,
    },
    requestTemplates: { [JSON_TYPE]: templates.request },
    passthroughBehavior: "NEVER",
    timeoutInMillis: 10_000,
    responses: {
      default: { statusCode: templates.success.statusCode, responseTemplates: { [JSON_TYPE]: templates.success.template } },
      [INTEGRATION_FAILURE_PATTERN]: { statusCode: "500", responseTemplates: { [JSON_TYPE]: templates.failure } },
    },
  };
}
