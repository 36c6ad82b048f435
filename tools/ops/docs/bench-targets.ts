/** The benchmark targets table of docs/performance.md, from tools/bench/targets.ts. */
import { describeLimit, Target } from "../../bench/targets";
import { code, markdownTable } from "./markdown";

export function benchTargetTable(targets: readonly Target[]): string {
  return markdownTable(
    ["case", "metric", "target", "what"],
    targets.map((target) => [code(target.caseId), target.metric, describeLimit(target), target.description]),
  );
}
