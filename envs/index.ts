import { dev } from "./dev";
import { loadEnvironments } from "./load";
import { local } from "./local";
import { prod } from "./prod";
import { staging } from "./staging";

export { ConfigError } from "./config-error";
export type { ConfigIssue } from "./config-error";
export { loadEnvironments } from "./load";
export type { EnvironmentConfig, EnvironmentInput } from "./schema";

/** Every environment as written in its file, keyed by name. Add a new environment here. */
export const environmentInputs = { local, dev, staging, prod } as const;

/** Validated at import, before any construct or output file exists. */
export const environments = loadEnvironments(environmentInputs);

export function environmentNamed(name: string) {
  const found = environments.find((env) => env.name === name);
  if (!found) {
    throw new Error(`Unknown environment "${name}"; known environments: ${environments.map((env) => env.name).join(", ")}`);
  }
  return found;
}
