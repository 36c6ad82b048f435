import { SnsTopic as SnsTopicResource } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import {
  IAM_ROLE_NAME_MAX_LENGTH,
  LogRetentionDays,
  SNS_SUCCESS_SAMPLE_RATE,
  SNS_TOPIC_NAME_MAX_LENGTH,
  assertIntegerInRange,
  assertNameLength,
} from "./aws-limits";
import { withLocation } from "./arn";
import type { KmsKey } from "./kms-key";
import { LogGroup } from "./log-group";
import { PolicyGrantee, PolicyStatement, denyInsecureTransport, policyDocument, renderPolicy } from "./policy-document";
import type { Watched, WatchedResource } from "./monitoring/watched";
import { ServiceRole } from "./service-role";
import { WebhookSubscription, WebhookSubscriptionOptions } from "./sns-subscription";
import { TopicSubscriber, subscribeWithDeadLetters } from "./topic-subscriber";

/** CloudWatch Logs delivery status of HTTP/HTTPS deliveries: every failure, a sample of successes. */
export interface DeliveryStatusLogging {
  /** Percentage (0-100) of successful deliveries logged. @see SNS_SUCCESS_SAMPLE_RATE */
  readonly successSampleRate: number;
  /** Retention of the two log groups SNS writes to. */
  readonly retentionDays: LogRetentionDays;
  /**
   * The topic's account, part of SNS's log group names and the logging role's trust condition.
   * @default - the stack's deployment account (setDeploymentLocation)
   */
  readonly accountId?: string;
  /**
   * The topic's region, part of SNS's log group names.
   * @default - the stack's deployment region (setDeploymentLocation)
   */
  readonly region?: string;
}

export interface SnsTopicProps {
  /** Topic name: letters, digits, `-` and `_`, at most 256 characters (standard topic, not FIFO). */
  readonly name: string;
  /**
   * Customer-managed key encrypting messages at rest. Publishing services get the key through
   * `grantPublishFromRule` (the AWS managed `alias/aws/sns` key cannot be granted to EventBridge).
   * @default - not encrypted at rest with KMS
   */
  readonly kmsKey?: KmsKey;
  /** Always on: where and how much of the HTTP delivery status SNS logs. */
  readonly deliveryStatusLogging: DeliveryStatusLogging;
}

/**
 * A standard SNS topic for HTTP/HTTPS webhooks: TLS-only topic policy that admits only the
 * EventBridge rules passed to `grantPublishFromRule`, optional KMS encryption, SHA256 message
 * signatures, and delivery-status logging to pre-created log groups with retention.
 */
export class SnsTopic extends Construct implements Watched {
  readonly topicArn: string;
  /** Terraform reference to the topic name. */
  readonly topicName: string;
  /** The literal name, for deriving child resource names. */
  readonly physicalName: string;
  readonly successLogGroup: LogGroup;
  readonly failureLogGroup: LogGroup;
  readonly deliveryStatusRole: ServiceRole;
  /** Failed and dead-lettered notifications page ops (modules/monitoring). */
  readonly watched: WatchedResource;
  private readonly kmsKey?: KmsKey;
  private readonly publisherRuleArns: string[] = [];
  private rolePublishers = 0;

