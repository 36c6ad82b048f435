import { Ajv, ErrorObject } from "ajv";
import type { JsonSchema } from "../../../modules/openapi";

/**
 * Request body validation against an API Gateway model (JSON Schema draft 4), with Ajv.
 * Ajv speaks draft 6+, where `exclusiveMinimum`/`exclusiveMaximum` are numbers; a draft-4 schema
 * is translated first (boolean + minimum -> number), and a keyword this translation does not know
 * is refused by Ajv's strict mode rather than ignored.
 * The decision (valid or not) follows the schema; the wording of the errors is Ajv's, not API
 * Gateway's (whose validator quotes values rather than field paths for pattern and type errors).
 */
export interface ModelValidation {
  readonly valid: boolean;
  /** `[<field> <problem>, ...]`, empty when valid. */
  readonly errors: string;
}

export function validateAgainstModel(model: JsonSchema, value: unknown): ModelValidation {
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validate = ajv.compile(toDraft7(model) as object);
  const valid = validate(value);
  return { valid, errors: valid ? "" : `[${(validate.errors ?? []).map(describe).join(", ")}]` };
}

function describe(error: ErrorObject): string {
  const missing = error.keyword === "required" ? `/${(error.params as { missingProperty: string }).missingProperty}` : "";
  const extra = error.keyword === "additionalProperties" ? `/${(error.params as { additionalProperty: string }).additionalProperty}` : "";
  const field = `${error.instancePath}${missing}${extra}` || "/";
  return `${field} ${error.message}`;
}

/** Draft 4 -> draft 7 for the keywords whose meaning changed; everything else is kept. */
export function toDraft7(schema: JsonSchema): unknown {
  const { exclusiveMinimum, exclusiveMaximum, minimum, maximum, properties, ...rest } = schema;
  if (rest.$ref) throw new Error(`model references ${rest.$ref}: resolve references before validating`);
  return {
    ...rest,
    ...(properties && { properties: Object.fromEntries(Object.entries(properties).map(([name, child]) => [name, toDraft7(child)])) }),
    ...(minimum !== undefined && (exclusiveMinimum ? { exclusiveMinimum: minimum } : { minimum })),
    ...(maximum !== undefined && (exclusiveMaximum ? { exclusiveMaximum: maximum } : { maximum })),
  };
}
