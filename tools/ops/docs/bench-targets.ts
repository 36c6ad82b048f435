/** The benchmark targets table of docs/performance.md, from tools/bench/targets.ts. */
import { describeLimit, describeMetric, Target } from "../../bench/targets";
import { code, markdownTable } from "./markdown";

export function benchTargetTable(targets: readonly Target[]): string {
  return markdownTable(
    ["judged", "target", "what"],
    targets.map((target) => [code(describeMetric(target)), describeLimit(target), target.description]),
  );
}
