import { defineRule } from "../rule";
import type { ResourceView, StackView } from "../stack-view";
import { block, blocks, isOneOf, isTrue } from "./blocks";
import { policiesOf, tlsOnlyFindings } from "./resource-policies";

const BUCKETS = ["aws_s3_bucket"];
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];
const PUBLIC_ACCESS_SETTINGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

/** The bucket's companion resources of one type (`aws_s3_bucket_versioning` ...), by their `bucket` argument. */
function companions(bucket: ResourceView, stack: StackView, type: string): ResourceView[] {
  return stack.ofType(type).filter((resource) => stack.pointsAt(resource.config.bucket, bucket, "bucket"));
}

export const s3Versioning = defineRule({
  id: "s3-versioning",
  source: "checkov CKV_AWS_21",
  explanation: "Without versioning an overwritten or deleted object (a Terraform state file) cannot be recovered.",
  fix: "Add aws_s3_bucket_versioning with status Enabled (modules/state-bucket.ts does).",
  resourceTypes: BUCKETS,
  check: (bucket, stack) => {
    const enabled =
      isTrue(block(bucket.config.versioning)?.enabled) ||
      companions(bucket, stack, "aws_s3_bucket_versioning").some((v) => block(v.config.versioning_configuration)?.status === "Enabled");
    return enabled ? [] : ["versioning is not enabled"];
  },
});

export const s3KmsEncryption = defineRule({
  id: "s3-kms-encryption",
  source: "checkov CKV_AWS_145; cdk-nag AwsSolutions-S3",
  explanation: "State files hold every resource's secrets and ARNs; SSE-KMS makes each read auditable and key-controlled.",
  fix: "Add aws_s3_bucket_server_side_encryption_configuration with sse_algorithm aws:kms (and bucket_key_enabled).",
  resourceTypes: BUCKETS,
  check: (bucket, stack) => {
    const inline = blocks(block(bucket.config.server_side_encryption_configuration)?.rule);
    const attached = companions(bucket, stack, "aws_s3_bucket_server_side_encryption_configuration").flatMap((c) => blocks(c.config.rule));
    const algorithms = [...inline, ...attached].map((rule) => block(rule.apply_server_side_encryption_by_default)?.sse_algorithm);
    return algorithms.some((algorithm) => isOneOf(algorithm, KMS_ALGORITHMS)) ? [] : ["default encryption is not SSE-KMS"];
  },
});

export const s3PublicAccessBlock = defineRule({
  id: "s3-public-access-block",
  source: "checkov CKV2_AWS_6; cdk-nag AwsSolutions-S2",
  explanation: "Without all four public access block settings, one ACL or policy mistake can publish the bucket.",
  fix: "Add aws_s3_bucket_public_access_block with all four settings true.",
  resourceTypes: BUCKETS,
  check: (bucket, stack) => {
    const blocksOfBucket = companions(bucket, stack, "aws_s3_bucket_public_access_block");
    if (blocksOfBucket.length === 0) return ["the bucket has no public access block"];
    const off = PUBLIC_ACCESS_SETTINGS.filter((setting) => !blocksOfBucket.some((b) => isTrue(b.config[setting])));
    return off.length === 0 ? [] : [`public access block leaves ${off.join(", ")} off`];
  },
});

export const s3TlsOnly = defineRule({
  id: "s3-tls-only",
  source: "cdk-nag AwsSolutions-S10",
  explanation: "Unless the bucket policy denies requests without TLS, state can be read and written in clear text.",
  fix: "Attach a bucket policy denying s3:* when aws:SecureTransport is false (denyInsecureTransport in modules/policy-document.ts).",
  resourceTypes: BUCKETS,
  check: (bucket, stack) => tlsOnlyFindings(policiesOf(bucket, stack, ["aws_s3_bucket_policy"], "bucket", "bucket"), "s3:GetObject"),
});

export const S3_RULES = [s3Versioning, s3KmsEncryption, s3PublicAccessBlock, s3TlsOnly] as const;
