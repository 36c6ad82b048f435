import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { SimulatorServerOptions } from "./simulator-server";
import { readLines, stopProcess } from "../child-process";

/**
 * A local AppSync for the order-status API: @aws-amplify/amplify-appsync-simulator running the
 * deployed schema and VTL resolvers, with its DynamoDB data source on the emulator's table, in a
 * process of its own (see simulator-graphql.ts for why).
 *
 * What it covers: GraphQL execution with AppSync's scalars; the auth directives per field and
 * auth mode (AWS_IAM, API_KEY); VTL with `$util`; DynamoDB GetItem/PutItem with conditions;
 * `@aws_subscribe` fan-out; AppSync's real-time WebSocket protocol (`graphql-ws`: connection_init,
 * start, start_ack, data, ka, stop, complete) with auth headers in the URL and each start message.
 * What it does not: IAM policy evaluation and signature checks (any SigV4-shaped Authorization
 * header passes as AWS_IAM, so field grants are proven by the unit tests only); subscribers get
 * the resolver's whole result rather than the mutation's selection set; field-level logging,
 * X-Ray, API key expiry. Argument filtering of subscriptions is missing from the simulator; the
 * server adds AppSync's rule (each argument given must equal the result's field of that name).
 */
export interface AppSyncSimulatorOptions {
  /** The emulator (https://127.0.0.1:<port>) whose DynamoDB holds the table. */
  readonly dynamodbEndpoint: string;
  readonly tableName: string;
  /** Also accept API_KEY, with this key. @default - AWS_IAM only */
  readonly apiKey?: string;
  /** @default - the first free port from 8900 */
  readonly port?: number;
  /** Called with each line the simulator prints (its errors, e.g. a refused stale update). */
  readonly onOutput?: (line: string) => void;
  /** @default 20000 */
  readonly startTimeoutMs?: number;
}

export interface RunningAppSyncSimulator {
  /** POST GraphQL here. The simulator listens on every interface; this is its loopback address. */
  readonly graphqlUrl: string;
  /** The real-time WebSocket endpoint. */
  readonly realtimeUrl: string;
  readonly apiKey?: string;
  stop(): Promise<void>;
}

const SERVER = join(__dirname, "simulator-server.ts");
const PROJECT = join(__dirname, "..", "..", "..");
const READY = "APPSYNC SIMULATOR READY "; // simulator-server.ts's READY (not imported: that loads the simulator here)

export async function startAppSyncSimulator(options: AppSyncSimulatorOptions): Promise<RunningAppSyncSimulator> {
  const serverOptions: SimulatorServerOptions = {
    dynamodbEndpoint: options.dynamodbEndpoint,
    tableName: options.tableName,
    apiKey: options.apiKey,
    port: options.port ?? 0,
  };
  // stdin stays open: the server exits when it closes, so it cannot outlive this process.
  const child = spawn(process.execPath, ["--import", "tsx", SERVER, JSON.stringify(serverOptions)], {
    cwd: PROJECT,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stop = () => stopProcess(child);
  try {
    const urls = await waitUntilReady(child, options);
    return { ...urls, apiKey: options.apiKey, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitUntilReady(child: ChildProcess, options: AppSyncSimulatorOptions): Promise<{ graphqlUrl: string; realtimeUrl: string }> {
  const output: string[] = [];
  const timeoutMs = options.startTimeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => reject(new Error(`${reason}\n--- simulator output ---\n${output.slice(-30).join("\n")}`));
    const timer = setTimeout(() => fail(`the AppSync simulator was not ready within ${timeoutMs} ms`), timeoutMs);
    const onLine = (line: string) => {
      if (line.startsWith(READY)) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(READY.length)));
        return;
      }
      output.push(line);
      options.onOutput?.(line);
    };
    readLines(child.stdout!, onLine);
    readLines(child.stderr!, onLine);
    child.once("error", (error) => {
      clearTimeout(timer);
      fail(`could not start the AppSync simulator: ${error.message}`);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      fail(`the AppSync simulator exited with ${signal ?? `code ${code}`} before it was ready`);
    });
  });
}
