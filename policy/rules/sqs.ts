import { readJsonDocument } from "../hcl";
import { defineRule } from "../rule";
import type { ResourceView, StackView } from "../stack-view";
import { block, isSet, isTrue } from "./blocks";
import { policiesOf, tlsOnlyFindings, unscopedGrants } from "./resource-policies";

const QUEUE_POLICIES = ["aws_sqs_queue_policy"];

/** The one field of a redrive policy (a JSON string argument) the rules read. */
interface RedrivePolicy {
  readonly deadLetterTargetArn?: unknown;
}

/** The dead-letter target a `redrive_policy` argument names, if it can be read. */
function deadLetterTargetOf(redrivePolicy: unknown): unknown {
  return (readJsonDocument(redrivePolicy) as RedrivePolicy | undefined)?.deadLetterTargetArn;
}

/** Where other resources name a queue as the place their failures go. */
const DEAD_LETTER_ARGUMENTS: Readonly<Record<string, (config: ResourceView["config"]) => unknown>> = {
  aws_cloudwatch_event_target: (c) => block(c.dead_letter_config)?.arn,
  aws_cloudwatch_event_bus: (c) => block(c.dead_letter_config)?.arn,
  aws_scheduler_schedule: (c) => block(block(c.target)?.dead_letter_config)?.arn,
  aws_sns_topic_subscription: (c) => deadLetterTargetOf(c.redrive_policy),
  aws_sqs_queue: (c) => deadLetterTargetOf(c.redrive_policy),
  aws_sqs_queue_redrive_policy: (c) => deadLetterTargetOf(c.redrive_policy),
  aws_lambda_function: (c) => block(c.dead_letter_config)?.target_arn,
  aws_lambda_function_event_invoke_config: (c) => block(block(c.destination_config)?.on_failure)?.destination,
  aws_lambda_event_source_mapping: (c) => block(block(c.destination_config)?.on_failure)?.destination_arn,
};

/** The resources that send their failures to `queue`. */
function deadLetterSources(queue: ResourceView, stack: StackView): ResourceView[] {
  return stack.resources.filter((resource) => {
    const argument = DEAD_LETTER_ARGUMENTS[resource.type]?.(resource.config);
    return resource !== queue && isSet(argument) && stack.pointsAt(argument, queue);
  });
}

function hasRedrivePolicy(queue: ResourceView, stack: StackView): boolean {
  if (isSet(deadLetterTargetOf(queue.config.redrive_policy))) return true;
  return stack
    .ofType("aws_sqs_queue_redrive_policy")
    .some((policy) => stack.pointsAt(policy.config.queue_url, queue) && isSet(deadLetterTargetOf(policy.config.redrive_policy)));
}

export const sqsQueueEncrypted = defineRule({
  id: "sqs-queue-encrypted",
  source: "checkov CKV_AWS_27; cdk-nag AwsSolutions-SQS2",
  explanation: "Failed events and messages at rest hold order data; the queue must encrypt them.",
  fix: "Set sqs_managed_sse_enabled = true, or kms_master_key_id (modules/dead-letter-queue.ts does the former).",
  resourceTypes: ["aws_sqs_queue"],
  check: (queue) => (isTrue(queue.config.sqs_managed_sse_enabled) || isSet(queue.config.kms_master_key_id) ? [] : ["the queue is not encrypted"]),
});

export const sqsQueueDlq = defineRule({
  id: "sqs-queue-dlq",
  source: "cdk-nag AwsSolutions-SQS3; cdk-nag Serverless-SQSRedrivePolicy",
  explanation: "A queue that is not itself a dead-letter queue needs one, or a poison message is retried until it expires and is lost.",
  fix: "Give the queue a redrive_policy to a DLQ, or use it only as a DLQ (a target's dead_letter_config, a subscription's or queue's redrive policy, a Lambda on-failure destination).",
  resourceTypes: ["aws_sqs_queue"],
  check: (queue, stack) =>
    hasRedrivePolicy(queue, stack) || deadLetterSources(queue, stack).length > 0 ? [] : ["the queue is neither a dead-letter queue nor has a redrive_policy"],
});

export const sqsQueueTlsOnly = defineRule({
  id: "sqs-queue-tls-only",
  source: "cdk-nag AwsSolutions-SQS4",
  explanation: "Unless the queue policy denies requests without TLS, messages can be sent and read in clear text.",
  fix: "Attach a queue policy with a Deny of sqs:* when aws:SecureTransport is false (denyInsecureTransport in modules/policy-document.ts).",
  resourceTypes: ["aws_sqs_queue"],
  check: (queue, stack) => tlsOnlyFindings(policiesOf(queue, stack, QUEUE_POLICIES, "queue_url"), "sqs:SendMessage"),
});

export const sqsQueuePolicyScoped = defineRule({
  id: "sqs-queue-policy-scoped",
  source: "checkov CKV_AWS_168",
  explanation: "A queue policy granting `*` or a service without a source condition lets other accounts' resources send to or read the queue.",
  fix: "Add Condition ArnEquals aws:SourceArn naming the one rule, topic or resource allowed (DeadLetterQueue's `sender` does).",
  resourceTypes: ["aws_sqs_queue_policy", "aws_sqs_queue"],
  check: (resource) => (resource.config.policy === undefined ? [] : unscopedGrants(resource.config.policy)),
});

export const SQS_RULES = [sqsQueueEncrypted, sqsQueueDlq, sqsQueueTlsOnly, sqsQueuePolicyScoped] as const;
