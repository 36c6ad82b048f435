/** Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) as self time per package or project folder. */

export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber?: number; readonly columnNumber?: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  /** Microseconds before each sample. */
  readonly timeDeltas: readonly number[];
}

export interface SelfTime {
  readonly module: string;
  readonly selfMs: number;
  readonly percent: number;
}

/** Which package (node_modules/<pkg>), project folder, or V8 bucket ("(garbage collector)") a frame belongs to. */
export function moduleOf(url: string, functionName: string, projectDir: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const path = decodeURIComponent(url.replace(/^file:\/\//, ""));
  const inPackage = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inPackage) return inPackage[1];
  const root = projectDir.endsWith("/") ? projectDir : `${projectDir}/`;
  if (path.startsWith(root)) {
    const parts = path.slice(root.length).split("/");
    return parts.length > 1 ? `${parts[0]}/ (project)` : `${parts[0]} (project)`;
  }
  return path;
}

const RUNTIME = new Set(["node internals", "(native)"]);

function parentsOf(profile: CpuProfile): Map<number, number> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  return parent;
}

/**
 * Module per profile node. Time inside node internals (module loading, fs, compile) is charged to
 * the nearest caller outside them, e.g. "tsx > node internals" is loading through tsx's hooks.
 */
function modulesById(profile: CpuProfile, projectDir: string): Map<number, string> {
  const own = new Map(profile.nodes.map((node) => [node.id, moduleOf(node.callFrame.url, node.callFrame.functionName, projectDir)]));
  const parent = parentsOf(profile);
  const charged = new Map<number, string>();
  for (const node of profile.nodes) {
    const module = own.get(node.id)!;
    if (!RUNTIME.has(module)) {
      charged.set(node.id, module);
      continue;
    }
    let caller = parent.get(node.id);
    while (caller !== undefined && RUNTIME.has(own.get(caller)!)) caller = parent.get(caller);
    const callerModule = caller === undefined ? undefined : own.get(caller);
    charged.set(node.id, callerModule && !callerModule.startsWith("(") ? `${callerModule} > ${module}` : module);
  }
  return charged;
}

function shortUrl(url: string, projectDir: string): string {
  return url
    .replace(/^file:\/\//, "")
    .replace(/.*\/node_modules\//, "")
    .replace(`${projectDir.replace(/\/$/, "")}/`, "");
}

/**
 * The `limit` functions with the most self time, largest first; a node-internals frame is named with
 * its nearest caller outside node internals (e.g. "spawnSync (node:internal/child_process) <- archiveSync (cdktf/lib/private/fs.js)").
 */
export function topFunctions(profile: CpuProfile, projectDir: string, limit = 10): SelfTime[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = parentsOf(profile);
  const label = (id: number) => {
    const { functionName, url } = byId.get(id)!.callFrame;
    return url === "" ? functionName : `${functionName || "(anonymous)"} (${shortUrl(url, projectDir)})`;
  };
  const isRuntime = (id: number) => RUNTIME.has(moduleOf(byId.get(id)!.callFrame.url, byId.get(id)!.callFrame.functionName, projectDir));
  const nameOf = (id: number) => {
    if (!isRuntime(id)) return label(id);
    let caller = parent.get(id);
    while (caller !== undefined && isRuntime(caller)) caller = parent.get(caller);
    return caller === undefined || byId.get(caller)!.callFrame.url === "" ? label(id) : `${label(id)} <- ${label(caller)}`;
  };
  return rank(profile, (id) => (byId.has(id) ? nameOf(id) : "(unknown)"), limit);
}

function rank(profile: CpuProfile, keyOf: (id: number) => string, limit: number): SelfTime[] {
  const micros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const key = keyOf(id);
    micros.set(key, (micros.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...micros.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([module, us]) => ({ module, selfMs: Math.round(us / 1000), percent: total === 0 ? 0 : Math.round((us / total) * 1000) / 10 }));
}

/** The `limit` modules with the most self time, largest first (node internals charged to their caller). */
export function topSelfTime(profile: CpuProfile, projectDir: string, limit = 12): SelfTime[] {
  const moduleById = modulesById(profile, projectDir);
  return rank(profile, (id) => moduleById.get(id) ?? "(unknown)", limit);
}

/** Where a bundled frame came from (0-based line and column, as profiles count), or undefined to keep the frame as it is. */
export type FrameSource = (url: string, line: number, column: number) => string | undefined;

/** The profile with each frame's url replaced by the file it was bundled from, so self time is charged per package again. */
export function withOriginalSources(profile: CpuProfile, sourceOf: FrameSource): CpuProfile {
  return {
    ...profile,
    nodes: profile.nodes.map((node) => {
      const { url, lineNumber, columnNumber } = node.callFrame;
      const original = lineNumber === undefined || lineNumber < 0 ? undefined : sourceOf(url, lineNumber, columnNumber ?? 0);
      return original ? { ...node, callFrame: { ...node.callFrame, url: `file://${original}` } } : node;
    }),
  };
}
