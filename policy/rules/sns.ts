import { readJsonDocument } from "../hcl";
import { defineRule } from "../rule";
import type { ResourceView } from "../stack-view";
import { isOneOf, isSet } from "./blocks";
import { policiesOf, tlsOnlyFindings, unscopedGrants } from "./resource-policies";

const TOPIC_POLICIES = ["aws_sns_topic_policy"];

/** The part of a topic's delivery_policy JSON that HTTP(S) subscriptions inherit. */
interface TopicDeliveryPolicy {
  readonly http?: { readonly defaultHealthyRetryPolicy?: unknown };
}

/** The retry policy a topic gives its HTTP(S) subscriptions, if its delivery_policy can be read. */
function httpRetryPolicyOf(topic: ResourceView): unknown {
  return (readJsonDocument(topic.config.delivery_policy) as TopicDeliveryPolicy | undefined)?.http?.defaultHealthyRetryPolicy;
}

export const snsSubscriptionRedrivePolicy = defineRule({
  id: "sns-subscription-redrive-policy",
  source: "cdk-nag Serverless-SNSRedrivePolicy",
  explanation: "When a subscription's retries are exhausted SNS drops the message, unless a redrive policy sends it to an SQS DLQ.",
  fix: "Give the subscription redrive_policy = {deadLetterTargetArn = <queue arn>} (SnsTopic.addWebhook does).",
  resourceTypes: ["aws_sns_topic_subscription"],
  check: (subscription) => {
    const policy = readJsonDocument(subscription.config.redrive_policy) as { deadLetterTargetArn?: unknown } | undefined;
    return isSet(policy?.deadLetterTargetArn) ? [] : ["the subscription has no redrive_policy with a deadLetterTargetArn"];
  },
});

export const snsHttpDeliveryPolicy = defineRule({
  id: "sns-http-delivery-policy",
  source: "https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html",
  explanation: "Without a delivery policy an HTTP(S) endpoint gets SNS's default of 3 retries in 60 seconds: a short outage loses messages.",
  fix: "Set the subscription's delivery_policy (a healthyRetryPolicy built with modules/sns-delivery-policy.ts), or the topic's http defaultHealthyRetryPolicy.",
  resourceTypes: ["aws_sns_topic_subscription"],
  check: (subscription, stack) => {
    if (!isOneOf(subscription.config.protocol, ["http", "https"])) return [];
    const own = readJsonDocument(subscription.config.delivery_policy) as { healthyRetryPolicy?: unknown } | undefined;
    if (own?.healthyRetryPolicy) return [];
    const topics = stack.referencedIn(subscription.config.topic_arn).filter((resource) => resource.type === "aws_sns_topic");
    const inherited = topics.some((topic) => httpRetryPolicyOf(topic));
    return inherited ? [] : [`the ${subscription.config.protocol} subscription has no delivery_policy with a healthyRetryPolicy`];
  },
});

export const snsTopicKms = defineRule({
  id: "sns-topic-kms",
  source: "checkov CKV_AWS_26; cdk-nag AwsSolutions-SNS2",
  explanation: "Messages at rest in an unencrypted topic are readable by anyone with storage-level access; KMS also audits every use of the key.",
  fix: 'Set kms_master_key_id to a customer-managed key (statusUpdates.webhooks.topicEncryption = "kms").',
  resourceTypes: ["aws_sns_topic"],
  check: (topic) => (isSet(topic.config.kms_master_key_id) ? [] : ["the topic has no kms_master_key_id"]),
});

export const snsTopicTlsOnly = defineRule({
  id: "sns-topic-tls-only",
  source: "cdk-nag AwsSolutions-SNS3",
  explanation: "Unless the topic policy denies requests without TLS, a publisher may send order data in clear text.",
  fix: "Add a Deny statement for sns:Publish (or sns:*) with Bool aws:SecureTransport = false (denyInsecureTransport in modules/policy-document.ts).",
  resourceTypes: ["aws_sns_topic"],
  check: (topic, stack) => tlsOnlyFindings(policiesOf(topic, stack, TOPIC_POLICIES, "arn"), "sns:Publish"),
});

export const snsTopicPolicyScoped = defineRule({
  id: "sns-topic-policy-scoped",
  source: "checkov CKV_AWS_169",
  explanation: "A topic policy granting `*` or a service without a source condition lets other accounts' resources publish or subscribe.",
  fix: "Add Condition ArnEquals aws:SourceArn (the one rule or resource allowed) or StringEquals aws:SourceAccount.",
  resourceTypes: ["aws_sns_topic_policy", "aws_sns_topic"],
  check: (resource) => (resource.config.policy === undefined ? [] : unscopedGrants(resource.config.policy)),
});

export const SNS_RULES = [snsSubscriptionRedrivePolicy, snsHttpDeliveryPolicy, snsTopicKms, snsTopicTlsOnly, snsTopicPolicyScoped] as const;
