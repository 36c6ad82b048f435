/**
 * Creates the state bucket of an environment's account: `npm run bootstrap -- <env> [--auto-approve]`.
 * Run once per account before the first `cdktf deploy <env>`.
 */
import "../../envs/exit-on-config-error";
import { spawnSync } from "node:child_process";
import { environmentNamed } from "../../envs";
import { stateBucketStackId } from "../../stacks/state-bucket-stack";
import { prepareTerraformCli } from "../terraform/cli-config";
import { parseOptions, UsageError } from "../parse-options";
import { requireTerraform, terraformBinary } from "../terraform/terraform";
import { stackDir } from "../terraform/validate-stacks";

const PROJECT_DIR = process.cwd();
const OUTDIR = "cdktf.out.bootstrap";
const USAGE = "usage: npm run bootstrap -- <environment> [--auto-approve]";

interface BootstrapArgs {
  readonly envName: string;
  readonly autoApprove: boolean;
}

function parseBootstrapArgs(argv: readonly string[]): BootstrapArgs {
  const { values, positionals } = parseOptions(argv, { "auto-approve": { type: "boolean", default: false } }, { usage: USAGE });
  if (positionals.length !== 1) throw new UsageError("give exactly one environment", USAGE);
  return { envName: positionals[0], autoApprove: values["auto-approve"] };
}

function main({ envName, autoApprove }: BootstrapArgs): number {
  const config = environmentNamed(envName);
  requireTerraform();
  const cli = prepareTerraformCli(PROJECT_DIR);
  const cwd = stackDir(OUTDIR, stateBucketStackId(config));
  const steps: [string, string, string[]][] = [
    ["synth bootstrap stacks", process.execPath, ["--import", "tsx", "bootstrap.ts"]],
    ["terraform init", terraformBinary(), ["init", "-input=false"]],
    ["terraform apply", terraformBinary(), ["apply", ...(autoApprove ? ["-auto-approve"] : [])]],
  ];
  console.log(`Bootstrapping state bucket ${config.stateBackend.bucket} for ${config.name} (account ${config.accountId})`);
  for (const [label, command, args] of steps) {
    console.log(`==> ${label}`);
    const result = spawnSync(command, args, {
      cwd: command === terraformBinary() ? cwd : PROJECT_DIR,
      env: { ...cli.env, TF_INPUT: "1" },
      stdio: "inherit",
    });
    if (result.status !== 0) {
      console.error(`bootstrap of ${config.name} failed at: ${label}`);
      return result.status ?? 1;
    }
  }
  return 0;
}

try {
  process.exitCode = main(parseBootstrapArgs(process.argv.slice(2)));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
