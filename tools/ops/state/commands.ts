import { writeFileSync } from "node:fs";
import { terraform } from "../../local/deployment";
import { StateAction } from "./args";
import { confirmAction, ConfirmationSource } from "./confirm";
import { runStoreAction } from "./history";
import { describeLock } from "./lock-info";
import { listStateVersions, readStateLock, restoreStateVersion, StateVersion, stateUrl } from "./state-store";
import { StateWorkspace } from "./workspace";

/** Where a command's output goes and how it gets confirmation (injected so tests drive it). */
export interface StateIo extends ConfirmationSource {
  print(text: string): void;
  now(): Date;
}

/** Outcome of one command: `changed` is false when nothing was written anywhere but local files. */
export interface StateOutcome {
  readonly changed: boolean;
  /** False when the operator declined the confirmation. */
  readonly confirmed: boolean;
}

const READ_ONLY: StateOutcome = { changed: false, confirmed: true };

export async function runStateAction(action: StateAction, workspace: StateWorkspace, io: StateIo): Promise<StateOutcome> {
  const tf = (args: readonly string[]) => terraform(args, workspace.stackDir, workspace.cli);
  switch (action.kind) {
    case "list":
      io.print((await tf(["state", "list"])).trimEnd());
      return READ_ONLY;
    case "show":
      io.print((await tf(["state", "show", action.address])).trimEnd());
      return READ_ONLY;
    case "outputs":
      io.print((await tf(["output", "-json"])).trimEnd());
      return READ_ONLY;
    case "pull":
      io.print(await pullState(workspace, action.file));
      return READ_ONLY;
    case "versions": {
      const lock = await readStateLock(workspace.s3, workspace.location);
      io.print(formatVersions(await listStateVersions(workspace.s3, workspace.location), stateUrl(workspace.location)));
      io.print(lock ? `locked:\n${describeLock(lock, io.now())}` : "not locked");
      return READ_ONLY;
    }
    case "history":
    case "diff":
      io.print(await runStoreAction(action, workspace));
      return READ_ONLY;
    case "restore":
      return restore(workspace, action.versionId, action.backupFile ?? defaultBackupFile(workspace.environment, io.now()), io);
    case "unlock":
      return unlock(workspace, action.lockId, io);
  }
}

/** `terraform state pull` into a file; returns the line that says what was written. */
export async function pullState(workspace: StateWorkspace, file: string): Promise<string> {
  const state = await terraform(["state", "pull"], workspace.stackDir, workspace.cli);
  const parsed = JSON.parse(state) as { serial?: number; lineage?: string; resources?: unknown[] };
  writeFileSync(file, state);
  return `wrote ${file}: serial ${parsed.serial}, lineage ${parsed.lineage}, ${parsed.resources?.length ?? 0} resources`;
}

export function formatVersions(versions: readonly StateVersion[], url: string): string {
  if (versions.length === 0) return `no versions of ${url} (is bucket versioning enabled?)`;
  const rows = versions.map(
    (version) =>
      `${version.versionId.padEnd(40)}  ${version.lastModified.toISOString()}  ${String(version.size).padStart(10)}  ${version.isLatest ? "current" : ""}`,
  );
  return [`versions of ${url}, newest first:`, `${"VERSION".padEnd(40)}  ${"LAST MODIFIED".padEnd(24)}  ${"BYTES".padStart(10)}`, ...rows].join("\n");
}

export const defaultBackupFile = (environment: string, now: Date) => `${environment}-state-before-restore-${now.toISOString().replace(/[:.]/g, "-")}.tfstate`;

async function restore(workspace: StateWorkspace, versionId: string, backupFile: string, io: StateIo): Promise<StateOutcome> {
  const url = stateUrl(workspace.location);
  const versions = await listStateVersions(workspace.s3, workspace.location);
  const target = versions.find((version) => version.versionId === versionId);
  if (!target) throw new Error(`${url} has no version ${versionId}; run "versions" to list them`);
  if (target.isLatest) throw new Error(`version ${versionId} is already the current state of ${url}; nothing to restore`);
  const lock = await readStateLock(workspace.s3, workspace.location);
  if (lock) throw new Error(`${url} is locked; finish or release that run first:\n${describeLock(lock, io.now())}`);
  io.print(
    [
      `restore will:`,
      `  1. pull the current state of ${url} to ${backupFile}`,
      `  2. copy version ${versionId} (${target.lastModified.toISOString()}, ${target.size} bytes) over ${url}`,
      `     (the current version stays in the bucket's history)`,
    ].join("\n"),
  );
  if (!(await confirmAction(`restore ${url} to version ${versionId}`, io))) {
    io.print("not confirmed; nothing changed");
    return { changed: false, confirmed: false };
  }
  io.print(await pullState(workspace, backupFile));
  const newVersion = await restoreStateVersion(workspace.s3, workspace.location, versionId);
  io.print(
    `restored: ${url} now holds the content of ${versionId} (new version ${newVersion ?? "unknown"}). Run a plan next to see what differs from the real resources.`,
  );
  return { changed: true, confirmed: true };
}

async function unlock(workspace: StateWorkspace, lockId: string, io: StateIo): Promise<StateOutcome> {
  const url = stateUrl(workspace.location);
  const lock = await readStateLock(workspace.s3, workspace.location);
  if (!lock) throw new Error(`${url} is not locked; nothing to release`);
  if (lock.id !== lockId) throw new Error(`${url} is locked with ID ${lock.id}, not ${lockId}:\n${describeLock(lock, io.now())}`);
  io.print(`${url} is locked by:\n${describeLock(lock, io.now())}\nunlock will run: terraform force-unlock -force ${lockId}`);
  io.print("Only release it when that run is dead (its CI job cancelled, its machine gone): a live run would then write over others.");
  if (!(await confirmAction(`release lock ${lockId} on ${url}`, io))) {
    io.print("not confirmed; the lock is still held");
    return { changed: false, confirmed: false };
  }
  await terraform(["force-unlock", "-force", lockId], workspace.stackDir, workspace.cli);
  io.print(`released lock ${lockId} held by ${lock.who}`);
  return { changed: true, confirmed: true };
}
