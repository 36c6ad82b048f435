import { HOUR_LONG_HTTPS_DELIVERY } from "../modules/sns-delivery-policy";
import { EnvironmentInput } from "./schema";

/** Values every environment starts from; an environment file overrides what differs. */
export const sharedTags = {
  project: "event-driven-orders",
  owner: "platform-team",
  costCentre: "cc-4100",
} as const satisfies EnvironmentInput["tags"];

export const sharedDelivery = {
  retry: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 },
  deadLetterRetentionSeconds: 1_209_600,
} as const satisfies EnvironmentInput["delivery"];

export const sharedOrderFlow = {
  workflow: { type: "STANDARD", logLevel: "ERROR", includeExecutionData: false },
  inventoryFunction: {
    memoryMb: 256,
    timeoutSeconds: 10,
    reservedConcurrency: 10,
    asyncRetries: 2,
    maxEventAgeSeconds: 3_600,
    idempotencyTtlSeconds: 86_400,
  },
  statusTable: { deletionProtection: true },
} as const satisfies EnvironmentInput["orderFlow"];

/** A webhook subscriber's defaults: https, raw JSON bodies, retries over most of an hour. */
export const sharedWebhookSubscriber = {
  protocol: "https",
  rawMessageDelivery: true,
  deliveryPolicy: HOUR_LONG_HTTPS_DELIVERY,
} as const satisfies Omit<NonNullable<EnvironmentInput["statusUpdates"]["webhooks"]>["subscribers"][number], "name" | "endpoint">;

const pageOnAny = { enabled: true, threshold: 0 } as const;

/**
 * Alarms every environment starts from: any failed delivery, failed execution or server error
 * pages at once; a dead-letter message unhandled for a day, and slow API requests, page too.
 */
export const sharedAlarms = {
  periodSeconds: 60,
  evaluationPeriods: 1,
  kinds: {
    "queue-messages-visible": pageOnAny,
    "queue-oldest-message-age": { enabled: true, threshold: 86_400 },
    // Consumers that hold work for a quarter of an hour have stopped or cannot keep up.
    "work-queue-oldest-message-age": { enabled: true, threshold: 900 },
    "rule-failed-invocations": pageOnAny,
    "rule-invocations-sent-to-dlq": pageOnAny,
    "workflow-executions-failed": pageOnAny,
    "workflow-executions-timed-out": pageOnAny,
    "function-errors": pageOnAny,
    "function-throttles": pageOnAny,
    "function-destination-delivery-failures": pageOnAny,
    "topic-notifications-failed": pageOnAny,
    "topic-notifications-redriven-to-dlq": pageOnAny,
    "rest-api-5xx-errors": pageOnAny,
    // p99 in milliseconds over five minutes: one slow request is not an incident.
    "rest-api-latency": { enabled: true, threshold: 2_000, evaluationPeriods: 5 },
    "graphql-api-5xx-errors": pageOnAny,
  },
  topic: { encryption: "kms", subscribers: [{ name: "platform-oncall", protocol: "email", endpoint: "platform-oncall@example.com" }] },
} as const satisfies EnvironmentInput["alarms"];
