import { runInterruptibly } from "../../../../tools/terraform/interruptible";

/** A stand-in for terraform: on SIGINT it takes a moment (writing state, releasing the lock), then exits 1. */
const GRACEFUL_CHILD = [
  "let interrupts = 0;",
  "process.on('SIGINT', () => { interrupts += 1; console.error('interrupt ' + interrupts); if (interrupts === 1) setTimeout(() => { console.error('lock released'); process.exit(1); }, 300); });",
  "console.error('ready');",
  "setInterval(() => {}, 1000);",
].join("\n");

async function runUntilReady(interrupt: () => void) {
  const run = runInterruptibly(process.execPath, ["-e", GRACEFUL_CHILD], { cwd: process.cwd(), env: process.env });
  await new Promise((resolve) => setTimeout(resolve, 500));
  interrupt();
  return run;
}

describe("runInterruptibly", () => {
  it("forwards an interrupt once, waits for the child to finish stopping, and reports it", async () => {
    // npm forwards the terminal's Ctrl-C a second time a moment later: still one interrupt.
    const result = await runUntilReady(() => {
      process.emit("SIGINT", "SIGINT");
      process.emit("SIGINT", "SIGINT");
    });
    expect(result.interrupted).toBe(true);
    expect(result.stderr).toMatch(/ready\ninterrupt 1\nlock released\n$/);
    expect(result.code).toBe(1);
  });

  it("leaves no handler behind and reports a run nobody interrupted as such", async () => {
    const before = process.listenerCount("SIGINT");
    const result = await runInterruptibly(process.execPath, ["-e", "process.exit(0)"], { cwd: process.cwd(), env: process.env });
    expect(result).toEqual({ code: 0, interrupted: false, stderr: "" });
    expect(process.listenerCount("SIGINT")).toBe(before);
  });
});
