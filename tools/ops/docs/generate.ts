/**
 * Regenerates the generated regions of the project's Markdown (see regions.ts) from the config,
 * the policy pack, the bench targets, the recorded bench runs and a synth of every environment.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { environments } from "../../../envs";
import { POLICY_PACK } from "../../../policy/pack";
import { TARGETS } from "../../bench/targets";
import { benchRunsTable, RECORDED_RUNS, readSavedBench } from "./bench-runs";
import { benchTargetTable } from "./bench-targets";
import { environmentTable } from "./environment-table";
import { policyRuleTable } from "./policy-rules";
import { orderStatusTable, statusReasonTable } from "./order-statuses";
import { fillRegions, regionNames } from "./regions";
import { resourceCounts } from "./resource-counts";

/** Every Markdown file that holds generated regions, relative to the project folder. */
export const GENERATED_DOCS = [
  "README.md",
  "docs/environments.md",
  "docs/policy-pack.md",
  "docs/performance.md",
  "docs/local-emulator.md",
  "docs/order-status.md",
] as const;

export const DOCS_COMMAND = "npm run docs";

export interface GeneratedDoc {
  readonly file: string;
  readonly committed: string;
  readonly generated: string;
}

/** Region name -> content; the synth runs once, and only when a region needs it. */
function regionContents(projectDir: string): (name: string) => string | undefined {
  let counts: Map<string, number> | undefined;
  const countsOnce = () => (counts ??= resourceCounts(environments));
  const contents: Record<string, () => string> = {
    environments: () => environmentTable(environments, countsOnce()),
    "resource-counts": () =>
      `Resources synthesized per environment: ${environments.map((config) => `${config.name} ${countsOnce().get(config.name)}`).join(", ")}.`,
    "policy-rules": () => policyRuleTable(POLICY_PACK),
    "policy-rule-count": () => `The pack has ${POLICY_PACK.length} rules, listed in [docs/policy-pack.md](docs/policy-pack.md).`,
    "bench-targets": () => benchTargetTable(TARGETS),
    "bench-runs": () => benchRunsTable(RECORDED_RUNS.map((run) => ({ label: run.label, bench: readSavedBench(projectDir, run) }))),
    "order-statuses": orderStatusTable,
    "status-reasons": statusReasonTable,
  };
  return (name) => contents[name]?.();
}

/** Each generated document as committed and as the generator would write it now. */
export function generateDocs(projectDir: string): GeneratedDoc[] {
  const contentOf = regionContents(projectDir);
  return GENERATED_DOCS.map((file) => {
    const committed = readFileSync(join(projectDir, file), "utf8");
    if (regionNames(committed).length === 0) throw new Error(`${file} is listed as generated but has no <!-- generated:NAME --> region`);
    return { file, committed, generated: fillRegions(committed, contentOf, file) };
  });
}
