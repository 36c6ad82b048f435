import { GetObjectCommand, ListObjectVersionsCommand, S3Client } from "@aws-sdk/client-s3";
import { describeStateDiff, formatHistory, stateHistory } from "../../../../../tools/ops/state/history";
import { diffStates, formatStateDiff, REDACTED } from "../../../../../tools/ops/state/state-diff";
import { instanceAddress, parseStateSnapshot } from "../../../../../tools/ops/state/state-snapshot";

const LOCATION = { bucket: "orders-tfstate-333333333333", key: "prod/platform.tfstate" };
const LINEAGE = "0b7c1f0e-5b8e-4a8c-9a55-3c5b2f0f1a11";

type Resource = { module?: string; mode?: string; type: string; name: string; instances: object[] };
const state = (serial: number, resources: Resource[], lineage = LINEAGE) =>
  JSON.stringify({ version: 4, terraform_version: "1.11.4", serial, lineage, resources });
const logGroup = (retention: number): Resource => ({
  mode: "managed",
  type: "aws_cloudwatch_log_group",
  name: "Audit",
  instances: [{ attributes: { name: "/orders/audit", retention_in_days: retention, tags: { owner: "a" } }, sensitive_attributes: [] }],
});
const apiKey = (key: string): Resource => ({
  mode: "managed",
  type: "aws_appsync_api_key",
  name: "Realtime",
  instances: [{ attributes: { id: "k1", key, expires: "2026-12-09T00:00:00Z" }, sensitive_attributes: [[{ type: "get_attr", value: "key" }]] }],
});
const queue = (name: string): Resource => ({ mode: "managed", type: "aws_sqs_queue", name, instances: [{ attributes: { name } }] });

describe("state snapshots", () => {
  it("addresses instances as terraform state list does", () => {
    expect(instanceAddress({ mode: "managed", type: "aws_sqs_queue", name: "dlq" })).toBe("aws_sqs_queue.dlq");
    expect(instanceAddress({ module: "module.m", mode: "data", type: "aws_region", name: "here" }, "a")).toBe('module.m.data.aws_region.here["a"]');
    expect(instanceAddress({ mode: "managed", type: "aws_sqs_queue", name: "q" }, 0)).toBe("aws_sqs_queue.q[0]");
  });

  it("reads serial, lineage and every instance with its sensitive attribute names", () => {
    const snapshot = parseStateSnapshot(state(7, [logGroup(30), apiKey("da2-abc")]), "test");
    expect({ serial: snapshot.serial, lineage: snapshot.lineage, count: snapshot.instances.size }).toEqual({ serial: 7, lineage: LINEAGE, count: 2 });
    expect([...snapshot.instances.get("aws_appsync_api_key.Realtime")!.sensitive]).toEqual(["key"]);
  });

  it("refuses what is not a version 4 state, naming the source", () => {
    expect(() => parseStateSnapshot("not json", "s3://b/k version v1")).toThrow(/s3:\/\/b\/k version v1 is not a Terraform state \(JSON\)/);
    expect(() => parseStateSnapshot(JSON.stringify({ version: 3 }), "s3://b/k")).toThrow(/format version 4 \(found version 3\)/);
  });
});

describe("state diff", () => {
  const diff = (before: Resource[], after: Resource[]) => diffStates(parseStateSnapshot(state(1, before), "a"), parseStateSnapshot(state(2, after), "b"));

  it("lists added, removed and changed resources by address", () => {
    const result = diff([logGroup(30), queue("old")], [logGroup(90), queue("new")]);
    expect(result.added).toEqual(["aws_sqs_queue.new"]);
    expect(result.removed).toEqual(["aws_sqs_queue.old"]);
    expect(result.changed).toEqual([{ address: "aws_cloudwatch_log_group.Audit", attributes: [{ name: "retention_in_days", shown: "30 -> 90" }] }]);
  });

  it("finds nothing when only key order differs", () => {
    const reordered: Resource = { ...logGroup(30), instances: [{ attributes: { tags: { owner: "a" }, retention_in_days: 30, name: "/orders/audit" } }] };
    expect(diff([logGroup(30)], [reordered])).toEqual({ added: [], removed: [], changed: [] });
  });

  it("never prints a sensitive attribute's value", () => {
    const [change] = diff([apiKey("da2-aaaaaaaaaaaaaaaaaaaaaaaaaa")], [apiKey("da2-bbbbbbbbbbbbbbbbbbbbbbbbbb")]).changed;
    expect(change.attributes).toEqual([{ name: "key", shown: REDACTED }]);
  });

  it("hides secret-looking names and values even where the schema does not mark them", () => {
    const secretive = (password: string, note: string): Resource => ({
      type: "aws_x",
      name: "y",
      instances: [{ attributes: { master_password: password, note } }],
    });
    const [change] = diff([secretive("hunter2", "AKIAAAAAAAAAAAAAAAAA")], [secretive("hunter3", "AKIABBBBBBBBBBBBBBBB")]).changed;
    expect(change.attributes).toEqual([
      { name: "master_password", shown: REDACTED },
      { name: "note", shown: REDACTED },
    ]);
  });

  it("names a changed map or long value without printing it", () => {
    const tagged: Resource = { ...logGroup(30), instances: [{ attributes: { name: "/orders/audit", retention_in_days: 30, tags: { owner: "b" } } }] };
    expect(diff([logGroup(30)], [tagged]).changed[0].attributes).toEqual([{ name: "tags", shown: "(changed)" }]);
  });

  it("prints sections only for what changed, with counts", () => {
    const text = formatStateDiff(diff([logGroup(30)], [logGroup(90), queue("new")]), "heading");
    expect(text).toBe(
      ["heading", "added (1):", "  + aws_sqs_queue.new", "changed (1):", "  ~ aws_cloudwatch_log_group.Audit", "      retention_in_days: 30 -> 90"].join("\n"),
    );
    expect(formatStateDiff(diff([queue("a")], [queue("a")]), "heading")).toBe("heading\nno resource added, removed or changed");
  });
});

