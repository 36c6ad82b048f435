import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct, IConstruct } from "constructs";
import { TARGET_EVENT_AGE_SECONDS, TARGET_RETRY_ATTEMPTS, assertIntegerInRange } from "./aws-limits";
import { DeadLetterQueue } from "./dead-letter-queue";
import type { InputTransformer } from "./input-transformer";
import type { ServiceRole } from "./service-role";

/** How EventBridge retries a target before the event goes to the target's DLQ. */
export interface RetryPolicy {
  /** @see TARGET_RETRY_ATTEMPTS */
  readonly maximumRetryAttempts: number;
  /** @see TARGET_EVENT_AGE_SECONDS */
  readonly maximumEventAgeSeconds: number;
}

/** What every target of a bus starts from: its retry policy and how long its DLQ keeps an event. */
export interface TargetDelivery {
  readonly retry: RetryPolicy;
  /** Seconds an undeliverable event is kept in the target's DLQ. */
  readonly deadLetterRetentionSeconds: number;
}

/** The rule a target is attached to: what a target needs to know of it, and nothing more. */
export interface TargetRule extends IConstruct {
  readonly ruleArn: string;
  /** Terraform reference to the rule name: using it orders targets after the rule. */
  readonly ruleName: string;
  /** The literal rule name. */
  readonly physicalName: string;
  /** What the names of resources made for the rule's targets (roles, DLQs) start with. */
  readonly resourceNamePrefix: string;
  readonly busName: string;
  readonly delivery: TargetDelivery;
}

/** What a bound target contributes to its `aws_cloudwatch_event_target`. */
export interface RuleTargetConfig {
  readonly arn: string;
  /**
   * Role EventBridge assumes to call the target.
   * @default - none; targets with a resource policy (logs, SQS, SNS, Lambda) must not get one
   */
  readonly role?: ServiceRole;
  /** @default - the matched event is delivered as is */
  readonly inputTransformer?: InputTransformer;
  /** For an AppSync API target: the GraphQL operation EventBridge sends. */
  readonly graphqlOperation?: string;
}

/**
 * A kind of target (state machine, function, topic, ...). `bind` is called once, when the target
 * is added, and creates whatever lets the rule reach it: a role, a resource-policy admission, a key grant.
 */
export interface IRuleTarget {
  /** @param scope the target's own construct, where a role the target needs belongs */
  bind(rule: TargetRule, scope: Construct): RuleTargetConfig;
}

export interface RuleTargetProps {
  readonly rule: TargetRule;
  readonly target: IRuleTarget;
  /** @default - the rule's delivery retry policy */
  readonly retryPolicy?: Partial<RetryPolicy>;
}

/** The one way this project attaches a target: retry policy and a DLQ only that rule may write to. */
export class RuleTarget extends Construct {
  readonly deadLetterQueue: DeadLetterQueue;
  readonly retryPolicy: RetryPolicy;
  /** What the rule delivers to: the dashboard lays a rule's targets out after it. */
  readonly targetArn: string;

  constructor(scope: Construct, id: string, props: RuleTargetProps) {
    super(scope, id);
    const { rule } = props;
    this.retryPolicy = { ...rule.delivery.retry, ...props.retryPolicy };
    assertIntegerInRange(this.node.path, "maximumRetryAttempts", this.retryPolicy.maximumRetryAttempts, TARGET_RETRY_ATTEMPTS);
    assertIntegerInRange(this.node.path, "maximumEventAgeSeconds", this.retryPolicy.maximumEventAgeSeconds, TARGET_EVENT_AGE_SECONDS);

    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetterQueue", {
      name: `${rule.resourceNamePrefix}-${id.toLowerCase()}-dlq`,
      retentionSeconds: rule.delivery.deadLetterRetentionSeconds,
      sender: { service: "events.amazonaws.com", sourceArn: rule.ruleArn },
    });
    const target = props.target.bind(rule, this);
    this.targetArn = target.arn;
    new CloudwatchEventTarget(this, "Resource", {
      rule: rule.ruleName,
      eventBusName: rule.busName,
      targetId: id,
      arn: target.arn,
      roleArn: target.role?.roleArn,
      retryPolicy: {
        maximumRetryAttempts: this.retryPolicy.maximumRetryAttempts,
        maximumEventAgeInSeconds: this.retryPolicy.maximumEventAgeSeconds,
      },
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      ...(target.inputTransformer && {
        inputTransformer: { inputPaths: { ...target.inputTransformer.inputPaths }, inputTemplate: target.inputTransformer.inputTemplate },
      }),
      ...(target.graphqlOperation && { appsyncTarget: { graphqlOperation: target.graphqlOperation } }),
    });
  }
}
