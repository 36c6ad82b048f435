/** `npm run state -- <env> <command>`: state inspection for ops (see docs/runbook.md). */
import "../../../envs/exit-on-config-error";
import { createInterface } from "node:readline/promises";
import { environmentNamed, environments } from "../../../envs";
import { requireTerraform } from "../../terraform/terraform";
import { UsageError } from "../../parse-options";
import { parseStateArgs } from "./args";
import { ConfirmationRequired } from "./confirm";
import { runStateAction, StateIo } from "./commands";
import { openStateWorkspace } from "./workspace";

/** Exit codes: 0 done, 1 failed, 2 bad usage, 3 not confirmed (nothing changed). */
export const EXIT = { ok: 0, failed: 1, usage: 2, notConfirmed: 3 } as const;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseStateArgs(
    argv,
    environments.map((env) => env.name),
  );
  requireTerraform();
  const workspace = await openStateWorkspace(environmentNamed(args.environment), process.cwd());
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error instanceof UsageError || error instanceof ConfirmationRequired ? error.message : `state: ${error.message}`);
    process.exit(error instanceof UsageError ? EXIT.usage : error instanceof ConfirmationRequired ? EXIT.notConfirmed : EXIT.failed);
  },
);
