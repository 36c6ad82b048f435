/**
 * Terraform's lock info, as the S3 backend writes it to `<key>.tflock` with `use_lockfile`
 * (the same JSON `terraform force-unlock` and "Error acquiring the state lock" show).
 */
export interface LockInfo {
  readonly id: string;
  readonly who: string;
  readonly operation: string;
  readonly created: string;
  readonly version?: string;
  readonly path?: string;
  readonly info?: string;
}

export function parseLockInfo(text: string, source: string): LockInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not Terraform lock info JSON: ${(error as Error).message}`);
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new Error(`${source} is not a JSON object`);
  const record = raw as Record<string, unknown>;
  const field = (name: string, required: boolean): string | undefined => {
    const value = record[name];
    if (value === undefined || value === "") {
      if (required) throw new Error(`${source} has no "${name}" (lock info needs ID, Who, Operation, Created)`);
      return undefined;
    }
    if (typeof value !== "string") throw new Error(`${source} field "${name}" is ${typeof value}, expected a string`);
    return value;
  };
  return {
    id: field("ID", true)!,
    who: field("Who", true)!,
    operation: field("Operation", true)!,
    created: field("Created", true)!,
    version: field("Version", false),
    path: field("Path", false),
    info: field("Info", false),
  };
}

/** The lock as an operator reads it before deciding to break it. */
export function describeLock(lock: LockInfo, now: Date): string {
  const created = new Date(lock.created);
  const age = Number.isNaN(created.getTime()) ? "unknown age" : `${formatAge(now.getTime() - created.getTime())} ago`;
  return [
    `  ID:        ${lock.id}`,
    `  Who:       ${lock.who}`,
    `  Operation: ${lock.operation}`,
    `  Created:   ${lock.created} (${age})`,
    ...(lock.version ? [`  Terraform: ${lock.version}`] : []),
    ...(lock.path ? [`  Path:      ${lock.path}`] : []),
    ...(lock.info ? [`  Info:      ${lock.info}`] : []),
  ].join("\n");
}

export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}
