import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { randomUUID } from "node:crypto";
import { GET_ORDER_STATUS_TEMPLATE, GET_ORDER_TEMPLATE, ORDERS_API_GATEWAY_RESPONSES, PUT_ORDER_PLACED_TEMPLATE } from "../../orders/api/orders-api";
import { FINAL_STATUSES, ORDER_PLACED, ORDER_SOURCE, ORDER_STATUSES, OrderData, OrderStatus } from "../../orders/events/orders";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SEED_ORDERS, orderPlacedDetail } from "../../orders/events/samples";
import { awsClientConfig } from "../../tools/local/emulator/emulator";
import { LocalApi, readDeployedApi } from "../../tools/local/api-gateway/local-api";
import { ApiRequest, ApiResponse, Backend, emulatorBackend, invokeLocally, signedApiRequest } from "../../tools/local/api-gateway/local-invoke";
import { assumeRoleOnEmulator, emulatorCallerAuthorization } from "../../tools/local/api-gateway/caller-authorization";
import { SigningCredentials } from "../../tools/local/api-gateway/sigv4";
import { awsClients, e2eContext, eventually, logMessages } from "./support/context";

/**
 * The polling REST API as deployed in the `local` stack: its integrations, templates, models and
 * stage variables are read back from the emulator, each request goes through them with API
 * Gateway's semantics (tools/local/api-gateway), and the AWS calls they render are made for real on the
 * emulator (moto's API Gateway does not apply mapping templates itself).
 */
const context = e2eContext();
const { logs, events } = awsClients(context.endpoint);
const clientConfig = awsClientConfig(context.endpoint);
const backend = emulatorBackend(context.endpoint);
/** Only sessions of the caller role the stack outputs may call, as its policy allows. */
const authorizeCaller = emulatorCallerAuthorization(context.endpoint, {
  allowedRoleArn: context.outputs.orders_api_caller_role_arn,
  iam: new IAMClient(clientConfig),
});
const ROOT_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

let api: LocalApi;
let credentials: SigningCredentials;
beforeAll(async () => {
  credentials = await assumeRoleOnEmulator(context.endpoint, context.outputs.orders_api_caller_role_arn);
  api = await readDeployedApi(
    new APIGatewayClient(clientConfig),
    { apiId: context.outputs.orders_api_id, stage: context.outputs.orders_api_stage, region: context.config.region, accountId: context.config.accountId },
    ORDERS_API_GATEWAY_RESPONSES,
  );
});

/**
 * The fields of the API's answers the tests read: a placement (orderId, statusPath), a status, or
 * an error (message, validationErrors, errorCode). Each answer holds some; the assertions check which.
 */
interface OrdersApiAnswer {
  readonly orderId: string;
  readonly statusPath: string;
  readonly status: string;
  readonly updatedAt: string;
  readonly message: string;
  readonly validationErrors: string;
  readonly errorCode: string;
}

async function call(request: ApiRequest, through: Backend = backend): Promise<ApiResponse & { json: OrdersApiAnswer }> {
  const response = await invokeLocally(api, await signedApiRequest(api, request, credentials), through, { authorizeCaller });
  try {
    return { ...response, json: JSON.parse(response.body) };
  } catch (error) {
    throw new Error(
      `${request.method} ${request.path} answered ${response.statusCode} with a body that is not JSON (${(error as Error).message}):\n${response.body}`,
    );
  }
}

const placeOrder = (order: object, through?: Backend) =>
  call({ method: "POST", path: "/orders", headers: { "content-type": "application/json" }, body: JSON.stringify(order) }, through);

const orderPlacedInAuditLog = (orderId: string) =>
  eventually(`OrderPlaced ${orderId} in the Orders audit log`, async () =>
    (await logMessages(logs, context.outputs.orders_audit_log_group)).find(
      (message) => message["detail-type"] === ORDER_PLACED && message.detail?.data?.["order-id"] === orderId,
    ),
  );

