import { EnvironmentInput } from "./schema";
import { sharedAlarms, sharedOrderFlow, sharedDelivery, sharedTags, sharedWebhookSubscriber } from "./shared";

/** Production-like account for release candidates; placeholder account id. */
export const staging = {
  name: "staging",
  accountId: "222222222222",
  region: "eu-west-1",
  namePrefix: "orders-staging",
  tags: sharedTags,
  logRetentionDays: 30,
  logEncryption: "kms",
  archiveRetentionDays: 30,
  stateBackend: {
    bucket: "orders-tfstate-222222222222",
    key: "staging/platform.tfstate",
    region: "eu-west-1",
    protectFromDestroy: true,
    noncurrentVersionRetentionDays: 90,
  },
  planReview: { blockStatefulChanges: false, blockPermissionBroadening: true },
  provider: { maxRetries: 25 },
  eventBuses: {},
  delivery: sharedDelivery,
  orderFlow: sharedOrderFlow,
  statusUpdates: {
    polling: { throttling: { rateLimit: 100, burstLimit: 200 }, manageAccountLoggingRole: true, callers: ["222222222222"] },
    webhooks: {
      topicEncryption: "kms",
      successSampleRate: 25,
      subscribers: [{ ...sharedWebhookSubscriber, name: "partner-staging", endpoint: "https://webhooks.staging.partner.example.com/orders" }],
    },
    realtime: { fieldLogLevel: "ERROR" },
  },
  alarms: sharedAlarms,
  reviews: {
    enabled: true,
    sentimentLanguage: "en",
    workflowLogging: { logLevel: "ERROR", includeExecutionData: false },
    // The orders API's stage already sets the account's API Gateway logging role.
    api: { throttling: { rateLimit: 100, burstLimit: 200 }, manageAccountLoggingRole: false, callers: ["222222222222"] },
    thankYou: { encryption: "kms", subscribers: [] },
    customerService: { encryption: "kms", subscribers: [{ name: "agents", protocol: "email", endpoint: "customer-service-staging@example.com" }] },
    deletionProtection: true,
    caseTimeoutSeconds: 86_400,
  },
} satisfies EnvironmentInput;
