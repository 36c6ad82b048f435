/**
 * The benchmark's targets, declared in one place. Figures are for a 2-core, 24 GB machine;
 * a target compares the MEDIAN of a case's metric with its limit.
 */
import { median } from "./stats";

export interface Target {
  readonly caseId: string;
  readonly metric: string;
  /** The measured median must be <= limit (inclusive) or < limit (exclusive). */
  readonly limit: number;
  readonly inclusive: boolean;
  readonly unit: string;
  readonly description: string;
}

export const TARGETS: readonly Target[] = [
  { caseId: "synth-all", metric: "wall", limit: 2.5, inclusive: true, unit: "s", description: "synth of all four environments, wall time" },
  { caseId: "synth-all", metric: "peakRss", limit: 300, inclusive: true, unit: "MB", description: "synth of all four environments, peak memory" },
  { caseId: "unit", metric: "wall", limit: 20, inclusive: true, unit: "s", description: "unit-test tier" },
  { caseId: "validate", metric: "wall", limit: 40, inclusive: true, unit: "s", description: "terraform validate of all environments" },
  { caseId: "deploy", metric: "wall", limit: 120, inclusive: true, unit: "s", description: "local deployment from scratch" },
  { caseId: "plan", metric: "wall", limit: 20, inclusive: true, unit: "s", description: "no-op plan of one environment" },
  { caseId: "scale", metric: "ratio", limit: 4, inclusive: false, unit: "x", description: "synth of 40 generated environments vs 4" },
];

export type TargetStatus = "pass" | "fail" | "not run";

export interface Verdict {
  readonly target: Target;
  readonly status: TargetStatus;
  readonly measured?: number;
}

/** Samples per case id, then per metric name. */
export type MeasuredValues = Readonly<Record<string, Readonly<Record<string, readonly number[]>>>>;

export function meetsTarget(target: Target, measured: number): boolean {
  return target.inclusive ? measured <= target.limit : measured < target.limit;
}

export function compareWithTargets(measured: MeasuredValues, targets: readonly Target[] = TARGETS): Verdict[] {
  return targets.map((target) => {
    const values = measured[target.caseId]?.[target.metric];
    if (!values || values.length === 0) return { target, status: "not run" };
    const value = median(values);
    return { target, status: meetsTarget(target, value) ? "pass" : "fail", measured: value };
  });
}

export function describeLimit(target: Target): string {
  return `${target.inclusive ? "<=" : "<"} ${target.limit}${target.unit === "x" ? "x" : ` ${target.unit}`}`;
}
