import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { TerraformCli } from "../../terraform/cli-config";
import { runTerraform } from "../../terraform/terraform";
import { artifactFileFor, PlanArtifact, sha256OfFile, writePlanArtifact } from "./plan-artifact";
import { EXIT_PERMISSIONS_BLOCKED, PERMISSION_GATED_ENVIRONMENTS } from "./permissions";
import { summarizePlanFile } from "./summary-files";
import { writeSummaryRecord } from "./summary-record";
import { EXIT_DESTRUCTIVE_BLOCKED, PlanSummary } from "./summary";
import { renderPlanMarkdown } from "./summary-markdown";

/** `npm run plan` exit codes: what CI and runbooks branch on. */
export const PLAN_EXIT = {
  noChanges: 0,
  error: 1,
  changes: 2,
  destructiveBlocked: EXIT_DESTRUCTIVE_BLOCKED,
  permissionsBlocked: EXIT_PERMISSIONS_BLOCKED,
} as const;

export interface PlanStackOptions {
  /** The synthesized stack directory (holds cdk.tf.json). */
  readonly stackDir: string;
  readonly environment: string;
  /** Where `<env>.tfplan`, `<env>.plan.json` and `<env>.plan.md` go. */
  readonly outDir: string;
  readonly cli: TerraformCli;
  /** @default false */
  readonly allowDestructive?: boolean;
  /** @default false */
  readonly allowPermissionBroadening?: boolean;
  /** The commit the plan file is recorded for (with its SHA-256). */
  readonly commit: string;
  /** Environments gating broader permissions. @default PERMISSION_GATED_ENVIRONMENTS */
  readonly permissionGatedEnvironments?: readonly string[];
}

export interface PlanStackResult {
  readonly exitCode: number;
  readonly planFile: string;
  readonly planJson: string;
  readonly markdownFile: string;
  /** `<env>.plan.artifact.json`: the plan file's SHA-256, environment, commit and verdicts. */
  readonly artifactFile: string;
  /** `<env>.plan.summary.json`: the summary as data, for the one PR comment of every environment. */
  readonly summaryRecordFile: string;
  readonly summary: PlanSummary;
}

/**
 * `terraform init`, `plan -out -detailed-exitcode`, `show -json`, then next to the plan file its
 * record (SHA-256, environment, commit), the summary Markdown and the summary as data. The saved
 * plan is what a later `terraform apply <env>.tfplan` applies unchanged, once its hash is checked.
 */
export async function planStack(options: PlanStackOptions): Promise<PlanStackResult> {
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const planFile = join(outDir, `${options.environment}.tfplan`);
  const planJson = join(outDir, `${options.environment}.plan.json`);
  const markdownFile = join(outDir, `${options.environment}.plan.md`);
  await terraformOk(["init", "-input=false", "-no-color"], options);
  const plan = await runTerraform(["plan", "-input=false", "-no-color", "-detailed-exitcode", `-out=${planFile}`], {
    cwd: options.stackDir,
    env: options.cli.env,
  });
  if (plan.code !== 0 && plan.code !== 2) throw new Error(`terraform plan failed in ${options.stackDir}:\n${plan.stderr || plan.stdout}`);
  writeFileSync(planJson, await terraformOk(["show", "-json", "-no-color", planFile], options));
  const review = {
    planJson,
    environment: options.environment,
    stackJson: join(options.stackDir, "cdk.tf.json"),
    allowDestructive: options.allowDestructive ?? false,
    allowPermissionBroadening: options.allowPermissionBroadening ?? false,
  };
  const { summary: unrecorded } = summarizePlanFile(review);
  const artifact: PlanArtifact = {
    environment: options.environment,
    commit: options.commit,
    planFile: basename(planFile),
    sha256: sha256OfFile(planFile),
    permissionsBroadened: unrecorded.permissionsBroadened,
    permissionBroadeningApproved: review.allowPermissionBroadening,
    permissionGated: (options.permissionGatedEnvironments ?? PERMISSION_GATED_ENVIRONMENTS).includes(options.environment),
  };
  const { summary, diagram } = summarizePlanFile({ ...review, artifact });
  const artifactFile = artifactFileFor(planFile);
  writePlanArtifact(artifactFile, artifact);
  writeFileSync(markdownFile, renderPlanMarkdown([summary], diagram ? { [options.environment]: diagram } : {}));
  const summaryRecordFile = join(outDir, `${options.environment}.plan.summary.json`);
  writeSummaryRecord(summaryRecordFile, { summary, diagram });
  return { exitCode: planExitCode(plan.code, summary), planFile, planJson, markdownFile, artifactFile, summaryRecordFile, summary };
}

/** From `terraform plan -detailed-exitcode` (0 none, 2 changes) and the summary's verdicts. */
export function planExitCode(terraformCode: number, summary: Pick<PlanSummary, "blocked" | "permissionsBlocked">): number {
  if (summary.blocked) return PLAN_EXIT.destructiveBlocked;
  if (summary.permissionsBlocked) return PLAN_EXIT.permissionsBlocked;
  if (terraformCode === 2) return PLAN_EXIT.changes;
  if (terraformCode === 0) return PLAN_EXIT.noChanges;
  return PLAN_EXIT.error;
}

async function terraformOk(args: readonly string[], options: PlanStackOptions): Promise<string> {
  const result = await runTerraform(args, { cwd: options.stackDir, env: options.cli.env });
  if (result.code !== 0) throw new Error(`terraform ${args[0]} failed in ${options.stackDir}:\n${result.stderr || result.stdout}`);
  return result.stdout;
}
