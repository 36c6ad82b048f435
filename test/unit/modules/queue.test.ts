import { sharedAlarms } from "../../../envs/shared";
import { Alarms } from "../../../modules/monitoring/alarms";
import { Queue } from "../../../modules/queue";
import { evaluate } from "../../../policy/evaluate";
import { POLICY_PACK } from "../../../policy/pack";
import { resolveStack } from "../../../policy/resolve";
import { decodeJsonencode, findResource, readPolicy, synthesizeModule, testStack } from "../../support/synth";

const PROPS = { name: "orders-dev-consumer", retentionSeconds: 3600, maxReceiveCount: 5, deadLetterRetentionSeconds: 86_400 } as const;

describe("Queue", () => {
  const stack = synthesizeModule((scope) => {
    new Queue(scope, "Queue", PROPS);
  });
  const queue = () => findResource(stack, "aws_sqs_queue", (q) => q.name === PROPS.name);

  it("is encrypted and moves a message to its own DLQ after maxReceiveCount receives", () => {
    const dlq = findResource(stack, "aws_sqs_queue", (q) => q.name === `${PROPS.name}-dlq`);
    expect(queue().resource.sqs_managed_sse_enabled).toBe(true);
    expect(decodeJsonencode(queue().resource.redrive_policy)).toEqual({ deadLetterTargetArn: dlq.ref("arn"), maxReceiveCount: 5 });
    expect(dlq.resource.message_retention_seconds).toBe(86_400);
  });

  it("allows no sender until a rule is granted, and refuses requests without TLS", () => {
    const policy = findResource(stack, "aws_sqs_queue_policy", (p) => p.queue_url === queue().ref("url")).resource.policy;
    expect(readPolicy(policy).Statement).toEqual([expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]);
  });

  it("passes every rule of the policy pack, alarms included", () => {
    const scope = testStack();
    new Queue(scope, "Queue", PROPS);
    new Alarms(scope, "Alarms", {
      namePrefix: "orders-dev",
      settings: sharedAlarms,
      topicArn: "arn:aws:sns:eu-west-1:123456789012:alarms",
      runbook: "runbook.md",
    });
    const { view } = resolveStack(scope);
    expect(view.ofType("aws_sqs_queue")).toHaveLength(2);
    expect(evaluate(view, POLICY_PACK)).toEqual([]);
  });

  it.each([
    [{ maxReceiveCount: 0 }, /maxReceiveCount is 0; allowed: an integer from 1 to 1000/],
    [{ retentionSeconds: 30 }, /retentionSeconds is 30; allowed: an integer from 60 to 1209600/],
    [{ name: "q".repeat(81) }, /is 81 characters; allowed: at most 80/],
  ])("refuses %j", (override, message) => {
    expect(() => new Queue(testStack(), "Queue", { ...PROPS, ...override })).toThrow(message);
  });
});
