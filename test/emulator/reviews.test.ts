import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { DescribeExecutionCommand } from "@aws-sdk/client-sfn";
import { IAMClient } from "@aws-sdk/client-iam";
import { JSON_GATEWAY_RESPONSES } from "../../modules/openapi";
import { PUT_REVIEW_SUBMITTED_TEMPLATE } from "../../reviews/api/reviews-api";
import { REVIEW_ANALYSED, REVIEW_CASE_CLOSED, REVIEW_CASE_ESCALATED, REVIEW_SOURCE, REVIEW_SUBMITTED } from "../../reviews/events/reviews";
import { awsClientConfig } from "../../tools/local/emulator/emulator";
import { publishedToTopic } from "../../tools/local/emulator/published-messages";
import { LocalApi, readDeployedApi } from "../../tools/local/api-gateway/local-api";
import { ApiRequest, ApiResponse, emulatorBackend, invokeLocally, signedApiRequest } from "../../tools/local/api-gateway/local-invoke";
import { assumeRoleOnEmulator, emulatorCallerAuthorization } from "../../tools/local/api-gateway/caller-authorization";
import { SigningCredentials } from "../../tools/local/api-gateway/sigv4";
import { getCase, listCases, resolveCase } from "../../tools/ops/reviews/cases";
import { awsClients, e2eContext, eventually, logMessages } from "./support/context";

/**
 * The reviews domain as deployed in the `local` stack, end to end: requests go through the
 * deployed reviews API (tools/local/api-gateway), the workflows run on the emulator (its
 * DetectSentiment answers by a word list), and cases are resolved with the agent's tool.
 */
const context = e2eContext();
const { logs, sfn, dynamodb } = awsClients(context.endpoint);
const clientConfig = awsClientConfig(context.endpoint);
const backend = emulatorBackend(context.endpoint);
const outputs = context.outputs;
const authorizeCaller = emulatorCallerAuthorization(context.endpoint, {
  allowedRoleArn: outputs.reviews_api_caller_role_arn,
  iam: new IAMClient(clientConfig),
});
const cases = { dynamodb, sfn };

const POSITIVE_REVIEW = { productId: "kettle-42", rating: 5, text: "Great kettle, I love it and would recommend it", reviewer: { email: "happy@example.com" } };
const NEGATIVE_REVIEW = { orderId: "order-1234", rating: 1, text: "The parcel was late and the lid arrived broken", reviewer: { email: "upset@example.com" } };

const LEFT_ALONE_REVIEW = { productId: "toaster-7", rating: 2, text: "Disappointing toaster, the timer is faulty", reviewer: { email: "waiting@example.com" } };

let api: LocalApi;
let credentials: SigningCredentials;
/** Submitted first and never resolved, so its case times out while the other tests run. */
let leftAloneId: string;
beforeAll(async () => {
  credentials = await assumeRoleOnEmulator(context.endpoint, outputs.reviews_api_caller_role_arn);
  api = await readDeployedApi(
    new APIGatewayClient(clientConfig),
    { apiId: outputs.reviews_api_id, stage: outputs.reviews_api_stage, region: context.config.region, accountId: context.config.accountId },
    JSON_GATEWAY_RESPONSES,
  );
  const submitted = await submit(LEFT_ALONE_REVIEW);
  expect(submitted.statusCode).toBe(202);
  leftAloneId = submitted.json.reviewId;
});

/** The fields of the API's answers the tests read: a submission, an outcome, or an error's message. */
interface ReviewsApiAnswer {
  readonly reviewId: string;
  readonly outcomePath: string;
  readonly status: string;
  readonly message: string;
}

async function call(request: ApiRequest): Promise<ApiResponse & { json: ReviewsApiAnswer }> {
  const response = await invokeLocally(api, await signedApiRequest(api, request, credentials), backend, { authorizeCaller });
  return { ...response, json: JSON.parse(response.body) };
}

const submit = (review: object) => call({ method: "POST", path: "/reviews", headers: { "content-type": "application/json" }, body: JSON.stringify(review) });

