/**
 * The README's performance table: the recorded `npm run bench` runs (`docs/bench-runs/<run>/`,
 * each the bench's own results.json and RESULTS.md) judged against today's targets, so a changed
 * target shows against the figures it was measured by.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CaseResult, measuredValues, withUnit } from "../../bench/report";
import { compareWithTargets, describeLimit, describeMetric, MetricRef, meetsTarget, Target, TARGETS, Verdict } from "../../bench/targets";
import { code, markdownTable } from "./markdown";

export interface RecordedRun {
  /** The column heading: how the machine was loaded. */
  readonly label: string;
  /** The folder the bench wrote (`--out`), relative to the project. */
  readonly folder: string;
}

export const RECORDED_RUNS: readonly RecordedRun[] = [
  { label: "quiet", folder: "docs/bench-runs/quiet" },
  { label: "busy", folder: "docs/bench-runs/busy" },
];

/** What the table reads of a bench's results.json. */
export interface SavedBench {
  readonly generatedAt: string;
  readonly machine: { readonly cpus: number; readonly loadAverageStart: readonly number[]; readonly loadAverageEnd: readonly number[] };
  readonly runs: number;
  readonly heavyRuns: number;
  readonly cases: readonly CaseResult[];
  /** The bench's own verdicts, judged from unrounded samples (the cases' values are rounded). */
  readonly verdicts?: readonly SavedVerdict[];
}

/** A verdict as results.json keeps it: the target's fields beside the judged figure. */
export interface SavedVerdict extends MetricRef {
  readonly baseline?: MetricRef;
  readonly measured?: number;
}

export function readSavedBench(projectDir: string, run: RecordedRun): SavedBench {
  const file = join(run.folder, "results.json");
  const saved = JSON.parse(readFileSync(join(projectDir, file), "utf8")) as Partial<SavedBench>;
  if (!Array.isArray(saved.cases) || !saved.machine || typeof saved.generatedAt !== "string") {
    throw new Error(`${file} is not a bench report (npm run bench -- --out ${run.folder}): it lacks cases, machine or generatedAt`);
  }
  return saved as SavedBench;
}

/** `0.06x` (`0.3 s` / `5.03 s`): met — the judged figure, the two medians of a ratio, the outcome. */
function verdictCell(verdict: Verdict, failedCases: ReadonlySet<string>): string {
  const failed = [verdict.target.caseId, verdict.target.baseline?.caseId].find((id) => id !== undefined && failedCases.has(id));
  if (failed) return `**failed** (\`${failed}\` did not finish, see its report)`;
  if (verdict.measured === undefined) return "not run";
  const medians = verdict.medians ? ` (${code(withUnit(verdict.medians.value, "s"))} / ${code(withUnit(verdict.medians.baseline, "s"))})` : "";
  return `${code(withUnit(verdict.measured, verdict.target.unit))}${medians}: ${verdict.status === "pass" ? "met" : "**missed**"}`;
}

function conditions(label: string, bench: SavedBench): string {
  const { machine } = bench;
  return (
    `${label}: ${code(bench.generatedAt.slice(0, 10))}, ${code(machine.cpus)} cores, load ${code(machine.loadAverageStart[0])} to ` +
    `${code(machine.loadAverageEnd[0])}, runs per case ${code(bench.runs)} light, ${code(bench.heavyRuns)} heavy`
  );
}

const sameRef = (a: MetricRef | undefined, b: MetricRef | undefined) => a?.caseId === b?.caseId && a?.metric === b?.metric;

/**
 * The run's verdicts against today's targets. A ratio recomputed from the rounded medians can miss
 * the bench's own by a few hundredths, so a figure the run judged itself is taken as it stands and
 * only its limit is today's.
 */
function judge(bench: SavedBench, targets: readonly Target[]): Verdict[] {
  return compareWithTargets(measuredValues(bench.cases), targets).map((verdict) => {
    const own = bench.verdicts?.find((saved) => sameRef(saved, verdict.target) && sameRef(saved.baseline, verdict.target.baseline));
    if (own?.measured === undefined || verdict.measured === undefined) return verdict;
    return { ...verdict, measured: own.measured, status: meetsTarget(verdict.target, own.measured) ? "pass" : "fail" };
  });
}

export function benchRunsTable(runs: readonly { readonly label: string; readonly bench: SavedBench }[], targets: readonly Target[] = TARGETS): string {
  const judged = runs.map(({ bench }) => ({
    verdicts: judge(bench, targets),
    failedCases: new Set(bench.cases.filter((result) => result.error).map((result) => result.id)),
  }));
  const table = markdownTable(
    ["judged", "target", ...runs.map(({ label }) => label)],
    targets.map((target, row) => [
      code(describeMetric(target)),
      describeLimit(target),
      ...judged.map(({ verdicts, failedCases }) => verdictCell(verdicts[row], failedCases)),
    ]),
  );
  return `${table}\n\n${runs.map(({ label, bench }) => conditions(label, bench)).join("; ")}.`;
}
