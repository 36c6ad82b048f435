/** Renders bench results: a console table, a Markdown page and JSON. Pure: no clock, no files. */
import type { SelfTime } from "./cpu-profile";
import { median, round, summarize } from "./stats";
import { describeLimit, describeMetric, MeasuredValues, Verdict } from "./targets";

export interface MetricResult {
  readonly name: string;
  readonly unit: string;
  readonly values: readonly number[];
}

export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly metrics: readonly MetricResult[];
  readonly notes: readonly string[];
  /** Set when the case failed; its metrics then hold the runs that finished. */
  readonly error?: string;
}

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverageStart: readonly number[];
  readonly loadAverageEnd: readonly number[];
}

export interface BenchReport {
  readonly generatedAt: string;
  readonly machine: MachineInfo;
  readonly runs: number;
  readonly heavyRuns: number;
  readonly cases: readonly CaseResult[];
  readonly verdicts: readonly Verdict[];
  /** Busiest other processes when the bench started (`ps`), since CPU may be shared. */
  readonly otherLoad: readonly string[];
  readonly profile?: { readonly command: string; readonly top: readonly SelfTime[]; readonly functions?: readonly SelfTime[] };
}

export function measuredValues(cases: readonly CaseResult[]): MeasuredValues {
  return Object.fromEntries(cases.map((result) => [result.id, Object.fromEntries(result.metrics.map((metric) => [metric.name, metric.values]))]));
}

const HEADERS = ["case", "metric", "median", "min - max", "spread", "runs"];

function measurementRows(cases: readonly CaseResult[]): string[][] {
  return cases.flatMap((result) =>
    result.metrics.length === 0
      ? [[result.id, "-", result.error ? "FAILED" : "no data", "", "", "0"]]
      : result.metrics.map((metric) => {
          const summary = summarize(metric.values);
          return [
            result.id,
            metric.name,
            withUnit(summary.median, metric.unit),
            `${withUnit(summary.min, metric.unit)} - ${withUnit(summary.max, metric.unit)}`,
            `${Math.round(summary.spreadPct)}%`,
            String(summary.runs),
          ];
        }),
  );
}

const VERDICT_HEADERS = ["target", "metric", "limit", "median", "from medians", "result"];

function verdictRows(verdicts: readonly Verdict[]): string[][] {
  return verdicts.map(({ target, status, measured, medians }) => [
    target.description,
    describeMetric(target),
    describeLimit(target),
    measured === undefined ? "-" : withUnit(measured, target.unit),
    medians ? `${withUnit(medians.value, "s")} / ${withUnit(medians.baseline, "s")}` : "",
    status === "pass" ? "pass" : status === "fail" ? "FAIL" : "not run",
  ]);
}

export function withUnit(value: number, unit: string): string {
  return unit === "x" ? `${round(value)}x` : `${round(value)} ${unit}`;
}

/** The cdktf CLI's own cost: median `cdktf synth` minus median synth-all, the same app command run directly. */
export function cliOverheadNote(cases: readonly CaseResult[]): string | undefined {
  const wall = (id: string) => cases.find((result) => result.id === id)?.metrics.find((metric) => metric.name === "wall")?.values;
  const cli = wall("synth-cli");
  const direct = wall("synth-all");
  if (!cli?.length || !direct?.length) return undefined;
  return `the cdktf CLI adds ${withUnit(median(cli) - median(direct), "s")} to the same synth run directly (its app command, \`node tools/synth/prebuilt-app.cjs main.ts\`)`;
}

export function missedTargets(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter((verdict) => verdict.status === "fail");
}

export function renderConsole(report: BenchReport): string {
  const missed = missedTargets(report.verdicts);
  const lines = [
    textTable(HEADERS, measurementRows(report.cases)),
    "",
    textTable(VERDICT_HEADERS, verdictRows(report.verdicts)),
    ...report.cases.filter((result) => result.error).map((result) => `\ncase ${result.id} FAILED: ${result.error}`),
  ];
  if (missed.length > 0) {
    lines.push("", "!".repeat(72), `!! ${missed.length} TARGET(S) MISSED: ${missed.map((verdict) => verdict.target.description).join("; ")}`, "!".repeat(72));
  }
  return lines.join("\n");
}

export function renderMarkdown(report: BenchReport): string {
  const { machine } = report;
  const sections = [
    "# Benchmark results (`npm run bench`)",
    "",
    `Generated ${report.generatedAt} on ${machine.cpus} x ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node} (${machine.platform}). ` +
      `Runs per case: ${report.runs} (light), ${report.heavyRuns} (heavy). Load average (1/5/15 min) ${machine.loadAverageStart.join(" / ")} at start, ` +
      `${machine.loadAverageEnd.join(" / ")} at the end.`,
    "",
    "## Measurements",
    "",
    markdownTable(HEADERS, measurementRows(report.cases)),
    "",
    "## Targets",
    "",
    markdownTable(VERDICT_HEADERS, verdictRows(report.verdicts)),
  ];
  const notes = report.cases.flatMap((result) =>
    [...result.notes, ...(result.error ? [`FAILED: ${result.error}`] : [])].map((note) => `- **${result.id}**: ${note}`),
  );
  if (notes.length > 0) sections.push("", "## Notes", "", ...notes);
  if (report.profile) {
    sections.push(
      "",
      "## Where synth time goes (CPU profile, self time)",
      "",
      `\`${report.profile.command}\``,
      "",
      markdownTable(
        ["module", "self ms", "share"],
        report.profile.top.map((entry) => [entry.module, String(entry.selfMs), `${entry.percent}%`]),
      ),
    );
    if (report.profile.functions?.length) {
      sections.push(
        "",
        "Hottest functions (node internals named with their caller):",
        "",
        markdownTable(
          ["function", "self ms", "share"],
          report.profile.functions.map((entry) => [entry.module, String(entry.selfMs), `${entry.percent}%`]),
        ),
      );
    }
  }
  if (report.otherLoad.length > 0) sections.push("", "## Other processes at start (busiest, %CPU)", "", "```", ...report.otherLoad, "```");
  return `${sections.join("\n")}\n`;
}

/** JSON with per-metric summaries next to the raw values. */
export function renderJson(report: BenchReport): string {
  const cases = report.cases.map((result) => ({
    ...result,
    metrics: result.metrics.map((metric) => {
      const summary = summarize(metric.values);
      return {
        ...metric,
        values: metric.values.map(round),
        median: round(summary.median),
        min: round(summary.min),
        max: round(summary.max),
        spreadPct: Math.round(summary.spreadPct),
      };
    }),
  }));
  const verdicts = report.verdicts.map(({ target, status, measured }) => ({
    ...target,
    status,
    measured: measured === undefined ? undefined : round(measured),
  }));
  return `${JSON.stringify({ ...report, cases, verdicts }, null, 2)}\n`;
}

export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}
