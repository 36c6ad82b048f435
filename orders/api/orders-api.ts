import { ORDER_PLACED, ORDER_SOURCE, ORDER_STATUSES, STATUS_REASONS } from "../events/orders";
import type { DynamoTable } from "../../modules/dynamodb-table";
import type { EventBus } from "../../modules/event-bus";
import type { PolicyStatement } from "../../modules/policy-document";
import {
  AwsServiceIntegration,
  INTEGRATION_FAILURE_PATTERN,
  JSON_GATEWAY_RESPONSES,
  JsonSchema,
  OpenApiDocument,
  Operation,
  Parameter,
  escapedJson,
  schemaRef,
  serviceIntegration,
} from "../../modules/openapi";

export { INTEGRATION_FAILURE_PATTERN };

/**
 * The client-polling REST API (place an order, then poll its status), without Lambda:
 * - POST /orders puts an OrderPlaced event on the Orders bus (EventBridge PutEvents) and answers
 *   202 with the order id the platform made: the API request id, a UUID v4 nobody can guess (the
 *   id is all a guest needs to read an order's status). A client's `idempotencyKey` is only that;
 * - GET /orders/{id}/status and GET /orders/{id} read the status row the order workflows write
 *   (DynamoDB GetItem, consistent read): RECEIVED within seconds of the 202, then PROCESSING and a
 *   final status; an id never accepted is a 404.
 * Mapping templates only read `$input.path('$')` (then walk the map) and `$input.json` of fields
 * the model makes present, so no template depends on how API Gateway renders a missing path.
 * The bus and table names reach the templates as stage variables: the templates are constants,
 * and the definition holds no Terraform reference (RestApi deploys it as a literal JSON body).
 */
export interface OrdersApiTargets {
  /** The role API Gateway assumes to call EventBridge and DynamoDB. */
  readonly integrationRoleArn: string;
  readonly region: string;
}

/** The stage variables the templates read (`$stageVariables.ordersBus`, `$stageVariables.statusTable`). */
export function ordersApiStageVariables(names: { readonly ordersBusName: string; readonly statusTableName: string }): Record<string, string> {
  return { ordersBus: names.ordersBusName, statusTable: names.statusTableName };
}

/** A client's idempotency key; generated keys (`$context.requestId`, a UUID) match it too. */
export const IDEMPOTENCY_KEY_PATTERN = "^[A-Za-z0-9-]{1,64}$";
/** Lowercase codes: `eu-west` is an EU order, `EU-WEST` is refused (see events/patterns.ts). */
export const LOCATION_PATTERN = "^[a-z]+(-[a-z0-9]+)*$";
export const CATEGORY_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";

/**
 * The order body of POST /orders: OrderData of events/orders.ts plus an optional `idempotencyKey`.
 * There is no `orderId`: ids are the platform's, so a client can neither guess nor reuse one.
 * JSON Schema draft 4 (API Gateway's model dialect): `exclusiveMinimum` is a boolean.
 */
export const ORDER_MODEL: JsonSchema = {
  title: "Order",
  type: "object",
  additionalProperties: false,
  required: ["category", "value", "location"],
  properties: {
    idempotencyKey: {
      type: "string",
      pattern: IDEMPOTENCY_KEY_PATTERN,
      description: "Your key for the order, sent again with a retried request; the order id is the platform's",
    },
    category: { type: "string", pattern: CATEGORY_PATTERN, maxLength: 64 },
    value: { type: "number", minimum: 0, exclusiveMinimum: true },
    location: { type: "string", pattern: LOCATION_PATTERN, maxLength: 32 },
    OrderDetails: { type: "string", minLength: 1, maxLength: 1024 },
  },
};

const text = (description: string): JsonSchema => ({ type: "string", description });
const STATUS: JsonSchema = { type: "string", enum: [...ORDER_STATUSES], description: "RECEIVED, then PROCESSING; PROCESSED, FAILED and REJECTED are final" };
const REASON: JsonSchema = { type: "string", enum: Object.keys(STATUS_REASONS), description: "Final statuses only: why the order has its status" };

const RESPONSE_MODELS: Readonly<Record<string, JsonSchema>> = {
  OrderAccepted: {
    type: "object",
    required: ["orderId", "statusPath"],
    properties: { orderId: text("The order's id"), statusPath: text("Where to poll, relative to the stage URL") },
  },
  OrderStatus: {
    type: "object",
    required: ["orderId", "status", "updatedAt"],
    properties: { orderId: text("The order's id"), status: STATUS, reason: REASON, updatedAt: text("ISO 8601") },
  },
  OrderResult: {
    type: "object",
    required: ["orderId", "status", "category", "value", "location", "idempotencyKey", "updatedAt"],
    properties: {
      orderId: text("The order's id"),
      status: STATUS,
      category: text("As placed"),
      value: { type: "number" },
      location: text("As placed"),
      idempotencyKey: text("The key consumers deduplicate on"),
      reason: REASON,
      updatedAt: text("ISO 8601"),
    },
  },
  Error: { type: "object", required: ["message"], properties: { message: text("What went wrong") } },
};

