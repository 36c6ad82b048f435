import { ConfigError } from "./config-error";

/**
 * Imported first by every command-line entry point, before the environments are loaded (which
 * throws at import): a config mistake is the user's, so it prints as its message alone, without
 * a stack trace or an object dump, and the command exits 1. Any other error keeps its stack.
 */
process.on("uncaughtException", (error) => {
  console.error(error instanceof ConfigError ? error.message : (error.stack ?? error));
  process.exit(1);
});
