import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { SFNClient } from "@aws-sdk/client-sfn";
import { REVIEW_ANALYSED, REVIEW_CASE_CLOSED, REVIEW_SOURCE, REVIEW_SUBMITTED, ReviewData, Sentiment } from "../../reviews/events/reviews";
import { CaseClients, ReviewCase, getCase, resolveCase } from "../ops/reviews/cases";
import { awsClientConfig } from "./emulator/emulator";
import { publishedToTopic } from "./emulator/published-messages";
import { waitFor } from "./tour-wait";

export interface ReviewsTourOutputs {
  readonly reviews_bus_name: string;
  readonly reviews_table_name: string;
  readonly review_cases_table_name: string;
  readonly review_thank_you_topic_arn: string;
  readonly reviews_audit_log_group: string;
}

type TourReview = Omit<ReviewData, "review-id">;

/** The emulator's sentiment rule reads these words (docs/local-emulator.md, "Sentiment rule"). */
const POSITIVE_REVIEW: TourReview = {
  "subject-type": "product",
  "subject-id": "chair-42",
  rating: 5,
  text: "Great chair, I love it. Thanks!",
  reviewer: { email: "happy.reviewer@example.com" },
};
const NEGATIVE_REVIEW: TourReview = {
  "subject-type": "order",
  "subject-id": "order-1001",
  rating: 1,
  text: "The chair arrived broken and the legs are missing. Terrible.",
  reviewer: { email: "unhappy.reviewer@example.com" },
};
const AGENT = "npm-start";

interface Clients extends CaseClients {
  readonly events: EventBridgeClient;
  readonly logs: CloudWatchLogsClient;
}

/**
 * Submits one positive and one negative review to the deployed reviews bus and prints where each
 * went: the sentiment ReviewAnalysis recorded; for the positive one the thank-you published to the
 * thank-you topic (the emulator's record: nobody receives it locally); for the negative one the
 * open case, which is then resolved as an agent does (resolveCase, SendTaskSuccess with the
 * case's task token) and shown closed; and each review's events in the audit log. Returns false
 * when a review did not get where it should.
 */
export async function runReviewsTour(endpoint: string, outputs: ReviewsTourOutputs): Promise<boolean> {
  const config = awsClientConfig(endpoint);
  const clients: Clients = {
    events: new EventBridgeClient(config),
    dynamodb: new DynamoDBClient(config),
    sfn: new SFNClient(config),
    logs: new CloudWatchLogsClient(config),
  };
  const runId = Date.now().toString(36);
  const positive = `review-positive-${runId}`;
  const negative = `review-negative-${runId}`;
  await submit(clients, outputs, { ...POSITIVE_REVIEW, "review-id": positive }, { ...NEGATIVE_REVIEW, "review-id": negative });
  const thanked = await followPositive(clients, outputs, endpoint, positive);
  const resolved = await followNegative(clients, outputs, negative);
  return thanked && resolved;
}

async function submit(clients: Clients, outputs: ReviewsTourOutputs, ...reviews: ReviewData[]): Promise<void> {
  const { FailedEntryCount } = await clients.events.send(
    new PutEventsCommand({
      Entries: reviews.map((review) => ({
        EventBusName: outputs.reviews_bus_name,
        Source: REVIEW_SOURCE,
        DetailType: REVIEW_SUBMITTED,
        Detail: JSON.stringify({ metadata: { "idempotency-key": review["review-id"] }, data: review }),
      })),
    }),
  );
  if (FailedEntryCount) throw new Error(`${FailedEntryCount} review(s) were not put on ${outputs.reviews_bus_name}`);
}

async function followPositive(clients: Clients, outputs: ReviewsTourOutputs, endpoint: string, reviewId: string): Promise<boolean> {
  printReview(reviewId, POSITIVE_REVIEW);
  const sentiment = await printAnalysis(clients, outputs, reviewId);
  const thankYou = await waitFor(async () =>
    (await publishedToTopic(endpoint, outputs.review_thank_you_topic_arn))
      .map((published) => parsed(published.message))
      .find((message) => message?.reviewId === reviewId),
  );
  console.log(`    thank-you:  ${thankYou ? `to ${thankYou.to}: "${thankYou.subject}" (on ${outputs.review_thank_you_topic_arn})` : "NOTHING published"}`);
  const audited = await auditedTypes(clients, outputs, reviewId, [REVIEW_SUBMITTED, REVIEW_ANALYSED]);
  return sentiment === "POSITIVE" && thankYou !== undefined && audited;
}

