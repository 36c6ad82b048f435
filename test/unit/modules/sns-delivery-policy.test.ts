import {
  BACKOFF_FUNCTIONS,
  BackoffFunction,
  DeliveryPolicy,
  DeliveryRetryPolicy,
  backoffDelays,
  deliveryPolicyProblems,
  retrySchedule,
  totalRetrySeconds,
} from "../../../modules/sns-delivery-policy";

/** A valid policy every test varies one field of. */
const RETRY: DeliveryRetryPolicy = {
  numRetries: 8,
  numNoDelayRetries: 2,
  minDelayTarget: 10,
  numMinDelayRetries: 2,
  maxDelayTarget: 100,
  numMaxDelayRetries: 2,
  backoffFunction: "linear",
};

const fromRetry = (changes: Partial<Record<keyof DeliveryRetryPolicy, unknown>>) =>
  DeliveryPolicy.from({ retry: { ...RETRY, ...changes } as DeliveryRetryPolicy }).assertValid();

describe("DeliveryPolicy JSON", () => {
  it.each(BACKOFF_FUNCTIONS)("renders SNS's healthyRetryPolicy for %s backoff, every phase count explicit", (backoffFunction) => {
    const policy = DeliveryPolicy[backoffFunction]({ numRetries: 5, minDelayTarget: 2, maxDelayTarget: 30 });
    expect(policy.toJson()).toEqual({
      healthyRetryPolicy: {
        minDelayTarget: 2,
        maxDelayTarget: 30,
        numRetries: 5,
        numNoDelayRetries: 0,
        numMinDelayRetries: 0,
        numMaxDelayRetries: 0,
        backoffFunction,
      },
    });
  });

  it("adds throttlePolicy and requestPolicy only when given", () => {
    const policy = DeliveryPolicy.exponential({
      numRetries: 3,
      minDelayTarget: 1,
      maxDelayTarget: 20,
      maxReceivesPerSecond: 10,
      headerContentType: "application/json",
    });
    expect(policy.toJson()).toEqual(
      expect.objectContaining({
        throttlePolicy: { maxReceivesPerSecond: 10 },
        requestPolicy: { headerContentType: "application/json" },
      }),
    );
  });

  it("builds the same policy from plain input as from the named factory", () => {
    const options = { numRetries: 4, minDelayTarget: 5, maxDelayTarget: 50, numMaxDelayRetries: 1, maxReceivesPerSecond: 5 };
    const { maxReceivesPerSecond, ...retry } = options;
    expect(DeliveryPolicy.from({ retry: { ...retry, backoffFunction: "geometric" }, maxReceivesPerSecond }).toJson()).toEqual(
      DeliveryPolicy.geometric(options).toJson(),
    );
  });
});

describe("backoff curves", () => {
  // min 10, max 100, four backoff retries: t = 0, 1/3, 2/3, 1
  it.each<[BackoffFunction, number[]]>([
    ["linear", [10, 40, 70, 100]],
    ["arithmetic", [10, 20, 50, 100]],
    ["geometric", [10, 21.544, 46.416, 100]],
    ["exponential", [10, 22.857, 48.571, 100]],
  ])("%s runs from minDelayTarget to maxDelayTarget along its curve", (backoffFunction, expected) => {
    expect(backoffDelays(backoffFunction, 10, 100, 4)).toEqual(expected);
  });

  it("gives a lone backoff retry maxDelayTarget", () => {
    expect(backoffDelays("exponential", 10, 100, 1)).toEqual([100]);
  });

  it("keeps every delay at minDelayTarget when min equals max", () => {
    for (const backoffFunction of BACKOFF_FUNCTIONS) expect(backoffDelays(backoffFunction, 20, 20, 3)).toEqual([20, 20, 20]);
  });
});

describe("retry schedule", () => {
  it("lists the four phases in order with each delay and the time since the first failure", () => {
    expect(retrySchedule(RETRY)).toEqual([
      { retry: 1, phase: "immediate", delaySeconds: 0, atSeconds: 0 },
      { retry: 2, phase: "immediate", delaySeconds: 0, atSeconds: 0 },
      { retry: 3, phase: "pre-backoff", delaySeconds: 10, atSeconds: 10 },
      { retry: 4, phase: "pre-backoff", delaySeconds: 10, atSeconds: 20 },
      { retry: 5, phase: "backoff", delaySeconds: 10, atSeconds: 30 },
      { retry: 6, phase: "backoff", delaySeconds: 100, atSeconds: 130 },
      { retry: 7, phase: "post-backoff", delaySeconds: 100, atSeconds: 230 },
      { retry: 8, phase: "post-backoff", delaySeconds: 100, atSeconds: 330 },
    ]);
  });

  it("totals SNS's default policy (three retries 20 s apart) to 60 s", () => {
    const policy = DeliveryPolicy.linear({ numRetries: 3, minDelayTarget: 20, maxDelayTarget: 20 });
    expect(policy.schedule.map((r) => r.delaySeconds)).toEqual([20, 20, 20]);
    expect(policy.totalRetrySeconds).toBe(60);
  });

  it("has no retries and no retry time when numRetries is 0", () => {
    const policy = DeliveryPolicy.linear({ numRetries: 0, minDelayTarget: 1, maxDelayTarget: 1 });
    expect(policy.schedule).toEqual([]);
    expect(policy.totalRetrySeconds).toBe(0);
  });

  it("exposes the schedule's total on the policy", () => {
    expect(DeliveryPolicy.from({ retry: RETRY }).totalRetrySeconds).toBe(totalRetrySeconds(RETRY));
    expect(totalRetrySeconds(RETRY)).toBe(330);
  });
});

