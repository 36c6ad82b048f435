/**
 * Runs one request through a REST API the way API Gateway does, locally: route, IAM auth check,
 * request validation (model, required parameters), request mapping template, the AWS service
 * call (signed, for real, to the emulator), integration response selection and response template,
 * gateway responses for the errors API Gateway answers itself.
 *
 * Not modelled: SigV4 signature verification and IAM policy evaluation (a request must carry a
 * SigV4 Authorization header scoped to execute-api in the API's region, nothing more), the
 * integration role (the emulator is called with the harness's credentials; the role ARN is kept
 * on the integration request for assertions), throttling, caching, binary payloads.
 */
import { randomUUID } from "node:crypto";
import { Agent, request as httpsRequest } from "node:https";
import type { GatewayResponseType } from "../../../modules/openapi";
import type { LocalApi, LocalIntegration, LocalMethod } from "./local-api";
import {
  ContextVariables,
  MappingTemplateError,
  MethodRequestParams,
  Overrides,
  emptyOverrides,
  renderGatewayResponse,
  renderMappingTemplate,
} from "./mapping-templates";
import { validateAgainstModel } from "./model-validator";
import { SigningCredentials, signRequest } from "./sigv4";

export interface ApiRequest {
  readonly method: string;
  /** The path after the stage, with any query string: `/orders/abc/status`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** What API Gateway sends to the AWS service. */
export interface IntegrationRequest {
  readonly uri: string;
  /** The role API Gateway would assume. */
  readonly credentials?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface IntegrationResult {
  readonly statusCode: number;
  readonly body: string;
}

export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Present when the request reached the integration. */
  readonly integrationRequest?: IntegrationRequest;
  readonly integrationResult?: IntegrationResult;
}

/** Calls the AWS service action an integration names. */
export type Backend = (request: IntegrationRequest) => Promise<IntegrationResult>;

export interface InvokeOptions {
  /** `$context.requestId`. @default - a random UUID, as API Gateway assigns */
  readonly requestId?: string;
  readonly sourceIp?: string;
  /**
   * Decides whether the signer of an AWS_IAM request may invoke the method (its identity and
   * policies, see caller-authorization.ts); refused calls answer 403 as API Gateway does.
   * @default - any SigV4-signed request for the API's region is admitted
   */
  readonly authorizeCaller?: (accessKeyId: string, methodArn: string) => Promise<{ readonly allowed: boolean; readonly caller: string }>;
}

const JSON_TYPE = "application/json";

export async function invokeLocally(api: LocalApi, request: ApiRequest, backend: Backend, options: InvokeOptions = {}): Promise<ApiResponse> {
  const url = new URL(request.path, "https://localhost");
  const headers = request.headers ?? {};
  const route = findRoute(api, request.method, url.pathname);
  const context = contextVariables(api, request, route?.method.resourcePath ?? url.pathname, headers, options);
  const fail = (type: GatewayResponseType | "API_CONFIGURATION_ERROR", message?: string, validationErrors = "") =>
    gatewayResponse(api, type, context, message, validationErrors);

  // API Gateway answers an unknown route like an unsigned one: 403 Missing Authentication Token.
  if (!route) return fail("MISSING_AUTHENTICATION_TOKEN");
  const { method, pathParameters } = route;
  if (method.authorization === "AWS_IAM" && !isSigV4For(api, header(headers, "authorization"))) return fail("MISSING_AUTHENTICATION_TOKEN");
  if (method.authorization === "AWS_IAM" && options.authorizeCaller) {
    const accessKeyId = /Credential=([^/]+)\//.exec(header(headers, "authorization") ?? "")?.[1] ?? "";
    const methodArn = `arn:aws:execute-api:${api.region}:${api.accountId}:${api.apiId}/${api.stage}/${context.httpMethod}${url.pathname}`;
    const { allowed, caller } = await options.authorizeCaller(accessKeyId, methodArn);
    if (!allowed) return fail("ACCESS_DENIED", `User: ${caller} is not authorized to perform: execute-api:Invoke on resource: ${methodArn}`);
  }

  const params: MethodRequestParams = { path: pathParameters, querystring: Object.fromEntries(url.searchParams), header: { ...headers } };
  const missing = method.validateParameters ? missingParameters(method, params) : [];
  if (missing.length > 0) return fail("BAD_REQUEST_PARAMETERS", `Missing required request parameters: [${missing.join(", ")}]`);

  const contentType = (header(headers, "content-type") ?? JSON_TYPE).split(";")[0].trim().toLowerCase();
  const body = request.body ?? "";
  const invalid = method.validateBody ? bodyProblems(method, contentType, body) : undefined;
  if (invalid !== undefined) return fail("BAD_REQUEST_BODY", undefined, invalid);

  const template = requestTemplate(method.integration, contentType);
  if (template === null) return fail("UNSUPPORTED_MEDIA_TYPE");
  try {
    const rendered =
      template === undefined
        ? { output: body, overrides: emptyOverrides() }
        : renderMappingTemplate(template, { body, params, context, stageVariables: api.stageVariables });
    const integrationRequest = buildIntegrationRequest(method.integration, params, rendered.output, rendered.overrides);
    const integrationResult = await backend(integrationRequest);
    const response = integrationResponse(api, method.integration, integrationResult, params, context, rendered.overrides);
    return { ...response, integrationRequest, integrationResult };
  } catch (error) {
    if (error instanceof MappingTemplateError) return fail("API_CONFIGURATION_ERROR");
    throw error;
  }
}

function findRoute(api: LocalApi, httpMethod: string, path: string) {
  for (const method of api.methods.filter((m) => m.httpMethod === httpMethod.toUpperCase())) {
    const names: string[] = [];
    const pattern = method.resourcePath.replace(/\{([^}]+)\}/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    const match = new RegExp(`^${pattern}/?$`).exec(path);
    if (match) return { method, pathParameters: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1])])) };
  }
  return undefined;
}

