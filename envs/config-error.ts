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
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
