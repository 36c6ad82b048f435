import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../tools/local/emulator/emulator";
import { terraform } from "../../tools/local/deployment";
import { projectResources } from "../../tools/local/project-resources";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import type { E2eContext } from "./support/context";

/**
 * Last step of the tier, after every test file: `terraform destroy` must leave no resource with
 * the environment's prefix behind. A leftover fails the run (listed), like a failing test.
 */
export default async function globalTeardown(): Promise<void> {
  const context: E2eContext | undefined = process.env.E2E_CONTEXT && JSON.parse(process.env.E2E_CONTEXT);
  let leftovers: string[] = [];
  try {
    if (context) {
      const cli = prepareTerraformCli(join(__dirname, "..", ".."));
      const present = await projectResources(context.endpoint, context.config.namePrefix);
      // The deployment has ~30 named resources; finding few means the lister is broken, not that all is clean.
      if (present.length < 20) throw new Error(`only ${present.length} project resources found before destroy: ${present.join(", ")}`);
      console.log(`\nemulator tier teardown: terraform destroy of ${present.length} named resources...`);
      await terraform(["destroy", "-auto-approve", "-input=false"], context.stackDir, cli);
      leftovers = await projectResources(context.endpoint, context.config.namePrefix);
      console.log(`emulator tier teardown: destroy removed ${present.length} named resources, ${leftovers.length} left`);
    }
  } finally {
    await (globalThis as { __emulator?: Emulator }).__emulator?.stop();
    if (context?.workDir && !process.env.KEEP_E2E_DIR) rmSync(context.workDir, { recursive: true, force: true });
    removeTempFolder();
  }
  if (leftovers.length > 0) throw new Error(`terraform destroy left project resources behind:\n  ${leftovers.join("\n  ")}`);
}

/** Reports what the tier left in its own temp folder (see global-setup), then removes it. */
function removeTempFolder(): void {
  const runTmp = process.env.E2E_TMPDIR;
  if (!runTmp) return;
  if (process.env.E2E_SYSTEM_TMPDIR) process.env.TMPDIR = process.env.E2E_SYSTEM_TMPDIR;
  else delete process.env.TMPDIR;
  if (process.env.KEEP_E2E_DIR) {
    console.log(`emulator tier teardown: kept the tier's temp folder ${runTmp}`);
    return;
  }
  const left = readdirSync(runTmp);
  if (left.length > 0) console.log(`emulator tier teardown: removing what was left in the temp folder: ${left.join(", ")}`);
  rmSync(runTmp, { recursive: true, force: true });
}
