/**
 * AWS service limits that both the environment schema and the constructs enforce.
 * One source of truth, so config validation and construct validation cannot drift apart.
 */

/** @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;
export type LogRetentionDays = (typeof LOG_RETENTION_DAYS)[number];

/** @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_RetryPolicy.html */
export const TARGET_RETRY_ATTEMPTS = { min: 0, max: 185 } as const;
export const TARGET_EVENT_AGE_SECONDS = { min: 60, max: 86_400 } as const;

/** @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html */
export const MAX_TARGETS_PER_RULE = 5;
export const RULE_NAME_MAX_LENGTH = 64;
export const ARCHIVE_NAME_MAX_LENGTH = 48;

/** 0 keeps archived events indefinitely. @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateArchive.html */
export const ARCHIVE_RETENTION_DAYS = { min: 0, max: 3650 } as const;

/** @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html */
export const SQS_MESSAGE_RETENTION_SECONDS = { min: 60, max: 1_209_600 } as const;
export const SQS_QUEUE_NAME_MAX_LENGTH = 80;
/** A redrive policy's receives before the DLQ. @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-configure-dead-letter-queue.html */
export const SQS_MAX_RECEIVE_COUNT = { min: 1, max: 1000 } as const;

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Throws a message naming the property, the value and the allowed range. */
export function assertIntegerInRange(owner: string, prop: string, value: number, range: Range): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new RangeError(`${owner}: ${prop} is ${value}; allowed: an integer from ${range.min} to ${range.max}`);
  }
}

/** Throws a message naming the resource name, its length and the maximum. */
export function assertNameLength(owner: string, prop: string, name: string, max: number): void {
  if (name.length > max) {
    throw new RangeError(`${owner}: ${prop} "${name}" is ${name.length} characters; allowed: at most ${max}`);
  }
}

/** @see https://docs.aws.amazon.com/lambda/latest/api/API_PutFunctionEventInvokeConfig.html */
export const LAMBDA_ASYNC_RETRIES = { min: 0, max: 2 } as const;
export const LAMBDA_ASYNC_EVENT_AGE_SECONDS = { min: 60, max: 21_600 } as const;

/** @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;
export const LAMBDA_TIMEOUT_SECONDS = { min: 1, max: 900 } as const;
export const LAMBDA_FUNCTION_NAME_MAX_LENGTH = 64;

/** @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_LoggingConfiguration.html */
export const STATE_MACHINE_TYPES = ["STANDARD", "EXPRESS"] as const;
export type StateMachineType = (typeof STATE_MACHINE_TYPES)[number];
/** OFF is deliberately absent: a workflow nobody can trace is not deployable here. */
export const WORKFLOW_LOG_LEVELS = ["ALL", "ERROR", "FATAL"] as const;
export type WorkflowLogLevel = (typeof WORKFLOW_LOG_LEVELS)[number];
export const STATE_MACHINE_NAME_MAX_LENGTH = 80;

/** @see https://docs.aws.amazon.com/sns/latest/dg/sns-message-delivery-retries.html#creating-delivery-policy */
export const SNS_DELIVERY_RETRIES = { min: 0, max: 100 } as const;
export const SNS_DELAY_TARGET_SECONDS = { min: 1, max: 3600 } as const;
/** "The total policy retry time for an HTTP/S endpoint cannot be greater than 3,600 seconds" (hard limit). */
export const SNS_TOTAL_RETRY_SECONDS_MAX = 3600;
export const SNS_MAX_RECEIVES_PER_SECOND_MIN = 1;

/** @see https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html */
export const SNS_TOPIC_NAME_MAX_LENGTH = 256;
/** Percentage of successful deliveries logged. @see https://docs.aws.amazon.com/sns/latest/dg/sns-topic-attributes.html */
export const SNS_SUCCESS_SAMPLE_RATE = { min: 0, max: 100 } as const;

/** @see https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html */
export const SNS_FILTER_POLICY_MAX_KEYS = 5;
export const SNS_FILTER_POLICY_MAX_COMBINATIONS = 150;

/** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html */
export const KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;
/** @see https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html */
export const KMS_ALIAS_NAME_MAX_LENGTH = 256;

/** @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html */
export const IAM_ROLE_NAME_MAX_LENGTH = 64;

/** Days until an API key expires. @see https://docs.aws.amazon.com/appsync/latest/APIReference/API_CreateApiKey.html */
export const APPSYNC_API_KEY_DAYS = { min: 1, max: 365 } as const;
/** Renewal windows of an expiry the deployment renews (modules/renewal-window.ts): every month has 28 days. */
export const RENEWAL_WINDOW_DAYS = { min: 1, max: 28 } as const;
/** NONE (and the newer INFO/DEBUG) deliberately absent: resolver errors are always logged. @see https://docs.aws.amazon.com/appsync/latest/APIReference/API_LogConfig.html */
export const APPSYNC_FIELD_LOG_LEVELS = ["ERROR", "ALL"] as const;
export type AppSyncFieldLogLevel = (typeof APPSYNC_FIELD_LOG_LEVELS)[number];
/** @see https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/API_CreateIdentityPool.html */
export const COGNITO_IDENTITY_POOL_NAME = /^[\w\s+=,.@-]{1,128}$/;

/** Stage throttling cannot exceed the account's default quota. @see https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html */
export const API_GATEWAY_RATE_LIMIT = { min: 0, max: 10_000 } as const;
export const API_GATEWAY_BURST_LIMIT = { min: 0, max: 5_000 } as const;
/** @see https://docs.aws.amazon.com/apigateway/latest/api/API_CreateStage.html */
export const API_GATEWAY_STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** Execution logging of a REST API stage. @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html */
export const API_GATEWAY_LOG_LEVELS = ["OFF", "ERROR", "INFO"] as const;
export type ApiGatewayLogLevel = (typeof API_GATEWAY_LOG_LEVELS)[number];

/** Periods CloudWatch alarms accept: high-resolution 10, 20 or 30 seconds, or whole minutes. @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html */
export const ALARM_HIGH_RESOLUTION_PERIODS = [10, 20, 30] as const;
/** Evaluation periods times period may span at most one day. */
export const ALARM_EVALUATION_WINDOW_SECONDS_MAX = 86_400;
export const ALARM_EVALUATION_PERIODS = { min: 1, max: 1440 } as const;
export const ALARM_NAME_MAX_LENGTH = 255;

/** @see https://docs.aws.amazon.com/comprehend/latest/APIReference/API_DetectSentiment.html */
export const COMPREHEND_SENTIMENT_LANGUAGES = ["en", "es", "fr", "de", "it", "pt", "ar", "hi", "ja", "ko", "zh", "zh-TW"] as const;
export type ComprehendSentimentLanguage = (typeof COMPREHEND_SENTIMENT_LANGUAGES)[number];
/** DetectSentiment's limit on one document, in UTF-8 bytes. */
export const COMPREHEND_SENTIMENT_TEXT_MAX_BYTES = 5_000;
/** How long a task token stays valid: a STANDARD execution's longest run (one year). */
export const TASK_TOKEN_TIMEOUT_SECONDS_MAX = 31_536_000;
