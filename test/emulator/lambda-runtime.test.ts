import { AppSyncClient, CreateGraphqlApiCommand } from "@aws-sdk/client-appsync";
import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  CreateArchiveCommand,
  CreateEventBusCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  Target,
} from "@aws-sdk/client-eventbridge";
import { CreateRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionEventInvokeConfigCommand,
  InvokeCommand,
  LambdaClient,
  PutFunctionEventInvokeConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionEventInvokeConfigCommand,
} from "@aws-sdk/client-lambda";
import { CreateStateMachineCommand, DeleteStateMachineCommand } from "@aws-sdk/client-sfn";
import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { zipSync, strToU8 } from "fflate";
import { randomUUID } from "node:crypto";
import { createServer, IncomingMessage } from "node:http";
import { request } from "node:https";
import type { EventEnvelope, ExecutionRecord } from "../../orders/events/orders";
import { awsClientConfig, emulatorHttpsAgent } from "../../tools/local/emulator/emulator";
import { awsClients, e2eContext } from "./support/context";
import { messageWhere, newQueue } from "./support/queues";

const context = e2eContext();
const config = awsClientConfig(context.endpoint);
const { events, sfn, logs } = awsClients(context.endpoint);
const lambda = new LambdaClient(config);
const sqs = new SQSClient(config);
const iam = new IAMClient(config);
const ACCOUNT = "123456789012";
const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, "").slice(0, 12)}`;

/** What the queues receive: events the tests put (marked, or made to fail), and the function's execution records. */
type MarkedEvent = EventEnvelope<string, { readonly marker: string }>;
type FailingEvent = EventEnvelope<string, { readonly fail: string }>;
type SuccessEvent = EventEnvelope<string, ExecutionRecord<{ readonly marker: string }, unknown>>;
type FailureRecord<TRequest = { readonly fail: string }> = ExecutionRecord<TRequest, unknown>;
const decode = (payload?: Uint8Array) => JSON.parse(Buffer.from(payload!).toString());

/** A handler that echoes what the runtime gave it; `fail` makes it throw, `sleepMs` makes it slow. */
const ECHO_HANDLER = `
exports.handler = async (event, context) => {
  console.log("handling", JSON.stringify(event));
  const fail = event.fail ?? event.detail?.fail;
  if (fail) throw new TypeError("refused: " + fail);
  if (event.sleepMs) await new Promise((resolve) => setTimeout(resolve, event.sleepMs));
  const env = process.env;
  return {
    received: event, requestId: context.awsRequestId, functionName: context.functionName, greeting: env.GREETING,
    runtime: { region: env.AWS_REGION, name: env.AWS_LAMBDA_FUNCTION_NAME, version: env.AWS_LAMBDA_FUNCTION_VERSION, memory: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, handler: env._HANDLER, endpoint: env.AWS_ENDPOINT_URL },
  };
};`;

function zipOf(files: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

let roleArn: string;
beforeAll(async () => {
  const trust = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] };
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: unique("runtime"), AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
});

async function newFunction(options: { source?: string; file?: string; handler?: string; timeout?: number } = {}): Promise<{ name: string; arn: string }> {
  const name = unique("fn");
  const file = options.file ?? "index.js";
  const created = await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: "nodejs20.x",
      Role: roleArn,
      Handler: options.handler ?? "index.handler",
      Timeout: options.timeout ?? 5,
      MemorySize: 256,
      Environment: { Variables: { GREETING: "hello from the deployed config" } },
      Code: { ZipFile: zipOf({ [file]: options.source ?? ECHO_HANDLER }) },
    }),
  );
  return { name, arn: created.FunctionArn! };
}

async function invoke(name: string, payload: object) {
  const response = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from(JSON.stringify(payload)), LogType: "Tail" }));
  return { ...response, body: decode(response.Payload) };
}

/** The number of times the runtime started the function for one request id (START lines in its log group). */
async function startsOf(functionName: string, requestId: string): Promise<number> {
  const { events: lines = [] } = await logs.send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${functionName}` }));
  return lines.filter((line) => line.message === `START RequestId: ${requestId} Version: $LATEST`).length;
}

