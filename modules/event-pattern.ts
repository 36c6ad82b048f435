import { Token } from "cdktf";

/**
 * EventBridge event patterns as typed data.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */
export type ContentFilter =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string | { readonly "equals-ignore-case": string } }
  | { readonly suffix: string | { readonly "equals-ignore-case": string } }
  | { readonly "equals-ignore-case": string }
  | { readonly "anything-but": string | number | readonly (string | number)[] | { readonly prefix: string } }
  | { readonly numeric: readonly (string | number)[] }
  | { readonly exists: boolean }
  | { readonly wildcard: string };

export interface PatternFields {
  readonly [field: string]: readonly ContentFilter[] | PatternFields | readonly PatternFields[];
}

export interface EventPattern extends PatternFields {}

/** Matches every event: EventBridge rejects an empty pattern, and every event has a source. */
export const MATCH_ALL_EVENTS: EventPattern = { source: [{ prefix: "" }] };

/** Patterns are plain data; a token inside one would be a bug, so it is refused here. */
export function renderEventPattern(pattern: EventPattern): string {
  const text = JSON.stringify(pattern);
  if (Token.isUnresolved(text)) {
    throw new Error(`Event pattern ${text} contains an unresolved token; patterns must be literal data`);
  }
  return text;
}
