import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../envs";
import { ordersApiDefinition, ordersApiPermissions, ordersApiStageVariables } from "./api/orders-api";
import { ORDER_STATUS_PATTERN, orderStatusMessageTransformer } from "./events/order-status";
import {
  ORDER_STATUS_FIELDS,
  ORDER_STATUS_RESOLVERS,
  ORDER_STATUS_SCHEMA,
  PUBLISH_ORDER_STATUS_OPERATION,
  publishOrderStatusTransformer,
} from "./graphql/order-status-api";
import { AppSyncApi } from "../modules/appsync-api";
import { CallerRole } from "../modules/caller-role";
import { DynamoTable } from "../modules/dynamodb-table";
import { EventBus } from "../modules/event-bus";
import { EventRule } from "../modules/event-rule";
import { IdentityPool } from "../modules/identity-pool";
import { KmsKey } from "../modules/kms-key";
import { RestApi } from "../modules/rest-api";
import { SnsTopic } from "../modules/sns-topic";
import { AppSyncTarget, SnsTopicTarget } from "../modules/targets";

type StatusUpdatesConfig = EnvironmentConfig["statusUpdates"];
type PollingConfig = NonNullable<StatusUpdatesConfig["polling"]>;
type WebhooksConfig = NonNullable<StatusUpdatesConfig["webhooks"]>;
type RealtimeConfig = NonNullable<StatusUpdatesConfig["realtime"]>;

export interface StatusUpdatesProps {
  readonly config: EnvironmentConfig;
  readonly ordersBus: EventBus;
  /** The table OrdersProcessing writes and the polling API reads. */
  readonly statusTable: DynamoTable;
}

/** Days a deleted KMS key can still be recovered: the longest AWS allows. */
const KEY_DELETION_WINDOW_DAYS = 30;

/**
 * The three ways a client learns an order's status, each switched on by its block in
 * the environment's `statusUpdates` config.
 */
export class StatusUpdates extends Construct {
  /** The polling API, when the environment has one. */
  readonly ordersApi?: RestApi;

  constructor(scope: Construct, id: string, props: StatusUpdatesProps) {
    super(scope, id);
    const { statusUpdates } = props.config;
    if (statusUpdates.polling) this.ordersApi = this.polling(props, statusUpdates.polling);
    if (statusUpdates.webhooks) this.webhooks(props, statusUpdates.webhooks);
    if (statusUpdates.realtime) this.realtime(props, statusUpdates.realtime);
  }

