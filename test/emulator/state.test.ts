import { CreateBucketCommand, GetObjectCommand, PutBucketVersioningCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { EnvironmentConfig } from "../../envs";
import { runStateAction, StateIo } from "../../tools/ops/state/commands";
import { listStateVersions, lockKey, readStateLock } from "../../tools/ops/state/state-store";
import { openStateWorkspace, StateWorkspace } from "../../tools/ops/state/workspace";
import { awsClients, e2eContext } from "./support/context";

const PROJECT = join(__dirname, "..", "..");
const context = e2eContext();
const { s3 } = awsClients(context.endpoint);
const SETUP_TIMEOUT_MS = 180_000;

function recordingIo(): StateIo & { printed: string[] } {
  const printed: string[] = [];
  const refuse = async (): Promise<string> => {
    throw new Error("the test must not be prompted");
  };
  return { printed, yes: true, interactive: false, ask: refuse, print: (text) => printed.push(text), now: () => new Date() };
}

async function run(workspace: StateWorkspace, action: Parameters<typeof runStateAction>[0]): Promise<string> {
  const io = recordingIo();
  await runStateAction(action, workspace, io);
  return io.printed.join("\n");
}

async function getText(bucket: string, key: string, versionId?: string): Promise<string> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
  return object.Body!.transformToString();
}

// Read-only commands run on the shared deployment's state, through the real synth + init path.
describe("state inspection of the deployed local environment", () => {
  let workspace: StateWorkspace;
  beforeAll(async () => {
    workspace = await openStateWorkspace(context.config, PROJECT, mkdtempSync(join(tmpdir(), "state-ro-")));
  }, SETUP_TIMEOUT_MS);
  afterAll(() => workspace?.s3.destroy());

  it("lists the resources in the state", async () => {
    const listed = (await run(workspace, { kind: "list" })).split("\n");
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.some((address) => address.includes("aws_sfn_state_machine."))).toBe(true);
    expect(listed.some((address) => address.includes("aws_cloudwatch_event_bus."))).toBe(true);
  });

  it("shows one resource's attributes", async () => {
    const address = (await run(workspace, { kind: "list" })).split("\n").find((line) => line.includes("aws_sfn_state_machine.OrderFlow_OrdersProcessing"))!;
    const shown = await run(workspace, { kind: "show", address });
    expect(shown).toContain(`# ${address}:`);
    expect(shown).toContain(context.outputs.orders_processing_arn);
  });

  it("prints the outputs the deployment recorded", async () => {
    const outputs = JSON.parse(await run(workspace, { kind: "outputs" })) as Record<string, { value: string }>;
    expect(outputs.orders_bus_name.value).toBe(context.outputs.orders_bus_name);
    expect(outputs.order_status_table_name.value).toBe(context.outputs.order_status_table_name);
  });

  it("pulls the state to a file, identical to the object in the bucket", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "state-pull-")), "local.tfstate");
    const said = await run(workspace, { kind: "pull", file });
    const pulled = JSON.parse(readFileSync(file, "utf8"));
    const stored = JSON.parse(await getText(context.config.stateBackend.bucket, context.config.stateBackend.key));
    expect(said).toContain(`wrote ${file}: serial ${stored.serial}, lineage ${stored.lineage}`);
    expect({ serial: pulled.serial, lineage: pulled.lineage, resources: pulled.resources.length }).toEqual({
      serial: stored.serial,
      lineage: stored.lineage,
      resources: stored.resources.length,
    });
  });
});

/**
 * Restore and unlock write to the state, so they run on a copy: the deployed state copied into a
 * versioned bucket of this test's own, the local environment synthesized against that bucket.
 */
describe("state versions, restore and unlock on a copy of the local state", () => {
  /** What the tests read of a state file. */
  type StateFile = { serial: number; lineage: string; resources: { type: string }[] };
  const bucket = `orders-state-test-${Date.now()}`;
  let copy: StateWorkspace;
  let good: { versionId: string; state: StateFile };
  let bad: { versionId: string; state: StateFile };

  beforeAll(async () => {
    const { key } = context.config.stateBackend;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const state = JSON.parse(await getText(context.config.stateBackend.bucket, key));
    good = { state, versionId: await putState(key, state) };
    // A "bad apply": a newer serial of the same lineage that lost the event rules.
    const broken = { ...state, serial: state.serial + 1, resources: state.resources.filter((r: { type: string }) => r.type !== "aws_cloudwatch_event_rule") };
    bad = { state: broken, versionId: await putState(key, broken) };
    const config: EnvironmentConfig = { ...context.config, stateBackend: { ...context.config.stateBackend, bucket } };
    copy = await openStateWorkspace(config, PROJECT, mkdtempSync(join(tmpdir(), "state-copy-")));
  }, SETUP_TIMEOUT_MS);
  afterAll(() => copy?.s3.destroy());

  async function putState(key: string, state: object): Promise<string> {
    const put = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(state, null, 2) }));
    return put.VersionId!;
  }

  it("lists the state object's versions with time and size, newest first", async () => {
    const versions = await listStateVersions(copy.s3, copy.location);
    expect(versions.map((version) => [version.versionId, version.isLatest])).toEqual([
      [bad.versionId, true],
      [good.versionId, false],
    ]);
    const printed = await run(copy, { kind: "versions" });
    expect(printed).toMatch(new RegExp(`${bad.versionId}\\s+\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\s+\\d+\\s+current`));
    expect(printed).toContain(good.versionId);
  });

  it("restores an older version after backing up the current one", async () => {
    const rules = (listed: string) => listed.split("\n").filter((address) => address.includes("aws_cloudwatch_event_rule.")).length;
    expect(rules(await run(copy, { kind: "list" }))).toBe(0);
    const backupFile = join(mkdtempSync(join(tmpdir(), "state-backup-")), "before-restore.tfstate");

    const said = await run(copy, { kind: "restore", versionId: good.versionId, backupFile });

    expect(said).toContain(`copy version ${good.versionId}`);
    expect(JSON.parse(readFileSync(backupFile, "utf8")).serial).toBe(bad.state.serial);
    expect(rules(await run(copy, { kind: "list" }))).toBe(good.state.resources.filter((r: { type: string }) => r.type === "aws_cloudwatch_event_rule").length);
    const versions = await listStateVersions(copy.s3, copy.location);
    expect(versions).toHaveLength(3);
    expect(JSON.parse(await getText(bucket, copy.location.key, versions[0].versionId)).serial).toBe(good.state.serial);
  });

  it("releases a stale lock after printing who held it", async () => {
    const lock = {
      ID: randomUUID(),
      Operation: "OperationTypeApply",
      Info: "",
      Who: "ops@crashed-runner",
      Version: "1.11.4",
      Created: new Date(Date.now() - 3_600_000).toISOString(),
      Path: `${bucket}/${copy.location.key}`,
    };
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: lockKey(copy.location), Body: JSON.stringify(lock) }));
    expect((await readStateLock(copy.s3, copy.location))?.who).toBe("ops@crashed-runner");

    const said = await run(copy, { kind: "unlock", lockId: lock.ID });

    expect(said).toContain("Who:       ops@crashed-runner");
    expect(said).toContain("Operation: OperationTypeApply");
    expect(said).toContain(`released lock ${lock.ID}`);
    expect(await readStateLock(copy.s3, copy.location)).toBeUndefined();
  });

  it("leaves the shared deployment's state where it was", async () => {
    expect(existsSync(context.stackDir)).toBe(true);
    const stored = JSON.parse(await getText(context.config.stateBackend.bucket, context.config.stateBackend.key));
    expect(stored.lineage).toBe(good.state.lineage);
  });
});
