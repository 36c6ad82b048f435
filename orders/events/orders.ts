/**
 * The order platform's event contract, defined once: used by the InventoryFunction, the
 * OrdersProcessing state machine's input paths, the rule patterns and the tests.
 * The platform's event envelope (`detail.metadata.idempotency-key`, `detail.data`) around the order fields.
 */

export const ORDER_SOURCE = "com.orders";
export const ORDER_PROCESSING_SOURCE = "com.orders.processing";
export const ORDER_PLACED = "OrderPlaced";
export const ORDER_PROCESSED = "OrderProcessed";

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

export type OrderStatus = "PROCESSING" | "PROCESSED" | "FAILED";

export interface OrderProcessedDetail {
  readonly metadata: EventMetadata;
  readonly data: OrderData & { readonly status: "PROCESSED" };
}

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
