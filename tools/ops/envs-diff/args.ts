/** The `npm run envs:diff -- <a> <b> [--markdown]` grammar, parsed without side effects. */
import { parseOptions, UsageError } from "../../parse-options";

export const ENVS_DIFF_USAGE = "usage: npm run envs:diff -- <env-a> <env-b> [--markdown]";

export function parseEnvsDiffArgs(argv: readonly string[], known: readonly string[]): { a: string; b: string; markdown: boolean } {
  const { values, positionals } = parseOptions(argv, { markdown: { type: "boolean", default: false } }, { usage: ENVS_DIFF_USAGE });
  const [a, b, ...extra] = positionals;
  if (!a || !b) throw new UsageError("needs two environments", ENVS_DIFF_USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(" ")}`, ENVS_DIFF_USAGE);
  for (const name of [a, b]) {
    if (!known.includes(name)) throw new UsageError(`unknown environment "${name}"; allowed: ${known.join(", ")}`, ENVS_DIFF_USAGE);
  }
  if (a === b) throw new UsageError(`compare two different environments, not ${a} with itself`, ENVS_DIFF_USAGE);
  return { a, b, markdown: values.markdown };
}
