import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { Construct } from "constructs";
import { MAX_TARGETS_PER_RULE, RULE_NAME_MAX_LENGTH, assertNameLength } from "./aws-limits";
import type { EventBus } from "./event-bus";
import { EventPattern, renderEventPattern } from "./event-pattern";
import { RuleTarget, RuleTargetOptions, TargetDelivery } from "./rule-target";

export interface EventRuleProps {
  readonly bus: EventBus;
  /** Rule name, unique per bus. */
  readonly name: string;
  readonly description: string;
  readonly eventPattern: EventPattern;
  /** Retry policy and dead-letter retention every target of this rule starts from. */
  readonly delivery: TargetDelivery;
}

/** A rule on a custom bus whose targets all get a retry policy and their own DLQ. */
export class EventRule extends Construct {
  readonly ruleArn: string;
  /** Terraform reference to the rule name: using it orders targets after the rule. */
  readonly ruleName: string;
  /** The literal name, for deriving child resource names. */
  readonly physicalName: string;
  readonly busName: string;
  readonly delivery: TargetDelivery;

  constructor(scope: Construct, id: string, props: EventRuleProps) {
    super(scope, id);
    assertNameLength(this.node.path, "name", props.name, RULE_NAME_MAX_LENGTH);
    const rule = new CloudwatchEventRule(this, "Resource", {
      name: props.name,
      description: props.description,
      eventBusName: props.bus.busName,
      eventPattern: renderEventPattern(props.eventPattern),
      state: "ENABLED",
    });
    this.ruleArn = rule.arn;
    this.ruleName = rule.name;
    this.physicalName = props.name;
    this.busName = rule.eventBusName;
    this.delivery = props.delivery;
    this.node.addValidation({ validate: () => this.validateTargetCount() });
  }

  /** Adds a target with the rule's retry policy (overridable) and a dedicated DLQ. */
  addTarget(id: string, options: RuleTargetOptions): RuleTarget {
    return new RuleTarget(this, id, { ...options, rule: this });
  }

  get targets(): RuleTarget[] {
    return this.node.children.filter((child): child is RuleTarget => child instanceof RuleTarget);
  }

  private validateTargetCount(): string[] {
    const count = this.targets.length;
    return count > MAX_TARGETS_PER_RULE
      ? [`rule "${this.physicalName}" has ${count} targets; allowed: at most ${MAX_TARGETS_PER_RULE} per rule`]
      : [];
  }
}
