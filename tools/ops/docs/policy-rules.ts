/** The rule list of docs/policy-pack.md, from the pack itself (what `npm run policy -- --list` prints). */
import type { PolicyRule } from "../../../policy/rule";
import { code, markdownTable } from "./markdown";

export function policyRuleTable(rules: readonly PolicyRule[]): string {
  const rows = rules.map((rule) => [code(rule.id), rule.source, rule.explanation, rule.fix, rule.resourceTypes.map(code).join(", ")]);
  return `${rules.length} rules.\n\n${markdownTable(["id", "source", "why", "fix", "checks"], rows)}`;
}
