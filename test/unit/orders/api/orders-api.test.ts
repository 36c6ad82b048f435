import {
  GET_ORDER_STATUS_TEMPLATE,
  GET_ORDER_TEMPLATE,
  INTEGRATION_FAILURE_PATTERN,
  ORDER_ACCEPTED_TEMPLATE,
  ORDER_MODEL,
  ORDER_RESULT_TEMPLATE,
  ORDER_STATUS_TEMPLATE,
  PUT_ORDER_PLACED_TEMPLATE,
  ordersApiDefinition,
  ordersApiPermissions,
  ordersApiStageVariables,
} from "../../../../orders/api/orders-api";
import { Operation } from "../../../../modules/openapi";
import { ORDER_PLACED, ORDER_SOURCE, ORDER_STATUSES, STATUS_REASONS } from "../../../../orders/events/orders";
import { SEED_ORDERS, orderPlacedDetail } from "../../../../orders/events/samples";
import { DynamoTable } from "../../../../modules/dynamodb-table";
import { testStack } from "../../../support/synth";
import { testBus } from "../../../support/fixtures";
import { apiFromDefinition } from "../../../../tools/local/api-gateway/local-api";
import { Backend, IntegrationRequest, invokeLocally, signedApiRequest } from "../../../../tools/local/api-gateway/local-invoke";
import { ContextVariables, MethodRequestParams, Overrides, renderMappingTemplate } from "../../../../tools/local/api-gateway/mapping-templates";
import { validateAgainstModel } from "../../../../tools/local/api-gateway/model-validator";

const ROLE = "arn:aws:iam::111111111111:role/orders-dev-orders-api-integration";
const definition = ordersApiDefinition({ integrationRoleArn: ROLE, region: "eu-west-1" });
const STAGE_VARIABLES = ordersApiStageVariables({ ordersBusName: "orders-dev-orders", statusTableName: "orders-dev-order-status" });
const operation = (path: string, method: "get" | "post") => definition.paths[path][method] as Operation;

const context = (requestId = "request-1"): ContextVariables => ({
  requestId,
  accountId: "111111111111",
  apiId: "a1b2c3",
  stage: "dev",
  httpMethod: "POST",
  resourcePath: "/orders",
  path: "/dev/orders",
  domainName: "a1b2c3.execute-api.eu-west-1.amazonaws.com",
  requestTimeEpoch: 0,
  identity: {},
});
const NO_PARAMS: MethodRequestParams = { path: {}, querystring: {}, header: {} };
const idParam = (id: string): MethodRequestParams => ({ path: { id }, querystring: {}, header: {} });

function render(template: string, body: unknown, params = NO_PARAMS, overrides?: Overrides, requestId?: string) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return renderMappingTemplate(template, { body: text, params, context: context(requestId), stageVariables: STAGE_VARIABLES, overrides });
}

/** The PutEvents request the POST template renders, with Detail parsed. */
function putEventsRequest(order: object, requestId = "request-1") {
  const rendered = render(PUT_ORDER_PLACED_TEMPLATE, order, NO_PARAMS, undefined, requestId);
  const request = JSON.parse(rendered.output);
  return { rendered, request, entry: request.Entries[0], detail: JSON.parse(request.Entries[0].Detail) };
}

const ITEM = {
  orderId: { S: "order-1" },
  status: { S: "PROCESSED" },
  idempotencyKey: { S: "order-1" },
  category: { S: "lab-supplies" },
  value: { N: "415" },
  location: { S: "eu-west" },
  updatedAt: { S: "2026-11-22T12:00:01.000Z" },
  executionArn: { S: "arn:aws:states:eu-west-1:111111111111:execution:orders-dev-orders-processing:x" },
};

