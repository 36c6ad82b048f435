import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { DescribeRuleCommand, PutEventsCommand, TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { DescribeExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { randomUUID } from "node:crypto";
import {
  FINAL_STATUSES,
  LAMBDA_SOURCE,
  LAMBDA_SUCCESS,
  ORDER_PLACED,
  ORDER_PROCESSED,
  ORDER_PROCESSING_SOURCE,
  ORDER_SOURCE,
} from "../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail, orderPlacedEvent } from "../../orders/events/samples";
import { awsClients, e2eContext, eventually, logMessages } from "./support/context";

const context = e2eContext();
const { events, sfn, dynamodb, logs } = awsClients(context.endpoint);
const ordersBus = context.outputs.orders_bus_name;
const inventoryBus = context.outputs.inventory_bus_name;

/** The pattern of a rule as the emulator stores it: what was deployed, not what the code says. */
async function deployedPattern(ruleName: string, busName: string): Promise<string> {
  const rule = await events.send(new DescribeRuleCommand({ Name: ruleName, EventBusName: busName }));
  return rule.EventPattern!;
}

async function matches(pattern: string, event: object): Promise<boolean> {
  const { Result } = await events.send(new TestEventPatternCommand({ EventPattern: pattern, Event: JSON.stringify(event) }));
  if (Result === undefined) throw new Error("TestEventPattern gave no Result: is the emulator extension loaded?");
  return Result;
}

const order = (location: string, changes: object = {}) =>
  orderPlacedEvent(orderPlacedDetail({ ...SEED_ORDERS.officeSupplies, location }, `order-${randomUUID()}`), changes);

/** The order's status row once its status is final. */
const finalRow = (orderId: string) =>
  eventually(`the final status of ${orderId}`, async () => {
    const row = await statusRow(orderId);
    return row && (FINAL_STATUSES as readonly string[]).includes(row.status.S!) ? row : undefined;
  });

async function statusRow(orderId: string) {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: context.outputs.order_status_table_name, Key: { orderId: { S: orderId } } }));
  return Item;
}

describe("EUOrdersRule as deployed, evaluated by the emulator's pattern engine", () => {
  let pattern: string;
  beforeAll(async () => {
    pattern = await deployedPattern("EUOrdersRule", ordersBus);
  });

  it.each(Object.entries(SEED_ORDERS))("matches the seed order %s", async (name, seed) => {
    expect(await matches(pattern, orderPlacedEvent(orderPlacedDetail(seed, `order-${name}`)))).toBe(true);
  });

  it.each(["eu-west", "eu-central", "eu-north"])("matches an order from %s", async (location) => {
    expect(await matches(pattern, order(location))).toBe(true);
  });

  it.each([
    ["a us-east order", order("us-east")],
    ["an order whose location merely contains eu-", order("not-eu-west")],
    ["an upper-case EU-WEST order (locations are lower-case codes)", order("EU-WEST")],
    ["an EU order from another source", order("eu-west", { source: "com.other" })],
    ["an EU OrderProcessed event", order("eu-west", { "detail-type": ORDER_PROCESSED })],
  ])("does not match %s", async (_, event) => {
    expect(await matches(pattern, event)).toBe(false);
  });

  it("does not match an order without a location", async () => {
    const event = order("eu-west");
    const { location: _, ...data } = event.detail.data;
    expect(await matches(pattern, { ...event, detail: { ...event.detail, data } })).toBe(false);
  });
});

describe("OrderProcessingRule and InventoryDevRule as deployed", () => {
  it("routes OrderProcessed, not OrderPlaced, to InventoryFunction", async () => {
    const pattern = await deployedPattern("OrderProcessingRule", ordersBus);
    const processed = order("eu-west", { source: ORDER_PROCESSING_SOURCE, "detail-type": ORDER_PROCESSED });
    expect(await matches(pattern, processed)).toBe(true);
    expect(await matches(pattern, order("eu-west"))).toBe(false);
  });

  it("logs the success records of InventoryFunction only", async () => {
    const pattern = await deployedPattern("InventoryDevRule", inventoryBus);
    const functionArn = `arn:aws:lambda:${context.config.region}:${context.config.accountId}:function:${context.outputs.inventory_function_name}`;
    const record = (source: string, detailType: string, resource: string) => ({
      ...order("eu-west"),
      source,
      "detail-type": detailType,
      resources: [resource],
    });
    expect(await matches(pattern, record(LAMBDA_SOURCE, LAMBDA_SUCCESS, `${functionArn}:$LATEST`))).toBe(true);
    expect(await matches(pattern, record(LAMBDA_SOURCE, "Lambda Function Invocation Result - Failure", `${functionArn}:$LATEST`))).toBe(false);
    expect(await matches(pattern, record(LAMBDA_SOURCE, LAMBDA_SUCCESS, `${functionArn.replace(/inventory$/, "billing")}:$LATEST`))).toBe(false);
  });
});

