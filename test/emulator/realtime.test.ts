import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { randomUUID } from "node:crypto";
import { Agent, request } from "node:https";
import { ORDER_PLACED, ORDER_PROCESSED, ORDER_PROCESSING_SOURCE, ORDER_SOURCE } from "../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail, orderProcessedEvent } from "../../orders/events/samples";
import { ON_ORDER_STATUS_SUBSCRIPTION, ORDER_STATUS_QUERY, PUBLISH_ORDER_STATUS_OPERATION } from "../../orders/graphql/order-status-api";
import { AppSyncAuth, postGraphql } from "../../tools/local/appsync/client";
import { RunningAppSyncSimulator, startAppSyncSimulator } from "../../tools/local/appsync/simulator";
import { GraphQLSubscription, subscribe } from "../../tools/local/appsync/subscribe";
import { awsClients, e2eContext } from "./support/context";

/**
 * Real-time status updates on the emulator: the AppSync simulator runs the deployed schema
 * and VTL resolvers against the deployed view-model table, and the emulator forwards the deployed
 * AppSync rule target (input transformer applied by moto) to it. What the simulator does not
 * cover (IAM policy evaluation, signature checks) is proven by the unit tests of the grants.
 */
const context = e2eContext();
const { events, dynamodb } = awsClients(context.endpoint);
const { outputs } = context;
const apiKeyMode = context.config.statusUpdates.realtime?.apiKey !== undefined;
/**
 * AWS_IAM as guests and EventBridge both use it, with the emulator's credentials: the simulator
 * checks the SigV4 shape, not the signature, and evaluates no IAM policy.
 */
const IAM: AppSyncAuth = { credentials: { accessKeyId: "test", secretAccessKey: "test" }, region: context.config.region };
const LOCAL_API_KEY = `da2-local-${randomUUID().slice(0, 8)}`;
/** How long a subscriber that should hear nothing is watched. */
const QUIET_MS = 1_500;

type OrderUpdate = { onOrderStatus: Record<string, unknown> };

let simulator: RunningAppSyncSimulator;
const simulatorOutput: string[] = [];
const open: GraphQLSubscription<OrderUpdate>[] = [];

beforeAll(async () => {
  simulator = await startAppSyncSimulator({
    dynamodbEndpoint: context.endpoint,
    tableName: outputs.order_status_view_table_name,
    apiKey: apiKeyMode ? LOCAL_API_KEY : undefined,
    onOutput: (line) => simulatorOutput.push(line),
  });
  await forwardAppSync(outputs.order_status_api_id, simulator.graphqlUrl);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((subscription) => subscription.close()));
});

afterAll(async () => {
  await simulator?.stop();
});

/** Registers the simulator as the GraphQL server of the deployed API (emulator control endpoint). */
function forwardAppSync(apiId: string, url: string): Promise<void> {
  const body = JSON.stringify({ apiId, url });
  return new Promise((resolve, reject) => {
    const call = request(
      `${context.endpoint}/_emulator/appsync-forwarding`,
      // The emulator's certificate is self-signed; this is its loopback endpoint.
      { method: "POST", agent: new Agent({ rejectUnauthorized: false }), headers: { "content-type": "application/json" } },
      (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`forwarding refused: ${response.statusCode} ${text}`))));
      },
    );
    call.on("error", reject);
    call.end(body);
  });
}

async function follow(orderId: string, auth: AppSyncAuth = IAM): Promise<GraphQLSubscription<OrderUpdate>> {
  const subscription = await subscribe<OrderUpdate>({
    graphqlUrl: simulator.graphqlUrl,
    realtimeUrl: simulator.realtimeUrl,
    auth,
    query: ON_ORDER_STATUS_SUBSCRIPTION,
    variables: { orderId },
  });
  open.push(subscription);
  return subscription;
}

const quietly = () => new Promise((resolve) => setTimeout(resolve, QUIET_MS));

