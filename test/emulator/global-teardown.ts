import { rmSync } from "node:fs";
import type { Emulator } from "../../tools/local/emulator/emulator";
import type { E2eContext } from "./support/context";
import { removeTempFolder } from "./support/temp-folder";

/**
 * Last step of the tier, after every test file: stops its emulator, which takes the deployment
 * with it, and removes the work folder. That `terraform destroy` leaves nothing behind is proven
 * beside this tier, on the deployment `npm start` makes (isolated/interrupted-start.test.ts), so
 * this tier's longest chain does not wait for the provider's queue-policy delete waits.
 */
export default async function globalTeardown(): Promise<void> {
  const context: E2eContext | undefined = process.env.E2E_CONTEXT && JSON.parse(process.env.E2E_CONTEXT);
  await (globalThis as { __emulator?: Emulator }).__emulator?.stop();
  if (context?.workDir && !process.env.KEEP_E2E_DIR) rmSync(context.workDir, { recursive: true, force: true });
  removeTempFolder("emulator tier");
}
