import type { TerraformStack } from "cdktf";
import { evaluate } from "./evaluate";
import type { RuleId } from "./pack";
import { resolveStack } from "./resolve";
import type { Finding } from "./rule";
import { Suppression, ownSuppressions, suppressionsCovering } from "./suppressions";

export interface SuppressedFinding extends Finding {
  readonly reason: string;
  /** Where the suppression was made (the resource or one of its scopes). */
  readonly suppressedAt: string;
}

/** What the pack found in one stack, sorted into what fails synth and what does not. */
export interface PolicyReport {
  readonly stack: string;
  /** Unsuppressed findings of rules that are errors: synth fails on these. */
  readonly errors: readonly Finding[];
  /** Unsuppressed findings of rules the environment marks as warnings. */
  readonly warnings: readonly Finding[];
  /** Findings a suppression covers, with its reason. */
  readonly suppressed: readonly SuppressedFinding[];
  /** Suppressions that cover no finding (stale: the rule passes there now). */
  readonly unusedSuppressions: readonly Suppression[];
}

export interface PolicyOptions {
  /** Rules whose findings are reported but do not fail synth. @default - none: every rule is an error */
  readonly warnings?: readonly RuleId[];
}

/** Runs the whole pack on a stack's resolved resources and applies suppressions and warnings. */
export function checkStack(stack: TerraformStack, options: PolicyOptions = {}): PolicyReport {
  const { view, constructs } = resolveStack(stack);
  const warningRules = new Set<string>(options.warnings ?? []);
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = new Set<string>();
  const suppressionsByAddress = new Map([...constructs].map(([address, construct]) => [address, suppressionsCovering(construct)]));
  for (const finding of evaluate(view)) {
    const suppression = suppressionsByAddress.get(finding.address)?.find((candidate) => candidate.ruleId === finding.ruleId);
    if (suppression) {
      used.add(suppressionKey(suppression));
      suppressed.push({ ...finding, reason: suppression.reason, suppressedAt: suppression.path });
    } else {
      (warningRules.has(finding.ruleId) ? warnings : errors).push(finding);
    }
  }
  const unusedSuppressions = stack.node
    .findAll()
    .flatMap(ownSuppressions)
    .filter((candidate) => !used.has(suppressionKey(candidate)));
  return { stack: stack.node.path, errors, warnings, suppressed, unusedSuppressions };
}

const suppressionKey = (suppression: Suppression) => `${suppression.path}\n${suppression.ruleId}`;
