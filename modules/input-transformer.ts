/**
 * EventBridge input transformers built from a typed shape instead of a hand-written template.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html
 */

/** What a rule target receives instead of the matched event. */
export interface InputTransformer {
  /** Variable name -> JSON path into the event. */
  readonly inputPaths: Readonly<Record<string, string>>;
  /** The target input, with `<variable>` placeholders. */
  readonly inputTemplate: string;
}

/** A value copied from the event. */
export interface EventField {
  readonly path: string;
  /** "text" placeholders sit inside quotes (a JSON string); "json" ones are inserted as JSON. */
  readonly as: "text" | "json";
}

export type TemplateShape = { readonly [key: string]: EventField | string | number | boolean | TemplateShape };

/** A string field of the event, e.g. `textOf("$.detail.data.order-id")`. */
export const textOf = (path: string): EventField => ({ path, as: "text" });
/** A number, boolean, object or array of the event, inserted as JSON. */
export const jsonOf = (path: string): EventField => ({ path, as: "json" });

/** @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_InputTransformer.html */
export const MAX_INPUT_PATHS = 100;

/**
 * Builds a JSON input template from a shape whose leaves are constants or event fields.
 * String fields are quoted in the template (`"<orderId>"`), which EventBridge fills verbatim,
 * so the output is valid JSON whether or not the value needs quoting rules of its own.
 */
export function inputTransformer(shape: TemplateShape): InputTransformer {
  const inputPaths: Record<string, string> = {};
  const marked = mark(shape, [], inputPaths);
  const count = Object.keys(inputPaths).length;
  if (count > MAX_INPUT_PATHS) {
    throw new RangeError(`input transformer uses ${count} event fields; allowed: at most ${MAX_INPUT_PATHS}`);
  }
  const inputTemplate = JSON.stringify(marked).replace(/"@@(text|json):([A-Za-z0-9_]+)@@"/g, (_, as: string, name: string) =>
    as === "text" ? `"<${name}>"` : `<${name}>`,
  );
  return { inputPaths, inputTemplate };
}

function mark(shape: TemplateShape, at: readonly string[], inputPaths: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(shape).map(([key, value]) => {
      const path = [...at, key];
      if (isField(value)) {
        const name = path.join("_").replace(/[^A-Za-z0-9_]/g, "_");
        inputPaths[name] = value.path;
        return [key, `@@${value.as}:${name}@@`];
      }
      return [key, typeof value === "object" ? mark(value, path, inputPaths) : value];
    }),
  );
}

function isField(value: unknown): value is EventField {
  return typeof value === "object" && value !== null && "path" in value && "as" in value;
}
