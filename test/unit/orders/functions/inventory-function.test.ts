import { IdempotencyAlreadyInProgressError, IdempotencyItemAlreadyExistsError, IdempotencyItemNotFoundError } from "@aws-lambda-powertools/idempotency";
import { BasePersistenceLayer, IdempotencyRecord } from "@aws-lambda-powertools/idempotency/persistence";
import type { Context } from "aws-lambda";
import {
  DEFAULT_IDEMPOTENCY_TTL_SECONDS,
  InventoryHandler,
  createHandler,
  handler,
  readIdempotencySettings,
  reserveInventory,
} from "../../../../orders/functions/inventory/handler";
import { ORDER_PROCESSED, ORDER_PROCESSING_SOURCE, OrderData, OrderProcessedEvent } from "../../../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail } from "../../../../orders/events/samples";
import type { Breakable } from "../../../support/breakable";

/** An OrderProcessed envelope as OrderProcessingRule delivers it (the counterpart of `orderPlacedEvent`). */
function orderProcessedEvent(order: Omit<OrderData, "order-id">, orderId: string, idempotencyKey = `key-${orderId}`): OrderProcessedEvent {
  const { metadata, data } = orderPlacedDetail(order, orderId, idempotencyKey);
  return {
    version: "0",
    id: `event-${orderId}`,
    "detail-type": ORDER_PROCESSED,
    source: ORDER_PROCESSING_SOURCE,
    account: "123456789012",
    time: "2026-11-22T12:00:00Z",
    region: "us-east-1",
    resources: [],
    detail: { metadata, data: { ...data, status: "PROCESSED", reason: "COMPLETED" } },
  };
}

/** Idempotency records in a Map, with the conditional put of the DynamoDB layer. */
class InMemoryPersistenceLayer extends BasePersistenceLayer {
  readonly records = new Map<string, IdempotencyRecord>();

  completedRecords(): IdempotencyRecord[] {
    return [...this.records.values()].filter((record) => record.getStatus() === "COMPLETED");
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing && !InMemoryPersistenceLayer.isReplaceable(existing)) {
      throw new IdempotencyItemAlreadyExistsError(`record exists: ${record.idempotencyKey}`, existing);
    }
    this.records.set(record.idempotencyKey, InMemoryPersistenceLayer.stored(record));
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, InMemoryPersistenceLayer.stored(record));
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }

  /** DynamoDB's put condition: no record, an expired one, or an in-progress one past its lock. */
  private static isReplaceable(existing: IdempotencyRecord): boolean {
    const now = Date.now();
    if (existing.expiryTimestamp !== undefined && existing.expiryTimestamp < now / 1000) return true;
    return existing.getStatus() === "INPROGRESS" && existing.inProgressExpiryTimestamp !== undefined && existing.inProgressExpiryTimestamp < now;
  }

  /** A copy, as a real store would hand back: the response goes through JSON. */
  private static stored(record: IdempotencyRecord): IdempotencyRecord {
    return new IdempotencyRecord({
      idempotencyKey: record.idempotencyKey,
      status: record.getStatus(),
      expiryTimestamp: record.expiryTimestamp,
      inProgressExpiryTimestamp: record.inProgressExpiryTimestamp,
      responseData: record.responseData === undefined ? undefined : JSON.parse(JSON.stringify(record.responseData)),
      payloadHash: record.payloadHash,
    });
  }
}

