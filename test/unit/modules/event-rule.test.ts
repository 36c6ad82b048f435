import { Testing } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { readPolicy, resourcesOf, synthesizeModule, testStack } from "../../support/synth";
import { DELIVERY, arnTarget, testBus, testRule } from "../../support/fixtures";

describe("EventRule and its targets", () => {
  it("renders the typed pattern as the rule's event pattern, on the bus", () => {
    const stack = synthesizeModule((scope) => {
      testRule(scope, { name: "test-rule" });
    });
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventRule, {
      name: "test-rule",
      event_pattern: '{"source":["com.orders"]}',
      event_bus_name: expect.stringMatching(/^\$\{aws_cloudwatch_event_bus\.Bus_[0-9A-F]+\.name\}$/),
      state: "ENABLED",
    });
  });

  it("gives a target the rule's retry policy and a DLQ named after rule and target", () => {
    const stack = synthesizeModule((scope) => {
      const rule = testRule(scope, { name: "test-rule" });
      rule.addTarget("log", arnTarget("arn:aws:logs:eu-west-1:123456789012:log-group:x"));
    });
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      target_id: "log",
      retry_policy: { maximum_retry_attempts: 3, maximum_event_age_in_seconds: 600 },
    });
    expect(stack.json).toHaveResourceWithProperties(SqsQueue, {
      name: "test-rule-log-dlq",
      message_retention_seconds: 3600,
      sqs_managed_sse_enabled: true,
    });
    expect(resourcesOf(stack, "aws_cloudwatch_event_target")[0]).not.toHaveProperty("role_arn");
  });

  it("lets only the rule write to the target's DLQ, and only over TLS", () => {
    const stack = synthesizeModule((scope) => {
      const rule = testRule(scope, { name: "test-rule" });
      rule.addTarget("log", arnTarget("arn:x"));
    });
    const [queuePolicy] = resourcesOf(stack, "aws_sqs_queue_policy");
    const [allow, deny] = readPolicy(queuePolicy.policy).Statement;
    expect(allow).toEqual(
      expect.objectContaining({
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Condition: { ArnEquals: { "aws:SourceArn": expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.Rule_[0-9A-F]+\.arn\}$/) } },
      }),
    );
    expect(deny).toEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
  });

  it("starts its targets from the bus's delivery defaults when given none", () => {
    const stack = synthesizeModule((scope) => {
      const bus = testBus(scope, "bus", { retry: { maximumRetryAttempts: 7, maximumEventAgeSeconds: 120 }, deadLetterRetentionSeconds: 600 });
      testRule(scope, { bus }).addTarget("t", arnTarget());
    });
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      retry_policy: { maximum_retry_attempts: 7, maximum_event_age_in_seconds: 120 },
    });
    expect(stack.json).toHaveResourceWithProperties(SqsQueue, { message_retention_seconds: 600 });
  });

  it("lets a rule override the bus's delivery defaults", () => {
    const stack = synthesizeModule((scope) => {
      testRule(scope, { bus: testBus(scope), delivery: { ...DELIVERY, retry: { maximumRetryAttempts: 1, maximumEventAgeSeconds: 60 } } }).addTarget(
        "t",
        arnTarget(),
      );
    });
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      retry_policy: { maximum_retry_attempts: 1, maximum_event_age_in_seconds: 60 },
    });
  });

  it("lets a target override part of the retry policy", () => {
    const stack = synthesizeModule((scope) => {
      const rule = testRule(scope, { name: "r" });
      rule.addTarget("t", arnTarget(), { retryPolicy: { maximumRetryAttempts: 0 } });
    });
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      retry_policy: { maximum_retry_attempts: 0, maximum_event_age_in_seconds: 600 },
    });
  });

  it.each([
    ["maximumRetryAttempts", { maximumRetryAttempts: 186 }, /maximumRetryAttempts is 186; allowed: an integer from 0 to 185/],
    ["maximumRetryAttempts", { maximumRetryAttempts: -1 }, /maximumRetryAttempts is -1; allowed: an integer from 0 to 185/],
    ["maximumEventAgeSeconds", { maximumEventAgeSeconds: 59 }, /maximumEventAgeSeconds is 59; allowed: an integer from 60 to 86400/],
    ["maximumEventAgeSeconds", { maximumEventAgeSeconds: 86_401 }, /maximumEventAgeSeconds is 86401; allowed: an integer from 60 to 86400/],
  ])("refuses %s outside the EventBridge limits (%j)", (_, retryPolicy, message) => {
    const stack = testStack();
    const rule = testRule(stack, { name: "r" });
    expect(() => rule.addTarget("t", arnTarget(), { retryPolicy })).toThrow(message);
  });

  it("refuses a DLQ retention SQS does not accept", () => {
    const stack = testStack();
    const delivery = { ...DELIVERY, deadLetterRetentionSeconds: 30 };
    const rule = testRule(stack, { name: "r", delivery });
    expect(() => rule.addTarget("t", arnTarget("arn:x"))).toThrow(/retentionSeconds is 30; allowed: an integer from 60 to 1209600/);
  });

  it("refuses a rule name longer than 64 characters", () => {
    const stack = testStack();
    const name = "r".repeat(65);
    expect(() => testRule(stack, { name })).toThrow(/name "r+" is 65 characters; allowed: at most 64/);
  });

  it("refuses a DLQ name longer than SQS allows", () => {
    const stack = testStack();
    const rule = testRule(stack, { name: "r".repeat(60) });
    expect(() => rule.addTarget("a-long-target-id", arnTarget("arn:x"))).toThrow(/is 81 characters; allowed: at most 80/);
  });

  it("fails synth when a rule has six targets", () => {
    const stack = testStack();
    const rule = testRule(stack, { name: "busy" });
    for (const id of ["a", "b", "c", "d", "e", "f"]) rule.addTarget(id, arnTarget("arn:x"));
    expect(() => Testing.synth(stack, true)).toThrow(/rule "busy" has 6 targets; allowed: at most 5 per rule/);
  });

  it("accepts five targets", () => {
    const stack = testStack();
    const rule = testRule(stack, { name: "busy" });
    for (const id of ["a", "b", "c", "d", "e"]) rule.addTarget(id, arnTarget("arn:x"));
    expect(() => Testing.synth(stack, true)).not.toThrow();
    expect(rule.targets).toHaveLength(5);
  });

  it("passes an input transformer and an AppSync operation through to the target", () => {
    const stack = synthesizeModule((scope) => {
      const rule = testRule(scope, { name: "r" });
      rule.addTarget(
        "api",
        arnTarget("arn:aws:appsync:eu-west-1:123456789012:endpoints/graphql-api/abc", {
          inputTransformer: { inputPaths: { id: "$.detail.id" }, inputTemplate: '{"id": <id>}' },
          graphqlOperation: "mutation M($id: ID!) { m(id: $id) { id } }",
        }),
      );
    });
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      input_transformer: { input_paths: { id: "$.detail.id" }, input_template: '{"id": <id>}' },
      appsync_target: { graphql_operation: "mutation M($id: ID!) { m(id: $id) { id } }" },
    });
  });

  it("sends the event unchanged when no transformer is given", () => {
    const stack = synthesizeModule((scope) => {
      const rule = testRule(scope, { name: "r" });
      rule.addTarget("log", arnTarget("arn:x"));
    });
    const [target] = resourcesOf(stack, "aws_cloudwatch_event_target");
    expect(target).not.toHaveProperty("input_transformer");
    expect(target).not.toHaveProperty("appsync_target");
  });
});
