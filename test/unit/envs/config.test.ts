import { environments, loadEnvironments } from "../../../envs";
import { Inputs, configErrorFor, freshInputs } from "../../support/config-inputs";
import { DeliveryPolicy } from "../../../modules/sns-delivery-policy";

const errorFor = configErrorFor;

describe("environment config", () => {
  it("loads the four environments in order", () => {
    expect(environments.map((env) => env.name)).toEqual(["local", "dev", "staging", "prod"]);
  });

  it("defaults the PutEvents principals to the environment's own account", () => {
    for (const env of environments) {
      expect(env.eventBuses.putEventsPrincipals).toEqual([env.accountId]);
    }
  });

  it("defaults the workflow type to STANDARD", () => {
    const inputs = freshInputs();
    delete inputs.dev.orderFlow.workflow.type;
    expect(loadEnvironments(inputs).find((env) => env.name === "dev")!.orderFlow.workflow.type).toBe("STANDARD");
  });

  it("switches a status-update channel off when its block is left out", () => {
    const inputs = freshInputs();
    delete inputs.dev.statusUpdates.webhooks;
    const dev = loadEnvironments(inputs).find((env) => env.name === "dev")!;
    expect(dev.statusUpdates.webhooks).toBeUndefined();
    expect(dev.statusUpdates.polling).toBeDefined();
  });

  it("targets the emulator only from local", () => {
    expect(environments.filter((env) => env.emulator).map((env) => env.name)).toEqual(["local"]);
  });

  it("gives every real environment a distinct 12-digit account", () => {
    const accounts = environments.filter((env) => !env.emulator).map((env) => env.accountId);
    expect(new Set(accounts).size).toBe(accounts.length);
  });

  const invalid: [string, (inputs: Inputs) => void, { environment: string; field: string; value: unknown; allowed: RegExp }][] = [
    [
      "an unknown top-level field",
      (i) => (i.dev.logRetention = 14),
      { environment: "dev", field: "logRetention", value: 14, allowed: /no such field; known fields here: name, accountId/ },
    ],
    [
      "an unknown nested field",
      (i) => (i.prod.stateBackend.dynamodbTable = "locks"),
      { environment: "prod", field: "stateBackend.dynamodbTable", value: "locks", allowed: /known fields here: bucket, key, region/ },
    ],
    [
      "a retention CloudWatch does not accept",
      (i) => (i.dev.logRetentionDays = 4),
      { environment: "dev", field: "logRetentionDays", value: 4, allowed: /one of the CloudWatch Logs retention values 1, 3, 5, 7, 14/ },
    ],
    [
      "a retention of the wrong type",
      (i) => (i.staging.logRetentionDays = "30"),
      { environment: "staging", field: "logRetentionDays", value: "30", allowed: /CloudWatch Logs retention values/ },
    ],
    [
      "a missing account id",
      (i) => delete i.prod.accountId,
      { environment: "prod", field: "accountId", value: undefined, allowed: /a 12-digit AWS account id/ },
    ],
    [
      "a malformed account id",
      (i) => (i.dev.accountId = "1111-2222-3333"),
      { environment: "dev", field: "accountId", value: "1111-2222-3333", allowed: /a 12-digit AWS account id/ },
    ],
    [
      "an account id given as a number",
      (i) => (i.dev.accountId = 111111111111),
      { environment: "dev", field: "accountId", value: 111111111111, allowed: /a 12-digit AWS account id/ },
    ],
    [
      "an invalid region",
      (i) => (i.staging.region = "europe-1"),
      { environment: "staging", field: "region", value: "europe-1", allowed: /a region of the aws partition known to the installed AWS SDK/ },
    ],
    [
      "a made-up region of the right shape",
      (i) => (i.prod.region = "eu-fake-9"),
      { environment: "prod", field: "region", value: "eu-fake-9", allowed: /a region of the aws partition known to the installed AWS SDK/ },
    ],
    [
      "a state backend in a made-up region",
      (i) => (i.dev.stateBackend.region = "eu-fake-9"),
      { environment: "dev", field: "stateBackend.region", value: "eu-fake-9", allowed: /a region of the aws partition/ },
    ],
    [
      "a region outside the aws partition (ARNs are built for aws only)",
      (i) => (i.dev.region = "us-gov-west-1"),
      { environment: "dev", field: "region", value: "us-gov-west-1", allowed: /a region of the aws partition/ },
    ],
    [
      "a name prefix with capitals",
      (i) => (i.dev.namePrefix = "Orders-Dev"),
      { environment: "dev", field: "namePrefix", value: "Orders-Dev", allowed: /lowercase letters, digits or hyphens/ },
    ],
    [
      "a name prefix used by another environment",
      (i) => (i.staging.namePrefix = "orders-dev"),
      { environment: "staging", field: "namePrefix", value: "orders-dev", allowed: /no other environment uses; environment "dev" uses it too/ },
    ],
    [
      "a name prefix taken from another environment, naming that one as well",
      (i) => (i.staging.namePrefix = "orders-dev"),
      { environment: "dev", field: "namePrefix", value: "orders-dev", allowed: /environment "staging" uses it too/ },
    ],
    [
      "a state object shared with another environment",
      (i) => (i.prod.stateBackend = { ...i.prod.stateBackend, bucket: i.staging.stateBackend.bucket, key: i.staging.stateBackend.key }),
      {
        environment: "prod",
        field: "stateBackend.bucket + stateBackend.key",
        value: "s3://orders-tfstate-222222222222/staging/platform.tfstate",
        allowed: /environment "staging" uses it too/,
      },
    ],
    [
      "a state object shared with another environment, naming that one as well",
      (i) => (i.prod.stateBackend = { ...i.prod.stateBackend, bucket: i.staging.stateBackend.bucket, key: i.staging.stateBackend.key }),
      {
        environment: "staging",
        field: "stateBackend.bucket + stateBackend.key",
        value: "s3://orders-tfstate-222222222222/staging/platform.tfstate",
        allowed: /environment "prod" uses it too/,
      },
    ],
    [
      "a state bucket in another environment's account",
      (i) => (i.prod.stateBackend.bucket = i.dev.stateBackend.bucket),
      {
        environment: "prod",
        field: "stateBackend.bucket",
        value: "orders-tfstate-111111111111",
        allowed: /a bucket of this environment's account 333333333333; environment "dev" \(account 111111111111\) uses it too/,
      },
    ],
    [
      "a state bucket in another environment's account, blaming the other one too",
      (i) => (i.prod.stateBackend.bucket = i.dev.stateBackend.bucket),
      {
        environment: "dev",
        field: "stateBackend.bucket",
        value: "orders-tfstate-111111111111",
        allowed: /account 111111111111; environment "prod" \(account 333333333333\) uses it too/,
      },
    ],
    [
      "an invalid state bucket name",
      (i) => (i.dev.stateBackend.bucket = "Orders_State"),
      { environment: "dev", field: "stateBackend.bucket", value: "Orders_State", allowed: /an S3 bucket name/ },
    ],
    [
      "a state key without .tfstate",
      (i) => (i.dev.stateBackend.key = "dev/platform"),
      { environment: "dev", field: "stateBackend.key", value: "dev/platform", allowed: /ending in \.tfstate/ },
    ],
    [
      "retry attempts above the EventBridge maximum",
      (i) => (i.prod.delivery.retry.maximumRetryAttempts = 186),
      { environment: "prod", field: "delivery.retry.maximumRetryAttempts", value: 186, allowed: /an integer from 0 to 185/ },
    ],
    [
      "negative retry attempts",
      (i) => (i.dev.delivery.retry.maximumRetryAttempts = -1),
      { environment: "dev", field: "delivery.retry.maximumRetryAttempts", value: -1, allowed: /an integer from 0 to 185/ },
    ],
    [
      "an event age below 60 seconds",
      (i) => (i.dev.delivery.retry.maximumEventAgeSeconds = 59),
      { environment: "dev", field: "delivery.retry.maximumEventAgeSeconds", value: 59, allowed: /an integer from 60 to 86400/ },
    ],
    [
      "a fractional event age",
      (i) => (i.dev.delivery.retry.maximumEventAgeSeconds = 90.5),
      { environment: "dev", field: "delivery.retry.maximumEventAgeSeconds", value: 90.5, allowed: /an integer from 60 to 86400/ },
    ],
    [
      "a DLQ retention above 14 days",
      (i) => (i.staging.delivery.deadLetterRetentionSeconds = 1_209_601),
      { environment: "staging", field: "delivery.deadLetterRetentionSeconds", value: 1_209_601, allowed: /an integer from 60 to 1209600/ },
    ],
    [
      "an archive retention above ten years",
      (i) => (i.prod.archiveRetentionDays = 4000),
      { environment: "prod", field: "archiveRetentionDays", value: 4000, allowed: /an integer from 0 to 3650/ },
    ],
    [
      "a wildcard PutEvents principal",
      (i) => (i.prod.eventBuses.putEventsPrincipals = ["*"]),
      { environment: "prod", field: "eventBuses.putEventsPrincipals.0", value: "*", allowed: /never "\*"/ },
    ],
    [
      "an empty PutEvents principal list",
      (i) => (i.prod.eventBuses.putEventsPrincipals = []),
      { environment: "prod", field: "eventBuses.putEventsPrincipals", value: [], allowed: /at least one principal/ },
    ],
    [
      "a tag key in the reserved aws: namespace",
      (i) => (i.prod.tags.extra = { "aws:team": "x" }),
      { environment: "prod", field: "tags.extra.aws:team", value: "aws:team", allowed: /a key: .*not starting with aws:/ },
    ],
    ["a missing owner tag", (i) => delete i.dev.tags.owner, { environment: "dev", field: "tags.owner", value: undefined, allowed: /letters, digits/ }],
    [
      "an emulator endpoint that is not loopback",
      (i) => (i.local.emulator.endpoint = "https://emulator.example.com"),
      { environment: "local", field: "emulator.endpoint", value: "https://emulator.example.com", allowed: /an https URL on 127\.0\.0\.1 or localhost/ },
    ],
    [
      "real-looking credentials for the emulator",
      (i) => (i.local.emulator.secretKey = "AKIA..."),
      { environment: "local", field: "emulator.secretKey", value: "AKIA...", allowed: /"test" \(emulator credentials only\)/ },
    ],
    [
      "an emulator block in prod",
      (i) => (i.prod.emulator = { endpoint: "https://127.0.0.1:4566", accessKey: "test", secretKey: "test" }),
      {
        environment: "prod",
        field: "emulator",
        value: { endpoint: "https://127.0.0.1:4566", accessKey: "test", secretKey: "test" },
        allowed: /no emulator block where deployTarget is "aws" \(only an environment marked deployTarget: "emulator"/,
      },
    ],
    [
      "an emulator block in an environment not marked as the emulator's",
      (i) => delete i.local.deployTarget,
      {
        environment: "local",
        field: "emulator",
        value: expect.objectContaining({ endpoint: "https://127.0.0.1:4566" }),
        allowed: /no emulator block where deployTarget is "aws"/,
      },
    ],
    [
      "an environment marked for the emulator without its endpoint",
      (i) => (i.dev.deployTarget = "emulator"),
      { environment: "dev", field: "emulator", value: undefined, allowed: /an emulator block \(endpoint, test credentials\) where deployTarget is "emulator"/ },
    ],
    [
      "an unknown deploy target",
      (i) => (i.dev.deployTarget = "laptop"),
      { environment: "dev", field: "deployTarget", value: "laptop", allowed: /one of "aws", "emulator"/ },
    ],
    [
      "retry attempts that are not a number",
      (i) => (i.dev.delivery.retry.maximumRetryAttempts = Number.NaN),
      { environment: "dev", field: "delivery.retry.maximumRetryAttempts", value: Number.NaN, allowed: /an integer from 0 to 185/ },
    ],
    [
      "provider retries out of range",
      (i) => (i.dev.provider.maxRetries = 100),
      { environment: "dev", field: "provider.maxRetries", value: 100, allowed: /an integer from 0 to 25/ },
    ],
    [
      "terraform parallelism of zero",
      (i) => (i.local.terraform = { parallelism: 0 }),
      { environment: "local", field: "terraform.parallelism", value: 0, allowed: /an integer from 1 to 100/ },
    ],
    [
      "a name that differs from its registration key",
      (i) => (i.dev.name = "development"),
      { environment: "dev", field: "name", value: "development", allowed: /"dev", the key it is registered under/ },
    ],
    [
      "Lambda async retries above 2",
      (i) => (i.dev.orderFlow.inventoryFunction.asyncRetries = 3),
      { environment: "dev", field: "orderFlow.inventoryFunction.asyncRetries", value: 3, allowed: /an integer from 0 to 2/ },
    ],
    [
      "a Lambda async event age above 6 hours",
      (i) => (i.prod.orderFlow.inventoryFunction.maxEventAgeSeconds = 21_601),
      { environment: "prod", field: "orderFlow.inventoryFunction.maxEventAgeSeconds", value: 21_601, allowed: /an integer from 60 to 21600/ },
    ],
    [
      "a Lambda async event age below a minute",
      (i) => (i.prod.orderFlow.inventoryFunction.maxEventAgeSeconds = 59),
      { environment: "prod", field: "orderFlow.inventoryFunction.maxEventAgeSeconds", value: 59, allowed: /an integer from 60 to 21600/ },
    ],
    [
      "a Lambda timeout above 15 minutes",
      (i) => (i.dev.orderFlow.inventoryFunction.timeoutSeconds = 901),
      { environment: "dev", field: "orderFlow.inventoryFunction.timeoutSeconds", value: 901, allowed: /an integer from 1 to 900/ },
    ],
    [
      "Lambda memory below 128 MB",
      (i) => (i.dev.orderFlow.inventoryFunction.memoryMb = 64),
      { environment: "dev", field: "orderFlow.inventoryFunction.memoryMb", value: 64, allowed: /an integer from 128 to 10240/ },
    ],
    [
      "workflow logging switched off",
      (i) => (i.prod.orderFlow.workflow.logLevel = "OFF"),
      { environment: "prod", field: "orderFlow.workflow.logLevel", value: "OFF", allowed: /one of "ALL", "ERROR", "FATAL"/ },
    ],
    [
      "an unknown state machine type",
      (i) => (i.dev.orderFlow.workflow.type = "EXPRESS_SYNC"),
      { environment: "dev", field: "orderFlow.workflow.type", value: "EXPRESS_SYNC", allowed: /one of "STANDARD", "EXPRESS"/ },
    ],
    [
      "a webhook delivery policy given as plain data",
      (i) => (i.dev.statusUpdates.webhooks.subscribers[0].deliveryPolicy = { ...i.dev.statusUpdates.webhooks.subscribers[0].deliveryPolicy.retry }),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.deliveryPolicy",
        value: expect.objectContaining({ numRetries: 20 }),
        allowed: /a DeliveryPolicy built with DeliveryPolicy.exponential/,
      },
    ],
    [
      "a webhook delivery policy SNS would refuse, built with the factory in the environment file",
      (i) =>
        (i.dev.statusUpdates.webhooks.subscribers[0].deliveryPolicy = DeliveryPolicy.exponential({ numRetries: 101, minDelayTarget: 1, maxDelayTarget: 60 })),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.deliveryPolicy.retry.numRetries",
        value: 101,
        allowed: /an integer from 0 to 100/,
      },
    ],
    [
      "an API key renewed no sooner than it expires",
      (i) => (i.dev.statusUpdates.realtime.apiKey = { expiresInDays: 30, renewEveryDays: 28 + 2 }),
      { environment: "dev", field: "statusUpdates.realtime.apiKey.renewEveryDays", value: 30, allowed: /an integer from 1 to 28/ },
    ],
    [
      "an API key renewed after it lapsed",
      (i) => (i.dev.statusUpdates.realtime.apiKey = { expiresInDays: 7, renewEveryDays: 7 }),
      { environment: "dev", field: "statusUpdates.realtime.apiKey.renewEveryDays", value: 7, allowed: /less than expiresInDays \(7\)/ },
    ],
    [
      "anyone allowed to call the polling API",
      (i) => (i.prod.statusUpdates.polling.callers = ["*"]),
      { environment: "prod", field: "statusUpdates.polling.callers.0", value: "*", allowed: /an IAM root\/role\/user ARN \(never "\*"\)/ },
    ],
    [
      "nobody allowed to call the polling API",
      (i) => (i.staging.statusUpdates.polling.callers = []),
      { environment: "staging", field: "statusUpdates.polling.callers", value: [], allowed: /at least one principal/ },
    ],
    [
      "a webhook endpoint that is not a URL",
      (i) => (i.dev.statusUpdates.webhooks.subscribers[0].endpoint = "partner.example.com/orders"),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.endpoint",
        value: "partner.example.com/orders",
        allowed: /an http:\/\/ or https:\/\/ URL/,
      },
    ],
    [
      "a webhook URL with a user and password",
      (i) => (i.dev.statusUpdates.webhooks.subscribers[0].endpoint = "https://user:secret@webhooks.partner.example.com/orders"),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.endpoint",
        value: "https://user:secret@webhooks.partner.example.com/orders",
        allowed: /a URL without user:password@ \(give a secret endpoint with endpointFrom/,
      },
    ],
    [
      "a webhook URL with a token in its query",
      (i) => (i.prod.statusUpdates.webhooks.subscribers[0].endpoint = "https://webhooks.partner.example.com/orders?token=abc123"),
      {
        environment: "prod",
        field: "statusUpdates.webhooks.subscribers.0.endpoint",
        value: "https://webhooks.partner.example.com/orders?token=abc123",
        allowed: /a URL without a token, key, signature or password in its query/,
      },
    ],
    [
      "a webhook URL with an API key in its query",
      (i) => (i.dev.statusUpdates.webhooks.subscribers[0].endpoint = "https://webhooks.partner.example.com/orders?page=1&X-Api-Key=abc"),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.endpoint",
        value: "https://webhooks.partner.example.com/orders?page=1&X-Api-Key=abc",
        allowed: /without a token, key/,
      },
    ],
    [
      "a webhook whose URL scheme differs from its protocol",
      (i) => (i.dev.statusUpdates.webhooks.subscribers[0].endpoint = "http://webhooks.partner.example.com/orders"),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.endpoint",
        value: "http://webhooks.partner.example.com/orders",
        allowed: /a https:\/\/ URL \(the scheme must equal protocol "https"\)/,
      },
    ],
    [
      "two webhook subscribers with the same name",
      (i) => i.dev.statusUpdates.webhooks.subscribers.push({ ...i.dev.statusUpdates.webhooks.subscribers[0], endpoint: "https://other.example.com/hooks" }),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.1.name",
        value: "partner-sandbox",
        allowed: /a name no other subscriber of the topic has; subscriber 0 is also "partner-sandbox"/,
      },
    ],
    [
      "a filter policy whose value is not a list of conditions",
      (i) => (i.prod.statusUpdates.webhooks.subscribers[0].filterPolicy = { status: "PROCESSED" }),
      {
        environment: "prod",
        field: "statusUpdates.webhooks.subscribers.0.filterPolicy",
        value: { status: "PROCESSED" },
        allowed: /an SNS filter policy within SNS's limits; this one key "status" is "PROCESSED"; allowed: an array of conditions/,
      },
    ],
    [
      "an empty filter policy",
      (i) => (i.prod.statusUpdates.webhooks.subscribers[0].filterPolicy = {}),
      { environment: "prod", field: "statusUpdates.webhooks.subscribers.0.filterPolicy", value: {}, allowed: /has 0 keys; allowed: 1 to 5/ },
    ],
    [
      "a webhook with both an endpoint and a secret endpoint",
      (i) => (i.dev.statusUpdates.webhooks.subscribers[0].endpointFrom = { ssmParameter: "/orders/dev/partner-url" }),
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.endpointFrom",
        value: { ssmParameter: "/orders/dev/partner-url" },
        allowed: /exactly one of endpoint \(a URL\) and endpointFrom/,
      },
    ],
    [
      "a webhook with neither an endpoint nor a secret endpoint",
      (i) => delete i.dev.statusUpdates.webhooks.subscribers[0].endpoint,
      { environment: "dev", field: "statusUpdates.webhooks.subscribers.0.endpoint", value: undefined, allowed: /exactly one of endpoint/ },
    ],
    [
      "a secret endpoint from an unknown store",
      (i) => {
        const subscriber = i.dev.statusUpdates.webhooks.subscribers[0];
        delete subscriber.endpoint;
        subscriber.endpointFrom = { vault: "partner" };
      },
      {
        environment: "dev",
        field: "statusUpdates.webhooks.subscribers.0.endpointFrom",
        value: { vault: "partner" },
        allowed: /\{ ssmParameter: "\/parameter\/name" \} or \{ secretsManagerSecret: "secret-name-or-arn" \}/,
      },
    ],
    [
      "a plain http webhook in staging",
      (i) =>
        (i.staging.statusUpdates.webhooks.subscribers[0] = {
          ...i.staging.statusUpdates.webhooks.subscribers[0],
          protocol: "http",
          endpoint: "http://partner.example.com/orders",
        }),
      {
        environment: "staging",
        field: "statusUpdates.webhooks.subscribers.0.endpoint",
        value: "http://partner.example.com/orders",
        allowed: /an https endpoint \(staging never sends webhooks over plain http\)/,
      },
    ],
    [
      "a plain http webhook in prod",
      (i) =>
        (i.prod.statusUpdates.webhooks.subscribers[0] = {
          ...i.prod.statusUpdates.webhooks.subscribers[0],
          protocol: "http",
          endpoint: "http://partner.example.com/orders",
        }),
      {
        environment: "prod",
        field: "statusUpdates.webhooks.subscribers.0.endpoint",
        value: "http://partner.example.com/orders",
        allowed: /an https endpoint \(prod never/,
      },
    ],
    [
      "an unencrypted status topic outside the emulator",
      (i) => (i.dev.statusUpdates.webhooks.topicEncryption = "none"),
      { environment: "dev", field: "statusUpdates.webhooks.topicEncryption", value: "none", allowed: /"kms" \(only the emulator environment/ },
    ],
    [
      "a delivery success sample rate above 100",
      (i) => (i.dev.statusUpdates.webhooks.successSampleRate = 101),
      { environment: "dev", field: "statusUpdates.webhooks.successSampleRate", value: 101, allowed: /an integer from 0 to 100/ },
    ],
    [
      "an AppSync API key in prod",
      (i) => (i.prod.statusUpdates.realtime.apiKey = { expiresInDays: 7, renewEveryDays: 1 }),
      { environment: "prod", field: "statusUpdates.realtime.apiKey", value: { expiresInDays: 7, renewEveryDays: 1 }, allowed: /no API key in prod/ },
    ],
    [
      "an API key living longer than a year",
      (i) => (i.dev.statusUpdates.realtime.apiKey = { expiresInDays: 400, renewEveryDays: 7 }),
      { environment: "dev", field: "statusUpdates.realtime.apiKey.expiresInDays", value: 400, allowed: /an integer from 1 to 365/ },
    ],
    [
      "AppSync field logging switched off",
      (i) => (i.prod.statusUpdates.realtime.fieldLogLevel = "NONE"),
      { environment: "prod", field: "statusUpdates.realtime.fieldLogLevel", value: "NONE", allowed: /one of "ERROR", "ALL"/ },
    ],
    [
      "an API rate limit of zero",
      (i) => (i.prod.statusUpdates.polling.throttling.rateLimit = 0),
      { environment: "prod", field: "statusUpdates.polling.throttling.rateLimit", value: 0, allowed: /above 0, at most 10000/ },
    ],
    [
      "an API burst above the account quota",
      (i) => (i.prod.statusUpdates.polling.throttling.burstLimit = 5001),
      { environment: "prod", field: "statusUpdates.polling.throttling.burstLimit", value: 5001, allowed: /an integer from 0 to 5000/ },
    ],
    [
      "policy warnings in prod",
      (i) => (i.prod.policy = { warnings: ["logs-kms-encryption"] }),
      { environment: "prod", field: "policy.warnings", value: ["logs-kms-encryption"], allowed: /no warnings in prod: every policy rule fails synth there/ },
    ],
    [
      "a policy warning naming no rule of the pack",
      (i) => (i.dev.policy.warnings = ["kms-everywhere"]),
      { environment: "dev", field: "policy.warnings.0", value: "kms-everywhere", allowed: /a policy rule id: one of events-target-dlq, .*logs-kms-encryption/ },
    ],
    [
      "prod plans allowed to drop stateful resources unreviewed",
      (i) => (i.prod.planReview.blockStatefulChanges = false),
      {
        environment: "prod",
        field: "planReview.blockStatefulChanges",
        value: false,
        allowed: /true \(prod plans that delete or replace stateful resources need --allow-destructive\)/,
      },
    ],
    [
      "staging plans allowed to broaden permissions unreviewed",
      (i) => (i.staging.planReview.blockPermissionBroadening = false),
      {
        environment: "staging",
        field: "planReview.blockPermissionBroadening",
        value: false,
        allowed: /true \(staging plans that broaden permissions need --allow-permission-broadening\)/,
      },
    ],
    [
      "a permission gate that is not a boolean",
      (i) => (i.dev.planReview.blockPermissionBroadening = "yes"),
      { environment: "dev", field: "planReview.blockPermissionBroadening", value: "yes", allowed: /boolean/ },
    ],
    [
      "a log encryption other than kms or none",
      (i) => (i.staging.logEncryption = "aes256"),
      { environment: "staging", field: "logEncryption", value: "aes256", allowed: /one of "kms", "none"/ },
    ],
    [
      "a whole environment that is not an object",
      (i) => (i.staging = "eu-west-1"),
      { environment: "staging", field: "(whole config)", value: "eu-west-1", allowed: /an object/ },
    ],
    [
      "an alarm period CloudWatch does not accept",
      (i) => (i.dev.alarms.periodSeconds = 45),
      { environment: "dev", field: "alarms.periodSeconds", value: 45, allowed: /10, 20, 30 or a multiple of 60 seconds/ },
    ],
    [
      "a negative alarm threshold",
      (i) => (i.prod.alarms.kinds["function-errors"].threshold = -1),
      { environment: "prod", field: "alarms.kinds.function-errors.threshold", value: -1, allowed: /a finite number of 0 or more/ },
    ],
    [
      "zero evaluation periods",
      (i) => (i.staging.alarms.evaluationPeriods = 0),
      { environment: "staging", field: "alarms.evaluationPeriods", value: 0, allowed: /an integer from 1 to 1440/ },
    ],
    [
      "an alarm that evaluates more than a day",
      (i) => (i.staging.alarms.kinds["rest-api-latency"] = { enabled: true, threshold: 1000, evaluationPeriods: 100, periodSeconds: 900 }),
      {
        environment: "staging",
        field: "alarms.kinds.rest-api-latency.evaluationPeriods",
        value: 100,
        allowed: /total \(here 90000 seconds\) is at most 86400 seconds/,
      },
    ],
    [
      "an alarm kind that does not exist",
      (i) => (i.dev.alarms.kinds["queue-depth"] = { enabled: true, threshold: 0 }),
      {
        environment: "dev",
        field: "alarms.kinds.queue-depth",
        value: { enabled: true, threshold: 0 },
        allowed: /no such field; known fields here: queue-messages-visible/,
      },
    ],
    [
      "an alarm kind left out",
      (i) => delete i.dev.alarms.kinds["function-throttles"],
      { environment: "dev", field: "alarms.kinds.function-throttles", value: undefined, allowed: /an object/ },
    ],
    [
      "an alarm subscriber over plain http",
      (i) => (i.prod.alarms.topic.subscribers = [{ name: "pager", protocol: "https", endpoint: "http://pager.example.com/orders" }]),
      { environment: "prod", field: "alarms.topic.subscribers.0.endpoint", value: "http://pager.example.com/orders", allowed: /an https:\/\/ URL/ },
    ],
    [
      "an unencrypted alarm topic outside the emulator",
      (i) => (i.staging.alarms.topic.encryption = "none"),
      {
        environment: "staging",
        field: "alarms.topic.encryption",
        value: "none",
        allowed: /only the emulator environment may leave the alarm topic unencrypted/,
      },
    ],
    [
      "a dead-letter age alarm that fires only after the messages expired",
      (i) => (i.local.alarms.kinds["queue-oldest-message-age"].threshold = 3_600),
      {
        environment: "local",
        field: "alarms.kinds.queue-oldest-message-age.threshold",
        value: 3_600,
        allowed: /fewer seconds than delivery.deadLetterRetentionSeconds \(3600\)/,
      },
    ],
  ];

  it.each(invalid)("rejects %s, naming environment, field, value and what is allowed", (_, change, expected) => {
    const error = errorFor(change);
    expect(error.issues).toContainEqual({
      environment: expected.environment,
      field: expected.field,
      value: expected.value,
      allowed: expect.stringMatching(expected.allowed),
    });
    expect(error.message).toContain(`environment "${expected.environment}", field "${expected.field}": got `);
  });

  it.each(["access_token", "X-Api-Key", "sig", "accessToken", "client_secret", "sessionId"])("treats a %s query parameter as a secret", (key) => {
    const error = errorFor((i) => (i.dev.statusUpdates.webhooks.subscribers[0].endpoint = `https://hooks.example.com/orders?${key}=x`));
    expect(error.issues.map((issue) => issue.allowed)).toEqual([expect.stringMatching(/without a token, key, signature or password/)]);
  });

  it("keeps query parameters whose names only contain such letters", () => {
    const inputs = freshInputs();
    inputs.dev.statusUpdates.webhooks.subscribers[0].endpoint = "https://hooks.example.com/orders?monkey=1&design=2&tenant=acme";
    expect(() => loadEnvironments(inputs)).not.toThrow();
  });

  it("prints a value that is not a number as NaN, not as JSON's null", () => {
    const error = errorFor((i) => (i.dev.delivery.retry.maximumRetryAttempts = Number.NaN));
    expect(error.message).toContain('field "delivery.retry.maximumRetryAttempts": got NaN; allowed');
  });

  it("accepts a secret webhook endpoint by name, from SSM or Secrets Manager", () => {
    const inputs = freshInputs();
    const [subscriber] = inputs.prod.statusUpdates.webhooks.subscribers;
    delete subscriber.endpoint;
    subscriber.endpointFrom = { ssmParameter: "/orders/prod/partner-webhook-url" };
    inputs.prod.statusUpdates.webhooks.subscribers.push({
      ...subscriber,
      name: "partner-two",
      endpointFrom: { secretsManagerSecret: "orders/prod/partner-two" },
    });
    const prod = loadEnvironments(inputs).find((env) => env.name === "prod")!;
    expect(prod.statusUpdates.webhooks!.subscribers.map((s) => s.endpointFrom)).toEqual([
      { ssmParameter: "/orders/prod/partner-webhook-url" },
      { secretsManagerSecret: "orders/prod/partner-two" },
    ]);
  });

  it("reports every problem of every environment in one message", () => {
    const error = errorFor((i) => {
      i.dev.logRetentionDays = 4;
      i.prod.accountId = "x";
      i.staging.delivery.retry.maximumRetryAttempts = 999;
    });
    expect(error.issues.map((issue) => `${issue.environment}.${issue.field}`)).toEqual([
      "dev.logRetentionDays",
      "staging.delivery.retry.maximumRetryAttempts",
      "prod.accountId",
    ]);
    expect(error.message.split("\n")[0]).toBe("Invalid environment configuration (3 problems):");
    expect(error.message).toContain('environment "dev", field "logRetentionDays": got 4; allowed: one of the CloudWatch Logs retention values');
  });
});
