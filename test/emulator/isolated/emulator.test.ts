import { ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isEmulator, startEmulator } from "../../../tools/local/emulator/emulator";
import { eventually } from "../support/context";

// The manager's process lifecycle, on ports of its own (the tier's emulator is not touched).
// Reusing a running emulator and a port taken by another program: launcher.test.ts.

const PROJECT = join(__dirname, "..", "..", "..");
const HOLDER = join(__dirname, "..", "support", "hold-emulator.ts");

describe("emulator manager: process lifecycle", () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "emulator-manager-"));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it("stop() ends the emulator it started, whose output went to the log file", async () => {
    const port = await freePort();
    const logFile = join(scratch, "emulator.log");
    const emulator = await startEmulator({ port, logFile });
    try {
      expect(emulator).toEqual(expect.objectContaining({ port, reused: false }));
      expect(await isEmulator(emulator.endpoint)).toBe(true);
    } finally {
      await emulator.stop();
    }
    expect(await isEmulator(emulator.endpoint)).toBe(false);
    expect(readFileSync(logFile, "utf8")).toContain(`EMULATOR READY ${emulator.endpoint}`);
  });

  // SIGTERM is passed on to the emulator; SIGKILL passes nothing on, and the emulator notices its parent is gone.
  it.each([
    ["terminated (SIGTERM)", "SIGTERM"],
    ["killed outright (SIGKILL)", "SIGKILL"],
  ] as const)("stops the emulator when the process that started it is %s: no orphan", async (_, signal) => {
    const holder = holdEmulator(await freePort());
    try {
      const endpoint = await firstLine(holder, "STARTED ");
      expect(await isEmulator(endpoint)).toBe(true);
      holder.kill(signal);
      // Bounded, not instant: beside the shared tier (both lanes busy) Python's shutdown once took over 10 s.
      await eventually(`the emulator on ${endpoint} to stop with its parent`, async () => ((await isEmulator(endpoint)) ? undefined : true), 30_000);
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("says to install Python 3 and moto when python3 is not on the PATH", async () => {
    const failure = await startFailure({ PATH: scratch });
    expect(failure).toMatch(/could not run python3[\s\S]*Install Python 3[\s\S]*moto\[server\]/);
  });

  it("says to install moto with its server extras when python3 cannot import it", async () => {
    fakePython(scratch, "echo \"ModuleNotFoundError: No module named 'moto'\" >&2; exit 1");
    const failure = await startFailure({ PATH: scratch });
    expect(failure).toMatch(/exited with code 1[\s\S]*No module named 'moto'[\s\S]*moto\[server\]/);
  });
});

/**
 * Runs the manager in a process of its own (support/hold-emulator.ts) with `env` on top of ours.
 * A process of its own because jest gives a test a copy of process.env that child_process never sees.
 */
function holdEmulator(port: number, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", HOLDER, String(port)], {
    cwd: PROJECT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** The manager's error when it cannot start under `env`; fails the test if the emulator starts. */
async function startFailure(env: NodeJS.ProcessEnv): Promise<string> {
  const holder = holdEmulator(await freePort(), env);
  try {
    await firstLine(holder, "STARTED ");
  } catch (error) {
    return (error as Error).message;
  } finally {
    holder.kill("SIGTERM"); // stops an emulator that started after all
  }
  throw new Error("the emulator started; expected it to fail");
}

/** A port nobody listens on (free when asked; tests start on it right away). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The rest of the first stdout line that starts with `prefix`; rejects with the output if the process ends first. */
function firstLine(child: ChildProcess, prefix: string): Promise<string> {
  let output = "";
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split("\n").find((candidate) => candidate.startsWith(prefix));
      if (line) resolve(line.slice(prefix.length).trim());
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("close", (code) => reject(new Error(`exited with code ${code} before "${prefix}":\n${output}`)));
  });
}

function fakePython(dir: string, script: string): void {
  const python = join(dir, "python3");
  writeFileSync(python, `#!/bin/sh\n${script}\n`);
  chmodSync(python, 0o755);
}
