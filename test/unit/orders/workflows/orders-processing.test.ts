import aslValidator from "asl-validator";
import { ServiceParameters, expectValidAsl, workflowPaths } from "../../../support/asl";
import { ChoiceState, PassState, StateMachineDefinition, TaskState } from "../../../../modules/asl";
import { FINAL_STATUSES, ORDER_PROCESSING_SOURCE, STATUS_EVENTS, STATUS_REASONS } from "../../../../orders/events/orders";
import { ORDER_STATUS_PATTERN } from "../../../../orders/events/order-status";
import { EU_LOCATION_PREFIX, EU_ORDERS_PATTERN } from "../../../../orders/events/patterns";
import { orderIntakeDefinition } from "../../../../orders/workflows/order-intake";
import { ORDER_FIELDS, ordersProcessingDefinition } from "../../../../orders/workflows/orders-processing";
import { STATUS_CONFLICT } from "../../../../orders/workflows/status-tasks";
import { allEnvironments, decodeJsonencode, resourcesOf, synthesizePlatform } from "../../../support/synth";

const targets = { statusTableName: "orders-dev-order-status", ordersBusName: "orders-dev-orders" };
const processing = ordersProcessingDefinition(targets);
const intake = orderIntakeDefinition(targets);
const stateOf = <T>(definition: StateMachineDefinition, name: string) => definition.States[name] as T;
const task = (name: string) => stateOf<TaskState>(processing, name);
const params = (state: TaskState) => state.Parameters as ServiceParameters;

/** The status each status write of a path sets, in order. */
const statusesAlong = (definition: StateMachineDefinition, path: string[]) =>
  path.flatMap((name) => {
    const values = (definition.States[name] as { readonly Parameters?: ServiceParameters }).Parameters?.ExpressionAttributeValues;
    return values?.[":status"] ? [values[":status"].S] : [];
  });

