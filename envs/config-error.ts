/** One problem in one environment's config. */
export interface ConfigIssue {
  readonly environment: string;
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/** All config problems of all environments, reported together in one message. */
export class ConfigError extends Error {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super([`Invalid environment configuration (${issues.length} problem${issues.length === 1 ? "" : "s"}):`].concat(issues.map(describeIssue)).join("\n  - "));
    this.name = "ConfigError";
  }
}

export function describeIssue(issue: ConfigIssue): string {
  return `environment "${issue.environment}", field "${issue.field}": got ${formatValue(issue.value)}; allowed: ${issue.allowed}`;
}

function formatValue(value: unknown): string {
  if (value === undefined) return "nothing (missing)";
  // JSON has no NaN, Infinity or bigint: JSON.stringify would print NaN as null.
  const text = typeof value === "number" || typeof value === "bigint" ? String(value) : (JSON.stringify(value, jsonSafe) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return typeof value === "bigint" ? `${value}n` : value;
}
