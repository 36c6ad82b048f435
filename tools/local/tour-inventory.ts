import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { GetFunctionEventInvokeConfigCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { GetQueueUrlCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { EventEnvelope, InventoryExecutionRecord, ORDER_PROCESSED, ORDER_PROCESSING_SOURCE } from "../../orders/events/orders";
import { orderPlacedDetail, orderProcessedEvent } from "../../orders/events/samples";
import { TOUR_WAIT_MS, waitFor } from "./tour-wait";

/** The last hops of the tour: InventoryFunction's invocation and its execution record. */

export interface InventoryOutputs {
  readonly orders_bus_name: string;
  readonly inventory_function_name: string;
  readonly inventory_log_group: string;
}

export interface InventoryClients {
  readonly events: EventBridgeClient;
  readonly logs: CloudWatchLogsClient;
  readonly lambda: LambdaClient;
  readonly sqs: SQSClient;
}

/** What InventoryDevRule writes to the inventory log: the success event around the function's execution record. */
export type InventoryRecordEvent = EventEnvelope<string, InventoryExecutionRecord>;

/** The success record InventoryDevRule wrote to the inventory log for an order, as read back from it. */
export async function executionRecordFor(clients: InventoryClients, outputs: InventoryOutputs, orderId: string): Promise<InventoryRecordEvent | undefined> {
  return waitFor(
    async () => {
      const { events = [] } = await clients.logs.send(new FilterLogEventsCommand({ logGroupName: outputs.inventory_log_group }));
      return events
        .map((event) => JSON.parse(event.message!) as InventoryRecordEvent)
        .find((event) => event.detail?.requestPayload?.detail?.data?.["order-id"] === orderId);
    },
    TOUR_WAIT_MS,
    500,
  );
}

/** Prints the function's invocation and the record of an EU order; false when the record never came. */
export async function printInventoryHops(clients: InventoryClients, outputs: InventoryOutputs, orderId: string): Promise<boolean> {
  const record = await executionRecordFor(clients, outputs, orderId);
  if (!record) {
    console.log(`    InventoryFunction: NO execution record in ${outputs.inventory_log_group} (emulator log: .emulator/emulator.log)`);
    return false;
  }
  const { requestContext, responsePayload } = record.detail;
  console.log(
    `    InventoryFunction: invoked asynchronously, request ${requestContext.requestId}, attempt ${requestContext.approximateInvokeCount}: ${requestContext.condition}`,
  );
  console.log(`    execution record: read back from ${outputs.inventory_log_group}: ${record["detail-type"]}`);
  console.log(`      responsePayload ${JSON.stringify(responsePayload)}`);
  return true;
}

/**
 * Puts an OrderProcessed event InventoryFunction rejects (no category) and follows it: the
 * function's attempts, then the failure record in the on-failure queue. False when it was lost.
 */
export async function followFailingOrder(clients: InventoryClients, outputs: InventoryOutputs, runId: string): Promise<boolean> {
  const event = orderProcessedEvent(orderPlacedDetail({ category: "lab-supplies", value: 415, location: "eu-west" }, `madeToFail-${runId}`));
  const { category: _, ...withoutCategory } = event.detail.data;
  const orderId = event.detail.data["order-id"];
  console.log(`\n  order ${orderId}: an OrderProcessed without a category, which InventoryFunction rejects`);
  await clients.events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: outputs.orders_bus_name,
          Source: ORDER_PROCESSING_SOURCE,
          DetailType: ORDER_PROCESSED,
          Detail: JSON.stringify({ ...event.detail, data: withoutCategory }),
        },
      ],
    }),
  );
  const config = await clients.lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: outputs.inventory_function_name }));
  const queueArn = config.DestinationConfig?.OnFailure?.Destination;
  if (!queueArn) return false;
  console.log(`    InventoryFunction: invoked asynchronously, retried up to ${config.MaximumRetryAttempts} time(s) as configured`);
  const queueName = queueArn.split(":").pop()!;
  const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const record = await waitFor(
    async () => {
      const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }),
      );
      return Messages.map((message) => JSON.parse(message.Body!)).find((body) => body.requestPayload?.detail?.data?.["order-id"] === orderId);
    },
    TOUR_WAIT_MS,
    500,
  );
  if (!record) {
    console.log(`    ended: NOWHERE (no failure record in ${queueName})`);
    return false;
  }
  console.log(
    `    ended in the on-failure queue ${queueName}: ${record.requestContext.condition} after ${record.requestContext.approximateInvokeCount} attempt(s)`,
  );
  console.log(`      ${record.responsePayload.errorType}: ${record.responsePayload.errorMessage}`);
  return true;
}
