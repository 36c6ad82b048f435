import type { InputTransformer } from "../../modules/input-transformer";

/** EventBridge's substitution: each `<name>` becomes the value at its path (strings as raw text). */
export function applyTransformer({ inputPaths, inputTemplate }: InputTransformer, event: unknown): Record<string, unknown> {
  const valueAt = (path: string) =>
    path
      .replace(/^\$\./, "")
      .split(".")
      .reduce<unknown>((node, key) => (node as Readonly<Record<string, unknown>> | null | undefined)?.[key], event);
  const filled = inputTemplate.replace(/<([A-Za-z0-9_]+)>/g, (_, name: string) => {
    const value = valueAt(inputPaths[name]);
    return typeof value === "string" ? value : JSON.stringify(value);
  });
  return JSON.parse(filled);
}
