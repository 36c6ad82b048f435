import { SNS_DELAY_TARGET_SECONDS, SNS_DELIVERY_RETRIES, SNS_MAX_RECEIVES_PER_SECOND_MIN, SNS_TOTAL_RETRY_SECONDS_MAX } from "./aws-limits";

/**
 * SNS delivery policies for HTTP/HTTPS subscriptions, as typed data with every AWS limit checked
 * before Terraform sees them.
 *
 * SNS retries a failed delivery in four phases, in this order:
 * 1. immediate: `numNoDelayRetries` retries, no delay;
 * 2. pre-backoff: `numMinDelayRetries` retries, `minDelayTarget` seconds apart;
 * 3. backoff: the remaining `numRetries - numNoDelayRetries - numMinDelayRetries - numMaxDelayRetries`
 *    retries, whose delays grow from `minDelayTarget` to `maxDelayTarget` along `backoffFunction`;
 * 4. post-backoff: `numMaxDelayRetries` retries, `maxDelayTarget` seconds apart.
 * When the schedule is exhausted the message goes to the subscription's dead-letter queue.
 *
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html
 */

export const BACKOFF_FUNCTIONS = ["linear", "arithmetic", "geometric", "exponential"] as const;
export type BackoffFunction = (typeof BACKOFF_FUNCTIONS)[number];

/** The Content-Type SNS may send to the endpoint. */
export const HEADER_CONTENT_TYPES = ["text/plain", "application/json", "application/xml"] as const;
export type HeaderContentType = (typeof HEADER_CONTENT_TYPES)[number];

/** SNS's `healthyRetryPolicy`. All values are whole numbers (delays in seconds). */
export interface DeliveryRetryPolicy {
  /** Retries after the first failed attempt, all four phases together; 0-100. */
  readonly numRetries: number;
  /** Retries right after the failure, without delay. @default 0 */
  readonly numNoDelayRetries?: number;
  /** Seconds between pre-backoff retries, and the first backoff delay; at least 1, at most maxDelayTarget. */
  readonly minDelayTarget: number;
  /** Retries `minDelayTarget` apart before the backoff starts. @default 0 */
  readonly numMinDelayRetries?: number;
  /** Seconds between post-backoff retries, and the last backoff delay; at least minDelayTarget, at most 3600. */
  readonly maxDelayTarget: number;
  /** Retries `maxDelayTarget` apart after the backoff. @default 0 */
  readonly numMaxDelayRetries?: number;
  /** How the backoff delays grow from minDelayTarget to maxDelayTarget (see `backoffDelays`). */
  readonly backoffFunction: BackoffFunction;
}

export interface DeliveryPolicyInput {
  readonly retry: DeliveryRetryPolicy;
  /** Throttle: at most this many deliveries per second to the endpoint (at least 1). @default - no throttling */
  readonly maxReceivesPerSecond?: number;
  /**
   * Content-Type of the POST. Note: the AWS provider (5.x) leaves `requestPolicy` out when it compares
   * policies, so changing only this value does not update an existing subscription.
   * @default - SNS's default, `text/plain; charset=UTF-8`
   */
  readonly headerContentType?: HeaderContentType;
}

/** One thing wrong with a policy: the field (a path into DeliveryPolicyInput), its value and what is allowed. */
export interface DeliveryPolicyProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

export type RetryPhase = "immediate" | "pre-backoff" | "backoff" | "post-backoff";

/** One retry of the schedule: its delay after the previous attempt and its time after the first failure. */
export interface ScheduledRetry {
  /** 1-based retry number. */
  readonly retry: number;
  readonly phase: RetryPhase;
  readonly delaySeconds: number;
  readonly atSeconds: number;
}

/** The JSON SNS expects in a subscription's `DeliveryPolicy` attribute. */
export interface DeliveryPolicyJson {
  readonly healthyRetryPolicy: {
    readonly minDelayTarget: number;
    readonly maxDelayTarget: number;
    readonly numRetries: number;
    readonly numNoDelayRetries: number;
    readonly numMinDelayRetries: number;
    readonly numMaxDelayRetries: number;
    readonly backoffFunction: BackoffFunction;
  };
  readonly throttlePolicy?: { readonly maxReceivesPerSecond: number };
  readonly requestPolicy?: { readonly headerContentType: HeaderContentType };
}