  /**
   * POST /orders puts OrderPlaced on the bus; GET /orders/{id}/status and GET /orders/{id} read
   * the status table. Direct service integrations (no Lambda), IAM auth, one stage per environment.
   */
  private polling({ config, ordersBus, statusTable }: StatusUpdatesProps, polling: PollingConfig): RestApi {
    const api = new RestApi(this, "OrdersApi", {
      name: `${config.namePrefix}-orders-api`,
      description: "Place orders and poll their status",
      stageName: config.name,
      definition: ordersApiDefinition,
      integrationPermissions: ordersApiPermissions(ordersBus, statusTable),
      stageVariables: ordersApiStageVariables({ ordersBusName: ordersBus.busName, statusTableName: statusTable.tableName }),
      throttling: polling.throttling,
      logRetentionDays: config.logRetentionDays,
      manageAccountLoggingRole: polling.manageAccountLoggingRole,
    });
    const callerRole = new CallerRole(this, "OrdersApiCallerRole", {
      name: `${config.namePrefix}-orders-api-caller`,
      description: "The one identity allowed to call the orders API: assume it, then sign requests with its credentials",
      assumedBy: polling.callers,
    });
    api.grantInvoke(callerRole);
    output(this, "orders_api_caller_role_arn", callerRole.roleArn, "Role to assume for calling the orders API (execute-api:Invoke on its methods only)");
    output(this, "orders_api_id", api.restApiId, "REST API for placing orders and polling their status");
    output(this, "orders_api_stage", api.stageName, "Stage of the orders API (the environment name)");
    output(this, "orders_api_invoke_url", api.invokeUrl, "Base URL: POST /orders, GET /orders/{id}/status, GET /orders/{id}");
    return api;
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
          })
        : undefined;
    const topic = new SnsTopic(this, "WebhookTopic", {
      name,
      kmsKey,
      deliveryStatusLogging: {
        successSampleRate: webhooks.successSampleRate,
        retentionDays: config.logRetentionDays,
      },
    });
    const rule = new EventRule(this, "OrderStatusWebhookRule", {
      bus: ordersBus,
      name: `${config.namePrefix}-order-status-webhooks`,
      description: "Order status events to the webhook topic, as the message clients are promised",
      eventPattern: ORDER_STATUS_PATTERN,
    });
    rule.addTarget("webhook-topic", new SnsTopicTarget(topic, { message: orderStatusMessageTransformer }));
    for (const subscriber of webhooks.subscribers) {
      const { name: subscriberName, ...options } = subscriber;
      topic.addWebhook(subscriberName, { ...options, deadLetterRetentionSeconds: config.delivery.deadLetterRetentionSeconds });
    }
    output(this, "order_status_topic_arn", topic.topicArn, "SNS topic that sends order status webhooks");
  }

  /**
   * Status events -> rule (its input transformer builds the mutation's variables) -> AppSync
   * publishOrderStatus (writes the view table) -> onOrderStatus subscribers. Guests sign with
   * IAM credentials from a Cognito identity pool and may only query and subscribe.
   */
  private realtime({ config, ordersBus }: StatusUpdatesProps, realtime: RealtimeConfig): void {
    const name = `${config.namePrefix}-order-status`;
    const view = new DynamoTable(this, "StatusViewTable", {
      name: `${name}-view`,
      partitionKey: "orderId",
      deletionProtection: config.orderFlow.statusTable.deletionProtection,
    });
    const api = new AppSyncApi(this, "StatusApi", {
      name,
      schema: ORDER_STATUS_SCHEMA,
      resolvers: ORDER_STATUS_RESOLVERS,
      table: view,
      fieldLogLevel: realtime.fieldLogLevel,
      logRetentionDays: config.logRetentionDays,
      apiKey: realtime.apiKey,
    });
    const guests = new IdentityPool(this, "StatusGuests", { name: `${name}-guests`, guestRoleName: `${name}-guest` });
    api.grantQuery(guests.guestRole, ORDER_STATUS_FIELDS.query);
    api.grantSubscription(guests.guestRole, ORDER_STATUS_FIELDS.subscription);

    const rule = new EventRule(this, "OrderStatusRealtimeRule", {
      bus: ordersBus,
      name: `${config.namePrefix}-order-status-realtime`,
      description: "Order status events to the AppSync API (publishOrderStatus)",
      eventPattern: ORDER_STATUS_PATTERN,
    });
    const publish = { mutationField: ORDER_STATUS_FIELDS.mutation, graphqlOperation: PUBLISH_ORDER_STATUS_OPERATION, variables: publishOrderStatusTransformer };
    rule.addTarget("status-api", new AppSyncTarget(api, publish));
    output(this, "order_status_api_id", api.apiId, "AppSync API for real-time order status");
    output(this, "order_status_graphql_url", api.graphqlUrl, "GraphQL endpoint (queries, the mutation)");
    output(this, "order_status_realtime_url", api.realtimeUrl, "Real-time endpoint for onOrderStatus subscriptions");
    output(this, "order_status_view_table_name", view.tableName, "View-model table behind the AppSync API");
    output(this, "order_status_identity_pool_id", guests.identityPoolId, "Cognito identity pool whose guests may query and subscribe");
  }
}

/** Outputs keep their plain names (`order_status_topic_arn`), not construct-path ids. */
function output(scope: Construct, id: string, value: string, description: string): void {
  new TerraformOutput(scope, id, { value, description }).overrideLogicalId(id);
}
