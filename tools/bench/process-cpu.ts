/**
 * CPU time by kind of process while a command runs (terraform, the AWS provider, the emulator,
 * jest, ...): where a test command's CPU goes, which decides whether more parallelism can help.
 * Samples /proc every half second, so a process that lives less than that is missed; Linux only.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";

const PROC = "/proc";
const SAMPLE_MS = 500;

export type ProcessKind = "terraform" | "aws provider" | "emulator" | "jest" | "node" | "python" | "esbuild" | "other";

/** The kind of a process by its command line (arguments joined by spaces). */
export function processKind(commandLine: string): ProcessKind {
  if (/terraform-provider-aws|^terraform-provi$/.test(commandLine)) return "aws provider";
  if (/(^|\/)terraform(\s|$)/.test(commandLine)) return "terraform";
  if (/emulator\/launcher\.py/.test(commandLine)) return "emulator";
  if (/(^|\/)python3?(\.\d+)?(\s|$)/.test(commandLine)) return "python";
  if (/jest/.test(commandLine)) return "jest";
  if (/esbuild/.test(commandLine)) return "esbuild";
  if (/(^|\/)node(\s|$)/.test(commandLine)) return "node";
  return "other";
}

export interface Sample {
  readonly kind: ProcessKind;
  readonly cpuSeconds: number;
}

/** utime + stime of one /proc/<pid>/stat line, in seconds, and the process's start time (its identity with the pid). */
export function parseStat(stat: string, ticksPerSecond: number): { cpuSeconds: number; startTime: string } {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond, startTime: fields[19] };
}

/**
 * A process keeps the kind it was first seen with: one that has exited but not yet been reaped
 * (often its last sample, with all its CPU) has an empty command line.
 */
export function mergeSample(earlier: Sample | undefined, later: Sample): Sample {
  return earlier ? { kind: earlier.kind, cpuSeconds: later.cpuSeconds } : later;
}

function readProcesses(ticksPerSecond: number): Map<string, Sample> {
  const samples = new Map<string, Sample>();
  for (const pid of readdirSync(PROC)) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`${PROC}/${pid}/stat`, "utf8");
      const { cpuSeconds, startTime } = parseStat(stat, ticksPerSecond);
      const commandLine = readFileSync(`${PROC}/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      // No command line once exited: the name in the stat line (first 15 characters) is what is left.
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      samples.set(`${pid}@${startTime}`, { kind: processKind(commandLine || name), cpuSeconds });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return samples;
}

export interface CpuSampler {
  /** CPU seconds by kind since the sampler started (processes that ran before it count only what they used since). */
  stop(): Partial<Record<ProcessKind, number>>;
}

/** Undefined where there is no /proc (the bench then reports no CPU split). */
export function startCpuSampler(ticksPerSecond = 100): CpuSampler | undefined {
  if (!existsSync(`${PROC}/self/stat`)) return undefined;
  const before = readProcesses(ticksPerSecond);
  const latest = new Map<string, Sample>();
  const sample = () => {
    for (const [key, value] of readProcesses(ticksPerSecond)) latest.set(key, mergeSample(latest.get(key) ?? before.get(key), value));
  };
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const totals: Partial<Record<ProcessKind, number>> = {};
      for (const [key, { kind, cpuSeconds }] of latest) {
        const used = cpuSeconds - (before.get(key)?.cpuSeconds ?? 0);
        if (used > 0) totals[kind] = (totals[kind] ?? 0) + used;
      }
      return totals;
    },
  };
}

/** "aws provider 36% (425 s), terraform 22% (254 s), ...": largest first. */
export function describeCpu(totals: Partial<Record<ProcessKind, number>>): string {
  const sum = Object.values(totals).reduce((total, seconds) => total + (seconds ?? 0), 0);
  return Object.entries(totals)
    .sort(([, a], [, b]) => (b ?? 0) - (a ?? 0))
    .map(([kind, seconds]) => `${kind} ${sum === 0 ? 0 : Math.round(((seconds ?? 0) / sum) * 100)}% (${Math.round(seconds ?? 0)} s)`)
    .join(", ");
}
