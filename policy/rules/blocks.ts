/** Helpers for reading resolved Terraform arguments. */

/** A nested block: cdktf renders single blocks as objects and repeatable ones as lists. */
export function block(value: unknown): Record<string, any> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === "object" ? (first as Record<string, any>) : undefined;
}

/** Every instance of a repeatable block. */
export function blocks(value: unknown): Record<string, any>[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.filter((item): item is Record<string, any> => item !== null && typeof item === "object");
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
