import { PutEventsCommand, TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { CreateStateMachineCommand, ListStateMachineVersionsCommand, UpdateStateMachineCommand, ValidateStateMachineDefinitionCommand } from "@aws-sdk/client-sfn";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { startEmulator } from "../../tools/emulator/emulator";
import { awsClients, e2eContext, TEST_EMULATOR_PORT } from "./support/context";

const context = e2eContext();
const { events, sfn, s3 } = awsClients(context.endpoint);

describe("emulator extensions", () => {
  describe("S3 bucket policies honour aws:SecureTransport", () => {
    const bucket = `tls-only-${randomUUID()}`;
    const policy = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    });

    it("lets HTTPS requests through a TLS-only Deny", async () => {
      await s3.send(new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: policy({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }),
      }));
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "state", Body: "v1" }));
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "state" }));
      expect(await object.Body!.transformToString()).toBe("v1");
    });

    it("still denies what an unconditional Deny denies (moto's own evaluation)", async () => {
      await s3.send(new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: policy({ Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }),
      }));
      // moto answers 403 with an empty body, which the SDK names UnknownError; the status is what counts.
      await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "state" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    });
  });

  describe("EventBridge TestEventPattern uses moto's pattern engine", () => {
    const pattern = JSON.stringify({ detail: { data: { location: [{ prefix: "eu-" }] } } });
    const event = (location: string) => JSON.stringify({ id: "1", source: "s", "detail-type": "d", account: "123456789012", time: "2026-11-22T12:00:00Z", region: "us-east-1", resources: [], detail: { data: { location } } });

    it("answers true for a match and false otherwise", async () => {
      expect((await events.send(new TestEventPatternCommand({ EventPattern: pattern, Event: event("eu-west") }))).Result).toBe(true);
      expect((await events.send(new TestEventPatternCommand({ EventPattern: pattern, Event: event("us-east") }))).Result).toBe(false);
    });

    it("rejects a malformed pattern with InvalidEventPatternException", async () => {
      await expect(events.send(new TestEventPatternCommand({ EventPattern: "{not json", Event: event("eu-west") }))).rejects.toMatchObject({
        name: "InvalidEventPatternException",
      });
    });
  });

  describe("Step Functions APIs the AWS provider calls", () => {
    const definition = (startAt: string) => JSON.stringify({ StartAt: startAt, States: { Done: { Type: "Succeed" } } });

    it("validates a definition whose StartAt names a state", async () => {
      const result = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: definition("Done") }));
      expect(result.result).toBe("OK");
      expect(result.diagnostics).toEqual([]);
    });

    it("fails a definition whose StartAt names no state, and one that is not JSON", async () => {
      for (const broken of [definition("Nowhere"), "{"]) {
        const result = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: broken }));
        expect(result.result).toBe("FAIL");
        expect(result.diagnostics![0].severity).toBe("ERROR");
      }
    });

    it("lists no versions for a deployed state machine, and refuses an unknown one", async () => {
      const versions = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: context.outputs.orders_processing_arn }));
      expect(versions.stateMachineVersions).toEqual([]);
      await expect(
        sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: `${context.outputs.orders_processing_arn}-missing` })),
      ).rejects.toMatchObject({ name: "StateMachineDoesNotExist" });
    });

    it("lists the versions published on create and update, newest first", async () => {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({ name: `versions-${randomUUID()}`, definition: definition("Done"), roleArn: "arn:aws:iam::123456789012:role/unused", publish: true }),
      );
      await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: definition("Done"), publish: true }));
      const { stateMachineVersions } = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
      expect(stateMachineVersions!.map((version) => version.stateMachineVersionArn)).toEqual([`${stateMachineArn}:2`, `${stateMachineArn}:1`]);
    });
  });

  describe("rule delivery to targets moto does not deliver to", () => {
    it("accepts events whose matching rule targets a Lambda function (skipped, logged), instead of failing PutEvents", async () => {
      const { FailedEntryCount } = await events.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: context.outputs.orders_bus_name, Source: "com.orders.processing", DetailType: "OrderProcessed", Detail: JSON.stringify({ marker: randomUUID() }) }],
        }),
      );
      expect(FailedEntryCount).toBe(0);
    });
  });
});

describe("emulator manager", () => {
  it("reuses an emulator already answering on the port, and leaves it running on stop", async () => {
    const again = await startEmulator({ port: TEST_EMULATOR_PORT });
    expect(again).toEqual(expect.objectContaining({ endpoint: context.endpoint, reused: true }));
    await again.stop();
    const stillThere = await startEmulator({ port: TEST_EMULATOR_PORT });
    expect(stillThere.reused).toBe(true);
  });

  it("fails with the emulator's own output when the port is taken by something else", async () => {
    const blocker = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => blocker.once("listening", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startEmulator({ port, startTimeoutMs: 15_000 })).rejects.toThrow(/exited with code|Address already in use/);
    } finally {
      blocker.close();
    }
  });
});
