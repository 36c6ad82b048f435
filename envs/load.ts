import { z } from "zod";
import { ConfigError, ConfigIssue } from "./config-error";
import { guardrailIssues } from "./guardrails";
import { EnvironmentConfig, environmentSchema } from "./schema";

/**
 * Validates every environment, then the rules that span environments, and throws one
 * ConfigError listing every problem. Runs before any construct exists, so bad config
 * never leaves a half-written cdktf.out behind.
 */
export function loadEnvironments(raw: Readonly<Record<string, unknown>>): EnvironmentConfig[] {
  const issues: ConfigIssue[] = [];
  const environments: EnvironmentConfig[] = [];
  for (const [environment, input] of Object.entries(raw)) {
    const result = environmentSchema.safeParse(input, { error: describeAllowed });
    if (!result.success) {
      issues.push(...result.error.issues.flatMap((issue) => toConfigIssues(environment, input, issue)));
      continue;
    }
    if (result.data.name !== environment) {
      issues.push({ environment, field: "name", value: result.data.name, allowed: `"${environment}", the key it is registered under` });
    }
    const config = withDefaults(result.data);
    issues.push(...guardrailIssues(config));
    environments.push(config);
  }
  issues.push(...crossEnvironmentIssues(environments));
  if (issues.length > 0) throw new ConfigError(issues);
  return environments;
}

function withDefaults(parsed: z.output<typeof environmentSchema>): EnvironmentConfig {
  return {
    ...parsed,
    eventBuses: { putEventsPrincipals: parsed.eventBuses.putEventsPrincipals ?? [parsed.accountId] },
  };
}

/**
 * Names and state locations must not collide, or two environments would overwrite each other.
 * Which of the two is wrong cannot be known, so each is named, with the other.
 */
function crossEnvironmentIssues(environments: readonly EnvironmentConfig[]): ConfigIssue[] {
  const unique = (field: string, valueIn: (env: EnvironmentConfig) => string) =>
    environments.flatMap((env) => {
      const others = environments.filter((other) => other !== env && valueIn(other) === valueIn(env)).map((other) => `"${other.name}"`);
      return others.length > 0
        ? [{ environment: env.name, field, value: valueIn(env), allowed: `a value no other environment uses; environment ${others.join(", ")} uses it too` }]
        : [];
    });
  const bucketSharers = environments.flatMap((env) => {
    const others = environments.filter((other) => other.stateBackend.bucket === env.stateBackend.bucket && other.accountId !== env.accountId);
    if (others.length === 0) return [];
    const named = others.map((other) => `"${other.name}" (account ${other.accountId})`).join(", ");
    return [
      {
        environment: env.name,
        field: "stateBackend.bucket",
        value: env.stateBackend.bucket,
        allowed: `a bucket of this environment's account ${env.accountId}; environment ${named} uses it too`,
      },
    ];
  });
  return [
    ...unique("name", (env) => env.name),
    ...unique("namePrefix", (env) => env.namePrefix),
    ...unique("stateBackend.bucket + stateBackend.key", (env) => `s3://${env.stateBackend.bucket}/${env.stateBackend.key}`),
    ...bucketSharers,
  ];
}

function toConfigIssues(environment: string, input: unknown, issue: z.core.$ZodIssue): ConfigIssue[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => ({
      environment,
      field: fieldName([...issue.path, key]),
      value: valueAt(input, [...issue.path, key]),
      allowed: issue.message,
    }));
  }
  if (issue.code === "invalid_key") {
    // A bad record key: the key itself is the offending value.
    const allowed = issue.issues.map((inner) => inner.message).join("; ");
    return [{ environment, field: fieldName(issue.path), value: issue.path.at(-1), allowed: `a key: ${allowed}` }];
  }
  const value = issue.code === "custom" && issue.params && "value" in issue.params ? issue.params.value : valueAt(input, issue.path);
  return [{ environment, field: fieldName(issue.path), value, allowed: issue.message }];
}

/** zod's default texts say what went wrong; ours say what is allowed instead. */
function describeAllowed(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "unrecognized_keys": {
      const shape = (issue.inst as z.ZodObject | undefined)?.shape ?? {};
      return `no such field; known fields here: ${Object.keys(shape).join(", ")}`;
    }
    case "invalid_type":
      return issue.expected === "object" ? "an object" : `a value of type ${issue.expected}`;
    case "invalid_value":
      return `one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      return undefined;
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? "(whole config)" : path.map(String).join(".");
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (node !== null && typeof node === "object" ? (node as Record<PropertyKey, unknown>)[key] : undefined), input);
}
