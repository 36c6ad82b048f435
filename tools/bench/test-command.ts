/**
 * Runs an npm test script (`test`, `test:unit`) step by step, as npm would (its `&&` steps in
 * order, node_modules/.bin on the PATH), and times each step; jest steps also report every test
 * file's run time. The script in package.json stays the one definition of what the tests are.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { measureCommand } from "./measure";
import { round } from "./stats";

export interface TestStep {
  /** Short name: `tsc`, `lint:imports`, `biome`, `jest unit`, `jest terraform+emulator`. */
  readonly label: string;
  readonly command: string;
  readonly jest: boolean;
}

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
  readonly files: readonly TestFileTime[];
  readonly peakRssMb?: number;
}

/** The `&&` steps of an npm script, each with a label that names what it runs. */
export function testSteps(script: string): TestStep[] {
  return script.split("&&").map((part) => {
    const command = part.trim();
    const words = command.split(/\s+/);
    if (words[0] === "jest") {
      const after = words.indexOf("--selectProjects") >= 0 ? words.slice(words.indexOf("--selectProjects") + 1) : [];
      const end = after.findIndex((word) => word.startsWith("-"));
      const projects = end < 0 ? after : after.slice(0, end);
      return { label: `jest ${projects.join("+") || "all"}`, command, jest: true };
    }
    if (words[0] === "npm") return { label: words.find((word) => word.includes(":")) ?? words[words.length - 1], command, jest: false };
    return { label: words[0], command, jest: false };
  });
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
  const files: TestFileTime[] = [];
  let peakRssMb: number | undefined;
  try {
    for (const [index, step] of testSteps(script).entries()) {
      const report = join(reportDir, `${index}.json`);
      const command = step.jest ? `${step.command} --json --outputFile=${report}` : step.command;
      const result = await measureCommand("sh", ["-c", command], {
        cwd: projectDir,
        env: { ...env, PATH: `${join(projectDir, "node_modules", ".bin")}${delimiter}${env.PATH ?? ""}` },
        timeoutMs,
      });
      steps[step.label] = result.seconds;
      if (result.peakRssMb !== undefined) peakRssMb = Math.max(peakRssMb ?? 0, result.peakRssMb);
      if (step.jest) files.push(...jestFileTimes(JSON.parse(readFileSync(report, "utf8")), step.label, projectDir));
    }
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
  const wall = Object.values(steps).reduce((sum, seconds) => sum + seconds, 0);
  return { wall, steps, files, peakRssMb };
}

/** "tsc 6% (12 s), jest unit 40% (80 s), ...": where a test command's time goes. */
export function describeShares(steps: Readonly<Record<string, number>>): string {
  const total = Object.values(steps).reduce((sum, seconds) => sum + seconds, 0);
  return Object.entries(steps)
    .map(([label, seconds]) => `${label} ${total === 0 ? 0 : Math.round((seconds / total) * 100)}% (${round(seconds)} s)`)
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
