/**
 * `npm run validate`: synthesize every environment, validate each with the real
 * terraform and AWS provider, and print what each environment would create.
 */
import "../../envs/exit-on-config-error";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { environments } from "../../envs";
import { renderPolicySummary, renderSummaryTable, summarizeStack } from "./stack-summary";
import { prepareTerraformCli } from "../terraform/cli-config";
import { requireTerraform } from "../terraform/terraform";
import { formatDiagnostic, validateStacks } from "../terraform/validate-stacks";

const PROJECT_DIR = process.cwd();
const OUTDIR = "cdktf.out";

async function main(): Promise<number> {
  const stacks = environments.map((env) => env.name);
  const started = Date.now();

  step(`synth ${stacks.join(", ")}`);
  const synth = spawnSync(process.execPath, [join(PROJECT_DIR, "tools", "synth", "prebuilt-app.cjs"), "main.ts"], { cwd: PROJECT_DIR, stdio: "inherit" });
  if (synth.status !== 0) return fail("synth");

  const terraformVersion = requireTerraform();
  const cli = prepareTerraformCli(PROJECT_DIR);
  step(`terraform ${terraformVersion} validate (provider from ${cli.mirror ?? "the registry"})`);
  const results = await validateStacks(OUTDIR, stacks, cli);
  for (const result of results) {
    console.log(`  ${result.valid ? "ok  " : "FAIL"} ${result.stack} (${result.seconds}s)`);
    for (const diagnostic of result.diagnostics) console.log(`    ${formatDiagnostic(result.stack, diagnostic)}`);
  }
  if (results.some((result) => !result.valid)) return fail("terraform validate");

  step("what each environment deploys");
  const summaries = stacks.map((stack) => summarizeStack(OUTDIR, stack));
  console.log(renderSummaryTable(summaries));
  step("policy pack: warnings and suppressions");
  console.log(renderPolicySummary(summaries));
  console.log(`\nAll ${stacks.length} environments synthesized and valid in ${((Date.now() - started) / 1000).toFixed(1)}s.`);
  console.log(`Terraform JSON: ${OUTDIR}/stacks/<environment>/cdk.tf.json`);
  return 0;
}

function step(title: string): void {
  console.log(`\n==> ${title}`);
}

function fail(stepName: string): number {
  console.error(`\nnpm run validate failed at: ${stepName}`);
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`\nnpm run validate failed: ${error.message}`);
    process.exitCode = 1;
  },
);
