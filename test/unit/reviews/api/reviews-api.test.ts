import { REVIEW_SOURCE, REVIEW_SUBMITTED } from "../../../../reviews/events/reviews";
import {
  PUT_REVIEW_SUBMITTED_TEMPLATE,
  REVIEW_ACCEPTED_TEMPLATE,
  REVIEW_MODEL,
  REVIEW_OUTCOME_TEMPLATE,
  reviewsApiDefinition,
  reviewsApiStageVariables,
} from "../../../../reviews/api/reviews-api";
import { ContextVariables, MethodRequestParams, emptyOverrides, renderMappingTemplate } from "../../../../tools/local/api-gateway/mapping-templates";
import { validateAgainstModel } from "../../../../tools/local/api-gateway/model-validator";

const STAGE_VARIABLES = reviewsApiStageVariables({ reviewsBusName: "orders-dev-reviews", reviewsTableName: "orders-dev-reviews" });
const context = (requestId: string): ContextVariables => ({
  requestId,
  accountId: "111111111111",
  apiId: "a1b2c3",
  stage: "dev",
  httpMethod: "POST",
  resourcePath: "/reviews",
  path: "/dev/reviews",
  domainName: "a1b2c3.execute-api.eu-west-1.amazonaws.com",
  requestTimeEpoch: 0,
  identity: {},
});
const params = (id?: string): MethodRequestParams => ({ path: id ? { id } : {}, querystring: {}, header: {} });
const render = (template: string, body: unknown, id?: string, overrides = emptyOverrides()) =>
  renderMappingTemplate(template, { body: JSON.stringify(body), params: params(id), context: context("review-1"), stageVariables: STAGE_VARIABLES, overrides });

const REVIEW = { productId: "kettle-42", rating: 5, text: 'Great kettle, "really" great\nand it\'s quiet', reviewer: { email: "happy@example.com" } };

describe("the Review model", () => {
  it.each([
    ["a product review", REVIEW],
    ["an order review", { orderId: "order-1", rating: 1, text: "Late", reviewer: { email: "a@example.com" } }],
    ["a text of exactly 5,000 characters", { ...REVIEW, text: "x".repeat(5_000) }],
  ])("accepts %s", (_, body) => {
    expect(validateAgainstModel(REVIEW_MODEL, body)).toEqual({ valid: true, errors: "" });
  });

  it.each([
    ["both a product and an order", { ...REVIEW, orderId: "order-1" }, /oneOf/],
    ["neither a product nor an order", { rating: 4, text: "x", reviewer: { email: "a@example.com" } }, /oneOf/],
    ["a rating of 0", { ...REVIEW, rating: 0 }, /\/rating/],
    ["a rating of 4.5", { ...REVIEW, rating: 4.5 }, /\/rating/],
    ["an empty text", { ...REVIEW, text: "" }, /\/text/],
    ["a text over 5,000 characters", { ...REVIEW, text: "x".repeat(5_001) }, /\/text/],
    ["no reviewer", { productId: "p", rating: 3, text: "x" }, /\/reviewer/],
    ["a reviewer address that is not one", { ...REVIEW, reviewer: { email: "happy" } }, /\/reviewer\/email/],
    ["a field the model does not know", { ...REVIEW, reviewId: "mine" }, /\/reviewId/],
  ])("refuses %s", (_, body, field) => {
    const result = validateAgainstModel(REVIEW_MODEL, body);
    expect(result.valid).toBe(false);
    expect(result.errors).toMatch(field);
  });
});

describe("POST /reviews", () => {
  it("puts ReviewSubmitted on the reviews bus in the envelope, the request id as review id and idempotency key", () => {
    const request = JSON.parse(render(PUT_REVIEW_SUBMITTED_TEMPLATE, REVIEW).output);
    const [entry] = request.Entries;
    expect(entry).toEqual(expect.objectContaining({ EventBusName: "orders-dev-reviews", Source: REVIEW_SOURCE, DetailType: REVIEW_SUBMITTED }));
    expect(JSON.parse(entry.Detail)).toEqual({
      metadata: { "idempotency-key": "review-1" },
      data: {
        "review-id": "review-1",
        "subject-type": "product",
        "subject-id": "kettle-42",
        rating: 5,
        text: REVIEW.text,
        reviewer: { email: "happy@example.com" },
      },
    });
  });

  it("names an order review's subject as an order", () => {
    const request = JSON.parse(
      render(PUT_REVIEW_SUBMITTED_TEMPLATE, { orderId: "order-9", rating: 2, text: "Meh", reviewer: { email: "a@example.com" } }).output,
    );
    expect(JSON.parse(request.Entries[0].Detail).data).toEqual(expect.objectContaining({ "subject-type": "order", "subject-id": "order-9" }));
  });

  it("answers the review id and where to read its outcome, or a 500 when the entry failed", () => {
    const { overrides } = render(PUT_REVIEW_SUBMITTED_TEMPLATE, REVIEW);
    const accepted = renderMappingTemplate(REVIEW_ACCEPTED_TEMPLATE, {
      body: JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: "e" }] }),
      params: params(),
      context: context("review-1"),
      stageVariables: STAGE_VARIABLES,
      overrides,
    });
    expect(JSON.parse(accepted.output)).toEqual({ reviewId: "review-1", outcomePath: "/reviews/review-1" });
    const failed = renderMappingTemplate(REVIEW_ACCEPTED_TEMPLATE, {
      body: JSON.stringify({ FailedEntryCount: 1, Entries: [{ ErrorCode: "InternalFailure" }] }),
      params: params(),
      context: context("review-1"),
      stageVariables: STAGE_VARIABLES,
      overrides,
    });
    expect(failed.statusOverride).toBe(500);
  });
});

describe("GET /reviews/{id}", () => {
  it("answers the analysed review without execution or error details, or 404", () => {
    const item = {
      reviewId: { S: "r-1" },
      status: { S: "ANALYSED" },
      sentiment: { S: "NEGATIVE" },
      updatedAt: { S: "2026-01-01T00:00:00Z" },
      executionArn: { S: "arn" },
    };
    expect(JSON.parse(render(REVIEW_OUTCOME_TEMPLATE, { Item: item }, "r-1").output)).toEqual({
      reviewId: "r-1",
      status: "ANALYSED",
      sentiment: "NEGATIVE",
      updatedAt: "2026-01-01T00:00:00Z",
    });
    const missing = render(REVIEW_OUTCOME_TEMPLATE, {}, "r-2");
    expect(missing.statusOverride).toBe(404);
    expect(JSON.parse(missing.output)).toEqual({ message: "No analysed review with this id (yet).", reviewId: "r-2" });
  });

  it("calls AWS with IAM auth only", () => {
    const definition = reviewsApiDefinition({ integrationRoleArn: "arn:aws:iam::111111111111:role/x", region: "eu-west-1" });
    for (const item of Object.values(definition.paths)) for (const operation of Object.values(item)) expect(operation!.security).toEqual([{ sigv4: [] }]);
  });
});