describe("the order model (POST /orders body, JSON Schema draft 4)", () => {
  it.each(Object.entries(SEED_ORDERS))("accepts the seed order %s", (_, order) => {
    expect(validateAgainstModel(ORDER_MODEL, order)).toEqual({ valid: true, errors: "" });
  });

  it("accepts a client's idempotency key", () => {
    expect(validateAgainstModel(ORDER_MODEL, { ...SEED_ORDERS.labSupplies, idempotencyKey: "A-1b2" }).valid).toBe(true);
  });

  it("refuses an order id chosen by the client: ids are the platform's", () => {
    const result = validateAgainstModel(ORDER_MODEL, { ...SEED_ORDERS.labSupplies, orderId: "guessable-1" });
    expect(result.valid).toBe(false);
  });

  it.each([
    ["a missing category", { value: 1, location: "eu-west" }, "/category"],
    ["a value of 0 (value must be above 0)", { ...SEED_ORDERS.labSupplies, value: 0 }, "/value"],
    ["a negative value", { ...SEED_ORDERS.labSupplies, value: -5 }, "/value"],
    ["a value given as text", { ...SEED_ORDERS.labSupplies, value: "415" }, "/value"],
    ["an upper-case location", { ...SEED_ORDERS.labSupplies, location: "EU-WEST" }, "/location"],
    ["an idempotencyKey with a slash", { ...SEED_ORDERS.labSupplies, idempotencyKey: "a/b" }, "/idempotencyKey"],
    ["an idempotencyKey longer than 64 characters", { ...SEED_ORDERS.labSupplies, idempotencyKey: "a".repeat(65) }, "/idempotencyKey"],
    ["empty OrderDetails", { ...SEED_ORDERS.labSupplies, OrderDetails: "" }, "/OrderDetails"],
    ["a field the model does not know", { ...SEED_ORDERS.labSupplies, discount: 5 }, "/discount"],
  ])("refuses %s, naming the field", (_, order, field) => {
    const result = validateAgainstModel(ORDER_MODEL, order);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain(field);
  });
});

