/** `npm stop`: destroys the local deployment, then stops the emulator `npm start` started. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { environmentNamed } from "../../envs";
import { isEmulator, stopBackgroundEmulator } from "./emulator/emulator";

const PROJECT_DIR = process.cwd();
const PID_FILE = join(PROJECT_DIR, ".emulator", "pid");

async function main(): Promise<number> {
  const endpoint = environmentNamed("local").emulator!.endpoint;
  if (await isEmulator(endpoint)) {
    console.log(`==> cdktf destroy local (emulator at ${endpoint})`);
    const destroy = spawnSync(process.execPath, ["--import", "tsx", "tools/ops/cdktf.ts", "destroy", "local", "--auto-approve"], { cwd: PROJECT_DIR, stdio: "inherit" });
    if (destroy.status !== 0) {
      console.error("npm stop failed at: cdktf destroy local; the emulator is left running so you can retry");
      return 1;
    }
  } else {
    console.log(`No emulator answers on ${endpoint}: nothing to destroy.`);
  }
  if (existsSync(PID_FILE)) {
    console.log(stopBackgroundEmulator(PID_FILE) ? "==> emulator stopped" : "the emulator had already exited");
  } else {
    console.log("The emulator was not started by npm start; leaving it running.");
  }
  return 0;
}

main().then((code) => (process.exitCode = code));