  constructor(scope: Construct, id: string, props: SnsTopicProps) {
    super(scope, id);
    const { name } = props;
    const logging = withLocation(this, props.deliveryStatusLogging);
    if (!/^[A-Za-z0-9_-]+$/.test(name)) {
      throw new Error(`${this.node.path}: name is "${name}"; allowed: letters, digits, "-" and "_" (a standard, non-FIFO topic)`);
    }
    assertNameLength(this.node.path, "name", name, SNS_TOPIC_NAME_MAX_LENGTH);
    assertIntegerInRange(this.node.path, "deliveryStatusLogging.successSampleRate", logging.successSampleRate, SNS_SUCCESS_SAMPLE_RATE);
    const roleName = `${name}-delivery-status`;
    assertNameLength(this.node.path, "delivery status role name", roleName, IAM_ROLE_NAME_MAX_LENGTH);

    // SNS's own names for HTTP delivery-status logs; created here so they expire.
    const logGroupName = `sns/${logging.region}/${logging.accountId}/${name}`;
    this.successLogGroup = new LogGroup(this, "SuccessLogs", { name: logGroupName, retentionDays: logging.retentionDays });
    this.failureLogGroup = new LogGroup(this, "FailureLogs", { name: `${logGroupName}/Failure`, retentionDays: logging.retentionDays });
    this.deliveryStatusRole = new ServiceRole(this, "DeliveryStatusRole", {
      name: roleName,
      service: "sns.amazonaws.com",
      sourceAccount: logging.accountId,
      description: `Lets SNS log HTTP delivery status of topic ${name}`,
    });
    this.deliveryStatusRole.grant(writeLogs(this.successLogGroup, this.failureLogGroup));

    const topic = new SnsTopicResource(this, "Resource", {
      name,
      kmsMasterKeyId: props.kmsKey?.keyArn,
      signatureVersion: 2,
      httpSuccessFeedbackRoleArn: this.deliveryStatusRole.roleArn,
      httpFailureFeedbackRoleArn: this.deliveryStatusRole.roleArn,
      httpSuccessFeedbackSampleRate: logging.successSampleRate,
    });
    this.topicArn = topic.arn;
    this.topicName = topic.name;
    this.physicalName = name;
    this.watched = { kind: "topic", dimensions: { TopicName: topic.name }, label: name, arn: this.topicArn };
    this.kmsKey = props.kmsKey;

    new SnsTopicPolicy(this, "Policy", {
      arn: topic.arn,
      policy: Lazy.stringValue({
        produce: () =>
          renderPolicy(policyDocument(...(this.publisherRuleArns.length > 0 ? [this.publishFromRules()] : []), denyInsecureTransport(this.topicArn, "sns:*"))),
      }),
    });
    this.node.addValidation({
      validate: () =>
        this.publisherRuleArns.length === 0 && this.rolePublishers === 0
          ? [`topic "${name}" has no publisher; call grantPublishFromRule(rule) or grantPublish(role) for what feeds it`]
          : [],
    });
  }

  /** Lets an EventBridge rule deliver to this topic (and use its KMS key, if any); nothing else may publish. */
  grantPublishFromRule(rule: { readonly ruleArn: string }): void {
    this.publisherRuleArns.push(rule.ruleArn);
    this.kmsKey?.grantServiceUse({ service: "events.amazonaws.com", sourceArn: rule.ruleArn });
  }

  /**
   * Lets a role of this account publish (and use the topic's key, if any): a workflow's task. Its
   * identity policy is enough; the topic policy stays closed to other principals.
   */
  grantPublish(grantee: PolicyGrantee): void {
    this.rolePublishers += 1;
    grantee.grant({ Effect: "Allow", Action: "sns:Publish", Resource: this.topicArn }, ...(this.kmsKey ? [this.kmsKey.grantEncrypt()] : []));
  }

  /** Subscribes an inbox or HTTPS endpoint (email and https), with its own dead-letter queue. */
  addSubscriber(subscriber: TopicSubscriber, deadLetterRetentionSeconds: number): void {
    subscribeWithDeadLetters(this, this, subscriber, deadLetterRetentionSeconds);
  }

  /** Subscribes an HTTP/HTTPS endpoint with its own delivery policy and dead-letter queue. */
  addWebhook(id: string, options: WebhookSubscriptionOptions): WebhookSubscription {
    return new WebhookSubscription(this, id, { ...options, topic: this });
  }

  private publishFromRules(): PolicyStatement {
    return {
      Sid: "PublishFromTheStatusRules",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: this.topicArn,
      Condition: { ArnEquals: { "aws:SourceArn": this.publisherRuleArns } },
    };
  }
}

/**
 * What SNS's delivery-status logging calls (CreateLogGroup, CreateLogStream, PutLogEvents), on the
 * topic's two log groups only. The ARNs are the log groups' attributes, so the grant exists only
 * once the groups do: SNS can never create them first, without retention.
 * @see https://docs.aws.amazon.com/sns/latest/dg/topics-attrib-prereq.html
 */
function writeLogs(...groups: LogGroup[]): PolicyStatement {
  return {
    Sid: "WriteDeliveryStatusLogs",
    Effect: "Allow",
    Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
    Resource: groups.flatMap((group) => [group.logGroupArn, `${group.logGroupArn}:*`]),
  };
}
