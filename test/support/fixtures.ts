import { Construct } from "constructs";
import { EventBus } from "../../modules/event-bus";
import { EventRule, EventRuleProps } from "../../modules/event-rule";
import { IRuleTarget, RuleTargetConfig, TargetDelivery } from "../../modules/rule-target";

export const DELIVERY: TargetDelivery = { retry: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 600 }, deadLetterRetentionSeconds: 3600 };

export function testBus(scope: Construct, name = "test-orders", delivery: TargetDelivery = DELIVERY): EventBus {
  return new EventBus(scope, "Bus", { name, description: "test", putEventsPrincipals: ["123456789012"], delivery });
}

/** A rule with id "Rule" on a new test bus, unless the props name a bus. */
export function testRule(scope: Construct, props: Partial<EventRuleProps> = {}): EventRule {
  return new EventRule(scope, "Rule", {
    bus: props.bus ?? testBus(scope),
    name: "test-rule",
    description: "d",
    eventPattern: { source: ["com.orders"] },
    ...props,
  });
}

/** A target at a fixed ARN that creates nothing: for what every target gets, whatever its kind. */
export function arnTarget(arn = "arn:x", extra: Omit<RuleTargetConfig, "arn"> = {}): IRuleTarget {
  return { bind: () => ({ arn, ...extra }) };
}
