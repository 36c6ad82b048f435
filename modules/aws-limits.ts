/**
 * AWS service limits that both the environment schema and the constructs enforce.
 * One source of truth, so config validation and construct validation cannot drift apart.
 */

/** @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;
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

export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Throws a message naming the property, the value and the allowed range. */
export function assertIntegerInRange(owner: string, prop: string, value: number, range: Range): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new RangeError(
      `${owner}: ${prop} is ${value}; allowed: an integer from ${range.min} to ${range.max}`,
    );
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
