/** The config fields of two environments that differ once names, accounts and regions are normalised. */
import { EnvironmentConfig } from "../../../envs";
import { diffLeaves, flatten, LeafDifference } from "./flatten";
import { environmentSubstitutions, normaliseJson, Substitution } from "./normalise";

export function diffConfigs(a: EnvironmentConfig, b: EnvironmentConfig): LeafDifference[] {
  const leaves = (config: EnvironmentConfig) => flatten(normaliseJson(plainConfig(config), environmentSubstitutions(config)));
  return diffLeaves(leaves(a), leaves(b));
}

/**
 * Named list items (subscribers) whose names differ at the same position: each side's name becomes
 * the same placeholder, so their resources pair up and are compared by settings. The name change
 * itself stays in the config differences.
 */
export function renamedItems(configDifferences: readonly LeafDifference[]): { a: Substitution[]; b: Substitution[] } {
  const renames = configDifferences.filter(
    (difference) => /\[\d+\]\.name$/.test(difference.path) && typeof difference.a === "string" && typeof difference.b === "string",
  );
  const placeholder = (path: string) => `<${path.replace(/\.name$/, "")}>`;
  const longestFirst = (list: Substitution[]) => list.sort((x, y) => y.from.length - x.from.length);
  return {
    a: longestFirst(renames.map((difference) => ({ from: difference.a as string, to: placeholder(difference.path), segmentOnly: true }))),
    b: longestFirst(renames.map((difference) => ({ from: difference.b as string, to: placeholder(difference.path), segmentOnly: true }))),
  };
}

/** The config as JSON data: class instances (a delivery policy) by their JSON form. */
function plainConfig(config: EnvironmentConfig): unknown {
  return JSON.parse(JSON.stringify(config, (_key, value: unknown) => (hasToJson(value) ? value.toJson() : value)));
}

const hasToJson = (value: unknown): value is { toJson(): unknown } =>
  typeof value === "object" && value !== null && typeof (value as { toJson?: unknown }).toJson === "function";
