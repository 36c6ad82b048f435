/**
 * The local emulator from the command line:
 *   node --import tsx tools/local/emulator/cli.ts start   # foreground until Ctrl-C; port from EMULATOR_PORT (4566)
 */
import { parseOptions, UsageError } from "../../parse-options";
import { DEFAULT_EMULATOR_PORT, emulatorTrustEnv, startEmulator } from "./emulator";

const USAGE = "usage: node --import tsx tools/local/emulator/cli.ts start   (EMULATOR_PORT picks the port, default 4566)";

async function start(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT);
  const emulator = await startEmulator({ port, onOutput: (line) => console.log(line) });
  if (emulator.reused) {
    console.log(`An emulator already answers on ${emulator.endpoint}; nothing to start.`);
    return;
  }
  const trust = Object.entries(emulatorTrustEnv(emulator.certFile)).map(([name, value]) => `${name}=${value}`);
  console.log(`Emulator on ${emulator.endpoint}; Ctrl-C stops it.`);
  console.log(`Its certificate: ${emulator.certFile} (clients trust it with ${trust.join(" ")})`);
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function main(argv: readonly string[]): Promise<void> {
  const { positionals } = parseOptions(argv, {}, { usage: USAGE });
  const [command = "start", ...extra] = positionals;
  if (command !== "start") throw new UsageError(`unknown command "${command}"; allowed: start`, USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument(s) after start: ${extra.join(" ")}`, USAGE);
  await start();
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
