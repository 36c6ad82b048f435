/**
 * The main job (`npm start`): the whole platform deployed on the local emulator and shown working.
 * 1. start the emulator (or reuse one on the local environment's port), 2. create the state bucket
 * with the bootstrap stack, 3. `cdktf deploy local`, 4. send the seed's orders and print where each
 * went, 5. submit a positive and a negative review and follow each (thank-you, case resolved),
 * 6. leave it running and print how to inspect and stop it. Stops at the first failing step.
 */
import "../../envs/exit-on-config-error";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { environmentNamed } from "../../envs";
import { readLines } from "./child-process";
import { existsSync } from "node:fs";
import { emulatorEndpoint, isEmulator, restartBackgroundEmulator, startBackgroundEmulator, stopBackgroundEmulator } from "./emulator/emulator";
import { clearDeployMark, deployMarkFile, describeRecovery, markDeployStarted, readDeployMark, recoveryFor } from "./interrupted-deploy";
import { emulatorBucketExists, terraformOutputs } from "./deployment";
import { runTour, TourOutputs } from "./tour";
import { AlarmOutputs, printAlarms } from "./tour-alarms";
import { ReviewsTourOutputs, runReviewsTour } from "./tour-reviews";
import { prepareTerraformCli } from "../terraform/cli-config";
import { requireTerraform } from "../terraform/terraform";
import { INTERRUPTED_EXIT_CODE, forwardInterrupts } from "../terraform/interruptible";
import { stackDir } from "../terraform/validate-stacks";

const PROJECT_DIR = process.cwd();
export const EMULATOR_DIR = join(PROJECT_DIR, ".emulator");
export const EMULATOR_PID_FILE = join(EMULATOR_DIR, "pid");
const EMULATOR_LOG = join(EMULATOR_DIR, "emulator.log");
const DEPLOY_MARK_FILE = deployMarkFile(PROJECT_DIR);
const INTERRUPTED = "interrupted: every running step was stopped and awaited (terraform released the state lock); nothing is deployed for sure";

class StepFailed extends Error {}

/** Set by Ctrl-C (SIGINT) or SIGTERM: the running child has the signal forwarded and is awaited, then the run ends. */
let interrupted = false;
function onInterrupt(): void {
  interrupted = true;
  // A step's child has its own forwarder and is awaited; between children nothing holds a lock.
  if (process.listenerCount("SIGINT") > 1) return;
  console.error(`\nnpm start ${INTERRUPTED}; what was deployed keeps running (npm stop removes it)`);
  process.exit(INTERRUPTED_EXIT_CODE);
}

async function main(): Promise<void> {
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onInterrupt);
  const started = Date.now();
  const local = environmentNamed("local");
  if (!local.emulator) throw new StepFailed('environment "local" has no emulator settings in envs/local.ts');
  const port = Number(new URL(local.emulator.endpoint).port || 443);
  requireTerraform();

  const emulator = await step(`start the emulator on port ${port}`, () => startCleanEmulator(port));
  console.log(emulator.started ? `    started, log: ${EMULATOR_LOG}` : `    reusing the emulator already on ${emulator.endpoint}`);
  try {
    await step("create the local state bucket (bootstrap stack)", async () => {
      if (await emulatorBucketExists(local.stateBackend.bucket, emulator.endpoint)) console.log(`    ${local.stateBackend.bucket} already exists`);
      else await run("bootstrap", ["tools/ops/bootstrap.ts", "local", "--auto-approve"], true);
    });
    markDeployStarted(DEPLOY_MARK_FILE, emulator.endpoint);
    await step("cdktf deploy local", () => run("deploy", ["tools/ops/cdktf.ts", "deploy", "local", "--auto-approve"], false));
    clearDeployMark(DEPLOY_MARK_FILE);
  } catch (error) {
    // Only an interrupted deploy may leave resources the state does not know; a failed one ended cleanly.
    if (!interrupted) clearDeployMark(DEPLOY_MARK_FILE);
    if (emulator.started) stopBackgroundEmulator(EMULATOR_PID_FILE);
    throw error;
  }
  const outputs = await step("read the deployment's outputs", () => terraformOutputs(stackDir("cdktf.out", "local"), prepareTerraformCli(PROJECT_DIR)));
  const complete = await step("send the seed's orders and follow them", () =>
    runTour(emulator.endpoint, outputs as unknown as TourOutputs, local.statusUpdates.webhooks?.subscribers[0]?.endpoint),
  );
  if (interrupted) throw new StepFailed(INTERRUPTED);
  if (!complete) throw new StepFailed("an order did not end where it should (see above; emulator log: .emulator/emulator.log)");
  if (local.reviews.enabled) {
    const reviewed = await step("submit a positive and a negative review and follow them", () =>
      runReviewsTour(emulator.endpoint, outputs as unknown as ReviewsTourOutputs),
    );
    if (!reviewed) throw new StepFailed("a review did not end where it should (see above; emulator log: .emulator/emulator.log)");
  }
  const watched = await step("read back the alarms and the dashboard", () =>
    printAlarms(emulator.endpoint, outputs as unknown as AlarmOutputs, local.namePrefix),
  );
  if (!watched) throw new StepFailed("an alarm does not notify the alarm topic, or the dashboard is missing (see above)");

  console.log(`\nDeployed and working in ${seconds(started)}. It keeps running. Inspect it with:`);
  console.log(`  npm run state -- local list        (or show ADDRESS, outputs, versions; see docs/runbook.md)`);
  console.log(`  npm run state -- local outputs`);
  console.log(`  npm run plan -- local              (a saved plan and its summary; no changes expected)`);
  console.log(`  npm run replay -- local --bus orders --from <ISO time> --to <ISO time>   (replays the archive; see docs/runbook.md)`);
  if (local.reviews.enabled) console.log(`  npm run review -- local list        (open customer-service cases; resolve <caseId> <decision>)`);
  console.log(`Stop it with: npm stop   (destroys the deployment, then stops the emulator)`);
}

