import type { PolicyRule } from "./rule";
import { RULE_IDS, RuleId } from "./rule-ids";
import { API_GATEWAY_RULES } from "./rules/api-gateway";
import { APPSYNC_RULES } from "./rules/appsync";
import { CROSS_ACCOUNT_RULES } from "./rules/cross-account";
import { CLOUDWATCH_RULES } from "./rules/cloudwatch";
import { DYNAMODB_RULES } from "./rules/dynamodb";
import { EVENTBRIDGE_RULES } from "./rules/eventbridge";
import { IAM_RULES } from "./rules/iam";
import { KMS_RULES } from "./rules/kms";
import { LAMBDA_RULES } from "./rules/lambda";
import { LOGS_RULES } from "./rules/logs";
import { S3_RULES } from "./rules/s3";
import { SNS_RULES } from "./rules/sns";
import { SQS_RULES } from "./rules/sqs";
import { STEP_FUNCTIONS_RULES } from "./rules/step-functions";

/** Every rule every stack must pass, grouped by service. */
export const POLICY_PACK = [
  ...EVENTBRIDGE_RULES,
  ...SNS_RULES,
  ...SQS_RULES,
  ...STEP_FUNCTIONS_RULES,
  ...LAMBDA_RULES,
  ...APPSYNC_RULES,
  ...API_GATEWAY_RULES,
  ...DYNAMODB_RULES,
  ...LOGS_RULES,
  ...IAM_RULES,
  ...CROSS_ACCOUNT_RULES,
  ...KMS_RULES,
  ...S3_RULES,
  ...CLOUDWATCH_RULES,
] as const;

type PackRuleId = (typeof POLICY_PACK)[number]["id"];
// Fails the type check when a rule's id is missing from rule-ids.ts, or an id there has no rule.
const SAME_IDS: [PackRuleId] extends [RuleId] ? ([RuleId] extends [PackRuleId] ? true : never) : never = true;
void SAME_IDS;

export { RULE_IDS };
export type { RuleId };

export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}

export function ruleById(id: RuleId): PolicyRule<RuleId> {
  return POLICY_PACK.find((rule) => rule.id === id)!;
}
