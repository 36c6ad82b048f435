import { Construct } from "constructs";
import type { TargetRule } from "../rule-target";
import { ServiceRole } from "../service-role";

/**
 * The role EventBridge assumes for targets without a resource policy (state machines, AppSync),
 * named after the rule (`<resource name prefix>-rule`) and trusted by EventBridge of one account only.
 */
export function ruleRole(scope: Construct, rule: TargetRule, accountId: string, description: string): ServiceRole {
  return new ServiceRole(scope, "Role", {
    name: `${rule.resourceNamePrefix}-rule`,
    service: "events.amazonaws.com",
    sourceAccount: accountId,
    description,
  });
}