describe("the OpenAPI definition", () => {
  it.each(["OrderStatus", "OrderResult"])("offers in %s exactly the statuses and reasons of the event contract", (model) => {
    const { properties } = definition.components.schemas[model] as { properties: Record<string, { enum?: string[] }> };
    expect(properties.status.enum).toEqual([...ORDER_STATUSES]);
    expect(properties.reason.enum).toEqual(Object.keys(STATUS_REASONS));
  });

  it("has exactly POST /orders, GET /orders/{id} and GET /orders/{id}/status", () => {
    const routes = Object.entries(definition.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(["GET /orders/{id}", "GET /orders/{id}/status", "POST /orders"]);
  });

  it("requires IAM (SigV4) auth on every method", () => {
    expect(definition.components.securitySchemes.sigv4["x-amazon-apigateway-authtype"]).toBe("awsSigv4");
    for (const item of Object.values(definition.paths)) {
      for (const op of Object.values(item)) expect(op!.security).toEqual([{ sigv4: [] }]);
    }
  });

  it("validates the POST body against the Order model and the GET path parameters", () => {
    const post = operation("/orders", "post");
    expect(post.requestBody?.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Order" });
    expect(definition.components.schemas.Order).toBe(ORDER_MODEL);
    expect(definition["x-amazon-apigateway-request-validators"][post["x-amazon-apigateway-request-validator"]!]).toEqual({
      validateRequestBody: true,
      validateRequestParameters: false,
    });
    expect(operation("/orders/{id}", "get")["x-amazon-apigateway-request-validator"]).toBe("params");
  });

  it("puts orders on EventBridge with PutEvents, through the integration role, refusing other content types", () => {
    const integration = operation("/orders", "post")["x-amazon-apigateway-integration"];
    expect(integration).toEqual(
      expect.objectContaining({
        type: "aws",
        uri: "arn:aws:apigateway:eu-west-1:events:action/PutEvents",
        httpMethod: "POST",
        credentials: ROLE,
        passthroughBehavior: "NEVER",
        requestParameters: {
          "integration.request.header.X-Amz-Target": "'AWSEvents.PutEvents'",
          "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
        },
        requestTemplates: { "application/json": PUT_ORDER_PLACED_TEMPLATE },
      }),
    );
    expect(integration.responses.default).toEqual({ statusCode: "202", responseTemplates: { "application/json": ORDER_ACCEPTED_TEMPLATE } });
  });

  it.each([
    ["/orders/{id}/status", GET_ORDER_STATUS_TEMPLATE, ORDER_STATUS_TEMPLATE],
    ["/orders/{id}", GET_ORDER_TEMPLATE, ORDER_RESULT_TEMPLATE],
  ])("reads GET %s from DynamoDB with GetItem", (path, request, response) => {
    const integration = operation(path, "get")["x-amazon-apigateway-integration"];
    expect(integration.uri).toBe("arn:aws:apigateway:eu-west-1:dynamodb:action/GetItem");
    expect(integration.requestParameters?.["integration.request.header.X-Amz-Target"]).toBe("'DynamoDB_20120810.GetItem'");
    expect(integration.requestTemplates["application/json"]).toBe(request);
    expect(integration.responses.default.responseTemplates?.["application/json"]).toBe(response);
  });

  it("maps any 4xx/5xx from the AWS services to a 500 with its own message", () => {
    for (const item of Object.values(definition.paths)) {
      for (const op of Object.values(item)) expect(op!["x-amazon-apigateway-integration"].responses[INTEGRATION_FAILURE_PATTERN].statusCode).toBe("500");
    }
    expect(new RegExp(`^(?:${INTEGRATION_FAILURE_PATTERN})$`).test("400")).toBe(true);
    expect(new RegExp(`^(?:${INTEGRATION_FAILURE_PATTERN})$`).test("200")).toBe(false);
  });

  it("answers an invalid body with the validation errors in a JSON 400", () => {
    expect(definition["x-amazon-apigateway-gateway-responses"].BAD_REQUEST_BODY?.statusCode).toBe("400");
    expect(definition["x-amazon-apigateway-gateway-responses"].BAD_REQUEST_BODY?.responseTemplates["application/json"]).toContain(
      "$context.error.validationErrorString",
    );
  });

  it("is plain data: JSON round-trips it unchanged", () => {
    expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
  });
});

describe("POST /orders request template -> PutEvents", () => {
  it("puts exactly the OrderPlaced envelope, with the API request id as order id and idempotency key", () => {
    const { request, detail } = putEventsRequest(SEED_ORDERS.labSupplies, "4f2c0d9e-1111-2222-3333-444455556666");
    expect(request).toEqual({
      Entries: [{ EventBusName: "orders-dev-orders", Source: ORDER_SOURCE, DetailType: ORDER_PLACED, Detail: expect.any(String) }],
    });
    const id = "4f2c0d9e-1111-2222-3333-444455556666";
    expect(detail).toEqual(orderPlacedDetail(SEED_ORDERS.labSupplies, id, id));
  });

  it("uses the client's idempotencyKey as the key only: the order id is still the request id", () => {
    const requestId = "0b9f3c52-7a1e-4c1d-9e57-2f0a6f1d8c44";
    const { detail } = putEventsRequest({ ...SEED_ORDERS.officeSupplies, idempotencyKey: "client-42" }, requestId);
    expect(detail).toEqual(orderPlacedDetail(SEED_ORDERS.officeSupplies, requestId, "client-42"));
  });

  it("carries OrderDetails when given", () => {
    const { detail } = putEventsRequest(SEED_ORDERS.completedOrder);
    expect(detail.data.OrderDetails).toBe("completed");
  });

  it("keeps quotes, apostrophes, backslashes, slashes, newlines and non-ASCII text intact through both encodings", () => {
    const details = `it's "done" \\ a/b\nline 2 – café 😀`;
    const { detail } = putEventsRequest({ ...SEED_ORDERS.labSupplies, OrderDetails: details });
    expect(detail.data.OrderDetails).toBe(details);
  });

  it("keeps a fractional value a number", () => {
    expect(putEventsRequest({ ...SEED_ORDERS.labSupplies, value: 12.5 }).detail.data.value).toBe(12.5);
  });

  it("remembers the order id in a request override for the response template", () => {
    const { rendered } = putEventsRequest({ ...SEED_ORDERS.labSupplies, idempotencyKey: "client-7" }, "request-7");
    expect(rendered.overrides.requestOverride.header).toEqual({ OrderId: "request-7" });
  });
});

describe("POST /orders response template", () => {
  const accepted = (order: object, requestId = "request-1") => putEventsRequest(order, requestId).rendered.overrides;

  it("answers 202 with the order id and where to poll when the entry was accepted", () => {
    const response = render(
      ORDER_ACCEPTED_TEMPLATE,
      { FailedEntryCount: 0, Entries: [{ EventId: "e-1" }] },
      NO_PARAMS,
      accepted(SEED_ORDERS.labSupplies, "o-1"),
    );
    expect(response.statusOverride).toBeUndefined();
    expect(JSON.parse(response.output)).toEqual({ orderId: "o-1", statusPath: "/orders/o-1/status" });
  });

  it("answers 500, never success, when FailedEntryCount > 0", () => {
    const failed = { FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }] };
    const response = render(ORDER_ACCEPTED_TEMPLATE, failed, NO_PARAMS, accepted(SEED_ORDERS.labSupplies, "o-2"));
    expect(response.statusOverride).toBe(500);
    expect(JSON.parse(response.output)).toEqual({ message: expect.stringMatching(/not accepted/), orderId: "o-2", errorCode: "InternalFailure" });
  });

  it("fails closed when the answer is not a PutEvents result", () => {
    const response = render(ORDER_ACCEPTED_TEMPLATE, {}, NO_PARAMS, accepted(SEED_ORDERS.labSupplies));
    expect(response.statusOverride).toBe(500);
  });
});

