/** Nested data as `path -> leaf value`, the unit both config and resource comparisons report. */

export type Leaves = ReadonlyMap<string, unknown>;

/** `a.b[0].c` paths to scalars; empty objects and arrays are leaves of their own. */
export function flatten(value: unknown, path = "", into = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) {
    for (const [index, item] of value.entries()) flatten(item, `${path}[${index}]`, into);
  } else if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, path ? `${path}.${key}` : key, into);
  } else {
    into.set(path, value);
  }
  return into;
}

export interface LeafDifference {
  readonly path: string;
  /** undefined: the path does not exist on that side. */
  readonly a: unknown;
  readonly b: unknown;
}

/**
 * Leaves that differ. An empty object or list on one side is not reported where the other side
 * has entries under that path: those entries are.
 */
export function diffLeaves(a: Leaves, b: Leaves): LeafDifference[] {
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort();
  const hasEntriesUnder = (leaves: Leaves, path: string) => [...leaves.keys()].some((other) => other.startsWith(`${path}.`) || other.startsWith(`${path}[`));
  return paths
    .filter((path) => JSON.stringify(a.get(path)) !== JSON.stringify(b.get(path)))
    .filter((path) => !(isEmptyContainer(a.get(path)) && hasEntriesUnder(b, path)) && !(isEmptyContainer(b.get(path)) && hasEntriesUnder(a, path)))
    .map((path) => ({ path, a: a.get(path), b: b.get(path) }));
}

const isEmptyContainer = (value: unknown) => (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
