import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import { TARGET_EVENT_AGE_SECONDS, TARGET_RETRY_ATTEMPTS, assertIntegerInRange } from "./aws-limits";
import { DeadLetterQueue } from "./dead-letter-queue";
import type { EventRule } from "./event-rule";
import type { InputTransformer } from "./input-transformer";

/** How EventBridge retries a target before the event goes to the target's DLQ. */
export interface RetryPolicy {
  /** @see TARGET_RETRY_ATTEMPTS */
  readonly maximumRetryAttempts: number;
  /** @see TARGET_EVENT_AGE_SECONDS */
  readonly maximumEventAgeSeconds: number;
}

export interface TargetDelivery extends RetryPolicy {
  /** Seconds an undeliverable event is kept in the DLQ. */
  readonly deadLetterRetentionSeconds: number;
}

export interface RuleTargetOptions {
  readonly targetArn: string;
  /**
   * Role EventBridge assumes to call the target.
   * @default - none; targets with a resource policy (logs, SQS, SNS, Lambda) must not get one
   */
  readonly roleArn?: string;
  /** @default - the rule's delivery settings */
  readonly retryPolicy?: Partial<RetryPolicy>;
  /** @default - the matched event is delivered as is */
  readonly inputTransformer?: InputTransformer;
  /** For an AppSync API target: the GraphQL operation EventBridge sends. */
  readonly graphqlOperation?: string;
}


export interface RuleTargetProps extends RuleTargetOptions {
  readonly rule: EventRule;
}

/** The one way this project attaches a target: retry policy and a DLQ only that rule may write to. */
export class RuleTarget extends Construct {
  readonly deadLetterQueue: DeadLetterQueue;
  readonly retryPolicy: RetryPolicy;

  constructor(scope: Construct, id: string, props: RuleTargetProps) {
    super(scope, id);
    const { rule } = props;
    this.retryPolicy = { ...pickRetryPolicy(rule.delivery), ...props.retryPolicy };
    assertIntegerInRange(this.node.path, "maximumRetryAttempts", this.retryPolicy.maximumRetryAttempts, TARGET_RETRY_ATTEMPTS);
    assertIntegerInRange(this.node.path, "maximumEventAgeSeconds", this.retryPolicy.maximumEventAgeSeconds, TARGET_EVENT_AGE_SECONDS);

    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetterQueue", {
      name: `${rule.physicalName}-${id.toLowerCase()}-dlq`,
      retentionSeconds: rule.delivery.deadLetterRetentionSeconds,
      sender: { service: "events.amazonaws.com", sourceArn: rule.ruleArn },
    });
    new CloudwatchEventTarget(this, "Resource", {
      rule: rule.ruleName,
      eventBusName: rule.busName,
      targetId: id,
      arn: props.targetArn,
      roleArn: props.roleArn,
      retryPolicy: {
        maximumRetryAttempts: this.retryPolicy.maximumRetryAttempts,
        maximumEventAgeInSeconds: this.retryPolicy.maximumEventAgeSeconds,
      },
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      ...(props.inputTransformer && {
        inputTransformer: { inputPaths: { ...props.inputTransformer.inputPaths }, inputTemplate: props.inputTransformer.inputTemplate },
      }),
      ...(props.graphqlOperation && { appsyncTarget: { graphqlOperation: props.graphqlOperation } }),
    });
  }
}

function pickRetryPolicy({ maximumRetryAttempts, maximumEventAgeSeconds }: RetryPolicy): RetryPolicy {
  return { maximumRetryAttempts, maximumEventAgeSeconds };
}
