/**
 * The benchmark's targets, declared in one place. Times are judged as ratios to baselines measured
 * in the same run, interleaved (absolute times move 2x between machines of one kind); memory and
 * the full test command's wall time are absolute. A target compares MEDIANS.
 */
import { median } from "./stats";

/** A case's metric: `synth-all` `wall`. */
export interface MetricRef {
  readonly caseId: string;
  readonly metric: string;
}

export interface Target extends MetricRef {
  /** When set, the target judges median(case.metric) / median(baseline), a ratio in "x". */
  readonly baseline?: MetricRef;
  /** The measured median (or ratio) must be <= limit (inclusive) or < limit (exclusive). */
  readonly limit: number;
  readonly inclusive: boolean;
  readonly unit: string;
  readonly description: string;
}

const ratio = (caseId: string, baselineCase: string, limit: number, inclusive: boolean, description: string): Target => ({
  caseId,
  metric: "wall",
  baseline: { caseId: baselineCase, metric: "wall" },
  limit,
  inclusive,
  unit: "x",
  description,
});

export const TARGETS: readonly Target[] = [
  ratio("synth-all", "floor-provider", 0.35, true, "synth of all four environments, nothing changed, vs a naive provider require"),
  ratio("synth-cold", "floor-app", 2, true, "synth of all four environments after an edit vs the pre-bundled app's floor"),
  ratio("synth-all", "synth-one", 1.25, true, "synth of all four environments vs one, nothing changed"),
  { caseId: "scale", metric: "ratio", limit: 3, inclusive: false, unit: "x", description: "synth of 40 generated environments vs 4, nothing changed" },
  {
    caseId: "synth-cold",
    metric: "peakRss",
    limit: 200,
    inclusive: true,
    unit: "MB",
    description: "synth of all four environments after an edit, peak memory",
  },
  { caseId: "full-test", metric: "wall", limit: 480, inclusive: false, unit: "s", description: "full test command on 2 cores" },
];

export type TargetStatus = "pass" | "fail" | "not run";

export interface Verdict {
  readonly target: Target;
  readonly status: TargetStatus;
  /** The judged figure: the median, or the ratio of the two medians. */
  readonly measured?: number;
  /** For a ratio: the two medians it was made of, in the case's own unit (seconds). */
  readonly medians?: { readonly value: number; readonly baseline: number };
}

/** Samples per case id, then per metric name. */
export type MeasuredValues = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

export function meetsTarget(target: Target, measured: number): boolean {
  return target.inclusive ? measured <= target.limit : measured < target.limit;
}

export function compareWithTargets(measured: MeasuredValues, targets: readonly Target[] = TARGETS): Verdict[] {
  const medianOf = (ref: MetricRef) => {
    const values = measured[ref.caseId]?.[ref.metric];
    return values && values.length > 0 ? median(values) : undefined;
  };
  return targets.map((target) => {
    const value = medianOf(target);
    const baseline = target.baseline ? medianOf(target.baseline) : 1;
    if (value === undefined || baseline === undefined || baseline === 0) return { target, status: "not run" };
    const judged = value / baseline;
    const medians = target.baseline ? { medians: { value, baseline } } : {};
    return { target, status: meetsTarget(target, judged) ? "pass" : "fail", measured: judged, ...medians };
  });
}

/** What a target judges: `synth-all.wall` or `synth-all.wall / floor-app.wall`. */
export function describeMetric(target: Target): string {
  const own = `${target.caseId}.${target.metric}`;
  return target.baseline ? `${own} / ${target.baseline.caseId}.${target.baseline.metric}` : own;
}

export function describeLimit(target: Target): string {
  return `${target.inclusive ? "<=" : "<"} ${target.limit}${target.unit === "x" ? "x" : ` ${target.unit}`}`;
}
