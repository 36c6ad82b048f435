import { defineRule } from "../rule";
import { isSet } from "./blocks";

const LOG_GROUPS = ["aws_cloudwatch_log_group"];

export const logsRetention = defineRule({
  id: "logs-retention",
  source: "checkov CKV_AWS_66; cdk-nag Serverless-CloudWatchLogGroupRetentionPeriod",
  explanation: "A log group without retention keeps (and bills) every event forever.",
  fix: "Set retention_in_days (logRetentionDays; modules/log-group.ts requires it).",
  resourceTypes: LOG_GROUPS,
  check: (group) => {
    const days = group.config.retention_in_days;
    return isSet(days) && days !== 0 ? [] : ["retention_in_days is not set (events never expire)"];
  },
});

export const logsKmsEncryption = defineRule({
  id: "logs-kms-encryption",
  source: "checkov CKV_AWS_158",
  explanation: "Logs hold order data; a customer-managed KMS key controls and audits who can read them.",
  fix: 'Set kms_key_id to a key whose policy admits logs.<region>.amazonaws.com (logEncryption = "kms"; modules/log-encryption.ts).',
  resourceTypes: LOG_GROUPS,
  check: (group) => (isSet(group.config.kms_key_id) ? [] : ["the log group has no kms_key_id"]),
});

export const LOGS_RULES = [logsRetention, logsKmsEncryption] as const;
