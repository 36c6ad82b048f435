import { z } from "zod";
import { COMPREHEND_SENTIMENT_LANGUAGES, WORKFLOW_LOG_LEVELS } from "../modules/aws-limits";
import { subscriberSchema } from "./alarms-schema";
import { pollingSchema } from "./status-updates-schema";

/**
 * The reviews domain: reviews arrive on their own API, Comprehend scores their sentiment, positive
 * and neutral reviewers are thanked, negative and mixed reviews open a customer-service case.
 */

/** Shortest case timeout: an agent needs at least a minute to read a case. */
export const CASE_TIMEOUT_SECONDS = { min: 60, max: 2_592_000 } as const;
const CASE_TIMEOUT_ALLOWED = `an integer from ${CASE_TIMEOUT_SECONDS.min} to ${CASE_TIMEOUT_SECONDS.max} seconds (30 days)`;

/** An SNS topic a workflow or rule sends through, and who receives what it sends. */
const channelSchema = z.strictObject({
  /** "kms": a customer-managed key; "none" only on the emulator (envs/guardrails.ts). */
  encryption: z.enum(["kms", "none"]),
  /** Who gets the messages: inboxes or HTTPS endpoints (a mailer, a ticketing system). */
  subscribers: z.array(subscriberSchema),
});

export const reviewsSchema = z.strictObject({
  /** false: nothing of the reviews domain is deployed in this environment. */
  enabled: z.boolean(),
  /** The language Comprehend reads every review in. */
  sentimentLanguage: z.enum(COMPREHEND_SENTIMENT_LANGUAGES, {
    error: `a language DetectSentiment supports: one of ${COMPREHEND_SENTIMENT_LANGUAGES.join(", ")}`,
  }),
  /** POST /reviews and GET /reviews/{id}: throttling, API Gateway's logging role, who may call it. */
  api: pollingSchema,
  /** Where the thank-you to a positive or neutral reviewer goes (the message names the reviewer's address). */
  thankYou: channelSchema,
  /** Where a new case for a negative or mixed review is announced. */
  customerService: channelSchema,
  /** The workflows' execution logs; execution data holds review texts and reviewers' addresses. */
  workflowLogging: z.strictObject({ logLevel: z.enum(WORKFLOW_LOG_LEVELS), includeExecutionData: z.boolean() }),
  /** Deletion protection of the reviews and cases tables: on where losing them loses customer data. */
  deletionProtection: z.boolean(),
  /** How long a case waits for an agent's decision before it escalates to on-call. */
  caseTimeoutSeconds: z.int({ error: CASE_TIMEOUT_ALLOWED }).min(CASE_TIMEOUT_SECONDS.min, { error: CASE_TIMEOUT_ALLOWED }).max(CASE_TIMEOUT_SECONDS.max, {
    error: CASE_TIMEOUT_ALLOWED,
  }),
});

export type ReviewsConfig = z.output<typeof reviewsSchema>;
