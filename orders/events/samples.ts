import {
  FinalStatus,
  ORDER_PLACED,
  ORDER_PROCESSING_SOURCE,
  ORDER_SOURCE,
  OrderData,
  OrderPlacedDetail,
  OrderPlacedEvent,
  OrderProcessedEvent,
  OrderStatusDetail,
  STATUS_EVENTS,
} from "./orders";

/** The order flow's sample orders, verbatim, as the `data` a client sends. */
export const SEED_ORDERS = {
  labSupplies: { category: "lab-supplies", value: 415, location: "eu-west" },
  officeSupplies: { category: "office-supplies", value: 300, location: "eu-west" },
  completedOrder: { category: "office-supplies", value: 1200, location: "eu-west", OrderDetails: "completed" },
} as const;

export function orderPlacedDetail(order: Omit<OrderData, "order-id">, orderId: string, idempotencyKey = `key-${orderId}`): OrderPlacedDetail {
  return { metadata: { "idempotency-key": idempotencyKey }, data: { "order-id": orderId, ...order } };
}

/** A full envelope as EventBridge delivers it to targets. */
export function orderPlacedEvent(detail: OrderPlacedDetail, overrides: Partial<Omit<OrderPlacedEvent, "detail">> = {}): OrderPlacedEvent {
  return {
    version: "0",
    id: `event-${detail.data["order-id"]}`,
    "detail-type": ORDER_PLACED,
    source: ORDER_SOURCE,
    account: "123456789012",
    time: "2026-11-22T12:00:00Z",
    region: "us-east-1",
    resources: [],
    detail,
    ...overrides,
  };
}

/** The OrderProcessed event OrdersProcessing publishes for a placed order, as targets receive it. */
export function orderProcessedEvent(placed: OrderPlacedDetail, overrides: Partial<Omit<OrderProcessedEvent, "detail">> = {}): OrderProcessedEvent {
  return orderStatusEvent(placed, "PROCESSED", "COMPLETED", overrides) as OrderProcessedEvent;
}

/** The status event announcing a final status of a placed order, as targets receive it. */
export function orderStatusEvent<TStatus extends FinalStatus>(
  placed: OrderPlacedDetail,
  status: TStatus,
  reason: OrderStatusDetail<TStatus>["data"]["reason"],
  overrides: Partial<Omit<OrderProcessedEvent, "detail">> = {},
) {
  return {
    version: "0" as const,
    id: `${status.toLowerCase()}-${placed.data["order-id"]}`,
    "detail-type": STATUS_EVENTS[status].detailType,
    source: ORDER_PROCESSING_SOURCE,
    account: "123456789012",
    time: "2026-11-22T12:00:05Z",
    region: "us-east-1",
    resources: [] as string[],
    detail: { metadata: placed.metadata, data: { ...placed.data, status, reason } },
    ...overrides,
  };
}
