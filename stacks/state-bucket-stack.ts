import { Aspects, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { EnvironmentConfig } from "../envs";
import { StateBucket } from "../modules/state-bucket";
import { PolicyPackAspect } from "../policy/aspect";
import { configureAwsProvider } from "./aws-provider";

export interface StateBucketStackProps {
  /** The environment whose account, emulator and tags the bucket is created with. */
  readonly config: EnvironmentConfig;
  /** Every environment whose state the bucket holds (listed in its outputs). */
  readonly environments: readonly string[];
}

/**
 * Creates an account's state bucket; deployed once, before any environment of that account.
 * Its own state is local (the bucket cannot hold the state of its own creation); see README.
 */
export class StateBucketStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: StateBucketStackProps) {
    super(scope, id);
    const { config } = props;
    configureAwsProvider(this, config, config.stateBackend.region);
    new LocalBackend(this, { path: `../../../bootstrap-state/${config.stateBackend.bucket}.tfstate` });
    Aspects.of(this).add(new PolicyPackAspect({ warnings: config.policy.warnings }));
    const bucket = new StateBucket(this, "StateBucket", {
      bucketName: config.stateBackend.bucket,
      noncurrentVersionRetentionDays: config.stateBackend.noncurrentVersionRetentionDays,
      protectFromDestroy: config.stateBackend.protectFromDestroy,
    });
    new TerraformOutput(this, "state_bucket_name", { value: bucket.bucketName });
    new TerraformOutput(this, "state_bucket_environments", { value: props.environments.join(", ") });
  }
}

/** Stack id of the bootstrap stack that creates an environment's state bucket. */
export function stateBucketStackId(config: EnvironmentConfig): string {
  return `state-${config.stateBackend.bucket}`;
}

/** One bootstrap stack per distinct bucket, created with the first environment that uses it. */
export function stateBucketStacks(scope: Construct, environments: readonly EnvironmentConfig[]): StateBucketStack[] {
  const owners = environments.filter((env, index) => environments.findIndex((other) => other.stateBackend.bucket === env.stateBackend.bucket) === index);
  return owners.map(
    (owner) =>
      new StateBucketStack(scope, stateBucketStackId(owner), {
        config: owner,
        environments: environments.filter((env) => env.stateBackend.bucket === owner.stateBackend.bucket).map((env) => env.name),
      }),
  );
}
