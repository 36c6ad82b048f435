import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { environmentNamed } from "../../../envs";
import type { EnvironmentConfig } from "../../../envs";
import type { EventEnvelope } from "../../../orders/events/orders";
import { onEmulator } from "../../../tools/local/deployment";
import { awsClientConfig } from "../../../tools/local/emulator/emulator";

/** The tier's own emulator port: never the 4566 a developer's deployment may use. */
export const TEST_EMULATOR_PORT = Number(process.env.EMULATOR_TEST_PORT ?? 4599);

/** What global-setup deployed, handed to the tests through E2E_CONTEXT. */
export interface E2eContext {
  readonly endpoint: string;
  readonly workDir: string;
  readonly stackDir: string;
  readonly logFile: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly config: EnvironmentConfig;
}

/**
 * Cases escalate sooner on the tier than in `npm start` (where a developer may resolve one by
 * hand): the tier watches one escalate, and waiting is most of its reviews test. The case it
 * resolves is resolved within seconds of opening, well inside this.
 */
const TIER_CASE_TIMEOUT_SECONDS = 20;

/** The local environment as the tier deploys it: on the tier's emulator, cases escalating sooner. */
export function tierConfig(endpoint: string): EnvironmentConfig {
  const config = onEmulator(environmentNamed("local"), endpoint);
  return { ...config, reviews: { ...config.reviews, caseTimeoutSeconds: TIER_CASE_TIMEOUT_SECONDS } };
}

/** The isolated tier's scratch folder (E2E_WORK_DIR, set by its global-setup), which its teardown removes. */
export function tierWorkDir(): string {
  const dir = process.env.E2E_WORK_DIR;
  if (!dir) throw new Error("E2E_WORK_DIR is not set: run this tier through jest (npx jest --selectProjects emulator-isolated)");
  return dir;
}

export function e2eContext(): E2eContext {
  const raw = process.env.E2E_CONTEXT;
  if (!raw) throw new Error("E2E_CONTEXT is not set: run this tier through jest (npx jest --selectProjects emulator)");
  const context = JSON.parse(raw) as E2eContext;
  // JSON keeps the config's data but not its instances (a DeliveryPolicy): rebuild it by name.
  return { ...context, config: tierConfig(context.endpoint) };
}

export function awsClients(endpoint: string) {
  const config = awsClientConfig(endpoint);
  return {
    events: new EventBridgeClient(config),
    sfn: new SFNClient(config),
    dynamodb: new DynamoDBClient(config),
    logs: new CloudWatchLogsClient(config),
    s3: new S3Client(config),
  };
}

/** Polls until `check` returns a value, or fails after `timeoutMs` with what was waited for. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * An event as a rule's log group target writes it. Of the detail the tests read the platform's
 * `data` (order or review fields) or the fields they put themselves (a marker).
 */
export type LoggedEvent = EventEnvelope<string, { readonly data?: Readonly<Record<string, unknown>>; readonly [field: string]: unknown }>;

/** Every message in a log group, parsed as JSON; `T` is what the group's writer logs (not checked here). */
export async function logMessages<T = LoggedEvent>(logs: CloudWatchLogsClient, logGroupName: string): Promise<T[]> {
  const { events = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName }));
  return events.map((event) => JSON.parse(event.message!) as T);
}
