/**
 * IAM policy documents as a plan carries them (a JSON string, whatever wrote it: `jsonencode`, a
 * literal document, a policy-document data source), reduced to flat statements whose parts can be
 * compared as sets: "Service:events.amazonaws.com", "StringEquals aws:SourceArn = arn:...".
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
 */

export type Effect = "Allow" | "Deny";

/** The parts of a statement a reviewer compares; each list is sorted and holds each value once. */
export const STATEMENT_PARTS = ["actions", "notActions", "resources", "notResources", "principals", "notPrincipals", "conditions"] as const;
export type StatementPart = (typeof STATEMENT_PARTS)[number];

export type PolicyStatement = Readonly<Record<StatementPart, readonly string[]>> & {
  /** The Sid, or `#<n>` (1-based position) for a statement without one. */
  readonly label: string;
  readonly sid?: string;
  readonly effect: Effect;
};

/** Decodes a policy value: undefined for none (empty, null); throws with the reason when it is not a policy. */
export function decodePolicy(value: unknown): PolicyStatement[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const document = typeof value === "string" ? parseJson(value) : value;
  if (!isRecord(document)) throw new Error("the policy is not a JSON object");
  const raw = document.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return statements.map((statement, index) => normalizeStatement(statement, index));
}

/** A statement built from single fields (a Lambda permission is one statement of the function's policy). */
export function statementOf(fields: Partial<Record<StatementPart, readonly (string | undefined)[]>> & { label: string; effect?: Effect }): PolicyStatement {
  const part = (name: StatementPart) => sortedSet((fields[name] ?? []).filter((v): v is string => v !== undefined));
  return {
    label: fields.label,
    effect: fields.effect ?? "Allow",
    ...(Object.fromEntries(STATEMENT_PARTS.map((name) => [name, part(name)])) as Record<StatementPart, string[]>),
  };
}

function normalizeStatement(statement: unknown, index: number): PolicyStatement {
  if (!isRecord(statement)) throw new Error(`statement ${index + 1} is not an object`);
  const sid = typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : undefined;
  return {
    label: sid ?? `#${index + 1}`,
    sid,
    effect: statement.Effect === "Deny" ? "Deny" : "Allow",
    actions: sortedSet(strings(statement.Action)),
    notActions: sortedSet(strings(statement.NotAction)),
    resources: sortedSet(strings(statement.Resource)),
    notResources: sortedSet(strings(statement.NotResource)),
    principals: sortedSet(principals(statement.Principal)),
    notPrincipals: sortedSet(principals(statement.NotPrincipal)),
    conditions: sortedSet(conditions(statement.Condition)),
  };
}

/** `"*"` stays `*`; `{ AWS: [a, b] }` becomes `AWS:a`, `AWS:b`. */
function principals(value: unknown): string[] {
  if (value === undefined) return [];
  if (typeof value === "string") return [value];
  if (!isRecord(value)) return [JSON.stringify(value)];
  return Object.entries(value).flatMap(([kind, ids]) => strings(ids).map((id) => `${kind}:${id}`));
}

/** `{ StringEquals: { "aws:SourceArn": [a] } }` becomes `StringEquals aws:SourceArn = a`: one entry per value. */
function conditions(value: unknown): string[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([operator, tests]) =>
    isRecord(tests)
      ? Object.entries(tests).flatMap(([key, values]) => strings(values).map((v) => `${operator} ${key} = ${v}`))
      : [`${operator} ${JSON.stringify(tests)}`],
  );
}

function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
}

function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`the policy is not JSON (${(error as Error).message})`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
