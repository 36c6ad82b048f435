import { defineRule } from "../rule";
import type { ResourceView, StackView } from "../stack-view";
import { block, blocks } from "./blocks";

/** Resources that fail silently unless an alarm watches them: queues fill, workflows and functions fail. */
const WATCHED_TYPES = ["aws_sqs_queue", "aws_sfn_state_machine", "aws_lambda_function"];

/** The dimensions of an alarm's metric, or of each metric of a metric-math alarm. */
function dimensionsOf(alarm: ResourceView): unknown[] {
  const queries = blocks(alarm.config.metric_query);
  return [alarm.config.dimensions, ...queries.map((query) => block(query.metric)?.dimensions)].filter((dimensions) => dimensions !== undefined);
}

/** Whether some metric alarm's dimensions reference the resource (by Terraform reference, name or ARN). */
function watchedByAlarm(resource: ResourceView, stack: StackView): boolean {
  const nameAttribute = resource.type === "aws_lambda_function" ? "function_name" : "name";
  return stack
    .ofType("aws_cloudwatch_metric_alarm")
    .some((alarm) => dimensionsOf(alarm).some((dimensions) => stack.pointsAt(dimensions, resource, nameAttribute)));
}

export const cloudwatchAlarmCoverage = defineRule({
  id: "cloudwatch-alarm-coverage",
  source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Best_Practice_Recommended_Alarms_AWS_Services.html",
  explanation: "A dead-letter queue, workflow or function nobody is paged about fails silently: events wait in a queue until they expire.",
  fix: "Build it with the project's module (DeadLetterQueue, StateMachine, NodeFunction): the stack's Alarms construct then watches it.",
  resourceTypes: WATCHED_TYPES,
  check: (resource, stack) => (watchedByAlarm(resource, stack) ? [] : ["no aws_cloudwatch_metric_alarm has a dimension naming it"]),
});

export const CLOUDWATCH_RULES = [cloudwatchAlarmCoverage] as const;
