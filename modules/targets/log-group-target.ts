import type { EventsLogDelivery } from "../events-log-delivery";
import type { LogGroup } from "../log-group";
import type { IRuleTarget, RuleTargetConfig, TargetRule } from "../rule-target";

/**
 * Writes each matched event to a log group named under the delivery's prefix; the environment's
 * logs resource policy admits this one rule.
 */
export class LogGroupTarget implements IRuleTarget {
  constructor(
    private readonly logGroup: LogGroup,
    private readonly delivery: EventsLogDelivery,
  ) {}

  bind(rule: TargetRule): RuleTargetConfig {
    this.delivery.grantWriteFromRule(rule);
    return { arn: this.logGroup.logGroupArn };
  }
}
