/** Pure statistics over benchmark samples: no clocks here, so they are unit-testable. */

export interface Summary {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** (max - min) / median, in percent: how noisy the runs were. */
  readonly spreadPct: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median: no values (a case must run at least once)");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(values: readonly number[]): Summary {
  const mid = median(values);
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { runs: values.length, median: mid, min, max, spreadPct: mid === 0 ? 0 : ((max - min) / mid) * 100 };
}

/** Rounds for display and JSON: 2 decimals under 10, 1 above, whole numbers from 1000. */
export function round(value: number): number {
  const decimals = Math.abs(value) >= 1000 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
