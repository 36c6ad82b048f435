/** The `npm run state -- <env> <command>` grammar, parsed without side effects. */

export type StateAction =
  | { readonly kind: "list" }
  | { readonly kind: "show"; readonly address: string }
  | { readonly kind: "outputs" }
  | { readonly kind: "pull"; readonly file: string }
  | { readonly kind: "versions" }
  | { readonly kind: "restore"; readonly versionId: string; readonly backupFile?: string }
  | { readonly kind: "unlock"; readonly lockId: string };

export interface StateArgs {
  readonly environment: string;
  readonly action: StateAction;
  /** Skip the interactive confirmation of `restore` and `unlock`. */
  readonly yes: boolean;
}

export const STATE_USAGE = [
  "usage: npm run state -- <env> <command> [--yes]",
  "  list                 resources in the environment's state",
  "  show ADDRESS         one resource's attributes",
  "  outputs              the stack outputs as JSON",
  "  pull FILE            write the current state to FILE (a backup)",
  "  versions             versions of the state object in the state bucket, newest first",
  "  restore VERSION      make VERSION the current state (backs up the current one first; asks to confirm)",
  "                       --backup FILE  where the backup goes (default: <env>-state-before-restore-<time>.tfstate)",
  "  unlock ID            release a stale lock held with ID (prints who held it; asks to confirm)",
  "  --yes                confirm restore/unlock without a prompt (required when stdin is not a terminal)",
].join("\n");

export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${STATE_USAGE}`);
    this.name = "UsageError";
  }
}

/** What each command takes after its name: the name of its one operand, if any. */
const OPERANDS: Record<StateAction["kind"], string | undefined> = {
  list: undefined,
  show: "ADDRESS",
  outputs: undefined,
  pull: "FILE",
  versions: undefined,
  restore: "VERSION",
  unlock: "ID",
};

export function parseStateArgs(argv: readonly string[], environments: readonly string[]): StateArgs {
  const { positionals, yes, backupFile } = splitFlags(argv);
  const [environment, command, operand, ...extra] = positionals;
  if (!environment) throw new UsageError("missing <env>");
  if (!environments.includes(environment)) {
    throw new UsageError(`unknown environment "${environment}"; allowed: ${environments.join(", ")}`);
  }
  if (!command) throw new UsageError("missing <command>");
  if (!isKind(command)) throw new UsageError(`unknown command "${command}"; allowed: ${Object.keys(OPERANDS).join(", ")}`);
  const operandName = OPERANDS[command];
  if (operandName && !operand) throw new UsageError(`${command} needs ${operandName}`);
  const surplus = operandName ? extra : [operand, ...extra].filter((value) => value !== undefined);
  if (surplus.length > 0) throw new UsageError(`unexpected argument(s) after ${command}: ${surplus.join(" ")}`);
  if (backupFile !== undefined && command !== "restore") throw new UsageError("--backup only applies to restore");
  return { environment, action: toAction(command, operand!, backupFile), yes };
}

function toAction(kind: StateAction["kind"], operand: string, backupFile: string | undefined): StateAction {
  switch (kind) {
    case "show":
      return { kind, address: operand };
    case "pull":
      return { kind, file: operand };
    case "restore":
      return backupFile === undefined ? { kind, versionId: operand } : { kind, versionId: operand, backupFile };
    case "unlock":
      return { kind, lockId: operand };
    default:
      return { kind };
  }
}

function splitFlags(argv: readonly string[]): { positionals: string[]; yes: boolean; backupFile?: string } {
  const positionals: string[] = [];
  let yes = false;
  let backupFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--yes" || arg === "-y") yes = true;
    else if (arg === "--backup") {
      backupFile = argv[++i];
      if (!backupFile) throw new UsageError("--backup needs FILE");
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else positionals.push(arg);
  }
  return { positionals, yes, backupFile };
}

function isKind(command: string): command is StateAction["kind"] {
  return Object.prototype.hasOwnProperty.call(OPERANDS, command);
}
