import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { Construct } from "constructs";
import { MAX_TARGETS_PER_RULE, RULE_NAME_MAX_LENGTH, assertNameLength } from "./aws-limits";
import { EventPattern, renderEventPattern } from "./event-pattern";
import type { Watched, WatchedResource } from "./monitoring/watched";
import { IRuleTarget, RetryPolicy, RuleTarget, TargetDelivery, TargetRule } from "./rule-target";

/** The bus a rule listens on: its name and the delivery defaults its targets start from. */
export interface RuleBus {
  /** Terraform reference to the bus name. */
  readonly busName: string;
  readonly delivery: TargetDelivery;
}

export interface EventRuleOptions {
  /** Rule name, unique per bus. */
  readonly name: string;
  /**
   * What the names of the targets' roles and DLQs start with. Roles are unique per account and
   * queues per region, so a rule name that is unique only per bus needs an environment prefix here.
   * @default - the rule name
   */
  readonly resourceNamePrefix?: string;
  readonly description: string;
  readonly eventPattern: EventPattern;
  /** @default - the bus's delivery defaults */
  readonly delivery?: TargetDelivery;
}

export interface EventRuleProps extends EventRuleOptions {
  readonly bus: RuleBus;
}

export interface AddTargetOptions {
  /** @default - the rule's delivery retry policy */
  readonly retryPolicy?: Partial<RetryPolicy>;
}

/** A rule on a custom bus whose targets all get a retry policy and their own DLQ. */
export class EventRule extends Construct implements TargetRule, Watched {
  readonly ruleArn: string;
  /** Terraform reference to the rule name: using it orders targets after the rule. */
  readonly ruleName: string;
  /** The literal rule name. */
  readonly physicalName: string;
  readonly resourceNamePrefix: string;
  readonly busName: string;
  readonly delivery: TargetDelivery;
  private readonly dimensions: Readonly<Record<string, string>>;
  private readonly listensTo: string;

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
    this.resourceNamePrefix = props.resourceNamePrefix ?? props.name;
    this.busName = rule.eventBusName;
    this.delivery = props.delivery ?? props.bus.delivery;
    this.dimensions = { EventBusName: rule.eventBusName, RuleName: rule.name };
    this.listensTo = props.bus.busName;
    this.node.addValidation({ validate: () => this.validateTargetCount() });
  }

  /** Adds a target (what it needs to be reached is the target's job), a retry policy and a dedicated DLQ. */
  addTarget(id: string, target: IRuleTarget, options: AddTargetOptions = {}): RuleTarget {
    return new RuleTarget(this, id, { rule: this, target, retryPolicy: options.retryPolicy });
  }

  /** Failed and dead-lettered deliveries page ops (modules/monitoring); read late, as targets are added after the rule. */
  get watched(): WatchedResource {
    const deliversTo = this.targets.map((target) => target.targetArn);
    return { kind: "event-rule", dimensions: this.dimensions, label: this.physicalName, arn: this.ruleArn, deliversTo, listensTo: this.listensTo };
  }

  get targets(): RuleTarget[] {
    return this.node.children.filter((child): child is RuleTarget => child instanceof RuleTarget);
  }

  private validateTargetCount(): string[] {
    const count = this.targets.length;
    return count > MAX_TARGETS_PER_RULE ? [`rule "${this.physicalName}" has ${count} targets; allowed: at most ${MAX_TARGETS_PER_RULE} per rule`] : [];
  }
}
