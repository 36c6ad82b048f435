import { MAX_TARGETS_PER_RULE } from "../../modules/aws-limits";
import { allowsAnyPrincipal, isAllow, statementsOf } from "../documents";
import { defineRule } from "../rule";
import type { ResourceView } from "../stack-view";
import { block, isSet, statementName } from "./blocks";

const TARGETS = ["aws_cloudwatch_event_target"];

export const eventsTargetDlq = defineRule({
  id: "events-target-dlq",
  source: "cdk-nag Serverless-EventBusDLQ",
  explanation: "An event EventBridge still cannot deliver after its retries is dropped, unless the target has a dead-letter queue.",
  fix: "Attach targets with EventRule.addTarget (modules/rule-target.ts), which gives each its own SQS DLQ; or set dead_letter_config.arn.",
  resourceTypes: TARGETS,
  check: (target) => (isSet(block(target.config.dead_letter_config)?.arn) ? [] : ["the target has no dead_letter_config"]),
});

export const eventsTargetRetryPolicy = defineRule({
  id: "events-target-retry-policy",
  source: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html",
  explanation: "Without an explicit retry policy a target gets EventBridge's default (185 attempts over 24 hours), which nobody chose for it.",
  fix: "Set retry_policy with maximum_retry_attempts and maximum_event_age_in_seconds (delivery.retry in the environment config).",
  resourceTypes: TARGETS,
  check: (target) => {
    const policy = block(target.config.retry_policy);
    const missing = ["maximum_retry_attempts", "maximum_event_age_in_seconds"].filter((field) => !isSet(policy?.[field]));
    return missing.length === 0 ? [] : [`retry_policy lacks ${missing.join(" and ")}`];
  },
});

export const eventsRuleMaxTargets = defineRule({
  id: "events-rule-max-targets",
  source: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html",
  explanation: `EventBridge accepts at most ${MAX_TARGETS_PER_RULE} targets per rule; a plan with more fails at apply time.`,
  fix: `Split the targets over several rules with the same pattern, at most ${MAX_TARGETS_PER_RULE} each.`,
  resourceTypes: ["aws_cloudwatch_event_rule"],
  check: (rule, stack) => {
    const bus = (resource: ResourceView) => resource.config.event_bus_name ?? "default";
    const targets = stack
      .ofType(...TARGETS)
      .filter((target) => stack.referencedIn(target.config.rule).includes(rule) || (target.config.rule === rule.config.name && bus(target) === bus(rule)));
    return targets.length > MAX_TARGETS_PER_RULE ? [`the rule has ${targets.length} targets`] : [];
  },
});

export const eventsBusPolicyOpenPrincipal = defineRule({
  id: "events-bus-policy-no-open-principal",
  source: "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html",
  explanation: "A bus policy allowing `*` without a condition lets any AWS account put events on the bus.",
  fix: "Name the accounts or roles allowed (eventBuses.putEventsPrincipals), or add a condition such as aws:PrincipalOrgID.",
  resourceTypes: ["aws_cloudwatch_event_bus_policy", "aws_cloudwatch_event_permission"],
  check: (resource) => {
    if (resource.type === "aws_cloudwatch_event_permission") {
      return resource.config.principal === "*" && !block(resource.config.condition) ? ['principal is "*" without a condition'] : [];
    }
    const statements = statementsOf(resource.config.policy);
    if (!statements) return ["cannot read the policy document"];
    return statements.flatMap((statement, index) =>
      isAllow(statement) && allowsAnyPrincipal(statement) && Object.keys(statement.Condition ?? {}).length === 0
        ? [`${statementName(statement, index)} allows principal "*" without a condition`]
        : [],
    );
  },
});

export const EVENTBRIDGE_RULES = [eventsTargetDlq, eventsTargetRetryPolicy, eventsRuleMaxTargets, eventsBusPolicyOpenPrincipal] as const;