describe("GET templates -> GetItem", () => {
  it("reads the status with a consistent read of four attributes", () => {
    expect(JSON.parse(render(GET_ORDER_STATUS_TEMPLATE, "", idParam("order-1")).output)).toEqual({
      TableName: "orders-dev-order-status",
      Key: { orderId: { S: "order-1" } },
      ProjectionExpression: "orderId, #status, reason, updatedAt",
      ExpressionAttributeNames: { "#status": "status" },
      ConsistentRead: true,
    });
  });

  it("reads the whole row for GET /orders/{id}", () => {
    expect(JSON.parse(render(GET_ORDER_TEMPLATE, "", idParam("order-1")).output)).toEqual({
      TableName: "orders-dev-order-status",
      Key: { orderId: { S: "order-1" } },
      ConsistentRead: true,
    });
  });

  it("keeps an id with quotes a valid key (no JSON injection)", () => {
    const id = `x", "TableName": "other`;
    expect(JSON.parse(render(GET_ORDER_TEMPLATE, "", idParam(id)).output).Key).toEqual({ orderId: { S: id } });
  });
});

describe("GET response templates", () => {
  it("answers the status of a found order", () => {
    const response = render(ORDER_STATUS_TEMPLATE, { Item: ITEM }, idParam("order-1"));
    expect(response.statusOverride).toBeUndefined();
    expect(JSON.parse(response.output)).toEqual({ orderId: "order-1", status: "PROCESSED", updatedAt: "2026-11-22T12:00:01.000Z" });
  });

  it("answers 404 with the id for an unknown order (GetItem returns no Item)", () => {
    const response = render(ORDER_STATUS_TEMPLATE, {}, idParam("nope"));
    expect(response.statusOverride).toBe(404);
    expect(JSON.parse(response.output)).toEqual({ message: "No order with this id.", orderId: "nope" });
  });

  it("answers the row's fields for GET /orders/{id}, value as a number, without the execution ARN", () => {
    expect(JSON.parse(render(ORDER_RESULT_TEMPLATE, { Item: ITEM }, idParam("order-1")).output)).toEqual({
      orderId: "order-1",
      status: "PROCESSED",
      category: "lab-supplies",
      value: 415,
      location: "eu-west",
      idempotencyKey: "order-1",
      updatedAt: "2026-11-22T12:00:01.000Z",
    });
  });

  it("tells a FAILED order's reason, never the internal error and cause", () => {
    const failed = { ...ITEM, status: { S: "FAILED" }, reason: { S: "PROCESSING_ERROR" }, error: { S: "States.TaskFailed" }, cause: { S: `it's "broken"` } };
    const result = JSON.parse(render(ORDER_RESULT_TEMPLATE, { Item: failed }, idParam("order-1")).output);
    expect(result).toEqual(expect.objectContaining({ status: "FAILED", reason: "PROCESSING_ERROR" }));
    expect(result).not.toHaveProperty("error");
    expect(result).not.toHaveProperty("cause");
    const status = JSON.parse(render(ORDER_STATUS_TEMPLATE, { Item: failed }, idParam("order-1")).output);
    expect(status).toEqual({ orderId: "order-1", status: "FAILED", reason: "PROCESSING_ERROR", updatedAt: "2026-11-22T12:00:01.000Z" });
  });

  it("answers valid JSON for a FAILED row without order fields (it failed before OrderIntake recorded them)", () => {
    const { category: _c, value: _v, location: _l, ...bare } = { ...ITEM, status: { S: "FAILED" }, reason: { S: "INVALID_ORDER" } };
    expect(JSON.parse(render(ORDER_RESULT_TEMPLATE, { Item: bare }, idParam("order-1")).output)).toEqual({
      orderId: "order-1",
      status: "FAILED",
      idempotencyKey: ITEM.idempotencyKey.S,
      reason: "INVALID_ORDER",
      updatedAt: "2026-11-22T12:00:01.000Z",
    });
  });

  it("answers a RECEIVED order, which has no reason yet", () => {
    const received = { ...ITEM, status: { S: "RECEIVED" } };
    expect(JSON.parse(render(ORDER_STATUS_TEMPLATE, { Item: received }, idParam("order-1")).output)).toEqual({
      orderId: "order-1",
      status: "RECEIVED",
      updatedAt: "2026-11-22T12:00:01.000Z",
    });
  });

  it("answers 404 for an unknown order on GET /orders/{id} too", () => {
    expect(render(ORDER_RESULT_TEMPLATE, {}, idParam("nope")).statusOverride).toBe(404);
  });
});

