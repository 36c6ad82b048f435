import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { App } from "cdktf";
import { mkdirSync } from "node:fs";
import { EnvironmentConfig } from "../../envs";
import { PlatformStack } from "../../stacks/platform-stack";
import { awsClientConfig } from "./emulator/emulator";
import { TerraformCli } from "../terraform/cli-config";
import { runTerraform } from "../terraform/terraform";
import { stackDir } from "../terraform/validate-stacks";

/** The local environment pointed at an emulator on another port (the config itself is unchanged data). */
export function onEmulator(config: EnvironmentConfig, endpoint: string): EnvironmentConfig {
  if (!config.emulator) throw new Error(`environment "${config.name}" has no emulator settings; only an emulator environment can be moved`);
  return { ...config, emulator: { ...config.emulator, endpoint } };
}

export function synthesizeEnvironment(config: EnvironmentConfig, outdir: string): string {
  // cdktf creates only the last folder of outdir (for example .state/cdktf.out on a fresh clone).
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  new PlatformStack(app, config.name, { config });
  app.synth();
  return stackDir(outdir, config.name);
}

/** Creates the state bucket on the emulator (the bootstrap stack does this for real accounts). */
export async function createEmulatorStateBucket(config: EnvironmentConfig, endpoint: string): Promise<void> {
  const s3 = new S3Client(awsClientConfig(endpoint));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: config.stateBackend.bucket }));
  } catch (error) {
    if ((error as Error).name !== "BucketAlreadyOwnedByYou") throw error;
  } finally {
    s3.destroy();
  }
}

/** `terraform apply` or `destroy` of an environment's stack, unattended, as many at once as its config allows. */
export function deployArgs(action: "apply" | "destroy", config: EnvironmentConfig): string[] {
  return [action, "-auto-approve", "-input=false", `-parallelism=${config.terraform.parallelism}`];
}

/** Runs terraform and throws with its output when it fails. */
export async function terraform(args: readonly string[], cwd: string, cli: TerraformCli): Promise<string> {
  const result = await runTerraform([...args, "-no-color"], { cwd, env: cli.env });
  if (result.code !== 0) throw new Error(`terraform ${args[0]} failed in ${cwd}:\n${result.stderr || result.stdout}`);
  return result.stdout;
}

/** `terraform output -json` as a name -> value map. */
export async function terraformOutputs(cwd: string, cli: TerraformCli): Promise<Record<string, string>> {
  const outputs = JSON.parse(await terraform(["output", "-json"], cwd, cli)) as Record<string, { value: string }>;
  return Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.value]));
}

export async function emulatorBucketExists(bucket: string, endpoint: string): Promise<boolean> {
  const s3 = new S3Client(awsClientConfig(endpoint));
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  } finally {
    s3.destroy();
  }
}