/** The mutation's input for an order, as the input transformer builds it (see the unit tests). */
function statusInput(orderId: string, updatedAt: string) {
  const { category, value, location } = SEED_ORDERS.labSupplies;
  return { orderId, status: "PROCESSED", reason: "COMPLETED", category, value, location, updatedAt };
}

async function viewRow(orderId: string) {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: outputs.order_status_view_table_name, Key: { orderId: { S: orderId } } }));
  return Item;
}

describe("the AppSync simulator, with the deployed schema, resolvers and view-model table", () => {
  it("tells the order's subscriber what the mutation published, and no other subscriber", async () => {
    const [orderId, otherId] = [`order-${randomUUID()}`, `order-${randomUUID()}`];
    const [mine, other] = [await follow(orderId), await follow(otherId)];
    const input = statusInput(orderId, "2026-11-22T12:00:05Z");

    const published = await postGraphql(simulator.graphqlUrl, IAM, PUBLISH_ORDER_STATUS_OPERATION, { input });

    expect(published).toEqual({ data: { publishOrderStatus: input } });
    expect((await mine.next()).data).toEqual({ onOrderStatus: input });
    await quietly();
    expect(other.received).toEqual([]);
    expect(await viewRow(orderId)).toEqual(expect.objectContaining({ status: { S: "PROCESSED" }, updatedAt: { S: input.updatedAt } }));
  });

  it("refuses a status older than the stored one and tells no one", async () => {
    const orderId = `order-${randomUUID()}`;
    await postGraphql(simulator.graphqlUrl, IAM, PUBLISH_ORDER_STATUS_OPERATION, { input: statusInput(orderId, "2026-11-22T12:00:05Z") });
    const mine = await follow(orderId);

    const stale = await postGraphql(simulator.graphqlUrl, IAM, PUBLISH_ORDER_STATUS_OPERATION, {
      input: { ...statusInput(orderId, "2026-11-22T11:59:00Z"), status: "FAILED", reason: "PROCESSING_ERROR" },
    });

    expect(stale.errors).toEqual([expect.objectContaining({ errorType: "DynamoDB:ConditionalCheckFailedException" })]);
    await quietly();
    expect(mine.received).toEqual([]);
    expect((await viewRow(orderId))?.status).toEqual({ S: "PROCESSED" });
  });

  it("refuses a replay with an equal time: the subscriber is told once, not twice", async () => {
    const orderId = `order-${randomUUID()}`;
    const mine = await follow(orderId);
    const input = statusInput(orderId, "2026-11-22T12:00:05Z");

    const first = await postGraphql(simulator.graphqlUrl, IAM, PUBLISH_ORDER_STATUS_OPERATION, { input });
    const replayed = await postGraphql(simulator.graphqlUrl, IAM, PUBLISH_ORDER_STATUS_OPERATION, { input });

    expect(first).toEqual({ data: { publishOrderStatus: input } });
    expect(replayed.errors).toEqual([expect.objectContaining({ errorType: "DynamoDB:ConditionalCheckFailedException" })]);
    expect((await mine.next()).data).toEqual({ onOrderStatus: input });
    await quietly();
    expect(mine.received).toHaveLength(1);
  });

  it("answers a guest's query for the order's status, and null for an unknown order", async () => {
    const orderId = `order-${randomUUID()}`;
    const input = statusInput(orderId, "2026-11-22T12:00:05Z");
    await postGraphql(simulator.graphqlUrl, IAM, PUBLISH_ORDER_STATUS_OPERATION, { input });

    expect(await postGraphql(simulator.graphqlUrl, IAM, ORDER_STATUS_QUERY, { orderId })).toEqual({ data: { orderStatus: input } });
    expect(await postGraphql(simulator.graphqlUrl, IAM, ORDER_STATUS_QUERY, { orderId: `order-${randomUUID()}` })).toEqual({
      data: { orderStatus: null },
    });
  });

  it(`${apiKeyMode ? "lets" : "does not let"} an API key client subscribe, as the environment's config says, and never publish`, async () => {
    const orderId = `order-${randomUUID()}`;
    const keyHolder: AppSyncAuth = { apiKey: LOCAL_API_KEY };
    if (apiKeyMode) {
      const mine = await follow(orderId, keyHolder);
      await postGraphql(simulator.graphqlUrl, IAM, PUBLISH_ORDER_STATUS_OPERATION, { input: statusInput(orderId, "2026-11-22T12:00:05Z") });
      expect((await mine.next()).data?.onOrderStatus).toEqual(expect.objectContaining({ orderId }));
    } else {
      await expect(follow(orderId, keyHolder)).rejects.toThrow(/socket closed|error/);
    }
    const published = await postGraphql(simulator.graphqlUrl, keyHolder, PUBLISH_ORDER_STATUS_OPERATION, {
      input: statusInput(orderId, "2026-11-22T12:00:06Z"),
    });
    expect(published.data?.publishOrderStatus ?? null).toBeNull();
  });
});

