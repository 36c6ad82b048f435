/**
 * `npm run policy -- --list`: every rule of the policy pack with its id, source and explanation.
 * `npm run policy [-- <environment> ...]`: runs the pack on each environment's stacks (platform
 * and state bucket) and prints errors, warnings and suppressions; exits 1 when any stack has an
 * error. Synth runs the same checks and fails on the same errors.
 */
import "../../envs/exit-on-config-error";
import { App, TerraformStack, Testing } from "cdktf";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EnvironmentConfig, environmentNamed, environments } from "../../envs";
import { describeFinding } from "../../policy/evaluate";
import { POLICY_PACK } from "../../policy/pack";
import { PolicyReport, checkStack } from "../../policy/report";
import { parseOptions, UsageError } from "../parse-options";
import { PlatformStack } from "../../stacks/platform-stack";
import { stateBucketStacks } from "../../stacks/state-bucket-stack";

function listRules(): void {
  for (const rule of POLICY_PACK) {
    console.log(`${rule.id}\n  source: ${rule.source}\n  why:    ${rule.explanation}\n  fix:    ${rule.fix}\n  checks: ${rule.resourceTypes.join(", ")}`);
  }
  console.log(`\n${POLICY_PACK.length} rules.`);
}

/** The environment's stacks, with aspects applied (Testing.synth runs them and writes nothing). */
function stacksOf(app: App, config: EnvironmentConfig): TerraformStack[] {
  const bucketStack = stateBucketStacks(app, environments).find((stack) => stack.node.id.endsWith(config.stateBackend.bucket));
  const stacks = [new PlatformStack(app, config.name, { config }), ...(bucketStack ? [bucketStack] : [])];
  for (const stack of stacks) Testing.synth(stack);
  return stacks;
}

function printReport(report: PolicyReport): void {
  const { errors, warnings, suppressed } = report;
  console.log(`\n${report.stack}: ${errors.length} error(s), ${warnings.length} warning(s), ${suppressed.length} suppressed`);
  for (const finding of errors) console.log(`  ERROR      ${describeFinding(finding)}`);
  for (const finding of warnings) console.log(`  warning    ${finding.ruleId}: ${finding.address}: ${finding.detail}`);
  for (const finding of suppressed) console.log(`  suppressed ${finding.ruleId}: ${finding.address}: ${finding.reason} (on ${finding.suppressedAt})`);
  for (const unused of report.unusedSuppressions) console.log(`  unused     suppression of ${unused.ruleId} on ${unused.path}: remove it`);
}

function checkEnvironments(names: readonly string[]): number {
  const selected = names.length > 0 ? names.map(environmentNamed) : environments;
  const outdir = mkdtempSync(join(tmpdir(), "policy-"));
  try {
    let errors = 0;
    for (const config of selected) {
      for (const stack of stacksOf(new App({ outdir }), config)) {
        const report = checkStack(stack, { warnings: config.policy.warnings });
        printReport(report);
        errors += report.errors.length;
      }
    }
    console.log(errors === 0 ? "\nEvery stack passes the policy pack." : `\n${errors} policy violation(s).`);
    return errors === 0 ? 0 : 1;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const USAGE = "usage: npm run policy -- --list | [<environment> ...]";

function main(argv: readonly string[]): number {
  const { values, positionals } = parseOptions(argv, { list: { type: "boolean", default: false } }, { usage: USAGE });
  if (!values.list) return checkEnvironments(positionals);
  listRules();
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exitCode = 2;
}
