/** Command-line parsing for every tool: `node:util` parseArgs, strict, with errors in our words. */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

type StrictConfig<Options extends ParseArgsOptionsConfig> = { args: string[]; options: Options; strict: true; allowPositionals: true };
export type ParsedOptions<Options extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<StrictConfig<Options>>>;

/** A command line the tool cannot run: the message names the argument and what is allowed, then the usage. */
export class UsageError extends Error {
  constructor(message: string, usage?: string) {
    super(usage === undefined ? message : `${message}\n${usage}`);
    this.name = "UsageError";
  }
}

export interface ParseOptionsHelp<Options extends ParseArgsOptionsConfig> {
  /** Appended to every error. */
  readonly usage?: string;
  /** What a value option needs, for its error: `{ backup: "FILE" }` reads `--backup needs FILE`. */
  readonly valueNames?: Partial<Record<keyof Options, string>>;
}

/**
 * Options and positionals of `argv`. Throws a UsageError naming the option for an unknown option,
 * a value option without its value (`--out` last, or followed by another option), or a value
 * given to a flag (`--yes=1`).
 */
export function parseOptions<const Options extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: Options,
  help: ParseOptionsHelp<Options> = {},
): ParsedOptions<Options> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, options, help.valueNames ?? {}), help.usage);
  }
}

/** `--a, --b`, for an error message. */
export function optionList(options: ParseArgsOptionsConfig): string {
  const names = Object.keys(options).map((name) => `--${name}`);
  return names.length > 0 ? names.join(", ") : "none";
}

function describeParseError(error: unknown, options: ParseArgsOptionsConfig, valueNames: Record<string, string | undefined>): string {
  const { code, message } = error as { code?: string; message: string };
  const option = longForm(optionNamedIn(message), options);
  const name = option.replace(/^--/, "");
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      // `-auto-approve` reaches here as `-a`: one dash starts a group of one-letter options.
      return `unknown option ${option}${option.startsWith("--") ? "" : " (long options take two dashes)"}; allowed: ${optionList(options)}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return options[name]?.type === "boolean" ? `${option} takes no value` : `${option} needs ${valueNames[name] ?? "a value"}`;
    default:
      throw error;
  }
}

/** `--out` for `-o` when `out` has the short form `o`; unknown options as given. */
function longForm(option: string, options: ParseArgsOptionsConfig): string {
  const long = Object.keys(options).find((name) => option === `-${options[name].short}`);
  return long === undefined ? option : `--${long}`;
}

/** The option node's message quotes (`'--out <value>'`, `'-o, --out <value>'`), long form preferred. */
function optionNamedIn(message: string): string {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? message;
  return /--[\w-]+/.exec(quoted)?.[0] ?? /-\w/.exec(quoted)?.[0] ?? quoted;
}
