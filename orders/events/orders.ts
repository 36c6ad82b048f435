/**
 * The order platform's event contract, defined once: used by the InventoryFunction, the
 * OrdersProcessing state machine's input paths, the rule patterns and the tests.
 * The platform's event envelope (`detail.metadata.idempotency-key`, `detail.data`) around the order fields.
 */

export const ORDER_SOURCE = "com.orders";
export const ORDER_PROCESSING_SOURCE = "com.orders.processing";
export const ORDER_PLACED = "OrderPlaced";
export const ORDER_PROCESSED = "OrderProcessed";
export const ORDER_FAILED = "OrderFailed";
export const ORDER_REJECTED = "OrderRejected";

/** What Lambda puts on a destination bus after a successful asynchronous invocation. */
export const LAMBDA_SOURCE = "lambda";
export const LAMBDA_SUCCESS = "Lambda Function Invocation Result - Success";

export interface EventMetadata {
  /** Same key on every redelivery of one business event; consumers deduplicate on it. */
  readonly "idempotency-key": string;
}

/** An order as placed by a client: category, value, location, optional OrderDetails. */
export interface OrderData {
  readonly "order-id": string;
  readonly category: string;
  readonly value: number;
  /** Lowercase region-like code, e.g. `eu-west`, `us-east`. EU orders start with `eu-`. */
  readonly location: string;
  readonly OrderDetails?: string;
}

export interface OrderPlacedDetail {
  readonly metadata: EventMetadata;
  readonly data: OrderData;
}

/**
 * Every status an order can have, in the order an order moves through them. RECEIVED is written
 * when the order reaches the bus, PROCESSING when OrdersProcessing starts on it; the last three
 * are final and announced (docs/order-status.md).
 */
export const ORDER_STATUSES = ["RECEIVED", "PROCESSING", "PROCESSED", "FAILED", "REJECTED"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** What each status tells a client, and who writes it. */
export const STATUS_MEANINGS: Readonly<Record<OrderStatus, string>> = {
  RECEIVED: "On the Orders bus and recorded, by OrderIntake.",
  PROCESSING: "OrdersProcessing has started on it.",
  PROCESSED: "Final. Processed by OrdersProcessing; inventory is reserved next.",
  FAILED: "Final. Not processed; the reason says whether the order or the platform is at fault.",
  REJECTED: "Final. Not an order this platform processes (OrderIntake decides).",
};

export const FINAL_STATUSES = ["PROCESSED", "FAILED", "REJECTED"] as const satisfies readonly OrderStatus[];
export type FinalStatus = (typeof FINAL_STATUSES)[number];

/**
 * Why an order has its final status: what a client may see and act on. The internal error and
 * cause stay in the status row for operators.
 */
export const STATUS_REASONS = {
  COMPLETED: "The order was processed.",
  INVALID_ORDER: "The order is invalid: its value must be a positive number and category and location must be set.",
  PROCESSING_ERROR: "The order could not be processed. Contact support with the order id.",
  LOCATION_NOT_SERVED: "Orders from this location are not processed by this platform: only EU locations (eu-*) are.",
} as const;
export type StatusReason = keyof typeof STATUS_REASONS;

/** The event that announces each final status, and the reasons it may carry. */
export const STATUS_EVENTS = {
  PROCESSED: { detailType: ORDER_PROCESSED, reasons: ["COMPLETED"] },
  FAILED: { detailType: ORDER_FAILED, reasons: ["INVALID_ORDER", "PROCESSING_ERROR"] },
  REJECTED: { detailType: ORDER_REJECTED, reasons: ["LOCATION_NOT_SERVED"] },
} as const satisfies Record<FinalStatus, { readonly detailType: string; readonly reasons: readonly StatusReason[] }>;

export type StatusEventType = (typeof STATUS_EVENTS)[FinalStatus]["detailType"];

/** The detail of a status event: the order as placed, its final status and why. */
export interface OrderStatusDetail<TStatus extends FinalStatus = FinalStatus> {
  readonly metadata: EventMetadata;
  readonly data: OrderData & { readonly status: TStatus; readonly reason: (typeof STATUS_EVENTS)[TStatus]["reasons"][number] };
}

export type OrderProcessedDetail = OrderStatusDetail<"PROCESSED">;

/** The EventBridge envelope around a detail. */
export interface EventEnvelope<TDetailType extends string, TDetail> {
  readonly version: "0";
  readonly id: string;
  readonly "detail-type": TDetailType;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: TDetail;
}

export type OrderPlacedEvent = EventEnvelope<typeof ORDER_PLACED, OrderPlacedDetail>;
export type OrderProcessedEvent = EventEnvelope<typeof ORDER_PROCESSED, OrderProcessedDetail>;
export type OrderStatusEvent = EventEnvelope<StatusEventType, OrderStatusDetail>;

/** What InventoryFunction returns: the `responsePayload` of its execution record. */
export interface InventoryReservation {
  readonly orderId: string;
  readonly idempotencyKey: string;
  readonly category: string;
  readonly value: number;
  readonly location: string;
  readonly reservedAt: string;
}

/**
 * The execution record Lambda sends to the on-success destination (the Inventory bus), as the
 * `detail` of a `Lambda Function Invocation Result - Success` event.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export interface ExecutionRecord<TRequest, TResponse> {
  readonly version: "1.0";
  readonly timestamp: string;
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: "Success" | "RetriesExhausted" | "EventAgeExceeded";
    readonly approximateInvokeCount: number;
  };
  readonly requestPayload: TRequest;
  readonly responseContext: { readonly statusCode: number; readonly executedVersion: string };
  readonly responsePayload: TResponse;
}

export type InventoryExecutionRecord = ExecutionRecord<OrderProcessedEvent, InventoryReservation>;
