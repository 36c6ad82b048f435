import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { environments } from "../../../envs";
import type { EnvironmentConfig } from "../../../envs";
import { awsClientConfig, startEmulator } from "../../../tools/local/emulator/emulator";
import { synthesizeEnvironment } from "../../../tools/local/deployment";
import { prepareTerraformCli } from "../../../tools/terraform/cli-config";
import { runTerraform } from "../../../tools/terraform/terraform";
import { TEST_EMULATOR_PORT, tierWorkDir } from "../support/context";

const workDir = tierWorkDir();
const cli = prepareTerraformCli(join(__dirname, "..", "..", ".."));
const PORT = TEST_EMULATOR_PORT + 3;
const realEnvironments = environments.filter((config) => !config.emulator);

/**
 * The real environments' stacks, unchanged, planned against an emulator standing in for their
 * account: only the standard AWS variables differ (AWS_ENDPOINT_URL, AWS_CA_BUNDLE, credentials),
 * plus `use_path_style` for the S3 backend, as anyone would point Terraform at an S3-compatible store.
 */
describe.each(realEnvironments.map((config) => [config.name, config] as const))("%s, planned against a stand-in account", (_, config) => {
  it("initialises its S3 backend and plans every resource, passing allowed_account_ids", async () => {
    // moto answers as this account, so sts:GetCallerIdentity passes allowed_account_ids.
    const emulator = await startEmulator({ port: PORT, accountId: config.accountId });
    try {
      await createStateBucket(config, emulator.endpoint);
      const stackDir = synthesizeEnvironment(config, join(workDir, `stand-in-${config.name}`));
      const env = {
        ...cli.env,
        AWS_ENDPOINT_URL: emulator.endpoint,
        AWS_CA_BUNDLE: emulator.certFile,
        AWS_ACCESS_KEY_ID: "test",
        AWS_SECRET_ACCESS_KEY: "test",
      };
      const started = Date.now();
      const init = await runTerraform(["init", "-input=false", "-no-color", "-backend-config=use_path_style=true"], { cwd: stackDir, env });
      expect({ code: init.code, stderr: init.stderr }).toEqual({ code: 0, stderr: "" });
      const plan = await runTerraform(["plan", "-input=false", "-no-color", "-detailed-exitcode"], { cwd: stackDir, env });
      expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: "" });
      expect(plan.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
      // Ops see the alarms and the dashboard in the plan of every environment.
      const alarms = synthesizedCount(stackDir, "aws_cloudwatch_metric_alarm");
      expect(alarms).toBeGreaterThan(0);
      expect([plannedCreations(plan.stdout, "aws_cloudwatch_metric_alarm"), plannedCreations(plan.stdout, "aws_cloudwatch_dashboard")]).toEqual([alarms, 1]);
      console.log(
        `${config.name} on a stand-in account ${config.accountId}: init + plan ${((Date.now() - started) / 1000).toFixed(1)}s, ${plan.stdout.match(/Plan: .*/)![0]}`,
      );
    } finally {
      await emulator.stop();
    }
  }, 120_000);
});

function synthesizedCount(stackDir: string, type: string): number {
  return Object.keys(JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")).resource[type] ?? {}).length;
}

function plannedCreations(planOutput: string, type: string): number {
  return (planOutput.match(new RegExp(`# ${type}\\.\\S+ will be created`, "g")) ?? []).length;
}

async function createStateBucket(config: EnvironmentConfig, endpoint: string): Promise<void> {
  const { region, bucket } = config.stateBackend;
  const s3 = new S3Client({ ...awsClientConfig(endpoint), region });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: region as "eu-west-1" } }));
  } finally {
    s3.destroy();
  }
}
