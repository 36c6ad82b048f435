import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { renderEventFlow } from "./event-flow";
import type { PlanArtifact } from "./plan-artifact";
import { parsePlanJson } from "./plan-json";
import { constructPaths, readStackJson } from "./stack-json";
import { PlanSummary, summarizePlan } from "./summary";

export interface PlanFileInput {
  /** `terraform show -json <planfile>` output. */
  readonly planJson: string;
  readonly environment: string;
  /** The synthesized cdk.tf.json the plan was made from; without it no module grouping and no diagram. */
  readonly stackJson?: string;
  readonly allowDestructive: boolean;
  /** @default false */
  readonly allowPermissionBroadening?: boolean;
  /** The saved plan file's record, shown with the summary. */
  readonly artifact?: PlanArtifact;
}

export interface SummarizedPlan {
  readonly summary: PlanSummary;
  readonly diagram?: string;
}

export function summarizePlanFile(input: PlanFileInput): SummarizedPlan {
  const plan = parsePlanJson(readFileSync(input.planJson, "utf8"), input.planJson);
  const stack = input.stackJson ? readStackJson(input.stackJson) : undefined;
  const summary = summarizePlan(plan, {
    environment: input.environment,
    constructPaths: stack ? constructPaths(stack) : undefined,
    allowDestructive: input.allowDestructive,
    allowPermissionBroadening: input.allowPermissionBroadening,
    artifact: input.artifact,
  });
  return { summary, diagram: stack ? renderEventFlow(stack) : undefined };
}

/** `prod.plan.json` -> `prod`: the name `npm run plan` gives its files. */
export function environmentFromFileName(file: string): string {
  return basename(file).split(".")[0];
}

/** Where `npm run synth`/`npm run plan` leave an environment's synthesized stack, if it is there. */
export function defaultStackJson(projectDir: string, environment: string): string | undefined {
  const file = join(projectDir, "cdktf.out", "stacks", environment, "cdk.tf.json");
  return existsSync(file) ? file : undefined;
}
