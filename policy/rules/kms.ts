import { defineRule } from "../rule";
import { isTrue } from "./blocks";

export const kmsKeyRotation = defineRule({
  id: "kms-key-rotation",
  source: "checkov CKV_AWS_7; cdk-nag AwsSolutions-KMS5",
  explanation: "A symmetric key that never rotates keeps protecting new data with the same key material forever.",
  fix: "Set enable_key_rotation = true (modules/kms-key.ts does).",
  resourceTypes: ["aws_kms_key"],
  check: (key) => {
    const spec = key.config.customer_master_key_spec ?? key.config.key_spec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") return [];
    return isTrue(key.config.enable_key_rotation) ? [] : ["automatic key rotation is off"];
  },
});

export const KMS_RULES = [kmsKeyRotation] as const;
