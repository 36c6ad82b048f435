import { FinalStatus, ORDER_PROCESSING_SOURCE, OrderStatus, STATUS_EVENTS } from "../events/orders";
import { Backoff, Catcher, TaskState, integration, retryWithBackoff } from "../../modules/asl";

/**
 * The tasks both order workflows are made of: writing an order's status row (the row the polling
 * API reads) and announcing a final status on the Orders bus. Input of both workflows is the
 * OrderPlaced event exactly as EventBridge delivers it (events/orders.ts).
 */

/** What an order workflow writes to: the status table and the Orders bus. */
export interface OrderWorkflowTargets {
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

/** Where a workflow keeps why an order failed: `{ reason, error, cause }`. */
export const FAILURE_PATH = "$.failure";

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

/** What a conditional status write throws when the row is another order's or not in a status it may replace. */
export const STATUS_CONFLICT = "DynamoDB.ConditionalCheckFailedException";

/** The statuses a write may replace (a missing row too), or "no-row": only a new row. */
export type ReplaceableStatuses = readonly OrderStatus[] | "no-row";

export interface StatusWrite {
  readonly status: OrderStatus;
  /** Which rows of this order the write may change: refused (STATUS_CONFLICT) otherwise. @default - any */
  readonly replaces?: ReplaceableStatuses;
  /** Also writes the order's fields (category, value, location). */
  readonly withOrder?: boolean;
  /** Attribute name -> JSONPath of its (string) value in the state input. */
  readonly details?: Readonly<Record<string, string>>;
  /** Fixed string attributes. */
  readonly fixed?: Readonly<Record<string, string>>;
  /** Attributes an earlier status left that no longer hold (a replayed order's old failure). */
  readonly removes?: readonly string[];
  readonly catch?: readonly Catcher[];
}

/**
 * An UpdateItem of the order's status row: sets the status, when (the state's entry time) and by
 * which execution, plus what `write` asks for. `value` is stored as a number. Every write is refused
 * (STATUS_CONFLICT) on a row whose idempotency key is not the event's: a reused order id must never
 * overwrite another order's row.
 */
export function recordStatus(tableName: string, write: StatusWrite): TaskState {
  const values: Record<string, unknown> = {
    ":status": { S: write.status },
    ":updatedAt": { "S.$": "$$.State.EnteredTime" },
    ":executionArn": { "S.$": "$$.Execution.Id" },
    ":idempotencyKey": { "S.$": ORDER_FIELDS.idempotencyKey },
  };
  const names: Record<string, string> = { "#status": "status", "#idempotencyKey": "idempotencyKey" };
  const sets = ["#status = :status", "updatedAt = :updatedAt", "executionArn = :executionArn", "#idempotencyKey = :idempotencyKey"];
  const set = (attribute: string, value: unknown) => {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    sets.push(`#${attribute} = :${attribute}`);
  };
  if (write.withOrder) {
    set("category", { "S.$": ORDER_FIELDS.category });
    set("value", { "N.$": `States.Format('{}', ${ORDER_FIELDS.value})` });
    set("location", { "S.$": ORDER_FIELDS.location });
  }
  for (const [attribute, path] of Object.entries(write.details ?? {})) set(attribute, { "S.$": path });
  for (const [attribute, value] of Object.entries(write.fixed ?? {})) set(attribute, { S: value });
  const removes = (write.removes ?? []).map((attribute) => {
    names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  });
  return {
    Type: "Task",
    Resource: integration("dynamodb:updateItem"),
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Parameters: {
      TableName: tableName,
      Key: { orderId: { "S.$": ORDER_FIELDS.orderId } },
      UpdateExpression: [`SET ${sets.join(", ")}`, ...(removes.length > 0 ? [`REMOVE ${removes.join(", ")}`] : [])].join(" "),
      ...condition(write.replaces, values),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    ResultPath: null,
    Retry: [retryWithBackoff(TRANSIENT_DYNAMODB_ERRORS, BACKOFF)],
    ...(write.catch && { Catch: write.catch }),
  };
}

function condition(replaces: ReplaceableStatuses | undefined, values: Record<string, unknown>): { ConditionExpression: string } {
  const newRow = "attribute_not_exists(orderId)";
  const sameOrder = "#idempotencyKey = :idempotencyKey";
  if (replaces === "no-row") return { ConditionExpression: newRow };
  if (replaces === undefined) return { ConditionExpression: `${newRow} OR ${sameOrder}` };
  const placeholders = replaces.map((status) => {
    values[`:was${status}`] = { S: status };
    return `:was${status}`;
  });
  return { ConditionExpression: `${newRow} OR (${sameOrder} AND #status IN (${placeholders.join(", ")}))` };
}

/** Puts the status event of a final status on the Orders bus; `reasonPath` or a fixed reason. */
export function publishStatus(busName: string, status: FinalStatus, reason: { readonly fixed: string } | { readonly path: string }): TaskState {
  return {
    Type: "Task",
    Resource: integration("events:putEvents"),
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Parameters: {
      Entries: [
        {
          EventBusName: busName,
          Source: ORDER_PROCESSING_SOURCE,
          DetailType: STATUS_EVENTS[status].detailType,
          Detail: {
            metadata: { "idempotency-key.$": ORDER_FIELDS.idempotencyKey },
            data: {
              "order-id.$": ORDER_FIELDS.orderId,
              "category.$": ORDER_FIELDS.category,
              "value.$": ORDER_FIELDS.value,
              "location.$": ORDER_FIELDS.location,
              status,
              ...("fixed" in reason ? { reason: reason.fixed } : { "reason.$": reason.path }),
            },
          },
        },
      ],
    },
    ResultPath: null,
    Retry: [retryWithBackoff(TRANSIENT_EVENTBRIDGE_ERRORS, BACKOFF)],
  };
}
