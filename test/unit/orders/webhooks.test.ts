import { Testing } from "cdktf";
import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic as SnsTopicResource } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { KmsKey, KmsKeyProps } from "../../../modules/kms-key";
import { SnsTopic, SnsTopicProps } from "../../../modules/sns-topic";
import { WebhookSubscriptionOptions, filterPolicyProblems } from "../../../modules/sns-subscription";
import { DeliveryPolicy } from "../../../modules/sns-delivery-policy";
import type { EventRule } from "../../../modules/event-rule";
import { Arguments, SynthesizedStack, decodeJsonencode, findResource, readPolicy, resourcesOf, synthesizeModule, testStack } from "../../support/synth";
import { testRule } from "../../support/fixtures";
import { applyTransformer } from "../../support/input-transformer";
import { environments } from "../../../envs";
import { FINAL_STATUSES, STATUS_REASONS } from "../../../orders/events/orders";
import { orderStatusMessageTransformer } from "../../../orders/events/order-status";
import { SEED_ORDERS, orderPlacedDetail, orderStatusEvent } from "../../../orders/events/samples";

/** The synthesized arguments these tests match resources by. */
type LogGroupArguments = Arguments & { readonly name: string };
type SubscriptionArguments = Arguments & { readonly redrive_policy: string };

const ACCOUNT = "111111111111";
const LOGGING = { successSampleRate: 25, retentionDays: 14, accountId: ACCOUNT, region: "eu-west-1" } as const;
const KEY: KmsKeyProps = { name: "orders-dev-order-status", description: "order status topic", deletionWindowInDays: 30, accountId: ACCOUNT };
const POLICY = DeliveryPolicy.exponential({ numRetries: 5, minDelayTarget: 1, maxDelayTarget: 60, maxReceivesPerSecond: 5 });
const WEBHOOK: WebhookSubscriptionOptions = {
  protocol: "https",
  endpoint: "https://hooks.example.com/orders",
  rawMessageDelivery: true,
  deliveryPolicy: POLICY,
  deadLetterRetentionSeconds: 1_209_600,
};

function statusRule(scope: Construct): EventRule {
  return testRule(scope, { name: "status", eventPattern: { source: ["com.orders.processing"] } });
}

/** A fed topic (the usual wiring), optionally encrypted, with the given webhooks. */
function topicStack(options: { encrypted?: boolean; topic?: Partial<SnsTopicProps>; webhooks?: Record<string, Partial<WebhookSubscriptionOptions>> } = {}) {
  return synthesizeModule((scope) => {
    const kmsKey = options.encrypted ? new KmsKey(scope, "Key", KEY) : undefined;
    const topic = new SnsTopic(scope, "Topic", { name: "orders-dev-order-status", kmsKey, deliveryStatusLogging: LOGGING, ...options.topic });
    topic.grantPublishFromRule(statusRule(scope));
    for (const [id, webhook] of Object.entries(options.webhooks ?? {})) topic.addWebhook(id, { ...WEBHOOK, ...webhook });
  });
}

function newTopic(scope: Construct, props: Partial<SnsTopicProps> = {}): SnsTopic {
  return new SnsTopic(scope, "Topic", { name: "orders-dev-order-status", deliveryStatusLogging: LOGGING, ...props });
}

const policyOf = (stack: SynthesizedStack, type: string) => readPolicy(findResource(stack, type).resource.policy);
const ruleArn = (stack: SynthesizedStack) => findResource(stack, "aws_cloudwatch_event_rule").ref("arn");
const topicArn = (stack: SynthesizedStack) => findResource(stack, "aws_sns_topic").ref("arn");

