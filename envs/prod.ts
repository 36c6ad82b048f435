import { EnvironmentInput } from "./schema";
import { sharedAlarms, sharedOrderFlow, sharedDelivery, sharedTags, sharedWebhookSubscriber } from "./shared";

/** Production account; placeholder account id. Events are kept a year for replay and audit. */
export const prod = {
  name: "prod",
  accountId: "333333333333",
  region: "eu-west-1",
  namePrefix: "orders-prod",
  tags: { ...sharedTags, extra: { DataClassification: "confidential" } },
  logRetentionDays: 365,
  logEncryption: "kms",
  archiveRetentionDays: 365,
  stateBackend: {
    bucket: "orders-tfstate-333333333333",
    key: "prod/platform.tfstate",
    region: "eu-west-1",
    protectFromDestroy: true,
    noncurrentVersionRetentionDays: 365,
  },
  planReview: { blockStatefulChanges: true, blockPermissionBroadening: true },
  provider: { maxRetries: 25 },
  eventBuses: {},
  delivery: sharedDelivery,
  orderFlow: { ...sharedOrderFlow, inventoryFunction: { ...sharedOrderFlow.inventoryFunction, reservedConcurrency: 50 } },
  statusUpdates: {
    polling: { throttling: { rateLimit: 500, burstLimit: 1_000 }, manageAccountLoggingRole: true, callers: ["333333333333"] },
    webhooks: {
      topicEncryption: "kms",
      successSampleRate: 5,
      subscribers: [
        {
          ...sharedWebhookSubscriber,
          name: "partner",
          endpoint: "https://webhooks.partner.example.com/orders",
          // This partner only wants processed orders: failed and rejected ones are not sent to it.
          filterPolicy: { status: ["PROCESSED"] },
        },
      ],
    },
    realtime: { fieldLogLevel: "ERROR" },
  },
  alarms: {
    ...sharedAlarms,
    // Customers feel slow status polls first in prod: page on a shorter, tighter window.
    kinds: { ...sharedAlarms.kinds, "rest-api-latency": { enabled: true, threshold: 1_000, evaluationPeriods: 3 } },
    topic: {
      encryption: "kms",
      subscribers: [
        ...sharedAlarms.topic.subscribers,
        { name: "pager", protocol: "https", endpoint: "https://events.pager.example.com/integrations/orders-prod" },
        { name: "chat", protocol: "https", endpoint: "https://chat.example.com/hooks/orders-prod-alarms" },
      ],
    },
  },
  reviews: {
    enabled: true,
    sentimentLanguage: "en",
    workflowLogging: { logLevel: "ERROR", includeExecutionData: false },
    // The orders API's stage already sets the account's API Gateway logging role.
    api: { throttling: { rateLimit: 200, burstLimit: 400 }, manageAccountLoggingRole: false, callers: ["333333333333"] },
    thankYou: { encryption: "kms", subscribers: [{ name: "mailer", protocol: "https", endpoint: "https://mailer.example.com/reviews/thank-you" }] },
    customerService: {
      encryption: "kms",
      subscribers: [
        { name: "agents", protocol: "email", endpoint: "customer-service@example.com" },
        { name: "ticketing", protocol: "https", endpoint: "https://tickets.example.com/hooks/reviews" },
      ],
    },
    deletionProtection: true,
    caseTimeoutSeconds: 172_800,
  },
} satisfies EnvironmentInput;
