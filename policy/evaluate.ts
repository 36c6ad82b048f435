import { POLICY_PACK, RuleId, ruleById } from "./pack";
import type { Finding, PolicyRule } from "./rule";
import type { StackView } from "./stack-view";

/** Every finding of every rule on every resource it applies to, in pack order. */
export function evaluate(view: StackView, rules: readonly PolicyRule[] = POLICY_PACK): Finding[] {
  return rules.flatMap((rule) =>
    view
      .ofType(...rule.resourceTypes)
      .flatMap((resource) => rule.check(resource, view).map((detail) => ({ ruleId: rule.id, address: resource.address, path: resource.path, detail }))),
  );
}

/** One line per finding: rule id, address, construct path, what is wrong, why it matters, how to fix it. */
export function describeFinding(finding: Finding): string {
  const rule = ruleById(finding.ruleId as RuleId);
  return `${finding.ruleId}: ${finding.address} (${finding.path}): ${finding.detail}. Why: ${rule.explanation} Fix: ${rule.fix}`;
}
