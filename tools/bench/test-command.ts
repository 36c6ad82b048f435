/**
 * Runs an npm test script (`test`, `test:unit`) step by step, as npm would (its `&&` steps in
 * order, node_modules/.bin on the PATH), and times each step; jest steps also report every test
 * file's run time. The script in package.json stays the one definition of what the tests are.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { measureCommand } from "./measure";
import { round } from "./stats";
import { labelOf, parseResults } from "../test/side-by-side";

export interface TestStep {
  /** Short name: `tsc`, `lint:imports`, `biome`, `jest unit`, `side by side: jest a | jest b`. */
  readonly label: string;
  readonly command: string;
  readonly jest: boolean;
  /** For tools/test/side-by-side.ts: the commands it runs, in order (its reports are numbered so). */
  readonly sideBySide?: readonly string[];
}

const SIDE_BY_SIDE = "tools/test/side-by-side.ts";

export interface TestFileTime {
  readonly step: string;
  /** Path relative to the project. */
  readonly file: string;
  readonly seconds: number;
}

export interface TestCommandRun {
  readonly wall: number;
  /** Seconds per step label. */
  readonly steps: Readonly<Record<string, number>>;
  /** Seconds per command of a side-by-side step, by its label (they overlap: not parts of the wall time). */
  readonly lanes: Readonly<Record<string, number>>;
  readonly files: readonly TestFileTime[];
  readonly peakRssMb?: number;
}

/** The `&&` steps of an npm script, each with a label that names what it runs. */
export function testSteps(script: string): TestStep[] {
  return script.split("&&").map((part) => {
    const command = part.trim();
    const words = command.split(/\s+/);
    if (words[0] === "jest") return { label: jestLabel(command), command, jest: true };
    if (words.includes(SIDE_BY_SIDE)) {
      const commands = [...command.matchAll(/'([^']*)'/g)].map((match) => match[1]);
      return { label: `side by side: ${commands.map(jestLabel).join(" | ")}`, command, jest: false, sideBySide: commands };
    }
    if (words[0] === "npm") return { label: words.find((word) => word.includes(":")) ?? words[words.length - 1], command, jest: false };
    return { label: words[0], command, jest: false };
  });
}

function jestLabel(command: string): string {
  const label = labelOf(command);
  return label === "jest" ? "jest all" : `jest ${label}`;
}

/** Test files by their own run time, from jest's --json report (`startTime`/`endTime` per file, in ms). */
export function jestFileTimes(
  report: { testResults?: { name: string; startTime?: number; endTime?: number }[] },
  step: string,
  projectDir: string,
): TestFileTime[] {
  return (report.testResults ?? []).map((result) => ({
    step,
    file: result.name.replace(`${projectDir}/`, ""),
    seconds: result.startTime !== undefined && result.endTime !== undefined ? (result.endTime - result.startTime) / 1000 : 0,
  }));
}

export async function runTestCommand(projectDir: string, scriptName: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<TestCommandRun> {
  const script = (JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts[scriptName];
  if (!script) throw new Error(`package.json has no "${scriptName}" script`);
  const reportDir = mkdtempSync(join(tmpdir(), "orders-bench-jest-"));
  const steps: Record<string, number> = {};
  const lanes: Record<string, number> = {};
  const files: TestFileTime[] = [];
  let peakRssMb: number | undefined;
  try {
    for (const [index, step] of testSteps(script).entries()) {
      const report = join(reportDir, `${index}.json`);
      const sideBySideReports = join(reportDir, `${index}-side-by-side`);
      mkdirSync(sideBySideReports);
      const command = step.jest ? `${step.command} --json --outputFile=${report}` : step.command;
      const result = await measureCommand("sh", ["-c", command], {
        cwd: projectDir,
        env: { ...env, PATH: `${join(projectDir, "node_modules", ".bin")}${delimiter}${env.PATH ?? ""}`, SIDE_BY_SIDE_REPORT_DIR: sideBySideReports },
        timeoutMs,
      }).catch((error: Error) => {
        const reports = step.jest ? [report] : (step.sideBySide ?? []).map((_, part) => join(sideBySideReports, `${part}.json`));
        throw new Error(`${describeFailedTests(reports, projectDir)}${error.message}`);
      });
      steps[step.label] = result.seconds;
      for (const lane of step.sideBySide ? parseResults(result.output) : []) lanes[lane.label] = lane.seconds;
      if (result.peakRssMb !== undefined) peakRssMb = Math.max(peakRssMb ?? 0, result.peakRssMb);
      if (step.jest) files.push(...jestFileTimes(JSON.parse(readFileSync(report, "utf8")), step.label, projectDir));
      for (const [part, partCommand] of (step.sideBySide ?? []).entries()) {
        const partReport = JSON.parse(readFileSync(join(sideBySideReports, `${part}.json`), "utf8"));
        files.push(...jestFileTimes(partReport, jestLabel(partCommand), projectDir));
      }
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  const wall = Object.values(steps).reduce((sum, seconds) => sum + seconds, 0);
  return { wall, steps, lanes, files, peakRssMb };
}

/**
 * The failed tests named in jest's JSON reports, each with the start of its failure message: a
 * failed command's output is only kept in part, and its failures may be far from its end.
 */
export function describeFailedTests(reports: readonly string[], projectDir: string): string {
  const failed = reports
    .filter((report) => existsSync(report))
    .flatMap((report) => {
      const parsed = JSON.parse(readFileSync(report, "utf8")) as { testResults?: { name: string; status: string; message?: string }[] };
      return (parsed.testResults ?? []).filter((result) => result.status === "failed");
    })
    .map((result) => `${result.name.replace(`${projectDir}/`, "")}:\n${(result.message ?? "").slice(0, 2_000)}`);
  return failed.length === 0 ? "" : `failed test files:\n${failed.join("\n")}\n\n`;
}

/** "tsc 6% (12 s), jest unit 40% (80 s), ...": where a test command's time goes. */
export function describeShares(steps: Readonly<Record<string, number>>): string {
  const total = Object.values(steps).reduce((sum, seconds) => sum + seconds, 0);
  return Object.entries(steps)
    .map(([label, seconds]) => `${label} ${total === 0 ? 0 : Math.round((seconds / total) * 100)}% (${round(seconds)} s)`)
    .join(", ");
}

/** "unit 97 s, terraform+emulator 412 s": each lane of a side-by-side step, which run at the same time. */
export function describeLanes(lanes: Readonly<Record<string, number>>): string {
  return Object.entries(lanes)
    .map(([label, seconds]) => `${label} ${round(seconds)} s`)
    .join(", ");
}

/** The slowest test files, slowest first: "jest unit test/unit/x.test.ts 12 s; ...". */
export function describeSlowestFiles(files: readonly TestFileTime[], limit = 8): string {
  return [...files]
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, limit)
    .map((file) => `${file.file} ${round(file.seconds)} s (${file.step})`)
    .join("; ");
}
