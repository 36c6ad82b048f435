import { CloudWatchLogsClient, CreateLogGroupCommand } from "@aws-sdk/client-cloudwatch-logs";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { basename, join } from "node:path";
import { awsClientConfig, emulatorEndpoint, isEmulator, startBackgroundEmulator, stopBackgroundEmulator } from "../../../tools/local/emulator/emulator";
import { prepareTerraformCli } from "../../../tools/terraform/cli-config";
import { runTerraform } from "../../../tools/terraform/terraform";
import { environmentNamed } from "../../../envs";
import { deployArgs, onEmulator, terraform } from "../../../tools/local/deployment";
import { projectResources } from "../../../tools/local/project-resources";
import { INTERRUPTED_EXIT_CODE } from "../../../tools/terraform/interruptible";
import { TEST_EMULATOR_PORT, tierWorkDir } from "../support/context";
import { interruptAfterCreations } from "../support/interrupt";

const workDir = tierWorkDir();
const PROJECT_DIR = join(__dirname, "..", "..", "..");
/** An emulator of its own, as a developer's npm start has on 4566. */
const PORT = TEST_EMULATOR_PORT + 6;
const CREATED_BEFORE_CTRL_C = 5;
const WEBHOOK_PORT = PORT + 1;
/** What a checkout holds that npm start writes or installs: the copy gets its own or a link. */
const NOT_COPIED = new Set([
  "node_modules",
  ".git",
  "cdktf.out",
  "cdktf.out.bootstrap",
  "bootstrap-state",
  ".emulator",
  ".terraform",
  ".terraform-cli",
  ".state",
  "bench",
  "plans",
  "coverage",
]);

/**
 * `npm start` run twice in a checkout of its own (so a developer's `.emulator/` and `cdktf.out/`
 * are untouched): the first run is stopped with Ctrl-C while it deploys onto an emulator an earlier
 * npm start left running; the next run must succeed even when a creation that was in flight left a
 * resource on the emulator that the state does not know. Then `terraform destroy` of what it
 * deployed must leave no resource with the environment's prefix (the shared tier's teardown only
 * stops its emulator).
 */
describe("npm start after a Ctrl-C during its deploy, then terraform destroy", () => {
  const checkout = join(workDir, "interrupted-start");
  afterAll(() => {
    stopBackgroundEmulator(join(checkout, ".emulator", "pid"));
    rmSync(checkout, { recursive: true, force: true });
  });

  it("ends the interrupted run with 130 and no success line; the next run restarts the emulator empty and succeeds; destroy leaves nothing", async () => {
    copyCheckout(checkout);
    await startBackgroundEmulator(PORT, join(checkout, ".emulator", "emulator.log"), join(checkout, ".emulator", "pid"));

    const interrupted = await interruptAfterCreations(npmStart(checkout), CREATED_BEFORE_CTRL_C);
    expect(interrupted.created).toBeGreaterThanOrEqual(CREATED_BEFORE_CTRL_C);
    expect({ code: interrupted.code, said: /npm start interrupted/.test(interrupted.output) }).toEqual({ code: INTERRUPTED_EXIT_CODE, said: true });
    expect(interrupted.output).not.toMatch(/Deployed and working/);
    expect(await isEmulator(emulatorEndpoint(PORT))).toBe(true);
    // The worst case of a creation in flight at Ctrl-C: it happened, and the state never heard of it.
    const orphan = await leaveLogGroupTheStateLacks(checkout);

    const next = await runToEnd(npmStart(checkout));
    expect({ code: next.code, tail: next.code === 0 ? "" : next.output.slice(-3000) }).toEqual({ code: 0, tail: "" });
    expect(next.output).toContain(`Restarting the emulator on ${emulatorEndpoint(PORT)} empty, so this deploy starts clean.`);
    expect(next.output).toMatch(/Deployed and working in/);
    console.log(`interrupted npm start: ${interrupted.created} resources created before Ctrl-C; planted ${orphan}; the next npm start succeeded`);

    // What npm start deployed, destroyed: no resource with the environment's prefix is left.
    const config = onEmulator(environmentNamed("local"), emulatorEndpoint(PORT));
    const present = await projectResources(config.emulator!.endpoint, config.namePrefix);
    // The deployment has ~60 named resources; finding few means the lister is broken, not that all is clean.
    expect(present.length).toBeGreaterThan(20);
    await terraform(deployArgs("destroy", config), join(checkout, "cdktf.out", "stacks", "local"), prepareTerraformCli(checkout));
    expect(await projectResources(config.emulator!.endpoint, config.namePrefix)).toEqual([]);
  }, 900_000);
});

function copyCheckout(dir: string): void {
  cpSync(PROJECT_DIR, dir, { recursive: true, filter: (path) => !NOT_COPIED.has(basename(path)) || !isTopLevel(path) });
  symlinkSync(join(PROJECT_DIR, "node_modules"), join(dir, "node_modules"));
  // Without a provider mirror the provider comes through the plugin cache, hundreds of MB: share the
  // project's instead of filling another.
  mkdirSync(join(dir, ".terraform-cli"), { recursive: true });
  symlinkSync(join(prepareTerraformCli(PROJECT_DIR).configFile, "..", "plugin-cache"), join(dir, ".terraform-cli", "plugin-cache"));
}

function isTopLevel(path: string): boolean {
  return join(path, "..") === PROJECT_DIR;
}

function npmStart(cwd: string) {
  return spawn(process.execPath, ["--import", "tsx", "tools/local/start.ts"], {
    cwd,
    // Its tour's webhook receiver must not take the shared tier's port, which runs beside this file.
    env: { ...process.env, EMULATOR_PORT: String(PORT), WEBHOOK_PORT: String(WEBHOOK_PORT) },
    detached: true,
  });
}

function runToEnd(child: ReturnType<typeof npmStart>): Promise<{ code: number; output: string }> {
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? 1, output })));
}

/**
 * Leaves a log group that exists on the emulator and that the state does not know, as a creation in
 * flight at Ctrl-C can: one the state recorded is forgotten (`state rm`), or, when none was
 * recorded yet, one the stack declares is created behind terraform's back. Returns its address.
 */
async function leaveLogGroupTheStateLacks(checkout: string): Promise<string> {
  const stackDir = join(checkout, "cdktf.out", "stacks", "local");
  const cli = prepareTerraformCli(checkout);
  const listed = await runTerraform(["state", "list"], { cwd: stackDir, env: cli.env });
  const inState = listed.stdout.split("\n").filter((address) => address.startsWith("aws_cloudwatch_log_group."));
  if (inState.length > 0) {
    const forgotten = await runTerraform(["state", "rm", inState[0]], { cwd: stackDir, env: cli.env });
    if (forgotten.code !== 0) throw new Error(`terraform state rm ${inState[0]} failed:\n${forgotten.stderr}`);
    return `${inState[0]} (forgotten by the state)`;
  }
  const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, { name?: unknown }>> };
  const declared = Object.entries(stack.resource.aws_cloudwatch_log_group ?? {}).find(
    ([, group]) => typeof group.name === "string" && !group.name.includes("${"),
  );
  if (!declared) throw new Error("the local stack declares no log group with a literal name");
  const logs = new CloudWatchLogsClient(awsClientConfig(emulatorEndpoint(PORT)));
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: declared[1].name as string }));
  } finally {
    logs.destroy();
  }
  return `aws_cloudwatch_log_group.${declared[0]} (created behind terraform's back)`;
}