/** An S3 stand-in holding versions of the state object; any other call fails the test. */
function versionedS3(versions: { id: string; at: string; body: string }[]): S3Client {
  return {
    send: async (command: unknown) => {
      if (command instanceof ListObjectVersionsCommand) {
        return {
          Versions: versions.map((v, i) => ({ Key: LOCATION.key, VersionId: v.id, LastModified: new Date(v.at), Size: v.body.length, IsLatest: i === 0 })),
        };
      }
      if (command instanceof GetObjectCommand) {
        const wanted = command.input.VersionId ?? versions[0].id;
        const found = versions.find((v) => v.id === wanted);
        if (!found) throw Object.assign(new Error("no such version"), { name: "NoSuchVersion" });
        return { Body: { transformToString: async () => found.body } };
      }
      throw new Error(`unexpected S3 call ${(command as object).constructor.name}`);
    },
  } as unknown as S3Client;
}

describe("state history and diff from the bucket", () => {
  const s3 = versionedS3([
    { id: "v3", at: "2026-11-22T03:00:00Z", body: state(9, [logGroup(90), queue("new")]) },
    { id: "v2", at: "2026-11-21T03:00:00Z", body: state(8, [logGroup(30)]) },
    { id: "v1", at: "2026-11-20T03:00:00Z", body: state(1, [], "another-lineage") },
  ]);
  const store = { location: LOCATION, s3 };

  it("lists each version with time, serial, lineage and resource count, newest first", async () => {
    const { summaries, total } = await stateHistory(store, 20);
    const text = formatHistory(summaries, total, "s3://b/k");
    const lines = text.split("\n");
    expect(lines[0]).toBe("history of s3://b/k, newest first:");
    expect(lines[2]).toMatch(new RegExp(`^v3\\s+2026-11-22T03:00:00.000Z\\s+9\\s+${LINEAGE}\\s+2\\s+current$`));
    expect(lines[3]).toMatch(new RegExp(`^v2\\s+2026-11-21T03:00:00.000Z\\s+8\\s+${LINEAGE}\\s+1$`));
    expect(lines[4]).toMatch(/^v1\s+\S+\s+1\s+another-lineage\s+0$/);
  });

  it("reads only the newest versions asked for, and says how many there are", async () => {
    const { summaries, total } = await stateHistory(store, 2);
    expect({ read: summaries.map((summary) => summary.version.versionId), total }).toEqual({ read: ["v3", "v2"], total: 3 });
    expect(formatHistory(summaries, total, "s3://b/k").split("\n")[0]).toBe("history of s3://b/k, the newest 2 of 3 versions:");
  });

  it("says so when the bucket holds no versions", () => {
    expect(formatHistory([], 0, "s3://b/k")).toBe("no versions of s3://b/k (is bucket versioning enabled?)");
  });

  it("diffs a version against the current one by default", async () => {
    const text = await describeStateDiff(store, "v2");
    expect(text).toContain("from v2 (serial 8, 2026-11-21T03:00:00.000Z)");
    expect(text).toContain("to   v3 (serial 9, 2026-11-22T03:00:00.000Z, current)");
    expect(text).toContain("  + aws_sqs_queue.new");
    expect(text).toContain("      retention_in_days: 30 -> 90");
  });

  it("diffs two named versions and warns when their lineages differ", async () => {
    const text = await describeStateDiff(store, "v1", "v2");
    expect(text).toContain(`lineages differ (another-lineage -> ${LINEAGE})`);
    expect(text).toContain("  + aws_cloudwatch_log_group.Audit");
  });

  it("names an unknown version and the command that lists them", async () => {
    await expect(describeStateDiff(store, "v9")).rejects.toThrow(`s3://${LOCATION.bucket}/${LOCATION.key} has no version v9; run "history" to list them`);
  });
});
