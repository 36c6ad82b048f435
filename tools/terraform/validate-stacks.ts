import { join } from "node:path";
import { TerraformCli } from "./cli-config";
import { runTerraform } from "./terraform";

export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
}

export interface StackValidation {
  readonly stack: string;
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly seconds: number;
}

/**
 * `terraform init -backend=false` then `terraform validate` for each synthesized stack, with the
 * real provider. Inits run one at a time (the plugin cache is not safe for concurrent writers);
 * validations run in parallel.
 */
export async function validateStacks(outdir: string, stacks: readonly string[], cli: TerraformCli): Promise<StackValidation[]> {
  const started = new Map<string, number>();
  const initFailures = new Map<string, Diagnostic>();
  for (const stack of stacks) {
    started.set(stack, Date.now());
    const init = await runTerraform(["init", "-backend=false", "-input=false", "-no-color"], { cwd: stackDir(outdir, stack), env: cli.env });
    if (init.code !== 0) initFailures.set(stack, initFailure(init.stderr || init.stdout, cli));
  }
  return Promise.all(
    stacks.map(async (stack) => {
      const failure = initFailures.get(stack);
      if (failure) return { stack, valid: false, diagnostics: [failure], seconds: elapsed(started.get(stack)!) };
      const result = await runTerraform(["validate", "-json", "-no-color"], { cwd: stackDir(outdir, stack), env: cli.env });
      const report = parseValidateJson(result.stdout, result.stderr);
      return { stack, valid: report.valid, diagnostics: report.diagnostics, seconds: elapsed(started.get(stack)!) };
    }),
  );
}

export function stackDir(outdir: string, stack: string): string {
  return join(outdir, "stacks", stack);
}

function parseValidateJson(stdout: string, stderr: string): { valid: boolean; diagnostics: Diagnostic[] } {
  try {
    const report = JSON.parse(stdout) as {
      valid: boolean;
      diagnostics: { severity: "error" | "warning"; summary: string; detail?: string; address?: string }[];
    };
    return {
      valid: report.valid,
      diagnostics: report.diagnostics.map(({ severity, summary, detail, address }) => ({ severity, summary, detail, address })),
    };
  } catch {
    return { valid: false, diagnostics: [{ severity: "error", summary: "terraform validate printed no JSON", detail: stderr || stdout }] };
  }
}

function initFailure(output: string, cli: TerraformCli): Diagnostic {
  const hint = cli.mirror
    ? `The provider mirror at ${cli.mirror} was used (CLI config ${cli.configFile}).`
    : "No provider mirror was found, so the registry was asked. Offline, set TF_PROVIDER_MIRROR to a folder " +
      "holding registry.terraform.io/hashicorp/aws/5.100.0/<os>_<arch>/.";
  return { severity: "error", summary: `terraform init failed. ${hint}`, detail: output.trim() };
}

function elapsed(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}

export function formatDiagnostic(stack: string, diagnostic: Diagnostic): string {
  const where = diagnostic.address ? ` (${diagnostic.address})` : "";
  return `[${stack}] ${diagnostic.severity}: ${diagnostic.summary}${where}${diagnostic.detail ? `\n    ${diagnostic.detail}` : ""}`;
}
