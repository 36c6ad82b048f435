/** How many Terraform resources each environment's stack synthesizes, counted from the synth itself. */
import { App, Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EnvironmentConfig } from "../../../envs";
import { PlatformStack } from "../../../stacks/platform-stack";

export function resourceCounts(environments: readonly EnvironmentConfig[]): Map<string, number> {
  // The App needs an output folder even though nothing is written to it.
  const outdir = mkdtempSync(join(tmpdir(), "docs-synth-"));
  try {
    const app = new App({ outdir });
    return new Map(environments.map((config) => [config.name, countResources(Testing.synth(new PlatformStack(app, config.name, { config })))]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function countResources(json: string): number {
  const resources: Record<string, Record<string, unknown>> = JSON.parse(json).resource ?? {};
  return Object.values(resources).reduce((total, byName) => total + Object.keys(byName).length, 0);
}
