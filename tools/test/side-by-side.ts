/**
 * Runs test commands side by side, each output line prefixed with the command's label, and exits
 * with the first failure's code. The shared-emulator tier spends most of its time waiting (the AWS
 * provider's settle-waits, event delivery), so on two cores the other tiers run beside it; a
 * command may start with `nice` to leave the CPU to the longest lane first.
 *
 *   node --import tsx tools/test/side-by-side.ts "jest --selectProjects a --runInBand" "nice -n 10 jest ..."
 *
 * Jest prints a lane's failures in the middle of the interleaved output, so the runner repeats each
 * failed lane's "Summary of all failing tests" at the end, where a CI log's tail shows it.
 *
 * SIDE_BY_SIDE_REPORT_DIR=<dir> adds `--json --outputFile=<dir>/<n>.json` to every jest command
 * (the bench reads each test file's time from there).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";

export interface LaneOutcome {
  readonly label: string;
  readonly code: number;
  readonly seconds: number;
}

export interface SideBySideResult extends LaneOutcome {
  /** The lane's jest "Summary of all failing tests", up to the totals (empty when none was printed). */
  readonly failures: readonly string[];
}

const FAILURE_SUMMARY = "Summary of all failing tests";
/** Enough for a few failures with their terraform output; the lane's full output is above. */
export const MAX_FAILURE_LINES = 200;

/** Keeps the lines from jest's failure summary up to its totals ("Test Suites: ..."). */
export function failureSummaryCollector(): { add(line: string): void; readonly lines: string[] } {
  const lines: string[] = [];
  let inSummary = false;
  return {
    lines,
    add(line: string) {
      const text = stripVTControlCharacters(line);
      if (text.includes(FAILURE_SUMMARY)) inSummary = true;
      else if (text.startsWith("Test Suites:")) inSummary = false;
      if (inSummary && lines.length < MAX_FAILURE_LINES) lines.push(line);
    },
  };
}

/** The words of a command without a leading `nice [-n N]`, which only lowers its priority. */
function withoutNice(command: string): string[] {
  const words = command.trim().split(/\s+/);
  if (words[0] !== "nice") return words;
  return words.slice(words[1] === "-n" ? 3 : 1);
}

/** "terraform+emulator" for a jest command selecting those projects, else the command's first word. */
export function labelOf(command: string): string {
  const words = withoutNice(command);
  if (words[0] !== "jest") return words[0];
  const start = words.indexOf("--selectProjects");
  if (start < 0) return "jest";
  const after = words.slice(start + 1);
  const end = after.findIndex((word) => word.startsWith("-"));
  return (end < 0 ? after : after.slice(0, end)).join("+");
}

/** The command as run: with a jest JSON report into `reportDir` when one is asked for. */
export function withReport(command: string, index: number, reportDir: string | undefined): string {
  if (!reportDir || withoutNice(command)[0] !== "jest") return command;
  return `${command} --json --outputFile=${join(reportDir, `${index}.json`)}`;
}

export function runSideBySide(commands: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<SideBySideResult[]> {
  const width = Math.max(...commands.map((command) => labelOf(command).length));
  const children = commands.map((command, index) => {
    const label = labelOf(command);
    const prefix = `[${label.padEnd(width)}] `;
    const started = Date.now();
    const child = spawn("sh", ["-c", withReport(command, index, env.SIDE_BY_SIDE_REPORT_DIR)], { env, stdio: ["ignore", "pipe", "pipe"] });
    const failures = failureSummaryCollector();
    createInterface({ input: child.stdout }).on("line", (line) => process.stdout.write(`${prefix}${line}\n`));
    createInterface({ input: child.stderr }).on("line", (line) => {
      failures.add(line);
      process.stderr.write(`${prefix}${line}\n`);
    });
    const done = new Promise<SideBySideResult>((resolve) =>
      child.on("close", (code, signal) =>
        resolve({ label, code: code ?? (signal ? 128 : 1), seconds: (Date.now() - started) / 1000, failures: failures.lines }),
      ),
    );
    return { child, done };
  });
  // Ctrl-C reaches the children from the terminal; a SIGTERM (a CI cancel) is passed on.
  process.once("SIGTERM", () => {
    for (const { child } of children) child.kill("SIGTERM");
  });
  return Promise.all(children.map(({ done }) => done));
}

export function describeResults(results: readonly LaneOutcome[]): string {
  return results.map(({ label, code, seconds }) => `${label} ${code === 0 ? "passed" : `failed (exit ${code})`} in ${seconds.toFixed(0)} s`).join(", ");
}

/** Each failed lane's failure summary again, under a heading naming the lane. */
export function describeFailures(results: readonly SideBySideResult[]): string {
  return results
    .filter(({ code, failures }) => code !== 0 && failures.length > 0)
    .map(({ label, failures }) => [`\n── ${label}: failed ──`, ...failures].join("\n"))
    .join("\n");
}

const SUMMARY = "side by side: ";

/** The results back from the summary line the runner prints last (the bench reads each lane's time there). */
export function parseResults(output: string): LaneOutcome[] {
  const line = output
    .split("\n")
    .filter((text) => text.startsWith(SUMMARY))
    .pop();
  if (!line) return [];
  return [...line.slice(SUMMARY.length).matchAll(/(\S+) (?:passed|failed \(exit (\d+)\)) in (\d+) s/g)].map((match) => ({
    label: match[1],
    code: match[2] === undefined ? 0 : Number(match[2]),
    seconds: Number(match[3]),
  }));
}

async function main(): Promise<void> {
  const commands = process.argv.slice(2);
  if (commands.length === 0) throw new Error('usage: side-by-side.ts "<command>" ["<command>" ...]');
  const results = await runSideBySide(commands);
  const failures = describeFailures(results);
  if (failures) console.error(failures);
  console.log(`\n${SUMMARY}${describeResults(results)}`);
  process.exitCode = results.find(({ code }) => code !== 0)?.code ?? 0;
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
