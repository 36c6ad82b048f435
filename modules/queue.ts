import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Fn, Lazy } from "cdktf";
import { Construct } from "constructs";
import { SQS_MAX_RECEIVE_COUNT, SQS_MESSAGE_RETENTION_SECONDS, SQS_QUEUE_NAME_MAX_LENGTH, assertIntegerInRange, assertNameLength } from "./aws-limits";
import { DeadLetterQueue } from "./dead-letter-queue";
import type { Watched, WatchedResource } from "./monitoring/watched";
import { PolicyStatement, denyInsecureTransport, policyDocument, renderPolicy } from "./policy-document";

export interface QueueProps {
  readonly name: string;
  /** Seconds a message is kept. @see SQS_MESSAGE_RETENTION_SECONDS */
  readonly retentionSeconds: number;
  /** Receives before a message moves to the queue's own DLQ. @see SQS_MAX_RECEIVE_COUNT */
  readonly maxReceiveCount: number;
  /** Seconds a message that keeps failing is kept in the DLQ. */
  readonly deadLetterRetentionSeconds: number;
}

/**
 * An encrypted, TLS-only SQS queue for consumers, with its own DLQ (a poison message moves there
 * after `maxReceiveCount` receives). Only the EventBridge rules passed to `grantSendFromRule` may send.
 */
export class Queue extends Construct implements Watched {
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly deadLetterQueue: DeadLetterQueue;
  /** Consumers falling behind page ops (modules/monitoring); its DLQ is watched on its own. */
  readonly watched: WatchedResource;
  private readonly senderRuleArns: string[] = [];

  constructor(scope: Construct, id: string, props: QueueProps) {
    super(scope, id);
    assertNameLength(this.node.path, "name", props.name, SQS_QUEUE_NAME_MAX_LENGTH);
    assertIntegerInRange(this.node.path, "retentionSeconds", props.retentionSeconds, SQS_MESSAGE_RETENTION_SECONDS);
    assertIntegerInRange(this.node.path, "maxReceiveCount", props.maxReceiveCount, SQS_MAX_RECEIVE_COUNT);
    this.deadLetterQueue = new DeadLetterQueue(this, "DeadLetterQueue", { name: `${props.name}-dlq`, retentionSeconds: props.deadLetterRetentionSeconds });
    const queue = new SqsQueue(this, "Resource", {
      name: props.name,
      messageRetentionSeconds: props.retentionSeconds,
      sqsManagedSseEnabled: true,
      redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: this.deadLetterQueue.queueArn, maxReceiveCount: props.maxReceiveCount }),
    });
    this.queueArn = queue.arn;
    this.queueUrl = queue.url;
    this.watched = { kind: "work-queue", dimensions: { QueueName: queue.name }, label: props.name, arn: this.queueArn };
    new SqsQueuePolicy(this, "Policy", {
      queueUrl: queue.url,
      policy: Lazy.stringValue({
        produce: () =>
          renderPolicy(policyDocument(...(this.senderRuleArns.length > 0 ? [this.sendFromRules()] : []), denyInsecureTransport(this.queueArn, "sqs:*"))),
      }),
    });
  }

  /** Lets an EventBridge rule deliver to this queue; nothing else may send. */
  grantSendFromRule(rule: { readonly ruleArn: string }): void {
    this.senderRuleArns.push(rule.ruleArn);
  }

  private sendFromRules(): PolicyStatement {
    return {
      Sid: "AllowOnlyTheRules",
      Effect: "Allow",
      Principal: { Service: "events.amazonaws.com" },
      Action: "sqs:SendMessage",
      Resource: this.queueArn,
      Condition: { ArnEquals: { "aws:SourceArn": [...this.senderRuleArns] } },
    };
  }
}