async function followNegative(clients: Clients, outputs: ReviewsTourOutputs, reviewId: string): Promise<boolean> {
  printReview(reviewId, NEGATIVE_REVIEW);
  const sentiment = await printAnalysis(clients, outputs, reviewId);
  const table = outputs.review_cases_table_name;
  const waiting = await waitFor(async () => {
    const found = await getCase(clients, table, reviewId);
    return found?.awaitingDecision ? found : undefined;
  });
  console.log(`    case:       ${waiting ? describeCase(waiting) : "NO case waiting for a decision"}`);
  if (!waiting) return false;
  await resolveCase(clients, table, reviewId, { decision: "replace", note: "a new chair is on its way", agent: AGENT });
  console.log(`    resolved:   replace, by ${AGENT} (what npm run review -- local resolve ${reviewId} replace does)`);
  const closed = await waitFor(async () => {
    const found = await getCase(clients, table, reviewId);
    return found?.status === "CLOSED" ? found : undefined;
  });
  console.log(`    case:       ${closed ? describeCase(closed) : "NOT closed"}`);
  const audited = await auditedTypes(clients, outputs, reviewId, [REVIEW_SUBMITTED, REVIEW_ANALYSED, REVIEW_CASE_CLOSED]);
  return sentiment === "NEGATIVE" && closed !== undefined && audited;
}

function printReview(reviewId: string, review: TourReview): void {
  const stars = `${review.rating} star${review.rating === 1 ? "" : "s"}`;
  console.log(`\n  review ${reviewId} (${review["subject-type"]} ${review["subject-id"]}, ${stars}): "${review.text}"`);
}

/** The sentiment ReviewAnalysis recorded in the reviews table, with its scores. */
async function printAnalysis(clients: Clients, outputs: ReviewsTourOutputs, reviewId: string): Promise<Sentiment | undefined> {
  const row = await waitFor(async () => {
    const { Item } = await clients.dynamodb.send(
      new GetItemCommand({ TableName: outputs.reviews_table_name, Key: { reviewId: { S: reviewId } }, ConsistentRead: true }),
    );
    return Item?.sentiment ? Item : undefined;
  });
  const scores = row && ["positive", "negative", "neutral", "mixed"].map((name) => `${name} ${row[name]?.N}`).join(", ");
  console.log(`    analysed:   ${row ? `${row.sentiment.S} (${scores})` : "NO analysis recorded"}`);
  return row?.sentiment.S as Sentiment | undefined;
}

function describeCase(found: ReviewCase): string {
  if (found.status === "OPEN") return `OPEN since ${found.openedAt}, waiting for an agent's decision`;
  return `${found.status}: ${found.decision} ("${found.note}")`;
}

/** Prints this review's events in the audit log, once all `expected` arrived (or 10 s passed); true if they did. */
async function auditedTypes(clients: Clients, outputs: ReviewsTourOutputs, reviewId: string, expected: readonly string[]): Promise<boolean> {
  const read = async () => {
    const { events = [] } = await clients.logs.send(new FilterLogEventsCommand({ logGroupName: outputs.reviews_audit_log_group }));
    return events
      .map((event) => JSON.parse(event.message!))
      .filter((message) => message.detail?.data?.["review-id"] === reviewId)
      .map((message) => message["detail-type"] as string);
  };
  const types =
    (await waitFor(async () => {
      const seen = await read();
      return expected.every((type) => seen.includes(type)) ? seen : undefined;
    })) ?? (await read());
  console.log(`    audit log:  ${types.join(", ") || "nothing"}`);
  return expected.every((type) => types.includes(type));
}

function parsed(message: string): Record<string, string> | undefined {
  try {
    return JSON.parse(message);
  } catch {
    return undefined;
  }
}
