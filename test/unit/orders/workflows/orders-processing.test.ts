import aslValidator from "asl-validator";
import { ORDER_PROCESSED, ORDER_PROCESSING_SOURCE } from "../../../../orders/events/orders";
import { TaskState } from "../../../../modules/asl";
import { ORDER_FIELDS, ordersProcessingDefinition } from "../../../../orders/workflows/orders-processing";
import { allEnvironments, decodeJsonencode, resourcesOf, synthesizePlatform } from "../../../support/synth";

const definition = ordersProcessingDefinition({ statusTableName: "orders-dev-order-status", ordersBusName: "orders-dev-orders" });
const task = (name: string) => definition.States[name] as TaskState;

function expectValidAsl(candidate: unknown): void {
  const result = aslValidator(candidate, { checkPaths: true, checkArn: true });
  expect(result.errorsText()).toBe("");
  expect(result.isValid).toBe(true);
}

describe("OrdersProcessing definition", () => {
  it("is valid Amazon States Language", () => {
    expectValidAsl(definition);
  });

  it("is still valid ASL as synthesized for every environment (references in place)", () => {
    for (const [, config] of allEnvironments) {
      const [machine] = resourcesOf(synthesizePlatform(config), "aws_sfn_state_machine");
      expectValidAsl(decodeJsonencode(machine.definition));
    }
  });

  it("is rejected by the validator when broken, so the test above can fail", () => {
    expect(aslValidator({ ...definition, StartAt: "Nowhere" }).isValid).toBe(false);
  });

  it("records the status row first, then publishes OrderProcessed", () => {
    expect(definition.StartAt).toBe("RecordProcessed");
    expect(task("RecordProcessed")).toEqual(expect.objectContaining({ Resource: "arn:aws:states:::dynamodb:putItem", Next: "PublishOrderProcessed" }));
    expect(task("PublishOrderProcessed")).toEqual(expect.objectContaining({ Resource: "arn:aws:states:::events:putEvents", End: true }));
  });

  it("writes the order fields from the event envelope into the status row", () => {
    const item = (task("RecordProcessed").Parameters as any).Item;
    expect(item).toEqual(
      expect.objectContaining({
        orderId: { "S.$": ORDER_FIELDS.orderId },
        status: { S: "PROCESSED" },
        idempotencyKey: { "S.$": "$.detail.metadata.idempotency-key" },
        value: { "N.$": "States.Format('{}', $.detail.data.value)" },
      }),
    );
  });

  it("publishes an OrderProcessed event that keeps the idempotency key", () => {
    const [entry] = (task("PublishOrderProcessed").Parameters as any).Entries;
    expect(entry).toEqual(expect.objectContaining({ EventBusName: "orders-dev-orders", Source: ORDER_PROCESSING_SOURCE, DetailType: ORDER_PROCESSED }));
    expect(entry.Detail.metadata).toEqual({ "idempotency-key.$": ORDER_FIELDS.idempotencyKey });
    expect(entry.Detail.data.status).toBe("PROCESSED");
  });

  it("retries every task with exponential backoff and jitter", () => {
    for (const name of ["RecordProcessed", "PublishOrderProcessed", "RecordFailed"]) {
      const [retry] = task(name).Retry!;
      expect(retry).toEqual(expect.objectContaining({ BackoffRate: 2, JitterStrategy: "FULL" }));
      expect(retry.MaxAttempts).toBeGreaterThan(1);
    }
  });

  it("catches failures into a FAILED status row, then fails the execution", () => {
    for (const name of ["RecordProcessed", "PublishOrderProcessed"]) {
      expect(task(name).Catch).toEqual([{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "RecordFailed" }]);
    }
    expect((task("RecordFailed").Parameters as any).Item.status).toEqual({ S: "FAILED" });
    expect(task("RecordFailed").Next).toBe("OrderFailed");
    expect(definition.States.OrderFailed.Type).toBe("Fail");
  });
});
