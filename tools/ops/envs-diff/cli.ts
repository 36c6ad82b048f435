/** `npm run envs:diff -- <a> <b> [--markdown]`: config and synthesized resources that differ between two environments. */
import "../../../envs/exit-on-config-error";
import { environmentNamed, environments } from "../../../envs";
import { UsageError } from "../../parse-options";
import { parseEnvsDiffArgs } from "./args";
import { environmentDiff } from "./env-diff";
import { formatEnvironmentDiff, formatEnvironmentDiffMarkdown } from "./format";

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