/**
 * The delays (seconds) of the backoff phase's `count` retries. AWS publishes the four curves only as
 * a graph, so this is our model of them; SNS also adds jitter. With t = (i - 1) / (count - 1) for
 * retry i = 1..count (t = 1 when count is 1, so a lone backoff retry waits maxDelayTarget):
 * - linear:      min + (max - min) * t                                  (constant step)
 * - arithmetic:  min + (max - min) * t^2                                (the step grows by a constant amount)
 * - geometric:   min * (max / min)^t                                    (each delay a constant multiple of the last)
 * - exponential: min + (max - min) * (2^((count - 1) t) - 1) / (2^(count - 1) - 1)   (the excess over min doubles each retry)
 * All four start at minDelayTarget and end at maxDelayTarget. Linear waits longest in total; the
 * other three are convex, staying near minDelayTarget longer. Delays are rounded to the millisecond.
 */
export function backoffDelays(backoffFunction: BackoffFunction, min: number, max: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => {
    const t = count === 1 ? 1 : index / (count - 1);
    return roundMs(min + (max - min) * CURVES[backoffFunction](t, max / min, count - 1));
  });
}

/** Share of the way from min to max at t in [0, 1]; `ratio` is max/min, `steps` is count - 1. */
const CURVES: Record<BackoffFunction, (t: number, ratio: number, steps: number) => number> = {
  linear: (t) => t,
  arithmetic: (t) => t * t,
  geometric: (t, ratio) => (ratio === 1 ? t : (ratio ** t - 1) / (ratio - 1)),
  exponential: (t, _, steps) => (steps === 0 ? t : (2 ** (steps * t) - 1) / (2 ** steps - 1)),
};

/**
 * Every retry SNS makes under the policy, in order, with its delay and cumulative time.
 * The total retry time SNS caps at 3600 s is the last retry's `atSeconds`: the sum of all delays
 * (immediate retries 0, pre-backoff minDelayTarget each, backoff along the curve, post-backoff
 * maxDelayTarget each); the time the attempts themselves take is not counted.
 * Expects a policy without problems (see `deliveryPolicyProblems`).
 */
export function retrySchedule(retry: DeliveryRetryPolicy): ScheduledRetry[] {
  const { noDelay, minDelay, maxDelay, backoff } = phaseCounts(retry);
  const delays: [RetryPhase, number][] = [
    ...repeat(noDelay, (): [RetryPhase, number] => ["immediate", 0]),
    ...repeat(minDelay, (): [RetryPhase, number] => ["pre-backoff", retry.minDelayTarget]),
    ...backoffDelays(retry.backoffFunction, retry.minDelayTarget, retry.maxDelayTarget, backoff).map((delay): [RetryPhase, number] => ["backoff", delay]),
    ...repeat(maxDelay, (): [RetryPhase, number] => ["post-backoff", retry.maxDelayTarget]),
  ];
  let atSeconds = 0;
  return delays.map(([phase, delaySeconds], index) => {
    atSeconds = roundMs(atSeconds + delaySeconds);
    return { retry: index + 1, phase, delaySeconds, atSeconds };
  });
}

/** Seconds from the first failed attempt to the last retry (see `retrySchedule`). */
export function totalRetrySeconds(retry: DeliveryRetryPolicy): number {
  return retrySchedule(retry).at(-1)?.atSeconds ?? 0;
}

/**
 * Every way the input breaks an SNS limit; empty when SNS accepts it. Shared by the environment
 * schema and `DeliveryPolicy`, so config errors and construct errors say the same thing.
 * The total-time check runs only once every field is valid (it needs a computable schedule).
 */
