import { Testing } from "cdktf";
import { environments } from "../../../envs";
import { stateBucketStackId, stateBucketStacks } from "../../../stacks/state-bucket-stack";
import { Arguments, readPolicy, resourcesOf, synthesize } from "../../support/synth";

/** A lifecycle configuration as synthesized: its rules' expiry of noncurrent versions. */
type LifecycleArguments = Arguments & { readonly rule: readonly { readonly noncurrent_version_expiration: readonly { readonly noncurrent_days: number }[] }[] };

describe("state bucket bootstrap", () => {
  const stacks = stateBucketStacks(Testing.app(), environments);

  it("has one bootstrap stack per distinct state bucket", () => {
    expect(stacks.map((stack) => stack.node.id)).toEqual(environments.map(stateBucketStackId));
  });

  it("shares one stack between environments that share a bucket", () => {
    const [dev] = environments.filter((env) => env.name === "dev");
    const sharing = { ...dev, name: "qa", namePrefix: "orders-qa", stateBackend: { ...dev.stateBackend, key: "qa/platform.tfstate" } };
    const shared = stateBucketStacks(Testing.app(), [dev, sharing]);
    expect(shared.map((stack) => stack.node.id)).toEqual([stateBucketStackId(dev)]);
    expect(synthesize(shared[0]).output.state_bucket_environments.value).toBe("dev, qa");
  });

  describe.each(stacks.map((stack, index) => [environments[index].name, stack, environments[index]] as const))("for %s", (_, stack, config) => {
    const synthesized = synthesize(stack);
    const only = (type: string) => {
      const all = resourcesOf(synthesized, type);
      expect(all).toHaveLength(1);
      return all[0];
    };

    it("creates the configured bucket, protected from destroy outside local", () => {
      const bucket = only("aws_s3_bucket");
      expect(bucket.bucket).toBe(config.stateBackend.bucket);
      expect(bucket.lifecycle).toEqual({ prevent_destroy: config.stateBackend.protectFromDestroy });
    });

    it("versions, encrypts and blocks public access", () => {
      expect(only("aws_s3_bucket_versioning").versioning_configuration).toEqual({ status: "Enabled" });
      expect(only("aws_s3_bucket_server_side_encryption_configuration").rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true },
      ]);
      expect(only("aws_s3_bucket_public_access_block")).toEqual(
        expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
      );
      expect(only("aws_s3_bucket_ownership_controls").rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    });

    it("denies every request that does not use TLS", () => {
      const [statement] = readPolicy(only("aws_s3_bucket_policy").policy).Statement;
      expect(statement).toEqual(
        expect.objectContaining({ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      );
      expect(statement.Resource).toHaveLength(2);
    });

    it("expires old state versions only when configured to", () => {
      const lifecycles = resourcesOf<LifecycleArguments>(synthesized, "aws_s3_bucket_lifecycle_configuration");
      const days = config.stateBackend.noncurrentVersionRetentionDays;
      expect(lifecycles.map((l) => l.rule[0].noncurrent_version_expiration[0].noncurrent_days)).toEqual(days ? [days] : []);
    });

    it("keeps its own state locally, in the state bucket's region and account", () => {
      expect(synthesized.terraform.backend.local.path).toBe(`../../../bootstrap-state/${config.stateBackend.bucket}.tfstate`);
      expect(synthesized.provider.aws[0]).toEqual(expect.objectContaining({ region: config.stateBackend.region, allowed_account_ids: [config.accountId] }));
    });
  });
});
