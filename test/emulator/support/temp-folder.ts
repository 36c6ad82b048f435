import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Everything a tier and its child processes (terraform, the emulator) write to the temp folder
 * goes to one folder of its own, which the teardown lists (anything left is reported) and removes.
 */
export function isolateTempFolder(): void {
  const runTmp = mkdtempSync(join(tmpdir(), "orders-e2e-tmp-"));
  process.env.E2E_SYSTEM_TMPDIR = process.env.TMPDIR ?? "";
  process.env.E2E_TMPDIR = runTmp;
  process.env.TMPDIR = runTmp;
}

/** Reports what the tier left in its own temp folder (see isolateTempFolder), then removes it. */
export function removeTempFolder(tier: string): void {
  const runTmp = process.env.E2E_TMPDIR;
  if (!runTmp) return;
  if (process.env.E2E_SYSTEM_TMPDIR) process.env.TMPDIR = process.env.E2E_SYSTEM_TMPDIR;
  else delete process.env.TMPDIR;
  if (process.env.KEEP_E2E_DIR) {
    console.log(`${tier} teardown: kept the tier's temp folder ${runTmp}`);
    return;
  }
  const left = readdirSync(runTmp);
  if (left.length > 0) console.log(`${tier} teardown: removing what was left in the temp folder: ${left.join(", ")}`);
  rmSync(runTmp, { recursive: true, force: true });
}
