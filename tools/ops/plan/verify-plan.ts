/**
 * `npm run plan:verify -- <environment> --plan FILE --commit SHA [--record FILE]`: before an apply,
 * checks that the plan file is the one reviewed: its SHA-256 matches the record the plan job wrote,
 * the record is for this environment and commit, and broader permissions in a gated environment
 * were approved. Exit code: 0 verified (the hash is printed), 1 refused (every reason printed).
 */
import { existsSync } from "node:fs";
import { artifactFileFor, planArtifactProblems, readPlanArtifact } from "./plan-artifact";
import { parseVerifyArgs } from "./verify-plan-args";

function main(): number {
  const args = parseVerifyArgs(process.argv.slice(2));
  if (!existsSync(args.planFile)) throw new Error(`no plan file ${args.planFile}`);
  const record = args.record ?? artifactFileFor(args.planFile);
  const artifact = readPlanArtifact(record);
  const problems = planArtifactProblems(artifact, { environment: args.environment, commit: args.commit, planFile: args.planFile });
  if (problems.length > 0) {
    console.error(`REFUSED: ${args.planFile} is not the plan reviewed for ${args.environment} at ${args.commit}:\n  - ${problems.join("\n  - ")}`);
    return 1;
  }
  console.log(`verified: ${args.planFile} SHA-256 ${artifact.sha256}, environment ${artifact.environment}, commit ${artifact.commit}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`plan:verify failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
