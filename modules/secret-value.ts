import { DataAwsSecretsmanagerSecretVersion } from "@cdktf/provider-aws/lib/data-aws-secretsmanager-secret-version";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { Construct } from "constructs";

/** Where a secret string is kept: only its name is in the code and in cdk.tf.json. */
export type SecretSource = { readonly ssmParameter: string } | { readonly secretsManagerSecret: string };

export interface SecretValueProps {
  readonly source: SecretSource;
}

/**
 * A secret string Terraform reads at plan time through a data source (a SecureString parameter is
 * decrypted). The value is marked sensitive, so plans show `(sensitive value)`; like every
 * data-source value it is still kept in state, which is why state is encrypted and access-controlled.
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/data-sources/ssm_parameter
 * @see https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs/data-sources/secretsmanager_secret_version
 */
export class SecretValue extends Construct {
  /** A Terraform reference to the secret string, never the string itself. */
  readonly value: string;

  constructor(scope: Construct, id: string, props: SecretValueProps) {
    super(scope, id);
    this.value =
      "ssmParameter" in props.source
        ? new DataAwsSsmParameter(this, "Parameter", { name: props.source.ssmParameter, withDecryption: true }).value
        : new DataAwsSecretsmanagerSecretVersion(this, "Secret", { secretId: props.source.secretsManagerSecret }).secretString;
  }
}
