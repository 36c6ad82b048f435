import type { EventPattern } from "../../modules/event-pattern";
import { InputTransformer, inputTransformer, jsonOf, textOf } from "../../modules/input-transformer";
import { ORDER_PROCESSED, ORDER_PROCESSING_SOURCE, OrderStatus } from "./orders";

/**
 * Status events: what clients are told about. Today OrdersProcessing announces PROCESSED;
 * a new status event type joins by being added here, and every channel picks it up.
 */
export const ORDER_STATUS_PATTERN: EventPattern = {
  source: [ORDER_PROCESSING_SOURCE],
  "detail-type": [ORDER_PROCESSED],
};

export const ORDER_STATUS_MESSAGE_TYPE = "order.status";

/** The body every webhook subscriber receives (the promise made to clients). */
export interface OrderStatusMessage {
  readonly type: typeof ORDER_STATUS_MESSAGE_TYPE;
  readonly orderId: string;
  readonly status: OrderStatus;
  /** When the status changed (the status event's time), ISO 8601. */
  readonly occurredAt: string;
  /** The status event's id: the same on a redelivery, so receivers can deduplicate. */
  readonly eventId: string;
  readonly order: { readonly category: string; readonly value: number; readonly location: string };
}

/** Turns a status event into an OrderStatusMessage, in EventBridge, before SNS sees it. */
export const orderStatusMessageTransformer: InputTransformer = inputTransformer({
  type: ORDER_STATUS_MESSAGE_TYPE,
  orderId: textOf("$.detail.data.order-id"),
  status: textOf("$.detail.data.status"),
  occurredAt: textOf("$.time"),
  eventId: textOf("$.id"),
  order: {
    category: textOf("$.detail.data.category"),
    value: jsonOf("$.detail.data.value"),
    location: textOf("$.detail.data.location"),
  },
});
