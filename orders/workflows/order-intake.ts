import { StateMachineDefinition } from "../../modules/asl";
import { EU_LOCATION_PREFIX } from "../events/patterns";
import { ORDER_FIELDS, OrderWorkflowTargets, STATUS_CONFLICT, publishStatus, recordStatus } from "./status-tasks";

/**
 * OrderIntake, started by OrdersReceivedRule for every OrderPlaced event, so that every accepted
 * order has a status a client can poll within seconds:
 * 1. RecordReceived: a new status row, RECEIVED. A row that exists (OrdersProcessing got there
 *    first, or this is a redelivery) is left alone and the execution ends.
 * 2. IsServed: EU orders are OrdersProcessing's (EUOrdersRule matches the same prefix); the rest
 *    are REJECTED with LOCATION_NOT_SERVED and announced with OrderRejected.
 */
export function orderIntakeDefinition(targets: OrderWorkflowTargets): StateMachineDefinition {
  const { statusTableName: table, ordersBusName: bus } = targets;
  return {
    Comment: "Records every placed order as RECEIVED; rejects orders from locations this platform does not serve",
    StartAt: "RecordReceived",
    TimeoutSeconds: 120,
    States: {
      RecordReceived: {
        ...recordStatus(table, {
          status: "RECEIVED",
          replaces: "no-row",
          withOrder: true,
          catch: [{ ErrorEquals: [STATUS_CONFLICT], ResultPath: null, Next: "AlreadyRecorded" }],
        }),
        Next: "IsServed",
      },
      AlreadyRecorded: { Type: "Succeed", Comment: "The order already has a status row" },
      IsServed: {
        Type: "Choice",
        Choices: [{ Variable: ORDER_FIELDS.location, StringMatches: `${EU_LOCATION_PREFIX}*`, Next: "Served" }],
        Default: "RecordRejected",
      },
      Served: { Type: "Succeed", Comment: "OrdersProcessing takes it from here" },
      RecordRejected: {
        ...recordStatus(table, {
          status: "REJECTED",
          replaces: ["RECEIVED"],
          fixed: { reason: "LOCATION_NOT_SERVED" },
          catch: [{ ErrorEquals: [STATUS_CONFLICT], ResultPath: null, Next: "AlreadyRecorded" }],
        }),
        Next: "PublishOrderRejected",
      },
      PublishOrderRejected: { ...publishStatus(bus, "REJECTED", { fixed: "LOCATION_NOT_SERVED" }), End: true },
    },
  };
}
