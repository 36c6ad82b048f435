import { Backoff, Catcher, Retrier, TaskState, integration, retryWithBackoff } from "../../modules/asl";
import { REVIEW_FIELDS } from "../events/reviews";

/**
 * The tasks the review workflows share: retries for transient service errors, and putting one
 * event in the platform's envelope on the reviews bus.
 */

const BACKOFF: Backoff = { intervalSeconds: 1, maxAttempts: 4, backoffRate: 2, maxDelaySeconds: 20 };
export const TASK_TIMEOUT_SECONDS = 30;

/** Errors worth retrying, per service: throttling, the service's own faults, a task that timed out. */
export const TRANSIENT_ERRORS = {
  dynamodb: [
    "DynamoDB.ProvisionedThroughputExceededException",
    "DynamoDB.RequestLimitExceeded",
    "DynamoDB.ThrottlingException",
    "DynamoDB.InternalServerErrorException",
    "States.Timeout",
  ],
  events: ["EventBridge.EventBridgeException", "EventBridge.InternalException", "States.Timeout"],
  sns: ["SNS.ThrottledException", "SNS.InternalErrorException", "States.Timeout"],
  comprehend: ["Comprehend.ThrottlingException", "Comprehend.InternalServerException", "Comprehend.TooManyRequestsException", "States.Timeout"],
} as const;

export const retryOn = (service: keyof typeof TRANSIENT_ERRORS): Retrier[] => [retryWithBackoff(TRANSIENT_ERRORS[service], BACKOFF)];

/** Where a workflow keeps why it failed: `{ error, cause }`. */
export const FAILURE_PATH = "$.failure";

/** Turns a caught error (`$.error`) into the failure record. */
export const FAILURE_FROM_ERROR = { "error.$": "$.error.Error", "cause.$": "$.error.Cause" } as const;

export interface ReviewEvent {
  readonly busName: string;
  readonly source: string;
  readonly detailType: string;
  /** The event's `data`, as Parameters (fields ending in `.$` are paths). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** Puts one event on the reviews bus; its idempotency key is the review's. */
export function publishReviewEvent(event: ReviewEvent): TaskState {
  return {
    Type: "Task",
    Resource: integration("events:putEvents"),
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Parameters: {
      Entries: [
        {
          EventBusName: event.busName,
          Source: event.source,
          DetailType: event.detailType,
          Detail: { metadata: { "idempotency-key.$": REVIEW_FIELDS.idempotencyKey }, data: event.data },
        },
      ],
    },
    ResultPath: null,
    Retry: retryOn("events"),
  };
}

export interface PutItemOptions {
  /** Only when this holds, e.g. `attribute_not_exists(caseId)`. */
  readonly condition?: string;
  readonly catchers: readonly Catcher[];
}

/** Writes one item (`dynamodb:putItem`), retried on transient errors; the item's values are Parameters. */
export function putItem(tableName: string, item: Readonly<Record<string, unknown>>, options: PutItemOptions): TaskState {
  return {
    Type: "Task",
    Resource: integration("dynamodb:putItem"),
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Parameters: { TableName: tableName, Item: item, ...(options.condition ? { ConditionExpression: options.condition } : {}) },
    ResultPath: null,
    Retry: retryOn("dynamodb"),
    Catch: [...options.catchers],
  };
}
