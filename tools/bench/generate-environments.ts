/**
 * Clones the real environment inputs into N distinct ones (names, prefixes, state buckets and keys
 * all unique), so the scale case runs the real config loader and stack on many environments.
 */

interface CloneableInput {
  readonly name: string;
  readonly namePrefix: string;
  readonly stateBackend: { readonly bucket: string; readonly key: string };
}

/**
 * `count` inputs, taking the real ones round-robin; the first clone of each real environment keeps
 * its name (so count = 4 is exactly the real set), later ones get a number suffix.
 */
export function generateEnvironmentInputs<T extends CloneableInput>(real: Readonly<Record<string, T>>, count: number): Record<string, T> {
  const sources = Object.values(real);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`generateEnvironmentInputs: count ${count} is not allowed; use a whole number >= 1`);
  if (sources.length === 0) throw new RangeError("generateEnvironmentInputs: no environment to clone");
  const generated: Record<string, T> = {};
  for (let index = 0; index < count; index++) {
    const source = sources[index % sources.length];
    const copy = Math.floor(index / sources.length);
    const clone = copy === 0 ? source : renamed(source, copy);
    generated[clone.name] = clone;
  }
  return generated;
}

function renamed<T extends CloneableInput>(source: T, copy: number): T {
  return {
    ...source,
    name: `${source.name}${copy}`,
    namePrefix: `${source.namePrefix}-${copy}`,
    stateBackend: { ...source.stateBackend, bucket: `${source.stateBackend.bucket}-${copy}`, key: `copy${copy}/${source.stateBackend.key}` },
  };
}