describe("OrdersProcessing on the emulator (moto runs the synthesized ASL)", () => {
  it("started with an order event as EventBridge would, records PROCESSED and publishes OrderProcessed to the Orders bus", async () => {
    const event = order("eu-west");
    const orderId = event.detail.data["order-id"];
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: context.outputs.orders_processing_arn, name: randomUUID(), input: JSON.stringify(event) }),
    );
    const execution = await eventually("the execution to finish", async () => {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return described.status === "RUNNING" ? undefined : described;
    });
    expect([execution.status, execution.error, execution.cause]).toEqual(["SUCCEEDED", undefined, undefined]);

    expect(await statusRow(orderId)).toEqual(
      expect.objectContaining({
        orderId: { S: orderId },
        status: { S: "PROCESSED" },
        idempotencyKey: { S: event.detail.metadata["idempotency-key"] },
        category: { S: "office-supplies" },
        value: { N: "300" },
        location: { S: "eu-west" },
      }),
    );
    const published = await eventually("OrderProcessed in the Orders audit log", async () =>
      (await logMessages(logs, context.outputs.orders_audit_log_group)).find(
        (message) => message["detail-type"] === ORDER_PROCESSED && message.detail?.data?.["order-id"] === orderId,
      ),
    );
    expect(published).toEqual(
      expect.objectContaining({
        source: ORDER_PROCESSING_SOURCE,
        detail: { metadata: event.detail.metadata, data: { ...event.detail.data, status: "PROCESSED", reason: "COMPLETED" } },
      }),
    );
  });

  it("runs for an EU order put on the Orders bus (through EUOrdersRule); OrderIntake rejects a US order", async () => {
    const eu = order("eu-central");
    const us = order("us-east");
    const { FailedEntryCount } = await events.send(
      new PutEventsCommand({
        Entries: [eu, us].map((event) => ({
          EventBusName: ordersBus,
          Source: ORDER_SOURCE,
          DetailType: ORDER_PLACED,
          Detail: JSON.stringify(event.detail),
        })),
      }),
    );
    expect(FailedEntryCount).toBe(0);
    const euRow = await finalRow(eu.detail.data["order-id"]);
    expect(euRow.status).toEqual({ S: "PROCESSED" });
    expect(euRow.executionArn.S).toContain(":execution:orders-local-orders-processing:");
    const usRow = await finalRow(us.detail.data["order-id"]);
    expect([usRow.status, usRow.reason]).toEqual([{ S: "REJECTED" }, { S: "LOCATION_NOT_SERVED" }]);
    // The last write was OrderIntake's: OrdersProcessing never ran for it.
    expect(usRow.executionArn.S).toContain(":execution:orders-local-order-intake:");
  });
});

describe("audit trails", () => {
  it.each([
    ["Orders", () => ordersBus, () => context.outputs.orders_audit_log_group],
    ["Inventory", () => inventoryBus, () => context.outputs.inventory_audit_log_group],
  ])("write every event put on the %s bus to its audit log", async (_, bus, logGroup) => {
    const marker = randomUUID();
    const sent = [
      { Source: "com.audit.test", DetailType: "Anything", Detail: JSON.stringify({ marker, n: 1 }) },
      { Source: "com.other.team", DetailType: "SomethingElse", Detail: JSON.stringify({ marker, n: 2 }) },
    ];
    const { FailedEntryCount } = await events.send(new PutEventsCommand({ Entries: sent.map((entry) => ({ ...entry, EventBusName: bus() })) }));
    expect(FailedEntryCount).toBe(0);
    const logged = await eventually("both events in the audit log", async () => {
      const found = (await logMessages(logs, logGroup())).filter((message) => message.detail?.marker === marker);
      return found.length === sent.length ? found : undefined;
    });
    expect(logged.map((message) => message.source).sort()).toEqual(["com.audit.test", "com.other.team"]);
  });
});
