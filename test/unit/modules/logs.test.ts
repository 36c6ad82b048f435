import { AuditTrail } from "../../../modules/audit-trail";
import { EventsLogDelivery } from "../../../modules/events-log-delivery";
import { LogGroup } from "../../../modules/log-group";
import { Testing } from "cdktf";
import { Arguments, readPolicy, resourcesOf, synthesizeModule, testStack } from "../../support/synth";
import { testBus } from "../../support/fixtures";

const SCOPE = { region: "eu-west-1", accountId: "111111111111" };

/** An audit rule as synthesized, with its event pattern as JSON text. */
type RuleArguments = Arguments & { readonly event_pattern: string };

describe("LogGroup", () => {
  it("refuses a retention CloudWatch does not accept", () => {
    expect(() => new LogGroup(testStack(), "L", { name: "/x", retentionDays: 2 as never })).toThrow(/retentionDays is 2; allowed: one of 1, 3, 5, 7, 14/);
  });
});

describe("EventsLogDelivery", () => {
  it.each(["/custom/logs/", "/aws/events/orders"])("refuses the prefix %s", (logGroupNamePrefix) => {
    expect(() => new EventsLogDelivery(testStack(), "D", { policyName: "p", location: SCOPE, logGroupNamePrefix })).toThrow(
      /allowed: a path under \/aws\/events\/ ending in "\/"/,
    );
  });

  it("fails synth when no rule was allowed to write", () => {
    const stack = testStack();
    new EventsLogDelivery(stack, "D", { policyName: "p", location: SCOPE, logGroupNamePrefix: "/aws/events/x/" });
    expect(() => Testing.synth(stack, true)).toThrow(/no rule was allowed to write/);
  });
});

describe("AuditTrail", () => {
  const stack = synthesizeModule((scope) => {
    const logDelivery = new EventsLogDelivery(scope, "D", { policyName: "p", location: SCOPE, logGroupNamePrefix: "/aws/events/t/" });
    new AuditTrail(scope, "Audit", { bus: testBus(scope), logDelivery, name: "t-orders-audit", retentionDays: 30 });
  });

  it("sends every event on the bus to a log group under the delivery prefix", () => {
    const [rule] = resourcesOf<RuleArguments>(stack, "aws_cloudwatch_event_rule");
    expect(JSON.parse(rule.event_pattern)).toEqual({ source: [{ prefix: "" }] });
    const [group] = resourcesOf(stack, "aws_cloudwatch_log_group");
    expect(group).toEqual(expect.objectContaining({ name: "/aws/events/t/t-orders-audit", retention_in_days: 30 }));
    const [target] = resourcesOf(stack, "aws_cloudwatch_event_target");
    expect(target.arn).toMatch(/^\$\{aws_cloudwatch_log_group\..+\.arn\}$/);
    expect(target).not.toHaveProperty("role_arn");
  });

  it("allows exactly its rule in the logs resource policy", () => {
    const [policy] = resourcesOf(stack, "aws_cloudwatch_log_resource_policy");
    const putEvents = readPolicy(policy.policy_document).Statement[1];
    expect(putEvents.Principal).toEqual({ Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] });
    expect(putEvents.Condition!.ArnEquals["aws:SourceArn"]).toEqual([expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\..+\.arn\}$/)]);
    expect(putEvents.Resource).toBe("arn:aws:logs:eu-west-1:111111111111:log-group:/aws/events/t/*:*");
  });
});
