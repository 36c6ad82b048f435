/**
 * Child process of the bench: the real synth code path (envs/load.ts loadEnvironments, then
 * PlatformStack per environment) on `--count N` environments cloned from the real ones, or on
 * one real environment with `--env NAME`. Writes to CDKTF_OUTDIR like main.ts.
 */
import { App } from "cdktf";
import { environmentInputs, loadEnvironments } from "../../envs";
import { PlatformStack } from "../../stacks/platform-stack";
import { generateEnvironmentInputs } from "./generate-environments";

function selectedInputs(argv: readonly string[]): Record<string, unknown> {
  const [flag, value] = argv;
  if (flag === "--count") return generateEnvironmentInputs(environmentInputs, Number(value));
  if (flag === "--env" && value in environmentInputs) return { [value]: environmentInputs[value as keyof typeof environmentInputs] };
  throw new Error(`synth-generated: use --count N or --env one of ${Object.keys(environmentInputs).join(", ")}; got "${argv.join(" ")}"`);
}

const app = new App();
for (const config of loadEnvironments(selectedInputs(process.argv.slice(2)))) {
  new PlatformStack(app, config.name, { config });
}
app.synth();