describe("the polling API as deployed", () => {
  it("is invoked at its stage URL", () => {
    const { orders_api_id: id, orders_api_stage: stage, orders_api_invoke_url: url } = context.outputs;
    expect(url).toBe(`https://${id}.execute-api.${context.config.region}.amazonaws.com/${stage}`);
  });

  it("has the three methods, IAM auth on each, the order model on POST, and the templates the code defines", () => {
    const byRoute = Object.fromEntries(api.methods.map((method) => [`${method.httpMethod} ${method.resourcePath}`, method]));
    expect(Object.keys(byRoute).sort()).toEqual(["GET /orders/{id}", "GET /orders/{id}/status", "POST /orders"]);
    expect(api.methods.map((method) => method.authorization)).toEqual(["AWS_IAM", "AWS_IAM", "AWS_IAM"]);
    expect(byRoute["POST /orders"].validateBody).toBe(true);
    expect(byRoute["POST /orders"].requestModels["application/json"]).toEqual(expect.objectContaining({ required: ["category", "value", "location"] }));
    expect(byRoute["POST /orders"].integration.requestTemplates["application/json"]).toBe(PUT_ORDER_PLACED_TEMPLATE);
    expect(byRoute["GET /orders/{id}"].integration.requestTemplates["application/json"]).toBe(GET_ORDER_TEMPLATE);
    expect(byRoute["GET /orders/{id}/status"].integration.requestTemplates["application/json"]).toBe(GET_ORDER_STATUS_TEMPLATE);
  });

  it("names the Orders bus and the status table in its stage variables", () => {
    expect(api.stageVariables).toEqual({ ordersBus: context.outputs.orders_bus_name, statusTable: context.outputs.order_status_table_name });
  });

  it("calls AWS through an integration role that exists", async () => {
    const [roleArn] = [...new Set(api.methods.map((method) => method.integration.credentials))];
    const { Role } = await new IAMClient(clientConfig).send(new GetRoleCommand({ RoleName: roleArn!.split("/").pop() }));
    expect(Role?.Arn).toBe(roleArn);
  });
});

