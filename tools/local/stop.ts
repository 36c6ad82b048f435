/** `npm stop`: destroys the local deployment, then stops the emulator `npm start` started. */
import "../../envs/exit-on-config-error";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { environmentNamed } from "../../envs";
import { isEmulator, stopBackgroundEmulator } from "./emulator/emulator";
import { clearDeployMark, deployMarkFile } from "./interrupted-deploy";
import { INTERRUPTED_EXIT_CODE, runInterruptibly } from "../terraform/interruptible";

const PROJECT_DIR = process.cwd();
const PID_FILE = join(PROJECT_DIR, ".emulator", "pid");
/** A completed destroy leaves nothing for the next npm start to recover. */
const DEPLOY_MARK_FILE = deployMarkFile(PROJECT_DIR);

async function main(): Promise<number> {
  const endpoint = environmentNamed("local").emulator!.endpoint;
  if (!(await isEmulator(endpoint))) {
    // A pid file left by an emulator that died on its own: nothing answers, so nothing to destroy.
    if (existsSync(PID_FILE)) stopBackgroundEmulator(PID_FILE);
    console.log(`Nothing to stop: no emulator answers on ${endpoint}.`);
    return 0;
  }
  console.log(`==> cdktf destroy local (emulator at ${endpoint})`);
  const destroy = await runInterruptibly(process.execPath, ["--import", "tsx", "tools/ops/cdktf.ts", "destroy", "local", "--auto-approve"], {
    cwd: PROJECT_DIR,
    env: process.env,
  });
  if (destroy.interrupted) {
    console.error("npm stop interrupted: terraform stopped and released the state lock; the emulator is left running so you can retry");
    return INTERRUPTED_EXIT_CODE;
  }
  if (destroy.code !== 0) {
    console.error("npm stop failed at: cdktf destroy local; the emulator is left running so you can retry");
    return 1;
  }
  clearDeployMark(DEPLOY_MARK_FILE);
  if (!existsSync(PID_FILE)) {
    console.log(`Deployment destroyed. The emulator on ${endpoint} was not started by npm start: leaving it running.`);
  } else {
    console.log(stopBackgroundEmulator(PID_FILE) ? "Deployment destroyed and emulator stopped." : "Deployment destroyed; the emulator had already exited.");
  }
  return 0;
}

main().then((code) => (process.exitCode = code));
