import { IdempotencyConfig, makeIdempotent } from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";
import type { Context } from "aws-lambda";
// Namespace import, not `{ z }`: esbuild then drops the unused parts of zod (all of its locales
// among them): about 350 KB less minified bundle (measured with esbuild 0.28, zod 4.6.7).
import * as z from "zod";
import { InventoryReservation, ORDER_PROCESSED, ORDER_PROCESSING_SOURCE, OrderProcessedEvent } from "../../events/orders";

/**
 * InventoryFunction: reserves inventory for an `OrderProcessed` event, once per idempotency key.
 * Invoked asynchronously by OrderProcessingRule; what it returns becomes the `responsePayload` of
 * the execution record Lambda puts on the Inventory bus, and what it throws is retried by Lambda
 * and finally sent to the on-failure DLQ.
 */

/** Where Powertools finds the key; quoted because JMESPath identifiers cannot contain `-`. */
export const IDEMPOTENCY_KEY_PATH = 'detail.metadata."idempotency-key"';
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 3600;

const nonEmptyString = z.string().min(1);

/** `OrderProcessedEvent` as OrderProcessingRule delivers it. Unknown fields are dropped, not refused:
 * EventBridge adds some (e.g. `replay-name` on archive replays). */
export const orderProcessedEventSchema = z.object({
  version: z.literal("0"),
  id: nonEmptyString,
  "detail-type": z.literal(ORDER_PROCESSED),
  source: z.literal(ORDER_PROCESSING_SOURCE),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.object({
    metadata: z.object({ "idempotency-key": nonEmptyString }),
    data: z.object({
      "order-id": nonEmptyString,
      category: nonEmptyString,
      value: z.number(),
      location: nonEmptyString,
      OrderDetails: z.string().optional(),
      status: z.literal("PROCESSED"),
      // Events archived before status reasons existed have none; a replay of them still counts.
      reason: z.literal("COMPLETED").default("COMPLETED"),
    }),
  }),
}) satisfies z.ZodType<OrderProcessedEvent>;

/** Thrown for an event that does not match the contract; `fields` are the offending paths. */
export class InvalidOrderProcessedEventError extends Error {
  readonly fields: readonly string[];

  constructor(issues: readonly z.core.$ZodIssue[]) {
    super(`Invalid ${ORDER_PROCESSED} event: ${describeIssues(issues)}`);
    this.name = "InvalidOrderProcessedEventError";
    this.fields = issues.map(fieldOf);
  }
}

function fieldOf(issue: z.core.$ZodIssue): string {
  return issue.path.length === 0 ? "(event)" : issue.path.map(String).join(".");
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${fieldOf(issue)}: ${issue.message}`).join("; ");
}

export function parseOrderProcessedEvent(event: unknown): OrderProcessedEvent {
  const result = orderProcessedEventSchema.safeParse(event);
  if (!result.success) throw new InvalidOrderProcessedEventError(result.error.issues);
  return result.data;
}

/** The core: pure, so it is tested without Lambda, clock or store. */
export function reserveInventory(event: OrderProcessedEvent, now: Date): InventoryReservation {
  const { metadata, data } = event.detail;
  return {
    orderId: data["order-id"],
    idempotencyKey: metadata["idempotency-key"],
    category: data.category,
    value: data.value,
    location: data.location,
    reservedAt: now.toISOString(),
  };
}

export type Clock = () => Date;
export type InventoryHandler = (event: unknown, context: Context) => Promise<InventoryReservation>;

export interface InventoryHandlerOptions {
  /** Where idempotency records live: DynamoDB in Lambda, in memory in tests. */
  readonly persistenceStore: BasePersistenceLayer;
  readonly clock?: Clock;
  /** How long a completed key suppresses redeliveries; after that the same key is processed again. */
  readonly expiresAfterSeconds?: number;
}

export function createHandler({
  persistenceStore,
  clock = () => new Date(),
  expiresAfterSeconds = DEFAULT_IDEMPOTENCY_TTL_SECONDS,
}: InventoryHandlerOptions): InventoryHandler {
  const reserveOnce = makeIdempotent(
    // `context` is unused here but must be the second parameter: Powertools then registers it and
    // bounds the in-progress lock by the invocation's remaining time, so a timed-out attempt
    // does not block Lambda's retry.
    async (event: OrderProcessedEvent, _context: Context): Promise<InventoryReservation> => {
      const reservation = reserveInventory(event, clock());
      logInfo("inventory reserved", { orderId: reservation.orderId, idempotencyKey: reservation.idempotencyKey });
      return reservation;
    },
    {
      persistenceStore,
      config: new IdempotencyConfig({
        eventKeyJmesPath: IDEMPOTENCY_KEY_PATH,
        // A key reused for a different order is a producer bug: fail loudly (it lands in the DLQ)
        // instead of answering with the other order's reservation.
        payloadValidationJmesPath: "detail.data",
        throwOnNoIdempotencyKey: true,
        expiresAfterSeconds,
        responseHook: (storedReservation, record) => {
          logInfo("duplicate delivery, returning the stored reservation", { recordId: record.idempotencyKey });
          return storedReservation;
        },
      }),
    },
  );
  // Validation runs before the idempotent section: a malformed event never writes a record (so a
  // corrected redelivery with the same key is processed normally) and never costs a DynamoDB call,
  // and the error names the contract's fields instead of Powertools' "no idempotency key".
  // The thrown error is logged by the Lambda runtime; the DLQ keeps the payload.
  return async (event, context) => reserveOnce(parseOrderProcessedEvent(event), context);
}

export interface IdempotencySettings {
  readonly tableName: string;
  readonly expiresAfterSeconds: number;
}

const idempotencyEnvironmentSchema = z.object({
  IDEMPOTENCY_TABLE_NAME: nonEmptyString,
  IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().positive().default(DEFAULT_IDEMPOTENCY_TTL_SECONDS),
});

export function readIdempotencySettings(env: NodeJS.ProcessEnv): IdempotencySettings {
  const result = idempotencyEnvironmentSchema.safeParse(env);
  if (!result.success) throw new Error(`Invalid InventoryFunction environment: ${describeIssues(result.error.issues)}`);
  return { tableName: result.data.IDEMPOTENCY_TABLE_NAME, expiresAfterSeconds: result.data.IDEMPOTENCY_TTL_SECONDS };
}

let productionHandler: InventoryHandler | undefined;

/**
 * The Lambda entry point. Built on the first invocation, not at import: importing this module
 * (tests, tooling) needs neither the environment nor AWS credentials, and a missing variable
 * fails the invocation with a message naming it (retried, then dead-lettered) instead of an
 * opaque init error. The cost is one DynamoDB client construction inside the first invocation.
 */
export const handler: InventoryHandler = async (event, context) => {
  productionHandler ??= createProductionHandler();
  return productionHandler(event, context);
};

function createProductionHandler(): InventoryHandler {
  const { tableName, expiresAfterSeconds } = readIdempotencySettings(process.env);
  // Defaults match the idempotency table: partition key `id`, TTL attribute `expiration`.
  return createHandler({ persistenceStore: new DynamoDBPersistenceLayer({ tableName }), expiresAfterSeconds });
}

/** One JSON line per entry, so the entry stays one searchable log event. */
function logInfo(message: string, fields: Record<string, unknown>): void {
  console.info(JSON.stringify({ level: "INFO", message, ...fields }));
}