function contextVariables(
  api: LocalApi,
  request: ApiRequest,
  resourcePath: string,
  headers: Readonly<Record<string, string>>,
  options: InvokeOptions,
): ContextVariables {
  return {
    requestId: options.requestId ?? randomUUID(),
    accountId: api.accountId,
    apiId: api.apiId,
    stage: api.stage,
    httpMethod: request.method.toUpperCase(),
    resourcePath,
    path: `/${api.stage}${new URL(request.path, "https://localhost").pathname}`,
    domainName: `${api.apiId}.execute-api.${api.region}.amazonaws.com`,
    requestTimeEpoch: Date.now(),
    identity: { sourceIp: options.sourceIp ?? "127.0.0.1", userAgent: header(headers, "user-agent") },
  };
}

function header(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  return Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
}

/** A SigV4 Authorization header whose credential scope is execute-api in the API's region. */
function isSigV4For(api: LocalApi, authorization: string | undefined): boolean {
  const scope = authorization?.match(/^AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request,/);
  return scope?.[1] === api.region && scope?.[2] === "execute-api";
}

function missingParameters(method: LocalMethod, params: MethodRequestParams): string[] {
  return method.requiredParameters
    .filter((parameter) => (parameter.in === "query" ? params.querystring[parameter.name] : header(params.header, parameter.name.toLowerCase())) === undefined)
    .map((parameter) => parameter.name);
}

/** The validation error string, or undefined when the body passes (or no model applies). */
function bodyProblems(method: LocalMethod, contentType: string, body: string): string | undefined {
  const model = method.requestModels[contentType];
  if (!model) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return "[Invalid JSON in request body]";
  }
  const result = validateAgainstModel(model, value);
  return result.valid ? undefined : result.errors;
}

/** The template for the content type; undefined = pass the body through; null = 415. */
function requestTemplate(integration: LocalIntegration, contentType: string): string | undefined | null {
  const templates = integration.requestTemplates;
  if (templates[contentType] !== undefined) return templates[contentType];
  const hasTemplates = Object.keys(templates).length > 0;
  switch (integration.passthroughBehavior) {
    case "NEVER":
      return null;
    case "WHEN_NO_TEMPLATES":
      return hasTemplates ? null : undefined;
    default:
      return undefined;
  }
}

function buildIntegrationRequest(integration: LocalIntegration, params: MethodRequestParams, body: string, overrides: Overrides): IntegrationRequest {
  const headers: Record<string, string> = {};
  for (const [target, source] of Object.entries(integration.requestParameters)) {
    const name = target.match(/^integration\.request\.header\.(.+)$/)?.[1];
    if (!name) throw new Error(`integration parameter ${target}: only header mappings are modelled`);
    headers[name] = mappedValue(source, params);
  }
  Object.assign(headers, overrides.requestOverride.header);
  return { uri: integration.uri, credentials: integration.credentials, headers, body };
}

/** `'static'`, or `method.request.{path|querystring|header}.{name}`. */
function mappedValue(source: string, params: MethodRequestParams): string {
  if (source.startsWith("'") && source.endsWith("'")) return source.slice(1, -1);
  const [, location, name] = source.match(/^method\.request\.(path|querystring|header)\.(.+)$/) ?? [];
  if (!location) throw new Error(`integration parameter source ${source} is not modelled`);
  return params[location as keyof MethodRequestParams][name] ?? "";
}

function integrationResponse(
  api: LocalApi,
  integration: LocalIntegration,
  result: IntegrationResult,
  params: MethodRequestParams,
  context: ContextVariables,
  overrides: Overrides,
): Pick<ApiResponse, "statusCode" | "headers" | "body"> {
  const status = String(result.statusCode);
  const selected =
    integration.responses.find((r) => r.selectionPattern !== undefined && new RegExp(`^(?:${r.selectionPattern})$`).test(status)) ??
    integration.responses.find((r) => r.selectionPattern === undefined);
  if (!selected) throw new MappingTemplateError(`no integration response for status ${status} and no default`);
  const template = selected.responseTemplates[JSON_TYPE] ?? Object.values(selected.responseTemplates)[0];
  if (template === undefined) return { statusCode: Number(selected.statusCode), headers: { "content-type": JSON_TYPE }, body: result.body };
  const rendered = renderMappingTemplate(template, { body: result.body, params, context, stageVariables: api.stageVariables, overrides });
  return {
    statusCode: rendered.statusOverride ?? Number(selected.statusCode),
    headers: { "content-type": JSON_TYPE, ...rendered.overrides.responseOverride.header },
    body: rendered.output,
  };
}

