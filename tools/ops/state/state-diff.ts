/** What changed between two versions of one state object: resources and attribute names. */
import { ResourceInstance, StateSnapshot } from "./state-snapshot";

export interface AttributeChange {
  readonly name: string;
  /** `before -> after` when both are short scalars and not secret; otherwise a word saying why not. */
  readonly shown: string;
}

export interface ChangedResource {
  readonly address: string;
  readonly attributes: readonly AttributeChange[];
}

export interface StateDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ChangedResource[];
}

/** Attribute names whose values are secrets whatever the provider schema says. */
const SECRET_NAME = /secret|passw(or)?d|token|credential|private|api_?key|access_?key|signing|^key$|^value$/i;
/** Values that look like secrets wherever they appear: AWS access keys, PEM blocks, AppSync API keys, JWTs. */
const SECRET_VALUE = /^(AKIA|ASIA)[A-Z0-9]{16}$|-----BEGIN [A-Z ]*PRIVATE KEY-----|^da2-[a-z0-9]{20,}$|^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;
const SHOWN_MAX_CHARS = 60;

export const REDACTED = "(sensitive, value hidden)";

export function diffStates(before: StateSnapshot, after: StateSnapshot): StateDiff {
  const added = [...after.instances.keys()].filter((address) => !before.instances.has(address)).sort();
  const removed = [...before.instances.keys()].filter((address) => !after.instances.has(address)).sort();
  const changed: ChangedResource[] = [];
  for (const [address, now] of [...after.instances].sort(([a], [b]) => a.localeCompare(b))) {
    const then = before.instances.get(address);
    if (!then) continue;
    const attributes = changedAttributes(then, now);
    if (attributes.length > 0) changed.push({ address, attributes });
  }
  return { added, removed, changed };
}

function changedAttributes(before: ResourceInstance, after: ResourceInstance): AttributeChange[] {
  const names = [...new Set([...Object.keys(before.attributes), ...Object.keys(after.attributes)])].sort();
  return names
    .filter((name) => stableJson(before.attributes[name]) !== stableJson(after.attributes[name]))
    .map((name) => ({
      name,
      shown: showChange(name, before.attributes[name], after.attributes[name], before.sensitive.has(name) || after.sensitive.has(name)),
    }));
}

function showChange(name: string, before: unknown, after: unknown, sensitive: boolean): string {
  if (sensitive || SECRET_NAME.test(name) || looksSecret(before) || looksSecret(after)) return REDACTED;
  const shortScalar = (value: unknown) => value === null || value === undefined || (typeof value !== "object" && String(value).length <= SHOWN_MAX_CHARS);
  if (!shortScalar(before) || !shortScalar(after)) return "(changed)";
  return `${showScalar(before)} -> ${showScalar(after)}`;
}

const showScalar = (value: unknown) => (value === undefined ? "(absent)" : JSON.stringify(value));

/** True when a secret-looking string appears anywhere in the value. */
function looksSecret(value: unknown): boolean {
  if (typeof value === "string") return SECRET_VALUE.test(value);
  if (Array.isArray(value)) return value.some(looksSecret);
  if (value && typeof value === "object") return Object.values(value).some(looksSecret);
  return false;
}

/** JSON with object keys sorted, so key order in the file never reads as a change. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

export function formatStateDiff(diff: StateDiff, heading: string): string {
  const total = diff.added.length + diff.removed.length + diff.changed.length;
  if (total === 0) return `${heading}\nno resource added, removed or changed`;
  const section = (title: string, lines: readonly string[]) => (lines.length === 0 ? [] : [`${title} (${lines.length}):`, ...lines]);
  return [
    heading,
    ...section(
      "added",
      diff.added.map((address) => `  + ${address}`),
    ),
    ...section(
      "removed",
      diff.removed.map((address) => `  - ${address}`),
    ),
    ...section(
      "changed",
      diff.changed.map((resource) => [`  ~ ${resource.address}`, ...resource.attributes.map((change) => `      ${change.name}: ${change.shown}`)].join("\n")),
    ),
  ].join("\n");
}