export function deliveryPolicyProblems(input: DeliveryPolicyInput): DeliveryPolicyProblem[] {
  const { retry } = input;
  const problems: DeliveryPolicyProblem[] = [];
  const check = (field: string, value: unknown, ok: boolean, allowed: string) => {
    if (!ok) problems.push({ field, value, allowed });
  };
  const { min: minRetries, max: maxRetries } = SNS_DELIVERY_RETRIES;
  const { min: minDelay, max: maxDelay } = SNS_DELAY_TARGET_SECONDS;

  check("retry.numRetries", retry.numRetries, isIntegerIn(retry.numRetries, minRetries, maxRetries), `an integer from ${minRetries} to ${maxRetries}`);
  for (const field of ["numNoDelayRetries", "numMinDelayRetries", "numMaxDelayRetries"] as const) {
    const value = retry[field];
    check(`retry.${field}`, value, value === undefined || isIntegerIn(value, 0, maxRetries), `an integer from 0 to ${maxRetries}`);
  }
  check(
    "retry.minDelayTarget",
    retry.minDelayTarget,
    isIntegerIn(retry.minDelayTarget, minDelay, maxDelay),
    `a whole number of seconds from ${minDelay} to ${maxDelay}`,
  );
  const minOk = isIntegerIn(retry.minDelayTarget, minDelay, maxDelay);
  const lowest = minOk ? retry.minDelayTarget : minDelay;
  check(
    "retry.maxDelayTarget",
    retry.maxDelayTarget,
    isIntegerIn(retry.maxDelayTarget, lowest, maxDelay),
    minOk ? `a whole number of seconds from minDelayTarget (${lowest}) to ${maxDelay}` : `a whole number of seconds from ${minDelay} to ${maxDelay}`,
  );
  check("retry.backoffFunction", retry.backoffFunction, BACKOFF_FUNCTIONS.includes(retry.backoffFunction), `one of ${BACKOFF_FUNCTIONS.join(", ")}`);
  check(
    "maxReceivesPerSecond",
    input.maxReceivesPerSecond,
    input.maxReceivesPerSecond === undefined || isIntegerIn(input.maxReceivesPerSecond, SNS_MAX_RECEIVES_PER_SECOND_MIN, Number.MAX_SAFE_INTEGER),
    `an integer of at least ${SNS_MAX_RECEIVES_PER_SECOND_MIN}`,
  );
  check(
    "headerContentType",
    input.headerContentType,
    input.headerContentType === undefined || HEADER_CONTENT_TYPES.includes(input.headerContentType),
    `one of ${HEADER_CONTENT_TYPES.join(", ")}`,
  );
  if (problems.length > 0) return problems;

  const { noDelay, minDelay: minCount, maxDelay: maxCount } = phaseCounts(retry);
  const phases = noDelay + minCount + maxCount;
  check(
    "retry.numRetries",
    retry.numRetries,
    phases <= retry.numRetries,
    `at least numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries (${noDelay} + ${minCount} + ${maxCount} = ${phases})`,
  );
  if (problems.length > 0) return problems;

  const total = totalRetrySeconds(retry);
  check(
    "retry.totalRetrySeconds",
    total,
    total <= SNS_TOTAL_RETRY_SECONDS_MAX,
    `at most ${SNS_TOTAL_RETRY_SECONDS_MAX} (SNS's hard limit on the total retry time of an HTTP/S policy); ` +
      `fewer retries, a shorter maxDelayTarget or a slower-growing backoffFunction shortens it`,
  );
  return problems;
}

export type BackoffOptions = Omit<DeliveryRetryPolicy, "backoffFunction"> & Omit<DeliveryPolicyInput, "retry">;

/**
 * A delivery policy, built only through the factories. The factories never throw: an environment
 * file builds its policies while it loads, and a problem must reach the config loader as a
 * ConfigError naming environment and field, not escape as a raw exception. `problems` lists what
 * SNS would refuse; `assertValid` (called by every construct that uses a policy) throws on them.
 */
export class DeliveryPolicy {
  static from(input: DeliveryPolicyInput): DeliveryPolicy {
    return new DeliveryPolicy(input, deliveryPolicyProblems(input));
  }

  static linear(options: BackoffOptions): DeliveryPolicy {
    return DeliveryPolicy.withBackoff("linear", options);
  }

  static arithmetic(options: BackoffOptions): DeliveryPolicy {
    return DeliveryPolicy.withBackoff("arithmetic", options);
  }

  static geometric(options: BackoffOptions): DeliveryPolicy {
    return DeliveryPolicy.withBackoff("geometric", options);
  }

  static exponential(options: BackoffOptions): DeliveryPolicy {
    return DeliveryPolicy.withBackoff("exponential", options);
  }

