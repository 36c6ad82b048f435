/** Runs a command as a child process and measures its wall time and the peak memory of its node processes. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export interface ChildMeasurement {
  readonly seconds: number;
  /** Largest peak RSS among the node processes the command ran, in MB; undefined if none reported. */
  readonly peakRssMb?: number;
  readonly output: string;
}

export interface MeasureOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

const PROBE = pathToFileURL(join(__dirname, "rss-probe.mjs")).href;
const OUTPUT_TAIL = 4_000;

/** Throws with the tail of the command's output when it fails or times out. */
export async function measureCommand(command: string, args: readonly string[], options: MeasureOptions): Promise<ChildMeasurement> {
  const probeDir = mkdtempSync(join(tmpdir(), "bench-rss-"));
  const rssFile = join(probeDir, "rss");
  const baseEnv = options.env ?? process.env;
  const env = { ...baseEnv, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `${baseEnv.NODE_OPTIONS ?? ""} --import=${PROBE}`.trim() };
  try {
    const started = process.hrtime.bigint();
    const { code, output } = await run(command, args, { ...options, env });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output.slice(-OUTPUT_TAIL)}`);
    return { seconds, peakRssMb: peakRssMb(rssFile), output };
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
}

function peakRssMb(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const values = text.split("\n").filter(Boolean).map(Number);
  return values.length === 0 ? undefined : Math.max(...values) / 1024;
}

function run(command: string, args: readonly string[], options: MeasureOptions & { env: NodeJS.ProcessEnv }): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-64_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    // detached: the child leads its own process group, so a timeout stops its children too.
    const timer = options.timeoutMs
      ? setTimeout(() => {
          output += `\n[bench] timed out after ${options.timeoutMs} ms`;
          try {
            process.kill(-child.pid!, "SIGTERM");
          } catch {
            child.kill("SIGTERM");
          }
        }, options.timeoutMs)
      : undefined;
    child.on("error", reject);
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}
