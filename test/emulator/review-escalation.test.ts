import { CreateStateMachineCommand, DescribeExecutionCommand, DescribeStateMachineCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { randomUUID } from "node:crypto";
import { REVIEW_ANALYSED, REVIEW_CASE_ESCALATED } from "../../reviews/events/reviews";
import { publishedToTopic } from "../../tools/local/emulator/published-messages";
import { CaseError, getCase, resolveCase } from "../../tools/ops/reviews/cases";
import { awsClients, e2eContext, eventually, logMessages } from "./support/context";

// A case nobody resolves, on the emulator: the deployed CustomerService definition with its
// case timeout cut to seconds (the `local` one is minutes), run against the deployed table,
// topics and bus.

const context = e2eContext();
const { sfn, dynamodb, logs } = awsClients(context.endpoint);
const outputs = context.outputs;
const SHORT_CASE_TIMEOUT_SECONDS = 2;

describe("a review case left open past its timeout", () => {
  const reviewId = `review-escalated-${randomUUID()}`;
  let finished: { status?: string };

  beforeAll(async () => {
    const deployed = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: outputs.customer_service_arn }));
    const definition = JSON.parse(deployed.definition!);
    definition.States.AwaitDecision.TimeoutSeconds = SHORT_CASE_TIMEOUT_SECONDS;
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({ name: `escalation-${randomUUID()}`, definition: JSON.stringify(definition), roleArn: deployed.roleArn }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(negativeReviewAnalysed(reviewId)) }));
    finished = await eventually("the escalated execution to end", async () => {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === "RUNNING" ? undefined : execution;
    });
  });

  it("ends the workflow successfully after the timeout", () => {
    expect(finished.status).toBe("SUCCEEDED");
  });

  it("records the case ESCALATED, without its spent task token", async () => {
    const escalated = await getCase({ dynamodb, sfn }, outputs.review_cases_table_name, reviewId);
    expect(escalated).toMatchObject({ caseId: reviewId, status: "ESCALATED", awaitingDecision: false });
  });

  it("announces ReviewCaseEscalated on the reviews bus, as its audit log shows", async () => {
    await eventually(`ReviewCaseEscalated of ${reviewId} in the reviews audit log`, async () => {
      const messages = await logMessages(logs, outputs.reviews_audit_log_group);
      return messages.find((message) => message["detail-type"] === REVIEW_CASE_ESCALATED && message.detail.data["review-id"] === reviewId);
    });
  });

  it("pages on-call through the alarm topic, after the customer-service topic heard of the case", async () => {
    const about = (topicArn: string) => async () =>
      (await publishedToTopic(context.endpoint, topicArn)).find((published) => JSON.parse(published.message).caseId === reviewId);
    expect(await eventually("the new case on the customer-service topic", about(outputs.review_customer_service_topic_arn))).toBeDefined();
    const page = await eventually("the escalation on the alarm topic", about(outputs.alarm_topic_arn));
    expect(JSON.parse(page.message)).toMatchObject({ caseId: reviewId, waitedSeconds: expect.any(Number) });
  });

  it("can no longer be resolved by an agent", async () => {
    const resolving = resolveCase({ dynamodb, sfn }, outputs.review_cases_table_name, reviewId, { decision: "refund", agent: "late-agent" });
    await expect(resolving).rejects.toThrow(CaseError);
    await expect(resolving).rejects.toThrow(/ESCALATED, not OPEN/);
  });
});

/** CustomerService's input: a NEGATIVE ReviewAnalysed event as EventBridge delivers it. */
function negativeReviewAnalysed(reviewId: string) {
  return {
    "detail-type": REVIEW_ANALYSED,
    detail: {
      metadata: { "idempotency-key": reviewId },
      data: {
        "review-id": reviewId,
        "subject-type": "order",
        "subject-id": "order-77",
        rating: 1,
        text: "It arrived broken",
        reviewer: { email: "waiting@example.com" },
        sentiment: "NEGATIVE",
        scores: { positive: 0.01, negative: 0.96, neutral: 0.025, mixed: 0.005 },
      },
    },
  };
}
