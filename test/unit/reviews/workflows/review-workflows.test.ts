import aslValidator from "asl-validator";
import { ServiceParameters, expectValidAsl, workflowPaths } from "../../../support/asl";
import { StateMachineDefinition, TaskState } from "../../../../modules/asl";
import { CUSTOMER_SERVICE_SOURCE, REVIEW_ANALYSED, REVIEW_CASE_CLOSED, REVIEW_CASE_ESCALATED, REVIEW_FIELDS } from "../../../../reviews/events/reviews";
import { DECISION_PATH, TASK_TOKEN_ATTRIBUTE, customerServiceDefinition } from "../../../../reviews/workflows/customer-service";
import { ANALYSIS_PATH, reviewAnalysisDefinition } from "../../../../reviews/workflows/review-analysis";

const analysis = reviewAnalysisDefinition({ reviewsTableName: "orders-dev-reviews", reviewsBusName: "orders-dev-reviews", language: "de" });
const customerService = customerServiceDefinition({
  casesTableName: "orders-dev-review-cases",
  reviewsBusName: "orders-dev-reviews",
  customerServiceTopicArn: "arn:aws:sns:eu-west-1:111111111111:orders-dev-review-customer-service",
  alarmTopicArn: "arn:aws:sns:eu-west-1:111111111111:orders-dev-alarms",
  caseTimeoutSeconds: 3_600,
});
const task = (definition: StateMachineDefinition, name: string) => definition.States[name] as TaskState;
const params = (state: TaskState) => state.Parameters as ServiceParameters;

const tasks = (definition: StateMachineDefinition) => Object.values(definition.States).filter((state): state is TaskState => state.Type === "Task");

describe.each([
  ["ReviewAnalysis", analysis],
  ["CustomerService", customerService],
])("%s definition", (_, definition) => {
  it("is valid Amazon States Language", () => {
    expectValidAsl(definition);
  });

  it("is rejected by the validator when broken, so the test above can fail", () => {
    expect(aslValidator({ ...structuredClone(definition), StartAt: "Nowhere" }).isValid).toBe(false);
  });

  it("uses no Lambda", () => {
    for (const state of tasks(definition)) expect(state.Resource).not.toMatch(/lambda/);
  });

  it("retries every task but the wait with backoff and jitter, and catches every task but the announcements", () => {
    for (const state of tasks(definition)) {
      if (!state.Resource.endsWith(".waitForTaskToken")) expect(state.Retry?.[0]).toEqual(expect.objectContaining({ BackoffRate: 2, JitterStrategy: "FULL" }));
      if (!state.Resource.endsWith("events:putEvents")) expect(state.Catch?.length).toBeGreaterThan(0);
    }
  });

  it("reaches every state from StartAt", () => {
    const reached = new Set(workflowPaths(definition).flat());
    expect([...reached].sort()).toEqual(Object.keys(definition.States).sort());
  });
});

describe("ReviewAnalysis", () => {
  it("asks Comprehend through the SDK integration, in the configured language, for the review's text", () => {
    const detect = task(analysis, "DetectSentiment");
    expect(detect.Resource).toBe("arn:aws:states:::aws-sdk:comprehend:detectSentiment");
    expect(params(detect)).toEqual({ "Text.$": REVIEW_FIELDS.text, LanguageCode: "de" });
    expect(detect.ResultPath).toBe(ANALYSIS_PATH);
    expect(detect.Retry![0].ErrorEquals).toEqual(expect.arrayContaining(["Comprehend.ThrottlingException", "Comprehend.InternalServerException"]));
  });

  it("records the review keyed by its id, with sentiment and the four scores as numbers", () => {
    const item = params(task(analysis, "RecordAnalysis")).Item;
    expect(item.reviewId).toEqual({ "S.$": REVIEW_FIELDS.reviewId });
    expect(item.sentiment).toEqual({ "S.$": `${ANALYSIS_PATH}.Sentiment` });
    for (const score of ["Positive", "Negative", "Neutral", "Mixed"]) {
      expect(item[score.toLowerCase()]).toEqual({ "N.$": `States.Format('{}', ${ANALYSIS_PATH}.SentimentScore.${score})` });
    }
    expect(item).not.toHaveProperty("text");
    expect(item).not.toHaveProperty("reviewerEmail");
  });

  it("publishes ReviewAnalysed in the envelope, with the reviewer the thank-you needs", () => {
    const entry = params(task(analysis, "PublishReviewAnalysed")).Entries[0];
    expect(entry).toEqual(expect.objectContaining({ EventBusName: "orders-dev-reviews", DetailType: REVIEW_ANALYSED }));
    expect(entry.Detail.metadata).toEqual({ "idempotency-key.$": REVIEW_FIELDS.idempotencyKey });
    expect(entry.Detail.data).toEqual(expect.objectContaining({ "reviewer.$": "$.detail.data.reviewer", "sentiment.$": `${ANALYSIS_PATH}.Sentiment` }));
  });

  it("ends every failure path in RecordFailed and a failed execution", () => {
    const failing = workflowPaths(analysis).filter((path) => path.at(-1) === "AnalysisFailed");
    expect(failing.length).toBeGreaterThan(0);
    for (const path of failing) expect(path).toContain("RecordFailed");
  });
});

