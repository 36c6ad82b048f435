import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, ListRulesCommand, PutEventsCommand, TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { FINAL_STATUSES, FinalStatus, ORDER_PLACED, ORDER_PROCESSED, ORDER_SOURCE, OrderData, STATUS_EVENTS } from "../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail, orderPlacedEvent } from "../../orders/events/samples";
import { awsClientConfig } from "./emulator/emulator";
import { InventoryOutputs, followFailingOrder, printInventoryHops } from "./tour-inventory";
import { TOUR_WAIT_MS, waitFor } from "./tour-wait";
import { WebhookReceiver, startWebhookReceiver } from "./webhook-receiver";

/**
 * The orders the tour sends and the final status each must reach: the three sample EU orders, a
 * non-EU near miss, and an order that fails OrdersProcessing's check (a value of 0, which the
 * API's model refuses but another producer on the bus can send).
 */
const TOUR_ORDERS: readonly [string, Omit<OrderData, "order-id">, FinalStatus][] = [
  ...Object.entries(SEED_ORDERS).map(([name, order]): [string, Omit<OrderData, "order-id">, FinalStatus] => [name, order, "PROCESSED"]),
  ["usEastNearMiss", { category: "lab-supplies", value: 99, location: "us-east" }, "REJECTED"],
  ["zeroValue", { category: "lab-supplies", value: 0, location: "eu-west" }, "FAILED"],
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
 * Puts the tour's orders on the deployed Orders bus and prints where each went: the rules whose
 * deployed pattern matches, the statuses its row went through to its final one, the status event
 * in the audit log and at the webhook receiver, and for processed orders InventoryFunction's
 * invocation and the execution record read back from the inventory log; then one invocation made
 * to fail, followed to the on-failure queue. Returns false when an order did not reach its
 * expected final status or announcement, or the failing invocation was lost.
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
  const orders = TOUR_ORDERS.map(([name, order, expected]) => ({ event: orderPlacedEvent(orderPlacedDetail(order, `${name}-${runId}`)), expected }));
  await clients.events.send(
    new PutEventsCommand({
      Entries: orders.map(({ event }) => ({
        EventBusName: outputs.orders_bus_name,
        Source: ORDER_SOURCE,
        DetailType: ORDER_PLACED,
        Detail: JSON.stringify(event.detail),
      })),
    }),
  );
  let complete = true;
  for (const { event, expected } of orders) {
    const data = event.detail.data;
    const orderId = data["order-id"];
    console.log(`\n  order ${orderId} (${data.category}, ${data.value}, ${data.location})`);
    console.log(`    rules matched:  ${(await matchingRules(clients, outputs.orders_bus_name, event)).join(", ") || "none"}`);
    const { seen, row } = await statusesUntilFinal(clients, outputs.order_status_table_name, orderId);
    const final = row?.status?.S;
    console.log(
      `    status:         ${seen.join(" -> ") || "no row"}${row?.reason ? ` (${row.reason.S})` : ""}${final === expected ? "" : `, expected ${expected}`}`,
    );
    const announced = STATUS_EVENTS[expected].detailType;
    const audited = await auditedTypes(clients, outputs.orders_audit_log_group, orderId, [ORDER_PLACED, announced]);
    console.log(`    audit log:      ${audited.join(", ") || "nothing"}`);
    const webhook = receiver && (await webhookFor(receiver, orderId));
    if (receiver) console.log(`    webhook:        ${webhook ? `${receiver.url}${webhook.path} got ${webhook.body}` : "NOTHING received"}`);
    let recorded = true;
    if (expected === "PROCESSED") {
      const processedRules = await matchingRules(clients, outputs.orders_bus_name, {
        ...event,
        source: "com.orders.processing",
        "detail-type": ORDER_PROCESSED,
      });
      console.log(`    OrderProcessed: ${audited.includes(ORDER_PROCESSED) ? "published" : "NOT published"} -> ${processedRules.join(", ")}`);
      recorded = await printInventoryHops(clients, outputs, orderId);
    }
    complete &&= final === expected && audited.includes(announced) && recorded && (!receiver || webhook !== undefined);
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

/** Reads the order's status row every 50 ms until it is final (or the tour's wait passed): each status seen, and the last row. */
async function statusesUntilFinal(clients: Clients, tableName: string, orderId: string) {
  const seen: string[] = [];
  const row = await waitFor(
    async () => {
      const { Item } = await clients.dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { orderId: { S: orderId } }, ConsistentRead: true }));
      const status = Item?.status?.S;
      if (status && seen.at(-1) !== status) seen.push(status);
      return status && (FINAL_STATUSES as readonly string[]).includes(status) ? Item : undefined;
    },
    TOUR_WAIT_MS,
    50,
  );
  return { seen, row };
}

/** The detail-types of this order's events in the audit log, once all `expected` arrived (or the tour's wait passed). */
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
    })) ?? (await read())
  );
}

/** The webhook SNS delivered for an order, if one arrives within the tour's wait. */
async function webhookFor(receiver: WebhookReceiver, orderId: string) {
  return receiver.waitFor((delivery) => (delivery.message as { orderId?: string } | undefined)?.orderId === orderId, TOUR_WAIT_MS).catch(() => undefined);
}
