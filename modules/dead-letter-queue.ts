import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { SQS_MESSAGE_RETENTION_SECONDS, SQS_QUEUE_NAME_MAX_LENGTH, assertIntegerInRange, assertNameLength } from "./aws-limits";
import type { Watched, WatchedResource } from "./monitoring/watched";
import { PolicyStatement, denyInsecureTransport, policyDocument, renderPolicy } from "./policy-document";

/** A service resource allowed to send its failed deliveries to the queue. */
export interface DeadLetterSender {
  /** Service principal, e.g. `events.amazonaws.com`. */
  readonly service: string;
  /** The one resource (rule, topic, ...) whose failures may land here. */
  readonly sourceArn: string;
}

export interface DeadLetterQueueProps {
  readonly name: string;
  /** Seconds a failed message is kept for inspection and redrive. */
  readonly retentionSeconds: number;
  /**
   * A service that delivers with its own principal and needs the queue policy to admit it.
   * @default - none: only identity-based senders (e.g. a Lambda destination, which sends with the function's role)
   */
  readonly sender?: DeadLetterSender;
}

/** An encrypted, TLS-only SQS queue that at most one named service source may write to. */
export class DeadLetterQueue extends Construct implements Watched {
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly queueName: string;
  /** Ops are paged while failed messages wait here (modules/monitoring). */
  readonly watched: WatchedResource;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    assertNameLength(this.node.path, "name", props.name, SQS_QUEUE_NAME_MAX_LENGTH);
    assertIntegerInRange(this.node.path, "retentionSeconds", props.retentionSeconds, SQS_MESSAGE_RETENTION_SECONDS);

    const queue = new SqsQueue(this, "Resource", {
      name: props.name,
      messageRetentionSeconds: props.retentionSeconds,
      sqsManagedSseEnabled: true,
    });
    new SqsQueuePolicy(this, "Policy", {
      queueUrl: queue.url,
      policy: renderPolicy(policyDocument(...(props.sender ? [allowOnly(props.sender, queue.arn)] : []), denyInsecureTransport(queue.arn, "sqs:*"))),
    });
    this.queueArn = queue.arn;
    this.queueUrl = queue.url;
    this.queueName = queue.name;
    this.watched = { kind: "queue", dimensions: { QueueName: queue.name }, label: props.name, arn: this.queueArn };
  }
}

function allowOnly(sender: DeadLetterSender, queueArn: string): PolicyStatement {
  return {
    Sid: "AllowOnlyTheSource",
    Effect: "Allow",
    Principal: { Service: sender.service },
    Action: "sqs:SendMessage",
    Resource: queueArn,
    Condition: { ArnEquals: { "aws:SourceArn": sender.sourceArn } },
  };
}
