import { createHash, createHmac } from "node:crypto";
import { request as httpsRequest } from "node:https";
import { emulatorCertificate, emulatorHttpsAgent } from "../../../tools/local/emulator/emulator";

// Calls to the services whose SDK client the project does not install (Cognito identity, Comprehend).

/** An answer's status and parsed body; `T` is the body the caller expects (not checked: its assertions are). */
export interface JsonResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** An AWS JSON 1.1 API call (Cognito identity, KMS, Comprehend), SigV4-signed as the SDKs sign it. */
export function awsJson<T = unknown>(endpoint: string, service: string, target: string, body: object): Promise<JsonResponse<T>> {
  const payload = JSON.stringify(body);
  const url = new URL(endpoint);
  const headers: Record<string, string> = {
    "content-type": "application/x-amz-json-1.1",
    host: url.host,
    "x-amz-date": new Date().toISOString().replace(/[-:]|\.\d{3}/g, ""),
    "x-amz-target": target,
  };
  headers.authorization = sigv4({ method: "POST", path: "/", headers, body: payload }, service, Object.keys(headers));
  return httpsJson<T>(`${endpoint}/`, "POST", headers, payload);
}

/** The SigV4 Authorization header for a request (emulator credentials, us-east-1). */
export function sigv4(
  request: { method: string; path: string; headers: Record<string, string | string[] | undefined>; body: string },
  service: string,
  signedHeaders: string[],
): string {
  const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
  const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
  const date = String(request.headers["x-amz-date"]);
  const names = signedHeaders.map((name) => name.toLowerCase()).sort();
  const canonical = [
    request.method,
    request.path,
    "",
    ...names.map((name) => `${name}:${String(request.headers[name]).trim()}`),
    "",
    names.join(";"),
    sha256(request.body),
  ].join("\n");
  const scope = `${date.slice(0, 8)}/us-east-1/${service}/aws4_request`;
  const key = ["us-east-1", service, "aws4_request"].reduce((k, part) => hmac(k, part), hmac("AWS4test", date.slice(0, 8)));
  const signature = createHmac("sha256", key)
    .update(["AWS4-HMAC-SHA256", date, scope, sha256(canonical)].join("\n"))
    .digest("hex");
  return `AWS4-HMAC-SHA256 Credential=test/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`;
}

export function httpsJson<T = unknown>(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
  certFile = emulatorCertificate(),
): Promise<JsonResponse<T>> {
  return new Promise((resolve, reject) => {
    const call = httpsRequest(url, { method, headers, agent: emulatorHttpsAgent(certFile) }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => resolve({ status: response.statusCode!, body: text ? JSON.parse(text) : undefined }));
    });
    call.on("error", reject);
    call.end(body);
  });
}
