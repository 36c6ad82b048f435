import { ChildProcessWithoutNullStreams } from "node:child_process";

export interface InterruptedRun {
  readonly code: number;
  /** Resources terraform reported created before the run ended. */
  readonly created: number;
  readonly output: string;
}

/** Follows a child running terraform, does `act` once `count` resources exist, and resolves when the child has ended. */
export function actAfterCreations(child: ChildProcessWithoutNullStreams, count: number, act: () => void): Promise<InterruptedRun> {
  let output = "";
  let created = 0;
  let acted = false;
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString();
    created = output.match(/Creation complete after/g)?.length ?? 0;
    if (created >= count && !acted) {
      acted = true;
      act();
    }
  };
  child.stdout.on("data", onOutput);
  child.stderr.on("data", onOutput);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? 1, created, output })));
}

/**
 * Presses Ctrl-C once `count` resources exist: SIGINT to the child's whole process group, so the
 * child must have been started `detached`, in a group of its own, as a terminal runs a command.
 */
export function interruptAfterCreations(child: ChildProcessWithoutNullStreams, count: number): Promise<InterruptedRun> {
  return actAfterCreations(child, count, () => process.kill(-child.pid!, "SIGINT"));
}
