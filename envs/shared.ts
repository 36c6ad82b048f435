import { EnvironmentInput } from "./schema";

/** Values every environment starts from; an environment file overrides what differs. */
export const sharedTags = {
  project: "event-driven-orders",
  owner: "platform-team",
  costCentre: "cc-4100",
} as const satisfies EnvironmentInput["tags"];

export const sharedRuleTargets = {
  maximumRetryAttempts: 185,
  maximumEventAgeSeconds: 86_400,
  deadLetterRetentionSeconds: 1_209_600,
} as const satisfies EnvironmentInput["ruleTargets"];

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