describe("placing an order and polling its status", () => {
  it("accepts an EU order with a generated id, puts the OrderPlaced envelope on the bus, and reports PROCESSED once the workflow ran", async () => {
    const placed = await placeOrder(SEED_ORDERS.labSupplies);
    expect(placed.statusCode).toBe(202);
    const { orderId, statusPath } = placed.json;
    expect(orderId).toMatch(/^[0-9a-f-]{36}$/);
    expect(statusPath).toBe(`/orders/${orderId}/status`);

    const event = await orderPlacedInAuditLog(orderId);
    expect(event).toEqual(expect.objectContaining({ source: ORDER_SOURCE, detail: orderPlacedDetail(SEED_ORDERS.labSupplies, orderId, orderId) }));

    const status = await eventually("status PROCESSED", async () => {
      const response = await call({ method: "GET", path: statusPath });
      return response.statusCode === 200 && response.json.status === "PROCESSED" ? response : undefined;
    });
    expect(status.json).toEqual({ orderId, status: "PROCESSED", reason: "COMPLETED", updatedAt: expect.any(String) });

    const order = await call({ method: "GET", path: `/orders/${orderId}` });
    expect([order.statusCode, order.json]).toEqual([
      200,
      {
        orderId,
        status: "PROCESSED",
        reason: "COMPLETED",
        category: "lab-supplies",
        value: 415,
        location: "eu-west",
        idempotencyKey: orderId,
        updatedAt: status.json.updatedAt,
      },
    ]);
  });

  it("keeps a client's idempotency key as the key only: the order id is a fresh UUID the platform made", async () => {
    const idempotencyKey = `client-${randomUUID()}`;
    const placed = await placeOrder({ ...SEED_ORDERS.completedOrder, idempotencyKey });
    expect(placed.statusCode).toBe(202);
    expect(placed.json.orderId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const event = await orderPlacedInAuditLog(placed.json.orderId);
    expect(event.detail).toEqual(orderPlacedDetail(SEED_ORDERS.completedOrder, placed.json.orderId, idempotencyKey));
  });

  it("refuses an order id chosen by the client", async () => {
    const placed = await placeOrder({ ...SEED_ORDERS.completedOrder, orderId: `client-${randomUUID()}` });
    expect(placed.statusCode).toBe(400);
  });

  it("answers 404 with a JSON error for an unknown id", async () => {
    const orderId = `unknown-${randomUUID()}`;
    for (const path of [`/orders/${orderId}/status`, `/orders/${orderId}`]) {
      const response = await call({ method: "GET", path });
      expect([response.statusCode, response.json]).toEqual([404, { message: "No order with this id.", orderId }]);
    }
  });

  it("refuses an invalid body with 400 naming the field, without calling EventBridge", async () => {
    const response = await placeOrder({ ...SEED_ORDERS.labSupplies, location: "EU-WEST", discount: 5 });
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe("Invalid request body");
    expect(response.json.validationErrors).toEqual(expect.stringContaining("/location"));
    expect(response.json.validationErrors).toEqual(expect.stringContaining("/discount"));
    expect(response.integrationRequest).toBeUndefined();
  });

  it("refuses an unsigned request with 403", async () => {
    const response = await invokeLocally(api, { method: "GET", path: "/orders/x/status" }, backend, { authorizeCaller });
    expect(response.statusCode).toBe(403);
  });

  it("refuses a request signed by any identity but a session of the caller role with 403, before calling AWS", async () => {
    const request = await signedApiRequest(api, { method: "GET", path: "/orders/x/status" }, ROOT_CREDENTIALS);
    const response = await invokeLocally(api, request, backend, { authorizeCaller });
    expect(response.statusCode).toBe(403);
    expect(JSON.parse(response.body).message).toMatch(/^User: \S+ is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:/);
    expect(response.integrationRequest).toBeUndefined();
  });

  it("admits the caller role's session, signed with the credentials the emulator's STS issued", async () => {
    expect(credentials.accessKeyId).not.toBe(ROOT_CREDENTIALS.accessKeyId);
    const response = await call({ method: "GET", path: `/orders/unknown-${randomUUID()}/status` });
    expect(response.statusCode).toBe(404);
  });

  it("answers 500, not 202, when EventBridge reports a failed entry (FailedEntryCount > 0)", async () => {
    // The rendered request with its Detail broken: the emulator's real PutEvents answer is then a
    // 200 with FailedEntryCount 1 (MalformedDetail), which is what the response template must catch.
    const breakDetail: Backend = (request) => {
      const body = JSON.parse(request.body);
      body.Entries[0].Detail = "{not json";
      return backend({ ...request, body: JSON.stringify(body) });
    };
    const response = await placeOrder(SEED_ORDERS.officeSupplies, breakDetail);
    expect(response.integrationResult).toEqual({ statusCode: 200, body: expect.stringContaining('"FailedEntryCount": 1') });
    expect([response.statusCode, response.json.errorCode]).toEqual([500, "MalformedDetail"]);
  });
});

/**
 * Polls an order's status until it is final, recording each answer (status code and status) in
 * order, and how long after the start the first status (not a 404) came.
 */
async function pollUntilFinal(orderId: string, timeoutMs = 30_000): Promise<{ seen: string[]; final: OrdersApiAnswer; firstStatusAfterMs?: number }> {
  const seen: string[] = [];
  const started = Date.now();
  let firstStatusAfterMs: number | undefined;
  while (Date.now() < started + timeoutMs) {
    const response = await call({ method: "GET", path: `/orders/${orderId}/status` });
    const answer = response.statusCode === 200 ? response.json.status : String(response.statusCode);
    if (response.statusCode === 200) firstStatusAfterMs ??= Date.now() - started;
    if (seen.at(-1) !== answer) seen.push(answer);
    if ((FINAL_STATUSES as readonly string[]).includes(answer)) return { seen, final: response.json, firstStatusAfterMs };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`order ${orderId} reached no final status in ${timeoutMs} ms; seen: ${seen.join(" -> ")}`);
}

/** How soon after the 202 an accepted order must poll a status (OrderIntake's write, on a busy emulator). */
const FIRST_STATUS_WITHIN_MS = 5_000;

const putOnBus = (order: object, orderId: string, idempotencyKey?: string) =>
  events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: context.outputs.orders_bus_name,
          Source: ORDER_SOURCE,
          DetailType: ORDER_PLACED,
          Detail: JSON.stringify(orderPlacedDetail(order as Omit<OrderData, "order-id">, orderId, idempotencyKey)),
        },
      ],
    }),
  );

