import { S3Client } from "@aws-sdk/client-s3";
import { join } from "node:path";
import { EnvironmentConfig } from "../../../envs";
import { awsClientConfig } from "../../local/emulator/emulator";
import { synthesizeEnvironment, terraform } from "../../local/deployment";
import { prepareTerraformCli, TerraformCli } from "../../terraform/cli-config";
import { StateLocation } from "./state-store";

/** Everything a state command needs: an initialized stack dir, and the state object in S3. */
export interface StateWorkspace {
  readonly environment: string;
  readonly stackDir: string;
  readonly cli: TerraformCli;
  readonly location: StateLocation;
  readonly s3: S3Client;
}

/**
 * S3 client for the environment's state bucket: the emulator's endpoint for an emulator
 * environment, otherwise the default credential chain in the bucket's region. Same calls either way.
 */
export function stateS3Client(config: EnvironmentConfig): S3Client {
  if (config.emulator) return new S3Client(awsClientConfig(config.emulator.endpoint));
  return new S3Client({ region: config.stateBackend.region });
}

/**
 * Synthesizes the environment with the real code path and runs `terraform init` on its backend.
 * `outdir` is its own by default: synthesizing here never rewrites the cdktf.out a deployment uses.
 */
export async function openStateWorkspace(
  config: EnvironmentConfig,
  projectDir: string,
  outdir = join(projectDir, ".state", "cdktf.out"),
): Promise<StateWorkspace> {
  const stackDir = synthesizeEnvironment(config, outdir);
  const cli = prepareTerraformCli(projectDir);
  await terraform(["init", "-input=false", "-reconfigure"], stackDir, cli);
  return { environment: config.name, stackDir, cli, location: config.stateBackend, s3: stateS3Client(config) };
}
