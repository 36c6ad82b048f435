import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, ListRulesCommand, PutEventsCommand, TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { ORDER_PLACED, ORDER_PROCESSED, ORDER_SOURCE, OrderData } from "../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail, orderPlacedEvent } from "../../orders/events/samples";
import { awsClientConfig } from "./emulator/emulator";
import { InventoryOutputs, followFailingOrder, printInventoryHops } from "./tour-inventory";
import { WebhookReceiver, startWebhookReceiver } from "./webhook-receiver";

/** The orders the tour sends: the three sample EU orders and one near miss. */
const TOUR_ORDERS: readonly [string, Omit<OrderData, "order-id">][] = [
  ...Object.entries(SEED_ORDERS),
  ["usEastNearMiss", { category: "lab-supplies", value: 99, location: "us-east" }],
];

interface Clients {
  readonly events: EventBridgeClient;
  readonly dynamodb: DynamoDBClient;
  readonly logs: CloudWatchLogsClient;
}

export interface TourOutputs extends InventoryOutputs {
  readonly orders_bus_name: string;
  readonly order_status_table_name: string;
  readonly orders_audit_log_group: string;
}

/**
 * Puts the sample orders on the deployed Orders bus and prints where each went: the rules whose
 * deployed pattern matches, the workflow's status row, the OrderProcessed event it published,
 * what reached the audit log, InventoryFunction's invocation and the execution record read back
 * from the inventory log; then one order made to fail, followed to the on-failure queue.
 * Returns false when an EU order did not complete or the failing one was lost.
 */
export async function runTour(endpoint: string, outputs: TourOutputs, webhookEndpoint?: string): Promise<boolean> {
  const receiver = webhookEndpoint ? await startWebhookReceiver(Number(new URL(webhookEndpoint).port), new URL(webhookEndpoint).hostname) : undefined;
  try {
    return await followOrders(endpoint, outputs, receiver);
  } finally {
    await receiver?.close();
  }
}

async function followOrders(endpoint: string, outputs: TourOutputs, receiver: WebhookReceiver | undefined): Promise<boolean> {
  const config = awsClientConfig(endpoint);
  const clients = {
    events: new EventBridgeClient(config),
    dynamodb: new DynamoDBClient(config),
    logs: new CloudWatchLogsClient(config),
    lambda: new LambdaClient(config),
    sqs: new SQSClient(config),
  };
  const runId = Date.now().toString(36);
  const orders = TOUR_ORDERS.map(([name, order]) => orderPlacedEvent(orderPlacedDetail(order, `${name}-${runId}`)));
  await clients.events.send(
    new PutEventsCommand({
      Entries: orders.map((order) => ({
        EventBusName: outputs.orders_bus_name,
        Source: ORDER_SOURCE,
        DetailType: ORDER_PLACED,
        Detail: JSON.stringify(order.detail),
      })),
    }),
  );
  let complete = true;
  for (const order of orders) {
    const data = order.detail.data;
    console.log(`\n  order ${data["order-id"]} (${data.category}, ${data.value}, ${data.location})`);
    console.log(`    rules matched:  ${(await matchingRules(clients, outputs.orders_bus_name, order)).join(", ") || "none"}`);
    const expectsWorkflow = data.location.startsWith("eu-");
    const row = expectsWorkflow ? await waitFor(() => statusRow(clients, outputs.order_status_table_name, data["order-id"])) : undefined;
    console.log(`    status row:     ${row ? `${row.status.S} at ${row.updatedAt.S}` : expectsWorkflow ? "MISSING" : "none (not an EU order, no workflow)"}`);
    const expected = expectsWorkflow ? [ORDER_PLACED, ORDER_PROCESSED] : [ORDER_PLACED];
    const audited = await auditedTypes(clients, outputs.orders_audit_log_group, data["order-id"], expected);
    console.log(`    audit log:      ${audited.join(", ") || "nothing"}`);
    if (expectsWorkflow) {
      const processedRules = await matchingRules(clients, outputs.orders_bus_name, {
        ...order,
        source: "com.orders.processing",
        "detail-type": ORDER_PROCESSED,
      });
      console.log(`    OrderProcessed: ${audited.includes(ORDER_PROCESSED) ? "published" : "NOT published"} -> ${processedRules.join(", ")}`);
      const recorded = await printInventoryHops(clients, outputs, data["order-id"]);
      const webhook = receiver && (await webhookFor(receiver, data["order-id"]));
      if (receiver) console.log(`    webhook:        ${webhook ? `${receiver.url}${webhook.path} got ${webhook.body}` : "NOTHING received"}`);
      complete &&= row?.status.S === "PROCESSED" && audited.includes(ORDER_PROCESSED) && recorded && (!receiver || webhook !== undefined);
    }
  }
  return (await followFailingOrder(clients, outputs, runId)) && complete;
}

async function matchingRules(clients: Clients, busName: string, event: object): Promise<string[]> {
  const { Rules = [] } = await clients.events.send(new ListRulesCommand({ EventBusName: busName }));
  const matched = await Promise.all(
    Rules.map(async (rule) => {
      const { Result } = await clients.events.send(new TestEventPatternCommand({ EventPattern: rule.EventPattern!, Event: JSON.stringify(event) }));
      return Result ? rule.Name! : undefined;
    }),
  );
  return matched.filter((name): name is string => name !== undefined);
}

async function statusRow(clients: Clients, tableName: string, orderId: string) {
  const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { orderId: { S: orderId } } }));
  return Item?.status?.S === "PROCESSED" || Item?.status?.S === "FAILED" ? Item : undefined;
}

/** The detail-types of this order's events in the audit log, once all `expected` arrived (or 10 s passed). */
async function auditedTypes(clients: Clients, logGroupName: string, orderId: string, expected: readonly string[]): Promise<string[]> {
  const read = async () => {
    const { events = [] } = await clients.logs.send(new FilterLogEventsCommand({ logGroupName }));
    return events
      .map((event) => JSON.parse(event.message!))
      .filter((message) => message.detail?.data?.["order-id"] === orderId)
      .map((message) => message["detail-type"] as string);
  };
  return (
    (await waitFor(async () => {
      const types = await read();
      return expected.every((type) => types.includes(type)) ? types : undefined;
    }, 10_000)) ?? (await read())
  );
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** The webhook SNS delivered for an order, if one arrives within 10 s. */
async function webhookFor(receiver: WebhookReceiver, orderId: string) {
  return receiver.waitFor((delivery) => (delivery.message as { orderId?: string } | undefined)?.orderId === orderId, 10_000).catch(() => undefined);
}