  private static withBackoff(backoffFunction: BackoffFunction, options: BackoffOptions): DeliveryPolicy {
    const { maxReceivesPerSecond, headerContentType, ...retry } = options;
    return DeliveryPolicy.from({ retry: { ...retry, backoffFunction }, maxReceivesPerSecond, headerContentType });
  }

  readonly retry: Required<DeliveryRetryPolicy>;
  readonly maxReceivesPerSecond?: number;
  readonly headerContentType?: HeaderContentType;
  /** What SNS would refuse in this policy; empty for a usable one. */
  readonly problems: readonly DeliveryPolicyProblem[];
  /** Every retry with its delay (empty while there are problems); see `retrySchedule`. */
  readonly schedule: readonly ScheduledRetry[];
  /** Seconds from the first failed attempt to the last retry; at most 3600. */
  readonly totalRetrySeconds: number;

  private constructor(input: DeliveryPolicyInput, problems: readonly DeliveryPolicyProblem[]) {
    const { noDelay, minDelay, maxDelay } = phaseCounts(input.retry);
    this.retry = { ...input.retry, numNoDelayRetries: noDelay, numMinDelayRetries: minDelay, numMaxDelayRetries: maxDelay };
    this.maxReceivesPerSecond = input.maxReceivesPerSecond;
    this.headerContentType = input.headerContentType;
    this.problems = problems;
    // An invalid policy may ask for billions of retries: its schedule is not computed.
    this.schedule = problems.length === 0 ? retrySchedule(this.retry) : [];
    this.totalRetrySeconds = this.schedule.at(-1)?.atSeconds ?? 0;
  }

  /** Throws a RangeError listing every problem; returns the policy when SNS accepts it. */
  assertValid(): this {
    if (this.problems.length === 0) return this;
    const count = this.problems.length;
    const lines = this.problems.map((p) => `  - ${p.field} is ${JSON.stringify(p.value)}; allowed: ${p.allowed}`);
    throw new RangeError(`Invalid SNS delivery policy (${count} problem${count === 1 ? "" : "s"}):\n${lines.join("\n")}`);
  }

  /** SNS's JSON; every retry field explicit, so what AWS reads back equals what was written. */
  toJson(): DeliveryPolicyJson {
    const r = this.assertValid().retry;
    return {
      healthyRetryPolicy: {
        minDelayTarget: r.minDelayTarget,
        maxDelayTarget: r.maxDelayTarget,
        numRetries: r.numRetries,
        numNoDelayRetries: r.numNoDelayRetries,
        numMinDelayRetries: r.numMinDelayRetries,
        numMaxDelayRetries: r.numMaxDelayRetries,
        backoffFunction: r.backoffFunction,
      },
      ...(this.maxReceivesPerSecond !== undefined && { throttlePolicy: { maxReceivesPerSecond: this.maxReceivesPerSecond } }),
      ...(this.headerContentType !== undefined && { requestPolicy: { headerContentType: this.headerContentType } }),
    };
  }
}

function phaseCounts(retry: DeliveryRetryPolicy) {
  const noDelay = retry.numNoDelayRetries ?? 0;
  const minDelay = retry.numMinDelayRetries ?? 0;
  const maxDelay = retry.numMaxDelayRetries ?? 0;
  return { noDelay, minDelay, maxDelay, backoff: Math.max(0, retry.numRetries - noDelay - minDelay - maxDelay) };
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function repeat<T>(count: number, make: () => T): T[] {
  return Array.from({ length: count }, make);
}

function roundMs(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * JSON to an HTTP(S) endpoint with retries spread over most of SNS's one-hour budget: 3 quick
 * retries, then 1 s growing to 5 min, then every 5 min. An endpoint that is down for a while
 * (a webhook receiver, a pager during an incident) loses nothing.
 */
export const HOUR_LONG_HTTPS_DELIVERY = DeliveryPolicy.exponential({
  numRetries: 20,
  numNoDelayRetries: 3,
  minDelayTarget: 1,
  numMinDelayRetries: 2,
  maxDelayTarget: 300,
  numMaxDelayRetries: 5,
  maxReceivesPerSecond: 10,
  headerContentType: "application/json",
});
