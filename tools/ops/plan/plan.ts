/**
 * `npm run plan -- <env> [--out DIR] [--allow-destructive] [--allow-permission-broadening] [--commit SHA]`:
 * synthesize the environment, then terraform init, plan to `<DIR>/<env>.tfplan`, `<DIR>/<env>.plan.json`,
 * `<DIR>/<env>.plan.md`, `<DIR>/<env>.plan.artifact.json` (SHA-256, environment, commit) and
 * `<DIR>/<env>.plan.summary.json` (each path printed with its label).
 * Exit code: 0 no changes, 2 changes, 3 stateful delete/replace in prod blocked, 4 broader
 * permissions in a gated environment (staging, prod) blocked, 1 error.
 * `local` plans against the emulator, which must be running (`npm start`).
 */
import "../../../envs/exit-on-config-error";
import { environmentNamed } from "../../../envs";
import type { EnvironmentConfig } from "../../../envs";
import { isEmulator } from "../../local/emulator/emulator";
import { emulatorBucketExists, synthesizeEnvironment } from "../../local/deployment";
import { prepareTerraformCli } from "../../terraform/cli-config";
import { requireTerraform } from "../../terraform/terraform";
import { execFileSync } from "node:child_process";
import { parsePlanArgs } from "./plan-args";
import { PLAN_EXIT, planStack } from "./plan-stack";

const PROJECT_DIR = process.cwd();
/** The emulator and its state bucket must be there before terraform can read local state. */
async function requireEmulator(config: EnvironmentConfig): Promise<void> {
  const endpoint = config.emulator!.endpoint;
  if (!(await isEmulator(endpoint))) {
    throw new Error(`the emulator is not running on ${endpoint}; "${config.name}" plans against it. Start it with \`npm start\` (or \`npm run emulator\`).`);
  }
  if (!(await emulatorBucketExists(config.stateBackend.bucket, endpoint))) {
    throw new Error(
      `the state bucket ${config.stateBackend.bucket} does not exist on ${endpoint}; create it with \`npm run bootstrap -- ${config.name} --auto-approve\` (or \`npm start\`).`,
    );
  }
}

async function main(): Promise<number> {
  const args = parsePlanArgs(process.argv.slice(2));
  const config = environmentNamed(args.environment);
  requireTerraform();
  if (config.emulator) await requireEmulator(config);
  console.log(`==> synth ${config.name}`);
  const stackDir = synthesizeEnvironment(config, "cdktf.out");
  console.log(`==> terraform init and plan in ${stackDir}`);
  const result = await planStack({
    stackDir,
    environment: config.name,
    outDir: args.outDir,
    cli: prepareTerraformCli(PROJECT_DIR),
    allowDestructive: args.allowDestructive,
    allowPermissionBroadening: args.allowPermissionBroadening,
    commit: args.commit ?? currentCommit(),
  });
  const { counts } = result.summary;
  console.log(`${config.name}: ${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete`);
  console.log(`plan file: ${result.planFile}`);
  console.log(`plan JSON: ${result.planJson}`);
  console.log(`summary:   ${result.markdownFile}`);
  console.log(`record:    ${result.artifactFile} (SHA-256 ${result.summary.artifact?.sha256})`);
  if (result.exitCode === PLAN_EXIT.destructiveBlocked) {
    console.error(
      `BLOCKED: ${result.summary.destructive.length} stateful delete/replace in ${config.name}; see the summary, re-run with --allow-destructive if intended`,
    );
  }
  if (result.exitCode === PLAN_EXIT.permissionsBlocked) {
    console.error(
      `BLOCKED: permissions broaden in ${config.name}; see the summary's Permissions section, re-run with --allow-permission-broadening once approved`,
    );
  }
  return result.exitCode;
}

/** The checked-out commit, which the plan file is recorded for unless --commit says otherwise. */
function currentCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("cannot read the current commit with `git rev-parse HEAD`; give it with --commit SHA");
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`npm run plan failed: ${error.message}`);
    process.exitCode = PLAN_EXIT.error;
  },
);
