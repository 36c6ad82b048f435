/**
 * API Gateway (REST API) mapping templates, rendered locally with velocityjs plus the parts of
 * API Gateway's `$input`, `$util` and `$context` this project's templates use. moto's API Gateway
 * does not apply mapping templates, so this is how the templates are run before AWS runs them.
 *
 * Implemented, per "Variables for data transformations for API Gateway"
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html):
 * - `$input.body`, `$input.json(x)`, `$input.path(x)` with JSONPath `$`, `.name`, `['name']`, `[n]`;
 *   a path matching nothing throws (API Gateway's rendering of that case is not modelled, so no
 *   template may depend on it);
 * - `$input.params()` and `$input.params(x)` (path, then query string, then header), which response
 *   templates also see (they are the method request's);
 * - `$util.escapeJavaScript` (Apache Commons Lang: escapes `'` too, hence AWS's documented
 *   `.replaceAll("\\'","'")`) and `$util.parseJson`; the other `$util` functions throw;
 * - `$context.*` as given, `$context.requestOverride.*` and `$context.responseOverride.*`:
 *   "Overrides are final", so setting one twice fails like API Gateway's 5XX; request overrides
 *   set by the request template are visible to the response template; a status override that is
 *   not an integer from 100 to 599 is ignored;
 * - Java's `String.replaceAll(regex, replacement)`.
 * VTL itself (null references render as their source text unless quiet, `#if`, `#set`, ...) is velocityjs's.
 */
import { render } from "velocityjs";

export interface MethodRequestParams {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  /** Header names as sent; `$input.params(x)` looks headers up case-insensitively. */
  readonly header: Readonly<Record<string, string>>;
}

/** The `$context` variables a template may read (extend as templates need more). */
export interface ContextVariables {
  readonly requestId: string;
  readonly extendedRequestId?: string;
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly httpMethod: string;
  readonly resourcePath: string;
  readonly path: string;
  readonly domainName: string;
  readonly requestTimeEpoch: number;
  readonly identity: Readonly<Record<string, string | undefined>>;
}

export interface Overrides {
  readonly requestOverride: {
    readonly header: Record<string, string>;
    readonly path: Record<string, string>;
    readonly querystring: Record<string, string>;
  };
  readonly responseOverride: { readonly header: Record<string, string>; status?: number };
}

export interface TemplateVariables {
  /** The request body (request templates) or the integration response body (response templates). */
  readonly body: string;
  readonly params: MethodRequestParams;
  readonly context: ContextVariables;
  readonly stageVariables?: Readonly<Record<string, string>>;
  /** What the request template overrode: passed on to the response template. @default - none yet */
  readonly overrides?: Overrides;
}

export interface RenderedTemplate {
  readonly output: string;
  readonly overrides: Overrides;
  /** The status to answer with, when a valid `$context.responseOverride.status` was set. */
  readonly statusOverride?: number;
}

/** A template API Gateway could not apply: API Gateway answers 500 Internal server error. */
export class MappingTemplateError extends Error {}

export function renderMappingTemplate(template: string, variables: TemplateVariables): RenderedTemplate {
  // A copy: the caller's overrides stay as the request template left them.
  const overrides = structuredClone(variables.overrides ?? emptyOverrides());
  const guarded = finalOverrides(overrides);
  const output = render(
    template,
    {
      input: inputVariable(variables.body, variables.params),
      util: UTIL,
      context: { ...variables.context, ...guarded },
      stageVariables: { ...variables.stageVariables },
    },
    {},
    { customMethodHandlers: [JAVA_REPLACE_ALL] },
  );
  const status = overrides.responseOverride.status;
  const statusOverride = Number.isInteger(status) && status! >= 100 && status! <= 599 ? status : undefined;
  return { output, overrides, statusOverride };
}

export function emptyOverrides(): Overrides {
  return { requestOverride: { header: {}, path: {}, querystring: {} }, responseOverride: { header: {} } };
}

/** Views of the override maps whose every entry can be set once: "Overrides are final". */
function finalOverrides({ requestOverride, responseOverride }: Overrides): Pick<Overrides, "requestOverride" | "responseOverride"> {
  return {
    requestOverride: {
      header: setOnce(requestOverride.header, "requestOverride.header"),
      path: setOnce(requestOverride.path, "requestOverride.path"),
      querystring: setOnce(requestOverride.querystring, "requestOverride.querystring"),
    },
    responseOverride: setOnce(responseOverride, "responseOverride", {
      header: setOnce(responseOverride.header, "responseOverride.header"),
    }),
  };
}

