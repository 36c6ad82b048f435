import type { EventPattern } from "../../modules/event-pattern";
import { InputTransformer, inputTransformer, jsonOf, textOf } from "../../modules/input-transformer";
import { FINAL_STATUSES, FinalStatus, ORDER_PROCESSING_SOURCE, STATUS_EVENTS, StatusReason } from "./orders";

/**
 * Status events: what webhook and real-time clients are told about. Every final status has its
 * event (events/orders.ts, STATUS_EVENTS); a new one joins there, and every channel picks it up.
 */
export const ORDER_STATUS_PATTERN: EventPattern = {
  source: [ORDER_PROCESSING_SOURCE],
  "detail-type": FINAL_STATUSES.map((status) => STATUS_EVENTS[status].detailType),
};

export const ORDER_STATUS_MESSAGE_TYPE = "order.status";

/** The body every webhook subscriber receives (the promise made to clients). */
export interface OrderStatusMessage {
  readonly type: typeof ORDER_STATUS_MESSAGE_TYPE;
  readonly orderId: string;
  readonly status: FinalStatus;
  /** Why the order has this status, as a client may see it (docs/order-status.md). */
  readonly reason: StatusReason;
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
  reason: textOf("$.detail.data.reason"),
  occurredAt: textOf("$.time"),
  eventId: textOf("$.id"),
  order: {
    category: textOf("$.detail.data.category"),
    value: jsonOf("$.detail.data.value"),
    location: textOf("$.detail.data.location"),
  },
});
