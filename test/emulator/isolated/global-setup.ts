import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireTerraform } from "../../../tools/terraform/terraform";
import { isolateTempFolder } from "../support/temp-folder";

/**
 * The files here start emulators of their own (on ports above the shared tier's) and deploy
 * nothing shared, so they run beside the shared tier. Fails, never skips, when terraform is missing.
 */
export default async function globalSetup(): Promise<void> {
  requireTerraform();
  isolateTempFolder();
  process.env.E2E_WORK_DIR = mkdtempSync(join(tmpdir(), "orders-e2e-isolated-"));
}
