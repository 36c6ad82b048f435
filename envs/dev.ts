import { EnvironmentInput } from "./schema";
import { sharedAlarms, sharedOrderFlow, sharedDelivery, sharedTags, sharedWebhookSubscriber } from "./shared";

/** Shared development account; the account id is a placeholder until the account exists. */
export const dev = {
  name: "dev",
  accountId: "111111111111",
  region: "eu-west-1",
  namePrefix: "orders-dev",
  tags: sharedTags,
  logRetentionDays: 14,
  logEncryption: "kms",
  archiveRetentionDays: 7,
  stateBackend: {
    bucket: "orders-tfstate-111111111111",
    key: "dev/platform.tfstate",
    region: "eu-west-1",
    protectFromDestroy: true,
    noncurrentVersionRetentionDays: 30,
  },
  planReview: { blockStatefulChanges: false, blockPermissionBroadening: false },
  provider: { maxRetries: 10 },
  eventBuses: {},
  delivery: { ...sharedDelivery, retry: { ...sharedDelivery.retry, maximumEventAgeSeconds: 3_600 } },
  orderFlow: {
    ...sharedOrderFlow,
    workflow: { ...sharedOrderFlow.workflow, logLevel: "ALL", includeExecutionData: true },
    statusTable: { deletionProtection: false },
  },
  statusUpdates: {
    polling: { throttling: { rateLimit: 20, burstLimit: 40 }, manageAccountLoggingRole: true, callers: ["111111111111"] },
    webhooks: {
      topicEncryption: "kms",
      successSampleRate: 100,
      subscribers: [{ ...sharedWebhookSubscriber, name: "partner-sandbox", endpoint: "https://webhooks.sandbox.partner.example.com/orders" }],
    },
    realtime: { fieldLogLevel: "ALL", apiKey: { expiresInDays: 30, renewEveryDays: 7 } },
  },
  alarms: {
    ...sharedAlarms,
    // Developers run load tests here: slow requests are expected, not a page.
    kinds: { ...sharedAlarms.kinds, "rest-api-latency": { ...sharedAlarms.kinds["rest-api-latency"], enabled: false } },
    topic: {
      encryption: "kms",
      subscribers: [
        { name: "platform-dev", protocol: "email", endpoint: "platform-dev@example.com" },
        { name: "chat", protocol: "https", endpoint: "https://chat.example.com/hooks/orders-dev-alarms" },
      ],
    },
  },
  // Developers call the real-time API with an API key (never in prod, see envs/guardrails.ts).
  policy: { warnings: ["appsync-no-api-key"] },
  reviews: {
    enabled: true,
    sentimentLanguage: "en",
    workflowLogging: { logLevel: "ERROR", includeExecutionData: false },
    // The orders API's stage already sets the account's API Gateway logging role.
    api: { throttling: { rateLimit: 20, burstLimit: 40 }, manageAccountLoggingRole: false, callers: ["111111111111"] },
    thankYou: { encryption: "kms", subscribers: [] },
    customerService: { encryption: "kms", subscribers: [{ name: "agents", protocol: "email", endpoint: "customer-service-dev@example.com" }] },
    deletionProtection: false,
    caseTimeoutSeconds: 3_600,
  },
} satisfies EnvironmentInput;
