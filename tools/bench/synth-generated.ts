/**
 * Child process of the bench: the real synth code path (envs/load.ts loadEnvironments, then
 * PlatformStack per environment) on `--count N` environments cloned from the real ones, or on
 * one real environment with `--env NAME`. Writes to CDKTF_OUTDIR like main.ts.
 */
import { App } from "cdktf";
import { environmentInputs, loadEnvironments } from "../../envs";
import { PlatformStack } from "../../stacks/platform-stack";
import { parseOptions, UsageError } from "../parse-options";
import { generateEnvironmentInputs } from "./generate-environments";

const OPTIONS = { count: { type: "string" }, env: { type: "string" } } as const;

function selectedInputs(argv: readonly string[]): Record<string, unknown> {
  const usage = `usage: synth-generated.ts --count N | --env ${Object.keys(environmentInputs).join("|")}`;
  const { values, positionals } = parseOptions(argv, OPTIONS, { usage, valueNames: { count: "N", env: "NAME" } });
  const { count, env } = values;
  if (positionals.length > 0 || (count === undefined) === (env === undefined))
    throw new UsageError(`give either --count or --env; got "${argv.join(" ")}"`, usage);
  if (count !== undefined) return generateEnvironmentInputs(environmentInputs, Number(count));
  if (isEnvironmentName(env)) return { [env]: environmentInputs[env] };
  throw new UsageError(`unknown environment "${env}"; allowed: ${Object.keys(environmentInputs).join(", ")}`, usage);
}

function isEnvironmentName(name: string | undefined): name is keyof typeof environmentInputs {
  return name !== undefined && Object.hasOwn(environmentInputs, name);
}

const app = new App();
for (const config of loadEnvironments(selectedInputs(process.argv.slice(2)))) {
  new PlatformStack(app, config.name, { config });
}
app.synth();
