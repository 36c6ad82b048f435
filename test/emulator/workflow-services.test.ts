import { CreateTableCommand, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeExecutionCommandOutput,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { randomUUID } from "node:crypto";
import { awsClientConfig } from "../../tools/local/emulator/emulator";
import { publishedToTopic, sentAsSms } from "../../tools/local/emulator/published-messages";
import { awsJson, httpsJson } from "./support/aws-json";
import { awsClients, e2eContext, eventually } from "./support/context";
import { messageWhere, newQueue } from "./support/queues";

// The emulator's answers for what a review workflow calls: Comprehend's sentiment, task tokens,
// SNS messages nobody can receive locally, DynamoDB items; each through a real execution.

const context = e2eContext();
const { sfn, dynamodb } = awsClients(context.endpoint);
const sns = new SNSClient(awsClientConfig(context.endpoint));
const sqs = new SQSClient(awsClientConfig(context.endpoint));
const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, "").slice(0, 12)}`;
/** DetectSentiment's answer, or the error it answers with (`message`). */
type SentimentAnswer = { Sentiment?: string; SentimentScore: Record<string, number>; message?: string };
const detectSentiment = (body: object) => awsJson<SentimentAnswer>(context.endpoint, "comprehend", "Comprehend_20171127.DetectSentiment", body);
const DETECT_SENTIMENT = "arn:aws:states:::aws-sdk:comprehend:detectSentiment";

describe("emulator extensions: the services a review workflow calls", () => {
  describe("Comprehend DetectSentiment answers from the text by the documented word lists (not Comprehend)", () => {
    it.each([
      ["Great product, I love it", "POSITIVE", "Positive"],
      ["It arrived broken and the support was terrible", "NEGATIVE", "Negative"],
      ["Great chair, but it arrived late", "MIXED", "Mixed"],
      ["It is a chair", "NEUTRAL", "Neutral"],
    ])("%j is %s, with Comprehend's score shape summing to 1 and %s highest", async (Text, sentiment, highest) => {
      const { status, body } = await detectSentiment({ Text, LanguageCode: "en" });
      expect(status).toBe(200);
      expect(body.Sentiment).toBe(sentiment);
      expect(Object.keys(body.SentimentScore).sort()).toEqual(["Mixed", "Negative", "Neutral", "Positive"]);
      const scores = Object.values(body.SentimentScore) as number[];
      expect(scores.reduce((sum, score) => sum + score, 0)).toBeCloseTo(1, 10);
      expect(body.SentimentScore[highest]).toBe(Math.max(...scores));
    });

    it("gives the same answer for the same text", async () => {
      const Text = "Excellent, thanks!";
      expect((await detectSentiment({ Text, LanguageCode: "en" })).body).toEqual((await detectSentiment({ Text, LanguageCode: "en" })).body);
    });

    it("refuses an empty text and a language code outside DetectSentiment's with ValidationException", async () => {
      expect(await detectSentiment({ Text: "", LanguageCode: "en" })).toMatchObject({ status: 400, body: { __type: "ValidationException" } });
      const unsupported = await detectSentiment({ Text: "great", LanguageCode: "nl" });
      expect(unsupported).toMatchObject({ status: 400, body: { __type: "ValidationException" } });
      expect(unsupported.body.message).toMatch(/'nl' at 'languageCode'.*enum value set: \[.*en.*\]/);
    });

    it("accepts 5,000 UTF-8 bytes and refuses one more with TextSizeLimitExceededException, counting bytes, not characters", async () => {
      expect((await detectSentiment({ Text: "a".repeat(5000), LanguageCode: "en" })).status).toBe(200);
      const refused = await detectSentiment({ Text: "é".repeat(2501), LanguageCode: "fr" });
      expect(refused).toMatchObject({ status: 400, body: { __type: "TextSizeLimitExceededException" } });
      expect(refused.body.message).toMatch(/5000 bytes .* 5002 bytes/);
    });
  });

  describe("Step Functions aws-sdk:comprehend:detectSentiment", () => {
    const analyse = { Type: "Task", Resource: DETECT_SENTIMENT, Parameters: { "Text.$": "$.text", LanguageCode: "en" } };

    it("reaches the extension from a real execution", async () => {
      const execution = await runToEnd({ StartAt: "Analyse", States: { Analyse: { ...analyse, End: true } } }, { text: "awful, it broke" });
      expect(execution.status).toBe("SUCCEEDED");
      expect(JSON.parse(execution.output!)).toMatchObject({ Sentiment: "NEGATIVE", SentimentScore: { Negative: 0.96 } });
    });

    it("raises Comprehend's errors under AWS's names (Comprehend.<Exception>), which a Catch handles", async () => {
      const definition = {
        StartAt: "Analyse",
        States: {
          Analyse: { ...analyse, Catch: [{ ErrorEquals: ["Comprehend.TextSizeLimitExceededException"], Next: "TooLong" }], End: true },
          TooLong: { Type: "Pass", End: true },
        },
      };
      const execution = await runToEnd(definition, { text: "x".repeat(5001) });
      expect(execution.status).toBe("SUCCEEDED");
      expect(JSON.parse(execution.output!)).toMatchObject({ Error: "Comprehend.TextSizeLimitExceededException" });
    });
  });

  it("names an execution started without a name by a UUID, so a second unnamed start is another execution", async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: unique("unnamed"),
        definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
        roleArn: "arn:aws:iam::123456789012:role/unused",
      }),
    );
    const first = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    const second = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: "{}" }));
    const uuidName = /:execution:[^:]+:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    expect(first.executionArn).toMatch(uuidName);
    expect(second.executionArn).toMatch(uuidName);
    expect(second.executionArn).not.toBe(first.executionArn);
  });

  it("gives $$.State.EnteredTime in AWS's form (milliseconds, Z), which workflows record as timestamps", async () => {
    const stamp = { Type: "Pass", Parameters: { "entered.$": "$$.State.EnteredTime" }, End: true };
    const execution = await runToEnd({ StartAt: "Stamp", States: { Stamp: stamp } });
    const { entered } = JSON.parse(execution.output!);
    expect(entered).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(entered) - Date.now())).toBeLessThan(60_000);
  });

  describe("Step Functions .waitForTaskToken, with the token stored in a DynamoDB item", () => {
    let tableName: string;
    beforeAll(async () => {
      tableName = unique("cases");
      await dynamodb.send(
        new CreateTableCommand({
          TableName: tableName,
          KeySchema: [{ AttributeName: "caseId", KeyType: "HASH" }],
          AttributeDefinitions: [{ AttributeName: "caseId", AttributeType: "S" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
    });
    const openCase = (caseId: string, extra: object = {}) => ({
      Type: "Task",
      Resource: "arn:aws:states:::aws-sdk:dynamodb:putItem.waitForTaskToken",
      Parameters: { TableName: tableName, Item: { caseId: { S: caseId }, token: { "S.$": "$$.Task.Token" } } },
      ...extra,
    });
    const setStatus = (caseId: string, status: string) => ({
      Type: "Task",
      Resource: "arn:aws:states:::dynamodb:updateItem",
      Parameters: {
        TableName: tableName,
        Key: { caseId: { S: caseId } },
        UpdateExpression: "SET #status = :status",
        ExpressionAttributeNames: { "#status": "status" },
        ExpressionAttributeValues: { ":status": { S: status } },
      },
      ResultPath: null,
      End: true,
    });
    const caseItem = async (caseId: string) =>
      (await dynamodb.send(new GetItemCommand({ TableName: tableName, Key: { caseId: { S: caseId } }, ConsistentRead: true }))).Item;
    const storedToken = (caseId: string) => eventually(`the task token in case ${caseId}`, async () => (await caseItem(caseId))?.token?.S);

    it("waits until SendTaskSuccess, then continues with the output sent", async () => {
      const caseId = unique("case");
      const executionArn = await start({ StartAt: "Open", States: { Open: openCase(caseId, { End: true }) } });
      const taskToken = await storedToken(caseId);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await executionOf(executionArn)).status).toBe("RUNNING");
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify({ decision: "refund" }) }));
      const execution = await finished(executionArn);
      expect(execution.status).toBe("SUCCEEDED");
      expect(JSON.parse(execution.output!)).toEqual({ decision: "refund" });
    });

    it("fails on SendTaskFailure with the error and the cause sent", async () => {
      const caseId = unique("case");
      const executionArn = await start({ StartAt: "Open", States: { Open: openCase(caseId, { End: true }) } });
      await sfn.send(new SendTaskFailureCommand({ taskToken: await storedToken(caseId), error: "Case.Rejected", cause: "not a product fault" }));
      expect(await finished(executionArn)).toMatchObject({ status: "FAILED", error: "Case.Rejected", cause: "not a product fault" });
    });

    it("raises States.Timeout after TimeoutSeconds, which a Catch turns into an escalation written by dynamodb:updateItem", async () => {
      const caseId = unique("case");
      const open = openCase(caseId, { TimeoutSeconds: 2, Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.timeout", Next: "Escalate" }], End: true });
      const execution = await runToEnd({ StartAt: "Open", States: { Open: open, Escalate: setStatus(caseId, "ESCALATED") } });
      expect(execution.status).toBe("SUCCEEDED");
      expect(JSON.parse(execution.output!).timeout).toMatchObject({ Error: "States.Timeout" });
      expect((await caseItem(caseId))?.status).toEqual({ S: "ESCALATED" });
    });

    it("fails the execution with States.Timeout when nothing catches it", async () => {
      const caseId = unique("case");
      const execution = await runToEnd({ StartAt: "Open", States: { Open: openCase(caseId, { TimeoutSeconds: 1, End: true }) } });
      expect(execution).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    });

    it("writes with dynamodb:putItem and changes with dynamodb:updateItem", async () => {
      const caseId = unique("case");
      const put = {
        Type: "Task",
        Resource: "arn:aws:states:::dynamodb:putItem",
        Parameters: { TableName: tableName, Item: { caseId: { S: caseId }, status: { S: "OPEN" } } },
        ResultPath: null,
        Next: "Close",
      };
      expect((await runToEnd({ StartAt: "Put", States: { Put: put, Close: setStatus(caseId, "CLOSED") } })).status).toBe("SUCCEEDED");
      expect(await caseItem(caseId)).toEqual({ caseId: { S: caseId }, status: { S: "CLOSED" } });
    });
  });

  describe("SNS messages, read back from the emulator's record of what was published", () => {
    it("records an sns:publish task's message (JSON-encoded, as the optimised integration sends it) on a topic nobody can receive from", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("thanks") }));
      const publish = {
        Type: "Task",
        Resource: "arn:aws:states:::sns:publish",
        Parameters: { TopicArn, Subject: "Thank you", Message: { "reviewer.$": "$.reviewer" } },
        End: true,
      };
      const execution = await runToEnd({ StartAt: "Thank", States: { Thank: publish } }, { reviewer: "ann@example.com" });
      expect(execution.status).toBe("SUCCEEDED");
      const [message, ...others] = await publishedToTopic(context.endpoint, TopicArn!);
      expect(others).toEqual([]);
      expect(message).toMatchObject({ messageId: JSON.parse(execution.output!).MessageId, subject: "Thank you" });
      expect(JSON.parse(message.message)).toEqual({ reviewer: "ann@example.com" });
    });

    it("delivers the same message to an SQS queue subscribed to the topic (the check that also works against AWS)", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("thanks") }));
      const queue = await newQueue(sqs, unique("thanks-copy"));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: queue.arn, Attributes: { RawMessageDelivery: "true" } }));
      await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ thanks: "ann" }) }));
      expect((await messageWhere<{ thanks: string }>(sqs, queue.url, "the thank-you copy", (body) => body.thanks === "ann")).body).toEqual({ thanks: "ann" });
      expect((await publishedToTopic(context.endpoint, TopicArn!)).map((message) => message.message)).toEqual([JSON.stringify({ thanks: "ann" })]);
    });

    it("records SMS sent to a phone number", async () => {
      const PhoneNumber = `+1555${Math.floor(Math.random() * 1e7)
        .toString()
        .padStart(7, "0")}`;
      await sns.send(new PublishCommand({ PhoneNumber, Message: "Thank you for your review" }));
      expect(await sentAsSms(context.endpoint, PhoneNumber)).toEqual([
        { messageId: expect.any(String), message: "Thank you for your review", phoneNumber: PhoneNumber },
      ]);
    });

    it("answers 404 for an unknown topic and 400 unless given exactly one of topicArn or phoneNumber", async () => {
      await expect(publishedToTopic(context.endpoint, "arn:aws:sns:us-east-1:123456789012:missing")).rejects.toThrow(/404.*no topic/);
      expect((await httpsJson(`${context.endpoint}/_emulator/sns-published`, "GET", {})).status).toBe(400);
      expect((await httpsJson(`${context.endpoint}/_emulator/sns-published?topicArn=a&phoneNumber=b`, "GET", {})).status).toBe(400);
    });
  });
});

async function start(definition: object, input: object = {}): Promise<string> {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: unique("review-services"),
      definition: JSON.stringify(definition),
      roleArn: "arn:aws:iam::123456789012:role/unused",
    }),
  );
  return (await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }))).executionArn!;
}

function executionOf(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return sfn.send(new DescribeExecutionCommand({ executionArn }));
}

/** The execution once it is no longer RUNNING (or fails after 20 s). */
function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
  return eventually(`execution ${executionArn} to end`, async () => {
    const execution = await executionOf(executionArn);
    return execution.status === "RUNNING" ? undefined : execution;
  });
}

async function runToEnd(definition: object, input: object = {}): Promise<DescribeExecutionCommandOutput> {
  return finished(await start(definition, input));
}
