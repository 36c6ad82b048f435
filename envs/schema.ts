import { z } from "zod";
import {
  ARCHIVE_RETENTION_DAYS,
  LAMBDA_ASYNC_EVENT_AGE_SECONDS,
  LAMBDA_ASYNC_RETRIES,
  LAMBDA_MEMORY_MB,
  LAMBDA_TIMEOUT_SECONDS,
  LOG_RETENTION_DAYS,
  Range,
  SQS_MESSAGE_RETENTION_SECONDS,
  TARGET_EVENT_AGE_SECONDS,
  STATE_MACHINE_TYPES,
  TARGET_RETRY_ATTEMPTS,
  WORKFLOW_LOG_LEVELS,
} from "../modules/aws-limits";
import { RULE_IDS } from "../policy/rule-ids";
import { isKnownRegion, REGION_ALLOWED } from "./regions";
import { alarmsSchema } from "./alarms-schema";
import { statusUpdatesSchema } from "./status-updates-schema";
import { reviewsSchema } from "./reviews-schema";
import { principalSchema } from "./principals";

/**
 * The environment config schema: the only place environment differences are described.
 * Each custom message says what is *allowed*; the loader adds environment, field and value.
 */

const integerIn = (range: Range) => {
  const allowed = `an integer from ${range.min} to ${range.max}`;
  return z.int({ error: allowed }).min(range.min, { error: allowed }).max(range.max, { error: allowed });
};

const pattern = (regex: RegExp, allowed: string) => z.string({ error: allowed }).regex(regex, { error: allowed });

