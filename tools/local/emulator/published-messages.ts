import { request } from "node:https";
import { ClientOptions, clientAgent } from "./emulator";

/** A message published to an SNS topic, as the emulator recorded it. */
export interface PublishedMessage {
  readonly messageId: string;
  readonly message: string;
  readonly subject: string | null;
  readonly messageAttributes: Record<string, unknown>;
  readonly messageGroupId: string | null;
}

/** An SMS sent through SNS `Publish` with a `PhoneNumber`, as the emulator recorded it. */
export interface SentSms {
  readonly messageId: string;
  readonly message: string;
  readonly phoneNumber: string;
}

/**
 * Every message published to `topicArn`, oldest first, whether or not a subscriber could receive
 * it: the emulator's own record (`/_emulator/sns-published`), not an AWS API. Against AWS, read
 * the same from an SQS queue subscribed to the topic.
 */
export async function publishedToTopic(endpoint: string, topicArn: string, options: ClientOptions = {}): Promise<PublishedMessage[]> {
  return (await published(endpoint, `topicArn=${encodeURIComponent(topicArn)}`, options)) as PublishedMessage[];
}

/** Every SMS the emulator's SNS was asked to send to `phoneNumber`, oldest first. */
export async function sentAsSms(endpoint: string, phoneNumber: string, options: ClientOptions = {}): Promise<SentSms[]> {
  return (await published(endpoint, `phoneNumber=${encodeURIComponent(phoneNumber)}`, options)) as SentSms[];
}

function published(endpoint: string, query: string, options: ClientOptions): Promise<unknown[]> {
  const url = `${endpoint}/_emulator/sns-published?${query}`;
  return new Promise((resolve, reject) => {
    const call = request(url, { method: "GET", agent: clientAgent(options) }, (response) => {
      let text = "";
      response.on("data", (chunk: Buffer) => (text += chunk.toString()));
      response.on("end", () => {
        if (response.statusCode === 200) return resolve((JSON.parse(text) as { messages: unknown[] }).messages);
        reject(new Error(`${url} answered ${response.statusCode}: ${text}`));
      });
    });
    call.on("error", reject);
    call.end();
  });
}
