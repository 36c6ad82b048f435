import { environments } from "../../../envs";

/**
 * Resource types whose delete or replace loses data or breaks what depends on their identity.
 * Replacing one is a delete followed by a create: the new one starts empty.
 * Log groups are included: audit and workflow logs are history we keep for retention periods.
 * Not included: rules, targets, roles, policies, functions, state machines, topics and APIs
 * (recreated from code with nothing lost but in-flight traffic, which the diagram shows).
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  aws_dynamodb_table: "every item in the table (order status, idempotency records)",
  aws_cloudwatch_event_bus: "the bus, its archives and the events in flight; producers' PutEvents fail until it is back",
  aws_cloudwatch_event_archive: "every archived event (replay history)",
  aws_sqs_queue: "every message waiting in the queue (dead letters to redrive)",
  aws_s3_bucket: "every object in the bucket (Terraform state and its versions)",
  aws_kms_key: "everything encrypted with the key becomes unreadable once the key is deleted",
  aws_cloudwatch_log_group: "every log event in the group (audit trail, execution history)",
};

export function isStateful(type: string): boolean {
  return Object.hasOwn(STATEFUL_TYPES, type);
}

/** Environments where a stateful delete or replace is blocked unless explicitly allowed (`planReview` in envs/). */
export const PROTECTED_ENVIRONMENTS: readonly string[] = environments.filter((env) => env.planReview.blockStatefulChanges).map((env) => env.name);
