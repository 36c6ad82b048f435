import type { ResourceView, StackView } from "./stack-view";

/**
 * A policy rule: a pure function of one resource (and the stack around it) returning what is
 * wrong with it, in the words of a finding's detail; an empty list means compliant.
 */
export interface PolicyRule<Id extends string = string> {
  /** Stable id used by suppressions and config warnings, e.g. `sqs-queue-encrypted`. */
  readonly id: Id;
  /** Where the rule comes from: a checkov / cdk-nag id or an AWS documentation page. */
  readonly source: string;
  /** Why it matters, in one line. */
  readonly explanation: string;
  /** How to comply, in one line. */
  readonly fix: string;
  /** Terraform resource types the rule looks at. */
  readonly resourceTypes: readonly string[];
  readonly check: (resource: ResourceView, stack: StackView) => readonly string[];
}

/** Keeps the id's literal type, so the pack's ids form a union (`RuleId`). */
export function defineRule<const Id extends string>(rule: PolicyRule<Id>): PolicyRule<Id> {
  return rule;
}

/** A rule's verdict on one resource. */
export interface Finding {
  readonly ruleId: string;
  /** Terraform address, e.g. `aws_sqs_queue.OrderFlow_Failures_1A2B3C4D`. */
  readonly address: string;
  /** Construct path of the resource. */
  readonly path: string;
  /** What exactly is wrong with this resource. */
  readonly detail: string;
}
