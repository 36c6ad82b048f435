import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { codeSpan } from "./markdown-text";

/**
 * What the plan job records about a saved plan file, and the apply job checks before applying it:
 * the file's SHA-256, the environment and commit it was planned for, and the review's verdicts.
 */
export interface PlanArtifact {
  readonly environment: string;
  readonly commit: string;
  /** The plan file's name (`prod.tfplan`), not its path: the apply job downloads it elsewhere. */
  readonly planFile: string;
  readonly sha256: string;
  readonly permissionsBroadened: boolean;
  /** True when broader permissions were approved (`--allow-permission-broadening`). */
  readonly permissionBroadeningApproved: boolean;
  /** True when the environment blocks unapproved broader permissions (`planReview`). */
  readonly permissionGated: boolean;
}

export function sha256OfFile(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** `<dir>/prod.tfplan` -> `<dir>/prod.plan.artifact.json` */
export function artifactFileFor(planFile: string): string {
  return planFile.replace(/\.tfplan$/, ".plan.artifact.json");
}

export function writePlanArtifact(file: string, artifact: PlanArtifact): void {
  writeFileSync(file, `${JSON.stringify(artifact, null, 2)}\n`);
}

export function readPlanArtifact(file: string): PlanArtifact {
  let parsed: Partial<PlanArtifact>;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot read the plan record ${file}: ${(error as Error).message}`);
  }
  for (const field of ["environment", "commit", "planFile", "sha256"] as const) {
    if (typeof parsed[field] !== "string" || parsed[field] === "") throw new Error(`the plan record ${file} has no ${field}`);
  }
  return parsed as PlanArtifact;
}

export interface ExpectedPlan {
  readonly environment: string;
  readonly commit: string;
  readonly planFile: string;
}

/** Every reason not to apply the plan file: empty when it is the one reviewed for this environment and commit. */
export function planArtifactProblems(artifact: PlanArtifact, expected: ExpectedPlan): string[] {
  const problems: string[] = [];
  if (artifact.environment !== expected.environment) {
    problems.push(`the plan was made for environment "${artifact.environment}", not "${expected.environment}"`);
  }
  if (artifact.commit !== expected.commit) problems.push(`the plan was made for commit ${artifact.commit}, not ${expected.commit}`);
  if (artifact.planFile !== basename(expected.planFile)) problems.push(`the record is for ${artifact.planFile}, not ${basename(expected.planFile)}`);
  const actual = sha256OfFile(expected.planFile);
  if (actual !== artifact.sha256)
    problems.push(`${expected.planFile} has SHA-256 ${actual}, the reviewed plan had ${artifact.sha256}: the file changed after review`);
  if (artifact.permissionsBroadened && artifact.permissionGated && !artifact.permissionBroadeningApproved) {
    problems.push(`the plan broadens permissions in ${artifact.environment} and nobody approved it (--allow-permission-broadening)`);
  }
  return problems;
}

/** The Markdown line a reviewer compares with what the apply job applies. */
export function renderPlanArtifact(artifact: PlanArtifact): string[] {
  return [
    `Plan file ${codeSpan(artifact.planFile)} for ${codeSpan(artifact.environment)} at commit ${codeSpan(artifact.commit)}: SHA-256 ${codeSpan(artifact.sha256)}`,
    "",
  ];
}