describe("KmsKey", () => {
  it("is a symmetric customer-managed key with rotation, the given deletion window and an alias", () => {
    const stack = synthesizeModule((scope) => new KmsKey(scope, "Key", KEY));
    expect(stack.json).toHaveResourceWithProperties(KmsKeyResource, {
      key_usage: "ENCRYPT_DECRYPT",
      customer_master_key_spec: "SYMMETRIC_DEFAULT",
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(stack.json).toHaveResourceWithProperties(KmsAlias, {
      name: "alias/orders-dev-order-status",
      target_key_id: findResource(stack, "aws_kms_key").ref("key_id"),
    });
  });

  it("lets only the account administer and use the key through IAM when no service was allowed", () => {
    const stack = synthesizeModule((scope) => new KmsKey(scope, "Key", KEY));
    expect(policyOf(stack, "aws_kms_key").Statement).toEqual([
      { Sid: "AccountAdministersThroughIam", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
    ]);
  });

  it("lets an allowed service generate data keys and decrypt only for the named resource", () => {
    const stack = synthesizeModule((scope) => {
      new KmsKey(scope, "Key", KEY).grantServiceUse({ service: "events.amazonaws.com", sourceArn: statusRule(scope).ruleArn });
    });
    expect(policyOf(stack, "aws_kms_key").Statement[1]).toEqual({
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: { ArnEquals: { "aws:SourceArn": ruleArn(stack) } },
    });
  });

  it.each([6, 31, 7.5])("refuses a deletion window of %p days", (deletionWindowInDays) => {
    expect(() => new KmsKey(testStack(), "Key", { ...KEY, deletionWindowInDays })).toThrow(
      new RegExp(`test/Key: deletionWindowInDays is ${deletionWindowInDays}; allowed: an integer from 7 to 30`),
    );
  });

  it.each(["aws/sns", "orders status"])("refuses the alias name %p", (name) => {
    expect(() => new KmsKey(testStack(), "Key", { ...KEY, name })).toThrow(/test\/Key: name is ".+"; allowed: letters, digits/);
  });

  it("refuses an account id that is not 12 digits", () => {
    expect(() => new KmsKey(testStack(), "Key", { ...KEY, accountId: "1234" })).toThrow(/accountId is "1234"; allowed: a 12-digit AWS account id/);
  });
});

describe("SnsTopic", () => {
  it("creates a standard topic with SHA256 signatures and HTTP delivery-status logging through its own role", () => {
    const stack = topicStack();
    const role = findResource(stack, "aws_iam_role").ref("arn");
    expect(stack.json).toHaveResourceWithProperties(SnsTopicResource, {
      name: "orders-dev-order-status",
      signature_version: 2,
      http_success_feedback_role_arn: role,
      http_failure_feedback_role_arn: role,
      http_success_feedback_sample_rate: 25,
    });
  });

  it("is not KMS-encrypted without a key", () => {
    expect(findResource(topicStack(), "aws_sns_topic").resource).not.toHaveProperty("kms_master_key_id");
  });

  it("is encrypted with the given key", () => {
    const stack = topicStack({ encrypted: true });
    expect(stack.json).toHaveResourceWithProperties(SnsTopicResource, { kms_master_key_id: findResource(stack, "aws_kms_key").ref("arn") });
  });

  it("lets only the allowed rules publish, and nothing reach the topic without TLS", () => {
    const stack = topicStack();
    const [allow, deny] = policyOf(stack, "aws_sns_topic_policy").Statement;
    expect(allow).toEqual({
      Sid: "PublishFromTheStatusRules",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn(stack),
      Condition: { ArnEquals: { "aws:SourceArn": [ruleArn(stack)] } },
    });
    expect(deny).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:*",
      Resource: topicArn(stack),
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(findResource(stack, "aws_sns_topic_policy").resource.arn).toBe(topicArn(stack));
  });

  it("gives a publishing rule the topic's KMS key, scoped to that rule", () => {
    const stack = topicStack({ encrypted: true });
    const [, eventsUse] = policyOf(stack, "aws_kms_key").Statement;
    expect(eventsUse).toEqual(
      expect.objectContaining({ Principal: { Service: "events.amazonaws.com" }, Condition: { ArnEquals: { "aws:SourceArn": ruleArn(stack) } } }),
    );
  });

  it("pre-creates SNS's success and failure log groups with retention", () => {
    const stack = topicStack();
    expect(stack.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "sns/eu-west-1/111111111111/orders-dev-order-status",
      retention_in_days: 14,
    });
    expect(stack.json).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "sns/eu-west-1/111111111111/orders-dev-order-status/Failure",
      retention_in_days: 14,
    });
  });

  it("has a logging role only SNS of this account may assume", () => {
    const stack = topicStack();
    const role = findResource(stack, "aws_iam_role").resource;
    expect(role.name).toBe("orders-dev-order-status-delivery-status");
    expect(readPolicy(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "sns.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
  });

  it("lets the logging role write to the topic's two log groups and nothing else", () => {
    const stack = topicStack();
    const success = findResource<LogGroupArguments>(stack, "aws_cloudwatch_log_group", (g) => !g.name.endsWith("/Failure")).ref("arn");
    const failure = findResource<LogGroupArguments>(stack, "aws_cloudwatch_log_group", (g) => g.name.endsWith("/Failure")).ref("arn");
    expect(policyOf(stack, "aws_iam_role_policy").Statement).toEqual([
      {
        Sid: "WriteDeliveryStatusLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [success, `${success}:*`, failure, `${failure}:*`],
      },
    ]);
  });

  it.each([-1, 101, 12.5])("refuses a success sample rate of %p", (successSampleRate) => {
    expect(() => newTopic(testStack(), { deliveryStatusLogging: { ...LOGGING, successSampleRate } })).toThrow(
      new RegExp(`test/Topic: deliveryStatusLogging.successSampleRate is ${successSampleRate}; allowed: an integer from 0 to 100`),
    );
  });

  it.each(["orders.fifo", "orders status", ""])("refuses the topic name %p", (name) => {
    expect(() => newTopic(testStack(), { name })).toThrow(/test\/Topic: name is ".*"; allowed: letters, digits, "-" and "_"/);
  });

  it("refuses a name whose logging role name would exceed IAM's 64 characters", () => {
    expect(() => newTopic(testStack(), { name: "t".repeat(49) })).toThrow(
      /delivery status role name "t+-delivery-status" is 65 characters; allowed: at most 64/,
    );
  });

  it("fails synth when no rule was allowed to publish", () => {
    const stack = testStack();
    newTopic(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/topic "orders-dev-order-status" has no publisher; call grantPublishFromRule\(rule\)/);
  });
});

describe("WebhookSubscription", () => {
  const stack = topicStack({ webhooks: { partner: { filterPolicy: { status: ["PROCESSED"], order: { category: ["books"] } } }, audit: {} } });
  const subscription = (endpointId: string) =>
    findResource<SubscriptionArguments>(stack, "aws_sns_topic_subscription", (s) => s.redrive_policy.includes(`_${endpointId}_DeadLetterQueue_`)).resource;
  const queue = (name: string) => findResource(stack, "aws_sqs_queue", (q) => q.name === name);

  it("subscribes the endpoint to the topic, raw, without making applies wait for the client to confirm", () => {
    expect(stack.json).toHaveResourceWithProperties(SnsTopicSubscription, {
      topic_arn: topicArn(stack),
      protocol: "https",
      endpoint: "https://hooks.example.com/orders",
      raw_message_delivery: true,
      endpoint_auto_confirms: false,
    });
  });

  it("sets the builder's delivery policy", () => {
    expect(decodeJsonencode(subscription("partner").delivery_policy)).toEqual(POLICY.toJson());
    expect(decodeJsonencode(subscription("partner").delivery_policy)).toEqual({
      healthyRetryPolicy: expect.objectContaining({ backoffFunction: "exponential", numRetries: 5 }),
      throttlePolicy: { maxReceivesPerSecond: 5 },
    });
  });

  it("redrives exhausted messages to the subscription's own dead-letter queue", () => {
    const dlq = queue("orders-dev-order-status-partner-dlq");
    expect(decodeJsonencode(subscription("partner").redrive_policy)).toEqual({ deadLetterTargetArn: dlq.ref("arn") });
    expect(stack.json).toHaveResourceWithProperties(SqsQueue, {
      name: "orders-dev-order-status-partner-dlq",
      message_retention_seconds: 1_209_600,
      sqs_managed_sse_enabled: true,
    });
    expect(resourcesOf(stack, "aws_sqs_queue").map((q) => q.name)).toEqual(
      expect.arrayContaining(["orders-dev-order-status-partner-dlq", "orders-dev-order-status-audit-dlq"]),
    );
  });

  it("lets only the topic send to the dead-letter queue, over TLS", () => {
    const dlq = queue("orders-dev-order-status-partner-dlq");
    const queuePolicy = findResource(stack, "aws_sqs_queue_policy", (p) => p.queue_url === dlq.ref("url")).resource;
    const [allow, deny] = readPolicy(queuePolicy.policy).Statement;
    expect(allow).toEqual({
      Sid: "AllowOnlyTheSource",
      Effect: "Allow",
      Principal: { Service: "sns.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: dlq.ref("arn"),
      Condition: { ArnEquals: { "aws:SourceArn": topicArn(stack) } },
    });
    expect(deny).toEqual(expect.objectContaining({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }));
  });

  it("filters on the message body", () => {
    expect(decodeJsonencode(subscription("partner").filter_policy)).toEqual({ status: ["PROCESSED"], order: { category: ["books"] } });
    expect(subscription("partner").filter_policy_scope).toBe("MessageBody");
  });

  it("sets neither filter policy nor scope when every message is wanted", () => {
    expect(subscription("audit")).not.toHaveProperty("filter_policy");
    expect(subscription("audit")).not.toHaveProperty("filter_policy_scope");
  });

  it("accepts a plain http endpoint with protocol http", () => {
    const http = topicStack({ webhooks: { local: { protocol: "http", endpoint: "http://127.0.0.1:8080/hook" } } });
    expect(http.json).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: "http", endpoint: "http://127.0.0.1:8080/hook" });
  });

  it.each([
    ["https", "http://hooks.example.com/orders"],
    ["http", "https://hooks.example.com/orders"],
    ["https", "hooks.example.com/orders"],
    ["https", "ftp://hooks.example.com/orders"],
  ] as const)("refuses protocol %s with endpoint %s", (protocol, endpoint) => {
    const topic = newTopic(testStack());
    expect(() => topic.addWebhook("partner", { ...WEBHOOK, protocol, endpoint })).toThrow(
      new RegExp(`test/Topic/partner: endpoint is "${endpoint}"; allowed: an absolute ${protocol}:// URL`),
    );
  });

  it("reads a secret endpoint from SSM Parameter Store at plan time, decrypted, by name only", () => {
    const secret = topicStack({ webhooks: { partner: { endpoint: undefined, endpointFrom: { ssmParameter: "/orders/dev/partner-webhook-url" } } } });
    const data = JSON.parse(secret.json).data;
    const [[id, parameter]] = Object.entries<Record<string, unknown>>(data.aws_ssm_parameter);
    expect(parameter).toEqual(expect.objectContaining({ name: "/orders/dev/partner-webhook-url", with_decryption: true }));
    expect(resourcesOf(secret, "aws_sns_topic_subscription")[0].endpoint).toBe(`\${data.aws_ssm_parameter.${id}.value}`);
  });

  it("reads a secret endpoint from Secrets Manager at plan time, by name only", () => {
    const secret = topicStack({ webhooks: { partner: { endpoint: undefined, endpointFrom: { secretsManagerSecret: "orders/dev/partner-webhook" } } } });
    const [[id, version]] = Object.entries<Record<string, unknown>>(JSON.parse(secret.json).data.aws_secretsmanager_secret_version);
    expect(version).toEqual(expect.objectContaining({ secret_id: "orders/dev/partner-webhook" }));
    expect(resourcesOf(secret, "aws_sns_topic_subscription")[0].endpoint).toBe(`\${data.aws_secretsmanager_secret_version.${id}.secret_string}`);
  });

  it.each([
    ["both an endpoint and a secret endpoint", { endpointFrom: { ssmParameter: "/x" } }, /endpoint and endpointFrom are both set; allowed: exactly one/],
    ["neither an endpoint nor a secret endpoint", { endpoint: undefined }, /endpoint and endpointFrom are both missing; allowed: exactly one/],
  ])("refuses %s", (_, change, message) => {
    const topic = newTopic(testStack());
    expect(() => topic.addWebhook("partner", { ...WEBHOOK, ...change })).toThrow(message);
  });

  it("refuses a protocol other than http or https", () => {
    const topic = newTopic(testStack());
    expect(() => topic.addWebhook("partner", { ...WEBHOOK, protocol: "email" as never })).toThrow(/protocol is "email"; allowed: one of http, https/);
  });

  it("refuses a dead-letter queue name longer than SQS allows", () => {
    const topic = newTopic(testStack(), { name: "t".repeat(40) });
    expect(() => topic.addWebhook("s".repeat(36), WEBHOOK)).toThrow(/is 81 characters; allowed: at most 80/);
  });

  it("refuses a dead-letter retention SQS does not accept", () => {
    const topic = newTopic(testStack());
    expect(() => topic.addWebhook("partner", { ...WEBHOOK, deadLetterRetentionSeconds: 30 })).toThrow(
      /retentionSeconds is 30; allowed: an integer from 60 to 1209600/,
    );
  });

  it("refuses a filter policy SNS would reject", () => {
    const topic = newTopic(testStack());
    const filterPolicy = { a: ["x"], b: ["x"], c: ["x"], d: ["x"], e: ["x"], f: ["x"] };
    expect(() => topic.addWebhook("partner", { ...WEBHOOK, filterPolicy })).toThrow(/test\/Topic\/partner: filterPolicy has 6 keys; allowed: 1 to 5/);
  });
});

describe("filterPolicyProblems", () => {
  it("counts combinations as SNS does: each array's length times its depth, multiplied", () => {
    // 4 values at depth 3, 3 values at depth 2: 4*3 * 3*2 = 72
    expect(filterPolicyProblems({ a: { b: { c: ["1", "2", "3", "4"] } }, d: { e: ["1", "2", "3"] } })).toEqual([]);
    const values = (n: number) => Array.from({ length: n }, (_, i) => `${i}`);
    expect(filterPolicyProblems({ a: values(10), b: values(16) })).toEqual(["has 160 combinations of values; allowed: at most 150"]);
  });

  it("refuses a value that is neither an array nor a nested policy", () => {
    expect(filterPolicyProblems({ order: { status: "PROCESSED" } })).toEqual([
      'key "order.status" is "PROCESSED"; allowed: an array of conditions or a nested policy',
    ]);
  });

  it("refuses an empty policy", () => {
    expect(filterPolicyProblems({})).toEqual(["has 0 keys; allowed: 1 to 5"]);
  });
});

describe("webhook filter policies of every environment", () => {
  const message = applyTransformer(
    orderStatusMessageTransformer,
    orderStatusEvent(orderPlacedDetail(SEED_ORDERS.labSupplies, "order-1"), "FAILED", "INVALID_ORDER"),
  );
  const subscribers = environments.flatMap((config) =>
    (config.statusUpdates.webhooks?.subscribers ?? []).map((subscriber) => [`${config.name}/${subscriber.name}`, subscriber.filterPolicy] as const),
  );
  const allowed: Record<string, readonly string[]> = { status: FINAL_STATUSES, reason: Object.keys(STATUS_REASONS) };

  it.each(subscribers.filter(([, policy]) => policy !== undefined))("%s selects on fields the message carries, with values it can have", (_, policy) => {
    for (const [field, values] of Object.entries(policy!)) {
      expect(Object.keys(message)).toContain(field);
      if (allowed[field]) for (const value of values as unknown[]) expect(allowed[field]).toContain(value);
    }
  });

  it("has at least one environment that filters on status, so the case above is exercised", () => {
    expect(subscribers.some(([, policy]) => policy && "status" in policy)).toBe(true);
  });
});
