import type { InputTransformer } from "../input-transformer";
import type { IRuleTarget, RuleTargetConfig, TargetRule } from "../rule-target";
import type { SnsTopic } from "../sns-topic";

export interface SnsTopicTargetOptions {
  /** @default - the matched event is published as is */
  readonly message?: InputTransformer;
}

/** Publishes to the topic; its topic policy (and its KMS key, if any) admit this one rule. */
export class SnsTopicTarget implements IRuleTarget {
  constructor(
    private readonly topic: SnsTopic,
    private readonly options: SnsTopicTargetOptions = {},
  ) {}

  bind(rule: TargetRule): RuleTargetConfig {
    this.topic.grantPublishFromRule(rule);
    return { arn: this.topic.topicArn, inputTransformer: this.options.message };
  }
}
