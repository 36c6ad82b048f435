import type { Queue } from "../queue";
import type { IRuleTarget, RuleTargetConfig, TargetRule } from "../rule-target";

/** Sends each matched event to an SQS queue whose policy admits this one rule. */
export class QueueTarget implements IRuleTarget {
  constructor(private readonly queue: Queue) {}

  bind(rule: TargetRule): RuleTargetConfig {
    this.queue.grantSendFromRule(rule);
    return { arn: this.queue.queueArn };
  }
}
