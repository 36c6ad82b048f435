/** The blocks of two synthesized stacks (cdk.tf.json) that exist on one side only or differ in settings. */
import { diffLeaves, flatten, LeafDifference } from "./flatten";
import { normaliseText, Substitution } from "./normalise";

export interface BlockDifference {
  /** `aws_sqs_queue.StatusUpdates_Dlq`, `data.aws_x.y`, `output.name`, `provider.aws`, `terraform`. */
  readonly block: string;
  readonly settings: readonly LeafDifference[];
}

export interface SynthDiff {
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
  readonly differing: readonly BlockDifference[];
}

/** A synthesized stack's JSON as blocks keyed by their normalised address. */
export function stackBlocks(stackJson: string, substitutions: readonly Substitution[]): Map<string, unknown> {
  const stack = withoutComments(JSON.parse(normaliseText(stackJson, substitutions))) as Record<string, unknown>;
  const blocks = new Map<string, unknown>();
  for (const [section, content] of Object.entries(stack)) {
    if (section === "resource" || section === "data") {
      const prefix = section === "data" ? "data." : "";
      for (const [type, byName] of Object.entries(content as Record<string, Record<string, unknown>>)) {
        for (const [name, body] of Object.entries(byName)) blocks.set(`${prefix}${type}.${name}`, body);
      }
    } else if (section === "output" || section === "provider" || section === "variable") {
      for (const [name, body] of Object.entries(content as Record<string, unknown>)) blocks.set(`${section}.${name}`, body);
    } else {
      blocks.set(section, content);
    }
  }
  return blocks;
}

export function diffStacks(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): SynthDiff {
  const onlyInA = [...a.keys()].filter((block) => !b.has(block)).sort();
  const onlyInB = [...b.keys()].filter((block) => !a.has(block)).sort();
  const differing = [...a.keys()]
    .filter((block) => b.has(block))
    .sort()
    .map((block) => ({ block, settings: diffLeaves(flatten(a.get(block)), flatten(b.get(block))) }))
    .filter((difference) => difference.settings.length > 0);
  return { onlyInA, onlyInB, differing };
}

/** cdktf's `//` keys hold construct metadata (paths, stack traces), not settings. */
function withoutComments(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutComments);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "//")
      .map(([key, inner]) => [key, withoutComments(inner)]),
  );
}
