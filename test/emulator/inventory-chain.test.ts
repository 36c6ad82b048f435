import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { ListTargetsByRuleCommand, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionEventInvokeConfigCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { DeleteStateMachineCommand } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  EventEnvelope,
  ExecutionRecord,
  InventoryExecutionRecord,
  ORDER_PLACED,
  ORDER_PROCESSED,
  ORDER_PROCESSING_SOURCE,
  ORDER_SOURCE,
  OrderPlacedDetail,
  OrderPlacedEvent,
  OrderProcessedEvent,
} from "../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail, orderProcessedEvent } from "../../orders/events/samples";
import { deployArgs, terraform } from "../../tools/local/deployment";
import { awsClientConfig } from "../../tools/local/emulator/emulator";
import { replayArchive } from "../../tools/ops/replay";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import { awsClients, e2eContext, eventually, logMessages } from "./support/context";
import { messageWhere, queueUrlOf } from "./support/queues";

/**
 * Every hop of the seed's order flow on the emulator: EUOrdersRule -> OrdersProcessing ->
 * OrderProcessed -> OrderProcessingRule -> InventoryFunction (its deployed zip, run by the
 * emulator's Lambda runtime) -> execution record -> Inventory bus -> InventoryDevRule -> log.
 */
const context = e2eContext();
const { events, sfn, dynamodb, logs } = awsClients(context.endpoint);
const lambda = new LambdaClient(awsClientConfig(context.endpoint));
const sqs = new SQSClient(awsClientConfig(context.endpoint));
const ordersBus = context.outputs.orders_bus_name;
const functionName = context.outputs.inventory_function_name;
const CHAIN_TIMEOUT_MS = 60_000;
/** A terraform apply of the whole local stack: about 90 s on a busy 2-core machine. */
const APPLY_TIMEOUT_MS = 6 * 60_000;

const newOrder = (data: Omit<OrderPlacedDetail["data"], "order-id">) => orderPlacedDetail(data, `order-${randomUUID()}`);
const orderId = (detail: OrderPlacedDetail) => detail.data["order-id"];

async function placeOrders(details: readonly OrderPlacedDetail[]): Promise<void> {
  const entries = details.map((detail) => ({ EventBusName: ordersBus, Source: ORDER_SOURCE, DetailType: ORDER_PLACED, Detail: JSON.stringify(detail) }));
  expect((await events.send(new PutEventsCommand({ Entries: entries }))).FailedEntryCount).toBe(0);
}

async function putOrderProcessed(event: ReturnType<typeof orderProcessedEvent>): Promise<void> {
  const entry = { EventBusName: ordersBus, Source: ORDER_PROCESSING_SOURCE, DetailType: ORDER_PROCESSED, Detail: JSON.stringify(event.detail) };
  expect((await events.send(new PutEventsCommand({ Entries: [entry] }))).FailedEntryCount).toBe(0);
}

/** The events InventoryDevRule logged for an order, each with InventoryFunction's execution record. */
async function inventoryRecords(id: string): Promise<EventEnvelope<string, InventoryExecutionRecord>[]> {
  const logged = await logMessages<EventEnvelope<string, InventoryExecutionRecord>>(logs, context.outputs.inventory_log_group);
  return logged.filter((event) => event.detail?.requestPayload?.detail?.data?.["order-id"] === id);
}

const recordsOf = (id: string, count = 1) =>
  eventually(
    `${count} execution record(s) of ${id} in the inventory log`,
    async () => {
      const found = await inventoryRecords(id);
      return found.length >= count ? found : undefined;
    },
    CHAIN_TIMEOUT_MS,
  );

