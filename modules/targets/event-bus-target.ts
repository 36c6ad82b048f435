import { Construct } from "constructs";
import type { EventBus } from "../event-bus";
import type { IRuleTarget, RuleTargetConfig, TargetRule } from "../rule-target";
import { ServiceRole } from "../service-role";

/**
 * Forwards matched events to another bus, through a role only this rule may make EventBridge
 * assume, allowed events:PutEvents on that bus only. The receiving bus's policy must admit the
 * role's account (its putEventsPrincipals) when it is in another account.
 */
export class EventBusTarget implements IRuleTarget {
  constructor(private readonly bus: EventBus) {}

  bind(rule: TargetRule, scope: Construct): RuleTargetConfig {
    const role = new ServiceRole(scope, "Role", {
      name: `${rule.resourceNamePrefix}-rule`,
      service: "events.amazonaws.com",
      sourceArn: rule.ruleArn,
      description: `Lets ${rule.node.id} put events on ${this.bus.node.id}`,
    });
    this.bus.grantPutEvents(role);
    return { arn: this.bus.busArn, role };
  }
}
