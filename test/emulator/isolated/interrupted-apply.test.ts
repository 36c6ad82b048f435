import { spawn } from "node:child_process";
import { join } from "node:path";
import { App, TerraformStack } from "cdktf";
import { EnvironmentConfig, environmentNamed } from "../../../envs";
import { setDeploymentLocation } from "../../../modules/arn";
import { LogGroup } from "../../../modules/log-group";
import { configureAwsProvider } from "../../../stacks/aws-provider";
import { configureRemoteState } from "../../../stacks/remote-state";
import { Emulator, emulatorEndpoint, startEmulator } from "../../../tools/local/emulator/emulator";
import { createEmulatorStateBucket, deployArgs, onEmulator, terraform } from "../../../tools/local/deployment";
import { prepareTerraformCli } from "../../../tools/terraform/cli-config";
import { runTerraform, terraformBinary } from "../../../tools/terraform/terraform";
import { INTERRUPTED_EXIT_CODE } from "../../../tools/terraform/interruptible";
import { stackDir } from "../../../tools/terraform/validate-stacks";
import { TEST_EMULATOR_PORT, tierWorkDir } from "../support/context";
import { actAfterCreations, interruptAfterCreations } from "../support/interrupt";

const workDir = tierWorkDir();
const PROJECT_DIR = join(__dirname, "..", "..", "..");
const cli = prepareTerraformCli(PROJECT_DIR);
/** A second emulator of its own: killing it must not disturb the tier's shared deployment. */
const PORT = TEST_EMULATOR_PORT + 2;
/** Another emulator of its own for the Ctrl-C run (the other ports above the tier's are taken). */
const CTRL_C_PORT = TEST_EMULATOR_PORT + 5;
/** Resources created before the kill: enough that the apply is well under way. */
const CREATED_BEFORE_KILL = 5;
/** Log groups in the stack, created two at a time, so most are still to come at the kill. */
const LOG_GROUPS = 20;
const PARALLELISM = 2;

/**
 * The subject is how an apply ends and what the next run finds, not the platform's resources: a
 * stack of the project's provider and remote state (S3 with its lock file) and a few log groups
 * converges in seconds, where the whole local stack takes minutes of provider start-up and settle
 * waits. The deployed tier applies the whole stack.
 */
function synthesizeLogGroups(config: EnvironmentConfig, outdir: string): string {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "interrupted");
  setDeploymentLocation(stack, config);
  configureAwsProvider(stack, config);
  configureRemoteState(stack, config);
  for (let index = 0; index < LOG_GROUPS; index++) new LogGroup(stack, `Log${index}`, { name: `/interrupted/log-${index}`, retentionDays: 1 });
  app.synth();
  return stackDir(outdir, "interrupted");
}

/** The stack synthesized into `folder`, an emulator of its own on `port` with the state bucket, and `terraform init` done. */
async function stackOnOwnEmulator(port: number, folder: string): Promise<{ config: EnvironmentConfig; stackDir: string; emulator: Emulator }> {
  const local = onEmulator(environmentNamed("local"), emulatorEndpoint(port));
  const config = { ...local, terraform: { ...local.terraform, parallelism: PARALLELISM } };
  const stackDir = synthesizeLogGroups(config, join(workDir, folder));
  const emulator = await startEmulator({ port });
  await createEmulatorStateBucket(config, emulator.endpoint);
  await terraform(["init", "-input=false"], stackDir, cli);
  return { config, stackDir, emulator };
}

