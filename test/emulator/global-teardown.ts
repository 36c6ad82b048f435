import { rmSync } from "node:fs";
import type { Emulator } from "../../tools/emulator/emulator";

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __emulator?: Emulator }).__emulator?.stop();
  const context = process.env.E2E_CONTEXT && JSON.parse(process.env.E2E_CONTEXT);
  if (context?.workDir && !process.env.KEEP_E2E_DIR) rmSync(context.workDir, { recursive: true, force: true });
}