describe("EventBridge -> AppSync: a status event reaches the order's subscriber", () => {
  it("turns an OrderProcessed event into the mutation, through the deployed rule's input transformer", async () => {
    const [orderId, otherId] = [`order-${randomUUID()}`, `order-${randomUUID()}`];
    const [mine, other] = [await follow(orderId), await follow(otherId)];
    const event = orderProcessedEvent(orderPlacedDetail(SEED_ORDERS.labSupplies, orderId));

    const { FailedEntryCount } = await events.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: outputs.orders_bus_name,
            Source: ORDER_PROCESSING_SOURCE,
            DetailType: ORDER_PROCESSED,
            Detail: JSON.stringify(event.detail),
            Time: new Date(event.time),
          },
        ],
      }),
    );

    expect(FailedEntryCount).toBe(0);
    const update = await mine.next(20_000).catch((error: Error) => {
      throw new Error(`${error.message}\n--- simulator output ---\n${simulatorOutput.slice(-20).join("\n")}`);
    });
    expect(update.data).toEqual({ onOrderStatus: statusInput(orderId, event.time) });
    await quietly();
    expect(other.received).toEqual([]);
    expect((await viewRow(orderId))?.updatedAt).toEqual({ S: event.time });
  });

  it("follows an EU order from OrderPlaced to its subscriber: workflow, OrderProcessed, AppSync", async () => {
    const orderId = `order-${randomUUID()}`;
    const mine = await follow(orderId);
    const detail = orderPlacedDetail(SEED_ORDERS.officeSupplies, orderId);

    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: outputs.orders_bus_name, Source: ORDER_SOURCE, DetailType: ORDER_PLACED, Detail: JSON.stringify(detail) }],
      }),
    );

    const update = await mine.next(30_000);
    expect(update.data).toEqual({
      onOrderStatus: {
        orderId,
        status: "PROCESSED",
        reason: "COMPLETED",
        category: "office-supplies",
        value: 300,
        location: "eu-west",
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      },
    });
  });

  it.each([
    [
      "a failed order (value 0, put on the bus past the API's model) as FAILED, INVALID_ORDER",
      { ...SEED_ORDERS.labSupplies, value: 0 },
      "FAILED",
      "INVALID_ORDER",
    ],
    ["a non-EU order as REJECTED, LOCATION_NOT_SERVED", { ...SEED_ORDERS.labSupplies, location: "us-east" }, "REJECTED", "LOCATION_NOT_SERVED"],
  ])("tells the subscriber of %s", async (_, order, status, reason) => {
    const orderId = `order-${randomUUID()}`;
    const mine = await follow(orderId);
    const detail = orderPlacedDetail(order, orderId);

    await events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: outputs.orders_bus_name, Source: ORDER_SOURCE, DetailType: ORDER_PLACED, Detail: JSON.stringify(detail) }],
      }),
    );

    const update = await mine.next(30_000);
    expect(update.data?.onOrderStatus).toEqual(expect.objectContaining({ orderId, status, reason, value: order.value, location: order.location }));
  });
});
