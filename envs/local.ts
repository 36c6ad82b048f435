import { EnvironmentInput } from "./schema";
import { sharedAlarms, sharedOrderFlow, sharedTags, sharedWebhookSubscriber } from "./shared";

/** The local AWS emulator (moto) on 127.0.0.1; its default account is 123456789012. */
export const local = {
  name: "local",
  accountId: "123456789012",
  region: "us-east-1",
  namePrefix: "orders-local",
  tags: { ...sharedTags, owner: "developer-laptop" },
  logRetentionDays: 1,
  logEncryption: "none",
  archiveRetentionDays: 1,
  stateBackend: {
    bucket: "orders-local-tfstate",
    key: "local/platform.tfstate",
    region: "us-east-1",
    protectFromDestroy: false,
  },
  deployTarget: "emulator",
  // EMULATOR_PORT moves npm start, npm stop, cdktf and the emulator together off a busy 4566.
  emulator: { endpoint: `https://127.0.0.1:${process.env.EMULATOR_PORT ?? "4566"}`, accessKey: "test", secretKey: "test" },
  planReview: { blockStatefulChanges: false, blockPermissionBroadening: false },
  // A few retries ride over the emulator dropping a kept-alive connection; more would make an
  // unimplemented API retry for minutes.
  provider: { maxRetries: 3 },
  // The emulator has no API rate limit: the provider's settle-waits then overlap instead of queueing.
  terraform: { parallelism: 50 },
  eventBuses: {},
  delivery: { retry: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 }, deadLetterRetentionSeconds: 3_600 },
  orderFlow: {
    ...sharedOrderFlow,
    workflow: { ...sharedOrderFlow.workflow, logLevel: "ALL", includeExecutionData: true },
    inventoryFunction: { ...sharedOrderFlow.inventoryFunction, maxEventAgeSeconds: 60, idempotencyTtlSeconds: 300 },
    statusTable: { deletionProtection: false },
  },
  statusUpdates: {
    polling: { throttling: { rateLimit: 50, burstLimit: 100 }, manageAccountLoggingRole: true, callers: ["123456789012"] },
    webhooks: {
      topicEncryption: "none",
      successSampleRate: 100,
      // npm start and the emulator tier listen here (tools/local/webhook-receiver.ts); WEBHOOK_PORT moves it off a busy 4580.
      subscribers: [
        {
          ...sharedWebhookSubscriber,
          name: "local-receiver",
          protocol: "http",
          endpoint: `http://127.0.0.1:${process.env.WEBHOOK_PORT ?? "4580"}/webhooks/orders`,
        },
      ],
    },
    realtime: { fieldLogLevel: "ALL", apiKey: { expiresInDays: 7, renewEveryDays: 1 } },
  },
  alarms: {
    ...sharedAlarms,
    // Dead letters expire after an hour here, so they page well before that.
    kinds: { ...sharedAlarms.kinds, "queue-oldest-message-age": { enabled: true, threshold: 600 } },
    topic: { encryption: "none", subscribers: [{ name: "developer", protocol: "email", endpoint: "developer@example.com" }] },
  },
  // The emulator runs without KMS (topic and logs) and with an API key for local clients.
  policy: { warnings: ["sns-topic-kms", "logs-kms-encryption", "appsync-no-api-key"] },
  reviews: {
    enabled: true,
    sentimentLanguage: "en",
    workflowLogging: { logLevel: "ALL", includeExecutionData: true },
    // The orders API's stage already sets the account's API Gateway logging role.
    api: { throttling: { rateLimit: 50, burstLimit: 100 }, manageAccountLoggingRole: false, callers: ["123456789012"] },
    thankYou: { encryption: "none", subscribers: [{ name: "reviewer-mailer", protocol: "email", endpoint: "reviews@example.com" }] },
    customerService: { encryption: "none", subscribers: [{ name: "agents", protocol: "email", endpoint: "customer-service@example.com" }] },
    deletionProtection: false,
    // Short enough for the emulator tier to watch a case escalate, long enough to resolve one by hand.
    caseTimeoutSeconds: 120,
  },
} satisfies EnvironmentInput;
