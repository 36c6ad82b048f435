import type { DynamoTable } from "../../modules/dynamodb-table";
import type { EventBus } from "../../modules/event-bus";
import type { PolicyStatement } from "../../modules/policy-document";
import { JSON_GATEWAY_RESPONSES, JsonSchema, OpenApiDocument, escapedJson, schemaRef, serviceIntegration } from "../../modules/openapi";
import type { DefinitionContext } from "../../modules/rest-api";
import { COMPREHEND_SENTIMENT_TEXT_MAX_BYTES } from "../../modules/aws-limits";
import { REVIEW_SOURCE, REVIEW_SUBMITTED, SENTIMENTS } from "../events/reviews";

/**
 * The reviews REST API, without Lambda:
 * - POST /reviews validates the body against the Review model and puts a ReviewSubmitted event on
 *   the reviews bus (EventBridge PutEvents); it answers 202 with the review id the platform made
 *   (the API request id) and the path its outcome is read from. A refused body publishes nothing.
 * - GET /reviews/{id} reads the review's row (DynamoDB GetItem): ANALYSED with its sentiment, or
 *   FAILED; an id not analysed yet is a 404.
 * The bus and table names reach the templates as stage variables (`$stageVariables.reviewsBus`).
 */

/** The stage variables the templates read. */
export function reviewsApiStageVariables(names: { readonly reviewsBusName: string; readonly reviewsTableName: string }): Record<string, string> {
  return { reviewsBus: names.reviewsBusName, reviewsTable: names.reviewsTableName };
}

const ID_PATTERN = "^[A-Za-z0-9-]{1,64}$";
const EMAIL_PATTERN = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";

/**
 * The body of POST /reviews: a product or an order (never both, never neither), a rating of 1-5,
 * the text and the reviewer's address. `maxLength` counts characters; DetectSentiment's limit is
 * bytes, so a longer multi-byte text fails its analysis (FAILED, ReviewAnalysisFailed), not silently.
 * JSON Schema draft 4 (API Gateway's model dialect).
 */
export const REVIEW_MODEL: JsonSchema = {
  title: "Review",
  type: "object",
  additionalProperties: false,
  required: ["rating", "text", "reviewer"],
  // Each branch names the field it requires (a required field must be a declared property).
  oneOf: [
    { required: ["productId"], properties: { productId: { type: "string" } } },
    { required: ["orderId"], properties: { orderId: { type: "string" } } },
  ],
  properties: {
    productId: { type: "string", pattern: ID_PATTERN, description: "The product reviewed (or orderId)" },
    orderId: { type: "string", pattern: ID_PATTERN, description: "The order reviewed (or productId)" },
    rating: { type: "integer", minimum: 1, maximum: 5 },
    text: { type: "string", minLength: 1, maxLength: COMPREHEND_SENTIMENT_TEXT_MAX_BYTES, description: "Read by Comprehend: at most 5,000 bytes" },
    reviewer: {
      type: "object",
      additionalProperties: false,
      required: ["email"],
      properties: { email: { type: "string", pattern: EMAIL_PATTERN, maxLength: 254, description: "Where the thank-you goes" } },
    },
  },
};

const text = (description: string): JsonSchema => ({ type: "string", description });

const RESPONSE_MODELS: Readonly<Record<string, JsonSchema>> = {
  ReviewAccepted: {
    type: "object",
    required: ["reviewId", "outcomePath"],
    properties: { reviewId: text("The review's id"), outcomePath: text("Where the analysis is read, relative to the stage URL") },
  },
  ReviewOutcome: {
    type: "object",
    required: ["reviewId", "status", "updatedAt"],
    properties: {
      reviewId: text("The review's id"),
      status: { type: "string", enum: ["ANALYSED", "FAILED"] },
      sentiment: { type: "string", enum: [...SENTIMENTS], description: "ANALYSED reviews only" },
      updatedAt: text("ISO 8601"),
    },
  },
  Error: { type: "object", required: ["message"], properties: { message: text("What went wrong") } },
};

/**
 * POST /reviews -> PutEvents. The review id is the API request id and the review's idempotency key;
 * it is kept in a request override so the response template can return it.
 */
export const PUT_REVIEW_SUBMITTED_TEMPLATE = [
  `#set($review = $input.path('$'))`,
  `#set($reviewId = $context.requestId)`,
  `#set($context.requestOverride.header.ReviewId = $reviewId)`,
  `#if($review.productId)`,
  `#set($subjectType = "product")`,
  `#set($subjectId = ${escapedJson("$input.json('$.productId')")})`,
  `#else`,
  `#set($subjectType = "order")`,
  `#set($subjectId = ${escapedJson("$input.json('$.orderId')")})`,
  `#end`,
  `#set($text = ${escapedJson("$input.json('$.text')")})`,
  `#set($email = ${escapedJson("$input.json('$.reviewer.email')")})`,
  `{`,
  `  "Entries": [`,
  `    {`,
  `      "EventBusName": "$stageVariables.reviewsBus",`,
  `      "Source": "${REVIEW_SOURCE}",`,
  `      "DetailType": "${REVIEW_SUBMITTED}",`,
  `      "Detail": "{\\"metadata\\":{\\"idempotency-key\\":\\"$reviewId\\"},\\"data\\":{\\"review-id\\":\\"$reviewId\\",\\"subject-type\\":\\"$subjectType\\",\\"subject-id\\":$subjectId,\\"rating\\":$input.json('$.rating'),\\"text\\":$text,\\"reviewer\\":{\\"email\\":$email}}}"`,
  `    }`,
  `  ]`,
  `}`,
].join("\n");

