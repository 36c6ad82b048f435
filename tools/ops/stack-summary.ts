import { readFileSync } from "node:fs";
import { join } from "node:path";
import { POLICY_REPORT_KEY, PolicySummary } from "../../policy/aspect";
import { stackDir } from "../terraform/validate-stacks";

export interface StackSummary {
  readonly stack: string;
  readonly total: number;
  /** Resource type -> count, sorted by type. */
  readonly resourcesByType: ReadonlyMap<string, number>;
  readonly outputs: readonly string[];
  /** What the policy pack reported at synth (written under `"//"."policy"`); absent for a stack without the pack. */
  readonly policy?: PolicySummary;
}

/** Counts what a synthesized stack will create, from its cdk.tf.json. */
export function summarizeStack(outdir: string, stack: string): StackSummary {
  const config = JSON.parse(readFileSync(join(stackDir(outdir, stack), "cdk.tf.json"), "utf8")) as {
    resource?: Record<string, Record<string, unknown>>;
    output?: Record<string, unknown>;
    "//"?: Record<string, unknown>;
  };
  const counts = Object.entries(config.resource ?? {})
    .map(([type, instances]) => [type, Object.keys(instances).length] as const)
    .sort(([a], [b]) => a.localeCompare(b));
  return {
    stack,
    total: counts.reduce((sum, [, count]) => sum + count, 0),
    resourcesByType: new Map(counts),
    outputs: Object.keys(config.output ?? {}).sort(),
    policy: config["//"]?.[POLICY_REPORT_KEY] as PolicySummary | undefined,
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

/**
 * What reviewers must see besides the resource counts: every policy finding an environment's
 * config turns into a warning, and every suppression with its reason. Errors never get here:
 * they fail synth.
 */
export function renderPolicySummary(summaries: readonly StackSummary[]): string {
  const checked = summaries.filter((s) => s.policy);
  if (checked.length === 0) return "policy pack: not applied to these stacks";
  const lines = [`policy pack: ${checked[0].policy!.rules} rules; every stack passed (errors fail synth)`];
  for (const { stack, policy } of checked) {
    const { warningRules, warnings, suppressions, unusedSuppressions } = policy!;
    const rules = warningRules.length > 0 ? ` (warning rules: ${warningRules.join(", ")})` : "";
    lines.push(`  ${stack}: ${warnings.length} warning(s)${rules}, ${suppressions.length} suppression(s)`);
    for (const [ruleId, found] of groupBy(warnings, (w) => w.ruleId)) {
      const details = [...new Set(found.map((w) => w.detail))].join("; ");
      lines.push(`    warning     ${ruleId} on ${found.length === 1 ? found[0].address : `${found.length} resources`}: ${details}`);
    }
    for (const s of suppressions) lines.push(`    suppressed  ${s.ruleId} ${s.address}: ${s.reason}`);
    for (const u of unusedSuppressions) lines.push(`    unused      suppression of ${u.ruleId} on ${u.path} covers no finding: remove it`);
  }
  return lines.join("\n");
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