describe("the whole API through the local harness (fake AWS backend)", () => {
  const api = apiFromDefinition(definition, { apiId: "a1b2c3", stage: "dev", region: "eu-west-1", accountId: "111111111111" }, STAGE_VARIABLES);
  const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
  const backendAnswering = (statusCode: number, body: object) => {
    const calls: IntegrationRequest[] = [];
    const backend: Backend = async (request) => {
      calls.push(request);
      return { statusCode, body: JSON.stringify(body) };
    };
    return { backend, calls };
  };
  const post = async (body: string, headers: Record<string, string> = { "content-type": "application/json" }) =>
    signedApiRequest(api, { method: "POST", path: "/orders", headers, body }, credentials);

  it("sends the rendered PutEvents request with the JSON protocol headers and the integration role", async () => {
    const { backend, calls } = backendAnswering(200, { FailedEntryCount: 0, Entries: [{ EventId: "e" }] });
    const response = await invokeLocally(api, await post(JSON.stringify(SEED_ORDERS.labSupplies)), backend, { requestId: "o-9" });
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toEqual({ orderId: "o-9", statusPath: "/orders/o-9/status" });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toEqual(
      expect.objectContaining({
        uri: "arn:aws:apigateway:eu-west-1:events:action/PutEvents",
        credentials: ROLE,
        headers: { "X-Amz-Target": "AWSEvents.PutEvents", "Content-Type": "application/x-amz-json-1.1", OrderId: "o-9" },
      }),
    );
  });

  it("makes every order id a fresh UUID v4, even for a retried request with the same idempotency key", async () => {
    const { backend } = backendAnswering(200, { FailedEntryCount: 0, Entries: [{ EventId: "e" }] });
    const body = JSON.stringify({ ...SEED_ORDERS.labSupplies, idempotencyKey: "retry-1" });
    const ids = await Promise.all([1, 2].map(async () => JSON.parse((await invokeLocally(api, await post(body), backend)).body).orderId));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it("refuses an unsigned request with 403 before calling AWS", async () => {
    const { backend, calls } = backendAnswering(200, {});
    const response = await invokeLocally(api, { method: "GET", path: "/orders/o-1/status" }, backend);
    expect([response.statusCode, JSON.parse(response.body).message, calls.length]).toEqual([403, "Missing Authentication Token", 0]);
  });

  it("answers an unknown route with 403 Missing Authentication Token", async () => {
    const { backend } = backendAnswering(200, {});
    const request = await signedApiRequest(api, { method: "DELETE", path: "/orders/o-1" }, credentials);
    expect((await invokeLocally(api, request, backend)).statusCode).toBe(403);
  });

  it("refuses an invalid body with 400 naming the fields, before calling AWS", async () => {
    const { backend, calls } = backendAnswering(200, {});
    const response = await invokeLocally(api, await post(JSON.stringify({ value: 0, location: "eu-west" })), backend);
    const body = JSON.parse(response.body);
    expect([response.statusCode, body.message, calls.length]).toEqual([400, "Invalid request body", 0]);
    expect(body.validationErrors).toEqual(expect.stringContaining("/category"));
    expect(body.validationErrors).toEqual(expect.stringContaining("/value"));
  });

  it("refuses a body that is not JSON with 400", async () => {
    const { backend } = backendAnswering(200, {});
    expect((await invokeLocally(api, await post("{not json"), backend)).statusCode).toBe(400);
  });

  it("refuses a content type without a template with 415", async () => {
    const { backend, calls } = backendAnswering(200, {});
    const response = await invokeLocally(api, await post("category=x", { "content-type": "application/x-www-form-urlencoded" }), backend);
    expect([response.statusCode, calls.length]).toEqual([415, 0]);
  });

  it("answers 500 when EventBridge refuses the call", async () => {
    const { backend } = backendAnswering(400, { __type: "AccessDeniedException", message: "no" });
    const response = await invokeLocally(api, await post(JSON.stringify(SEED_ORDERS.labSupplies)), backend, { requestId: "r-1" });
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body)).toEqual({ message: expect.stringMatching(/could not answer/), requestId: "r-1" });
  });

  it("reads GET /orders/{id}/status through GetItem with the path's id", async () => {
    const { backend, calls } = backendAnswering(200, { Item: ITEM });
    const request = await signedApiRequest(api, { method: "GET", path: "/orders/order-1/status" }, credentials);
    const response = await invokeLocally(api, request, backend);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(calls[0].body).Key).toEqual({ orderId: { S: "order-1" } });
    expect(calls[0].headers["X-Amz-Target"]).toBe("DynamoDB_20120810.GetItem");
  });
});

describe("ordersApiPermissions", () => {
  it("allows exactly PutEvents on the Orders bus and GetItem on the status table", () => {
    const stack = testStack();
    const bus = testBus(stack);
    const table = new DynamoTable(stack, "Table", { name: "t", partitionKey: "orderId", deletionProtection: false });
    expect(ordersApiPermissions(bus, table)).toEqual([
      { Effect: "Allow", Action: "events:PutEvents", Resource: bus.busArn },
      { Effect: "Allow", Action: "dynamodb:GetItem", Resource: table.tableArn },
    ]);
  });
});
