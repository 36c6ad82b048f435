/**
 * The cdktf CLI with this project's Terraform CLI config: `npm run cdktf -- deploy dev`.
 * With a local provider mirror (offline machines) it adds --skip-provider-lock, because
 * `terraform providers lock` asks the registry directly and ignores the mirror.
 */
import "../../envs/exit-on-config-error";
// Loading the environments first fails fast, with the message alone, on a config mistake.
import "../../envs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { prepareTerraformCli } from "../terraform/cli-config";

const PROJECT_DIR = process.cwd();
const LOCKING_COMMANDS = new Set(["deploy", "apply", "plan", "diff", "destroy"]);

const args = process.argv.slice(2);
const cli = prepareTerraformCli(PROJECT_DIR);
const skipLock = cli.mirror !== undefined && LOCKING_COMMANDS.has(args[0]) && !args.includes("--skip-provider-lock");
const result = spawnSync(join(PROJECT_DIR, "node_modules", ".bin", "cdktf"), skipLock ? [...args, "--skip-provider-lock"] : args, {
  cwd: PROJECT_DIR,
  env: cli.env,
  stdio: "inherit",
});
process.exitCode = result.status ?? 1;
