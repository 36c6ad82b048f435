import type { EventPattern } from "../../modules/event-pattern";
import { LAMBDA_SOURCE, LAMBDA_SUCCESS, ORDER_PLACED, ORDER_PROCESSED, ORDER_PROCESSING_SOURCE, ORDER_SOURCE } from "./orders";

/**
 * The rule patterns of the order flow, next to the events they match, so tests evaluate exactly
 * what is deployed. Locations are lowercase codes; `EU-WEST` is deliberately not an EU order.
 */

/** What every EU location code starts with; OrderIntake rejects the others with the same test. */
export const EU_LOCATION_PREFIX = "eu-";

/** OrdersReceivedRule: every new order, whatever its location. */
export const ORDERS_PLACED_PATTERN: EventPattern = {
  source: [ORDER_SOURCE],
  "detail-type": [ORDER_PLACED],
};

/** EUOrdersRule: new orders from any EU location (`eu-west`, `eu-central`, ...). */
export const EU_ORDERS_PATTERN: EventPattern = {
  ...ORDERS_PLACED_PATTERN,
  detail: { data: { location: [{ prefix: EU_LOCATION_PREFIX }] } },
};

/** OrderProcessingRule: what OrdersProcessing publishes when it is done. */
export const ORDER_PROCESSED_PATTERN: EventPattern = {
  source: [ORDER_PROCESSING_SOURCE],
  "detail-type": [ORDER_PROCESSED],
};

/** InventoryDevRule: successful execution records of one function (its ARN, any version). */
export function inventoryRecordsPattern(functionArn: string): EventPattern {
  return {
    source: [LAMBDA_SOURCE],
    "detail-type": [LAMBDA_SUCCESS],
    resources: [{ prefix: functionArn }],
  };
}