/** The detail types of the events the reviews audit log holds for one review, once it holds `expected`. */
const auditedTypes = (reviewId: string, expected: readonly string[]) =>
  eventually(
    `${expected.join(", ")} of review ${reviewId} in the reviews audit log`,
    async () => {
      const types = (await logMessages(logs, outputs.reviews_audit_log_group))
        .filter((message) => message.detail?.data?.["review-id"] === reviewId)
        .map((message) => message["detail-type"]);
      return expected.every((type) => types.includes(type)) ? types : undefined;
    },
    60_000,
  );

const analysedAs = (reviewId: string, sentiment: string) =>
  eventually(
    `review ${reviewId} analysed as ${sentiment}`,
    async () => {
      const response = await call({ method: "GET", path: `/reviews/${reviewId}` });
      return response.statusCode === 200 && response.json.status === "ANALYSED" ? response.json : undefined;
    },
    60_000,
  ).then((outcome) => {
    expect(outcome).toEqual({ reviewId, status: "ANALYSED", sentiment, updatedAt: expect.any(String) });
  });

describe("the reviews API as deployed", () => {
  it("accepts POST /reviews and GET /reviews/{id} only, with IAM auth and the templates the code defines", () => {
    const byRoute = Object.fromEntries(api.methods.map((method) => [`${method.httpMethod} ${method.resourcePath}`, method]));
    expect(Object.keys(byRoute).sort()).toEqual(["GET /reviews/{id}", "POST /reviews"]);
    expect(api.methods.map((method) => method.authorization)).toEqual(["AWS_IAM", "AWS_IAM"]);
    expect(byRoute["POST /reviews"].integration.requestTemplates["application/json"]).toBe(PUT_REVIEW_SUBMITTED_TEMPLATE);
  });
});

describe("a positive review", () => {
  it("is analysed POSITIVE, thanked through the thank-you topic, and audited", async () => {
    const submitted = await submit(POSITIVE_REVIEW);
    expect(submitted.statusCode).toBe(202);
    const { reviewId, outcomePath } = submitted.json;
    expect(outcomePath).toBe(`/reviews/${reviewId}`);

    await analysedAs(reviewId, "POSITIVE");
    const thanks = await eventually(`the thank-you for ${reviewId}`, async () =>
      (await publishedToTopic(context.endpoint, outputs.review_thank_you_topic_arn))
        .map((sent) => JSON.parse(sent.message))
        .find((message) => message.reviewId === reviewId),
    );
    expect(thanks).toEqual(expect.objectContaining({ to: "happy@example.com", subject: "Thank you for your review", sentiment: "POSITIVE" }));

    const types = await auditedTypes(reviewId, [REVIEW_SUBMITTED, REVIEW_ANALYSED]);
    expect(types).not.toContain(REVIEW_CASE_CLOSED);
    expect(await getCase(cases, outputs.review_cases_table_name, reviewId)).toBeUndefined();
  });
});

describe("a negative review", () => {
  it("opens a case that waits for an agent; resolving it completes the workflow with ReviewCaseClosed, all audited", async () => {
    const submitted = await submit(NEGATIVE_REVIEW);
    expect(submitted.statusCode).toBe(202);
    const { reviewId } = submitted.json;

    await analysedAs(reviewId, "NEGATIVE");
    const opened = await eventually(`an open case for ${reviewId}, waiting`, async () =>
      (await listCases(cases, outputs.review_cases_table_name)).find((found) => found.caseId === reviewId && found.awaitingDecision),
    );
    expect(opened).toEqual(expect.objectContaining({ status: "OPEN", sentiment: "NEGATIVE", rating: 1, subjectType: "order", subjectId: "order-1234" }));
    const notice = await eventually(`the customer-service notice of ${reviewId}`, async () =>
      (await publishedToTopic(context.endpoint, outputs.review_customer_service_topic_arn)).find((sent) => JSON.parse(sent.message).caseId === reviewId),
    );
    expect(JSON.parse(notice.message)).toEqual(expect.objectContaining({ sentiment: "NEGATIVE", text: NEGATIVE_REVIEW.text }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: opened.executionArn }))).status).toBe("RUNNING");

    await resolveCase(cases, outputs.review_cases_table_name, reviewId, { decision: "replace", note: "New lid sent", agent: "e2e" });
    expect((await finished(reviewId, opened.executionArn)).status).toBe("SUCCEEDED");
    expect(await getCase(cases, outputs.review_cases_table_name, reviewId)).toEqual(
      expect.objectContaining({ status: "CLOSED", decision: "replace", note: "New lid sent", awaitingDecision: false }),
    );

    await auditedTypes(reviewId, [REVIEW_SUBMITTED, REVIEW_ANALYSED, REVIEW_CASE_CLOSED]);
    await expect(resolveCase(cases, outputs.review_cases_table_name, reviewId, { decision: "refund", agent: "e2e" })).rejects.toThrow(/is CLOSED, not OPEN/);
  });
});

