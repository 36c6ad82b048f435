import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvironmentConfig } from "../../envs";
import { deployArgs, terraform } from "../../tools/local/deployment";
import { runStoreAction } from "../../tools/ops/state/history";
import { listStateVersions } from "../../tools/ops/state/state-store";
import { openStateWorkspace, StateWorkspace } from "../../tools/ops/state/workspace";
import { awsClients, e2eContext } from "./support/context";

const PROJECT = join(__dirname, "..", "..");
const context = e2eContext();
const { s3 } = awsClients(context.endpoint);
const SETUP_TIMEOUT_MS = 300_000;
const AUDIT_EMAIL = "ops-audit@example.com";
const DEPLOYED_RETENTION = context.config.logRetentionDays;

/** The address of the one resource of `type` in the synthesized stack whose settings include `value`. */
function addressOf(stackDir: string, type: string, value: string): string {
  const synthesized = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, unknown>> };
  const names = Object.entries(synthesized.resource[type] ?? {}).filter(([, settings]) => JSON.stringify(settings).includes(value));
  if (names.length !== 1) throw new Error(`expected one ${type} with ${value} in ${stackDir}, found ${names.length}`);
  return `${type}.${names[0][0]}`;
}

/** Managed resource addresses in a state object, read from its JSON (this stack has no modules or counts). */
async function managedAddresses(bucket: string, key: string, versionId: string): Promise<string[]> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  const state = JSON.parse(await object.Body!.transformToString()) as { resources: { mode: string; type: string; name: string }[] };
  return state.resources.filter((resource) => resource.mode === "managed").map((resource) => `${resource.type}.${resource.name}`);
}

/**
 * Two real applies into a copy of the deployed local state (its own versioned bucket): the first
 * raises one log group's retention and adds an alarm subscriber, the second gives the log group
 * its deployed retention back and removes what the subscriber brought (so later tests find no
 * diff and the tier's teardown nothing left over).
 * The bucket then holds three versions to read and compare.
 */
