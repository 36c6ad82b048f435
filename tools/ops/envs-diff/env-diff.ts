/**
 * `npm run envs:diff -- <a> <b>`: what one environment does that another does not, as config
 * fields and synthesized resources, with names, accounts, regions and partitions normalised.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvironmentConfig } from "../../../envs";
import { synthesizeEnvironment } from "../../local/deployment";
import { diffConfigs, renamedItems } from "./config-diff";
import { LeafDifference } from "./flatten";
import { environmentSubstitutions } from "./normalise";
import { diffStacks, stackBlocks, SynthDiff } from "./synth-diff";

export interface EnvironmentDiff {
  readonly a: string;
  readonly b: string;
  readonly config: readonly LeafDifference[];
  readonly synth: SynthDiff;
}

/** Compares two already synthesized stacks (cdk.tf.json text) of the two configs. */
export function diffSynthesized(a: EnvironmentConfig, aStackJson: string, b: EnvironmentConfig, bStackJson: string): EnvironmentDiff {
  const config = diffConfigs(a, b);
  const renames = renamedItems(config);
  const synth = diffStacks(
    stackBlocks(aStackJson, [...environmentSubstitutions(a), ...renames.a]),
    stackBlocks(bStackJson, [...environmentSubstitutions(b), ...renames.b]),
  );
  return { a: a.name, b: b.name, config, synth };
}

/** Synthesizes both environments into a temporary folder (the project's cdktf.out is left alone) and compares them. */
export function environmentDiff(a: EnvironmentConfig, b: EnvironmentConfig): EnvironmentDiff {
  const outdir = mkdtempSync(join(tmpdir(), "envs-diff-"));
  try {
    const stackJson = (config: EnvironmentConfig) => readFileSync(join(synthesizeEnvironment(config, outdir), "cdk.tf.json"), "utf8");
    return diffSynthesized(a, stackJson(a), b, stackJson(b));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
