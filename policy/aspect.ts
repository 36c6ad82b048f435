import { Annotations, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { describeFinding } from "./evaluate";
import { RULE_IDS, RuleId, isRuleId } from "./pack";
import { PolicyReport, checkStack } from "./report";

export interface PolicyPackAspectProps {
  /**
   * Rules whose findings are listed but do not fail synth (the environment's `policy.warnings`).
   * @default - none: every rule fails synth
   */
  readonly warnings?: readonly RuleId[];
}

/** Where the report lands in cdk.tf.json: a `//` comment property, which Terraform ignores. */
export const POLICY_REPORT_KEY = "policy";

/**
 * Applies the policy pack to every stack it visits, cdk-nag style: one validation per stack that
 * resolves all of its resources once everything else (aspects included) has run, and returns
 * every unsuppressed error finding at once. The report (warnings and suppressions included) is
 * written into the stack's cdk.tf.json under `"//"."policy"` for the synth summary.
 */
export class PolicyPackAspect implements IAspect {
  private readonly warnings: readonly RuleId[];
  private readonly reports = new WeakMap<TerraformStack, PolicyReport>();
  private readonly stacks = new WeakSet<TerraformStack>();

  constructor(props: PolicyPackAspectProps = {}) {
    const unknown = (props.warnings ?? []).filter((id) => !isRuleId(id));
    if (unknown.length > 0) {
      throw new Error(`PolicyPackAspect: warnings has unknown rule ids ${unknown.join(", ")}; allowed: ${RULE_IDS.join(", ")}`);
    }
    this.warnings = props.warnings ?? [];
  }

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.stacks.has(node)) return;
    this.stacks.add(node);
    node.node.addValidation({ validate: () => this.validate(node) });
  }

  /** The report of the stack's last validation (undefined before synth). */
  reportFor(stack: TerraformStack): PolicyReport | undefined {
    return this.reports.get(stack);
  }

  private validate(stack: TerraformStack): string[] {
    const first = !this.reports.has(stack);
    const report = checkStack(stack, { warnings: this.warnings });
    this.reports.set(stack, report);
    if (first) this.annotate(stack, report);
    stack.addOverride(`//.${POLICY_REPORT_KEY}`, summaryOf(report, this.warnings));
    return report.errors.map((finding) => `policy violation ${describeFinding(finding)}`);
  }

  /** Warnings (one line per rule) and suppressions also reach the cdktf CLI's own output. */
  private annotate(stack: TerraformStack, report: PolicyReport): void {
    const byRule = new Map<string, string[]>();
    for (const finding of report.warnings) byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding.address]);
    for (const [ruleId, addresses] of byRule) {
      Annotations.of(stack).addWarning(`policy warning ${ruleId} (a warning in this environment) on ${addresses.length} resource(s): ${addresses.join(", ")}`);
    }
    for (const finding of report.suppressed) {
      Annotations.of(stack).addInfo(`policy suppression ${finding.ruleId} on ${finding.address}: ${finding.reason}`);
    }
    for (const unused of report.unusedSuppressions) {
      Annotations.of(stack).addWarning(`policy suppression of ${unused.ruleId} on ${unused.path} covers no finding; remove it`);
    }
  }
}

/** What the synth summary lists: the counts, every warning and every suppression with its reason. */
export interface PolicySummary {
  readonly rules: number;
  readonly warningRules: readonly RuleId[];
  readonly errors: number;
  readonly warnings: readonly { readonly ruleId: string; readonly address: string; readonly detail: string }[];
  readonly suppressions: readonly { readonly ruleId: string; readonly address: string; readonly reason: string }[];
  readonly unusedSuppressions: readonly { readonly ruleId: string; readonly path: string; readonly reason: string }[];
}

function summaryOf(report: PolicyReport, warningRules: readonly RuleId[]): PolicySummary {
  return {
    rules: RULE_IDS.length,
    warningRules,
    errors: report.errors.length,
    warnings: report.warnings.map(({ ruleId, address, detail }) => ({ ruleId, address, detail })),
    suppressions: report.suppressed.map(({ ruleId, address, reason }) => ({ ruleId, address, reason })),
    unusedSuppressions: report.unusedSuppressions.map(({ ruleId, path, reason }) => ({ ruleId, path, reason })),
  };
}
