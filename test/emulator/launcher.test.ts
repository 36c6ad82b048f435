import {
  AppSyncClient,
  CreateDataSourceCommand,
  CreateFunctionCommand,
  CreateGraphqlApiCommand,
  CreateResolverCommand,
  DeleteDataSourceCommand,
  DeleteFunctionCommand,
  DeleteGraphqlApiCommand,
  DeleteResolverCommand,
  GetDataSourceCommand,
  GraphqlApi,
  GetFunctionCommand,
  GetGraphqlApiCommand,
  GetResolverCommand,
  GetSchemaCreationStatusCommand,
  ListDataSourcesCommand,
  ListFunctionsCommand,
  ListResolversCommand,
  StartSchemaCreationCommand,
  UpdateDataSourceCommand,
  UpdateFunctionCommand,
  UpdateGraphqlApiCommand,
  UpdateResolverCommand,
} from "@aws-sdk/client-appsync";
import {
  APIGatewayClient,
  CreateRestApiCommand,
  GetAccountCommand,
  GetMethodCommand,
  GetModelsCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetTagsCommand,
  PutRestApiCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAccountCommand,
} from "@aws-sdk/client-api-gateway";
import { CreateEventBusCommand, PutEventsCommand, PutRuleCommand, PutTargetsCommand, Target, TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { CreateBucketCommand, GetObjectCommand, PutBucketPolicyCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  ListStateMachineVersionsCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
} from "@aws-sdk/client-sfn";
import {
  CreateTopicCommand,
  GetTopicAttributesCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { randomUUID, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer as createHttpServer, IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awsClientConfig, emulatorCertificate, emulatorHttpsAgent, startEmulator } from "../../tools/local/emulator/emulator";
import { JsonResponse, awsJson, httpsJson, sigv4 } from "./support/aws-json";
import { awsClients, e2eContext, eventually, TEST_EMULATOR_PORT } from "./support/context";

const context = e2eContext();
const { events, sfn, s3 } = awsClients(context.endpoint);
const config = awsClientConfig(context.endpoint);
const appsync = new AppSyncClient(config);
const apigateway = new APIGatewayClient(config);
const sns = new SNSClient(config);
const sqs = new SQSClient(config);
const ACCOUNT = "123456789012";
const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, "").slice(0, 12)}`;

describe("emulator extensions", () => {
  describe("S3 bucket policies honour aws:SecureTransport", () => {
    const bucket = `tls-only-${randomUUID()}`;
    const policy = (statement: object) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });

    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    });

    it("lets HTTPS requests through a TLS-only Deny", async () => {
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: policy({
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        }),
      );
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "state", Body: "v1" }));
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: "state" }));
      expect(await object.Body!.transformToString()).toBe("v1");
    });

    it("still denies what an unconditional Deny denies (moto's own evaluation)", async () => {
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: policy({ Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${bucket}/*` }),
        }),
      );
      // moto answers 403 with an empty body, which the SDK names UnknownError; the status is what counts.
      await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: "state" }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
    });
  });

  describe("EventBridge TestEventPattern uses moto's pattern engine", () => {
    const pattern = JSON.stringify({ detail: { data: { location: [{ prefix: "eu-" }] } } });
    const event = (location: string) =>
      JSON.stringify({
        id: "1",
        source: "s",
        "detail-type": "d",
        account: ACCOUNT,
        time: "2026-11-22T12:00:00Z",
        region: "us-east-1",
        resources: [],
        detail: { data: { location } },
      });

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
        new CreateStateMachineCommand({
          name: `versions-${randomUUID()}`,
          definition: definition("Done"),
          roleArn: "arn:aws:iam::123456789012:role/unused",
          publish: true,
        }),
      );
      await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: definition("Done"), publish: true }));
      const { stateMachineVersions } = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
      expect(stateMachineVersions!.map((version) => version.stateMachineVersionArn)).toEqual([`${stateMachineArn}:2`, `${stateMachineArn}:1`]);
    });
  });

  describe("AppSync GraphQL APIs keep what the provider sends", () => {
    it("gives APIs ids of AWS's form, without the dashes the provider splits resource ids on", async () => {
      const { graphqlApi } = await appsync.send(new CreateGraphqlApiCommand({ name: unique("ids"), authenticationType: "AWS_IAM" }));
      expect(graphqlApi!.apiId).toMatch(/^[a-z0-9]{26}$/);
      expect(graphqlApi!.arn).toBe(`arn:aws:appsync:us-east-1:${ACCOUNT}:apis/${graphqlApi!.apiId}`);
    });

    it("answers GraphQL and real-time URIs of AWS's form, on a host named by an endpoint id that is not the API id", async () => {
      const { graphqlApi } = await appsync.send(new CreateGraphqlApiCommand({ name: unique("uris"), authenticationType: "AWS_IAM" }));
      const { uris, dns } = (await appsync.send(new GetGraphqlApiCommand({ apiId: graphqlApi!.apiId }))).graphqlApi!;
      const endpointId = /^https:\/\/([a-z0-9]{26})\.appsync-api\.us-east-1\.amazonaws\.com\/graphql$/.exec(uris!.GRAPHQL)![1];
      expect(endpointId).not.toBe(graphqlApi!.apiId);
      expect(uris!.REALTIME).toBe(`wss://${endpointId}.appsync-realtime-api.us-east-1.amazonaws.com/graphql`);
      expect(dns).toEqual({
        GRAPHQL: `${endpointId}.appsync-api.us-east-1.amazonaws.com`,
        REALTIME: `${endpointId}.appsync-realtime-api.us-east-1.amazonaws.com`,
      });
    });

    it("returns AWS's defaults for the fields moto drops (apiType, introspection, limits, owner)", async () => {
      const { graphqlApi } = await appsync.send(new CreateGraphqlApiCommand({ name: unique("defaults"), authenticationType: "AWS_IAM" }));
      const read = (await appsync.send(new GetGraphqlApiCommand({ apiId: graphqlApi!.apiId }))).graphqlApi!;
      expect(read).toMatchObject({ apiType: "GRAPHQL", introspectionConfig: "ENABLED", queryDepthLimit: 0, resolverCountLimit: 0, owner: ACCOUNT });
    });

    it("returns those fields as sent on create", async () => {
      const { graphqlApi } = await appsync.send(
        new CreateGraphqlApiCommand({
          name: unique("sent"),
          authenticationType: "AWS_IAM",
          introspectionConfig: "DISABLED",
          queryDepthLimit: 5,
          resolverCountLimit: 20,
        }),
      );
      const read = (await appsync.send(new GetGraphqlApiCommand({ apiId: graphqlApi!.apiId }))).graphqlApi!;
      expect(read).toMatchObject({ introspectionConfig: "DISABLED", queryDepthLimit: 5, resolverCountLimit: 20 });
    });

    it("replaces the configuration on update, so a removed API key provider and log config are gone", async () => {
      const { graphqlApi } = await appsync.send(
        new CreateGraphqlApiCommand({
          name: unique("update"),
          authenticationType: "AWS_IAM",
          additionalAuthenticationProviders: [{ authenticationType: "API_KEY" }],
          logConfig: { fieldLogLevel: "ALL", cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/logs` },
          xrayEnabled: true,
        }),
      );
      await appsync.send(new UpdateGraphqlApiCommand({ apiId: graphqlApi!.apiId, name: "renamed", authenticationType: "AWS_IAM" }));
      const read = (await appsync.send(new GetGraphqlApiCommand({ apiId: graphqlApi!.apiId }))).graphqlApi!;
      expect(read).toMatchObject({ name: "renamed", xrayEnabled: false, apiType: "GRAPHQL" });
      expect(read.additionalAuthenticationProviders ?? []).toEqual([]);
      expect(read.logConfig).toBeUndefined();
    });

    it("refuses to update an unknown API with NotFoundException", async () => {
      await expect(appsync.send(new UpdateGraphqlApiCommand({ apiId: "missing", name: "x", authenticationType: "AWS_IAM" }))).rejects.toMatchObject({
        name: "NotFoundException",
      });
    });
  });

  describe("AppSync data sources, resolvers and functions", () => {
    const schema = `
      type Order { orderId: ID! status: String }
      type Query { order(orderId: ID!): Order }
      type Mutation { publishOrderStatus(orderId: ID!, status: String!): Order }
      schema { query: Query mutation: Mutation }`;
    let apiId: string;
    let apiArn: string;
    const dynamodbSource = (name: string, description = "the view table") => ({
      apiId,
      name,
      description,
      type: "AMAZON_DYNAMODB" as const,
      serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/appsync`,
      dynamodbConfig: { tableName: "view", awsRegion: "us-east-1" },
    });
    const templates = {
      requestMappingTemplate: '{"version":"2018-05-29","payload":$util.toJson($ctx.args)}',
      responseMappingTemplate: "$util.toJson($ctx.result)",
    };

    beforeAll(async () => {
      const { graphqlApi } = await appsync.send(new CreateGraphqlApiCommand({ name: unique("children"), authenticationType: "AWS_IAM" }));
      apiId = graphqlApi!.apiId!;
      apiArn = graphqlApi!.arn!;
      await appsync.send(new StartSchemaCreationCommand({ apiId, definition: new TextEncoder().encode(schema) }));
      await eventually("the schema", async () => ((await appsync.send(new GetSchemaCreationStatusCommand({ apiId }))).status === "SUCCESS" ? true : undefined));
      await appsync.send(new CreateDataSourceCommand({ apiId, name: "Local", type: "NONE" }));
    });

    it("creates a data source and reads it back as stored, with its ARN", async () => {
      const { dataSource } = await appsync.send(new CreateDataSourceCommand(dynamodbSource("Created")));
      const expected = {
        dataSourceArn: `${apiArn}/datasources/Created`,
        name: "Created",
        description: "the view table",
        type: "AMAZON_DYNAMODB",
        serviceRoleArn: `arn:aws:iam::${ACCOUNT}:role/appsync`,
        dynamodbConfig: { tableName: "view", awsRegion: "us-east-1" },
      };
      expect(dataSource).toEqual(expected);
      expect((await appsync.send(new GetDataSourceCommand({ apiId, name: "Created" }))).dataSource).toEqual(expected);
    });

    it("updates a data source by replacing its configuration", async () => {
      await appsync.send(new CreateDataSourceCommand(dynamodbSource("Updated")));
      await appsync.send(new UpdateDataSourceCommand({ apiId, name: "Updated", type: "NONE", description: "now local" }));
      const { dataSource } = await appsync.send(new GetDataSourceCommand({ apiId, name: "Updated" }));
      expect(dataSource).toEqual({ dataSourceArn: `${apiArn}/datasources/Updated`, name: "Updated", type: "NONE", description: "now local" });
    });

    it("lists the API's data sources", async () => {
      await appsync.send(new CreateDataSourceCommand(dynamodbSource("Listed")));
      const { dataSources } = await appsync.send(new ListDataSourcesCommand({ apiId }));
      expect(dataSources!.map((source) => source.name)).toEqual(expect.arrayContaining(["Local", "Listed"]));
    });

    it("deletes a data source, after which reading it is NotFoundException (Terraform forgets it)", async () => {
      await appsync.send(new CreateDataSourceCommand(dynamodbSource("Deleted")));
      await appsync.send(new DeleteDataSourceCommand({ apiId, name: "Deleted" }));
      await expect(appsync.send(new GetDataSourceCommand({ apiId, name: "Deleted" }))).rejects.toMatchObject({ name: "NotFoundException" });
      await expect(appsync.send(new DeleteDataSourceCommand({ apiId, name: "Deleted" }))).rejects.toMatchObject({ name: "NotFoundException" });
    });

    it("refuses a second data source of the same name with BadRequestException", async () => {
      await appsync.send(new CreateDataSourceCommand(dynamodbSource("Twice")));
      await expect(appsync.send(new CreateDataSourceCommand(dynamodbSource("Twice")))).rejects.toMatchObject({ name: "BadRequestException" });
    });

    it("answers NotFoundException for the data sources of an unknown API", async () => {
      await expect(appsync.send(new GetDataSourceCommand({ apiId: "missing", name: "Local" }))).rejects.toMatchObject({ name: "NotFoundException" });
    });

    it("creates a UNIT resolver with VTL templates and returns it with AWS's defaults", async () => {
      const { resolver } = await appsync.send(
        new CreateResolverCommand({ apiId, typeName: "Query", fieldName: "order", dataSourceName: "Local", ...templates }),
      );
      const expected = {
        typeName: "Query",
        fieldName: "order",
        dataSourceName: "Local",
        resolverArn: `${apiArn}/types/Query/resolvers/order`,
        kind: "UNIT",
        maxBatchSize: 0,
        ...templates,
      };
      expect(resolver).toEqual(expected);
      expect((await appsync.send(new GetResolverCommand({ apiId, typeName: "Query", fieldName: "order" }))).resolver).toEqual(expected);
      expect((await appsync.send(new ListResolversCommand({ apiId, typeName: "Query" }))).resolvers).toEqual([expected]);
    });

    it("updates a resolver's templates, and deletes it", async () => {
      await appsync.send(new CreateResolverCommand({ apiId, typeName: "Mutation", fieldName: "publishOrderStatus", dataSourceName: "Local", ...templates }));
      await appsync.send(
        new UpdateResolverCommand({
          apiId,
          typeName: "Mutation",
          fieldName: "publishOrderStatus",
          dataSourceName: "Local",
          ...templates,
          responseMappingTemplate: "$util.toJson($ctx.args)",
        }),
      );
      const { resolver } = await appsync.send(new GetResolverCommand({ apiId, typeName: "Mutation", fieldName: "publishOrderStatus" }));
      expect(resolver!.responseMappingTemplate).toBe("$util.toJson($ctx.args)");
      await appsync.send(new DeleteResolverCommand({ apiId, typeName: "Mutation", fieldName: "publishOrderStatus" }));
      await expect(appsync.send(new GetResolverCommand({ apiId, typeName: "Mutation", fieldName: "publishOrderStatus" }))).rejects.toMatchObject({
        name: "NotFoundException",
      });
    });

    it("refuses a resolver on a type or field the schema does not have (NotFoundException)", async () => {
      await expect(
        appsync.send(new CreateResolverCommand({ apiId, typeName: "Query", fieldName: "orders", dataSourceName: "Local", ...templates })),
      ).rejects.toMatchObject({ name: "NotFoundException" });
      await expect(
        appsync.send(new CreateResolverCommand({ apiId, typeName: "Nowhere", fieldName: "order", dataSourceName: "Local", ...templates })),
      ).rejects.toMatchObject({ name: "NotFoundException" });
    });

    it("refuses a resolver whose data source does not exist (NotFoundException)", async () => {
      await expect(
        appsync.send(new CreateResolverCommand({ apiId, typeName: "Order", fieldName: "status", dataSourceName: "Missing", ...templates })),
      ).rejects.toMatchObject({ name: "NotFoundException" });
    });

    it("creates, updates, lists and deletes a function, with its id and ARN", async () => {
      const { functionConfiguration } = await appsync.send(
        new CreateFunctionCommand({ apiId, name: "passthrough", dataSourceName: "Local", functionVersion: "2018-05-29", ...templates }),
      );
      const functionId = functionConfiguration!.functionId!;
      expect(functionConfiguration).toEqual({
        functionId,
        functionArn: `${apiArn}/functions/${functionId}`,
        name: "passthrough",
        dataSourceName: "Local",
        functionVersion: "2018-05-29",
        maxBatchSize: 0,
        ...templates,
      });
      await appsync.send(
        new UpdateFunctionCommand({ apiId, functionId, name: "renamed", dataSourceName: "Local", functionVersion: "2018-05-29", ...templates }),
      );
      expect((await appsync.send(new GetFunctionCommand({ apiId, functionId }))).functionConfiguration!.name).toBe("renamed");
      expect((await appsync.send(new ListFunctionsCommand({ apiId }))).functions!.map((f) => f.functionId)).toContain(functionId);
      await appsync.send(new DeleteFunctionCommand({ apiId, functionId }));
      await expect(appsync.send(new GetFunctionCommand({ apiId, functionId }))).rejects.toMatchObject({ name: "NotFoundException" });
    });

    it("creates a PIPELINE resolver over existing functions, and refuses an unknown function", async () => {
      const { functionConfiguration } = await appsync.send(
        new CreateFunctionCommand({ apiId, name: "step", dataSourceName: "Local", functionVersion: "2018-05-29", ...templates }),
      );
      const pipelineConfig = { functions: [functionConfiguration!.functionId!] };
      const { resolver } = await appsync.send(
        new CreateResolverCommand({ apiId, typeName: "Order", fieldName: "orderId", kind: "PIPELINE", pipelineConfig, ...templates }),
      );
      expect(resolver).toMatchObject({ kind: "PIPELINE", pipelineConfig });
      await expect(
        appsync.send(
          new CreateResolverCommand({
            apiId,
            typeName: "Order",
            fieldName: "status",
            kind: "PIPELINE",
            pipelineConfig: { functions: ["missing"] },
            ...templates,
          }),
        ),
      ).rejects.toMatchObject({ name: "NotFoundException" });
    });

    it("deletes an API's data sources, resolvers and functions with it", async () => {
      const { graphqlApi } = await appsync.send(new CreateGraphqlApiCommand({ name: unique("gone"), authenticationType: "AWS_IAM" }));
      await appsync.send(new CreateDataSourceCommand({ apiId: graphqlApi!.apiId, name: "Local", type: "NONE" }));
      await appsync.send(new DeleteGraphqlApiCommand({ apiId: graphqlApi!.apiId }));
      await expect(appsync.send(new ListDataSourcesCommand({ apiId: graphqlApi!.apiId }))).rejects.toMatchObject({ name: "NotFoundException" });
    });
  });

  describe("Cognito identity pool roles and tags (signed JSON requests: no Cognito client installed)", () => {
    /** The fields of Cognito's answers these tests read (each action answers some of them). */
    type PoolAnswer = { IdentityPoolId?: string; Roles?: unknown; IdentityPoolTags?: unknown };
    const cognito = (action: string, body: object) => awsJson<PoolAnswer>(context.endpoint, "cognito-identity", `AWSCognitoIdentityService.${action}`, body);
    const createPool = async () =>
      (await cognito("CreateIdentityPool", { IdentityPoolName: unique("pool"), AllowUnauthenticatedIdentities: true })).body.IdentityPoolId as string;
    const roles = { unauthenticated: `arn:aws:iam::${ACCOUNT}:role/guest`, authenticated: `arn:aws:iam::${ACCOUNT}:role/member` };

    it("stores the roles SetIdentityPoolRoles sets and returns them from GetIdentityPoolRoles", async () => {
      const poolId = await createPool();
      expect((await cognito("SetIdentityPoolRoles", { IdentityPoolId: poolId, Roles: roles })).status).toBe(200);
      expect((await cognito("GetIdentityPoolRoles", { IdentityPoolId: poolId })).body).toEqual({ IdentityPoolId: poolId, Roles: roles });
    });

    it("replaces the roles on a second SetIdentityPoolRoles", async () => {
      const poolId = await createPool();
      await cognito("SetIdentityPoolRoles", { IdentityPoolId: poolId, Roles: roles });
      await cognito("SetIdentityPoolRoles", { IdentityPoolId: poolId, Roles: { unauthenticated: roles.unauthenticated } });
      expect((await cognito("GetIdentityPoolRoles", { IdentityPoolId: poolId })).body.Roles).toEqual({ unauthenticated: roles.unauthenticated });
    });

    it("answers ResourceNotFoundException for an unknown pool", async () => {
      const missing = await cognito("GetIdentityPoolRoles", { IdentityPoolId: "us-east-1:00000000-0000-0000-0000-000000000000" });
      expect(missing).toMatchObject({ status: 400, body: { __type: "ResourceNotFoundException" } });
    });

    it("refuses a role key other than authenticated and unauthenticated (InvalidParameterException)", async () => {
      const poolId = await createPool();
      const refused = await cognito("SetIdentityPoolRoles", { IdentityPoolId: poolId, Roles: { guest: roles.unauthenticated } });
      expect(refused).toMatchObject({ status: 400, body: { __type: "InvalidParameterException" } });
    });

    it("tags and untags a pool by its ARN, as ListTagsForResource and DescribeIdentityPool show", async () => {
      const poolId = await createPool();
      const ResourceArn = `arn:aws:cognito-identity:us-east-1:${ACCOUNT}:identitypool/${poolId}`;
      await cognito("TagResource", { ResourceArn, Tags: { Project: "orders", Owner: "team" } });
      await cognito("UntagResource", { ResourceArn, TagKeys: ["Owner"] });
      expect((await cognito("ListTagsForResource", { ResourceArn })).body).toEqual({ Tags: { Project: "orders" } });
      expect((await cognito("DescribeIdentityPool", { IdentityPoolId: poolId })).body.IdentityPoolTags).toEqual({ Project: "orders" });
    });
  });

  describe("KMS key rotation period (signed JSON requests: no KMS client installed)", () => {
    /** The fields of KMS's answers these tests read (each action answers some of them). */
    type KeyAnswer = { KeyMetadata?: { KeyId: string; Arn: string }; RotationPeriodInDays?: number };
    const kms = (action: string, body: object) => awsJson<KeyAnswer>(context.endpoint, "kms", `TrentService.${action}`, body);

    it("returns the RotationPeriodInDays EnableKeyRotation set, with the key's ARN", async () => {
      const key = (await kms("CreateKey", {})).body.KeyMetadata!;
      await kms("EnableKeyRotation", { KeyId: key.KeyId, RotationPeriodInDays: 90 });
      expect((await kms("GetKeyRotationStatus", { KeyId: key.KeyId })).body).toEqual({ KeyId: key.Arn, KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    });

    it("defaults the period to AWS's 365 days, and returns none while rotation is off", async () => {
      const key = (await kms("CreateKey", {})).body.KeyMetadata!;
      expect((await kms("GetKeyRotationStatus", { KeyId: key.KeyId })).body).toEqual({ KeyId: key.Arn, KeyRotationEnabled: false });
      await kms("EnableKeyRotation", { KeyId: key.KeyId });
      expect((await kms("GetKeyRotationStatus", { KeyId: key.KeyId })).body.RotationPeriodInDays).toBe(365);
    });
  });

  describe("SNS topics and HTTP delivery", () => {
    const feedback = {
      HTTPSuccessFeedbackRoleArn: `arn:aws:iam::${ACCOUNT}:role/sns-feedback`,
      HTTPFailureFeedbackRoleArn: `arn:aws:iam::${ACCOUNT}:role/sns-feedback`,
      HTTPSuccessFeedbackSampleRate: "25",
    };

    it("returns the delivery-status logging attributes CreateTopic set", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("feedback"), Attributes: feedback }));
      expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes).toMatchObject(feedback);
    });

    it("returns an attribute SetTopicAttributes changed", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("feedback"), Attributes: feedback }));
      await sns.send(new SetTopicAttributesCommand({ TopicArn, AttributeName: "HTTPSuccessFeedbackSampleRate", AttributeValue: "100" }));
      expect((await sns.send(new GetTopicAttributesCommand({ TopicArn }))).Attributes!.HTTPSuccessFeedbackSampleRate).toBe("100");
    });

    it("filters on the message body once FilterPolicyScope is changed to MessageBody", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("scope") }));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique("scope") }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
      const { SubscriptionArn } = await sns.send(
        new SubscribeCommand({
          TopicArn,
          Protocol: "sqs",
          Endpoint: Attributes!.QueueArn,
          Attributes: { RawMessageDelivery: "true", FilterPolicy: JSON.stringify({ status: ["PROCESSED"] }) },
        }),
      );
      await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn, AttributeName: "FilterPolicyScope", AttributeValue: "MessageBody" }));
      await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ status: "FAILED" }) }));
      await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ status: "PROCESSED" }) }));
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      expect(Messages.map((message) => JSON.parse(message.Body!))).toEqual([{ status: "PROCESSED" }]);
    });

    it("publishes even when an HTTP subscriber is unreachable, and still delivers to the others", async () => {
      const receiver = await httpReceiver();
      try {
        const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("isolated") }));
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: `http://127.0.0.1:${await closedPort()}/gone` }));
        await sns.send(new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: `${receiver.url}/hook` }));
        await sns.send(new PublishCommand({ TopicArn, Message: "still delivered" }));
        const [delivery] = await eventually("the delivery to the live subscriber", async () => (receiver.requests.length ? receiver.requests : undefined));
        expect(JSON.parse(delivery.body)).toMatchObject({ Type: "Notification", TopicArn, Message: "still delivered" });
      } finally {
        await receiver.close();
      }
    });
  });

  describe("SNS delivery to HTTP subscribers in AWS's format", () => {
    const deliverOne = async (attributes: Record<string, string>, topicAttributes: Record<string, string> = {}) => {
      const receiver = await httpReceiver();
      try {
        const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("format"), Attributes: topicAttributes }));
        const { SubscriptionArn } = await sns.send(
          new SubscribeCommand({ TopicArn, Protocol: "http", Endpoint: `${receiver.url}/hook`, Attributes: attributes, ReturnSubscriptionArn: true }),
        );
        const { MessageId } = await sns.send(new PublishCommand({ TopicArn, Message: JSON.stringify({ orderId: "o-9" }) }));
        const [delivery] = await eventually("the delivery", async () => (receiver.requests.length ? receiver.requests : undefined));
        return { delivery, TopicArn, SubscriptionArn, MessageId };
      } finally {
        await receiver.close();
      }
    };

    it("sends SNS's headers: message type, message id, topic and subscription ARNs", async () => {
      const { delivery, TopicArn, SubscriptionArn, MessageId } = await deliverOne({});
      expect(delivery.headers).toMatchObject({
        "x-amz-sns-message-type": "Notification",
        "x-amz-sns-message-id": MessageId,
        "x-amz-sns-topic-arn": TopicArn,
        "x-amz-sns-subscription-arn": SubscriptionArn,
        "content-type": "text/plain; charset=UTF-8",
      });
      expect(delivery.headers["x-amz-sns-rawdelivery"]).toBeUndefined();
      expect(JSON.parse(delivery.body)).toMatchObject({ Type: "Notification", MessageId, TopicArn, Message: '{"orderId":"o-9"}' });
    });

    it("sends the message itself, marked x-amz-sns-rawdelivery, when RawMessageDelivery is true", async () => {
      const { delivery } = await deliverOne({ RawMessageDelivery: "true" });
      expect(delivery.body).toBe('{"orderId":"o-9"}');
      expect(delivery.headers["x-amz-sns-rawdelivery"]).toBe("true");
    });

    it("sends the Content-Type the subscription's delivery policy names, else the topic's", async () => {
      const subscriptionPolicy = { healthyRetryPolicy: { numRetries: 3 }, requestPolicy: { headerContentType: "application/json" } };
      expect((await deliverOne({ DeliveryPolicy: JSON.stringify(subscriptionPolicy) })).delivery.headers["content-type"]).toBe("application/json");
      const topicPolicy = { http: { defaultHealthyRetryPolicy: { numRetries: 3 }, defaultRequestPolicy: { headerContentType: "application/xml" } } };
      expect((await deliverOne({}, { DeliveryPolicy: JSON.stringify(topicPolicy) })).delivery.headers["content-type"]).toBe("application/xml");
    });
  });

  describe("rule delivery to targets moto does not deliver to", () => {
    const transformer = {
      InputPathsMap: { orderId: "$.detail.orderId", status: "$.detail.status" },
      InputTemplate: '{"orderId":"<orderId>","status":"<status>"}',
    };
    const put = (bus: string, detail: object) =>
      events.send(
        new PutEventsCommand({ Entries: [{ EventBusName: bus, Source: "com.orders.processing", DetailType: "OrderStatus", Detail: JSON.stringify(detail) }] }),
      );
    const busWithTarget = async (target: Target) => {
      const bus = unique("delivery");
      await events.send(new CreateEventBusCommand({ Name: bus }));
      await events.send(new PutRuleCommand({ Name: "status", EventBusName: bus, EventPattern: JSON.stringify({ source: ["com.orders.processing"] }) }));
      await events.send(new PutTargetsCommand({ Rule: "status", EventBusName: bus, Targets: [target] }));
      return bus;
    };

    it("accepts events whose matching rule targets a Lambda function (invoked after PutEvents answered), instead of failing PutEvents", async () => {
      const { FailedEntryCount } = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: context.outputs.orders_bus_name,
              Source: "com.orders.processing",
              DetailType: "OrderProcessed",
              Detail: JSON.stringify({ marker: randomUUID() }),
            },
          ],
        }),
      );
      expect(FailedEntryCount).toBe(0);
    });

    it("publishes the transformed input of an SNS target through the topic's subscriptions (body filter, HTTP POST)", async () => {
      const receiver = await httpReceiver();
      try {
        const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("webhooks") }));
        await sns.send(
          new SubscribeCommand({
            TopicArn,
            Protocol: "http",
            Endpoint: `${receiver.url}/hook`,
            Attributes: { FilterPolicyScope: "MessageBody", FilterPolicy: JSON.stringify({ status: ["PROCESSED"] }) },
          }),
        );
        const bus = await busWithTarget({ Id: "Webhooks", Arn: TopicArn, InputTransformer: transformer });
        expect((await put(bus, { orderId: "o-failed", status: "FAILED" })).FailedEntryCount).toBe(0);
        await put(bus, { orderId: "o-1", status: "PROCESSED" });
        const [delivery] = await eventually("the webhook", async () => (receiver.requests.length ? receiver.requests : undefined));
        expect(JSON.parse(JSON.parse(delivery.body).Message)).toEqual({ orderId: "o-1", status: "PROCESSED" });
        expect(receiver.requests).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    });

    it("publishes the whole event, time in ISO form, to an SNS target without an input transformer", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("whole") }));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique("whole") }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: Attributes!.QueueArn, Attributes: { RawMessageDelivery: "true" } }));
      const bus = await busWithTarget({ Id: "Whole", Arn: TopicArn });
      await put(bus, { orderId: "o-2", status: "PROCESSED" });
      const message = await eventually(
        "the event in the queue",
        async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }))).Messages?.[0],
      );
      expect(JSON.parse(message.Body!)).toMatchObject({
        source: "com.orders.processing",
        "detail-type": "OrderStatus",
        detail: { orderId: "o-2", status: "PROCESSED" },
      });
      expect(JSON.parse(message.Body!).time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    });

    it("gives an input transformer the event's time in ISO 8601, as on AWS (moto keeps epoch seconds)", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("time") }));
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: unique("time") }));
      const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: Attributes!.QueueArn, Attributes: { RawMessageDelivery: "true" } }));
      const timed = { InputPathsMap: { time: "$.time" }, InputTemplate: '{"occurredAt":"<time>"}' };
      const bus = await busWithTarget({ Id: "Timed", Arn: TopicArn, InputTransformer: timed });
      await events.send(
        new PutEventsCommand({
          Entries: [{ EventBusName: bus, Source: "com.orders.processing", DetailType: "OrderStatus", Detail: "{}", Time: new Date("2026-11-22T12:34:56Z") }],
        }),
      );
      const message = await eventually(
        "the message in the queue",
        async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }))).Messages?.[0],
      );
      expect(JSON.parse(message.Body!)).toEqual({ occurredAt: "2026-11-22T12:34:56Z" });
    });

    it("starts a Step Functions target's execution with the event as AWS delivers it", async () => {
      const { stateMachineArn } = await sfn.send(
        new CreateStateMachineCommand({
          name: unique("target"),
          definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
          roleArn: `arn:aws:iam::${ACCOUNT}:role/unused`,
        }),
      );
      const bus = await busWithTarget({ Id: "Workflow", Arn: stateMachineArn, RoleArn: `arn:aws:iam::${ACCOUNT}:role/events` });
      await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: bus,
              Source: "com.orders.processing",
              DetailType: "OrderStatus",
              Detail: '{"orderId":"o-7"}',
              Time: new Date("2026-11-22T12:34:56Z"),
            },
          ],
        }),
      );
      const [execution] = await eventually("the execution", async () =>
        (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.slice(0, 1),
      );
      const { input } = await sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      expect(JSON.parse(input!)).toEqual({
        version: "0",
        id: expect.any(String),
        "detail-type": "OrderStatus",
        source: "com.orders.processing",
        account: ACCOUNT,
        time: "2026-11-22T12:34:56Z",
        region: "us-east-1",
        resources: [],
        detail: { orderId: "o-7" },
      });
    });

    it("logs a delivery whose input transformer does not produce JSON, and still accepts the event", async () => {
      const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: unique("broken") }));
      const broken = { InputPathsMap: { value: "$.detail.value" }, InputTemplate: '{"value": <value>}' };
      const bus = await busWithTarget({ Id: "Broken", Arn: TopicArn, InputTransformer: broken });
      expect((await put(bus, { orderId: "o-no-value" })).FailedEntryCount).toBe(0);
      await eventually("the failed delivery in the emulator log", async () =>
        readFileSync(context.logFile, "utf8").includes(`delivery failed: rule status -> ${TopicArn}: input transformer: JSONDecodeError`) ? true : undefined,
      );
    });

    describe("to AppSync", () => {
      const operation = "mutation Publish($input: OrderStatusInput!) { publishOrderStatus(input: $input) { orderId status } }";
      /** The target ARN as the stack builds it: the endpoint id from the GraphQL URL's host. */
      const endpointArn = (api: GraphqlApi) =>
        `arn:aws:appsync:us-east-1:${ACCOUNT}:endpoints/graphql-api/${new URL(api.uris!.GRAPHQL).hostname.split(".")[0]}`;
      const appsyncTarget = (arn: string): Target => ({
        Id: "Realtime",
        Arn: arn,
        RoleArn: `arn:aws:iam::${ACCOUNT}:role/appsync-target`,
        AppSyncParameters: { GraphQLOperation: operation },
        InputTransformer: { InputPathsMap: transformer.InputPathsMap, InputTemplate: `{"input":${transformer.InputTemplate}}` },
      });
      const newApi = async () => (await appsync.send(new CreateGraphqlApiCommand({ name: unique("realtime"), authenticationType: "AWS_IAM" }))).graphqlApi!;

      it("POSTs the operation with the transformed variables to the registered URL, SigV4-signed for appsync", async () => {
        const receiver = await httpReceiver();
        const api = await newApi();
        try {
          await forwarding("POST", { apiId: api.apiId, url: `${receiver.url}/graphql` });
          await put(await busWithTarget(appsyncTarget(endpointArn(api))), { orderId: "o-3", status: "PROCESSED" });
          const [delivery] = await eventually("the mutation", async () => (receiver.requests.length ? receiver.requests : undefined));
          expect(delivery.path).toBe("/graphql");
          expect(JSON.parse(delivery.body)).toEqual({ query: operation, variables: { input: { orderId: "o-3", status: "PROCESSED" } } });
          expect(delivery.headers.authorization).toMatch(
            /^AWS4-HMAC-SHA256 Credential=test\/\d{8}\/us-east-1\/appsync\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/,
          );
          expect(delivery.headers.authorization).toBe(authorizationFor(delivery, "appsync"));
        } finally {
          await forwarding("DELETE", undefined, `?apiId=${api.apiId}`);
          await receiver.close();
        }
      });

      it("delivers to a target whose ARN names the API id instead of the endpoint id", async () => {
        const receiver = await httpReceiver();
        const api = await newApi();
        try {
          await forwarding("POST", { apiId: api.apiId, url: `${receiver.url}/graphql` });
          await put(await busWithTarget(appsyncTarget(api.arn!.replace(":apis/", ":endpoints/graphql-api/"))), { orderId: "o-6", status: "PROCESSED" });
          const [delivery] = await eventually("the mutation", async () => (receiver.requests.length ? receiver.requests : undefined));
          expect(JSON.parse(delivery.body).variables).toEqual({ input: { orderId: "o-6", status: "PROCESSED" } });
        } finally {
          await forwarding("DELETE", undefined, `?apiId=${api.apiId}`);
          await receiver.close();
        }
      });

      it("logs the delivery it skips when no URL is registered for the API", async () => {
        const api = await newApi();
        await put(await busWithTarget(appsyncTarget(endpointArn(api))), { orderId: "o-4", status: "PROCESSED" });
        await eventually("the skipped delivery in the emulator log", async () =>
          readFileSync(context.logFile, "utf8").includes(`not delivered (no AppSync forwarding registered for API ${api.apiId})`) ? true : undefined,
        );
      });

      it("logs a failed delivery with the HTTP status the GraphQL server answered", async () => {
        const receiver = await httpReceiver(500);
        const api = await newApi();
        try {
          await forwarding("POST", { apiId: api.apiId, url: `${receiver.url}/graphql` });
          await put(await busWithTarget(appsyncTarget(endpointArn(api))), { orderId: "o-5", status: "PROCESSED" });
          await eventually("the failed delivery in the emulator log", async () =>
            /delivery failed: rule status -> arn:aws:appsync:[^ ]+ \(http:\/\/127\.0\.0\.1:\d+\/graphql\): HTTP 500/.test(readFileSync(context.logFile, "utf8"))
              ? true
              : undefined,
          );
        } finally {
          await forwarding("DELETE", undefined, `?apiId=${api.apiId}`);
          await receiver.close();
        }
      });
    });
  });

  describe("AppSync forwarding control endpoint", () => {
    it("registers a URL for an API id, lists it, and clears it", async () => {
      const apiId = unique("registered");
      expect(await forwarding("POST", { apiId, url: "http://127.0.0.1:1/graphql" })).toEqual({
        status: 200,
        body: { apiId, url: "http://127.0.0.1:1/graphql" },
      });
      expect((await forwarding("GET")).body.forwardings).toContainEqual({ apiId, url: "http://127.0.0.1:1/graphql" });
      await forwarding("DELETE", undefined, `?apiId=${apiId}`);
      expect((await forwarding("GET")).body.forwardings).not.toContainEqual(expect.objectContaining({ apiId }));
    });

    it("replaces the URL of an API registered again", async () => {
      const apiId = unique("again");
      await forwarding("POST", { apiId, url: "http://127.0.0.1:1/graphql" });
      await forwarding("POST", { apiId, url: "http://127.0.0.1:2/graphql" });
      expect((await forwarding("GET")).body.forwardings!.filter((f: { apiId: string }) => f.apiId === apiId)).toEqual([
        { apiId, url: "http://127.0.0.1:2/graphql" },
      ]);
      await forwarding("DELETE", undefined, `?apiId=${apiId}`);
    });

    it("refuses a registration without an apiId or an http(s) url (400, naming the field)", async () => {
      expect(await forwarding("POST", { url: "http://127.0.0.1:1/graphql" })).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/^apiId: got None/) },
      });
      expect(await forwarding("POST", { apiId: "x", url: "ftp://host/graphql" })).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/^url: got 'ftp:\/\/host\/graphql'/) },
      });
    });
  });

  describe("API Gateway OpenAPI import and REST API tags", () => {
    const document = (validators: Record<string, object>) => ({
      openapi: "3.0.1",
      info: { title: "orders", version: "1" },
      "x-amazon-apigateway-request-validators": validators,
      components: {
        schemas: {
          Order: {
            type: "object",
            required: ["location"],
            properties: { location: { type: "string" }, lines: { type: "array", items: { $ref: "#/components/schemas/Line" } } },
          },
          Line: { type: "object", properties: { sku: { type: "string" } } },
        },
        securitySchemes: { sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" } },
      },
      paths: {
        "/orders": {
          post: {
            security: [{ sigv4: [] }],
            "x-amazon-apigateway-request-validator": "body",
            requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } } },
            responses: { "202": { description: "accepted" } },
            "x-amazon-apigateway-integration": {
              type: "aws",
              httpMethod: "POST",
              uri: "arn:aws:apigateway:us-east-1:events:action/PutEvents",
              responses: { default: { statusCode: "202" } },
            },
          },
        },
        "/orders/{id}": {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          get: {
            responses: { "200": { description: "ok" } },
            "x-amazon-apigateway-integration": {
              type: "aws",
              httpMethod: "POST",
              uri: "arn:aws:apigateway:us-east-1:dynamodb:action/GetItem",
              responses: { default: { statusCode: "200" } },
            },
          },
        },
      },
    });
    const importApi = async (validators: Record<string, object>, restApiId?: string) => {
      const id = restApiId ?? (await apigateway.send(new CreateRestApiCommand({ name: unique("openapi") }))).id!;
      await apigateway.send(new PutRestApiCommand({ restApiId: id, mode: "overwrite", body: new TextEncoder().encode(JSON.stringify(document(validators))) }));
      return id;
    };
    const methodAt = async (restApiId: string, path: string, httpMethod: string) => {
      const { items = [] } = await apigateway.send(new GetResourcesCommand({ restApiId }));
      const resource = items.find((item) => item.path === path)!;
      expect(Object.keys(resource.resourceMethods ?? {})).toEqual([httpMethod]);
      return apigateway.send(new GetMethodCommand({ restApiId, resourceId: resource.id, httpMethod }));
    };

    it("imports x-amazon-apigateway-request-validators and sets the operation's validator", async () => {
      const restApiId = await importApi({ body: { validateRequestBody: true, validateRequestParameters: false } });
      const { items } = await apigateway.send(new GetRequestValidatorsCommand({ restApiId }));
      expect(items).toEqual([expect.objectContaining({ name: "body", validateRequestBody: true, validateRequestParameters: false })]);
      expect((await methodAt(restApiId, "/orders", "POST")).requestValidatorId).toBe(items![0].id);
    });

    it("imports components.schemas as JSON models with references rewritten to model URLs, and the request model", async () => {
      const restApiId = await importApi({});
      const { items = [] } = await apigateway.send(new GetModelsCommand({ restApiId }));
      const order = items.find((model) => model.name === "Order")!;
      expect(order.contentType).toBe("application/json");
      expect(JSON.parse(order.schema!).properties.lines.items).toEqual({ $ref: `https://apigateway.amazonaws.com/restapis/${restApiId}/models/Line` });
      expect((await methodAt(restApiId, "/orders", "POST")).requestModels).toEqual({ "application/json": "Order" });
    });

    it("makes an operation secured by an awsSigv4 scheme AWS_IAM, and one without security NONE", async () => {
      const restApiId = await importApi({});
      expect((await methodAt(restApiId, "/orders", "POST")).authorizationType).toBe("AWS_IAM");
      expect((await methodAt(restApiId, "/orders/{id}", "GET")).authorizationType).toBe("NONE");
    });

    it("imports path-level parameters as request parameters, not as a method", async () => {
      const restApiId = await importApi({});
      expect((await methodAt(restApiId, "/orders/{id}", "GET")).requestParameters).toEqual({ "method.request.path.id": true });
    });

    it("replaces the validators and models on an overwrite import", async () => {
      const restApiId = await importApi({ body: { validateRequestBody: true } });
      await importApi({ params: { validateRequestParameters: true } }, restApiId);
      const { items = [] } = await apigateway.send(new GetRequestValidatorsCommand({ restApiId }));
      expect(items.map((validator) => validator.name)).toEqual(["params"]);
      expect(((await apigateway.send(new GetModelsCommand({ restApiId }))).items ?? []).map((model) => model.name).sort()).toEqual(["Line", "Order"]);
    });

    it("tags and untags a REST API by its ARN, as GetRestApi and GetTags show", async () => {
      const { id } = await apigateway.send(new CreateRestApiCommand({ name: unique("tagged"), tags: { Project: "orders" } }));
      const resourceArn = `arn:aws:apigateway:us-east-1::/restapis/${id}`;
      await apigateway.send(new TagResourceCommand({ resourceArn, tags: { Owner: "team", Stage: "local" } }));
      await apigateway.send(new UntagResourceCommand({ resourceArn, tagKeys: ["Stage"] }));
      expect((await apigateway.send(new GetRestApiCommand({ restApiId: id }))).tags).toEqual({ Project: "orders", Owner: "team" });
      expect((await apigateway.send(new GetTagsCommand({ resourceArn }))).tags).toEqual({ Project: "orders", Owner: "team" });
    });
  });

  describe("its own TLS certificate", () => {
    it("serves HTTPS with the certificate in .emulator/, which clients can verify instead of skipping verification", async () => {
      const served = await peerCertificate(context.endpoint, emulatorCertificate());
      expect(served.fingerprint256).toBe(new X509Certificate(readFileSync(emulatorCertificate())).fingerprint256);
    });

    it("is valid for 127.0.0.1 and localhost", () => {
      expect(new X509Certificate(readFileSync(emulatorCertificate())).subjectAltName).toBe("DNS:localhost, IP Address:127.0.0.1");
    });

    it("is trusted by an AWS SDK client given the certificate", async () => {
      const verified = new SNSClient(awsClientConfig(context.endpoint, { certFile: emulatorCertificate() }));
      await expect(verified.send(new CreateTopicCommand({ Name: unique("verified") }))).resolves.toMatchObject({ TopicArn: expect.any(String) });
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

  describe("on an emulator of its own, with its certificate in a scratch folder", () => {
    let scratch: string;
    beforeEach(() => {
      scratch = mkdtempSync(join(tmpdir(), "emulator-cert-"));
    });
    afterEach(() => rmSync(scratch, { recursive: true, force: true }));

    it("writes the certificate it serves where it is told, its key readable by the owner only", async () => {
      const certFile = join(scratch, "emulator.pem");
      const emulator = await startEmulator({ port: await closedPort(), certFile });
      try {
        expect(emulator.certFile).toBe(certFile);
        expect((await peerCertificate(emulator.endpoint, certFile)).fingerprint256).toBe(new X509Certificate(readFileSync(certFile)).fingerprint256);
        expect(statSync(join(scratch, "emulator.key")).mode & 0o777).toBe(0o600);
      } finally {
        await emulator.stop();
      }
    });

    it("keeps the same certificate across restarts, so clients keep trusting it", async () => {
      const certFile = join(scratch, "emulator.pem");
      const first = await startEmulator({ port: await closedPort(), certFile });
      await first.stop();
      const written = readFileSync(certFile, "utf8");
      const second = await startEmulator({ port: await closedPort(), certFile });
      try {
        expect((await peerCertificate(second.endpoint, certFile)).fingerprint256).toBe(new X509Certificate(written).fingerprint256);
      } finally {
        await second.stop();
      }
    });

    it("clears the account's CloudWatch role on an UpdateAccount patch without a value (reset_on_delete)", async () => {
      const emulator = await startEmulator({ port: await closedPort(), certFile: join(scratch, "emulator.pem") });
      try {
        const own = new APIGatewayClient(awsClientConfig(emulator.endpoint, { certFile: emulator.certFile }));
        const cloudwatchRoleArn = `arn:aws:iam::${ACCOUNT}:role/apigw-logs`;
        await own.send(new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: cloudwatchRoleArn }] }));
        expect((await own.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBe(cloudwatchRoleArn);
        await own.send(new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn" }] }));
        expect((await own.send(new GetAccountCommand({}))).cloudwatchRoleArn).toBeUndefined();
      } finally {
        await emulator.stop();
      }
    });

    it("clears every AppSync forwarding on DELETE without an apiId", async () => {
      const emulator = await startEmulator({ port: await closedPort(), certFile: join(scratch, "emulator.pem") });
      try {
        await forwarding("POST", { apiId: "one", url: "http://127.0.0.1:1/graphql" }, "", emulator);
        await forwarding("POST", { apiId: "two", url: "http://127.0.0.1:2/graphql" }, "", emulator);
        expect(await forwarding("DELETE", undefined, "", emulator)).toEqual({ status: 200, body: { forwardings: [] } });
      } finally {
        await emulator.stop();
      }
    });
  });
});

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP server that records every request and answers `status`. */
async function httpReceiver(status = 200): Promise<{ url: string; requests: Received[]; close(): Promise<void> }> {
  const requests: Received[] = [];
  const server = createHttpServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      requests.push({ path: request.url!, headers: request.headers, body });
      response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ data: {} }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** What the forwarding control endpoint answers: the registration, or the list of them. */
type ForwardingAnswer = { apiId?: string; url?: string; forwardings?: { apiId: string; url: string }[] };

/** The launcher's AppSync forwarding control endpoint. */
function forwarding(
  method: "GET" | "POST" | "DELETE",
  body?: object,
  query = "",
  emulator = { endpoint: context.endpoint, certFile: emulatorCertificate() },
): Promise<JsonResponse<ForwardingAnswer>> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return httpsJson(`${emulator.endpoint}/_emulator/appsync-forwarding${query}`, method, {}, payload, emulator.certFile);
}

/** The Authorization header a received request should carry if it was SigV4-signed for `service`. */
function authorizationFor(received: Received, service: string): string {
  const signed = /SignedHeaders=([^,]+)/.exec(String(received.headers.authorization))![1].split(";");
  return sigv4({ method: "POST", path: received.path, headers: received.headers, body: received.body }, service, signed);
}

/** The certificate the server presents, over a connection that verifies it against `certFile`. */
function peerCertificate(endpoint: string, certFile: string): Promise<{ fingerprint256: string }> {
  return new Promise((resolve, reject) => {
    const call = httpsRequest(`${endpoint}/moto-api/`, { agent: emulatorHttpsAgent(certFile) }, (response) => {
      const { fingerprint256 } = (response.socket as import("node:tls").TLSSocket).getPeerCertificate();
      response.resume();
      resolve({ fingerprint256 });
    });
    call.on("error", reject);
    call.end();
  });
}