const escaped = escapedJson;

/**
 * POST /orders -> PutEvents. The order id is always the API request id; the idempotency key is the
 * client's, or the order id. The id is kept in a request override so the response template can
 * return it (the request body does not reach it).
 */
export const PUT_ORDER_PLACED_TEMPLATE = [
  `#set($order = $input.path('$'))`,
  `#set($orderId = $context.requestId)`,
  `#if($order.idempotencyKey)`,
  `#set($idempotencyKey = $order.idempotencyKey)`,
  `#else`,
  `#set($idempotencyKey = $orderId)`,
  `#end`,
  `#set($context.requestOverride.header.OrderId = $orderId)`,
  `#set($category = ${escaped("$input.json('$.category')")})`,
  `#set($location = ${escaped("$input.json('$.location')")})`,
  `{`,
  `  "Entries": [`,
  `    {`,
  `      "EventBusName": "$stageVariables.ordersBus",`,
  `      "Source": "${ORDER_SOURCE}",`,
  `      "DetailType": "${ORDER_PLACED}",`,
  `      "Detail": "{\\"metadata\\":{\\"idempotency-key\\":\\"$idempotencyKey\\"},\\"data\\":{\\"order-id\\":\\"$orderId\\",\\"category\\":$category,\\"value\\":$input.json('$.value'),\\"location\\":$location#if($order.OrderDetails),\\"OrderDetails\\":${escaped("$input.json('$.OrderDetails')")}#end}}"`,
  `    }`,
  `  ]`,
  `}`,
].join("\n");

/** PutEvents answered 200: accepted only if the one entry was (FailedEntryCount 0), else a 500. */
export const ORDER_ACCEPTED_TEMPLATE = [
  `#set($result = $input.path('$'))`,
  `#set($orderId = $context.requestOverride.header.OrderId)`,
  `#if($result.FailedEntryCount == 0)`,
  `{`,
  `  "orderId": "$orderId",`,
  `  "statusPath": "/orders/$orderId/status"`,
  `}`,
  `#else`,
  `#set($context.responseOverride.status = 500)`,
  `{`,
  `  "message": "The order was not accepted; send it again (with the same idempotencyKey).",`,
  `  "orderId": "$orderId",`,
  `  "errorCode": "$!util.escapeJavaScript($result.Entries[0].ErrorCode)"`,
  `}`,
  `#end`,
].join("\n");

/** GetItem of one status row by the path's id, strongly consistent. */
function getStatusRowTemplate(projection?: string): string {
  return [
    `{`,
    `  "TableName": "$stageVariables.statusTable",`,
    `  "Key": { "orderId": { "S": "${escaped("$input.params('id')")}" } },`,
    ...(projection ? [`  "ProjectionExpression": "${projection}",`, `  "ExpressionAttributeNames": { "#status": "status" },`] : []),
    `  "ConsistentRead": true`,
    `}`,
  ].join("\n");
}

export const GET_ORDER_STATUS_TEMPLATE = getStatusRowTemplate("orderId, #status, reason, updatedAt");
export const GET_ORDER_TEMPLATE = getStatusRowTemplate();

/** A string attribute of the row, as a JSON string. */
const attribute = (name: string) => `"${name}": "${escaped(`$item.${name}.S`)}"`;

/** GetItem without an Item: 404 with the id asked for. */
const NOT_FOUND = [
  `#else`,
  `#set($context.responseOverride.status = 404)`,
  `{`,
  `  "message": "No order with this id.",`,
  `  "orderId": "${escaped("$input.params('id')")}"`,
  `}`,
  `#end`,
];

/** A final status's reason; rows of RECEIVED and PROCESSING orders have none. */
/** A string attribute the row may lack, with its trailing comma (never the last field). */
const ifSet = (name: string) => [`#if($item.${name})`, `  ${attribute(name)},`, `#end`];
const REASON_IF_SET = ifSet("reason");

export const ORDER_STATUS_TEMPLATE = [
  `#set($response = $input.path('$'))`,
  `#if($response.Item)`,
  `#set($item = $response.Item)`,
  `{`,
  `  ${attribute("orderId")},`,
  `  ${attribute("status")},`,
  ...REASON_IF_SET,
  `  ${attribute("updatedAt")}`,
  `}`,
  ...NOT_FOUND,
].join("\n");

/**
 * The row's fields for clients: not executionArn (it names the account and workflow) and not a
 * failure's internal error and cause (the reason says what a client may know).
 */