/** API Gateway's own answers, by type: its default status and message, customisable per API. */
const GATEWAY_DEFAULTS: Record<GatewayResponseType | "API_CONFIGURATION_ERROR", { status: number; message: string }> = {
  MISSING_AUTHENTICATION_TOKEN: { status: 403, message: "Missing Authentication Token" },
  ACCESS_DENIED: { status: 403, message: "Forbidden" },
  BAD_REQUEST_BODY: { status: 400, message: "Invalid request body" },
  BAD_REQUEST_PARAMETERS: { status: 400, message: "Invalid request parameters" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: "Unsupported Media Type" },
  THROTTLED: { status: 429, message: "Too Many Requests" },
  API_CONFIGURATION_ERROR: { status: 500, message: "Internal server error" },
  DEFAULT_4XX: { status: 400, message: "Bad Request" },
  DEFAULT_5XX: { status: 500, message: "Internal server error" },
};
const AWS_DEFAULT_TEMPLATE = '{"message":$context.error.messageString}';

function gatewayResponse(
  api: LocalApi,
  type: GatewayResponseType | "API_CONFIGURATION_ERROR",
  context: ContextVariables,
  message = GATEWAY_DEFAULTS[type].message,
  validationErrors = "",
): ApiResponse {
  const defaults = GATEWAY_DEFAULTS[type];
  const custom =
    (type !== "API_CONFIGURATION_ERROR" ? api.gatewayResponses[type] : undefined) ??
    api.gatewayResponses[defaults.status < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX"];
  const template = custom?.responseTemplates[JSON_TYPE] ?? AWS_DEFAULT_TEMPLATE;
  const error = {
    message,
    messageString: JSON.stringify(message),
    responseType: type,
    // Inserted into a JSON string by the templates, hence escaped as JSON string content.
    validationErrorString: JSON.stringify(validationErrors).slice(1, -1),
  };
  return {
    statusCode: Number(custom?.statusCode ?? defaults.status),
    headers: { "content-type": JSON_TYPE },
    body: renderGatewayResponse(template, { ...context, error }),
  };
}

export interface EmulatorBackendOptions {
  /** @default - the emulator's `test` credentials */
  readonly credentials?: SigningCredentials;
  /**
   * The HTTPS agent, e.g. one trusting the emulator's certificate (`emulatorHttpsAgent()`).
   * @default - no certificate verification (the emulator only listens on loopback)
   */
  readonly agent?: Agent;
}

/**
 * Calls `arn:aws:apigateway:{region}:{service}:action/{Action}` integrations on an emulator endpoint:
 * the rendered body as is, the integration headers, signed with SigV4 for that service and region.
 */
export function emulatorBackend(endpoint: string, options: EmulatorBackendOptions = {}): Backend {
  const credentials = options.credentials ?? { accessKeyId: "test", secretAccessKey: "test" };
  const agent = options.agent ?? new Agent({ rejectUnauthorized: false });
  return async (integrationRequest) => {
    const [, region, service] = integrationRequest.uri.match(/^arn:aws:apigateway:([^:]+):([^:]+):action\/\w+$/) ?? [];
    if (!service) throw new Error(`integration URI ${integrationRequest.uri} is not an AWS service action`);
    if (!header(integrationRequest.headers, "x-amz-target")) throw new Error(`${integrationRequest.uri}: no X-Amz-Target header is mapped`);
    const signed = await signRequest(
      { method: "POST", url: `${endpoint}/`, headers: integrationRequest.headers, body: integrationRequest.body },
      { service, region },
      credentials,
    );
    return post(signed.url, signed.headers, integrationRequest.body, agent);
  };
}

/** POSTs a (signed) request over HTTPS and collects the answer. */
export function post(url: string, headers: Readonly<Record<string, string>>, body: string, agent: Agent): Promise<IntegrationResult> {
  return new Promise((resolve, reject) => {
    const call = httpsRequest(url, { method: "POST", headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ statusCode: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    call.on("error", reject);
    call.end(body);
  });
}

/** A client request signed for the API (service execute-api), as an IAM-authorised caller sends it. */
export async function signedApiRequest(api: LocalApi, request: ApiRequest, credentials: SigningCredentials): Promise<ApiRequest> {
  const url = `https://${api.apiId}.execute-api.${api.region}.amazonaws.com/${api.stage}${request.path}`;
  const signed = await signRequest(
    { method: request.method, url, headers: request.headers ?? {}, body: request.body },
    { service: "execute-api", region: api.region },
    credentials,
  );
  return { ...request, headers: signed.headers };
}
