import { ORDER_PROCESSED, ORDER_PROCESSING_SOURCE, OrderStatus } from "../events/orders";
import { Backoff, StateMachineDefinition, TaskState, integration, retryWithBackoff } from "../../modules/asl";

/**
 * OrdersProcessing: input is the OrderPlaced event exactly as EventBridge delivers it
 * (`$.detail.metadata.idempotency-key`, `$.detail.data.*`, see events/orders.ts).
 * 1. RecordProcessed: the status row the polling API reads (same table).
 * 2. PublishOrderProcessed: the OrderProcessed event on the Orders bus (optimised integration).
 * Any failure after retries: RecordFailed writes status FAILED with the error, then OrderFailed.
 */
export interface OrdersProcessingTargets {
  readonly statusTableName: string;
  readonly ordersBusName: string;
}

export const ORDER_FIELDS = {
  orderId: "$.detail.data.order-id",
  idempotencyKey: "$.detail.metadata.idempotency-key",
  category: "$.detail.data.category",
  value: "$.detail.data.value",
  location: "$.detail.data.location",
} as const;

const TRANSIENT_DYNAMODB_ERRORS = [
  "DynamoDB.ProvisionedThroughputExceededException",
  "DynamoDB.RequestLimitExceeded",
  "DynamoDB.ThrottlingException",
  "DynamoDB.InternalServerErrorException",
  "States.Timeout",
];
const TRANSIENT_EVENTBRIDGE_ERRORS = ["EventBridge.EventBridgeException", "EventBridge.InternalException", "States.Timeout"];
const BACKOFF: Backoff = { intervalSeconds: 1, maxAttempts: 4, backoffRate: 2, maxDelaySeconds: 20 };
const TASK_TIMEOUT_SECONDS = 30;

export function ordersProcessingDefinition(targets: OrdersProcessingTargets): StateMachineDefinition {
  return {
    Comment: "Records an EU order's status, then announces it with an OrderProcessed event",
    StartAt: "RecordProcessed",
    TimeoutSeconds: 300,
    States: {
      RecordProcessed: {
        ...putStatus(targets.statusTableName, "PROCESSED"),
        Next: "PublishOrderProcessed",
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "RecordFailed" }],
      },
      PublishOrderProcessed: {
        Type: "Task",
        Resource: integration("events:putEvents"),
        TimeoutSeconds: TASK_TIMEOUT_SECONDS,
        Parameters: {
          Entries: [
            {
              EventBusName: targets.ordersBusName,
              Source: ORDER_PROCESSING_SOURCE,
              DetailType: ORDER_PROCESSED,
              Detail: {
                metadata: { "idempotency-key.$": ORDER_FIELDS.idempotencyKey },
                data: {
                  "order-id.$": ORDER_FIELDS.orderId,
                  "category.$": ORDER_FIELDS.category,
                  "value.$": ORDER_FIELDS.value,
                  "location.$": ORDER_FIELDS.location,
                  status: "PROCESSED" satisfies OrderStatus,
                },
              },
            },
          ],
        },
        ResultPath: null,
        Retry: [retryWithBackoff(TRANSIENT_EVENTBRIDGE_ERRORS, BACKOFF)],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "RecordFailed" }],
        End: true,
      },
      RecordFailed: {
        ...putStatus(targets.statusTableName, "FAILED", {
          error: { "S.$": "$.error.Error" },
          cause: { "S.$": "$.error.Cause" },
        }),
        Next: "OrderFailed",
      },
      OrderFailed: { Type: "Fail", Error: "OrderProcessingFailed", CausePath: "$.error.Cause" },
    },
  };
}

/** A DynamoDB putItem of the order's status row; `value` is stored as a number. */
function putStatus(tableName: string, status: OrderStatus, extra: Record<string, unknown> = {}): TaskState {
  return {
    Type: "Task",
    Resource: integration("dynamodb:putItem"),
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Parameters: {
      TableName: tableName,
      Item: {
        orderId: { "S.$": ORDER_FIELDS.orderId },
        status: { S: status },
        idempotencyKey: { "S.$": ORDER_FIELDS.idempotencyKey },
        category: { "S.$": ORDER_FIELDS.category },
        value: { "N.$": `States.Format('{}', ${ORDER_FIELDS.value})` },
        location: { "S.$": ORDER_FIELDS.location },
        updatedAt: { "S.$": "$$.State.EnteredTime" },
        executionArn: { "S.$": "$$.Execution.Id" },
        ...extra,
      },
    },
    ResultPath: null,
    Retry: [retryWithBackoff(TRANSIENT_DYNAMODB_ERRORS, BACKOFF)],
  };
}