/** The CustomerService execution of a review once it is no longer running. */
function finished(reviewId: string, executionArn: string) {
  return eventually(`CustomerService for ${reviewId} to finish`, async () => {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    return described.status === "RUNNING" ? undefined : described;
  });
}

describe("a case nobody resolves", () => {
  it("escalates after the case timeout: ESCALATED, ReviewCaseEscalated audited, on-call notified through the alarm topic", async () => {
    const timeoutMs = context.config.reviews.caseTimeoutSeconds * 1_000;
    const escalated = await eventually(
      `case ${leftAloneId} escalated`,
      async () => {
        const found = await getCase(cases, outputs.review_cases_table_name, leftAloneId);
        return found?.status === "ESCALATED" ? found : undefined;
      },
      timeoutMs + 60_000,
    );
    expect(escalated.awaitingDecision).toBe(false);
    await auditedTypes(leftAloneId, [REVIEW_SUBMITTED, REVIEW_ANALYSED, REVIEW_CASE_ESCALATED]);
    const page = await eventually(`the alarm topic's notice of ${leftAloneId}`, async () =>
      (await publishedToTopic(context.endpoint, outputs.alarm_topic_arn)).find((sent) => JSON.parse(sent.message).caseId === leftAloneId),
    );
    expect(page.subject).toMatch(/escalated/);
    // The notice is sent before the workflow's last states: the execution may still be running.
    expect((await finished(leftAloneId, escalated.executionArn)).status).toBe("SUCCEEDED");
    await expect(resolveCase(cases, outputs.review_cases_table_name, leftAloneId, { decision: "apologise", agent: "e2e" })).rejects.toThrow(
      /is ESCALATED, not OPEN/,
    );
  }, 300_000);
});

describe("a malformed review", () => {
  it.each([
    ["no text", { productId: "kettle-42", rating: 4, reviewer: { email: "a@example.com" } }],
    ["a rating of 6", { ...POSITIVE_REVIEW, rating: 6 }],
    ["both a product and an order", { ...POSITIVE_REVIEW, orderId: "order-1" }],
    ["neither a product nor an order", { rating: 4, text: "Good", reviewer: { email: "a@example.com" } }],
    ["a reviewer without an address", { ...POSITIVE_REVIEW, reviewer: { email: "not an address" } }],
    ["a text over 5,000 characters", { ...POSITIVE_REVIEW, text: "good ".repeat(1_001) }],
  ])("is refused with 400 when it has %s, and nothing is published", async (_, review) => {
    const before = (await logMessages(logs, outputs.reviews_audit_log_group)).filter((message) => message.source === REVIEW_SOURCE).length;
    const response = await submit(review);
    expect(response.statusCode).toBe(400);
    expect(response.json.message).toBe("Invalid request body");
    expect(response.integrationRequest).toBeUndefined();
    const after = (await logMessages(logs, outputs.reviews_audit_log_group)).filter((message) => message.source === REVIEW_SOURCE).length;
    expect(after).toBe(before);
  });
});
