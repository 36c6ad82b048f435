// Run by emulator.test.ts as a separate process: starts an emulator on the port given, says so,
// and waits to be killed (the test checks that the emulator goes with it).
import { startEmulator } from "../../../tools/local/emulator/emulator";

startEmulator({ port: Number(process.argv[2]) }).then(
  (emulator) => {
    console.log(`STARTED ${emulator.endpoint}`);
    setInterval(() => undefined, 60_000);
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