describe.each([
  ["OrdersProcessing", processing],
  ["OrderIntake", intake],
])("%s definition", (_, definition) => {
  it("is valid Amazon States Language", () => {
    expectValidAsl(definition);
  });

  it("is rejected by the validator when broken, so the test above can fail", () => {
    expect(aslValidator({ ...structuredClone(definition), StartAt: "Nowhere" }).isValid).toBe(false);
  });

  it("writes the status row by conditional UpdateItem, keyed by the event's order id, retried with backoff and jitter", () => {
    const writes = Object.values(definition.States).filter(
      (state): state is TaskState => state.Type === "Task" && state.Resource.endsWith("dynamodb:updateItem"),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) {
      expect(params(write).Key).toEqual({ orderId: { "S.$": ORDER_FIELDS.orderId } });
      expect(write.Retry![0]).toEqual(expect.objectContaining({ BackoffRate: 2, JitterStrategy: "FULL" }));
    }
  });

  it("refuses to overwrite the row of another order: every write that may find a row requires the event's idempotency key", () => {
    const writes = Object.values(definition.States).filter(
      (state): state is TaskState => state.Type === "Task" && state.Resource.endsWith("dynamodb:updateItem"),
    );
    for (const write of writes) {
      const { ConditionExpression, ExpressionAttributeValues, ExpressionAttributeNames } = params(write);
      expect(ExpressionAttributeValues[":idempotencyKey"]).toEqual({ "S.$": ORDER_FIELDS.idempotencyKey });
      expect(ExpressionAttributeNames["#idempotencyKey"]).toBe("idempotencyKey");
      if (ConditionExpression === "attribute_not_exists(orderId)") continue;
      expect(ConditionExpression).toMatch(/^attribute_not_exists\(orderId\) OR \(?#idempotencyKey = :idempotencyKey( AND |$)/);
    }
  });

  it("announces only final statuses, each with its own event type and a reason that event may carry", () => {
    const publishes = Object.values(definition.States).filter(
      (state): state is TaskState => state.Type === "Task" && state.Resource.endsWith("events:putEvents"),
    );
    for (const publish of publishes) {
      const [entry] = params(publish).Entries;
      const status = entry.Detail.data.status as (typeof FINAL_STATUSES)[number];
      expect(FINAL_STATUSES).toContain(status);
      expect(entry).toEqual(
        expect.objectContaining({ EventBusName: targets.ordersBusName, Source: ORDER_PROCESSING_SOURCE, DetailType: STATUS_EVENTS[status].detailType }),
      );
      expect(entry.Detail.metadata).toEqual({ "idempotency-key.$": ORDER_FIELDS.idempotencyKey });
      if (entry.Detail.data.reason) expect(STATUS_EVENTS[status].reasons).toContain(entry.Detail.data.reason);
      expect(ORDER_STATUS_PATTERN["detail-type"]).toContain(entry.DetailType);
    }
  });
});

describe("OrdersProcessing", () => {
  it("is still valid ASL as synthesized for every environment (references in place), as is every other workflow of the stack", () => {
    for (const [, config] of allEnvironments) {
      const machines = resourcesOf(synthesizePlatform(config), "aws_sfn_state_machine");
      expect(machines.map((machine) => machine.name)).toEqual(
        expect.arrayContaining([`${config.namePrefix}-order-intake`, `${config.namePrefix}-orders-processing`]),
      );
      for (const machine of machines) expectValidAsl(decodeJsonencode(machine.definition));
    }
  });

  it("checks the order before anything is written: a positive value, category, location and idempotency key", () => {
    expect(processing.StartAt).toBe("CheckOrder");
    const check = stateOf<ChoiceState>(processing, "CheckOrder");
    expect(check.Default).toBe("InvalidOrder");
    const rules = (check.Choices[0] as { readonly And: readonly { readonly Variable?: string }[] }).And;
    // Every field is tested for presence before its type or value, so an absent one is INVALID_ORDER, not a runtime error.
    for (const field of [ORDER_FIELDS.value, ORDER_FIELDS.category, ORDER_FIELDS.location, ORDER_FIELDS.idempotencyKey]) {
      const first = rules.findIndex((rule) => rule.Variable === field);
      expect(rules[first]).toEqual({ Variable: field, IsPresent: true });
    }
    expect(rules).toContainEqual({ Variable: ORDER_FIELDS.value, NumericGreaterThan: 0 });
    expect(stateOf<PassState>(processing, "InvalidOrder").Result).toEqual(expect.objectContaining({ reason: "INVALID_ORDER" }));
  });

  it("moves an order RECEIVED -> PROCESSING -> PROCESSED, then publishes OrderProcessed", () => {
    const happy = workflowPaths(processing).find((path) => path.at(-1) === "PublishOrderProcessed")!;
    expect(happy).toEqual(["CheckOrder", "RecordProcessing", "RecordProcessed", "PublishOrderProcessed"]);
    expect(statusesAlong(processing, happy)).toEqual(["PROCESSING", "PROCESSED"]);
    expect(params(task("RecordProcessing")).ConditionExpression).toBe(
      "attribute_not_exists(orderId) OR (#idempotencyKey = :idempotencyKey AND #status IN (:wasRECEIVED, :wasPROCESSING, :wasFAILED))",
    );
    expect(params(task("RecordProcessed")).ConditionExpression).toBe(
      "attribute_not_exists(orderId) OR (#idempotencyKey = :idempotencyKey AND #status IN (:wasPROCESSING))",
    );
  });

  it("writes the order fields from the event envelope with PROCESSING, and clears an earlier failure", () => {
    const write = params(task("RecordProcessing"));
    expect(write.ExpressionAttributeValues).toEqual(
      expect.objectContaining({
        ":idempotencyKey": { "S.$": "$.detail.metadata.idempotency-key" },
        ":value": { "N.$": "States.Format('{}', $.detail.data.value)" },
        ":location": { "S.$": ORDER_FIELDS.location },
      }),
    );
    expect(write.UpdateExpression).toMatch(/ REMOVE #reason, #error, #cause$/);
  });

  it("ends without a second announcement when the row is already past PROCESSING (a redelivery or replay)", () => {
    for (const name of ["RecordProcessing", "RecordProcessed"]) {
      expect(task(name).Catch![0]).toEqual({ ErrorEquals: [STATUS_CONFLICT], ResultPath: null, Next: "AlreadyProcessed" });
    }
    expect(processing.States.AlreadyProcessed.Type).toBe("Succeed");
  });

  it("records and announces every failure as FAILED with the client's reason, then fails the execution", () => {
    const failing = workflowPaths(processing).filter((path) => path.at(-1) === "OrderFailed");
    expect(failing.length).toBeGreaterThan(0);
    for (const path of failing) {
      expect(path).toContain("RecordFailed");
      expect(path.some((name) => name === "InvalidOrder" || name === "ProcessingError")).toBe(true);
    }
    expect(params(task("RecordFailed")).ExpressionAttributeValues).toEqual(
      expect.objectContaining({ ":status": { S: "FAILED" }, ":reason": { "S.$": "$.failure.reason" }, ":cause": { "S.$": "$.failure.cause" } }),
    );
    const [entry] = params(task("PublishOrderFailed")).Entries;
    expect(entry.Detail.data).toEqual(expect.objectContaining({ status: "FAILED", "reason.$": "$.failure.reason" }));
    expect(stateOf<PassState>(processing, "ProcessingError").Parameters).toEqual(expect.objectContaining({ reason: "PROCESSING_ERROR" }));
    expect(processing.States.OrderFailed).toEqual({ Type: "Fail", Error: "OrderProcessingFailed", CausePath: "$.failure.cause" });
  });

  it("catches every failure of the happy path into the failure path", () => {
    for (const name of ["RecordProcessing", "RecordProcessed", "PublishOrderProcessed"]) {
      expect(task(name).Catch!.at(-1)).toEqual({ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "ProcessingError" });
    }
  });
});

describe("OrderIntake", () => {
  it("records every order RECEIVED, only if it has no row yet", () => {
    expect(intake.StartAt).toBe("RecordReceived");
    const write = params(stateOf<TaskState>(intake, "RecordReceived"));
    expect(write.ConditionExpression).toBe("attribute_not_exists(orderId)");
    expect(write.ExpressionAttributeValues[":status"]).toEqual({ S: "RECEIVED" });
  });

  it("leaves EU orders to OrdersProcessing, by the prefix EUOrdersRule matches", () => {
    const served = stateOf<ChoiceState>(intake, "IsServed");
    expect(served.Choices).toEqual([{ Variable: ORDER_FIELDS.location, StringMatches: `${EU_LOCATION_PREFIX}*`, Next: "Served" }]);
    expect(EU_ORDERS_PATTERN.detail).toEqual({ data: { location: [{ prefix: EU_LOCATION_PREFIX }] } });
  });

  it("rejects the others: REJECTED with LOCATION_NOT_SERVED, announced with OrderRejected", () => {
    const rejected = workflowPaths(intake).find((path) => path.at(-1) === "PublishOrderRejected")!;
    expect(statusesAlong(intake, rejected)).toEqual(["RECEIVED", "REJECTED"]);
    expect(params(stateOf<TaskState>(intake, "RecordRejected")).ExpressionAttributeValues[":reason"]).toEqual({ S: "LOCATION_NOT_SERVED" });
    expect(STATUS_REASONS.LOCATION_NOT_SERVED).toContain(`${EU_LOCATION_PREFIX}*`);
  });
});