describe("an apply interrupted by the emulator dying", () => {
  let emulator: Emulator | undefined;
  afterAll(async () => emulator?.stop());

  it("fails with a connection error, and a rerun on a restarted emulator converges to no changes", async () => {
    const deployed = await stackOnOwnEmulator(PORT, "interrupted");
    const { config, stackDir } = deployed;
    emulator = deployed.emulator;

    const started = Date.now();
    const interrupted = await applyKillingEmulatorAfter(CREATED_BEFORE_KILL, stackDir, config, emulator);
    const failedAfter = Date.now() - started;
    expect(interrupted.created).toBeGreaterThanOrEqual(CREATED_BEFORE_KILL);
    expect(interrupted.code).not.toBe(0);
    expect(interrupted.output).toMatch(/connection refused|connect: connection|EOF|error/i);

    // moto keeps nothing across a restart (state, lock and resources are gone together), so
    // converging means: bootstrap the state bucket again, apply, and find nothing left to do.
    emulator = await startEmulator({ port: PORT });
    await createEmulatorStateBucket(config, emulator.endpoint);
    await terraform(deployArgs("apply", config), stackDir, cli);
    const plan = await runTerraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { cwd: stackDir, env: cli.env });
    expect({ code: plan.code, output: plan.code === 0 ? "" : plan.stdout + plan.stderr }).toEqual({ code: 0, output: "" });
    console.log(
      `interrupted apply: failed ${(failedAfter / 1000).toFixed(1)}s after start, rerun converged ${((Date.now() - started - failedAfter) / 1000).toFixed(1)}s later`,
    );
  }, 300_000);
});

describe("an apply interrupted by Ctrl-C", () => {
  let emulator: Emulator | undefined;
  afterAll(async () => emulator?.stop());

  it("stops terraform gracefully, ends 'interrupted' with 130 and no success, and the next run takes the lock", async () => {
    const deployed = await stackOnOwnEmulator(CTRL_C_PORT, "ctrl-c");
    const { config, stackDir } = deployed;
    emulator = deployed.emulator;

    const interrupted = await applyInterruptedAfter(CREATED_BEFORE_KILL, stackDir, config);
    expect(interrupted.created).toBeGreaterThanOrEqual(CREATED_BEFORE_KILL);
    expect(interrupted.code).toBe(INTERRUPTED_EXIT_CODE);
    expect(interrupted.output).toMatch(/interrupted/);
    expect(interrupted.output).not.toMatch(/Apply complete/);

    // The emulator kept running: the state and its lock file are still there, and the lock is free,
    // so the next run takes it and plans what is left. (An apply may still meet a resource whose
    // creation was in flight at the interrupt: terraform cancels it and may not record it.)
    const next = await runTerraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { cwd: stackDir, env: cli.env });
    expect({ code: next.code, lockError: /Error acquiring the state lock/.test(next.stderr) }).toEqual({ code: 2, lockError: false });
    expect(next.stdout).toMatch(/Plan: \d+ to add/);
  }, 300_000);
});

/**
 * Runs apply the way the project's tools do (runInterruptibly) and presses Ctrl-C once `count`
 * resources exist.
 */
function applyInterruptedAfter(count: number, cwd: string, config: EnvironmentConfig) {
  const runner = join(__dirname, "..", "..", "..", "tools", "terraform", "interruptible.ts");
  const script = [
    `const loaded = await import(${JSON.stringify(runner)});`,
    // tsx hands a CommonJS-compiled module to import() as its default export.
    `const { runInterruptibly, INTERRUPTED_EXIT_CODE } = loaded.runInterruptibly ? loaded : loaded.default;`,
    `const args = ${JSON.stringify([...deployArgs("apply", config), "-no-color"])};`,
    `const result = await runInterruptibly(${JSON.stringify(terraformBinary())}, args, { cwd: ${JSON.stringify(cwd)}, env: process.env });`,
    `if (result.interrupted) console.error("interrupted");`,
    `process.exit(result.interrupted ? INTERRUPTED_EXIT_CODE : result.code);`,
  ].join("\n");
  // Started from the project, where tsx resolves; terraform runs in the stack directory.
  const session = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: PROJECT_DIR, env: cli.env, detached: true });
  return interruptAfterCreations(session, count);
}

/** Runs apply, stops the emulator once `count` resources exist, and reports how apply ended. */
function applyKillingEmulatorAfter(count: number, cwd: string, config: EnvironmentConfig, emulator: Emulator) {
  const apply = spawn(terraformBinary(), [...deployArgs("apply", config), "-no-color"], { cwd, env: cli.env });
  return actAfterCreations(apply, count, () => void emulator.stop());
}
