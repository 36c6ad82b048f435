import { STATUS_REASONS, StatusReason } from "../events/orders";
import { ChoiceRule, StateMachineDefinition, presentAs } from "../../modules/asl";
import { FAILURE_PATH, ORDER_FIELDS, OrderWorkflowTargets, STATUS_CONFLICT, publishStatus, recordStatus } from "./status-tasks";

export { ORDER_FIELDS };

const catchInto = (next: string) => [
  { ErrorEquals: [STATUS_CONFLICT], ResultPath: null, Next: "AlreadyProcessed" },
  { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: next },
];

/** What an order needs to be processed; anything else is INVALID_ORDER. */
export const VALID_ORDER: ChoiceRule = {
  And: [
    ...presentAs(ORDER_FIELDS.value, { IsNumeric: true }),
    { Variable: ORDER_FIELDS.value, NumericGreaterThan: 0 },
    ...presentAs(ORDER_FIELDS.category, { IsString: true }),
    ...presentAs(ORDER_FIELDS.location, { IsString: true }),
    ...presentAs(ORDER_FIELDS.idempotencyKey, { IsString: true }),
  ],
};

const failure = (reason: StatusReason, error: string, cause: string) => ({ reason, error, cause });

/**
 * OrdersProcessing, started by EUOrdersRule with the OrderPlaced event as input:
 * 1. CheckOrder: other producers may put events on the bus without the API's validation, so an
 *    order whose value is not a positive number, or without category or location, fails as
 *    INVALID_ORDER.
 * 2. RecordProcessing, RecordProcessed: the status row the polling API reads. A row already
 *    PROCESSED (a redelivery, a replay) ends the execution without a second announcement; a
 *    FAILED one may be processed again (a replay after an outage).
 * 3. PublishOrderProcessed: the OrderProcessed event on the Orders bus.
 * Any failure after retries: RecordFailed (status FAILED, the client's reason, the internal error
 * and cause for operators), PublishOrderFailed (OrderFailed on the bus), then the execution fails.
 */
export function ordersProcessingDefinition(targets: OrderWorkflowTargets): StateMachineDefinition {
  const { statusTableName: table, ordersBusName: bus } = targets;
  return {
    Comment: "Processes an EU order: status PROCESSING, then PROCESSED and OrderProcessed, or FAILED and OrderFailed",
    StartAt: "CheckOrder",
    TimeoutSeconds: 300,
    States: {
      CheckOrder: {
        Type: "Choice",
        Choices: [{ ...VALID_ORDER, Next: "RecordProcessing" }],
        Default: "InvalidOrder",
      },
      InvalidOrder: {
        Type: "Pass",
        Result: failure("INVALID_ORDER", "InvalidOrder", STATUS_REASONS.INVALID_ORDER),
        ResultPath: FAILURE_PATH,
        Next: "RecordFailed",
      },
      RecordProcessing: {
        ...recordStatus(table, {
          status: "PROCESSING",
          replaces: ["RECEIVED", "PROCESSING", "FAILED"],
          withOrder: true,
          removes: ["reason", "error", "cause"],
          catch: catchInto("ProcessingError"),
        }),
        Next: "RecordProcessed",
      },
      RecordProcessed: {
        ...recordStatus(table, { status: "PROCESSED", replaces: ["PROCESSING"], fixed: { reason: "COMPLETED" }, catch: catchInto("ProcessingError") }),
        Next: "PublishOrderProcessed",
      },
      PublishOrderProcessed: {
        ...publishStatus(bus, "PROCESSED", { fixed: "COMPLETED" }),
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "ProcessingError" }],
        End: true,
      },
      AlreadyProcessed: { Type: "Succeed", Comment: "The order was processed by an earlier delivery of its event" },
      ProcessingError: {
        Type: "Pass",
        Parameters: { reason: "PROCESSING_ERROR" satisfies StatusReason, "error.$": "$.error.Error", "cause.$": "$.error.Cause" },
        ResultPath: FAILURE_PATH,
        Next: "RecordFailed",
      },
      RecordFailed: {
        ...recordStatus(table, {
          status: "FAILED",
          details: { reason: `${FAILURE_PATH}.reason`, error: `${FAILURE_PATH}.error`, cause: `${FAILURE_PATH}.cause` },
          catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "OrderFailed" }],
        }),
        Next: "PublishOrderFailed",
      },
      PublishOrderFailed: {
        ...publishStatus(bus, "FAILED", { path: `${FAILURE_PATH}.reason` }),
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "OrderFailed" }],
        Next: "OrderFailed",
      },
      OrderFailed: { Type: "Fail", Error: "OrderProcessingFailed", CausePath: `${FAILURE_PATH}.cause` },
    },
  };
}
