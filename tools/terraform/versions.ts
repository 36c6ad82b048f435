/** The AWS provider the generated Terraform pins; @cdktf/provider-aws 20.1.0 is generated from it. */
export const AWS_PROVIDER = { source: "registry.terraform.io/hashicorp/aws", version: "5.100.0" } as const;

/** The Terraform CLI line this project is tested with (S3 lock files need >= 1.10). */
export const TERRAFORM_VERSION_PREFIX = "1.11.";
