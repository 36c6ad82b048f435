import { wildcardSegments } from "../arns";
import { Statement, actionMatches, allowsAnyPrincipal, conditionKeys, isAllow, listOf, statementsOf } from "../documents";
import { defineRule } from "../rule";
import type { ResourceView } from "../stack-view";
import { blocks, statementName } from "./blocks";

/**
 * Actions that support no resource-level permissions: `Resource: "*"` is the only way to grant them.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html (vended log delivery)
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncomprehend.html (the detect APIs)
 */
export const ACTIONS_WITHOUT_RESOURCE_SCOPE = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  "xray:GetSamplingStatisticSummaries",
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
  "cloudwatch:PutMetricData",
  "sts:GetCallerIdentity",
  "comprehend:DetectSentiment",
] as const;

/** Managed policies that grant (almost) everything. */
const ADMIN_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/;

/** Identity policies (attached to a principal) held by each resource type. */
const IDENTITY_POLICIES: Readonly<Record<string, (config: ResourceView["config"]) => unknown[]>> = {
  aws_iam_role_policy: (c) => [c.policy],
  aws_iam_policy: (c) => [c.policy],
  aws_iam_user_policy: (c) => [c.policy],
  aws_iam_group_policy: (c) => [c.policy],
  aws_iam_role: (c) =>
    blocks(c.inline_policy)
      .map((inline) => inline.policy)
      .filter((policy) => policy !== undefined),
};
const IDENTITY_POLICY_TYPES = Object.keys(IDENTITY_POLICIES);

/** Runs `check` on every Allow statement of the resource's identity policies. */
function allowStatements(resource: ResourceView, check: (statement: Statement, name: string) => string[]): string[] {
  return IDENTITY_POLICIES[resource.type](resource.config).flatMap((policy) => {
    const statements = statementsOf(policy);
    if (!statements) return ["cannot read the policy document"];
    return statements.flatMap((statement, index) => (isAllow(statement) ? check(statement, statementName(statement, index)) : []));
  });
}

const isServiceWildcard = (action: string) => action === "*" || /^[a-z0-9-]+:\*$/i.test(action);

export const iamNoWildcardAction = defineRule({
  id: "iam-no-wildcard-action",
  source: "checkov CKV_AWS_63; cdk-nag AwsSolutions-IAM5",
  explanation: "`*` or `service:*` grants every action of a service, including ones added later; grant the actions used.",
  fix: "List the exact actions the code calls (the module's grant methods do), never `*`, `service:*` or NotAction.",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check: (resource) =>
    allowStatements(resource, (statement, name) => {
      if (statement.NotAction !== undefined) return [`${name} allows everything except NotAction`];
      const wildcards = listOf(statement.Action).map(String).filter(isServiceWildcard);
      return wildcards.length > 0 ? [`${name} allows ${wildcards.join(", ")}`] : [];
    }),
});

/** The statement's actions that accept resource ARNs (the rest can only be granted on `*`). */
function scopableActions(statement: Statement): string[] {
  return listOf(statement.Action)
    .map(String)
    .filter((action) => !ACTIONS_WITHOUT_RESOURCE_SCOPE.some((unscoped) => actionMatches(action, unscoped) && !action.includes("*")));
}

export const iamNoWildcardResource = defineRule({
  id: "iam-no-wildcard-resource",
  source: "checkov CKV_AWS_355; cdk-nag AwsSolutions-IAM5",
  explanation:
    '`Resource: "*"`, or an ARN left open by a wildcard in its partition, service, region, account or resource name (`table/*`, `arn:aws:iam::*:role/*`), lets the role touch every such resource.',
  fix: "Scope the statement to the resources' ARNs (a literal name or name prefix); keep `*` only for actions without resource-level permissions (X-Ray, log delivery).",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check: (resource) =>
    allowStatements(resource, (statement, name) => {
      if (statement.NotResource !== undefined) return [`${name} allows every resource except NotResource`];
      const scopable = scopableActions(statement);
      if (scopable.length === 0) return [];
      return listOf(statement.Resource)
        .map(String)
        .flatMap((arn) => {
          if (arn === "*") return [`${name} allows ${scopable.join(", ")} on Resource "*"`];
          const open = wildcardSegments(arn);
          return open.length > 0 ? [`${name} allows ${scopable.join(", ")} on ${arn}, open in its ${open.join(", ")}`] : [];
        });
    }),
});

