/** The `npm run state -- <env> <command>` grammar, parsed without side effects. */
import { parseOptions, UsageError } from "../../parse-options";

export type StateAction =
  | { readonly kind: "list" }
  | { readonly kind: "show"; readonly address: string }
  | { readonly kind: "outputs" }
  | { readonly kind: "pull"; readonly file: string }
  | { readonly kind: "versions" }
  /** `last`: how many of the newest versions to read. */
  | { readonly kind: "history"; readonly last: number }
  /** `to` undefined: the current version. */
  | { readonly kind: "diff"; readonly from: string; readonly to?: string }
  | { readonly kind: "restore"; readonly versionId: string; readonly backupFile?: string }
  | { readonly kind: "unlock"; readonly lockId: string };

export interface StateArgs {
  readonly environment: string;
  readonly action: StateAction;
  /** Skip the interactive confirmation of `restore` and `unlock`. */
  readonly yes: boolean;
}

export const DEFAULT_HISTORY_LENGTH = 20;

export const STATE_USAGE = [
  "usage: npm run state -- <env> <command> [--yes]",
  "  list                 resources in the environment's state",
  "  show ADDRESS         one resource's attributes",
  "  outputs              the stack outputs as JSON",
  "  pull FILE            write the current state to FILE (a backup)",
  "  versions             versions of the state object in the state bucket, newest first",
  "  history              each version's time, serial, lineage and resource count, newest first",
  `                       --last N  only the newest N versions (default ${DEFAULT_HISTORY_LENGTH}; each is one download)`,
  "  diff FROM [TO]       resources added, removed and changed from version FROM to TO (default: current);",
  "                       changed attributes by name, sensitive and secret-looking values redacted",
  "  restore VERSION      make VERSION the current state (backs up the current one first; asks to confirm)",
  "                       --backup FILE  where the backup goes (default: <env>-state-before-restore-<time>.tfstate)",
  "  unlock ID            release a stale lock held with ID (prints who held it; asks to confirm)",
  "  --yes                confirm restore/unlock without a prompt (required when stdin is not a terminal)",
].join("\n");

/** What each command takes after its name: its required operand's name, and an optional one's. */
const OPERANDS: Record<StateAction["kind"], { readonly required?: string; readonly optional?: string }> = {
  list: {},
  show: { required: "ADDRESS" },
  outputs: {},
  pull: { required: "FILE" },
  versions: {},
  history: {},
  diff: { required: "FROM", optional: "TO" },
  restore: { required: "VERSION" },
  unlock: { required: "ID" },
};

const usageError = (message: string) => new UsageError(message, STATE_USAGE);

const OPTIONS = {
  yes: { type: "boolean", short: "y", default: false },
  backup: { type: "string" },
  last: { type: "string" },
} as const;

export function parseStateArgs(argv: readonly string[], environments: readonly string[]): StateArgs {
  const { values, positionals } = parseOptions(argv, OPTIONS, { usage: STATE_USAGE, valueNames: { backup: "FILE", last: "N" } });
  const { yes, backup: backupFile, last } = values;
  const [environment, command, ...operands] = positionals;
  if (!environment) throw usageError("missing <env>");
  if (!environments.includes(environment)) {
    throw usageError(`unknown environment "${environment}"; allowed: ${environments.join(", ")}`);
  }
  if (!command) throw usageError("missing <command>");
  if (!isKind(command)) throw usageError(`unknown command "${command}"; allowed: ${Object.keys(OPERANDS).join(", ")}`);
  const { required, optional } = OPERANDS[command];
  if (required && operands.length === 0) throw usageError(`${command} needs ${required}`);
  const accepted = Number(required !== undefined) + Number(optional !== undefined);
  const surplus = operands.slice(accepted);
  if (surplus.length > 0) throw usageError(`unexpected argument(s) after ${command}: ${surplus.join(" ")}`);
  if (backupFile !== undefined && command !== "restore") throw usageError("--backup only applies to restore");
  if (last !== undefined && command !== "history") throw usageError("--last only applies to history");
  return { environment, action: toAction(command, operands, { backupFile, last }), yes };
}

function historyLength(last: string | undefined): number {
  if (last === undefined) return DEFAULT_HISTORY_LENGTH;
  if (!/^[1-9]\d{0,3}$/.test(last)) throw usageError(`--last is "${last}"; allowed: a whole number from 1 to 9999`);
  return Number(last);
}

function toAction(kind: StateAction["kind"], operands: readonly string[], { backupFile, last }: { backupFile?: string; last?: string }): StateAction {
  const [operand, second] = operands as [string, string | undefined];
  switch (kind) {
    case "history":
      return { kind, last: historyLength(last) };
    case "diff":
      return second === undefined ? { kind, from: operand } : { kind, from: operand, to: second };
    case "show":
      return { kind, address: operand };
    case "pull":
      return { kind, file: operand };
    case "restore":
      return backupFile === undefined ? { kind, versionId: operand } : { kind, versionId: operand, backupFile };
    case "unlock":
      return { kind, lockId: operand };
    case "list":
    case "outputs":
    case "versions":
      return { kind };
  }
}

function isKind(command: string): command is StateAction["kind"] {
  return Object.hasOwn(OPERANDS, command);
}
