import { StateMachineDefinition, TaskState, integration } from "../../modules/asl";
import { CUSTOMER_SERVICE_SOURCE, CaseStatus, REVIEW_CASE_CLOSED, REVIEW_CASE_ESCALATED, REVIEW_FIELDS } from "../events/reviews";
import { TASK_TIMEOUT_SECONDS, publishReviewEvent, putItem, retryOn } from "./review-tasks";

/** What CustomerService reads and writes, and how long a case waits for an agent. */
export interface CustomerServiceTargets {
  readonly casesTableName: string;
  readonly reviewsBusName: string;
  readonly customerServiceTopicArn: string;
  /** On-call hears of every case that waited too long. */
  readonly alarmTopicArn: string;
  readonly caseTimeoutSeconds: number;
}

/** Where the agent's answer (SendTaskSuccess output: `{ decision, note, agent }`) is kept. */
export const DECISION_PATH = "$.decision";
/** The attribute of the case item holding the task token an agent's tool sends back. */
export const TASK_TOKEN_ATTRIBUTE = "taskToken";
/** Seconds the workflow outlives the case timeout, for the steps after the wait. */
const AFTER_THE_WAIT_SECONDS = 600;

const caseKey = { caseId: { "S.$": REVIEW_FIELDS.reviewId } };
const text = (path: string) => ({ "S.$": path });
const OPEN: CaseStatus = "OPEN";

/** A new case item; a redelivered event finds the case open already and the execution ends. */
function openCase(tableName: string): TaskState {
  return putItem(
    tableName,
    {
      caseId: text(REVIEW_FIELDS.reviewId),
      reviewId: text(REVIEW_FIELDS.reviewId),
      status: { S: OPEN },
      sentiment: text(REVIEW_FIELDS.sentiment),
      subjectType: text(REVIEW_FIELDS.subjectType),
      subjectId: text(REVIEW_FIELDS.subjectId),
      rating: { "N.$": `States.Format('{}', ${REVIEW_FIELDS.rating})` },
      text: text(REVIEW_FIELDS.text),
      reviewerEmail: text(REVIEW_FIELDS.reviewerEmail),
      openedAt: text("$$.State.EnteredTime"),
      executionArn: text("$$.Execution.Id"),
    },
    {
      condition: "attribute_not_exists(caseId)",
      catchers: [
        { ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"], ResultPath: null, Next: "AlreadyOpen" },
        { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "CaseFailed" },
      ],
    },
  );
}

/**
 * Waits for the agent: writes the task token into the open case, then waits until the agent's tool
 * sends it back with SendTaskSuccess, at most the case timeout (then States.Timeout).
 */
function awaitDecision(tableName: string, timeoutSeconds: number): TaskState {
  return {
    Type: "Task",
    Resource: integration("aws-sdk:dynamodb:updateItem.waitForTaskToken"),
    TimeoutSeconds: timeoutSeconds,
    Parameters: {
      TableName: tableName,
      Key: caseKey,
      UpdateExpression: `SET ${TASK_TOKEN_ATTRIBUTE} = :token, awaitingSince = :now`,
      ConditionExpression: "#status = :open",
      ExpressionAttributeNames: { "#status": "status" },
      ExpressionAttributeValues: { ":token": text("$$.Task.Token"), ":now": text("$$.State.EnteredTime"), ":open": { S: OPEN } },
    },
    ResultPath: DECISION_PATH,
    Catch: [
      { ErrorEquals: ["States.Timeout"], ResultPath: null, Next: "RecordEscalated" },
      { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "CaseFailed" },
    ],
  };
}

/** Ends the case: its new status and what else is known; the token is removed (it is spent). */
function recordOutcome(tableName: string, status: Exclude<CaseStatus, "OPEN">, details: Readonly<Record<string, unknown>>): TaskState {
  const names: Record<string, string> = { "#status": "status" };
  const values: Record<string, unknown> = { ":status": { S: status }, ":at": text("$$.State.EnteredTime"), ":open": { S: OPEN } };
  const sets = ["#status = :status", "closedAt = :at"];
  for (const [attribute, value] of Object.entries(details)) {
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
    sets.push(`#${attribute} = :${attribute}`);
  }
  return {
    Type: "Task",
    Resource: integration("dynamodb:updateItem"),
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Parameters: {
      TableName: tableName,
      Key: caseKey,
      UpdateExpression: `SET ${sets.join(", ")} REMOVE ${TASK_TOKEN_ATTRIBUTE}`,
      ConditionExpression: "#status = :open",
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    ResultPath: null,
    Retry: retryOn("dynamodb"),
    Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "CaseFailed" }],
  };
}