describe("Lambda runtime: deployed Node.js functions run in a child node process", () => {
  it("runs the configured handler of the deployed zip with the function's variables and the runtime's", async () => {
    const fn = await newFunction({ source: ECHO_HANDLER.replace("exports.handler", "exports.main"), file: "app/main.js", handler: "app/main.main" });
    const response = await invoke(fn.name, { orderId: "o-1" });
    expect(response.StatusCode).toBe(200);
    expect(response.FunctionError).toBeUndefined();
    expect(response.body).toEqual({
      received: { orderId: "o-1" },
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      functionName: fn.name,
      greeting: "hello from the deployed config",
      runtime: { region: "us-east-1", name: fn.name, version: "$LATEST", memory: "256", handler: "app/main.main", endpoint: context.endpoint },
    });
    expect(Buffer.from(response.LogResult!, "base64").toString()).toContain(`handling {"orderId":"o-1"}`);
  });

  it("runs the new code after the function's code is updated", async () => {
    const fn = await newFunction();
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: fn.name, ZipFile: zipOf({ "index.js": 'exports.handler = async () => "second version";' }) }),
    );
    expect((await invoke(fn.name, {})).body).toBe("second version");
  });

  it("answers a thrown error as an Unhandled function error with its type, message and trace", async () => {
    const fn = await newFunction();
    const response = await invoke(fn.name, { fail: "poison" });
    expect(response.FunctionError).toBe("Unhandled");
    expect(response.body).toEqual({
      errorType: "TypeError",
      errorMessage: "refused: poison",
      trace: expect.arrayContaining([expect.stringContaining("TypeError: refused: poison")]),
    });
  });

  it("stops a function that runs past its timeout and fails it as AWS does", async () => {
    const fn = await newFunction({ timeout: 1 });
    const started = Date.now();
    const response = await invoke(fn.name, { sleepMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(response.FunctionError).toBe("Unhandled");
    expect(response.body.errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
  });

  it("writes the function's output to its log group, between START and REPORT lines", async () => {
    const fn = await newFunction();
    const response = await invoke(fn.name, { orderId: "o-logged" });
    expect(await startsOf(fn.name, response.body.requestId)).toBe(1);
  });
});

describe("Lambda asynchronous invocation: retries, event age and destinations", () => {
  async function withDestinations(retries: number, maxEventAgeSeconds = 60) {
    const fn = await newFunction();
    const failures = await newQueue(sqs, unique("on-failure"));
    const bus = unique("on-success");
    const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: bus }));
    const successes = await newQueue(sqs, unique("successes"));
    await events.send(new PutRuleCommand({ Name: "records", EventBusName: bus, EventPattern: JSON.stringify({ source: ["lambda"] }) }));
    await events.send(new PutTargetsCommand({ Rule: "records", EventBusName: bus, Targets: [{ Id: "queue", Arn: successes.arn }] }));
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: fn.name,
        MaximumRetryAttempts: retries,
        MaximumEventAgeInSeconds: maxEventAgeSeconds,
        DestinationConfig: { OnSuccess: { Destination: EventBusArn }, OnFailure: { Destination: failures.arn } },
      }),
    );
    return { fn, failures, successes };
  }

  it("answers 202 at once and puts the success record on the destination bus in AWS's shape", async () => {
    const { fn, successes } = await withDestinations(0);
    const marker = randomUUID();
    const { StatusCode } = await lambda.send(
      new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from(JSON.stringify({ marker })) }),
    );
    expect(StatusCode).toBe(202);
    const { body: event } = await messageWhere<SuccessEvent>(
      sqs,
      successes.url,
      "the success record",
      (body) => body.detail?.requestPayload?.marker === marker,
    );
    expect(event).toMatchObject({ source: "lambda", "detail-type": "Lambda Function Invocation Result - Success", resources: [`${fn.arn}:$LATEST`] });
    expect(event.detail).toEqual({
      version: "1.0",
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      requestContext: { requestId: expect.any(String), functionArn: `${fn.arn}:$LATEST`, condition: "Success", approximateInvokeCount: 1 },
      requestPayload: { marker },
      responseContext: { statusCode: 200, executedVersion: "$LATEST" },
      responsePayload: expect.objectContaining({ received: { marker }, requestId: event.detail.requestContext.requestId }),
    });
  });

  it("retries a failing event as many times as configured, then sends the failure record to the on-failure queue", async () => {
    const { fn, failures } = await withDestinations(2);
    const marker = randomUUID();
    await lambda.send(new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from(JSON.stringify({ fail: marker })) }));
    const { body: record } = await messageWhere<FailureRecord>(sqs, failures.url, "the failure record", (body) => body.requestPayload?.fail === marker);
    expect(record).toEqual({
      version: "1.0",
      timestamp: expect.any(String),
      requestContext: { requestId: expect.any(String), functionArn: `${fn.arn}:$LATEST`, condition: "RetriesExhausted", approximateInvokeCount: 3 },
      requestPayload: { fail: marker },
      responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
      responsePayload: { errorType: "TypeError", errorMessage: `refused: ${marker}`, trace: expect.any(Array) },
    });
    expect(await startsOf(fn.name, record.requestContext.requestId)).toBe(3);
  });

  it("stops retrying an event older than the maximum event age (condition EventAgeExceeded)", async () => {
    // 1 s is below AWS's 60 s minimum: only the emulator accepts it, which keeps the test short.
    const { fn, failures } = await withDestinations(2, 1);
    const marker = randomUUID();
    await lambda.send(
      new InvokeCommand({ FunctionName: fn.name, InvocationType: "Event", Payload: Buffer.from(JSON.stringify({ fail: marker, sleepMs: 1_100 })) }),
    );
    const { body: record } = await messageWhere<FailureRecord>(sqs, failures.url, "the failure record", (body) => body.requestPayload?.fail === marker);
    expect(record.requestContext).toMatchObject({ condition: "EventAgeExceeded", approximateInvokeCount: 1 });
  });

  it("keeps one event-invoke config per function: an update changes only the fields it names", async () => {
    const { fn } = await withDestinations(2);
    await lambda.send(new UpdateFunctionEventInvokeConfigCommand({ FunctionName: fn.name, MaximumRetryAttempts: 0 }));
    const current = await lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: fn.name }));
    expect(current).toMatchObject({
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: { OnFailure: { Destination: expect.stringContaining(":sqs:") } },
    });
  });
});

