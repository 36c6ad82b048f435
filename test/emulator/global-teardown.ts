import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Emulator } from "../../tools/local/emulator/emulator";
import { deployArgs, terraform } from "../../tools/local/deployment";
import { projectResources } from "../../tools/local/project-resources";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import type { E2eContext } from "./support/context";
import { removeTempFolder } from "./support/temp-folder";

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
      const started = Date.now();
      await terraform(deployArgs("destroy", context.config), context.stackDir, cli);
      leftovers = await projectResources(context.endpoint, context.config.namePrefix);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(`emulator tier teardown: destroy removed ${present.length} named resources in ${seconds}s, ${leftovers.length} left`);
    }
  } finally {
    await (globalThis as { __emulator?: Emulator }).__emulator?.stop();
    if (context?.workDir && !process.env.KEEP_E2E_DIR) rmSync(context.workDir, { recursive: true, force: true });
    removeTempFolder("emulator tier");
  }
  if (leftovers.length > 0) throw new Error(`terraform destroy left project resources behind:\n  ${leftovers.join("\n  ")}`);
}
