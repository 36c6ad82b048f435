import {
  APIGatewayClient,
  GetMethodCommand,
  GetModelCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetStageCommand,
} from "@aws-sdk/client-api-gateway";
import type { GatewayResponse, GatewayResponseType, JsonSchema, OpenApiDocument, Operation } from "../../../modules/openapi";

/**
 * A REST API as the local harness runs it: per method, what API Gateway checks (auth, validators,
 * model) and the integration it calls (URI, role, headers, templates, integration responses).
 */
export interface LocalIntegrationResponse {
  readonly statusCode: string;
  /** Matched against the integration's status code; absent for the default response. */
  readonly selectionPattern?: string;
  readonly responseTemplates: Readonly<Record<string, string>>;
}

export interface LocalIntegration {
  readonly type: string;
  readonly uri: string;
  readonly credentials?: string;
  readonly requestParameters: Readonly<Record<string, string>>;
  readonly requestTemplates: Readonly<Record<string, string>>;
  readonly passthroughBehavior: string;
  readonly responses: readonly LocalIntegrationResponse[];
}

export interface LocalMethod {
  readonly httpMethod: string;
  /** The resource path, e.g. `/orders/{id}/status`. */
  readonly resourcePath: string;
  readonly authorization: "AWS_IAM" | "NONE";
  readonly validateBody: boolean;
  readonly validateParameters: boolean;
  /** Required query string and header parameters (path parameters are required by routing). */
  readonly requiredParameters: readonly { readonly in: "query" | "header"; readonly name: string }[];
  /** Request models by content type, references resolved. */
  readonly requestModels: Readonly<Record<string, JsonSchema>>;
  readonly integration: LocalIntegration;
}

export interface LocalApi {
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
  /** `$stageVariables` of the stage. */
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly methods: readonly LocalMethod[];
  readonly gatewayResponses: Partial<Readonly<Record<GatewayResponseType, GatewayResponse>>>;
}

export interface ApiIdentity {
  readonly apiId: string;
  readonly stage: string;
  readonly region: string;
  readonly accountId: string;
}

/** Everything from the OpenAPI document (and the stage variables given): before anything is deployed. */
export function apiFromDefinition(definition: OpenApiDocument, identity: ApiIdentity, stageVariables: Readonly<Record<string, string>> = {}): LocalApi {
  const methods = operationsOf(definition).map(({ path, method, operation }) => ({
    ...methodChecks(definition, path, method, operation),
    integration: integrationFromDefinition(operation),
  }));
  return { ...identity, stageVariables, methods, gatewayResponses: definition["x-amazon-apigateway-gateway-responses"] };
}

/**
 * The API as deployed on the emulator, read back through the API Gateway API: routes
 * (GetResources), per method its authorization, request validator, required parameters, request
 * models (GetMethod, GetRequestValidators, GetModel) and integration with its templates and
 * integration responses, and the stage's variables (GetStage). So the harness runs what was
 * deployed, not what the code says. Gateway responses are the one part given by the caller (the
 * definition's): the emulator's OpenAPI import does not keep them.
 */
