import { ConditionalCheckFailedException, CreateTableCommand, DynamoDBClient, GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { awsClientConfig } from "../../tools/local/emulator/emulator";
import { e2eContext } from "./support/context";

// Both order workflows write an order's status row at the same moment (OrderIntake's RECEIVED,
// OrdersProcessing's first write), each guarded by a condition. On AWS a conditional write is
// atomic; the emulator must be too, or a status is lost to a race the platform never has.

const context = e2eContext();
const dynamodb = new DynamoDBClient({ ...awsClientConfig(context.endpoint), maxAttempts: 1 });

const tableName = `conditional-writes-${randomUUID().slice(0, 8)}`;
const WRITERS = 10;
const ROWS = 30;
/** A long condition widens the time between moto reading the item and writing it. */
const OTHER_WRITERS = Array.from({ length: 99 }, (_, index) => `:other${index}`);
const NEW_ROW_ONLY = `attribute_not_exists(id) OR (${OTHER_WRITERS.map((name) => `writer = ${name}`).join(" OR ")})`;

describe("emulator: DynamoDB conditional writes are atomic", () => {
  beforeAll(async () => {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
      }),
    );
  });

  it(`lets exactly one of ${WRITERS} simultaneous "new row only" writes create each of ${ROWS} rows, and keeps the winner's item`, async () => {
    const outcomes: string[] = [];
    for (let row = 0; row < ROWS; row++) {
      const id = `row-${row}`;
      const attempts = await Promise.allSettled(Array.from({ length: WRITERS }, (_, writer) => createOnce(id, `writer-${writer}`)));
      const winners = attempts.flatMap((attempt, writer) => (attempt.status === "fulfilled" ? [`writer-${writer}`] : []));
      const refusals = attempts.filter((attempt) => attempt.status === "rejected" && attempt.reason instanceof ConditionalCheckFailedException);
      const stored = (await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { id: { S: id } } }))).Item?.writer?.S;
      outcomes.push(`${id}: ${winners.length} winner(s) [${winners.join(", ")}], ${refusals.length} refused, stored ${stored}`);
      if (winners.length === 1 && refusals.length === WRITERS - 1 && stored === winners[0]) outcomes.pop();
    }
    expect(outcomes).toEqual([]);
  });
});

function createOnce(id: string, writer: string) {
  return dynamodb.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: { id: { S: id } },
      UpdateExpression: "SET writer = :writer",
      ConditionExpression: NEW_ROW_ONLY,
      ExpressionAttributeValues: {
        ":writer": { S: writer },
        ...Object.fromEntries(OTHER_WRITERS.map((name, index) => [name, { S: `nobody-${index}` }])),
      },
    }),
  );
}