describe("delivery policy limits", () => {
  it.each([
    ["numRetries", -1, /retry\.numRetries is -1; allowed: an integer from 0 to 100/],
    ["numRetries", 101, /retry\.numRetries is 101; allowed: an integer from 0 to 100/],
    ["numRetries", 2.5, /retry\.numRetries is 2\.5; allowed: an integer from 0 to 100/],
    ["numNoDelayRetries", -1, /retry\.numNoDelayRetries is -1; allowed: an integer from 0 to 100/],
    ["minDelayTarget", 0, /retry\.minDelayTarget is 0; allowed: a whole number of seconds from 1 to 3600/],
    ["maxDelayTarget", 3601, /retry\.maxDelayTarget is 3601; allowed: a whole number of seconds from minDelayTarget \(10\) to 3600/],
    ["maxDelayTarget", 5, /retry\.maxDelayTarget is 5; allowed: a whole number of seconds from minDelayTarget \(10\) to 3600/],
    ["backoffFunction", "cubic", /retry\.backoffFunction is "cubic"; allowed: one of linear, arithmetic, geometric, exponential/],
  ])("refuses %s = %p", (field, value, message) => {
    expect(() => fromRetry({ [field]: value })).toThrow(message);
  });

  it("refuses phase counts that add up to more than numRetries", () => {
    expect(() => fromRetry({ numRetries: 5 })).toThrow(
      /retry\.numRetries is 5; allowed: at least numNoDelayRetries \+ numMinDelayRetries \+ numMaxDelayRetries \(2 \+ 2 \+ 2 = 6\)/,
    );
  });

  it("refuses an otherwise valid schedule whose total retry time exceeds SNS's one-hour cap", () => {
    // 10 backoff retries 60..300 s (1800 s) + 10 post-backoff retries of 300 s (3000 s) = 4800 s
    const retry = { numRetries: 20, minDelayTarget: 60, maxDelayTarget: 300, numMaxDelayRetries: 10, backoffFunction: "linear" } as const;
    expect(deliveryPolicyProblems({ retry })).toEqual([
      { field: "retry.totalRetrySeconds", value: 4800, allowed: expect.stringMatching(/^at most 3600 \(SNS's hard limit/) },
    ]);
    expect(() => DeliveryPolicy.from({ retry }).assertValid()).toThrow(/retry\.totalRetrySeconds is 4800; allowed: at most 3600/);
  });

  it("judges the cap along the chosen curve: the same bounds pass with exponential and fail with linear", () => {
    const bounds = { numRetries: 10, minDelayTarget: 1, maxDelayTarget: 1000 };
    expect(() => DeliveryPolicy.linear(bounds).assertValid()).toThrow(/retry\.totalRetrySeconds is 5005; allowed: at most 3600/);
    expect(DeliveryPolicy.exponential(bounds).totalRetrySeconds).toBeCloseTo(1990.4, 1);
  });

  it("accepts a total of exactly 3600 s", () => {
    expect(DeliveryPolicy.linear({ numRetries: 1, minDelayTarget: 3600, maxDelayTarget: 3600 }).totalRetrySeconds).toBe(3600);
  });

  it("refuses a throttle below one delivery per second", () => {
    expect(() => DeliveryPolicy.from({ retry: RETRY, maxReceivesPerSecond: 0 }).assertValid()).toThrow(
      /maxReceivesPerSecond is 0; allowed: an integer of at least 1/,
    );
  });

  it("refuses a content type SNS does not send", () => {
    expect(() => DeliveryPolicy.from({ retry: RETRY, headerContentType: "text/html" as never }).assertValid()).toThrow(
      /headerContentType is "text\/html"; allowed: one of text\/plain, application\/json, application\/xml/,
    );
  });

  it("lists every problem in one error", () => {
    expect(() => DeliveryPolicy.from({ retry: { ...RETRY, numRetries: 101, minDelayTarget: 0 }, maxReceivesPerSecond: 0 }).assertValid()).toThrow(
      /Invalid SNS delivery policy \(3 problems\):\n {2}- retry\.numRetries is 101.*\n {2}- retry\.minDelayTarget is 0.*\n {2}- maxReceivesPerSecond is 0/,
    );
  });

  it("builds an invalid policy without throwing, listing its problems, and refuses to render it", () => {
    const policy = DeliveryPolicy.exponential({ numRetries: 101, minDelayTarget: 1, maxDelayTarget: 10 });
    expect(policy.problems).toEqual([{ field: "retry.numRetries", value: 101, allowed: "an integer from 0 to 100" }]);
    expect(() => policy.toJson()).toThrow(/retry\.numRetries is 101/);
  });

  it("reports fields as paths into the input, for the config schema to reuse", () => {
    expect(deliveryPolicyProblems({ retry: { ...RETRY, minDelayTarget: 0 } })).toEqual([
      { field: "retry.minDelayTarget", value: 0, allowed: "a whole number of seconds from 1 to 3600" },
    ]);
  });

  it("finds no problem in a valid policy", () => {
    expect(deliveryPolicyProblems({ retry: RETRY, maxReceivesPerSecond: 1, headerContentType: "text/plain" })).toEqual([]);
  });
});
