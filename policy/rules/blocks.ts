/** Helpers for reading resolved Terraform arguments. */

/** A nested block: cdktf renders single blocks as objects and repeatable ones as lists. */
export function block(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" ? (first as Record<string, unknown>) : undefined;
}

/** Every instance of a repeatable block. */
export function blocks(value: unknown): Record<string, unknown>[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((item): item is Record<string, unknown> => item !== null && typeof item === "object");
}

/** Whether an argument is one of the given literals; a reference or any other value is not. */
export function isOneOf(value: unknown, literals: readonly string[]): value is string {
  return typeof value === "string" && literals.includes(value);
}

/** Set to a non-empty value (a literal or a Terraform reference). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** True only for a literal `true` (Terraform also accepts the string "true"). */
export function isTrue(value: unknown): boolean {
  return value === true || value === "true";
}

/** `statement "Sid"` or `statement 2`, to name a statement in a finding. */
export function statementName(statement: { readonly Sid?: string }, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement ${index + 1}`;
}
