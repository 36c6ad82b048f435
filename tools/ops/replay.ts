/**
 * `npm run replay -- <env> --bus <orders|inventory> --from <ISO time> --to <ISO time>`: replays the
 * events a bus archived in that window onto the same bus, waits for the replay to end and prints it.
 * The same command works against AWS and the emulator (see docs/runbook.md, "Replaying events").
 */
import "../../envs/exit-on-config-error";
import {
  DescribeArchiveCommand,
  DescribeReplayCommand,
  DescribeReplayCommandOutput,
  EventBridgeClient,
  ReplayState,
  StartReplayCommand,
} from "@aws-sdk/client-eventbridge";
import { parseArgs } from "node:util";
import { EnvironmentConfig, environmentNamed, environments } from "../../envs";
import { awsClientConfig } from "../local/emulator/emulator";

export const REPLAYABLE_BUSES = ["orders", "inventory"] as const;
export type ReplayableBus = (typeof REPLAYABLE_BUSES)[number];

export interface ReplayRequest {
  readonly environment: string;
  readonly bus: ReplayableBus;
  readonly from: Date;
  readonly to: Date;
}

export interface ReplayOutcome {
  readonly replayName: string;
  readonly archiveName: string;
  readonly busName: string;
  readonly state: string;
  readonly reason?: string;
  /** Events the archive held when the replay started (all windows). */
  readonly archivedEvents: number;
}

export interface ReplayOptions {
  readonly pollMs?: number;
  /** @default 15 minutes: AWS replays take minutes even for few events */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
}

const FINAL_STATES: readonly string[] = [ReplayState.COMPLETED, ReplayState.FAILED, ReplayState.CANCELLED];
/** Replay names: at most 64 characters of [.-_A-Za-z0-9]. @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_StartReplay.html */
const REPLAY_NAME_MAX_LENGTH = 64;
const USAGE = "usage: npm run replay -- <env> --bus <orders|inventory> --from <ISO time> --to <ISO time>";

export class ReplayUsageError extends Error {}

export function parseReplayArgs(argv: readonly string[], environmentNames: readonly string[]): ReplayRequest {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { bus: { type: "string" }, from: { type: "string" }, to: { type: "string" } },
  });
  const [environment, ...extra] = positionals;
  if (!environment || extra.length > 0) throw new ReplayUsageError(USAGE);
  if (!environmentNames.includes(environment))
    throw new ReplayUsageError(`unknown environment "${environment}" (one of ${environmentNames.join(", ")})\n${USAGE}`);
  if (!REPLAYABLE_BUSES.includes(values.bus as ReplayableBus))
    throw new ReplayUsageError(`--bus must be one of ${REPLAYABLE_BUSES.join(", ")}, got "${values.bus ?? ""}"\n${USAGE}`);
  const from = isoTime("--from", values.from);
  const to = isoTime("--to", values.to);
  if (from >= to) throw new ReplayUsageError(`--from (${from.toISOString()}) must be before --to (${to.toISOString()})\n${USAGE}`);
  return { environment, bus: values.bus as ReplayableBus, from, to };
}

function isoTime(option: string, value: string | undefined): Date {
  const time = value === undefined ? NaN : Date.parse(value);
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time))
    throw new ReplayUsageError(`${option} needs an ISO 8601 time such as 2026-11-22T12:00:00Z, got "${value ?? ""}"\n${USAGE}`);
  return new Date(time);
}

/** The bus and archive names the platform stack gives an environment's bus (stacks/platform-stack.ts). */
export function replayNames(config: EnvironmentConfig, bus: ReplayableBus): { busName: string; archiveName: string } {
  const busName = `${config.namePrefix}-${bus}`;
  return { busName, archiveName: `${busName}-archive` };
}

/** The environment's EventBridge: the emulator's endpoint for an emulator environment. */
export function eventBridgeFor(config: EnvironmentConfig): EventBridgeClient {
  if (config.emulator) return new EventBridgeClient(awsClientConfig(config.emulator.endpoint));
  return new EventBridgeClient({ region: config.region });
}

/** Starts the replay of [from, to] from the bus's archive onto the bus and waits until it ends. */
export async function replayArchive(
  events: EventBridgeClient,
  config: EnvironmentConfig,
  request: ReplayRequest,
  options: ReplayOptions = {},
): Promise<ReplayOutcome> {
  const { busName, archiveName } = replayNames(config, request.bus);
  const archive = await events.send(new DescribeArchiveCommand({ ArchiveName: archiveName }));
  const now = options.now ?? (() => new Date());
  const replayName = `${archiveName}-${now().toISOString().replace(/[:.]/g, "-")}`.slice(-REPLAY_NAME_MAX_LENGTH);
  await events.send(
    new StartReplayCommand({
      ReplayName: replayName,
      Description: `${request.bus} events from ${request.from.toISOString()} to ${request.to.toISOString()}`,
      EventSourceArn: archive.ArchiveArn,
      EventStartTime: request.from,
      EventEndTime: request.to,
      Destination: { Arn: archive.EventSourceArn },
    }),
  );
  const ended = await waitForReplay(events, replayName, options);
  return { replayName, archiveName, busName, state: ended.State!, reason: ended.StateReason, archivedEvents: archive.EventCount ?? 0 };
}

async function waitForReplay(events: EventBridgeClient, replayName: string, options: ReplayOptions): Promise<DescribeReplayCommandOutput> {
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  for (;;) {
    const replay = await events.send(new DescribeReplayCommand({ ReplayName: replayName }));
    if (FINAL_STATES.includes(replay.State!)) return replay;
    if (Date.now() > deadline)
      throw new Error(`replay ${replayName} is still ${replay.State}; follow it with: aws events describe-replay --replay-name ${replayName}`);
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 5_000));
  }
}

export function describeOutcome(request: ReplayRequest, outcome: ReplayOutcome): string {
  return [
    `replay ${outcome.replayName}: ${outcome.state}${outcome.reason ? ` (${outcome.reason})` : ""}`,
    `  archive ${outcome.archiveName} (${outcome.archivedEvents} events archived in all) -> bus ${outcome.busName}`,
    `  events archived from ${request.from.toISOString()} to ${request.to.toISOString()} were put on the bus again,`,
    `  each with "replay-name": "${outcome.replayName}" (find them in the bus's audit log)`,
  ].join("\n");
}

async function main(argv: readonly string[]): Promise<number> {
  let request: ReplayRequest;
  try {
    request = parseReplayArgs(
      argv,
      environments.map((env) => env.name),
    );
  } catch (error) {
    if (!(error instanceof ReplayUsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  const config = environmentNamed(request.environment);
  const events = eventBridgeFor(config);
  try {
    const outcome = await replayArchive(events, config, request);
    console.log(describeOutcome(request, outcome));
    return outcome.state === ReplayState.COMPLETED ? 0 : 1;
  } finally {
    events.destroy();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
