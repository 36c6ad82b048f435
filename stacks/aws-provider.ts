import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../envs";

/** Services the stacks call (ssm and secretsmanager: secret webhook endpoints); with an emulator, each is pointed at its endpoint. */
const EMULATED_SERVICES = [
  "apigateway",
  "appsync",
  "cloudwatch",
  "cognitoidentity",
  "dynamodb",
  "events",
  "iam",
  "kms",
  "lambda",
  "logs",
  "s3",
  "secretsmanager",
  "sfn",
  "sns",
  "sqs",
  "ssm",
  "sts",
  "xray",
] as const;

/**
 * The AWS provider for one environment: region, the only account it may touch, default tags on
 * every resource, and, for the emulator, local endpoints and test credentials.
 */
export function configureAwsProvider(scope: Construct, config: EnvironmentConfig, region = config.region): AwsProvider {
  return new AwsProvider(scope, "aws", {
    region,
    allowedAccountIds: [config.accountId],
    maxRetries: config.provider.maxRetries,
    defaultTags: [{ tags: environmentTags(config) }],
    ...(config.emulator && {
      accessKey: config.emulator.accessKey,
      secretKey: config.emulator.secretKey,
      skipCredentialsValidation: true,
      insecure: true,
      skipMetadataApiCheck: "true",
      s3UsePathStyle: true,
      endpoints: [Object.fromEntries(EMULATED_SERVICES.map((service) => [service, config.emulator!.endpoint]))],
    }),
  });
}

export function environmentTags(config: EnvironmentConfig): Record<string, string> {
  return {
    ...config.tags.extra,
    Project: config.tags.project,
    Environment: config.name,
    Owner: config.tags.owner,
    CostCentre: config.tags.costCentre,
    ManagedBy: "cdktf",
  };
}
