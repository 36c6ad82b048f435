import { orderStatusMessageTransformer, OrderStatusMessage } from "../../../orders/events/order-status";
import { SEED_ORDERS, orderPlacedDetail, orderProcessedEvent } from "../../../orders/events/samples";
import { MAX_INPUT_PATHS, inputTransformer, jsonOf, textOf } from "../../../modules/input-transformer";
import { applyTransformer } from "../../support/input-transformer";

describe("input transformers", () => {
  it("quotes text placeholders and inserts JSON placeholders bare", () => {
    const transformer = inputTransformer({ id: textOf("$.id"), count: jsonOf("$.detail.count"), fixed: "x" });
    expect(transformer).toEqual({
      inputPaths: { id: "$.id", count: "$.detail.count" },
      inputTemplate: '{"id":"<id>","count":<count>,"fixed":"x"}',
    });
  });

  it("names nested fields after their position", () => {
    const transformer = inputTransformer({ input: { orderId: textOf("$.detail.data.order-id") } });
    expect(transformer.inputPaths).toEqual({ input_orderId: "$.detail.data.order-id" });
    expect(transformer.inputTemplate).toBe('{"input":{"orderId":"<input_orderId>"}}');
  });

  it(`refuses more than ${MAX_INPUT_PATHS} event fields`, () => {
    const shape = Object.fromEntries(Array.from({ length: MAX_INPUT_PATHS + 1 }, (_, i) => [`f${i}`, textOf(`$.detail.f${i}`)]));
    expect(() => inputTransformer(shape)).toThrow(/uses 101 event fields; allowed: at most 100/);
  });

  it("turns an OrderProcessed event into the webhook message clients are promised", () => {
    const event = orderProcessedEvent(orderPlacedDetail(SEED_ORDERS.labSupplies, "order-1"));
    const expected: OrderStatusMessage = {
      type: "order.status",
      orderId: "order-1",
      status: "PROCESSED",
      reason: "COMPLETED",
      occurredAt: event.time,
      eventId: event.id,
      order: { category: "lab-supplies", value: 415, location: "eu-west" },
    };
    expect(applyTransformer(orderStatusMessageTransformer, event)).toEqual(expected);
  });
});
