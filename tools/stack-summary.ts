import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stackDir } from "./validate-stacks";

export interface StackSummary {
  readonly stack: string;
  readonly total: number;
  /** Resource type -> count, sorted by type. */
  readonly resourcesByType: ReadonlyMap<string, number>;
  readonly outputs: readonly string[];
}

/** Counts what a synthesized stack will create, from its cdk.tf.json. */
export function summarizeStack(outdir: string, stack: string): StackSummary {
  const config = JSON.parse(readFileSync(join(stackDir(outdir, stack), "cdk.tf.json"), "utf8")) as {
    resource?: Record<string, Record<string, unknown>>;
    output?: Record<string, unknown>;
  };
  const counts = Object.entries(config.resource ?? {})
    .map(([type, instances]) => [type, Object.keys(instances).length] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return {
    stack,
    total: counts.reduce((sum, [, count]) => sum + count, 0),
    resourcesByType: new Map(counts),
    outputs: Object.keys(config.output ?? {}).sort(),
  };
}

/** A table: one row per resource type, one column per stack. */
export function renderSummaryTable(summaries: readonly StackSummary[]): string {
  const types = [...new Set(summaries.flatMap((s) => [...s.resourcesByType.keys()]))].sort();
  const header = ["resource type", ...summaries.map((s) => s.stack)];
  const rows = [
    ...types.map((type) => [type, ...summaries.map((s) => String(s.resourcesByType.get(type) ?? 0))]),
    ["total", ...summaries.map((s) => String(s.total))],
    ["outputs", ...summaries.map((s) => String(s.outputs.length))],
  ];
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
