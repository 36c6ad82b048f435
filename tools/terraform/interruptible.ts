import { ChildProcess, spawn } from "node:child_process";

/** How an interruptible child ended. */
export interface InterruptibleResult {
  readonly code: number;
  /** A SIGINT or SIGTERM reached this process (or the terminal's process group) while the child ran. */
  readonly interrupted: boolean;
  /** What the child wrote to stderr (also shown live). */
  readonly stderr: string;
}

/** The exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const INTERRUPTED_EXIT_CODE = 130;

/** Signals closer together than this are one interrupt: npm forwards the terminal's Ctrl-C a second time. */
const SAME_INTERRUPT_MS = 1_000;

/**
 * Forwards this process's SIGINT/SIGTERM to a child started with `detached: true` (its own process
 * group, so a terminal Ctrl-C reaches it only through here). Terraform's first interrupt stops it
 * gracefully: it writes the state and releases the lock. A second interrupt, a second later or
 * more, is forwarded too (terraform then stops at once, as on its own second Ctrl-C).
 */
export function forwardInterrupts(child: ChildProcess, name: string): { readonly interrupted: () => boolean; readonly dispose: () => void } {
  let lastForwarded = 0;
  const forward = (signal: NodeJS.Signals) => {
    if (Date.now() - lastForwarded < SAME_INTERRUPT_MS) return;
    if (lastForwarded === 0) console.error(`\n${signal} received: waiting for ${name} to stop (terraform releases the state lock)...`);
    lastForwarded = Date.now();
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, signal);
  };
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return {
    interrupted: () => lastForwarded > 0,
    dispose: () => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
    },
  };
}

/** Runs a command in its own process group with interrupts forwarded and awaited (see forwardInterrupts). */
export function runInterruptibly(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<InterruptibleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["inherit", "inherit", "pipe"], detached: true });
    const interrupts = forwardInterrupts(child, command.split("/").pop()!);
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    child.on("error", (error) => {
      interrupts.dispose();
      reject(error);
    });
    child.on("close", (code, signal) => {
      interrupts.dispose();
      resolve({ code: code ?? (signal ? INTERRUPTED_EXIT_CODE : 1), interrupted: interrupts.interrupted(), stderr });
    });
  });
}
