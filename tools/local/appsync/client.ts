import { SignatureV4 } from "@smithy/signature-v4";
import { BinaryLike, Hash, Hmac, createHash, createHmac } from "node:crypto";

/** AWS credentials, e.g. a Cognito guest's (GetCredentialsForIdentity) or the emulator's `test`. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** How a client authenticates: AWS_IAM (SigV4 with credentials) or an API key. */
export type AppSyncAuth = { readonly apiKey: string } | { readonly credentials: AwsCredentials; readonly region: string };

/** What a GraphQL request over HTTP carries besides its authorization. */
export const HTTP_HEADERS: Readonly<Record<string, string>> = { "content-type": "application/json" };

/**
 * The headers that authorize one AppSync request with `body` to `url` (the GraphQL endpoint, or
 * `<endpoint>/connect` for a real-time handshake), on top of `headers`. Over HTTP they are the
 * request's headers; the real-time protocol carries the same object in the URL and in each start
 * message. For AWS_IAM every header given is signed.
 * @see https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
 */
export async function authorizationHeaders(
  url: string,
  auth: AppSyncAuth,
  body: string,
  headers: Readonly<Record<string, string>> = HTTP_HEADERS,
): Promise<Record<string, string>> {
  const { host, hostname, port, pathname, protocol } = new URL(url);
  if ("apiKey" in auth) return { ...headers, host, "x-api-key": auth.apiKey };
  const signer = new SignatureV4({ service: "appsync", region: auth.region, credentials: auth.credentials, sha256: NodeSha256, applyChecksum: false });
  const signed = await signer.sign({
    method: "POST",
    protocol,
    hostname,
    port: port ? Number(port) : undefined,
    path: pathname,
    query: {},
    headers: { ...headers, host },
    body,
  });
  return { ...signed.headers };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly data?: T | null;
  readonly errors?: readonly { readonly message: string; readonly errorType?: string }[];
}

/** Sends a query or mutation over HTTP, authorized as `auth`. */
export async function postGraphql<T = Record<string, unknown>>(
  graphqlUrl: string,
  auth: AppSyncAuth,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  const response = await fetch(graphqlUrl, { method: "POST", headers: await authorizationHeaders(graphqlUrl, auth, body), body });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    throw new Error(`${graphqlUrl} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

/** SHA-256 (and HMAC-SHA-256 with a secret) from node:crypto, in the shape the SigV4 signer takes. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }

  update(data: SourceData, encoding?: BufferEncoding): void {
    this.hash.update(typeof data === "string" ? Buffer.from(data, encoding ?? "utf8") : bytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

function bytes(data: SourceData): BinaryLike {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}
