import { readFileSync, writeFileSync } from "node:fs";
import type { PlanSummary } from "./summary";

/**
 * An environment's summary as data (`<env>.plan.summary.json`): the plan jobs write one each, and
 * the comment job renders every environment's into the one PR comment without re-reading plans.
 */
export interface SummaryRecord {
  readonly summary: PlanSummary;
  readonly diagram?: string;
}

export function writeSummaryRecord(file: string, record: SummaryRecord): void {
  writeFileSync(file, `${JSON.stringify(record)}\n`);
}

export function readSummaryRecord(file: string): SummaryRecord {
  let parsed: Partial<SummaryRecord>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the plan summary ${file}: ${(error as Error).message}`);
  }
  const summary = parsed.summary as Partial<PlanSummary> | undefined;
  if (!summary || typeof summary.environment !== "string" || !summary.counts || !Array.isArray(summary.changes) || !Array.isArray(summary.permissions)) {
    throw new Error(`${file} is not a plan summary written by npm run plan (no environment, counts, changes or permissions)`);
  }
  return parsed as SummaryRecord;
}
