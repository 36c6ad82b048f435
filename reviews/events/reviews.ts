/**
 * The reviews domain's event contract, defined once: the API's mapping template, the workflows'
 * input paths, the rule patterns and the tests read it. Every event uses the platform's envelope
 * (`detail.metadata.idempotency-key`, `detail.data`).
 */

export const REVIEW_SOURCE = "com.reviews";
export const REVIEW_ANALYSIS_SOURCE = "com.reviews.analysis";
export const CUSTOMER_SERVICE_SOURCE = "com.reviews.customer-service";

export const REVIEW_SUBMITTED = "ReviewSubmitted";
export const REVIEW_ANALYSED = "ReviewAnalysed";
export const REVIEW_ANALYSIS_FAILED = "ReviewAnalysisFailed";
export const REVIEW_CASE_CLOSED = "ReviewCaseClosed";
export const REVIEW_CASE_ESCALATED = "ReviewCaseEscalated";

/** Every event the reviews domain publishes, in the order a review meets them. */
export const REVIEW_EVENTS = [REVIEW_SUBMITTED, REVIEW_ANALYSED, REVIEW_ANALYSIS_FAILED, REVIEW_CASE_CLOSED, REVIEW_CASE_ESCALATED] as const;

/** Comprehend's answers; which ones thank the reviewer and which open a case is decided in patterns.ts. */
export const SENTIMENTS = ["POSITIVE", "NEUTRAL", "NEGATIVE", "MIXED"] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

/** What a review is about: a product or an order, never both. */
export const SUBJECT_TYPES = ["product", "order"] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface ReviewMetadata {
  /** The review id: every redelivery of one review carries it. */
  readonly "idempotency-key": string;
}

/** A review as submitted, with the id the platform gave it (the API request id). */
export interface ReviewData {
  readonly "review-id": string;
  readonly "subject-type": SubjectType;
  readonly "subject-id": string;
  /** 1 to 5 stars. */
  readonly rating: number;
  readonly text: string;
  readonly reviewer: { readonly email: string };
}

export interface ReviewSubmittedDetail {
  readonly metadata: ReviewMetadata;
  readonly data: ReviewData;
}

/** Comprehend's confidence in each sentiment, 0 to 1. */
export interface SentimentScores {
  readonly positive: number;
  readonly negative: number;
  readonly neutral: number;
  readonly mixed: number;
}

export interface ReviewAnalysedDetail {
  readonly metadata: ReviewMetadata;
  readonly data: ReviewData & { readonly sentiment: Sentiment; readonly scores: SentimentScores };
}

/** What an agent decides on a case; the workflow records it and announces it in ReviewCaseClosed. */
export const CASE_DECISIONS = ["refund", "replace", "apologise", "no-action"] as const;
export type CaseDecision = (typeof CASE_DECISIONS)[number];

/** A case's life: OPEN (waiting for an agent), then CLOSED by a decision or ESCALATED by the timeout. */
export const CASE_STATUSES = ["OPEN", "CLOSED", "ESCALATED"] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** Where the workflows find a review in their input: the event exactly as EventBridge delivers it. */
export const REVIEW_FIELDS = {
  reviewId: "$.detail.data.review-id",
  idempotencyKey: "$.detail.metadata.idempotency-key",
  subjectType: "$.detail.data.subject-type",
  subjectId: "$.detail.data.subject-id",
  rating: "$.detail.data.rating",
  text: "$.detail.data.text",
  reviewerEmail: "$.detail.data.reviewer.email",
  sentiment: "$.detail.data.sentiment",
  scores: "$.detail.data.scores",
} as const;