export const accountIdSchema = pattern(/^\d{12}$/, "a 12-digit AWS account id");
const regionSchema = z.string({ error: REGION_ALLOWED }).refine(isKnownRegion, { error: REGION_ALLOWED });
const environmentNameSchema = pattern(/^[a-z][a-z0-9]{1,15}$/, "2-16 lowercase letters or digits, starting with a letter");
const namePrefixSchema = pattern(
  /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/,
  "3-24 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen",
);
const bucketNameSchema = pattern(/^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name: 3-63 lowercase letters, digits, dots or hyphens");
const stateKeySchema = pattern(/^[A-Za-z0-9!_.*'()/-]{1,1000}\.tfstate$/, "an S3 object key ending in .tfstate");
const tagValueSchema = pattern(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$/u, "1-256 letters, digits, spaces or _.:/=+-@");
const tagKeySchema = pattern(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u, "1-128 letters, digits, spaces or _.:/=+-@, not starting with aws:");
const putEventsPrincipalSchema = principalSchema;
const retentionDaysSchema = z.literal(LOG_RETENTION_DAYS, {
  error: `one of the CloudWatch Logs retention values ${LOG_RETENTION_DAYS.join(", ")}`,
});

const tagsSchema = z.strictObject({
  /** Project tag value, shared by every environment. */
  project: tagValueSchema,
  /** Team that answers for the resources. */
  owner: tagValueSchema,
  /** Cost centre that pays for them. */
  costCentre: tagValueSchema,
  /** Further tags applied to every resource. */
  extra: z.record(tagKeySchema, tagValueSchema).default({}),
});

const stateBackendSchema = z.strictObject({
  /** Bucket that holds the Terraform state; created once per account by the bootstrap stack. */
  bucket: bucketNameSchema,
  /** Object key of this environment's state. */
  key: stateKeySchema,
  region: regionSchema,
  /** Adds `prevent_destroy` to the state bucket. */
  protectFromDestroy: z.boolean(),
  /** Days old state versions are kept for recovery; omitted, they are kept forever. */
  noncurrentVersionRetentionDays: integerIn({ min: 1, max: 3650 }).optional(),
});

const emulatorSchema = z.strictObject({
  /**
   * Base URL every AWS service endpoint points at. HTTPS, so TLS-only policies hold locally too;
   * the emulator's certificate is self-signed, so verification is skipped for this loopback URL.
   */
  endpoint: pattern(/^https:\/\/(127\.0\.0\.1|localhost)(:\d{1,5})?$/, "an https URL on 127.0.0.1 or localhost"),
  /** Emulator credentials; never real ones. */
  accessKey: pattern(/^test$/, '"test" (emulator credentials only)'),
  secretKey: pattern(/^test$/, '"test" (emulator credentials only)'),
});

/**
 * How failed deliveries are retried and kept: EventBridge targets follow `retry`; every dead-letter
 * queue (rule targets, the Lambda's failures, webhook subscriptions) keeps a message
 * `deadLetterRetentionSeconds`.
 */
const deliverySchema = z.strictObject({
  retry: z.strictObject({
    maximumRetryAttempts: integerIn(TARGET_RETRY_ATTEMPTS),
    maximumEventAgeSeconds: integerIn(TARGET_EVENT_AGE_SECONDS),
  }),
  deadLetterRetentionSeconds: integerIn(SQS_MESSAGE_RETENTION_SECONDS),
});

const policySchema = z.strictObject({
  /**
   * Policy rules whose findings this environment lists without failing synth (e.g. KMS rules on the
   * emulator). Never in prod (envs/guardrails.ts). @default - none: every rule fails synth
   */
  warnings: z.array(z.enum(RULE_IDS, { error: `a policy rule id: one of ${RULE_IDS.join(", ")}` })).default([]),
});

const orderFlowSchema = z.strictObject({
  workflow: z.strictObject({
    /** STANDARD by default: exactly-once, up to a year; EXPRESS is cheaper for short, high-volume flows. */
    type: z.enum(STATE_MACHINE_TYPES).default("STANDARD"),
    logLevel: z.enum(WORKFLOW_LOG_LEVELS),
    /** Whether execution input/output (order data) is written to the workflow's logs. */
    includeExecutionData: z.boolean(),
  }),
  inventoryFunction: z.strictObject({
    memoryMb: integerIn(LAMBDA_MEMORY_MB),
    timeoutSeconds: integerIn(LAMBDA_TIMEOUT_SECONDS),
    /** Caps concurrent executions so a burst cannot starve the account's other functions. */
    reservedConcurrency: integerIn({ min: 1, max: 1000 }),
    /** Lambda's own retries of a failed asynchronous invocation. */
    asyncRetries: integerIn(LAMBDA_ASYNC_RETRIES),
    maxEventAgeSeconds: integerIn(LAMBDA_ASYNC_EVENT_AGE_SECONDS),
    /** How long a processed idempotency key blocks a duplicate. */
    idempotencyTtlSeconds: integerIn({ min: 60, max: 2_592_000 }),
  }),
  /** Order status table: deletion protection on where losing it would lose customer data. */
  statusTable: z.strictObject({ deletionProtection: z.boolean() }),
});

export const DEPLOY_TARGETS = ["aws", "emulator"] as const;

export const environmentSchema = z
  .strictObject({
    name: environmentNameSchema,
    accountId: accountIdSchema,
    region: regionSchema,
    /** Prefix of every resource name, unique across environments. */
    namePrefix: namePrefixSchema,
    tags: tagsSchema,
    logRetentionDays: retentionDaysSchema,
    /** "kms": every log group is encrypted with the environment's customer-managed key (modules/log-encryption.ts). */
    logEncryption: z.enum(["kms", "none"]),
    archiveRetentionDays: integerIn(ARCHIVE_RETENTION_DAYS),
    stateBackend: stateBackendSchema,
    /**
     * Where the environment deploys: "emulator" marks the local AWS emulator environment, the only
     * one whose provider may skip TLS verification and use test credentials. @default "aws"
     */
    deployTarget: z.enum(DEPLOY_TARGETS).default("aws"),
    /** Required where deployTarget is "emulator", refused everywhere else. */
    emulator: emulatorSchema.optional(),
    provider: z.strictObject({
      /** Low for the emulator (an unimplemented API then fails fast), high for AWS throttling. */
      maxRetries: integerIn({ min: 0, max: 25 }),
    }),
    terraform: z
      .strictObject({
        /**
         * How many resources `terraform apply` and `destroy` work on at once. The AWS provider sleeps
         * while some settle (an SQS queue or queue policy about 25 s), so more at once shortens a
         * deploy; AWS keeps Terraform's 10, under its API rate limits. @default 10
         */
        parallelism: integerIn({ min: 1, max: 100 }).default(10),
      })
      .default({ parallelism: 10 }),
    eventBuses: z.strictObject({
      /** Who may call events:PutEvents on the buses; defaults to the environment's own account. */
      putEventsPrincipals: z.array(putEventsPrincipalSchema).min(1, { error: "at least one principal" }).optional(),
    }),
    delivery: deliverySchema,
    orderFlow: orderFlowSchema,
    statusUpdates: statusUpdatesSchema,
    /** CloudWatch alarms on every queue, rule, workflow, function, topic and API, the topic they notify, the dashboard. */
    alarms: alarmsSchema,
    /** The reviews domain: review API, sentiment analysis, thank-you and customer-service cases. */
    reviews: reviewsSchema,
    /** How the policy pack (policy/) treats this environment. @default - every rule is an error */
    policy: policySchema.default({ warnings: [] }),
    planReview: z.strictObject({
      /**
       * `npm run plan` exits 3 (blocked) when a plan deletes or replaces a stateful resource (table,
       * bus, archive, queue, bucket, key, log group), unless run with --allow-destructive.
       */
      blockStatefulChanges: z.boolean(),
      /**
       * `npm run plan` exits 4 (blocked) when a plan broadens permissions (an IAM policy, a role's
       * trust policy or a resource policy gains actions, resources or principals, or loses a
       * condition), unless run with --allow-permission-broadening.
       */
      blockPermissionBroadening: z.boolean(),
    }),
  })
  .superRefine((config, context) => {
    if (config.deployTarget === "emulator" && !config.emulator) {
      context.addIssue({ code: "custom", path: ["emulator"], message: 'an emulator block (endpoint, test credentials) where deployTarget is "emulator"' });
    }
    if (config.deployTarget !== "emulator" && config.emulator) {
      context.addIssue({
        code: "custom",
        path: ["emulator"],
        message: `no emulator block where deployTarget is "${config.deployTarget}" (only an environment marked deployTarget: "emulator" may point at the emulator)`,
      });
    }
  });

/** What an `envs/<name>.ts` file holds. */
export type EnvironmentInput = z.input<typeof environmentSchema>;

/** A validated environment, with defaults resolved. */
export interface EnvironmentConfig extends Omit<z.output<typeof environmentSchema>, "eventBuses"> {
  readonly eventBuses: { readonly putEventsPrincipals: readonly string[] };
}
