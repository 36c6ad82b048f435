import { readFileSync } from "node:fs";

/** The part of a synthesized cdk.tf.json read here: resources with cdktf's `//` metadata. */
export interface SynthesizedStackJson {
  readonly resource?: Record<string, Record<string, StackResource>>;
}

export type StackResource = Record<string, unknown> & { readonly "//"?: { readonly metadata?: { readonly path?: string } } };

export function readStackJson(file: string): SynthesizedStackJson {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as SynthesizedStackJson;
  } catch (error) {
    throw new Error(`cannot read the synthesized stack ${file}: ${(error as Error).message}`);
  }
}

/** `type.name` -> construct path (e.g. `prod/OrdersBus/EUOrdersRule/Resource`), from cdktf's metadata. */
export function constructPaths(stack: SynthesizedStackJson): Map<string, string> {
  const paths = new Map<string, string>();
  for (const [type, resources] of Object.entries(stack.resource ?? {})) {
    for (const [name, resource] of Object.entries(resources)) {
      const path = resource["//"]?.metadata?.path;
      if (path) paths.set(`${type}.${name}`, path);
    }
  }
  return paths;
}

/**
 * Where a resource sits: its top-level construct (the module a reviewer knows, e.g. `OrdersBus`)
 * and the rest of its path without the stack name and the trailing `Resource`.
 */
export function modulePlacement(path: string | undefined): { module: string; construct: string } {
  if (!path) return { module: "(no construct path)", construct: "" };
  const steps = path.split("/").slice(1);
  if (steps.at(-1) === "Resource" && steps.length > 1) steps.pop();
  const [module = "(stack)", ...rest] = steps;
  return { module, construct: rest.join("/") };
}

/**
 * For a resource no longer in the code (a delete), the placement read back from its cdktf
 * logical id: the construct path joined by "_" with "Resource" left out and a hash appended.
 */
export function placementFromLogicalId(address: string): { module: string; construct: string } {
  const name = baseAddress(address).split(".").at(-1) ?? "";
  const [module = "(stack)", ...rest] = name.replace(/_[0-9A-F]{8}$/, "").split("_");
  return { module, construct: rest.join("/") };
}

/** The resource address without a count/for_each index: `aws_x.name["a"]` -> `aws_x.name`. */
export function baseAddress(address: string): string {
  return address.replace(/\[[^\]]*\]$/, "");
}
