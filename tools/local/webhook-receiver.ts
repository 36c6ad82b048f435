import { IncomingHttpHeaders, Server, createServer } from "node:http";
import { AddressInfo } from "node:net";

/** One HTTP request SNS made to the receiver. */
export interface WebhookDelivery {
  readonly path: string;
  /** `x-amz-sns-message-type`: Notification, SubscriptionConfirmation, ... */
  readonly messageType: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** The body as received: the raw message, or SNS's JSON envelope without raw delivery. */
  readonly body: string;
  /** The client's message: the body with raw delivery, the envelope's `Message` otherwise. */
  readonly message: unknown;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly deliveries: readonly WebhookDelivery[];
  /** Resolves with the first delivery that matches, waiting up to `timeoutMs`. */
  waitFor(matches: (delivery: WebhookDelivery) => boolean, timeoutMs?: number): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

/**
 * A local HTTP endpoint standing in for a client's webhook: it records what SNS delivers and
 * answers 200, as a healthy subscriber does.
 */
export async function startWebhookReceiver(port: number, host = "127.0.0.1"): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      deliveries.push(toDelivery(request.url ?? "/", request.headers, body));
      response.writeHead(200).end();
      for (const wake of waiters) wake();
    });
  });
  await listen(server, port, host);
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    deliveries,
    waitFor: (matches, timeoutMs = 15_000) => waitForDelivery(deliveries, waiters, matches, timeoutMs),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function toDelivery(path: string, headers: IncomingHttpHeaders, body: string): WebhookDelivery {
  const messageType = headers["x-amz-sns-message-type"] as string | undefined;
  const raw = headers["x-amz-sns-rawdelivery"] === "true";
  return { path, messageType, headers, body, message: raw ? parse(body) : parse(String((parse(body) as { Message?: unknown })?.Message ?? "")) };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`the webhook receiver cannot listen on ${host}:${port}: the port is in use`) : error),
    );
    server.listen(port, host, () => resolve());
  });
}

function waitForDelivery(
  deliveries: readonly WebhookDelivery[],
  waiters: Set<() => void>,
  matches: (delivery: WebhookDelivery) => boolean,
  timeoutMs: number,
): Promise<WebhookDelivery> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const found = deliveries.find(matches);
      if (!found) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(found);
    };
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(`no matching webhook delivery within ${timeoutMs} ms; received ${deliveries.length}: ${deliveries.map((d) => d.body).join("\n")}`));
    }, timeoutMs);
    waiters.add(check);
    check();
  });
}
