import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { AppSyncAuth, authorizationHeaders } from "./client";

/**
 * A GraphQL subscription over AppSync's real-time WebSocket protocol (subprotocol `graphql-ws`):
 * the handshake's auth headers go base64-encoded in the URL, then connection_init ->
 * connection_ack, start (with its own auth headers) -> start_ack, data..., stop -> complete.
 * Speaks to AppSync itself and to the AppSync simulator alike.
 * @see https://docs.aws.amazon.com/appsync/latest/devguide/real-time-websocket-client.html
 */
export interface SubscribeOptions {
  /** The API's GraphQL (HTTP) endpoint: its host is what the auth headers are for. */
  readonly graphqlUrl: string;
  /** The real-time endpoint (`wss://...appsync-realtime-api.../graphql`, or the simulator's `ws://.../graphql/realtime`). */
  readonly realtimeUrl: string;
  readonly auth: AppSyncAuth;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** How long the handshake and start may take. @default 10000 */
  readonly timeoutMs?: number;
}

/** What the protocol's `data` messages carry: a GraphQL result. */
export interface SubscriptionEvent<T = Record<string, unknown>> {
  readonly data?: T | null;
  readonly errors?: readonly { readonly message: string }[];
}

export interface GraphQLSubscription<T = Record<string, unknown>> {
  /** Every event received so far, in order. */
  readonly received: readonly SubscriptionEvent<T>[];
  /** The next event not yet taken (waiting up to `timeoutMs` for it). */
  next(timeoutMs?: number): Promise<SubscriptionEvent<T>>;
  /** Stops the subscription (stop -> complete) and closes the socket. */
  close(): Promise<void>;
}

/** The headers AppSync expects on a real-time handshake and start message (signed for AWS_IAM). */
const REALTIME_HEADERS = {
  accept: "application/json, text/javascript",
  "content-encoding": "amz-1.0",
  "content-type": "application/json; charset=UTF-8",
};

const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64");

interface Message {
  readonly type: string;
  readonly id?: string;
  readonly payload?: unknown;
}

/** Connects, starts the subscription and resolves once AppSync acknowledged it. */
export async function subscribe<T = Record<string, unknown>>(options: SubscribeOptions): Promise<GraphQLSubscription<T>> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connectHeaders = await authorizationHeaders(`${options.graphqlUrl}/connect`, options.auth, "{}", REALTIME_HEADERS);
  const socket = new WebSocket(`${options.realtimeUrl}?header=${base64(connectHeaders)}&payload=${base64({})}`, "graphql-ws");
  const inbox = new Inbox(socket);
  try {
    await inbox.opened(timeoutMs);
    socket.send(JSON.stringify({ type: "connection_init" }));
    await inbox.expect((message) => message.type === "connection_ack", "connection_ack", timeoutMs);

    const id = randomUUID();
    const data = JSON.stringify({ query: options.query, variables: options.variables ?? {} });
    const authorization = await authorizationHeaders(options.graphqlUrl, options.auth, data, REALTIME_HEADERS);
    socket.send(JSON.stringify({ id, type: "start", payload: { data, extensions: { authorization } } }));
    await inbox.expect((message) => message.id === id && message.type === "start_ack", "start_ack", timeoutMs);
    return inbox.subscription<T>(id);
  } catch (error) {
    socket.terminate();
    throw error;
  }
}

/** Collects the socket's messages; fails waits on `error`/`connection_error` messages or a close. */
class Inbox {
  private readonly messages: Message[] = [];
  private readonly waiters = new Set<() => void>();
  private closed?: string;

  constructor(private readonly socket: WebSocket) {
    socket.on("message", (raw) => {
      const message = JSON.parse(raw.toString()) as Message;
      if (message.type !== "ka") this.messages.push(message);
      this.wake();
    });
    socket.on("close", (code, reason) => {
      this.closed = `the socket closed (${code}${reason.length ? ` ${reason}` : ""})`;
      this.wake();
    });
    socket.on("error", (error) => {
      this.closed = `the socket failed: ${error.message}`;
      this.wake();
    });
  }

  opened(timeoutMs: number): Promise<void> {
    if (this.socket.readyState === WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no WebSocket connection within ${timeoutMs} ms`)), timeoutMs);
      this.socket.once("open", () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      this.socket.once("close", (code) => {
        clearTimeout(timer);
        reject(new Error(`the socket closed (${code}) before it opened`));
      });
    });
  }

  /** Takes the first message that matches; an error message or a close fails the wait. */
  expect(matches: (message: Message) => boolean, what: string, timeoutMs: number): Promise<Message> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.messages.findIndex((message) => matches(message) || /error/.test(message.type));
        if (index >= 0) {
          const [message] = this.messages.splice(index, 1);
          done();
          return matches(message) ? resolve(message) : reject(new Error(`${message.type} while waiting for ${what}: ${JSON.stringify(message.payload)}`));
        }
        if (this.closed) {
          done();
          reject(new Error(`${this.closed} while waiting for ${what}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  subscription<T>(id: string): GraphQLSubscription<T> {
    const received: SubscriptionEvent<T>[] = [];
    let taken = 0;
    this.waiters.add(() => {
      const isOurs = (message: { id?: string; type: string }) => message.id === id && message.type === "data";
      for (let index = this.messages.findIndex(isOurs); index >= 0; index = this.messages.findIndex(isOurs)) {
        received.push(this.messages.splice(index, 1)[0].payload as SubscriptionEvent<T>);
      }
    });
    this.wake();
    return {
      received,
      next: async (timeoutMs = 10_000) => {
        const deadline = Date.now() + timeoutMs;
        while (received.length <= taken) {
          if (this.closed) throw new Error(`${this.closed} while waiting for data`);
          if (Date.now() > deadline) throw new Error(`no data within ${timeoutMs} ms`);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        return received[taken++];
      },
      close: async () => {
        if (this.socket.readyState === WebSocket.OPEN) {
          this.socket.send(JSON.stringify({ type: "stop", id }));
          await this.expect((message) => message.id === id && message.type === "complete", "complete", 2_000).catch(() => undefined);
        }
        this.socket.close();
      },
    };
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}
