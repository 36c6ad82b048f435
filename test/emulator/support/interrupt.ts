import { ChildProcessWithoutNullStreams } from "node:child_process";

export interface InterruptedRun {
  readonly code: number;
  /** Resources terraform reported created before the run ended. */
  readonly created: number;
  readonly output: string;
}

/**
 * Follows a child started in a process group of its own (`detached`, as a terminal runs a
 * command) and sends SIGINT to the whole group, as Ctrl-C does, once terraform has created
 * `count` resources; resolves when the child has ended.
 */
export function interruptAfterCreations(child: ChildProcessWithoutNullStreams, count: number): Promise<InterruptedRun> {
  let output = "";
  let created = 0;
  let sent = false;
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString();
    created = output.match(/Creation complete after/g)?.length ?? 0;
    if (created >= count && !sent) {
      sent = true;
      process.kill(-child.pid!, "SIGINT");
    }
  };
  child.stdout.on("data", onOutput);
  child.stderr.on("data", onOutput);
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? 1, created, output })));
}