function lambdaContext(remainingMillis = 10_000): Context {
  const functionName = "orders-test-inventory";
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: "256",
    awsRequestId: "request-1",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "2026/11/22/[$LATEST]0123456789abcdef",
    getRemainingTimeInMillis: () => remainingMillis,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const NOW = new Date("2026-11-22T12:00:05.000Z");

/** A clock that moves one second per call, so a second run of the core would show in `reservedAt`. */
function tickingClock(start = NOW): jest.Mock<Date, []> {
  let calls = 0;
  return jest.fn(() => new Date(start.getTime() + 1000 * calls++));
}

function testHandler(options: { clock?: () => Date; expiresAfterSeconds?: number } = {}) {
  const store = new InMemoryPersistenceLayer();
  const clock = options.clock ?? tickingClock();
  const handle: InventoryHandler = createHandler({ persistenceStore: store, clock, expiresAfterSeconds: options.expiresAfterSeconds });
  return { store, clock, handle };
}

/** A valid event changed by `change`: the malformed deliveries the contract must refuse. */
function malformed(change: (event: Breakable) => void): unknown {
  const event: Breakable = JSON.parse(JSON.stringify(orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1")));
  change(event);
  return event;
}

beforeEach(() => {
  jest.spyOn(console, "info").mockImplementation(() => undefined);
  jest.spyOn(console, "warn").mockImplementation(() => undefined);
});

afterEach(() => {
  jest.restoreAllMocks();
});

describe("reserveInventory", () => {
  it("builds the reservation from the order, its idempotency key and the given time", () => {
    const event = orderProcessedEvent(SEED_ORDERS.completedOrder, "order-3", "key-abc");

    expect(reserveInventory(event, NOW)).toEqual({
      orderId: "order-3",
      idempotencyKey: "key-abc",
      category: "office-supplies",
      value: 1200,
      location: "eu-west",
      reservedAt: "2026-11-22T12:00:05.000Z",
    });
  });
});

describe("InventoryFunction handler", () => {
  it.each(Object.entries(SEED_ORDERS))("reserves inventory for the seed order %s", async (name, order) => {
    const { handle } = testHandler({ clock: () => NOW });

    const reservation = await handle(orderProcessedEvent(order, `order-${name}`), lambdaContext());

    expect(reservation).toEqual({
      orderId: `order-${name}`,
      idempotencyKey: `key-order-${name}`,
      category: order.category,
      value: order.value,
      location: order.location,
      reservedAt: NOW.toISOString(),
    });
  });

  it("stores one completed record holding the reservation", async () => {
    const { store, handle } = testHandler();

    const reservation = await handle(orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1"), lambdaContext());

    expect(store.completedRecords().map((record) => record.getResponse())).toEqual([reservation]);
  });

  it("returns the first result for a duplicate delivery without running the core again", async () => {
    const { handle, clock } = testHandler();
    const event = orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1");

    const first = await handle(event, lambdaContext());
    const duplicate = await handle(event, lambdaContext());

    expect(duplicate).toEqual(first);
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it("treats a redelivery with the same idempotency key as a duplicate even if the event id differs", async () => {
    const { handle, clock } = testHandler();
    const event = orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1");

    const first = await handle(event, lambdaContext());
    const redelivered = await handle({ ...event, id: "another-event-id" }, lambdaContext());

    expect(redelivered).toEqual(first);
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it("refuses an idempotency key reused for a different order", async () => {
    const { handle, clock } = testHandler();
    await handle(orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1", "shared-key"), lambdaContext());

    await expect(handle(orderProcessedEvent(SEED_ORDERS.officeSupplies, "order-2", "shared-key"), lambdaContext())).rejects.toThrow(
      /Payload does not match stored record/i,
    );
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it("processes two different idempotency keys separately", async () => {
    const { store, handle, clock } = testHandler();

    const first = await handle(orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1"), lambdaContext());
    const second = await handle(orderProcessedEvent(SEED_ORDERS.officeSupplies, "order-2"), lambdaContext());

    expect([first.idempotencyKey, second.idempotencyKey]).toEqual(["key-order-1", "key-order-2"]);
    expect(second.reservedAt).not.toEqual(first.reservedAt);
    expect(clock).toHaveBeenCalledTimes(2);
    expect(store.completedRecords()).toHaveLength(2);
  });

  it("rejects a concurrent duplicate while the first delivery is in progress, so Lambda retries it later", async () => {
    const { handle, clock } = testHandler();
    const event = orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1");

    const [first, concurrent] = await Promise.allSettled([handle(event, lambdaContext()), handle(event, lambdaContext())]);

    expect(first.status).toBe("fulfilled");
    expect(concurrent).toEqual({ status: "rejected", reason: expect.any(IdempotencyAlreadyInProgressError) });
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it("processes the key again once its record has outlived the TTL", async () => {
    const { handle, clock } = testHandler({ expiresAfterSeconds: 60 });
    const event = orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1");
    const start = Date.now();
    const now = jest.spyOn(Date, "now").mockReturnValue(start);

    await handle(event, lambdaContext());
    now.mockReturnValue(start + 61_000);
    await handle(event, lambdaContext());

    expect(clock).toHaveBeenCalledTimes(2);
  });

  it("leaves no record when the core fails, so Lambda's retry runs it again", async () => {
    const clock = jest.fn<Date, []>().mockImplementationOnce(() => {
      throw new Error("clock unavailable");
    });
    clock.mockImplementation(() => NOW);
    const { store, handle } = testHandler({ clock });
    const event = orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1");

    await expect(handle(event, lambdaContext())).rejects.toThrow("clock unavailable");
    expect(store.records.size).toBe(0);

    await expect(handle(event, lambdaContext())).resolves.toMatchObject({ orderId: "order-1", reservedAt: NOW.toISOString() });
  });

  describe("malformed events", () => {
    const cases: ReadonlyArray<[string, string, (event: Breakable) => void]> = [
      ["a missing idempotency key", "detail.metadata.idempotency-key", (e) => delete e.detail.metadata["idempotency-key"]],
      ["an empty idempotency key", "detail.metadata.idempotency-key", (e) => (e.detail.metadata["idempotency-key"] = "")],
      ["a missing order id", "detail.data.order-id", (e) => delete e.detail.data["order-id"]],
      ["a value given as a string", "detail.data.value", (e) => (e.detail.data.value = "415")],
      ["the wrong detail-type", "detail-type", (e) => (e["detail-type"] = "OrderPlaced")],
      ["the wrong source", "source", (e) => (e.source = "com.orders")],
      ["a status other than PROCESSED", "detail.data.status", (e) => (e.detail.data.status = "FAILED")],
      ["no detail at all", "detail", (e) => delete e.detail],
    ];

    it.each(cases)("rejects %s, naming %s", async (_case, field, change) => {
      const { handle } = testHandler();

      await expect(handle(malformed(change), lambdaContext())).rejects.toThrow(
        expect.objectContaining({ name: "InvalidOrderProcessedEventError", fields: [field], message: expect.stringContaining(`${field}: `) }),
      );
    });

    it.each(cases)("runs no core and writes no idempotency record for %s", async (_case, _field, change) => {
      const { store, handle, clock } = testHandler();

      await expect(handle(malformed(change), lambdaContext())).rejects.toThrow();

      expect(clock).not.toHaveBeenCalled();
      expect(store.records.size).toBe(0);
    });

    it("names every offending field when several are wrong", async () => {
      const { handle } = testHandler();
      const event = malformed((e) => {
        delete e.detail.data["order-id"];
        e.detail.data.value = "415";
      });

      await expect(handle(event, lambdaContext())).rejects.toThrow(
        expect.objectContaining({ fields: expect.arrayContaining(["detail.data.order-id", "detail.data.value"]) }),
      );
    });

    it("processes the corrected retry of a rejected event with the same idempotency key", async () => {
      const { handle } = testHandler({ clock: () => NOW });
      const corrected = orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1");

      await expect(
        handle(
          malformed((e) => (e.detail.data.value = "415")),
          lambdaContext(),
        ),
      ).rejects.toThrow("detail.data.value");

      await expect(handle(corrected, lambdaContext())).resolves.toEqual(reserveInventory(corrected, NOW));
    });
  });
});

describe("idempotency settings from the environment", () => {
  it("reads the table name and the TTL", () => {
    expect(readIdempotencySettings({ IDEMPOTENCY_TABLE_NAME: "t", IDEMPOTENCY_TTL_SECONDS: "86400" })).toEqual({
      tableName: "t",
      expiresAfterSeconds: 86_400,
    });
  });

  it("defaults the TTL to one hour", () => {
    expect(readIdempotencySettings({ IDEMPOTENCY_TABLE_NAME: "t" }).expiresAfterSeconds).toBe(DEFAULT_IDEMPOTENCY_TTL_SECONDS);
  });

  it.each(["0", "-5", "1.5", "an hour", ""])("refuses the TTL %j, naming the variable", (ttl) => {
    expect(() => readIdempotencySettings({ IDEMPOTENCY_TABLE_NAME: "t", IDEMPOTENCY_TTL_SECONDS: ttl })).toThrow("IDEMPOTENCY_TTL_SECONDS");
  });

  it("refuses a missing table name, naming the variable", () => {
    expect(() => readIdempotencySettings({})).toThrow("IDEMPOTENCY_TABLE_NAME");
  });

  it("lets the production handler fail the invocation, not the import, when the table name is missing", async () => {
    const saved = process.env.IDEMPOTENCY_TABLE_NAME;
    delete process.env.IDEMPOTENCY_TABLE_NAME;
    try {
      await expect(handler(orderProcessedEvent(SEED_ORDERS.labSupplies, "order-1"), lambdaContext())).rejects.toThrow("IDEMPOTENCY_TABLE_NAME");
    } finally {
      if (saved !== undefined) process.env.IDEMPOTENCY_TABLE_NAME = saved;
    }
  });
});
