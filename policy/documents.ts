import { readJsonDocument } from "./hcl";

/** A policy statement as read back from resolved config (loosely typed: it may be hand-written). */
export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** The statements of a policy document attribute, or undefined when the pack cannot read it. */
export function statementsOf(policy: unknown): Statement[] | undefined {
  const document = readJsonDocument(policy) as { Statement?: unknown } | undefined;
  if (!document || typeof document !== "object") return undefined;
  const statements = document.Statement;
  if (Array.isArray(statements)) return statements as Statement[];
  return statements && typeof statements === "object" ? [statements as Statement] : undefined;
}

export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export const isAllow = (statement: Statement): boolean => statement.Effect === "Allow";

/** `"*"`, `{"AWS": "*"}` or a list holding `*`: anyone. */
export function allowsAnyPrincipal(statement: Statement): boolean {
  const principal = statement.Principal;
  if (principal === "*") return true;
  if (principal && typeof principal === "object") {
    return Object.values(principal).some((value) => listOf(value).includes("*"));
  }
  return false;
}

/** Service principals named by the statement, e.g. `events.amazonaws.com`. */
export function servicePrincipals(statement: Statement): string[] {
  const principal = statement.Principal as { Service?: unknown } | undefined;
  return principal && typeof principal === "object" ? listOf(principal.Service).map(String) : [];
}

/** Condition keys the statement tests, lower-cased (IAM condition keys are case-insensitive). */
export function conditionKeys(statement: Statement): string[] {
  return Object.values(statement.Condition ?? {}).flatMap((block) => Object.keys(block ?? {}).map((key) => key.toLowerCase()));
}

/** Whether the statement is scoped to a source: aws:SourceArn, aws:SourceAccount, aws:SourceOwner or aws:PrincipalOrgID. */
export function hasSourceCondition(statement: Statement): boolean {
  const scoping = ["aws:sourcearn", "aws:sourceaccount", "aws:sourceowner", "aws:principalorgid"];
  return conditionKeys(statement).some((key) => scoping.includes(key));
}

/** A Deny of every principal when `aws:SecureTransport` is false, covering `action` (e.g. `sns:Publish`). */
export function deniesInsecureTransport(statement: Statement, action: string): boolean {
  if (statement.Effect !== "Deny" || !allowsAnyPrincipal(statement)) return false;
  const bool = Object.entries(statement.Condition ?? {}).find(([operator]) => operator.toLowerCase() === "bool")?.[1] ?? {};
  const secure = Object.entries(bool).find(([key]) => key.toLowerCase() === "aws:securetransport")?.[1];
  if (!listOf(secure).some((value) => String(value).toLowerCase() === "false")) return false;
  return listOf(statement.Action).some((pattern) => actionMatches(String(pattern), action));
}

/** IAM action matching: case-insensitive, `*` and `?` wildcards. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );
  return regex.test(action);
}
