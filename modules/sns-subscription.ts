import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DeadLetterQueue } from "./dead-letter-queue";
import { SecretSource, SecretValue } from "./secret-value";
import type { DeliveryPolicy } from "./sns-delivery-policy";
import { FilterPolicy, filterPolicyProblems } from "./sns-filter-policy";

export { filterPolicyProblems };
export type { FilterPolicy };

export const WEBHOOK_PROTOCOLS = ["http", "https"] as const;
export type WebhookProtocol = (typeof WEBHOOK_PROTOCOLS)[number];

export interface WebhookSubscriptionOptions {
  /** `https`, or `http` where the environment allows plain HTTP (a config rule, not this module's). */
  readonly protocol: WebhookProtocol;
  /** The URL SNS POSTs to; its scheme must equal `protocol`. Exactly one of endpoint and endpointFrom. */
  readonly endpoint?: string;
  /** A secret endpoint URL (it carries a token), read by Terraform at plan time and never synthesized. */
  readonly endpointFrom?: SecretSource;
  /**
   * Which messages the endpoint gets, matched against the message body (EventBridge-delivered
   * messages carry no message attributes, so attribute filtering could never match).
   * @default - every message
   */
  readonly filterPolicy?: FilterPolicy;
  /** Deliver the message as is, without SNS's JSON envelope (and its signature). */
  readonly rawMessageDelivery: boolean;
  /** Retry schedule and throttle for this endpoint, validated when built. */
  readonly deliveryPolicy: DeliveryPolicy;
  /** Seconds a message whose retries are exhausted stays in the dead-letter queue. */
  readonly deadLetterRetentionSeconds: number;
}

/** The topic a webhook subscribes to: what the subscription needs of it. */
export interface SubscribedTopic {
  readonly topicArn: string;
  /** The literal name, for deriving the dead-letter queue's name. */
  readonly physicalName: string;
}

export interface WebhookSubscriptionProps extends WebhookSubscriptionOptions {
  /** The topic to subscribe to; also the only sender its dead-letter queue admits. */
  readonly topic: SubscribedTopic;
}

/**
 * An HTTP/HTTPS subscription whose retries follow a validated delivery policy and whose
 * undeliverable messages land in a dedicated encrypted SQS queue only the topic may write to.
 *
 * The endpoint confirms the subscription itself (SNS POSTs a SubscriptionConfirmation with a
 * SubscribeURL). `endpoint_auto_confirms` stays false on purpose: set, it makes every apply wait for
 * the client's endpoint and fail when the client is down; unset, the subscription is created
 * pending and starts receiving once the client confirms (`pending_confirmation` shows which).
 */
export class WebhookSubscription extends Construct {
  readonly subscriptionArn: string;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: WebhookSubscriptionProps) {
    super(scope, id);
    const endpoint = this.endpointOf(props);
    const filterProblems = props.filterPolicy ? filterPolicyProblems(props.filterPolicy) : [];
    if (filterProblems.length > 0) {
      throw new RangeError(`${this.node.path}: filterPolicy ${filterProblems.join("; ")}`);
    }

    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetterQueue", {
      name: `${props.topic.physicalName}-${id.toLowerCase()}-dlq`,
      retentionSeconds: props.deadLetterRetentionSeconds,
      sender: { service: "sns.amazonaws.com", sourceArn: props.topic.topicArn },
    });
    const subscription = new SnsTopicSubscription(this, "Resource", {
      topicArn: props.topic.topicArn,
      protocol: props.protocol,
      endpoint,
      endpointAutoConfirms: false,
      rawMessageDelivery: props.rawMessageDelivery,
      deliveryPolicy: Fn.jsonencode(props.deliveryPolicy.toJson()),
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: this.deadLetterQueue.queueArn }),
      // The provider refuses a scope without a policy, hence both or neither.
      ...(props.filterPolicy && { filterPolicy: Fn.jsonencode(props.filterPolicy), filterPolicyScope: "MessageBody" }),
    });
    this.subscriptionArn = subscription.arn;
  }

  private endpointOf(props: WebhookSubscriptionOptions): string {
    if ((props.endpoint === undefined) === (props.endpointFrom === undefined)) {
      throw new Error(
        `${this.node.path}: endpoint and endpointFrom are both ${props.endpoint === undefined ? "missing" : "set"}; allowed: exactly one of them`,
      );
    }
    if (props.endpointFrom) {
      assertProtocol(this.node.path, props.protocol);
      return new SecretValue(this, "Endpoint", { source: props.endpointFrom }).value;
    }
    assertEndpoint(this.node.path, props.protocol, props.endpoint!);
    return props.endpoint!;
  }
}

function assertProtocol(owner: string, protocol: string): void {
  if (!(WEBHOOK_PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new Error(`${owner}: protocol is "${protocol}"; allowed: one of ${WEBHOOK_PROTOCOLS.join(", ")}`);
  }
}

function assertEndpoint(owner: string, protocol: string, endpoint: string): void {
  assertProtocol(owner, protocol);
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== `${protocol}:` || url.hostname === "") {
    throw new Error(`${owner}: endpoint is "${endpoint}"; allowed: an absolute ${protocol}:// URL (the scheme must equal protocol "${protocol}")`);
  }
}
