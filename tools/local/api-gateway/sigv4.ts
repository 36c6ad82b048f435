import { SignatureV4 } from "@smithy/signature-v4";
import type { Checksum, SourceData } from "@smithy/types";
import { createHash, createHmac, Hash, Hmac } from "node:crypto";

/** AWS credentials for signing; the emulator accepts `test`/`test`. */
export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** An HTTP request before and after signing. */
export interface SignableRequest {
  readonly method: string;
  /** e.g. `https://127.0.0.1:4566/local/orders?x=1` */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** SHA-256 (or HMAC-SHA-256 with a secret) from node:crypto, in the shape the signer expects. */
class Sha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.create();
  }
  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret as Uint8Array | string);
  }
}

/** Signs a request with Signature Version 4 for one service and region (adds Authorization, X-Amz-Date, ...). */
export async function signRequest(
  request: SignableRequest,
  scope: { readonly service: string; readonly region: string },
  credentials: SigningCredentials,
): Promise<SignableRequest> {
  const url = new URL(request.url);
  const signer = new SignatureV4({ credentials, region: scope.region, service: scope.service, sha256: Sha256 });
  const signed = await signer.sign({
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...request.headers, host: url.host },
    body: request.body,
  });
  return { ...request, headers: signed.headers };
}
