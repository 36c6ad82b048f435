/** The deploy and plan cases' emulator: the same code path as test/emulator/global-setup.ts, on its own port. */
import { appendFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { environmentNamed } from "../../envs";
import { resetEmulator, startEmulator } from "../local/emulator/emulator";
import { createEmulatorStateBucket, deployArgs, onEmulator, synthesizeEnvironment, terraform } from "../local/deployment";
import { prepareTerraformCli } from "../terraform/cli-config";
import { requireTerraform, runTerraform } from "../terraform/terraform";
import type { EmulatorSession } from "./cases";

/** Spare port: not a developer's 4566, not the emulator test tier's 4599. */
export const BENCH_EMULATOR_PORT = Number(process.env.BENCH_EMULATOR_PORT ?? 4690);

export function emulatorSession(projectDir: string, workDir: string, log: (message: string) => void): EmulatorSession {
  let started: Promise<Awaited<ReturnType<typeof start>>> | undefined;
  let lastStack: string | undefined;
  const logFile = join(workDir, "emulator.log");

  async function start() {
    requireTerraform();
    log(`starting the emulator on port ${BENCH_EMULATOR_PORT} (log: ${logFile})`);
    const running = await startEmulator({ port: BENCH_EMULATOR_PORT, onOutput: (line) => appendFileSync(logFile, `${line}\n`) });
    const config = onEmulator(environmentNamed("local"), running.endpoint);
    return { running, config, cli: prepareTerraformCli(projectDir) };
  }

  const session = () => (started ??= start());
  const timed = async <T>(seconds: Record<string, number>, step: string, run: () => Promise<T> | T): Promise<T> => {
    const begin = process.hrtime.bigint();
    const result = await run();
    seconds[step] = Number(process.hrtime.bigint() - begin) / 1e9;
    return result;
  };

  async function deployFromScratch() {
    const { running, config, cli } = await session();
    await resetEmulator(running.endpoint);
    const seconds: Record<string, number> = {};
    const begin = process.hrtime.bigint();
    const stackDir = await timed(seconds, "synth", () => synthesizeEnvironment(config, mkdtempSync(join(workDir, "deploy-"))));
    await createEmulatorStateBucket(config, running.endpoint);
    await timed(seconds, "init", () => terraform(["init", "-input=false"], stackDir, cli));
    await timed(seconds, "apply", () => terraform(deployArgs("apply", config), stackDir, cli));
    seconds.wall = Number(process.hrtime.bigint() - begin) / 1e9;
    lastStack = stackDir;
    return { stackDir, seconds };
  }

  return {
    deployFromScratch,
    appliedStack: async () => lastStack ?? (await deployFromScratch()).stackDir,
    terraform: async (args, cwd) => {
      const { cli } = await session();
      return runTerraform(args, { cwd, env: cli.env });
    },
    stop: async () => {
      if (started) await (await started).running.stop();
    },
  };
}
