import { appendFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resetEmulator, startEmulator } from "../../tools/local/emulator/emulator";
import { createEmulatorStateBucket, deployArgs, synthesizeEnvironment, terraform, terraformOutputs } from "../../tools/local/deployment";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import { requireTerraform } from "../../tools/terraform/terraform";
import { E2eContext, TEST_EMULATOR_PORT, tierConfig } from "./support/context";
import { isolateTempFolder } from "./support/temp-folder";

const PROJECT = join(__dirname, "..", "..");

/**
 * Starts a fresh emulator on its own port (a developer's `local` deployment on 4566 is left alone),
 * then synthesizes the `local` environment against it and applies it with the real terraform.
 * Fails, never skips, when terraform, python3 or moto is missing.
 */
export default async function globalSetup(): Promise<void> {
  const timings: string[] = [];
  const timed = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    console.log(`emulator tier set-up: ${step}...`);
    const started = Date.now();
    const result = await run();
    timings.push(`${step} ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return result;
  };
  requireTerraform();
  isolateTempFolder();
  const workDir = mkdtempSync(join(tmpdir(), "orders-e2e-"));
  const logFile = join(workDir, "emulator.log");
  console.log("");
  const emulator = await timed("emulator", () => startEmulator({ port: TEST_EMULATOR_PORT, onOutput: (line) => appendFileSync(logFile, `${line}\n`) }));
  (globalThis as { __emulator?: unknown }).__emulator = emulator;
  await resetEmulator(emulator.endpoint);

  const config = tierConfig(emulator.endpoint);
  const stackDir = await timed("synth", async () => synthesizeEnvironment(config, join(workDir, "cdktf.out")));
  const cli = prepareTerraformCli(PROJECT);
  await createEmulatorStateBucket(config, emulator.endpoint);
  await timed("init", () => terraform(["init", "-input=false"], stackDir, cli));
  await timed("apply", () => terraform(deployArgs("apply", config), stackDir, cli));
  const outputs = await terraformOutputs(stackDir, cli);

  const context: E2eContext = { endpoint: emulator.endpoint, workDir, stackDir, logFile, outputs, config };
  process.env.E2E_CONTEXT = JSON.stringify(context);
  console.log(`\nemulator tier set-up: ${timings.join(", ")} (emulator log: ${logFile})`);
}
