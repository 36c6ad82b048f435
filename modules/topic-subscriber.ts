import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DeadLetterQueue } from "./dead-letter-queue";
import { HOUR_LONG_HTTPS_DELIVERY } from "./sns-delivery-policy";

export const TOPIC_SUBSCRIBER_PROTOCOLS = ["email", "https"] as const;

/** Someone a topic notifies: an inbox, or an HTTPS endpoint (a pager, a chat webhook, a mailer). */
export interface TopicSubscriber {
  /** Short name: the subscription's id and the name of its dead-letter queue. */
  readonly name: string;
  readonly protocol: (typeof TOPIC_SUBSCRIBER_PROTOCOLS)[number];
  /** An email address, or an https:// URL. */
  readonly endpoint: string;
}

/** The topic a subscriber is added to. */
export interface NotifyingTopic {
  readonly topicArn: string;
  /** The literal topic name: dead-letter queues are named after it. */
  readonly physicalName: string;
}

/**
 * Subscribes an inbox or HTTPS endpoint with its own dead-letter queue (only the topic may write
 * to it); HTTPS endpoints retry for about an hour. Its constructs are `<name>` and
 * `<name>-DeadLetterQueue` under `scope`.
 */
export function subscribeWithDeadLetters(scope: Construct, topic: NotifyingTopic, subscriber: TopicSubscriber, deadLetterRetentionSeconds: number): void {
  assertEndpoint(`${scope.node.path}/${subscriber.name}`, subscriber);
  const deadLetters = new DeadLetterQueue(scope, `${subscriber.name}-DeadLetterQueue`, {
    name: `${topic.physicalName}-${subscriber.name}-dlq`,
    retentionSeconds: deadLetterRetentionSeconds,
    sender: { service: "sns.amazonaws.com", sourceArn: topic.topicArn },
  });
  new SnsTopicSubscription(scope, subscriber.name, {
    topicArn: topic.topicArn,
    protocol: subscriber.protocol,
    endpoint: subscriber.endpoint,
    // Confirmed by the subscriber (a link in the email, a SubscriptionConfirmation POST): applies never wait for a person.
    endpointAutoConfirms: false,
    redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: deadLetters.queueArn }),
    ...(subscriber.protocol === "https" && { deliveryPolicy: Fn.jsonencode(HOUR_LONG_HTTPS_DELIVERY.toJson()) }),
  });
}

function assertEndpoint(owner: string, subscriber: TopicSubscriber): void {
  const valid = subscriber.protocol === "email" ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(subscriber.endpoint) : /^https:\/\/[^\s/]+/.test(subscriber.endpoint);
  if (!valid) {
    const allowed = subscriber.protocol === "email" ? "an email address" : "an https:// URL";
    throw new Error(`${owner}: endpoint is "${subscriber.endpoint}"; allowed: ${allowed} (protocol "${subscriber.protocol}")`);
  }
}
