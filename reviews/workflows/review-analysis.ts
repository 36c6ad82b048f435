import { StateMachineDefinition, TaskState, integration } from "../../modules/asl";
import type { ComprehendSentimentLanguage } from "../../modules/aws-limits";
import { REVIEW_ANALYSED, REVIEW_ANALYSIS_FAILED, REVIEW_ANALYSIS_SOURCE, REVIEW_FIELDS } from "../events/reviews";
import { FAILURE_FROM_ERROR, FAILURE_PATH, TASK_TIMEOUT_SECONDS, publishReviewEvent, putItem, retryOn } from "./review-tasks";

/** What ReviewAnalysis reads and writes. */
export interface ReviewAnalysisTargets {
  readonly reviewsTableName: string;
  readonly reviewsBusName: string;
  readonly language: ComprehendSentimentLanguage;
}

/** Where DetectSentiment's answer is kept: `{ Sentiment, SentimentScore: { Positive, ... } }`. */
export const ANALYSIS_PATH = "$.analysis";
const SCORE = `${ANALYSIS_PATH}.SentimentScore`;

const number = (path: string) => ({ "N.$": `States.Format('{}', ${path})` });
const text = (path: string) => ({ "S.$": path });
const catchAll = (next: string) => [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: next }];

/** The review's row: what was reviewed, its rating and Comprehend's verdict; not the text or the reviewer. */
function recordAnalysis(tableName: string): TaskState {
  return putItem(
    tableName,
    {
      reviewId: text(REVIEW_FIELDS.reviewId),
      status: { S: "ANALYSED" },
      subjectType: text(REVIEW_FIELDS.subjectType),
      subjectId: text(REVIEW_FIELDS.subjectId),
      rating: number(REVIEW_FIELDS.rating),
      sentiment: text(`${ANALYSIS_PATH}.Sentiment`),
      positive: number(`${SCORE}.Positive`),
      negative: number(`${SCORE}.Negative`),
      neutral: number(`${SCORE}.Neutral`),
      mixed: number(`${SCORE}.Mixed`),
      updatedAt: text("$$.State.EnteredTime"),
      executionArn: text("$$.Execution.Id"),
    },
    { catchers: catchAll("AnalysisError") },
  );
}

/** A review whose analysis failed: FAILED, with the error for operators. */
function recordFailed(tableName: string): TaskState {
  return putItem(
    tableName,
    {
      reviewId: text(REVIEW_FIELDS.reviewId),
      status: { S: "FAILED" },
      error: text(`${FAILURE_PATH}.error`),
      cause: text(`${FAILURE_PATH}.cause`),
      updatedAt: text("$$.State.EnteredTime"),
      executionArn: text("$$.Execution.Id"),
    },
    { catchers: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "AnalysisFailed" }] },
  );
}

/**
 * ReviewAnalysis, started by ReviewSubmittedRule with the ReviewSubmitted event as input:
 * 1. DetectSentiment: Amazon Comprehend through the SDK integration, in the configured language.
 * 2. RecordAnalysis: the review's row (what GET /reviews/{id} reads).
 * 3. PublishReviewAnalysed: the review with its sentiment and scores; rules route it on to the
 *    thank-you or to a customer-service case.
 * Any failure after retries: RecordFailed, PublishReviewAnalysisFailed, then the execution fails.
 */
export function reviewAnalysisDefinition(targets: ReviewAnalysisTargets): StateMachineDefinition {
  const busName = targets.reviewsBusName;
  return {
    Comment: "Scores a review's sentiment with Comprehend, records it and announces ReviewAnalysed",
    StartAt: "DetectSentiment",
    TimeoutSeconds: 300,
    States: {
      DetectSentiment: {
        Type: "Task",
        Resource: integration("aws-sdk:comprehend:detectSentiment"),
        TimeoutSeconds: TASK_TIMEOUT_SECONDS,
        Parameters: { "Text.$": REVIEW_FIELDS.text, LanguageCode: targets.language },
        ResultPath: ANALYSIS_PATH,
        Retry: retryOn("comprehend"),
        Catch: catchAll("AnalysisError"),
        Next: "RecordAnalysis",
      },
      RecordAnalysis: { ...recordAnalysis(targets.reviewsTableName), Next: "PublishReviewAnalysed" },
      PublishReviewAnalysed: {
        ...publishReviewEvent({
          busName,
          source: REVIEW_ANALYSIS_SOURCE,
          detailType: REVIEW_ANALYSED,
          data: {
            "review-id.$": REVIEW_FIELDS.reviewId,
            "subject-type.$": REVIEW_FIELDS.subjectType,
            "subject-id.$": REVIEW_FIELDS.subjectId,
            "rating.$": REVIEW_FIELDS.rating,
            "text.$": REVIEW_FIELDS.text,
            "reviewer.$": "$.detail.data.reviewer",
            "sentiment.$": `${ANALYSIS_PATH}.Sentiment`,
            scores: {
              "positive.$": `${SCORE}.Positive`,
              "negative.$": `${SCORE}.Negative`,
              "neutral.$": `${SCORE}.Neutral`,
              "mixed.$": `${SCORE}.Mixed`,
            },
          },
        }),
        Catch: catchAll("AnalysisError"),
        End: true,
      },
      AnalysisError: { Type: "Pass", Parameters: FAILURE_FROM_ERROR, ResultPath: FAILURE_PATH, Next: "RecordFailed" },
      RecordFailed: { ...recordFailed(targets.reviewsTableName), Next: "PublishReviewAnalysisFailed" },
      PublishReviewAnalysisFailed: {
        ...publishReviewEvent({
          busName,
          source: REVIEW_ANALYSIS_SOURCE,
          detailType: REVIEW_ANALYSIS_FAILED,
          data: { "review-id.$": REVIEW_FIELDS.reviewId, "error.$": `${FAILURE_PATH}.error` },
        }),
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "AnalysisFailed" }],
        Next: "AnalysisFailed",
      },
      AnalysisFailed: { Type: "Fail", Error: "ReviewAnalysisFailed", CausePath: `${FAILURE_PATH}.cause` },
    },
  };
}
