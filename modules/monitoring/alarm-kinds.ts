/**
 * The alarm catalogue: what kinds of resources are watched and every alarm kind the monitoring
 * constructs can make. A leaf (no project imports), so the environment config can name kinds.
 */

/** What kind of AWS resource a construct asks to be watched; each kind has its own alarms. */
export const WATCHED_KINDS = ["queue", "work-queue", "event-rule", "state-machine", "function", "topic", "rest-api", "graphql-api"] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

/** Every alarm kind, by id. */
export const ALARM_KIND_IDS = [
  "queue-messages-visible",
  "queue-oldest-message-age",
  "work-queue-oldest-message-age",
  "rule-failed-invocations",
  "rule-invocations-sent-to-dlq",
  "workflow-executions-failed",
  "workflow-executions-timed-out",
  "function-errors",
  "function-throttles",
  "function-destination-delivery-failures",
  "topic-notifications-failed",
  "topic-notifications-redriven-to-dlq",
  "rest-api-5xx-errors",
  "rest-api-latency",
  "graphql-api-5xx-errors",
] as const;
export type AlarmKindId = (typeof ALARM_KIND_IDS)[number];

/**
 * What CloudWatch does while a metric has no data points. Chosen per metric (see `missingData`).
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data
 */
export type TreatMissingData = "notBreaching" | "breaching" | "ignore" | "missing";

/** One alarm kind: the metric, how it is compared with the configured threshold, and what it means. */
export interface AlarmKind {
  readonly id: AlarmKindId;
  readonly watches: WatchedKind;
  readonly metricName: string;
  /** A statistic (Sum, Maximum) or a percentile (p99). */
  readonly statistic: string;
  readonly comparison: "GreaterThanThreshold";
  readonly treatMissingData: TreatMissingData;
  /** Why that missing-data treatment is right for this metric. */
  readonly missingData: string;
  /** What it means when it fires, in one sentence (the alarm description starts with it). */
  readonly meaning: string;
  /** Unit of the threshold, for people reading the config. */
  readonly unit: "messages" | "seconds" | "events" | "executions" | "invocations" | "notifications" | "requests" | "milliseconds";
}

/** Metrics these services publish only when something happens: no data means nothing went wrong. */
const ONLY_ON_ACTIVITY = "published only while there is traffic; no data points mean nothing failed";

export const ALARM_KINDS: readonly AlarmKind[] = [
  {
    id: "queue-messages-visible",
    watches: "queue",
    metricName: "ApproximateNumberOfMessagesVisible",
    statistic: "Maximum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: "SQS stops publishing for a queue that is empty and untouched for six hours; a queue holding messages keeps publishing",
    meaning: "failed deliveries are waiting in a dead-letter queue",
    unit: "messages",
  },
  {
    id: "queue-oldest-message-age",
    watches: "queue",
    metricName: "ApproximateAgeOfOldestMessage",
    statistic: "Maximum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: "an empty queue has no oldest message; a queue holding messages keeps publishing",
    meaning: "a failed delivery has waited in a dead-letter queue long enough to be lost when its retention ends",
    unit: "seconds",
  },
  {
    id: "work-queue-oldest-message-age",
    watches: "work-queue",
    metricName: "ApproximateAgeOfOldestMessage",
    statistic: "Maximum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: "an empty queue has no oldest message; a queue holding messages keeps publishing",
    meaning: "the consumers of a work queue fall behind: its oldest message has waited longer than the threshold",
    unit: "seconds",
  },
  {
    id: "rule-failed-invocations",
    watches: "event-rule",
    metricName: "FailedInvocations",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `EventBridge publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "an EventBridge rule could not deliver events to a target after its retries",
    unit: "invocations",
  },
  {
    id: "rule-invocations-sent-to-dlq",
    watches: "event-rule",
    metricName: "InvocationsSentToDlq",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `EventBridge publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "an EventBridge rule sent events to its target's dead-letter queue",
    unit: "events",
  },
  {
    id: "workflow-executions-failed",
    watches: "state-machine",
    metricName: "ExecutionsFailed",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `Step Functions publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "workflow executions failed, so their orders stopped part way",
    unit: "executions",
  },
  {
    id: "workflow-executions-timed-out",
    watches: "state-machine",
    metricName: "ExecutionsTimedOut",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `Step Functions publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "workflow executions ran past their timeout, so their orders stopped part way",
    unit: "executions",
  },
  {
    id: "function-errors",
    watches: "function",
    metricName: "Errors",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `Lambda publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "function invocations threw or timed out (they are retried, then go to the on-failure destination)",
    unit: "invocations",
  },
  {
    id: "function-throttles",
    watches: "function",
    metricName: "Throttles",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `Lambda publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "invocations were throttled by the function's reserved concurrency, so events wait or age out",
    unit: "invocations",
  },
  {
    id: "function-destination-delivery-failures",
    watches: "function",
    metricName: "DestinationDeliveryFailures",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `Lambda publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "Lambda could not deliver an invocation record to the function's on-success or on-failure destination, so it is lost",
    unit: "invocations",
  },
  {
    id: "topic-notifications-failed",
    watches: "topic",
    metricName: "NumberOfNotificationsFailed",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `SNS publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "SNS gave up delivering notifications to a subscriber after its delivery policy's retries",
    unit: "notifications",
  },
  {
    id: "topic-notifications-redriven-to-dlq",
    watches: "topic",
    metricName: "NumberOfNotificationsRedrivenToDlq",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: `SNS publishes it ${ONLY_ON_ACTIVITY}`,
    meaning: "undeliverable notifications were moved to a subscription's dead-letter queue",
    unit: "notifications",
  },
  {
    id: "rest-api-5xx-errors",
    watches: "rest-api",
    metricName: "5XXError",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: "API Gateway publishes it only for periods with requests; no requests, no server errors",
    meaning: "the REST API answered requests with server errors (an integration failed or was denied)",
    unit: "requests",
  },
  {
    id: "rest-api-latency",
    watches: "rest-api",
    metricName: "Latency",
    statistic: "p99",
    comparison: "GreaterThanThreshold",
    // A pause in traffic says nothing about latency: keep the last state instead of flapping to OK.
    treatMissingData: "ignore",
    missingData: "a pause in traffic says nothing about latency, so the alarm keeps its state until requests arrive again",
    meaning: "the slowest requests of the REST API (99th percentile) take longer than the threshold",
    unit: "milliseconds",
  },
  {
    id: "graphql-api-5xx-errors",
    watches: "graphql-api",
    metricName: "5XXError",
    statistic: "Sum",
    comparison: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    missingData: "AppSync publishes it only for periods with requests; no requests, no server errors",
    meaning: "the AppSync API failed requests with server errors (a resolver or its data source failed)",
    unit: "requests",
  },
];

/** The kinds that apply to one kind of watched resource. */
export function alarmKindsFor(kind: WatchedKind): AlarmKind[] {
  return ALARM_KINDS.filter((alarm) => alarm.watches === kind);
}

/** Where the runbook explains a kind: `docs/runbook.md#<anchor>` (GitHub's heading anchor). */
export function runbookAnchor(kind: AlarmKindId): string {
  return `alarm-${kind}`;
}
