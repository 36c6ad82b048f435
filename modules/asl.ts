/**
 * A typed subset of the Amazon States Language (JSONPath mode): what this project's workflows use.
 * @see https://states-language.net/spec.html
 */

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds: number;
  readonly MaxAttempts: number;
  readonly BackoffRate: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: "FULL" | "NONE";
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly ResultPath?: string | null;
  readonly Next: string;
}

interface Transition {
  readonly Next?: string;
  readonly End?: true;
}

export interface TaskState extends Transition {
  readonly Type: "Task";
  readonly Comment?: string;
  readonly Resource: string;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
}

export interface FailState {
  readonly Type: "Fail";
  readonly Comment?: string;
  readonly Error: string;
  readonly CausePath?: string;
}

export interface SucceedState {
  readonly Type: "Succeed";
  readonly Comment?: string;
}

/** A Pass state that places a fixed `Result` or the `Parameters` it builds at `ResultPath`. */
export interface PassState extends Transition {
  readonly Type: "Pass";
  readonly Comment?: string;
  readonly Result?: unknown;
  readonly Parameters?: Readonly<Record<string, unknown>>;
  readonly ResultPath?: string | null;
}

/** A comparison on one input field, or a combination of rules. */
export type ChoiceRule =
  | { readonly And: readonly ChoiceRule[] }
  | { readonly Or: readonly ChoiceRule[] }
  | { readonly Not: ChoiceRule }
  | ({ readonly Variable: string } & ChoiceComparison);

/** The comparison operators this project's workflows use. */
export type ChoiceComparison =
  | { readonly IsPresent: boolean }
  | { readonly IsString: boolean }
  | { readonly IsNumeric: boolean }
  | { readonly NumericGreaterThan: number }
  | { readonly StringMatches: string };

export interface ChoiceState {
  readonly Type: "Choice";
  readonly Comment?: string;
  readonly Choices: readonly (ChoiceRule & { readonly Next: string })[];
  readonly Default?: string;
}

export type State = TaskState | FailState | SucceedState | PassState | ChoiceState;

export interface StateMachineDefinition {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: Readonly<Record<string, State>>;
}

export interface Backoff {
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds: number;
}

/** Exponential backoff with full jitter, so retries from many executions do not arrive in waves. */
export function retryWithBackoff(errors: readonly string[], backoff: Backoff): Retrier {
  return {
    ErrorEquals: errors,
    IntervalSeconds: backoff.intervalSeconds,
    MaxAttempts: backoff.maxAttempts,
    BackoffRate: backoff.backoffRate,
    MaxDelaySeconds: backoff.maxDelaySeconds,
    JitterStrategy: "FULL",
  };
}

/**
 * A field that is present and of the given type. The presence check comes first: `And` stops at
 * the first false rule, and comparing an absent field is a runtime error, not `false`.
 */
export function presentAs(variable: string, comparison: ChoiceComparison): ChoiceRule[] {
  return [
    { Variable: variable, IsPresent: true },
    { Variable: variable, ...comparison },
  ];
}

/** Service integration ARN of an optimised integration, e.g. `dynamodb:putItem`. */
export function integration(api: string): string {
  return `arn:aws:states:::${api}`;
}
