import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { environmentNamed } from "../../../envs";
import { sharedWebhookSubscriber } from "../../../envs/shared";
import { setDeploymentLocation } from "../../../modules/arn";
import { WebhookSubscription } from "../../../modules/sns-subscription";
import { configureAwsProvider } from "../../../stacks/aws-provider";
import { onEmulator, terraform } from "../../../tools/local/deployment";
import { Emulator, awsClientConfig, startEmulator } from "../../../tools/local/emulator/emulator";
import { prepareTerraformCli } from "../../../tools/terraform/cli-config";
import { TEST_EMULATOR_PORT, tierWorkDir } from "../support/context";

const workDir = tierWorkDir();
const cli = prepareTerraformCli(join(__dirname, "..", "..", ".."));
/** An emulator of its own: the secret and the subscription stay out of the shared deployment. */
const PORT = TEST_EMULATOR_PORT + 4;
const PARAMETER = "/orders/local/partner-webhook-url";
const SECRET_URL = "https://127.0.0.1:9/hooks/orders?token=s3cr3t-token-value";

/** The parameter as an operator would create it (out of band, never through this project's code). */
function putSecureParameter(emulator: Emulator): void {
  const script = [
    "import boto3, sys",
    "ssm = boto3.client('ssm', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='test', aws_secret_access_key='test', verify=sys.argv[2])",
    "ssm.put_parameter(Name=sys.argv[3], Value=sys.argv[4], Type='SecureString')",
  ].join("\n");
  const run = spawnSync("python3", ["-c", script, emulator.endpoint, emulator.certFile, PARAMETER, SECRET_URL], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`seeding the SSM parameter failed: ${run.stderr}`);
}

/** A topic with one webhook whose URL comes from the SSM parameter, synthesized for the emulator. */
function synthesizeSecretWebhook(endpoint: string, outdir: string): string {
  const config = onEmulator(environmentNamed("local"), endpoint);
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "secret-endpoint");
  setDeploymentLocation(stack, config);
  configureAwsProvider(stack, config);
  // Its own state, in its own folder: cdktf's default would keep it in the project and a next run
  // would plan from a state whose resources went with the emulator.
  new LocalBackend(stack, { path: join(outdir, "terraform.tfstate") });
  const topic = new SnsTopic(stack, "Topic", { name: "secret-endpoint-test" });
  const webhook = new WebhookSubscription(stack, "partner", {
    topic: { topicArn: topic.arn, physicalName: "secret-endpoint-test" },
    protocol: "https",
    endpointFrom: { ssmParameter: PARAMETER },
    rawMessageDelivery: true,
    deliveryPolicy: sharedWebhookSubscriber.deliveryPolicy,
    deadLetterRetentionSeconds: 3_600,
  });
  new TerraformOutput(stack, "topic_arn", { value: topic.arn });
  new TerraformOutput(stack, "subscription_arn", { value: webhook.subscriptionArn });
  app.synth();
  return join(outdir, "stacks", "secret-endpoint");
}

describe("a webhook endpoint kept in SSM Parameter Store, on the emulator", () => {
  let emulator: Emulator | undefined;
  afterAll(async () => emulator?.stop());

  it("is read by Terraform at plan time, shown as sensitive, and subscribed; cdk.tf.json holds only its name", async () => {
    emulator = await startEmulator({ port: PORT });
    putSecureParameter(emulator);
    const stackDir = synthesizeSecretWebhook(emulator.endpoint, join(workDir, "secret-endpoint"));
    const synthesized = readFileSync(join(stackDir, "cdk.tf.json"), "utf8");
    expect(synthesized).toContain(PARAMETER);
    expect(synthesized).not.toContain("s3cr3t");

    await terraform(["init", "-input=false"], stackDir, cli);
    const plan = await terraform(["plan", "-input=false"], stackDir, cli);
    expect(plan).toMatch(/endpoint\s+= \(sensitive value\)/);
    expect(plan).not.toContain("s3cr3t");
    await terraform(["apply", "-auto-approve", "-input=false"], stackDir, cli);

    const outputs = JSON.parse(await terraform(["output", "-json"], stackDir, cli));
    const sns = new SNSClient(awsClientConfig(emulator.endpoint));
    try {
      const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: outputs.topic_arn.value }));
      expect(Subscriptions.map((subscription) => [subscription.Protocol, subscription.Endpoint])).toEqual([["https", SECRET_URL]]);
    } finally {
      sns.destroy();
    }
  }, 180_000);
});
