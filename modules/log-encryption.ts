import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Aspects, IAspect } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ArnScope, deploymentLocation } from "./arn";
import { KmsKey } from "./kms-key";

export interface LogEncryptionProps {
  /** The key's alias, without `alias/`. */
  readonly name: string;
  /** Days a scheduled deletion of the key waits. @see KMS_DELETION_WINDOW_DAYS */
  readonly deletionWindowInDays: number;
  /** Account and region of the log groups: the key policy names their ARNs.
   * @default - the stack's deployment location (setDeploymentLocation)
   */
  readonly location?: ArnScope;
}

/**
 * Encrypts every CloudWatch log group under its scope with one customer-managed key. It is an
 * aspect on that scope: at synth it sets `kms_key_id` on each log group that has none (whichever
 * module created it) and lets CloudWatch Logs use the key for exactly those groups.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export class LogEncryption extends Construct implements IAspect {
  readonly key: KmsKey;
  private readonly arnScope: ArnScope;

  constructor(scope: Construct, id: string, props: LogEncryptionProps) {
    super(scope, id);
    const location = props.location ?? deploymentLocation(this);
    this.arnScope = location;
    this.key = new KmsKey(this, "Key", {
      name: props.name,
      description: "Encrypts the log groups of this stack",
      deletionWindowInDays: props.deletionWindowInDays,
      accountId: location.accountId,
    });
    Aspects.of(scope).add(this);
  }

  visit(node: IConstruct): void {
    if (!(node instanceof CloudwatchLogGroup) || node.kmsKeyIdInput !== undefined) return;
    const name = node.nameInput;
    if (name === undefined) {
      throw new Error(`${node.node.path}: the log group has no name (name_prefix?); allowed: a log group with a name, so the key policy can name it`);
    }
    node.kmsKeyId = this.key.keyArn;
    this.key.grantLogGroupEncryption(this.arnScope, name);
  }
}
