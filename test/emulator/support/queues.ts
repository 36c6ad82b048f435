import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, Message, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { eventually } from "./context";

/** A new queue: its URL and ARN. */
export async function newQueue(sqs: SQSClient, name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  return { url: QueueUrl!, arn: Attributes!.QueueArn! };
}

/** The URL of a queue named in an ARN. */
export async function queueUrlOf(sqs: SQSClient, queueArn: string): Promise<string> {
  const [, , , , account, name] = queueArn.split(":");
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: account }))).QueueUrl!;
}

/**
 * Waits for the first message for which `wanted` holds (others are left in flight), with its attributes.
 * `T` is the body the queue's sender writes: parsed JSON, not checked here.
 */
export function messageWhere<T>(
  sqs: SQSClient,
  queueUrl: string,
  what: string,
  wanted: (body: T) => boolean,
  timeoutMs = 20_000,
): Promise<Message & { body: T }> {
  return eventually(
    what,
    async () => {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ["All"], VisibilityTimeout: 0 }),
      );
      const found = Messages.map((message) => ({ ...message, body: JSON.parse(message.Body!) as T })).find((message) => wanted(message.body));
      return found;
    },
    timeoutMs,
  );
}
