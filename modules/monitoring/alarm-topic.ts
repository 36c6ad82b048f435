import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { arnFor, withLocation } from "../arn";
import { SNS_TOPIC_NAME_MAX_LENGTH, assertNameLength } from "../aws-limits";
import { DeadLetterQueue } from "../dead-letter-queue";
import type { KmsKey } from "../kms-key";
import { denyInsecureTransport, policyDocument, renderPolicy } from "../policy-document";
import { HOUR_LONG_HTTPS_DELIVERY } from "../sns-delivery-policy";
import type { Watched, WatchedResource } from "./watched";

export const ALARM_SUBSCRIBER_PROTOCOLS = ["email", "https"] as const;

/** Someone paged by the alarms: an inbox, or an HTTPS endpoint (a pager, a chat webhook). */
export interface AlarmSubscriber {
  /** Short name: the subscription's id and the name of its dead-letter queue. */
  readonly name: string;
  readonly protocol: (typeof ALARM_SUBSCRIBER_PROTOCOLS)[number];
  /** An email address, or an https:// URL. */
  readonly endpoint: string;
}

export interface AlarmTopicProps {
  readonly name: string;
  /** Alarms whose names start with this may publish; nothing else. */
  readonly alarmNamePrefix: string;
  readonly subscribers: readonly AlarmSubscriber[];
  /** Seconds a notification no subscriber took stays in its dead-letter queue. */
  readonly deadLetterRetentionSeconds: number;
  /**
   * Customer-managed key encrypting notifications at rest; CloudWatch is granted its use for the
   * prefixed alarms only. @default - not encrypted at rest with KMS
   */
  readonly kmsKey?: KmsKey;
  /** @default - the stack's deployment location (setDeploymentLocation) */
  readonly accountId?: string;
  readonly region?: string;
}

/**
 * The topic every alarm notifies on ALARM and on OK: TLS-only, published to only by CloudWatch
 * for this environment's alarms, each subscriber with a dead-letter queue.
 */
export class AlarmTopic extends Construct implements Watched {
  readonly topicArn: string;
  /** Its own failed deliveries page the other subscribers. */
  readonly watched: WatchedResource;

  constructor(scope: Construct, id: string, input: AlarmTopicProps) {
    super(scope, id);
    const props = withLocation(this, input);
    assertNameLength(this.node.path, "name", props.name, SNS_TOPIC_NAME_MAX_LENGTH);
    const alarms = arnFor("cloudwatch", props, `alarm:${props.alarmNamePrefix}-*`);
    props.kmsKey?.grantServiceUse({ service: "cloudwatch.amazonaws.com", sourceArn: alarms });
    const topic = new SnsTopic(this, "Resource", { name: props.name, kmsMasterKeyId: props.kmsKey?.keyArn, signatureVersion: 2 });
    this.topicArn = topic.arn;
    this.watched = { kind: "topic", dimensions: { TopicName: topic.name }, label: props.name, arn: this.topicArn };
    new SnsTopicPolicy(this, "Policy", {
      arn: topic.arn,
      policy: renderPolicy(
        policyDocument(
          {
            Sid: "PublishFromTheAlarms",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic.arn,
            Condition: { ArnLike: { "aws:SourceArn": alarms } },
          },
          denyInsecureTransport(topic.arn, "sns:*"),
        ),
      ),
    });
    for (const subscriber of props.subscribers) this.subscribe(subscriber, props);
  }

  private subscribe(subscriber: AlarmSubscriber, props: AlarmTopicProps): void {
    assertEndpoint(`${this.node.path}/${subscriber.name}`, subscriber);
    const deadLetters = new DeadLetterQueue(this, `${subscriber.name}-DeadLetterQueue`, {
      name: `${props.name}-${subscriber.name}-dlq`,
      retentionSeconds: props.deadLetterRetentionSeconds,
      sender: { service: "sns.amazonaws.com", sourceArn: this.topicArn },
    });
    new SnsTopicSubscription(this, subscriber.name, {
      topicArn: this.topicArn,
      protocol: subscriber.protocol,
      endpoint: subscriber.endpoint,
      // Confirmed by the subscriber (a link in the email, a SubscriptionConfirmation POST): applies never wait for a person.
      endpointAutoConfirms: false,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: deadLetters.queueArn }),
      ...(subscriber.protocol === "https" && { deliveryPolicy: Fn.jsonencode(HOUR_LONG_HTTPS_DELIVERY.toJson()) }),
    });
  }
}

function assertEndpoint(owner: string, subscriber: AlarmSubscriber): void {
  const valid = subscriber.protocol === "email" ? /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(subscriber.endpoint) : /^https:\/\/[^\s/]+/.test(subscriber.endpoint);
  if (!valid) {
    const allowed = subscriber.protocol === "email" ? "an email address" : "an https:// URL";
    throw new Error(`${owner}: endpoint is "${subscriber.endpoint}"; allowed: ${allowed} (protocol "${subscriber.protocol}")`);
  }
}
