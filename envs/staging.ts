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
} satisfies EnvironmentInput;
