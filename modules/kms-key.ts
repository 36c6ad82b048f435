import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ArnScope, arnFor, deploymentLocation, principalArn } from "./arn";
import { KMS_ALIAS_NAME_MAX_LENGTH, KMS_DELETION_WINDOW_DAYS, assertIntegerInRange, assertNameLength } from "./aws-limits";
import { PolicyStatement, policyDocument, renderPolicy } from "./policy-document";

export interface KmsKeyProps {
  /** The alias, without `alias/`; letters, digits, `/`, `_` and `-`, not starting with `aws/`. */
  readonly name: string;
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** Days a scheduled deletion waits (and can still be cancelled). @see KMS_DELETION_WINDOW_DAYS */
  readonly deletionWindowInDays: number;
  /**
   * The account whose IAM policies decide who else may use the key (the key policy's root statement).
   * @default - the stack's deployment account (setDeploymentLocation)
   */
  readonly accountId?: string;
}

/** An AWS service allowed to use the key on behalf of one resource of this account. */
export interface KeyServiceUser {
  /** Service principal, e.g. `events.amazonaws.com`. */
  readonly service: string;
  /** The one resource (rule, topic, ...) the service may use the key for. */
  readonly sourceArn: string;
}

/**
 * A customer-managed symmetric key with yearly rotation and an alias. Its key policy lets the
 * account administer and use it through IAM (AWS's default statement), and grows through
 * `grantServiceUse`: service principals only get the key for the resources named there.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export class KmsKey extends Construct {
  readonly keyArn: string;
  readonly keyId: string;
  readonly aliasName: string;
  private readonly serviceUsers: KeyServiceUser[] = [];
  private readonly logGroups: LogGroupUser[] = [];

  constructor(scope: Construct, id: string, props: KmsKeyProps) {
    super(scope, id);
    this.aliasName = `alias/${props.name}`;
    if (!/^[A-Za-z0-9/_-]+$/.test(props.name) || props.name.startsWith("aws/")) {
      throw new Error(
        `${this.node.path}: name is "${props.name}"; allowed: letters, digits, "/", "_" and "-", not starting with "aws/" (reserved for AWS managed keys)`,
      );
    }
    assertNameLength(this.node.path, "alias", this.aliasName, KMS_ALIAS_NAME_MAX_LENGTH);
    const accountId = props.accountId ?? deploymentLocation(this).accountId;
    if (!/^\d{12}$/.test(accountId)) {
      throw new Error(`${this.node.path}: accountId is "${accountId}"; allowed: a 12-digit AWS account id`);
    }
    assertIntegerInRange(this.node.path, "deletionWindowInDays", props.deletionWindowInDays, KMS_DELETION_WINDOW_DAYS);

    const key = new KmsKeyResource(this, "Resource", {
      description: props.description,
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays,
      policy: Lazy.stringValue({
        produce: () => renderPolicy(policyDocument(accountAdministers(accountId), ...this.serviceUsers.map(serviceUse), ...logsUse(this.logGroups))),
      }),
    });
    new KmsAlias(this, "Alias", { name: this.aliasName, targetKeyId: key.keyId });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
  }

  /**
   * Lets a service encrypt and decrypt with the key (`kms:GenerateDataKey*`, `kms:Decrypt`), only when
   * acting for `sourceArn`. EventBridge needs exactly this to publish to a topic encrypted with this key.
   * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
   */
  grantServiceUse(user: KeyServiceUser): void {
    this.serviceUsers.push(user);
  }

  /**
   * An identity statement letting a role of this account encrypt with the key (what publishing to a
   * topic encrypted with it takes); the key policy delegates to IAM.
   */
  grantEncrypt(): PolicyStatement {
    return { Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: this.keyArn };
  }

  /**
   * Lets CloudWatch Logs encrypt and decrypt the events of one log group with the key. The group is
   * named, not referenced: its `arn` attribute would depend on this key and make a cycle.
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   */
  grantLogGroupEncryption(scope: ArnScope, logGroupName: string): void {
    this.logGroups.push({ region: scope.region, logGroupArn: arnFor("logs", scope, `log-group:${logGroupName}`) });
  }
}

interface LogGroupUser {
  readonly region: string;
  readonly logGroupArn: string;
}

function accountAdministers(accountId: string): PolicyStatement {
  return {
    Sid: "AccountAdministersThroughIam",
    Effect: "Allow",
    Principal: { AWS: principalArn(accountId) },
    Action: "kms:*",
    Resource: "*",
  };
}

/** One statement per region (CloudWatch Logs' principal is regional), scoped to the groups' ARNs. */
function logsUse(groups: readonly LogGroupUser[]): PolicyStatement[] {
  const regions = [...new Set(groups.map((group) => group.region))];
  return regions.map((region) => ({
    Sid: `CloudWatchLogsEncryptsNamedGroups${regions.length > 1 ? region.replace(/-/g, "") : ""}`,
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": groups.filter((g) => g.region === region).map((g) => g.logGroupArn) } },
  }));
}

function serviceUse(user: KeyServiceUser): PolicyStatement {
  return {
    Effect: "Allow",
    Principal: { Service: user.service },
    Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
    Resource: "*",
    Condition: { ArnEquals: { "aws:SourceArn": user.sourceArn } },
  };
}