describe("rule targets: Lambda invoked asynchronously, retry policy and dead-letter queue", () => {
  const put = (bus: string, detail: object, time?: Date) =>
    events.send(
      new PutEventsCommand({
        Entries: [{ EventBusName: bus, Source: "com.orders.processing", DetailType: "OrderStatus", Detail: JSON.stringify(detail), Time: time }],
      }),
    );
  async function busWithTarget(target: Target): Promise<{ bus: string; ruleArn: string }> {
    const bus = unique("targets");
    await events.send(new CreateEventBusCommand({ Name: bus }));
    const { RuleArn } = await events.send(
      new PutRuleCommand({ Name: "status", EventBusName: bus, EventPattern: JSON.stringify({ source: ["com.orders.processing"] }) }),
    );
    await events.send(new PutTargetsCommand({ Rule: "status", EventBusName: bus, Targets: [target] }));
    return { bus, ruleArn: RuleArn! };
  }
  const attributes = (message: { MessageAttributes?: Record<string, { StringValue?: string }> }) =>
    Object.fromEntries(Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]));

  it("invokes a Lambda target asynchronously with the event as AWS delivers it", async () => {
    const fn = await newFunction();
    const records = await newQueue(sqs, unique("records"));
    await lambda.send(
      new PutFunctionEventInvokeConfigCommand({
        FunctionName: fn.name,
        MaximumRetryAttempts: 0,
        DestinationConfig: { OnFailure: { Destination: records.arn }, OnSuccess: {} },
      }),
    );
    const { bus } = await busWithTarget({ Id: "Function", Arn: fn.arn });
    const marker = randomUUID();
    // The on-failure record carries the request payload: the function is made to fail to read it back.
    await put(bus, { fail: marker }, new Date("2026-11-22T12:34:56Z"));
    const { body: record } = await messageWhere<FailureRecord<FailingEvent>>(
      sqs,
      records.url,
      "the record of the rule's invocation",
      (body) => body.requestPayload?.detail?.fail === marker,
    );
    expect(record.requestPayload).toMatchObject({
      source: "com.orders.processing",
      "detail-type": "OrderStatus",
      time: "2026-11-22T12:34:56Z",
      detail: { fail: marker },
    });
  });

  it("sends the event for a deleted state machine straight to the target's DLQ with EventBridge's four attributes", async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: unique("gone"),
        definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
        roleArn: `arn:aws:iam::${ACCOUNT}:role/unused`,
      }),
    );
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    const dlq = await newQueue(sqs, unique("dlq"));
    const { bus, ruleArn } = await busWithTarget({
      Id: "Workflow",
      Arn: stateMachineArn,
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/events`,
      DeadLetterConfig: { Arn: dlq.arn },
    });
    const marker = randomUUID();
    await put(bus, { marker });
    const message = await messageWhere<MarkedEvent>(sqs, dlq.url, "the dead-lettered event", (body) => body.detail?.marker === marker);
    expect(message.body).toMatchObject({ source: "com.orders.processing", detail: { marker } });
    expect(attributes(message)).toEqual({
      RULE_ARN: ruleArn,
      TARGET_ARN: stateMachineArn,
      ERROR_CODE: "NO_RESOURCE",
      ERROR_MESSAGE: expect.stringContaining("StateMachineDoesNotExist"),
    });
  });

  it("dead-letters the event for a deleted function", async () => {
    const fn = await newFunction();
    await lambda.send(new DeleteFunctionCommand({ FunctionName: fn.name }));
    const dlq = await newQueue(sqs, unique("dlq"));
    const { bus } = await busWithTarget({ Id: "Function", Arn: fn.arn, DeadLetterConfig: { Arn: dlq.arn } });
    const marker = randomUUID();
    await put(bus, { marker });
    const message = await messageWhere<MarkedEvent>(sqs, dlq.url, "the dead-lettered event", (body) => body.detail?.marker === marker);
    expect(attributes(message)).toMatchObject({ TARGET_ARN: fn.arn, ERROR_CODE: "NO_RESOURCE" });
  });

  it("retries a failing target as its retry policy says, then dead-letters the event with the retries used", async () => {
    const received: IncomingMessage[] = [];
    const server = createServer((request, response) => {
      received.push(request);
      request.resume();
      response.writeHead(503).end("unavailable");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { forwardingTo, targetArn } = await appsyncTargetAt(`http://127.0.0.1:${(server.address() as { port: number }).port}/graphql`);
      const dlq = await newQueue(sqs, unique("dlq"));
      const { bus } = await busWithTarget({
        Id: "Realtime",
        Arn: targetArn,
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/appsync-target`,
        AppSyncParameters: { GraphQLOperation: "mutation M($input: String) { m(input: $input) }" },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 60 },
        DeadLetterConfig: { Arn: dlq.arn },
      });
      const marker = randomUUID();
      await put(bus, { marker });
      const message = await messageWhere<MarkedEvent>(sqs, dlq.url, "the dead-lettered event", (body) => body.detail?.marker === marker);
      expect(received).toHaveLength(3);
      expect(attributes(message)).toMatchObject({
        ERROR_CODE: "SDK_CLIENT_ERROR",
        ERROR_MESSAGE: expect.stringContaining("HTTP 503"),
        EXHAUSTED_RETRY_CONDITION: "MaximumRetryAttempts",
        RETRY_ATTEMPTS: "2",
      });
      await forwardingTo.release();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("replays only the archived events of the requested window", async () => {
    const bus = unique("replayed");
    const { EventBusArn } = await events.send(new CreateEventBusCommand({ Name: bus }));
    const { ArchiveArn } = await events.send(new CreateArchiveCommand({ ArchiveName: unique("archive"), EventSourceArn: EventBusArn }));
    await put(bus, { marker: "inside" }, new Date("2026-11-22T10:00:00Z"));
    await put(bus, { marker: "outside" }, new Date("2026-11-22T12:00:00Z"));
    const copies = await newQueue(sqs, unique("copies"));
    await events.send(new PutRuleCommand({ Name: "copies", EventBusName: bus, EventPattern: JSON.stringify({ source: ["com.orders.processing"] }) }));
    await events.send(new PutTargetsCommand({ Rule: "copies", EventBusName: bus, Targets: [{ Id: "queue", Arn: copies.arn }] }));
    const replayName = unique("replay");
    await events.send(
      new StartReplayCommand({
        ReplayName: replayName,
        EventSourceArn: ArchiveArn,
        EventStartTime: new Date("2026-11-22T09:00:00Z"),
        EventEndTime: new Date("2026-11-22T11:00:00Z"),
        Destination: { Arn: EventBusArn },
      }),
    );
    // The rule was added after both events were put: everything in its queue was replayed.
    await messageWhere<MarkedEvent>(sqs, copies.url, "the replayed event", (body) => body.detail?.marker === "inside");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: copies.url, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    expect(Messages.map((message) => JSON.parse(message.Body!).detail)).toEqual([{ marker: "inside" }]);
  });
});

/** An AppSync API whose GraphQL requests the launcher forwards to `url`; its rule target ARN. */
async function appsyncTargetAt(url: string) {
  const api = (await new AppSyncClient(config).send(new CreateGraphqlApiCommand({ name: unique("realtime"), authenticationType: "AWS_IAM" }))).graphqlApi!;
  const control = `${context.endpoint}/_emulator/appsync-forwarding`;
  const call = (method: string, query: string, body?: string) =>
    new Promise<void>((resolve, reject) => {
      const sent = request(`${control}${query}`, { method, agent: emulatorHttpsAgent() }, (response) => response.resume().on("end", () => resolve()));
      sent.on("error", reject);
      sent.end(body);
    });
  await call("POST", "", JSON.stringify({ apiId: api.apiId, url }));
  return { targetArn: api.arn!.replace(":apis/", ":endpoints/graphql-api/"), forwardingTo: { release: () => call("DELETE", `?apiId=${api.apiId}`) } };
}
