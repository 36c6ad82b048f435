/**
 * The environments table of docs/environments.md, read from the validated config. Each row is an
 * accessor, so a renamed config field is a one-line change here.
 */
import type { EnvironmentConfig } from "../../../envs";
import { code, markdownTable } from "./markdown";

interface Row {
  readonly label: string;
  readonly value: (config: EnvironmentConfig) => string;
}

const onOff = <T>(block: T | undefined, describe: (block: T) => string): string => (block ? `on: ${describe(block)}` : "off");

/** Where rule targets' retry policy and dead-letter queues are configured. */
const targetDelivery = (config: EnvironmentConfig) => config.delivery;

const ROWS: readonly Row[] = [
  { label: "account", value: (c) => `${code(c.accountId)}${c.emulator ? " (emulator)" : ""}` },
  { label: "deploy target", value: (c) => code(c.deployTarget) },
  { label: "region", value: (c) => c.region },
  { label: "name prefix", value: (c) => code(c.namePrefix) },
  { label: "endpoints", value: (c) => (c.emulator ? `every service at ${code(c.emulator.endpoint)}, test credentials` : "AWS") },
  { label: "provider max retries", value: (c) => String(c.provider.maxRetries) },
  { label: "terraform parallelism (apply, destroy)", value: (c) => String(c.terraform.parallelism) },
  { label: "state", value: (c) => code(`s3://${c.stateBackend.bucket}/${c.stateBackend.key}`) },
  { label: "state bucket prevent_destroy", value: (c) => yesNo(c.stateBackend.protectFromDestroy) },
  { label: "old state versions kept (days)", value: (c) => String(c.stateBackend.noncurrentVersionRetentionDays ?? "forever") },
  { label: "log retention (days)", value: (c) => String(c.logRetentionDays) },
  { label: "log encryption", value: (c) => c.logEncryption },
  { label: "archive retention (days)", value: (c) => String(c.archiveRetentionDays) },
  {
    label: "target retries / max event age (s)",
    value: (c) => `${targetDelivery(c).retry.maximumRetryAttempts} / ${targetDelivery(c).retry.maximumEventAgeSeconds}`,
  },
  { label: "dead-letter retention (s)", value: (c) => String(targetDelivery(c).deadLetterRetentionSeconds) },
  { label: "workflow type / log level", value: (c) => `${c.orderFlow.workflow.type} / ${c.orderFlow.workflow.logLevel}` },
  { label: "execution data in logs", value: (c) => yesNo(c.orderFlow.workflow.includeExecutionData) },
  { label: "inventory function reserved concurrency", value: (c) => String(c.orderFlow.inventoryFunction.reservedConcurrency) },
  { label: "inventory function async retries", value: (c) => String(c.orderFlow.inventoryFunction.asyncRetries) },
  { label: "status table deletion protection", value: (c) => yesNo(c.orderFlow.statusTable.deletionProtection) },
  { label: "polling API", value: (c) => onOff(c.statusUpdates.polling, (p) => `${p.throttling.rateLimit} req/s, burst ${p.throttling.burstLimit}`) },
  { label: "webhooks", value: (c) => onOff(c.statusUpdates.webhooks, (w) => `${w.subscribers.length} subscriber(s), topic ${w.topicEncryption}`) },
  { label: "real time (AppSync)", value: (c) => onOff(c.statusUpdates.realtime, (r) => (r.apiKey ? "IAM + API key" : "IAM only")) },
  {
    label: "reviews domain",
    value: (c) =>
      c.reviews.enabled
        ? `on: ${code(c.reviews.sentimentLanguage)}, ${c.reviews.api.throttling.rateLimit} req/s, case timeout ${c.reviews.caseTimeoutSeconds} s`
        : "off",
  },
  {
    label: "review channels (thank-you / customer service)",
    value: (c) =>
      `${c.reviews.thankYou.subscribers.length} / ${c.reviews.customerService.subscribers.length} subscriber(s), topics ${c.reviews.customerService.encryption}`,
  },
  {
    label: "alarm kinds switched off",
    value: (c) => {
      const off = Object.entries(c.alarms.kinds).filter(([, kind]) => !kind.enabled);
      return off.length ? off.map(([kind]) => code(kind)).join(", ") : "none";
    },
  },
  {
    label: "alarm topic",
    value: (c) => `${c.alarms.topic.subscribers.map((s) => s.protocol).join(" + ") || "no subscribers"}, topic ${c.alarms.topic.encryption}`,
  },
  { label: "policy rules as warnings", value: (c) => (c.policy.warnings.length ? c.policy.warnings.map(code).join(", ") : "none") },
  { label: "plans block stateful delete/replace", value: (c) => yesNo(c.planReview.blockStatefulChanges) },
  { label: "plans block broadened permissions", value: (c) => yesNo(c.planReview.blockPermissionBroadening) },
];

function yesNo(value: boolean): string {
  return value ? "yes" : "no";
}

/** One column per environment; `resourceCounts` adds the synthesized resource count row. */
export function environmentTable(environments: readonly EnvironmentConfig[], resourceCounts: ReadonlyMap<string, number>): string {
  const rows = [
    ...ROWS.map((row) => [row.label, ...environments.map(row.value)]),
    ["resources synthesized", ...environments.map((config) => String(resourceCounts.get(config.name) ?? "?"))],
  ];
  return markdownTable(["", ...environments.map((config) => config.name)], rows);
}
