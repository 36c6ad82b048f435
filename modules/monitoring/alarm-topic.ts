import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Construct } from "constructs";
import { arnFor, withLocation } from "../arn";
import { SNS_TOPIC_NAME_MAX_LENGTH, assertNameLength } from "../aws-limits";
import type { KmsKey } from "../kms-key";
import { PolicyGrantee, denyInsecureTransport, policyDocument, renderPolicy } from "../policy-document";
import { TOPIC_SUBSCRIBER_PROTOCOLS, TopicSubscriber, subscribeWithDeadLetters } from "../topic-subscriber";
import type { Watched, WatchedResource } from "./watched";

export const ALARM_SUBSCRIBER_PROTOCOLS = TOPIC_SUBSCRIBER_PROTOCOLS;

/** Someone paged by the alarms: an inbox, or an HTTPS endpoint (a pager, a chat webhook). */
export type AlarmSubscriber = TopicSubscriber;

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
  private readonly kmsKey?: KmsKey;

  constructor(scope: Construct, id: string, input: AlarmTopicProps) {
    super(scope, id);
    const props = withLocation(this, input);
    assertNameLength(this.node.path, "name", props.name, SNS_TOPIC_NAME_MAX_LENGTH);
    const alarms = arnFor("cloudwatch", props, `alarm:${props.alarmNamePrefix}-*`);
    props.kmsKey?.grantServiceUse({ service: "cloudwatch.amazonaws.com", sourceArn: alarms });
    const topic = new SnsTopic(this, "Resource", { name: props.name, kmsMasterKeyId: props.kmsKey?.keyArn, signatureVersion: 2 });
    this.topicArn = topic.arn;
    this.kmsKey = props.kmsKey;
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
    const notifying = { topicArn: this.topicArn, physicalName: props.name };
    for (const subscriber of props.subscribers) subscribeWithDeadLetters(this, notifying, subscriber, props.deadLetterRetentionSeconds);
  }

  /** Lets a role publish to this topic (and use its key, if any): a workflow escalating to on-call. */
  grantPublish(grantee: PolicyGrantee): void {
    grantee.grant({ Effect: "Allow", Action: "sns:Publish", Resource: this.topicArn }, ...(this.kmsKey ? [this.kmsKey.grantEncrypt()] : []));
  }
}
