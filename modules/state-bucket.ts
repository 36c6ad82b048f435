import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { denyInsecureTransport, policyDocument, renderPolicy } from "./policy-document";

export interface StateBucketProps {
  readonly bucketName: string;
  /**
   * Days a replaced state version is kept, so a bad apply can be rolled back.
   * @default - old versions are kept forever
   */
  readonly noncurrentVersionRetentionDays?: number;
  /** Adds Terraform's `prevent_destroy`, so losing every environment's state takes a code change. */
  readonly protectFromDestroy: boolean;
}

/** The bucket Terraform state lives in: versioned, encrypted, private, TLS only. */
export class StateBucket extends Construct {
  readonly bucketName: string;
  readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: StateBucketProps) {
    super(scope, id);
    const bucket = new S3Bucket(this, "Resource", {
      bucket: props.bucketName,
      lifecycle: { preventDestroy: props.protectFromDestroy },
    });
    new S3BucketVersioningA(this, "Versioning", {
      bucket: bucket.id,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "Encryption", {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, "PublicAccessBlock", {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "Ownership", {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    new S3BucketPolicy(this, "Policy", {
      bucket: bucket.id,
      policy: renderPolicy(policyDocument(denyInsecureTransport([bucket.arn, `${bucket.arn}/*`], "s3:*"))),
    });
    if (props.noncurrentVersionRetentionDays !== undefined) {
      this.expireOldVersions(bucket.id, props.noncurrentVersionRetentionDays);
    }
    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
  }

  private expireOldVersions(bucketId: string, days: number): void {
    new S3BucketLifecycleConfiguration(this, "Lifecycle", {
      bucket: bucketId,
      rule: [
        {
          id: "expire-old-state-versions",
          status: "Enabled",
          filter: [{ prefix: "" }],
          noncurrentVersionExpiration: [{ noncurrentDays: days }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
  }
}
