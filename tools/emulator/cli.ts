/** `npm run emulator`: runs the emulator in the foreground until Ctrl-C. */
import { DEFAULT_EMULATOR_PORT, startEmulator } from "./emulator";

async function main(): Promise<void> {
  const port = Number(process.env.EMULATOR_PORT ?? DEFAULT_EMULATOR_PORT);
  const emulator = await startEmulator({ port, onOutput: (line) => console.log(line) });
  if (emulator.reused) {
    console.log(`An emulator already answers on ${emulator.endpoint}; nothing to start.`);
    return;
  }
  console.log(`Emulator on ${emulator.endpoint}; Ctrl-C stops it.`);
  const stop = () => void emulator.stop().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exitCode = 1;
});
