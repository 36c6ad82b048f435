/** `npm run state -- <env> <command>`: state inspection for ops (see docs/runbook.md). */
import "../../../envs/exit-on-config-error";
import { createInterface } from "node:readline/promises";
import { EnvironmentConfig, environmentNamed, environments } from "../../../envs";
import { requireTerraform } from "../../terraform/terraform";
import { UsageError } from "../../parse-options";
import { parseStateArgs } from "./args";
import { ConfirmationRequired } from "./confirm";
import { runStateAction, StateIo } from "./commands";
import { isStoreAction, runStoreAction, StoreAction } from "./history";
import { openStateWorkspace, stateS3Client } from "./workspace";

/** Exit codes: 0 done, 1 failed, 2 bad usage, 3 not confirmed (nothing changed). */
export const EXIT = { ok: 0, failed: 1, usage: 2, notConfirmed: 3 } as const;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseStateArgs(
    argv,
    environments.map((env) => env.name),
  );
  const config = environmentNamed(args.environment);
  if (isStoreAction(args.action)) return printFromStore(args.action, config);
  requireTerraform();
  const workspace = await openStateWorkspace(config, process.cwd());
  const io: StateIo = {
    yes: args.yes,
    interactive: Boolean(process.stdin.isTTY),
    ask: async (question) => {
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await prompt.question(question);
      } finally {
        prompt.close();
      }
    },
    print: (text) => console.log(text),
    now: () => new Date(),
  };
  try {
    const outcome = await runStateAction(args.action, workspace, io);
    return outcome.confirmed ? EXIT.ok : EXIT.notConfirmed;
  } finally {
    workspace.s3.destroy();
  }
}

/** history and diff read the bucket only: no synth, no terraform, so they work without a workspace. */
async function printFromStore(action: StoreAction, config: EnvironmentConfig): Promise<number> {
  const s3 = stateS3Client(config);
  try {
    console.log(await runStoreAction(action, { location: config.stateBackend, s3 }));
    return EXIT.ok;
  } finally {
    s3.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error instanceof UsageError || error instanceof ConfirmationRequired ? error.message : `state: ${error.message}`);
    process.exit(error instanceof UsageError ? EXIT.usage : error instanceof ConfirmationRequired ? EXIT.notConfirmed : EXIT.failed);
  },
);