export async function readDeployedApi(
  client: APIGatewayClient,
  identity: ApiIdentity,
  gatewayResponses: OpenApiDocument["x-amazon-apigateway-gateway-responses"],
): Promise<LocalApi> {
  const restApiId = identity.apiId;
  const stage = await client.send(new GetStageCommand({ restApiId, stageName: identity.stage }));
  const { items: resources = [] } = await client.send(new GetResourcesCommand({ restApiId, limit: 500 }));
  const { items: validators = [] } = await client.send(new GetRequestValidatorsCommand({ restApiId }));
  const routes = resources.flatMap((resource) => Object.keys(resource.resourceMethods ?? {}).map((httpMethod) => ({ resource, httpMethod })));
  const methods = await Promise.all(
    routes.map(async ({ resource, httpMethod }) => {
      const method = await client.send(new GetMethodCommand({ restApiId, resourceId: resource.id!, httpMethod }));
      const validator = validators.find((v) => v.id === method.requestValidatorId);
      const integration = method.methodIntegration;
      if (!integration) throw new Error(`${httpMethod} ${resource.path}: no integration deployed`);
      return {
        httpMethod,
        resourcePath: resource.path!,
        authorization: method.authorizationType === "AWS_IAM" ? ("AWS_IAM" as const) : ("NONE" as const),
        validateBody: validator?.validateRequestBody ?? false,
        validateParameters: validator?.validateRequestParameters ?? false,
        requiredParameters: Object.entries(method.requestParameters ?? {})
          .filter(([name, required]) => required && !name.startsWith("method.request.path."))
          .map(([name]) => {
            const [, location, parameter] = name.match(/^method\.request\.(querystring|header)\.(.+)$/)!;
            return { in: location === "querystring" ? ("query" as const) : ("header" as const), name: parameter };
          }),
        requestModels: Object.fromEntries(
          await Promise.all(
            Object.entries(method.requestModels ?? {}).map(async ([type, modelName]) => {
              const model = await client.send(new GetModelCommand({ restApiId, modelName }));
              return [type, JSON.parse(model.schema!) as JsonSchema] as const;
            }),
          ),
        ),
        integration: {
          type: integration.type!.toLowerCase(),
          uri: integration.uri!,
          credentials: integration.credentials,
          requestParameters: integration.requestParameters ?? {},
          requestTemplates: integration.requestTemplates ?? {},
          passthroughBehavior: integration.passthroughBehavior ?? "WHEN_NO_MATCH",
          responses: Object.values(integration.integrationResponses ?? {}).map((response) => ({
            statusCode: response.statusCode!,
            selectionPattern: response.selectionPattern || undefined,
            responseTemplates: response.responseTemplates ?? {},
          })),
        },
      };
    }),
  );
  return { ...identity, stageVariables: stage.variables ?? {}, methods, gatewayResponses };
}

function operationsOf(definition: OpenApiDocument) {
  return Object.entries(definition.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation: operation as Operation })),
  );
}

function methodChecks(definition: OpenApiDocument, path: string, method: string, operation: Operation) {
  const validatorName = operation["x-amazon-apigateway-request-validator"];
  const validator = validatorName ? definition["x-amazon-apigateway-request-validators"][validatorName] : undefined;
  if (validatorName && !validator) throw new Error(`${method} ${path}: no request validator named "${validatorName}"`);
  const sigv4 = operation.security.some((requirement) =>
    Object.keys(requirement).some((name) => definition.components.securitySchemes[name]?.["x-amazon-apigateway-authtype"] === "awsSigv4"),
  );
  return {
    httpMethod: method,
    resourcePath: path,
    authorization: sigv4 ? ("AWS_IAM" as const) : ("NONE" as const),
    validateBody: validator?.validateRequestBody ?? false,
    validateParameters: validator?.validateRequestParameters ?? false,
    requiredParameters: (operation.parameters ?? [])
      .filter((parameter) => parameter.required && parameter.in !== "path")
      .map((parameter) => ({ in: parameter.in as "query" | "header", name: parameter.name })),
    requestModels: Object.fromEntries(Object.entries(operation.requestBody?.content ?? {}).map(([type, media]) => [type, resolve(definition, media.schema)])),
  };
}

function integrationFromDefinition(operation: Operation): LocalIntegration {
  const integration = operation["x-amazon-apigateway-integration"];
  return {
    type: integration.type,
    uri: integration.uri,
    credentials: integration.credentials,
    requestParameters: integration.requestParameters ?? {},
    requestTemplates: integration.requestTemplates,
    passthroughBehavior: integration.passthroughBehavior,
    responses: Object.entries(integration.responses).map(([pattern, response]) => ({
      statusCode: response.statusCode,
      selectionPattern: pattern === "default" ? undefined : pattern,
      responseTemplates: response.responseTemplates ?? {},
    })),
  };
}

/** A model is one schema of `components.schemas` (nested references are not used here). */
function resolve(definition: OpenApiDocument, schema: JsonSchema): JsonSchema {
  const name = schema.$ref?.match(/^#\/components\/schemas\/(.+)$/)?.[1];
  if (schema.$ref && !name) throw new Error(`unsupported model reference ${schema.$ref}`);
  const model = name ? definition.components.schemas[name] : schema;
  if (!model) throw new Error(`no model named "${name}" in components.schemas`);
  return model;
}
