import type { EventPattern } from "../../modules/event-pattern";
import { REVIEW_ANALYSED, REVIEW_ANALYSIS_SOURCE, REVIEW_SOURCE, REVIEW_SUBMITTED, Sentiment } from "./reviews";

/**
 * The rule patterns of the reviews flow, next to the events they match, so tests evaluate exactly
 * what is deployed.
 */

/**
 * Thanked: POSITIVE and NEUTRAL. A neutral reviewer took the time to write too, and has no
 * complaint for an agent to act on.
 */
export const THANKED_SENTIMENTS = ["POSITIVE", "NEUTRAL"] as const satisfies readonly Sentiment[];
/** A case: NEGATIVE and MIXED. A mixed review holds a complaint, and an agent decides whether it needs action. */
export const CASE_SENTIMENTS = ["NEGATIVE", "MIXED"] as const satisfies readonly Sentiment[];

/** ReviewSubmittedRule: every review the API accepted starts ReviewAnalysis. */
export const REVIEW_SUBMITTED_PATTERN: EventPattern = {
  source: [REVIEW_SOURCE],
  "detail-type": [REVIEW_SUBMITTED],
};

const analysedAs = (sentiments: readonly Sentiment[]): EventPattern => ({
  source: [REVIEW_ANALYSIS_SOURCE],
  "detail-type": [REVIEW_ANALYSED],
  detail: { data: { sentiment: [...sentiments] } },
});

/** ThankYouRule: the reviewer gets a thank-you through the thank-you topic. */
export const THANK_YOU_PATTERN = analysedAs(THANKED_SENTIMENTS);
/** CustomerServiceRule: the review opens a case. */
export const CUSTOMER_SERVICE_PATTERN = analysedAs(CASE_SENTIMENTS);
