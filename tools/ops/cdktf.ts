/**
 * The cdktf CLI with this project's Terraform CLI config: `npm run cdktf -- deploy dev`.
 * With a local provider mirror (offline machines) it adds --skip-provider-lock, because
 * `terraform providers lock` asks the registry directly and ignores the mirror.
 *
 * `deploy <stack>` and `destroy <stack>` are cdktf synth, then terraform init and apply/destroy in
 * the stack's directory, run here rather than by cdktf: cdktf aborts on Ctrl-C and leaves the state
 * locked, while here the interrupt is forwarded to terraform alone and awaited (it then writes the
 * state and releases the lock), and the run ends "interrupted" with exit code 130.
 */
import "../../envs/exit-on-config-error";
// Loading the environments first fails fast, with the message alone, on a config mistake.
import { environmentNamed } from "../../envs";
import { join } from "node:path";
import { prepareTerraformCli } from "../terraform/cli-config";
import { INTERRUPTED_EXIT_CODE, runInterruptibly } from "../terraform/interruptible";
import { StateLock, describeHeldLock, holderIsGone, lockInOutput } from "../terraform/state-lock";
import { terraformBinary } from "../terraform/terraform";
import { stackDir } from "../terraform/validate-stacks";

const PROJECT_DIR = process.cwd();
const LOCKING_COMMANDS = new Set(["deploy", "apply", "plan", "diff", "destroy"]);
const TERRAFORM_RUN: Record<string, string> = { deploy: "apply", apply: "apply", destroy: "destroy" };

const args = process.argv.slice(2);
const cli = prepareTerraformCli(PROJECT_DIR);
const cdktf = join(PROJECT_DIR, "node_modules", ".bin", "cdktf");

async function main(): Promise<number> {
  const [command, ...rest] = args;
  const stacks = rest.filter((arg) => !arg.startsWith("-"));
  if (TERRAFORM_RUN[command] && stacks.length === 1) return deploy(TERRAFORM_RUN[command], stacks[0], rest.includes("--auto-approve"));
  const skipLock = cli.mirror !== undefined && LOCKING_COMMANDS.has(command) && !args.includes("--skip-provider-lock");
  const result = await runInterruptibly(cdktf, skipLock ? [...args, "--skip-provider-lock"] : args, { cwd: PROJECT_DIR, env: cli.env });
  return finish(result.interrupted, result.code);
}

async function deploy(action: string, stack: string, autoApprove: boolean): Promise<number> {
  const { parallelism } = environmentNamed(stack).terraform;
  const synth = await runInterruptibly(cdktf, ["synth"], { cwd: PROJECT_DIR, env: cli.env });
  if (synth.interrupted || synth.code !== 0) return finish(synth.interrupted, synth.code);
  const dir = stackDir(join(PROJECT_DIR, "cdktf.out"), stack);
  const init = await runInterruptibly(terraformBinary(), ["init", "-input=false"], { cwd: dir, env: cli.env });
  if (init.interrupted || init.code !== 0) return finish(init.interrupted, init.code);
  const apply = () =>
    runInterruptibly(terraformBinary(), [action, "-input=false", `-parallelism=${parallelism}`, ...(autoApprove ? ["-auto-approve"] : [])], {
      cwd: dir,
      env: cli.env,
    });
  let run = await apply();
  const lock = run.interrupted ? undefined : lockInOutput(run.stderr);
  if (lock && releasable(stack, dir, lock)) {
    console.error(
      `\nThe emulator's state lock ${lock.id} (${lock.who}) belongs to a terraform run that no longer runs on this machine: releasing it and retrying.`,
    );
    const unlock = await runInterruptibly(terraformBinary(), ["force-unlock", "-force", lock.id], { cwd: dir, env: cli.env });
    if (unlock.interrupted || unlock.code !== 0) return finish(unlock.interrupted, unlock.code);
    run = await apply();
  } else if (lock) {
    console.error(`\n${describeHeldLock(stack, lock)}`);
  }
  return finish(run.interrupted, run.code);
}

/** Only the emulator's state, and only when no terraform on this machine can still hold the lock. */
function releasable(stack: string, dir: string, lock: StateLock): boolean {
  return environmentNamed(stack).deployTarget === "emulator" && holderIsGone(dir, lock);
}

function finish(interrupted: boolean, code: number): number {
  if (!interrupted) return code;
  console.error("interrupted: terraform has stopped and released the state lock; the run did not complete");
  return INTERRUPTED_EXIT_CODE;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  },
);
