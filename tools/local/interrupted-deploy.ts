/**
 * A deploy that `npm start` began and never finished (Ctrl-C, a killed terminal, a crash) can leave
 * a resource on the emulator that is not in the state: terraform cancels a creation in flight and
 * may not record it, and the next apply then fails with "already exists". `npm start` marks the
 * deploy while it runs; the next run that finds the mark starts from an empty emulator.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Present while npm start deploys; left behind by a deploy that never finished. */
export function deployMarkFile(projectDir: string): string {
  return join(projectDir, ".emulator", "deploy-unfinished");
}

export interface DeployMark {
  readonly startedAt: string;
  readonly endpoint: string;
}

/** What the next run does about a mark, given what answers on the port. */
export type Recovery =
  | { readonly kind: "none" }
  /** The emulator is ours (its pid file exists): stop it and start an empty one. */
  | { readonly kind: "restart"; readonly mark: DeployMark }
  /** The mark's emulator is gone: the fresh one starts empty anyway. */
  | { readonly kind: "gone"; readonly mark: DeployMark }
  /** Somebody else's emulator holds the leftovers: only its owner can restart it. */
  | { readonly kind: "refuse"; readonly mark: DeployMark };

export function markDeployStarted(file: string, endpoint: string, now = new Date()): void {
  mkdirSync(dirname(file), { recursive: true });
  const mark: DeployMark = { startedAt: now.toISOString(), endpoint };
  writeFileSync(file, `${JSON.stringify(mark)}\n`);
}

/** A deploy that ended, even in failure, left terraform's state true to the emulator. */
export function clearDeployMark(file: string): void {
  rmSync(file, { force: true });
}

export function readDeployMark(file: string): DeployMark | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DeployMark;
  } catch {
    // A mark cut short by the crash it records still means "not finished".
    return { startedAt: "an unknown time", endpoint: "an unknown endpoint" };
  }
}

export function recoveryFor(mark: DeployMark | undefined, emulatorAnswers: boolean, startedByNpmStart: boolean): Recovery {
  if (!mark) return { kind: "none" };
  if (!emulatorAnswers) return { kind: "gone", mark };
  return startedByNpmStart ? { kind: "restart", mark } : { kind: "refuse", mark };
}

export function describeRecovery(recovery: Recovery, endpoint: string): string | undefined {
  if (recovery.kind === "none") return undefined;
  const what = `The last npm start stopped during its deploy (started ${recovery.mark.startedAt}): a resource created then may exist on the emulator but not in the state.`;
  switch (recovery.kind) {
    case "restart":
      return `${what} Restarting the emulator on ${endpoint} empty, so this deploy starts clean.`;
    case "gone":
      return `${what} That emulator has stopped since, so this deploy starts on an empty one.`;
    case "refuse":
      return `${what} The emulator on ${endpoint} was not started by npm start, so npm start will not restart it: stop it (or run npm stop) and run npm start again.`;
  }
}