export const ORDER_RESULT_TEMPLATE = [
  `#set($response = $input.path('$'))`,
  `#if($response.Item)`,
  `#set($item = $response.Item)`,
  `{`,
  `  ${attribute("orderId")},`,
  `  ${attribute("status")},`,
  // An order that failed before OrderIntake recorded it (or had none) has no order fields.
  ...ifSet("category"),
  `#if($item.value)`,
  `  "value": $item.value.N,`,
  `#end`,
  ...ifSet("location"),
  `  ${attribute("idempotencyKey")},`,
  ...REASON_IF_SET,
  `  ${attribute("updatedAt")}`,
  `}`,
  ...NOT_FOUND,
].join("\n");

/** Any 4xx/5xx from EventBridge or DynamoDB (throttling, access denied, ...): the client cannot fix it. */
export const INTEGRATION_FAILURE_TEMPLATE = [
  `{`,
  `  "message": "The order service could not answer; try again later.",`,
  `  "requestId": "$context.requestId"`,
  `}`,
].join("\n");

const JSON_TYPE = "application/json";

function awsIntegration(
  targets: OrdersApiTargets,
  service: "events" | "dynamodb",
  action: string,
  request: string,
  success: { statusCode: string; template: string },
): AwsServiceIntegration {
  return serviceIntegration({ service, action, ...targets }, { request, success, failure: INTEGRATION_FAILURE_TEMPLATE });
}

const jsonBody = (model: string, description: string) => ({ description, content: { [JSON_TYPE]: { schema: schemaRef(model) } } });
const ORDER_ID_PARAMETER: Parameter = { name: "id", in: "path", required: true, schema: { type: "string" } };
const IAM_AUTH = [{ sigv4: [] }];

function readRow(targets: OrdersApiTargets, operationId: string, summary: string, request: string, response: string, model: string): Operation {
  return {
    operationId,
    summary,
    parameters: [ORDER_ID_PARAMETER],
    security: IAM_AUTH,
    "x-amazon-apigateway-request-validator": "params",
    responses: {
      "200": jsonBody(model, "The order"),
      "404": jsonBody("Error", "No order with this id"),
      "500": jsonBody("Error", "The status table could not be read"),
    },
    "x-amazon-apigateway-integration": awsIntegration(targets, "dynamodb", "GetItem", request, { statusCode: "200", template: response }),
  };
}

/** API Gateway's own errors as JSON with the request id; an invalid body also says what is wrong. */
export const ORDERS_API_GATEWAY_RESPONSES = JSON_GATEWAY_RESPONSES;

/** The OpenAPI document `aws_api_gateway_rest_api.body` imports. */
export function ordersApiDefinition(targets: OrdersApiTargets): OpenApiDocument {
  return {
    openapi: "3.0.1",
    info: { title: "orders", description: "Place orders and poll their status", version: "1.0" },
    paths: {
      "/orders": {
        post: {
          operationId: "placeOrder",
          summary: "Place an order: an OrderPlaced event on the Orders bus",
          security: IAM_AUTH,
          requestBody: { required: true, content: { [JSON_TYPE]: { schema: schemaRef("Order") } } },
          "x-amazon-apigateway-request-validator": "body",
          responses: {
            "202": jsonBody("OrderAccepted", "Accepted; poll statusPath"),
            "400": jsonBody("Error", "The body does not match the Order model"),
            "500": jsonBody("Error", "The event was not accepted"),
          },
          "x-amazon-apigateway-integration": awsIntegration(targets, "events", "PutEvents", PUT_ORDER_PLACED_TEMPLATE, {
            statusCode: "202",
            template: ORDER_ACCEPTED_TEMPLATE,
          }),
        },
      },
      "/orders/{id}": {
        get: readRow(targets, "getOrder", "The order's status row", GET_ORDER_TEMPLATE, ORDER_RESULT_TEMPLATE, "OrderResult"),
      },
      "/orders/{id}/status": {
        get: readRow(targets, "getOrderStatus", "The order's status", GET_ORDER_STATUS_TEMPLATE, ORDER_STATUS_TEMPLATE, "OrderStatus"),
      },
    },
    components: {
      schemas: { Order: ORDER_MODEL, ...RESPONSE_MODELS },
      securitySchemes: {
        sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
      },
    },
    "x-amazon-apigateway-request-validators": {
      body: { validateRequestBody: true, validateRequestParameters: false },
      params: { validateRequestBody: false, validateRequestParameters: true },
    },
    "x-amazon-apigateway-gateway-responses": ORDERS_API_GATEWAY_RESPONSES,
  };
}

/**
 * Exactly what the integrations call: PutEvents on the Orders bus, GetItem on the status table.
 * For the integration role of the REST API (RestApi `integrationPermissions`).
 */
export function ordersApiPermissions(ordersBus: EventBus, statusTable: DynamoTable): PolicyStatement[] {
  return [ordersBus.putEvents(), { Effect: "Allow", Action: "dynamodb:GetItem", Resource: statusTable.tableArn }];
}