function setOnce<T extends object>(target: T, name: string, children: Readonly<Record<string, object>> = {}): T {
  return new Proxy(target, {
    get: (record, key, receiver) => (typeof key === "string" && key in children ? children[key] : Reflect.get(record, key, receiver)),
    set(record, key, value) {
      if (typeof key === "string" && (key in children || (record as Record<string, unknown>)[key] !== undefined)) {
        throw new MappingTemplateError(`$context.${name}.${key} is set twice; overrides are final (API Gateway answers 5XX)`);
      }
      return Reflect.set(record, key, value);
    },
  });
}

/** JSON without nulls: a null member is absent, as a null reference is in VTL (rendered as its source). */
function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text, (_, value) => (value === null ? undefined : value));
  } catch (error) {
    throw new MappingTemplateError(`${what} is not JSON: ${(error as Error).message}`);
  }
}

function inputVariable(body: string, params: MethodRequestParams) {
  let parsed: { value: unknown } | undefined;
  const payload = () => {
    parsed ??= { value: parseJson(body, "the payload") };
    return parsed.value;
  };
  return {
    body,
    json: (path: string) => JSON.stringify(select(payload(), path)),
    path: (path: string) => select(payload(), path),
    params: (name?: string) => (name === undefined ? params : paramNamed(params, name)),
  };
}

function paramNamed(params: MethodRequestParams, name: string): string {
  const header = Object.entries(params.header).find(([key]) => key.toLowerCase() === name.toLowerCase());
  return params.path[name] ?? params.querystring[name] ?? header?.[1] ?? "";
}

/** The JSONPath subset templates use: `$`, `.name`, `['name']`, `["name"]`, `[n]`. */
export function select(document: unknown, path: string): unknown {
  if (!path.startsWith("$")) throw new MappingTemplateError(`JSONPath "${path}" must start with $`);
  const segment = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  let value = document;
  let at = 1;
  while (at < path.length) {
    segment.lastIndex = at;
    const match = segment.exec(path);
    if (!match) throw new MappingTemplateError(`JSONPath "${path}": unsupported syntax at "${path.slice(at)}"`);
    const key = match[1] ?? match[3] ?? match[4] ?? Number(match[2]);
    value = value !== null && typeof value === "object" ? (value as Record<string | number, unknown>)[key] : undefined;
    at = segment.lastIndex;
  }
  if (value === undefined) {
    throw new MappingTemplateError(`JSONPath "${path}" matches nothing; API Gateway's rendering of a missing path is not modelled here`);
  }
  return value;
}

/**
 * Apache Commons Lang `StringEscapeUtils.escapeJavaScript`: `'`, `"`, `\` and `/` escaped with a
 * backslash, control characters as `\b \n \t \f \r` or `\u00XX`, non-ASCII as `\uXXXX` (UTF-16 units).
 * A null argument gives null (so a quiet reference renders nothing).
 */
export function escapeJavaScript(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const named: Record<string, string> = { "\b": "\\b", "\n": "\\n", "\t": "\\t", "\f": "\\f", "\r": "\\r", "'": "\\'", '"': '\\"', "\\": "\\\\", "/": "\\/" };
  let escaped = "";
  for (const char of String(value).split("")) {
    const code = char.charCodeAt(0);
    if (named[char]) escaped += named[char];
    else if (code < 32 || code > 0x7f) escaped += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    else escaped += char;
  }
  return escaped;
}

const notModelled = (name: string) => () => {
  throw new MappingTemplateError(`$util.${name} is not implemented by this harness`);
};

const UTIL = {
  escapeJavaScript,
  parseJson: (text: string) => parseJson(String(text), "$util.parseJson's argument"),
  urlEncode: notModelled("urlEncode"),
  urlDecode: notModelled("urlDecode"),
  base64Encode: notModelled("base64Encode"),
  base64Decode: notModelled("base64Decode"),
};

/** Java's `String.replaceAll`: the pattern is a regular expression; `\x` and `$n` in the replacement. */
const JAVA_REPLACE_ALL = {
  uid: "java: String.replaceAll",
  match: ({ property, context }: { property: string; context: unknown }) => property === "replaceAll" && typeof context === "string",
  resolve: ({ context, params }: { context: string; params: unknown[] }) => {
    const [pattern, replacement] = params.map(String);
    return context.replace(new RegExp(pattern, "g"), (...groups: unknown[]) =>
      replacement.replace(/\\(.)|\$(\d)/g, (_, literal: string, group: string) => literal ?? String(groups[Number(group)] ?? "")),
    );
  },
};

/**
 * A gateway response body: API Gateway substitutes `$context` variables (no VTL), including
 * `$context.error.messageString` (the message as a JSON string) and `error.validationErrorString`.
 */
export function renderGatewayResponse(template: string, context: Readonly<Record<string, unknown>>): string {
  return template.replace(/\$context\.([A-Za-z][\w.]*[\w])/g, (_, path: string) => {
    const value = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], context);
    return value === undefined ? "" : String(value);
  });
}
