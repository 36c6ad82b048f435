import { defineRule } from "../rule";
import { block, isTrue } from "./blocks";

const TABLES = ["aws_dynamodb_table"];

export const dynamodbPointInTimeRecovery = defineRule({
  id: "dynamodb-pitr",
  source: "checkov CKV_AWS_28; cdk-nag AwsSolutions-DDB3",
  explanation: "Without point-in-time recovery a bad write or delete cannot be rolled back to any second of the last 35 days.",
  fix: "Set point_in_time_recovery.enabled = true (modules/dynamodb-table.ts does).",
  resourceTypes: TABLES,
  check: (table) => (isTrue(block(table.config.point_in_time_recovery)?.enabled) ? [] : ["point-in-time recovery is off"]),
});

export const dynamodbKmsEncryption = defineRule({
  id: "dynamodb-kms-encryption",
  source: "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/EncryptionAtRest.html",
  explanation: "With a KMS key (AWS managed or customer managed) every use of the table's key is auditable in CloudTrail; the default AWS-owned key is not.",
  fix: "Set server_side_encryption.enabled = true, optionally with kms_key_arn.",
  resourceTypes: TABLES,
  check: (table) => (isTrue(block(table.config.server_side_encryption)?.enabled) ? [] : ["server_side_encryption is not enabled (AWS-owned key)"]),
});

export const DYNAMODB_RULES = [dynamodbPointInTimeRecovery, dynamodbKmsEncryption] as const;
