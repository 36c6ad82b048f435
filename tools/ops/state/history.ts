/**
 * `history` and `diff`: read the state object's versions straight from the state bucket, the same
 * S3 calls against AWS and the emulator, without terraform (old versions are no workspace's state).
 */
import { S3Client } from "@aws-sdk/client-s3";
import { StateAction } from "./args";
import { diffStates, formatStateDiff } from "./state-diff";
import { parseStateSnapshot, StateSnapshot } from "./state-snapshot";
import { listStateVersions, readStateVersion, StateLocation, StateVersion, stateUrl } from "./state-store";

/** The state object and a client that can read its versions. */
export interface StateStore {
  readonly location: StateLocation;
  readonly s3: S3Client;
}

export interface VersionSummary {
  readonly version: StateVersion;
  readonly serial: number;
  readonly lineage: string;
  readonly resourceCount: number;
}

/** The newest `last` versions, each read to count its resources. */
export async function stateHistory(store: StateStore, last: number): Promise<{ summaries: VersionSummary[]; total: number }> {
  const versions = await listStateVersions(store.s3, store.location);
  const summaries: VersionSummary[] = [];
  for (const version of versions.slice(0, last)) {
    const snapshot = await readSnapshot(store, version.versionId);
    summaries.push({ version, serial: snapshot.serial, lineage: snapshot.lineage, resourceCount: snapshot.instances.size });
  }
  return { summaries, total: versions.length };
}

export function formatHistory(summaries: readonly VersionSummary[], total: number, url: string): string {
  if (summaries.length === 0) return `no versions of ${url} (is bucket versioning enabled?)`;
  const header = `${"VERSION".padEnd(40)}  ${"LAST MODIFIED".padEnd(24)}  ${"SERIAL".padStart(6)}  ${"LINEAGE".padEnd(36)}  ${"RESOURCES".padStart(9)}`;
  const rows = summaries.map(({ version, serial, lineage, resourceCount }) =>
    [
      version.versionId.padEnd(40),
      version.lastModified.toISOString().padEnd(24),
      String(serial).padStart(6),
      lineage.padEnd(36),
      String(resourceCount).padStart(9),
      version.isLatest ? "current" : "",
    ]
      .join("  ")
      .trimEnd(),
  );
  const shown = summaries.length < total ? `the newest ${summaries.length} of ${total} versions` : "newest first";
  return [`history of ${url}, ${shown}:`, header, ...rows].join("\n");
}

/** The diff from version `from` to version `to` (the current version when undefined), as text. */
export async function describeStateDiff(store: StateStore, from: string, to?: string): Promise<string> {
  const url = stateUrl(store.location);
  const versions = await listStateVersions(store.s3, store.location);
  const find = (versionId: string) => {
    const found = versions.find((version) => version.versionId === versionId);
    if (!found) throw new Error(`${url} has no version ${versionId}; run "history" to list them`);
    return found;
  };
  const current = versions.find((version) => version.isLatest);
  if (!current) throw new Error(`${url} has no current version (is bucket versioning enabled?)`);
  const older = find(from);
  const newer = to === undefined ? current : find(to);
  const [before, after] = [await readSnapshot(store, older.versionId), await readSnapshot(store, newer.versionId)];
  const label = (version: StateVersion, snapshot: StateSnapshot) =>
    `${version.versionId} (serial ${snapshot.serial}, ${version.lastModified.toISOString()}${version.isLatest ? ", current" : ""})`;
  const heading = [
    `${url}`,
    `  from ${label(older, before)}`,
    `  to   ${label(newer, after)}`,
    ...(before.lineage === after.lineage
      ? []
      : [`  lineages differ (${before.lineage} -> ${after.lineage}): these are two different states, not one state's history`]),
  ].join("\n");
  return formatStateDiff(diffStates(before, after), heading);
}

async function readSnapshot(store: StateStore, versionId: string): Promise<StateSnapshot> {
  const source = `${stateUrl(store.location)} version ${versionId}`;
  return parseStateSnapshot(await readStateVersion(store.s3, store.location, versionId), source);
}

/** The commands that only read the bucket: no synth, no terraform init. */
export type StoreAction = Extract<StateAction, { kind: "history" | "diff" }>;

export const isStoreAction = (action: StateAction): action is StoreAction => action.kind === "history" || action.kind === "diff";

export async function runStoreAction(action: StoreAction, store: StateStore): Promise<string> {
  if (action.kind === "history") {
    const { summaries, total } = await stateHistory(store, action.last);
    return formatHistory(summaries, total, stateUrl(store.location));
  }
  return describeStateDiff(store, action.from, action.to);
}