describe("the status life cycle, as a polling client sees it", () => {
  it("shows an accepted EU order a status within seconds, statuses in life-cycle order ending PROCESSED, and never 404 after", async () => {
    const placed = await placeOrder(SEED_ORDERS.officeSupplies);
    expect(placed.statusCode).toBe(202);
    const { seen, firstStatusAfterMs } = await pollUntilFinal(placed.json.orderId);
    expect(firstStatusAfterMs).toBeLessThan(FIRST_STATUS_WITHIN_MS);
    // A 404 may only come first (the moment between the 202 and the OrderIntake write), never after a status.
    const statuses = seen[0] === "404" ? seen.slice(1) : seen;
    expect(statuses).not.toContain("404");
    expect(statuses.at(-1)).toBe("PROCESSED");
    // Which statuses a poll catches depends on timing: a fast workflow may be PROCESSED at the first poll.
    expect(statuses).toEqual([...statuses].sort((a, b) => ORDER_STATUSES.indexOf(a as OrderStatus) - ORDER_STATUSES.indexOf(b as OrderStatus)));
  });

  it("answers a non-EU order with its final status REJECTED and the reason, instead of 404 forever", async () => {
    const placed = await placeOrder({ ...SEED_ORDERS.labSupplies, location: "us-east" });
    expect(placed.statusCode).toBe(202);
    const { final } = await pollUntilFinal(placed.json.orderId);
    expect(final).toEqual({ orderId: placed.json.orderId, status: "REJECTED", reason: "LOCATION_NOT_SERVED", updatedAt: expect.any(String) });
  });

  it("never lets another order with a reused id overwrite the row: every workflow write is refused", async () => {
    const orderId = `order-${randomUUID()}`;
    await putOnBus(SEED_ORDERS.labSupplies, orderId, "first-order");
    expect((await pollUntilFinal(orderId)).final.status).toBe("PROCESSED");

    await putOnBus({ ...SEED_ORDERS.labSupplies, category: "other-goods", value: 0 }, orderId, "second-order");
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const row = await call({ method: "GET", path: `/orders/${orderId}` });
    expect(row.json).toEqual(expect.objectContaining({ status: "PROCESSED", idempotencyKey: "first-order", category: SEED_ORDERS.labSupplies.category }));
  });

  it("answers an order made to fail with FAILED and the client's reason, without the internal error", async () => {
    const orderId = `order-${randomUUID()}`;
    await putOnBus({ ...SEED_ORDERS.labSupplies, value: 0 }, orderId);
    const { final } = await pollUntilFinal(orderId);
    expect(final).toEqual({ orderId, status: "FAILED", reason: "INVALID_ORDER", updatedAt: expect.any(String) });
    const order = await call({ method: "GET", path: `/orders/${orderId}` });
    // Not the order fields: RecordFailed may run before OrderIntake recorded them, and an invalid order may have none.
    expect(order.json).toEqual(expect.objectContaining({ status: "FAILED", reason: "INVALID_ORDER" }));
    expect(Object.keys(order.json)).not.toEqual(expect.arrayContaining(["error"]));
    expect(Object.keys(order.json)).not.toEqual(expect.arrayContaining(["cause"]));
  });
});
