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

export type State = TaskState | FailState;

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

/** Service integration ARN of an optimised integration, e.g. `dynamodb:putItem`. */
export function integration(api: string): string {
  return `arn:aws:states:::${api}`;
}