function notify(topicArn: string, subject: string, message: Readonly<Record<string, unknown>>): TaskState {
  return {
    Type: "Task",
    Resource: integration("sns:publish"),
    TimeoutSeconds: TASK_TIMEOUT_SECONDS,
    Parameters: { TopicArn: topicArn, Subject: subject, Message: message },
    ResultPath: null,
    Retry: retryOn("sns"),
    Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "CaseFailed" }],
  };
}

const CASE_SUMMARY = {
  "caseId.$": REVIEW_FIELDS.reviewId,
  "sentiment.$": REVIEW_FIELDS.sentiment,
  "rating.$": REVIEW_FIELDS.rating,
  "subjectType.$": REVIEW_FIELDS.subjectType,
  "subjectId.$": REVIEW_FIELDS.subjectId,
};

/**
 * CustomerService, started by CustomerServiceRule with a NEGATIVE or MIXED ReviewAnalysed event:
 * 1. OpenCase: the case item (status OPEN), keyed by the review id.
 * 2. NotifyCustomerService: the case on the customer-service topic.
 * 3. AwaitDecision: the task token in the case item; an agent resolves the case with
 *    `npm run review -- <env> resolve <caseId> <decision>` (SendTaskSuccess).
 * 4. RecordClosed, PublishReviewCaseClosed: the decision recorded and announced.
 * No decision within the case timeout: RecordEscalated, PublishReviewCaseEscalated, and on-call is
 * paged through the alarm topic.
 */
export function customerServiceDefinition(targets: CustomerServiceTargets): StateMachineDefinition {
  const { casesTableName: table, reviewsBusName: busName } = targets;
  return {
    Comment: "Opens a customer-service case for a negative or mixed review and waits for an agent's decision",
    StartAt: "OpenCase",
    TimeoutSeconds: targets.caseTimeoutSeconds + AFTER_THE_WAIT_SECONDS,
    States: {
      OpenCase: { ...openCase(table), Next: "NotifyCustomerService" },
      AlreadyOpen: { Type: "Succeed", Comment: "An earlier delivery of this review opened the case" },
      NotifyCustomerService: {
        ...notify(targets.customerServiceTopicArn, "A review needs an agent", { ...CASE_SUMMARY, "text.$": REVIEW_FIELDS.text }),
        Next: "AwaitDecision",
      },
      AwaitDecision: { ...awaitDecision(table, targets.caseTimeoutSeconds), Next: "RecordClosed" },
      RecordClosed: {
        ...recordOutcome(table, "CLOSED", {
          decision: text(`${DECISION_PATH}.decision`),
          note: text(`${DECISION_PATH}.note`),
          agent: text(`${DECISION_PATH}.agent`),
        }),
        Next: "PublishReviewCaseClosed",
      },
      PublishReviewCaseClosed: {
        ...publishReviewEvent({
          busName,
          source: CUSTOMER_SERVICE_SOURCE,
          detailType: REVIEW_CASE_CLOSED,
          data: {
            "case-id.$": REVIEW_FIELDS.reviewId,
            "review-id.$": REVIEW_FIELDS.reviewId,
            "decision.$": `${DECISION_PATH}.decision`,
            "note.$": `${DECISION_PATH}.note`,
          },
        }),
        End: true,
      },
      RecordEscalated: { ...recordOutcome(table, "ESCALATED", {}), Next: "PublishReviewCaseEscalated" },
      PublishReviewCaseEscalated: {
        ...publishReviewEvent({
          busName,
          source: CUSTOMER_SERVICE_SOURCE,
          detailType: REVIEW_CASE_ESCALATED,
          data: { "case-id.$": REVIEW_FIELDS.reviewId, "review-id.$": REVIEW_FIELDS.reviewId, waitedSeconds: targets.caseTimeoutSeconds },
        }),
        Next: "PageOnCall",
      },
      PageOnCall: {
        ...notify(targets.alarmTopicArn, "A review case escalated: no agent decided in time", {
          ...CASE_SUMMARY,
          waitedSeconds: targets.caseTimeoutSeconds,
        }),
        End: true,
      },
      CaseFailed: { Type: "Fail", Error: "ReviewCaseFailed", CausePath: "$.error.Cause" },
    },
  };
}
