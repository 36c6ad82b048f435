import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { hostname } from "node:os";
import { resolve } from "node:path";

/** The lock terraform reports when it cannot acquire the state lock. */
export interface StateLock {
  readonly id: string;
  /** `user@host` of the run that holds it. */
  readonly who: string;
  readonly operation: string;
  readonly created: Date;
}

/** The lock in terraform's "Error acquiring the state lock" output; undefined for any other error. */
export function lockInOutput(output: string): StateLock | undefined {
  if (!/Error acquiring the state lock/.test(output)) return undefined;
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(.*)$`, "m").exec(output)?.[1]?.trim() ?? "";
  const id = field("ID");
  if (!id) return undefined;
  const created = new Date(field("Created").replace(/^(\S+) (\S+) ([+-]\d{2})(\d{2}) UTC$/, "$1T$2$3:$4"));
  return { id, who: field("Who"), operation: field("Operation"), created };
}

/** The exact command that releases the lock (it shows the holder and asks first), once its holder is known to be gone. */
export function unlockCommand(environment: string, lock: StateLock): string {
  return `npm run state -- ${environment} unlock ${lock.id}`;
}

/** What a user needs to decide about a held lock: which, whose, how old, and how to release it. */
export function describeHeldLock(environment: string, lock: StateLock, now = new Date()): string {
  const minutes = Number.isNaN(lock.created.getTime()) ? "unknown" : `${Math.round((now.getTime() - lock.created.getTime()) / 60_000)} min`;
  return [
    `The state is locked by another run: lock ${lock.id}, held by ${lock.who || "unknown"} (${lock.operation || "unknown operation"}), age ${minutes}.`,
    "If that run is still going, wait for it. If it was interrupted and is gone, release the lock with:",
    `  ${unlockCommand(environment, lock)}`,
  ].join("\n");
}

/**
 * Whether the lock's holder is certainly gone: it was taken on this machine and no terraform
 * process runs in the stack directory. Linux only (/proc); elsewhere the holder counts as alive.
 */
export function holderIsGone(stackDir: string, lock: StateLock): boolean {
  if (!lock.who.endsWith(`@${hostname()}`)) return false;
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((entry) => /^\d+$/.test(entry));
  } catch {
    return false;
  }
  const dir = resolve(stackDir);
  return !pids.some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "terraform" && readlinkSync(`/proc/${pid}/cwd`) === dir;
    } catch {
      return false;
    }
  });
}
