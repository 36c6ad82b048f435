/** `npm run envs:diff -- <a> <b> [--markdown]`: config and synthesized resources that differ between two environments. */
import "../../../envs/exit-on-config-error";
import { environmentNamed, environments } from "../../../envs";
import { parseOptions, UsageError } from "../../parse-options";
import { environmentDiff } from "./env-diff";
import { formatEnvironmentDiff, formatEnvironmentDiffMarkdown } from "./format";

const USAGE = "usage: npm run envs:diff -- <env-a> <env-b> [--markdown]";

export function parseEnvsDiffArgs(argv: readonly string[], known: readonly string[]): { a: string; b: string; markdown: boolean } {
  const { values, positionals } = parseOptions(argv, { markdown: { type: "boolean", default: false } }, { usage: USAGE });
  const [a, b, ...extra] = positionals;
  if (!a || !b) throw new UsageError("needs two environments", USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(" ")}`, USAGE);
  for (const name of [a, b]) {
    if (!known.includes(name)) throw new UsageError(`unknown environment "${name}"; allowed: ${known.join(", ")}`, USAGE);
  }
  if (a === b) throw new UsageError(`compare two different environments, not ${a} with itself`, USAGE);
  return { a, b, markdown: values.markdown };
}

try {
  const args = parseEnvsDiffArgs(
    process.argv.slice(2),
    environments.map((env) => env.name),
  );
  const diff = environmentDiff(environmentNamed(args.a), environmentNamed(args.b));
  console.log(args.markdown ? formatEnvironmentDiffMarkdown(diff) : formatEnvironmentDiff(diff));
} catch (error) {
  console.error(error instanceof UsageError ? error.message : `envs:diff: ${(error as Error).message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
}