/** Lines the deployed function wrote for an order that contain `text`. */
async function functionLogLines(text: string, id: string): Promise<string[]> {
  const { events: lines = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}` }));
  return lines.map((line) => line.message!).filter((message) => message.includes(text) && message.includes(id));
}

async function statusRow(id: string) {
  return (await dynamodb.send(new GetItemCommand({ TableName: context.outputs.order_status_table_name, Key: { orderId: { S: id } } }))).Item;
}

describe("the seed's orders through every hop, InventoryFunction run from its deployed zip", () => {
  it("logs the execution record of each EU seed order in the inventory log, with the order in requestPayload and the reservation in responsePayload; nothing for a non-EU order", async () => {
    const eu = Object.values(SEED_ORDERS).map((seed) => newOrder(seed));
    // The seed's first order, placed from outside the EU: EUOrdersRule must not route it.
    const nonEu = newOrder({ ...SEED_ORDERS.labSupplies, location: "us-east" });
    await placeOrders([...eu, nonEu]);
    for (const placed of eu) {
      const [event] = await recordsOf(orderId(placed));
      expect(event).toMatchObject({ source: "lambda", "detail-type": "Lambda Function Invocation Result - Success" });
      expect(event.detail.requestContext).toMatchObject({
        condition: "Success",
        approximateInvokeCount: 1,
        functionArn: expect.stringMatching(new RegExp(`:function:${functionName}:\\$LATEST$`)),
      });
      // OrdersProcessing republishes the order's fields, not the free-text OrderDetails of the third seed order.
      const { OrderDetails: _, ...published } = placed.data;
      expect(event.detail.requestPayload.detail).toEqual({ metadata: placed.metadata, data: { ...published, status: "PROCESSED", reason: "COMPLETED" } });
      expect(event.detail.responsePayload).toEqual({
        orderId: orderId(placed),
        idempotencyKey: placed.metadata["idempotency-key"],
        category: placed.data.category,
        value: placed.data.value,
        location: placed.data.location,
        reservedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
    }
    expect(await inventoryRecords(orderId(nonEu))).toEqual([]);
    const rejected = await eventually("the non-EU order REJECTED", async () => {
      const row = await statusRow(orderId(nonEu));
      return row?.status?.S === "REJECTED" ? row : undefined;
    });
    expect(rejected.reason).toEqual({ S: "LOCATION_NOT_SERVED" });
  });

  it("retries an event the function rejects as configured, then sends its failure record to the on-failure queue", async () => {
    const config = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: functionName }));
    const retries = config.MaximumRetryAttempts!;
    const onFailure = await queueUrlOf(sqs, config.DestinationConfig!.OnFailure!.Destination!);
    const poison = orderProcessedEvent(newOrder(SEED_ORDERS.officeSupplies));
    const id = orderId(poison.detail);
    const { category: _, ...withoutCategory } = poison.detail.data;
    await putOrderProcessed({ ...poison, detail: { ...poison.detail, data: withoutCategory as typeof poison.detail.data } });

    const { body: record } = await messageWhere<ExecutionRecord<OrderProcessedEvent, unknown>>(
      sqs,
      onFailure,
      "the failure record",
      (body) => body.requestPayload?.detail?.data?.["order-id"] === id,
      CHAIN_TIMEOUT_MS,
    );
    expect(record.requestContext).toMatchObject({ condition: "RetriesExhausted", approximateInvokeCount: retries + 1 });
    expect(record.requestPayload).toMatchObject({ source: ORDER_PROCESSING_SOURCE, "detail-type": ORDER_PROCESSED, detail: { data: withoutCategory } });
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" });
    expect(record.responsePayload).toMatchObject({
      errorType: "InvalidOrderProcessedEventError",
      errorMessage: expect.stringContaining("detail.data.category"),
    });
    const starts = (await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}` }))).events!.filter(
      (line) => line.message === `START RequestId: ${record.requestContext.requestId} Version: $LATEST`,
    );
    expect(starts).toHaveLength(retries + 1);
  });

  it("runs the function's core once for the same OrderProcessed delivered twice; both deliveries end in success records with the same reservation", async () => {
    const processed = orderProcessedEvent(newOrder(SEED_ORDERS.completedOrder));
    const id = orderId(processed.detail);
    await putOrderProcessed(processed);
    await recordsOf(id, 1);
    await putOrderProcessed(processed);
    const [first, second] = await recordsOf(id, 2);
    expect(second.detail.requestContext.requestId).not.toBe(first.detail.requestContext.requestId);
    expect(second.detail.responsePayload).toEqual(first.detail.responsePayload);
    expect(await functionLogLines("inventory reserved", id)).toHaveLength(1);
  });
});

// Breaks the deployed stack (deletes the workflow out of band) and restores it with terraform
// apply, in this file's last test, so the tests above and other files see the stack intact.
describe("a target made to fail: dead-lettered, then re-created and replayed", () => {
  const workflowArn = context.outputs.orders_processing_arn;
  // One apply at a time: if the test times out during its own apply, afterAll waits for that one.
  let restoring: Promise<string> | undefined;
  const restore = () => (restoring ??= terraform(deployArgs("apply", context.config), context.stackDir, prepareTerraformCli(join(__dirname, "..", ".."))));
  afterAll(async () => {
    await restore();
  }, APPLY_TIMEOUT_MS);

  it(
    "sends the EU order to EUOrdersRule's DLQ with the four attributes; after terraform apply, a replay of the archive processes it once",
    async () => {
      const ruleName = "EUOrdersRule";
      const { Targets = [] } = await events.send(new ListTargetsByRuleCommand({ Rule: ruleName, EventBusName: ordersBus }));
      const target = Targets.find((candidate) => candidate.Arn === workflowArn)!;
      const dlq = await queueUrlOf(sqs, target.DeadLetterConfig!.Arn!);
      await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: workflowArn }));

      const placed = newOrder(SEED_ORDERS.officeSupplies);
      const id = orderId(placed);
      const from = new Date(Date.now() - 1_000);
      await placeOrders([placed]);
      const message = await messageWhere<OrderPlacedEvent>(
        sqs,
        dlq,
        "the order in EUOrdersRule's DLQ",
        (body) => body.detail?.data?.["order-id"] === id,
        CHAIN_TIMEOUT_MS,
      );
      expect(message.body).toMatchObject({ source: ORDER_SOURCE, "detail-type": ORDER_PLACED, detail: placed });
      const attributes = Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]));
      expect(attributes).toMatchObject({
        RULE_ARN: expect.stringMatching(new RegExp(`:rule/${ordersBus}/${ruleName}$`)),
        TARGET_ARN: workflowArn,
        ERROR_CODE: "NO_RESOURCE",
        ERROR_MESSAGE: expect.stringContaining("StateMachineDoesNotExist"),
      });
      // Accepted, so not a 404: OrderIntake (another rule's execution, which may finish after the
      // dead-lettering) records it; nothing processes it.
      await eventually(`order ${id} recorded RECEIVED`, async () => ((await statusRow(id))?.status?.S === "RECEIVED" ? true : undefined), CHAIN_TIMEOUT_MS);

      await restore();
      const outcome = await replayArchive(events, context.config, { environment: context.config.name, bus: "orders", from, to: new Date() }, { pollMs: 250 });
      expect(outcome.state).toBe("COMPLETED");
      const [record] = await recordsOf(id);
      expect(record.detail.requestPayload.detail.data["order-id"]).toBe(id);
      expect((await statusRow(id))?.status).toEqual({ S: "PROCESSED" });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(await inventoryRecords(id)).toHaveLength(1);
      expect(await functionLogLines("inventory reserved", id)).toHaveLength(1);
    },
    APPLY_TIMEOUT_MS + 2 * CHAIN_TIMEOUT_MS,
  );
});