/** The emulator for this run: an empty one when the last deploy never finished (see interrupted-deploy.ts). */
async function startCleanEmulator(port: number) {
  const endpoint = emulatorEndpoint(port);
  const recovery = recoveryFor(readDeployMark(DEPLOY_MARK_FILE), await isEmulator(endpoint), existsSync(EMULATOR_PID_FILE));
  const explanation = describeRecovery(recovery, endpoint);
  if (explanation) console.log(`    ${explanation}`);
  if (recovery.kind === "refuse") throw new StepFailed(explanation);
  clearDeployMark(DEPLOY_MARK_FILE);
  if (recovery.kind === "restart") return restartBackgroundEmulator(port, EMULATOR_LOG, EMULATOR_PID_FILE);
  return startBackgroundEmulator(port, EMULATOR_LOG, EMULATOR_PID_FILE);
}

/** Runs a step, printing its duration; any error becomes "failed at: <step>". */
async function step<T>(title: string, action: () => Promise<T>): Promise<T> {
  console.log(`\n==> ${title}`);
  const started = Date.now();
  try {
    const result = await action();
    if (interrupted) throw new StepFailed(INTERRUPTED);
    console.log(`    done in ${seconds(started)}`);
    return result;
  } catch (error) {
    if (interrupted) throw new StepFailed(`${INTERRUPTED} (at: ${title})`);
    throw new StepFailed(`failed at: ${title}\n${(error as Error).message}`);
  }
}

/**
 * A project tool as a child process. `quiet` keeps its output unless it fails, but still shows
 * its progress lines (`==> ...`), so a long step is never silent.
 */
function run(name: string, args: readonly string[], quiet: boolean): Promise<void> {
  // Its own process group: a Ctrl-C reaches it only through onInterrupt, which waits for it.
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: PROJECT_DIR, stdio: quiet ? "pipe" : "inherit", detached: true });
  const interrupts = forwardInterrupts(child, name);
  const output: string[] = [];
  const keep = (line: string) => {
    output.push(line);
    if (line.startsWith("==> ")) console.log(`    ${line.slice(4)}`);
  };
  if (quiet) {
    readLines(child.stdout!, keep);
    readLines(child.stderr!, keep);
  }
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      interrupts.dispose();
      if (code === 0) return resolve();
      reject(new Error(`${name} exited with code ${code}${quiet ? `\n${output.slice(-40).join("\n")}` : ""}`));
    });
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

main().catch((error: Error) => {
  console.error(`\nnpm start ${error instanceof StepFailed ? error.message : `failed: ${error.stack ?? error.message}`}`);
  process.exitCode = interrupted ? INTERRUPTED_EXIT_CODE : 1;
});
