import { spawn, spawnSync } from "node:child_process";
import { TERRAFORM_VERSION_PREFIX } from "./versions";
import { INTERRUPTED_EXIT_CODE, forwardInterrupts } from "./interruptible";

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const terraformBinary = () => process.env.TERRAFORM_BINARY ?? "terraform";

/** Fails with what to install when terraform is missing or of another line than the project's. */
export function requireTerraform(): string {
  const result = spawnSync(terraformBinary(), ["version", "-json"], { encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" } });
  if (result.error || result.status !== 0) {
    throw new Error(
      `terraform was not found (${result.error?.message ?? result.stderr.trim()}). ` +
        `Install Terraform ${TERRAFORM_VERSION_PREFIX}x (https://developer.hashicorp.com/terraform/install) ` +
        "and put it on the PATH, or set TERRAFORM_BINARY to its path.",
    );
  }
  const version = (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
  if (!version.startsWith(TERRAFORM_VERSION_PREFIX)) {
    throw new Error(`terraform ${version} found; this project needs Terraform ${TERRAFORM_VERSION_PREFIX}x (S3 lock files, tested line)`);
  }
  return version;
}

export function runTerraform(args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    // Own process group, interrupts forwarded and awaited: terraform releases the state lock.
    const child = spawn(terraformBinary(), args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const interrupts = forwardInterrupts(child, `terraform ${args[0]}`);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", (error) => {
      interrupts.dispose();
      reject(error);
    });
    child.on("close", (code) => {
      interrupts.dispose();
      if (!interrupts.interrupted()) return resolve({ code: code ?? 1, stdout, stderr });
      // No caller may go on (or print success) after an interrupt.
      console.error(`interrupted: terraform ${args[0]} stopped and released the state lock; the run did not complete`);
      process.exit(INTERRUPTED_EXIT_CODE);
    });
  });
}
