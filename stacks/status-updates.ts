import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../envs";
import { ORDER_STATUS_PATTERN, orderStatusMessageTransformer } from "../events/order-status";
import { DynamoTable } from "../modules/dynamodb-table";
import { EventBus } from "../modules/event-bus";
import { KmsKey } from "../modules/kms-key";
import { DeliveryPolicy } from "../modules/sns-delivery-policy";
import { SnsTopic } from "../modules/sns-topic";

type StatusUpdatesConfig = EnvironmentConfig["statusUpdates"];
type WebhooksConfig = NonNullable<StatusUpdatesConfig["webhooks"]>;

export interface StatusUpdatesProps {
  readonly config: EnvironmentConfig;
  readonly ordersBus: EventBus;
  /** The table OrdersProcessing writes and the polling API reads. */
  readonly statusTable: DynamoTable;
}

/** Days a deleted KMS key can still be recovered: the longest AWS allows. */
const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * The three ways a client learns an order's status (seed 000), each switched on by its block in
 * the environment's `statusUpdates` config.
 */
export class StatusUpdates extends Construct {
  constructor(scope: Construct, id: string, props: StatusUpdatesProps) {
    super(scope, id);
    const { statusUpdates } = props.config;
    if (statusUpdates.webhooks) this.webhooks(props, statusUpdates.webhooks);
  }

  /** Status events -> (input transformer) -> SNS topic -> each subscriber's HTTP(S) endpoint. */
  private webhooks({ config, ordersBus }: StatusUpdatesProps, webhooks: WebhooksConfig): void {
    const name = `${config.namePrefix}-order-status`;
    const kmsKey =
      webhooks.topicEncryption === "kms"
        ? new KmsKey(this, "WebhookKey", {
            name: `${name}-webhooks`,
            description: `Encrypts the ${name} webhook topic`,
            deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
            accountId: config.accountId,
          })
        : undefined;
    const topic = new SnsTopic(this, "WebhookTopic", {
      name,
      kmsKey,
      deliveryStatusLogging: {
        successSampleRate: webhooks.successSampleRate,
        retentionDays: config.logRetentionDays,
        accountId: config.accountId,
        region: config.region,
      },
    });
    const rule = ordersBus.addRule("OrderStatusWebhookRule", {
      name: `${config.namePrefix}-order-status-webhooks`,
      description: "Order status events to the webhook topic, as the message clients are promised",
      eventPattern: ORDER_STATUS_PATTERN,
      delivery: config.ruleTargets,
    });
    rule.addTarget("webhook-topic", { targetArn: topic.topicArn, inputTransformer: orderStatusMessageTransformer });
    topic.allowPublishFrom(rule);
    for (const subscriber of webhooks.subscribers) {
      const { name: subscriberName, deliveryPolicy, ...options } = subscriber;
      const { maxReceivesPerSecond, headerContentType, ...retry } = deliveryPolicy;
      topic.addWebhook(subscriberName, {
        ...options,
        deliveryPolicy: DeliveryPolicy.from({ retry, maxReceivesPerSecond, headerContentType }),
        deadLetterRetentionSeconds: config.ruleTargets.deadLetterRetentionSeconds,
      });
    }
    output(this, "order_status_topic_arn", topic.topicArn, "SNS topic that sends order status webhooks");
  }
}

/** Outputs keep their plain names (`order_status_topic_arn`), not construct-path ids. */
function output(scope: Construct, id: string, value: string, description: string): void {
  new TerraformOutput(scope, id, { value, description }).overrideLogicalId(id);
}
