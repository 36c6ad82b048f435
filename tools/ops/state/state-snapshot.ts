/**
 * A Terraform state file (format version 4, what the S3 backend stores) read as a map from
 * resource instance address to its attributes, without terraform itself: old versions in the
 * bucket's history are never a workspace's current state, so `terraform show` cannot read them.
 */

/** One step of a path in `sensitive_attributes`: `{ "type": "get_attr", "value": "name" }`. */
interface PathStep {
  readonly type?: string;
  readonly value?: unknown;
}

interface RawInstance {
  readonly index_key?: string | number;
  readonly attributes?: Record<string, unknown>;
  readonly sensitive_attributes?: readonly (readonly PathStep[] | unknown)[];
}

interface RawResource {
  readonly module?: string;
  readonly mode?: string;
  readonly type: string;
  readonly name: string;
  readonly instances?: readonly RawInstance[];
}

interface RawState {
  readonly version?: number;
  readonly serial?: number;
  readonly lineage?: string;
  readonly resources?: readonly RawResource[];
}

export interface ResourceInstance {
  readonly address: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Top-level attribute names Terraform marks sensitive (any path below them counts). */
  readonly sensitive: ReadonlySet<string>;
}

export interface StateSnapshot {
  readonly serial: number;
  readonly lineage: string;
  readonly instances: ReadonlyMap<string, ResourceInstance>;
}

export function parseStateSnapshot(text: string, source: string): StateSnapshot {
  let raw: RawState;
  try {
    raw = JSON.parse(text) as RawState;
  } catch (error) {
    throw new Error(`${source} is not a Terraform state (JSON): ${(error as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || raw.version !== 4) {
    throw new Error(`${source} is not a Terraform state of format version 4 (found version ${String((raw as RawState | null)?.version)})`);
  }
  const instances = new Map<string, ResourceInstance>();
  for (const resource of raw.resources ?? []) {
    for (const instance of resource.instances ?? []) {
      const address = instanceAddress(resource, instance.index_key);
      instances.set(address, { address, attributes: instance.attributes ?? {}, sensitive: sensitiveRoots(instance.sensitive_attributes ?? []) });
    }
  }
  return { serial: raw.serial ?? 0, lineage: raw.lineage ?? "", instances };
}

/** The address `terraform state list` prints: `module.m.data.aws_x.name["key"]`. */
export function instanceAddress(resource: Pick<RawResource, "module" | "mode" | "type" | "name">, indexKey?: string | number): string {
  const prefix = resource.module ? `${resource.module}.` : "";
  const mode = resource.mode === "data" ? "data." : "";
  const index = indexKey === undefined ? "" : `[${JSON.stringify(indexKey)}]`;
  return `${prefix}${mode}${resource.type}.${resource.name}${index}`;
}

function sensitiveRoots(paths: readonly unknown[]): Set<string> {
  const roots = new Set<string>();
  for (const path of paths) {
    const first = Array.isArray(path) ? (path[0] as PathStep | undefined) : undefined;
    if (first?.type === "get_attr" && typeof first.value === "string") roots.add(first.value);
  }
  return roots;
}