describe("CustomerService", () => {
  it("opens the case once: a redelivered review finds it open and ends", () => {
    const open = task(customerService, "OpenCase");
    expect(params(open).ConditionExpression).toBe("attribute_not_exists(caseId)");
    expect(open.Catch![0]).toEqual({ ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"], ResultPath: null, Next: "AlreadyOpen" });
  });

  it("notifies the customer-service topic before it waits", () => {
    const notify = task(customerService, "NotifyCustomerService");
    expect(notify.Resource).toBe("arn:aws:states:::sns:publish");
    expect(params(notify).TopicArn).toBe("arn:aws:sns:eu-west-1:111111111111:orders-dev-review-customer-service");
    expect(notify.Next).toBe("AwaitDecision");
  });

  it("waits for the agent's decision with the task token in the case, for the configured timeout", () => {
    const wait = task(customerService, "AwaitDecision");
    expect(wait.Resource).toBe("arn:aws:states:::aws-sdk:dynamodb:updateItem.waitForTaskToken");
    expect(wait.TimeoutSeconds).toBe(3_600);
    expect(params(wait).UpdateExpression).toContain(`SET ${TASK_TOKEN_ATTRIBUTE} = :token`);
    expect(params(wait).ExpressionAttributeValues[":token"]).toEqual({ "S.$": "$$.Task.Token" });
    expect(wait.ResultPath).toBe(DECISION_PATH);
    expect(customerService.TimeoutSeconds).toBeGreaterThan(3_600);
  });

  it("closes a decided case and announces ReviewCaseClosed with the decision", () => {
    const closing = workflowPaths(customerService).find((path) => path.at(-1) === "PublishReviewCaseClosed");
    expect(closing).toEqual(["OpenCase", "NotifyCustomerService", "AwaitDecision", "RecordClosed", "PublishReviewCaseClosed"]);
    const entry = params(task(customerService, "PublishReviewCaseClosed")).Entries[0];
    expect(entry).toEqual(expect.objectContaining({ Source: CUSTOMER_SERVICE_SOURCE, DetailType: REVIEW_CASE_CLOSED }));
    expect(entry.Detail.data["decision.$"]).toBe(`${DECISION_PATH}.decision`);
    expect(params(task(customerService, "RecordClosed")).UpdateExpression).toMatch(/REMOVE taskToken$/);
  });

  it("escalates on the timeout: ReviewCaseEscalated, then on-call through the alarm topic", () => {
    expect(task(customerService, "AwaitDecision").Catch![0]).toEqual({ ErrorEquals: ["States.Timeout"], ResultPath: null, Next: "RecordEscalated" });
    const escalation = workflowPaths(customerService).find((path) => path.at(-1) === "PageOnCall");
    expect(escalation).toEqual(["OpenCase", "NotifyCustomerService", "AwaitDecision", "RecordEscalated", "PublishReviewCaseEscalated", "PageOnCall"]);
    expect(params(task(customerService, "PublishReviewCaseEscalated")).Entries[0].DetailType).toBe(REVIEW_CASE_ESCALATED);
    expect(params(task(customerService, "PageOnCall")).TopicArn).toBe("arn:aws:sns:eu-west-1:111111111111:orders-dev-alarms");
  });
});
