import { ConfigError, environmentInputs, loadEnvironments } from "../../envs";
import type { Breakable } from "./breakable";

/** The environment files' data, by environment name, for a test to make invalid. */
export type Inputs = Breakable;

/**
 * Each environment as a deep copy of its file's data: the files share objects (sharedTags), so a
 * change must not leak. Instances (a DeliveryPolicy) are immutable and kept as they are.
 */
export const freshInputs = (): Inputs => Object.fromEntries(Object.entries(environmentInputs).map(([name, input]) => [name, cloneData(input)]));

function cloneData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneData);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, cloneData(inner)]));
  }
  return value;
}

/** Loads the real environment files with one change applied; returns the ConfigError it must raise. */
export function configErrorFor(change: (inputs: Inputs) => void): ConfigError {
  const inputs = freshInputs();
  change(inputs);
  try {
    loadEnvironments(inputs);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, but the config loaded");
}
