import { S3Backend, TerraformStack } from "cdktf";
import { EnvironmentConfig } from "../envs";

/**
 * The environment's state in its own S3 object, encrypted, locked with an S3 lock file
 * (Terraform >= 1.10; cdktf 0.21 has no typed option for it, hence the override).
 */
export function configureRemoteState(stack: TerraformStack, config: EnvironmentConfig): S3Backend {
  const { stateBackend: state, emulator } = config;
  const backend = new S3Backend(stack, {
    bucket: state.bucket,
    key: state.key,
    region: state.region,
    encrypt: true,
    allowedAccountIds: emulator ? undefined : [config.accountId],
    ...(emulator && {
      endpoints: { s3: emulator.endpoint, sts: emulator.endpoint, iam: emulator.endpoint },
      accessKey: emulator.accessKey,
      secretKey: emulator.secretKey,
      usePathStyle: true,
      skipCredentialsValidation: true,
      insecure: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: true,
    }),
  });
  backend.addOverride("use_lockfile", true);
  return backend;
}
