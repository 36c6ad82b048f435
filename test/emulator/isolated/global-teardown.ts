import { rmSync } from "node:fs";
import { removeTempFolder } from "../support/temp-folder";

export default async function globalTeardown(): Promise<void> {
  const workDir = process.env.E2E_WORK_DIR;
  if (workDir && !process.env.KEEP_E2E_DIR) rmSync(workDir, { recursive: true, force: true });
  removeTempFolder("isolated emulator tier");
}