/** PutEvents answered 200: accepted only if the one entry was (FailedEntryCount 0), else a 500. */
export const REVIEW_ACCEPTED_TEMPLATE = [
  `#set($result = $input.path('$'))`,
  `#set($reviewId = $context.requestOverride.header.ReviewId)`,
  `#if($result.FailedEntryCount == 0)`,
  `{`,
  `  "reviewId": "$reviewId",`,
  `  "outcomePath": "/reviews/$reviewId"`,
  `}`,
  `#else`,
  `#set($context.responseOverride.status = 500)`,
  `{`,
  `  "message": "The review was not accepted; send it again.",`,
  `  "errorCode": "$!util.escapeJavaScript($result.Entries[0].ErrorCode)"`,
  `}`,
  `#end`,
].join("\n");

export const GET_REVIEW_TEMPLATE = [
  `{`,
  `  "TableName": "$stageVariables.reviewsTable",`,
  `  "Key": { "reviewId": { "S": "${escapedJson("$input.params('id')")}" } },`,
  `  "ProjectionExpression": "reviewId, #status, sentiment, updatedAt",`,
  `  "ExpressionAttributeNames": { "#status": "status" },`,
  `  "ConsistentRead": true`,
  `}`,
].join("\n");

const attribute = (name: string) => `"${name}": "${escapedJson(`$item.${name}.S`)}"`;

/** The row for clients: never the execution or an error's internals. */
export const REVIEW_OUTCOME_TEMPLATE = [
  `#set($response = $input.path('$'))`,
  `#if($response.Item)`,
  `#set($item = $response.Item)`,
  `{`,
  `  ${attribute("reviewId")},`,
  `  ${attribute("status")},`,
  `#if($item.sentiment)`,
  `  ${attribute("sentiment")},`,
  `#end`,
  `  ${attribute("updatedAt")}`,
  `}`,
  `#else`,
  `#set($context.responseOverride.status = 404)`,
  `{`,
  `  "message": "No analysed review with this id (yet).",`,
  `  "reviewId": "${escapedJson("$input.params('id')")}"`,
  `}`,
  `#end`,
].join("\n");

export const REVIEWS_INTEGRATION_FAILURE_TEMPLATE = [
  `{`,
  `  "message": "The review service could not answer; try again later.",`,
  `  "requestId": "$context.requestId"`,
  `}`,
].join("\n");

const JSON_TYPE = "application/json";
const jsonBody = (model: string, description: string) => ({ description, content: { [JSON_TYPE]: { schema: schemaRef(model) } } });
const IAM_AUTH = [{ sigv4: [] }];

/** The OpenAPI document `aws_api_gateway_rest_api.body` imports. */
export function reviewsApiDefinition(context: DefinitionContext): OpenApiDocument {
  const failure = REVIEWS_INTEGRATION_FAILURE_TEMPLATE;
  return {
    openapi: "3.0.1",
    info: { title: "reviews", description: "Submit reviews and read their analysis", version: "1.0" },
    paths: {
      "/reviews": {
        post: {
          operationId: "submitReview",
          summary: "Submit a review: a ReviewSubmitted event on the reviews bus",
          security: IAM_AUTH,
          requestBody: { required: true, content: { [JSON_TYPE]: { schema: schemaRef("Review") } } },
          "x-amazon-apigateway-request-validator": "body",
          responses: {
            "202": jsonBody("ReviewAccepted", "Accepted; read outcomePath"),
            "400": jsonBody("Error", "The body does not match the Review model"),
            "500": jsonBody("Error", "The event was not accepted"),
          },
          "x-amazon-apigateway-integration": serviceIntegration(
            { service: "events", action: "PutEvents", ...context },
            { request: PUT_REVIEW_SUBMITTED_TEMPLATE, success: { statusCode: "202", template: REVIEW_ACCEPTED_TEMPLATE }, failure },
          ),
        },
      },
      "/reviews/{id}": {
        get: {
          operationId: "getReview",
          summary: "The review's analysis",
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          security: IAM_AUTH,
          "x-amazon-apigateway-request-validator": "params",
          responses: {
            "200": jsonBody("ReviewOutcome", "The review's analysis"),
            "404": jsonBody("Error", "Not analysed (yet)"),
            "500": jsonBody("Error", "The reviews table could not be read"),
          },
          "x-amazon-apigateway-integration": serviceIntegration(
            { service: "dynamodb", action: "GetItem", ...context },
            { request: GET_REVIEW_TEMPLATE, success: { statusCode: "200", template: REVIEW_OUTCOME_TEMPLATE }, failure },
          ),
        },
      },
    },
    components: {
      schemas: { Review: REVIEW_MODEL, ...RESPONSE_MODELS },
      securitySchemes: {
        sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
      },
    },
    "x-amazon-apigateway-request-validators": {
      body: { validateRequestBody: true, validateRequestParameters: false },
      params: { validateRequestBody: false, validateRequestParameters: true },
    },
    "x-amazon-apigateway-gateway-responses": JSON_GATEWAY_RESPONSES,
  };
}

/** Exactly what the integrations call: PutEvents on the reviews bus, GetItem on the reviews table. */
export function reviewsApiPermissions(reviewsBus: EventBus, reviewsTable: DynamoTable): PolicyStatement[] {
  return [reviewsBus.putEvents(), { Effect: "Allow", Action: "dynamodb:GetItem", Resource: reviewsTable.tableArn }];
}
