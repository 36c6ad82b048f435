import { DeliveryPolicy } from "../modules/sns-delivery-policy";
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

/**
 * A webhook subscriber's defaults: https, raw JSON bodies and an exponential backoff that spends
 * most of SNS's one-hour retry budget (3 quick retries, then 1 s growing to 5 min, then every 5 min).
 */
export const sharedWebhookSubscriber = {
  protocol: "https",
  rawMessageDelivery: true,
  deliveryPolicy: DeliveryPolicy.exponential({
    numRetries: 20,
    numNoDelayRetries: 3,
    minDelayTarget: 1,
    numMinDelayRetries: 2,
    maxDelayTarget: 300,
    numMaxDelayRetries: 5,
    maxReceivesPerSecond: 10,
    headerContentType: "application/json",
  }),
} as const satisfies Omit<NonNullable<EnvironmentInput["statusUpdates"]["webhooks"]>["subscribers"][number], "name" | "endpoint">;