/** Whether the statement allows iam:PassRole, by name, by wildcard or by leaving it out of NotAction. */
function passesRoles(statement: Statement): boolean {
  if (statement.NotAction !== undefined) return !listOf(statement.NotAction).some((action) => actionMatches(String(action), "iam:PassRole"));
  return listOf(statement.Action).some((action) => actionMatches(String(action), "iam:PassRole"));
}

export const iamPassRoleScoped = defineRule({
  id: "iam-pass-role-scoped",
  source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
  explanation: "iam:PassRole on roles it does not name, or to any service, lets the holder hand a more privileged role to a service it controls.",
  fix: "Name each role passed (its ARN, no wildcard) and add Condition StringEquals iam:PassedToService naming the service that receives it.",
  resourceTypes: IDENTITY_POLICY_TYPES,
  check: (resource) =>
    allowStatements(resource, (statement, name) => {
      if (!passesRoles(statement)) return [];
      const unnamed =
        statement.NotResource !== undefined
          ? ["NotResource"]
          : listOf(statement.Resource)
              .map(String)
              .filter((arn) => arn === "*" || (arn.startsWith("arn:") && /[*?]/.test(arn)));
      return [
        ...(unnamed.length > 0 ? [`${name} passes roles it does not name: ${unnamed.join(", ")}`] : []),
        ...(conditionKeys(statement).includes("iam:passedtoservice") ? [] : [`${name} allows iam:PassRole without an iam:PassedToService condition`]),
      ];
    }),
});

export const iamNoAdminAccess = defineRule({
  id: "iam-no-admin-access",
  source: "checkov CKV_AWS_274; cdk-nag AwsSolutions-IAM4",
  explanation: "AdministratorAccess (or PowerUserAccess, IAMFullAccess) turns any bug in the workload into an account takeover.",
  fix: "Remove the managed policy and grant the actions used on the resources used.",
  resourceTypes: [
    "aws_iam_role",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_role_policy_attachments_exclusive",
  ],
  check: (resource) => {
    const arns = [resource.config.policy_arn, ...listOf(resource.config.managed_policy_arns), ...listOf(resource.config.policy_arns)];
    return arns.filter((arn) => typeof arn === "string" && ADMIN_POLICY.test(arn)).map((arn) => `attaches ${arn}`);
  },
});

export const iamTrustNamedPrincipal = defineRule({
  id: "iam-trust-named-principal",
  source: "checkov CKV_AWS_60",
  explanation: "A trust policy open to `*` lets any AWS principal assume the role.",
  fix: "Trust one service (with aws:SourceAccount), one account or role ARN, or one federated provider (modules/service-role.ts).",
  resourceTypes: ["aws_iam_role"],
  check: (role) => {
    const statements = statementsOf(role.config.assume_role_policy);
    if (!statements) return ["cannot read the trust policy"];
    return statements.flatMap((statement, index) => {
      if (!isAllow(statement)) return [];
      const name = statementName(statement, index);
      if (statement.NotPrincipal !== undefined) return [`${name} trusts everyone except NotPrincipal`];
      if (statement.Principal === undefined) return [`${name} names no principal`];
      return allowsAnyPrincipal(statement) ? [`${name} trusts principal "*"`] : [];
    });
  },
});

export const IAM_RULES = [iamNoWildcardAction, iamNoWildcardResource, iamPassRoleScoped, iamNoAdminAccess, iamTrustNamedPrincipal] as const;