describe("state history and diff after two applies that differ", () => {
  const bucket = `orders-state-history-${Date.now()}`;
  const versions: { copied: string; firstApply: string; secondApply: string } = { copied: "", firstApply: "", secondApply: "" };
  let logGroup: string;
  let subscription: string;
  let broughtBySubscriber: string[];
  let store: StateWorkspace;

  const variant = (retentionDays: EnvironmentConfig["logRetentionDays"], withAuditSubscriber: boolean): EnvironmentConfig => ({
    ...context.config,
    stateBackend: { ...context.config.stateBackend, bucket },
    logRetentionDays: retentionDays,
    alarms: {
      ...context.config.alarms,
      topic: {
        ...context.config.alarms.topic,
        subscribers: [
          ...context.config.alarms.topic.subscribers,
          ...(withAuditSubscriber ? [{ name: "ops-audit", protocol: "email" as const, endpoint: AUDIT_EMAIL }] : []),
        ],
      },
    },
  });

  async function applyTargets(config: EnvironmentConfig, targets: (stackDir: string) => string[]): Promise<StateWorkspace> {
    const workspace = await openStateWorkspace(config, PROJECT, mkdtempSync(join(tmpdir(), "state-history-")));
    const flags = targets(workspace.stackDir).map((address) => `-target=${address}`);
    await terraform([...deployArgs("apply", config), ...flags], workspace.stackDir, workspace.cli);
    return workspace;
  }

  const currentVersion = async (workspace: StateWorkspace) =>
    (await listStateVersions(workspace.s3, workspace.location)).find((version) => version.isLatest)!.versionId;

  beforeAll(async () => {
    const { key } = context.config.stateBackend;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const deployed = await s3.send(new GetObjectCommand({ Bucket: context.config.stateBackend.bucket, Key: key }));
    versions.copied = (await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await deployed.Body!.transformToString() }))).VersionId!;

    const first = await applyTargets(variant(3, true), (stackDir) => {
      logGroup = addressOf(stackDir, "aws_cloudwatch_log_group", "/aws/lambda/");
      subscription = addressOf(stackDir, "aws_sns_topic_subscription", AUDIT_EMAIL);
      return [logGroup, subscription];
    });
    versions.firstApply = await currentVersion(first);
    first.s3.destroy();
    const before = new Set(await managedAddresses(bucket, key, versions.copied));
    broughtBySubscriber = (await managedAddresses(bucket, key, versions.firstApply)).filter((address) => !before.has(address)).sort();

    // Targeting resources that are no longer configured plans their destroy.
    store = await applyTargets(variant(DEPLOYED_RETENTION, false), () => [logGroup, ...broughtBySubscriber]);
    versions.secondApply = await currentVersion(store);
  }, SETUP_TIMEOUT_MS);
  afterAll(() => store?.s3.destroy());

  it("lists every version with time, serial, lineage and resource count, newest first", async () => {
    const lines = (await runStoreAction({ kind: "history", last: 20 }, store)).split("\n");
    const row = (versionId: string) => lines.find((line) => line.startsWith(versionId))!;
    const serial = (versionId: string) => Number(row(versionId).split(/\s+/)[2]);
    const count = (versionId: string) => Number(row(versionId).split(/\s+/)[4]);
    expect(lines[0]).toBe(`history of s3://${bucket}/${context.config.stateBackend.key}, newest first:`);
    expect(row(versions.secondApply)).toMatch(/\d{4}-\d\d-\d\dT[\d:.]+Z\s+\d+\s+[0-9a-f-]{36}\s+\d+\s+current$/);
    expect(lines.indexOf(row(versions.secondApply))).toBeLessThan(lines.indexOf(row(versions.copied)));
    expect(serial(versions.secondApply)).toBeGreaterThan(serial(versions.firstApply));
    expect(serial(versions.firstApply)).toBeGreaterThan(serial(versions.copied));
    // The subscriber brought a subscription and its dead-letter queue; the second apply removed them.
    expect(count(versions.firstApply)).toBe(count(versions.copied) + broughtBySubscriber.length);
    expect(broughtBySubscriber.length).toBeGreaterThanOrEqual(2);
    expect(count(versions.secondApply)).toBe(count(versions.copied));
  });

  it("shows what the first apply added and changed", async () => {
    const text = await runStoreAction({ kind: "diff", from: versions.copied, to: versions.firstApply }, store);
    expect(text).toContain(`added (${broughtBySubscriber.length}):\n${broughtBySubscriber.map((address) => `  + ${address}`).join("\n")}\n`);
    expect(text).toContain(`  + ${subscription}`);
    expect(text).toMatch(/ {2}\+ aws_sqs_queue\.\S*ops-audit/);
    expect(text).toContain(`  ~ ${logGroup}\n      retention_in_days: ${DEPLOYED_RETENTION} -> 3`);
    expect(text).not.toContain("removed (");
  });

  it("shows what the second apply removed and changed, against the current version by default", async () => {
    const text = await runStoreAction({ kind: "diff", from: versions.firstApply }, store);
    expect(text).toContain(`to   ${versions.secondApply} (serial`);
    expect(text).toContain(`removed (${broughtBySubscriber.length}):\n${broughtBySubscriber.map((address) => `  - ${address}`).join("\n")}\n`);
    expect(text).toContain(`  - ${subscription}`);
    expect(text).toContain(`  ~ ${logGroup}\n      retention_in_days: 3 -> ${DEPLOYED_RETENTION}`);
    expect(text).not.toContain("added (");
  });

  it("never prints the realtime API key held in the state", async () => {
    const current = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: store.location.key }));
    const state = JSON.parse(await current.Body!.transformToString());
    const keys = (state.resources as { type: string; instances: { attributes: { key?: string } }[] }[])
      .filter((resource) => resource.type === "aws_appsync_api_key")
      .flatMap((resource) => resource.instances.map((instance) => instance.attributes.key!));
    expect(keys.length).toBeGreaterThan(0);
    const text = await runStoreAction({ kind: "diff", from: versions.copied }, store);
    for (const key of keys) expect(text).not.toContain(key);
  });
});
