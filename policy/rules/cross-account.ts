import { accountOfArn, accountOfPrincipal } from "../arns";
import { Statement, isAllow, listOf, statementsOf } from "../documents";
import { defineRule } from "../rule";
import type { ResourceView, StackView } from "../stack-view";
import { block, statementName } from "./blocks";

/** Resource policies (and trust policies: a role's resource policy) by the argument that holds them. */
const RESOURCE_POLICIES: Readonly<Record<string, (config: ResourceView["config"]) => unknown>> = {
  aws_sqs_queue_policy: (c) => c.policy,
  aws_sqs_queue: (c) => c.policy,
  aws_sns_topic_policy: (c) => c.policy,
  aws_sns_topic: (c) => c.policy,
  aws_cloudwatch_event_bus_policy: (c) => c.policy,
  aws_kms_key: (c) => c.policy,
  aws_s3_bucket_policy: (c) => c.policy,
  aws_secretsmanager_secret_policy: (c) => c.policy,
  aws_cloudwatch_log_resource_policy: (c) => c.policy_document,
  aws_iam_role: (c) => c.assume_role_policy,
};

/** The accounts a statement's own resources live in: the stack's, or else those its literal ARNs name. */
function ownAccounts(statement: Statement, stack: StackView): string[] {
  if (stack.accountIds.length > 0) return [...stack.accountIds];
  return listOf(statement.Resource).flatMap((arn) => accountOfArn(String(arn)) ?? []);
}

function foreignPrincipals(statement: Statement, own: readonly string[]): string[] {
  const principal = statement.Principal as { AWS?: unknown } | undefined;
  if (!principal || typeof principal !== "object") return [];
  return listOf(principal.AWS)
    .map(String)
    .filter((name) => {
      const account = accountOfPrincipal(name);
      return account !== undefined && !own.includes(account);
    });
}

const hasCondition = (statement: Statement) => Object.values(statement.Condition ?? {}).some((block) => Object.keys(block ?? {}).length > 0);

function policyFindings(policy: unknown, stack: StackView): string[] {
  if (policy === undefined) return [];
  const statements = statementsOf(policy);
  if (!statements) return ["cannot read the policy document"];
  return statements.flatMap((statement, index) => {
    if (!isAllow(statement) || hasCondition(statement)) return [];
    const own = ownAccounts(statement, stack);
    if (own.length === 0) return [];
    const foreign = foreignPrincipals(statement, own);
    return foreign.length > 0 ? [`${statementName(statement, index)} admits ${foreign.join(", ")} (another account) without a condition`] : [];
  });
}

/** Permission resources name one principal and carry conditions as arguments, not as a document. */
function permissionFindings(permission: ResourceView, stack: StackView): string[] {
  const account = accountOfPrincipal(String(permission.config.principal ?? ""));
  if (account === undefined || stack.accountIds.length === 0 || stack.accountIds.includes(account)) return [];
  const conditioned =
    permission.type === "aws_cloudwatch_event_permission"
      ? block(permission.config.condition) !== undefined
      : ["source_arn", "source_account", "principal_org_id"].some((argument) => permission.config[argument] !== undefined);
  return conditioned ? [] : [`admits account ${account} (another account) without a condition`];
}

export const resourcePolicyCrossAccountCondition = defineRule({
  id: "resource-policy-cross-account-condition",
  source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
  explanation: "A resource or trust policy admitting another account with no condition trusts everything in that account, for every action granted.",
  fix: "Add a condition (aws:PrincipalOrgID, aws:SourceArn, aws:PrincipalArn or sts:ExternalId) or admit only this environment's own account.",
  resourceTypes: [...Object.keys(RESOURCE_POLICIES), "aws_cloudwatch_event_permission", "aws_lambda_permission"],
  check: (resource, stack) => {
    const policyOf = RESOURCE_POLICIES[resource.type];
    return policyOf ? policyFindings(policyOf(resource.config), stack) : permissionFindings(resource, stack);
  },
});

export const CROSS_ACCOUNT_RULES = [resourcePolicyCrossAccountCondition] as const;
