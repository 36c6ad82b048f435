import { SNS_FILTER_POLICY_MAX_COMBINATIONS, SNS_FILTER_POLICY_MAX_KEYS } from "./aws-limits";

/** An SNS filter policy on the message body: keys to arrays of conditions, or to nested policies. */
export type FilterPolicy = Readonly<Record<string, unknown>>;

/**
 * Every way a message-body filter policy breaks SNS's limits: at most 5 top-level keys, values
 * that are arrays or nested policies, and at most 150 combinations, counted as SNS does for
 * nested policies (each array's length times its nesting depth, all multiplied).
 * @see https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html
 */
export function filterPolicyProblems(policy: FilterPolicy): string[] {
  const problems: string[] = [];
  const keys = Object.keys(policy);
  if (keys.length === 0 || keys.length > SNS_FILTER_POLICY_MAX_KEYS) {
    problems.push(`has ${keys.length} keys; allowed: 1 to ${SNS_FILTER_POLICY_MAX_KEYS}`);
  }
  let combinations = 1;
  const visit = (node: FilterPolicy, depth: number, at: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(value)) {
        combinations *= value.length * depth;
      } else if (typeof value === "object" && value !== null) {
        visit(value as FilterPolicy, depth + 1, `${at}${key}.`);
      } else {
        problems.push(`key "${at}${key}" is ${JSON.stringify(value)}; allowed: an array of conditions or a nested policy`);
      }
    }
  };
  visit(policy, 1, "");
  if (combinations > SNS_FILTER_POLICY_MAX_COMBINATIONS) {
    problems.push(`has ${combinations} combinations of values; allowed: at most ${SNS_FILTER_POLICY_MAX_COMBINATIONS}`);
  }
  return problems;
}
