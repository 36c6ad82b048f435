import { environments, loadEnvironments } from "../../../envs";
import { Inputs, configErrorFor, freshInputs } from "../../support/config-inputs";

const issuesFor = (change: (inputs: Inputs) => void) => configErrorFor(change).issues;

describe("reviews config", () => {
  it("deploys the reviews domain in every environment, in a language Comprehend reads", () => {
    for (const config of environments) {
      expect(config.reviews.enabled).toBe(true);
      expect(config.reviews.sentimentLanguage).toBe("en");
    }
  });

  it("loads as written", () => {
    expect(() => loadEnvironments(freshInputs())).not.toThrow();
  });

  const invalid: [string, (inputs: Inputs) => void, { environment: string; field: string; value: unknown; allowed: RegExp }][] = [
    [
      "a language DetectSentiment does not support",
      (i) => (i.dev.reviews.sentimentLanguage = "nl"),
      { environment: "dev", field: "reviews.sentimentLanguage", value: "nl", allowed: /a language DetectSentiment supports: one of en, es, .*zh-TW/ },
    ],
    [
      "a case timeout under a minute",
      (i) => (i.staging.reviews.caseTimeoutSeconds = 59),
      { environment: "staging", field: "reviews.caseTimeoutSeconds", value: 59, allowed: /an integer from 60 to 2592000 seconds/ },
    ],
    [
      "a case timeout over 30 days",
      (i) => (i.prod.reviews.caseTimeoutSeconds = 2_592_001),
      { environment: "prod", field: "reviews.caseTimeoutSeconds", value: 2_592_001, allowed: /an integer from 60 to 2592000 seconds/ },
    ],
    [
      "a fractional case timeout",
      (i) => (i.dev.reviews.caseTimeoutSeconds = 90.5),
      { environment: "dev", field: "reviews.caseTimeoutSeconds", value: 90.5, allowed: /an integer from 60/ },
    ],
    [
      "a customer-service subscriber over plain http",
      (i) => (i.dev.reviews.customerService.subscribers = [{ name: "agents", protocol: "https", endpoint: "http://tickets.example.com" }]),
      { environment: "dev", field: "reviews.customerService.subscribers.0.endpoint", value: "http://tickets.example.com", allowed: /an https:\/\/ URL/ },
    ],
    [
      "a thank-you channel without encryption outside the emulator",
      (i) => (i.dev.reviews.thankYou.encryption = "none"),
      { environment: "dev", field: "reviews.thankYou.encryption", value: "none", allowed: /"kms" \(only the emulator environment/ },
    ],
    [
      "a customer-service channel without encryption in prod",
      (i) => (i.prod.reviews.customerService.encryption = "none"),
      { environment: "prod", field: "reviews.customerService.encryption", value: "none", allowed: /"kms"/ },
    ],
    [
      "prod cases nobody hears of",
      (i) => (i.prod.reviews.customerService.subscribers = []),
      { environment: "prod", field: "reviews.customerService.subscribers", value: [], allowed: /at least one subscriber \(prod cases must reach an agent\)/ },
    ],
    [
      "a reviews API nobody may call",
      (i) => (i.staging.reviews.api.callers = []),
      { environment: "staging", field: "reviews.api.callers", value: [], allowed: /at least one principal/ },
    ],
    [
      "an unknown reviews field",
      (i) => (i.dev.reviews.sesIdentity = "reviews@example.com"),
      { environment: "dev", field: "reviews.sesIdentity", value: "reviews@example.com", allowed: /known fields here: enabled, sentimentLanguage/ },
    ],
    ["a missing reviews block", (i) => delete i.local.reviews, { environment: "local", field: "reviews", value: undefined, allowed: /an object/ }],
  ];

  it.each(invalid)("refuses %s, naming environment, field, value and what is allowed", (_, change, expected) => {
    const issues = issuesFor(change);
    expect(issues).toContainEqual({
      environment: expected.environment,
      field: expected.field,
      value: expected.value,
      allowed: expect.stringMatching(expected.allowed),
    });
  });

  it("lets the emulator environment leave its topics unencrypted and dev go without customer-service subscribers", () => {
    const inputs = freshInputs();
    inputs.local.reviews.customerService.encryption = "none";
    inputs.dev.reviews.customerService.subscribers = [];
    expect(() => loadEnvironments(inputs)).not.toThrow();
  });
});
