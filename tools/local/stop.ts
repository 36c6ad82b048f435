/** `npm stop`: destroys the local deployment, then stops the emulator `npm start` started. */
import "../../envs/exit-on-config-error";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { environmentNamed } from "../../envs";
import { isEmulator, stopBackgroundEmulator } from "./emulator/emulator";

const PROJECT_DIR = process.cwd();
const PID_FILE = join(PROJECT_DIR, ".emulator", "pid");

async function main(): Promise<number> {
  const endpoint = environmentNamed("local").emulator!.endpoint;
  if (!(await isEmulator(endpoint))) {
    // A pid file left by an emulator that died on its own: nothing answers, so nothing to destroy.
    if (existsSync(PID_FILE)) stopBackgroundEmulator(PID_FILE);
    console.log(`Nothing to stop: no emulator answers on ${endpoint}.`);
    return 0;
  }
  console.log(`==> cdktf destroy local (emulator at ${endpoint})`);
  const destroy = spawnSync(process.execPath, ["--import", "tsx", "tools/ops/cdktf.ts", "destroy", "local", "--auto-approve"], {
    cwd: PROJECT_DIR,
    stdio: "inherit",
  });
  if (destroy.status !== 0) {
    console.error("npm stop failed at: cdktf destroy local; the emulator is left running so you can retry");
    return 1;
  }
  if (!existsSync(PID_FILE)) {
    console.log(`Deployment destroyed. The emulator on ${endpoint} was not started by npm start: leaving it running.`);
  } else {
    console.log(stopBackgroundEmulator(PID_FILE) ? "Deployment destroyed and emulator stopped." : "Deployment destroyed; the emulator had already exited.");
  }
  return 0;
}

main().then((code) => (process.exitCode = code));
