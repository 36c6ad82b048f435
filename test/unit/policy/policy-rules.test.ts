import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { AppsyncGraphqlApi, AppsyncGraphqlApiConfig } from "@cdktf/provider-aws/lib/appsync-graphql-api";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget, CloudwatchEventTargetConfig } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { CloudwatchEventPermission } from "@cdktf/provider-aws/lib/cloudwatch-event-permission";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsKey as KmsKeyResource } from "@cdktf/provider-aws/lib/kms-key";
import { LambdaFunction, LambdaFunctionConfig } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { SfnStateMachine, SfnStateMachineConfig } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Fn, Testing } from "cdktf";
import { Construct } from "constructs";
import { DeadLetterQueue } from "../../../modules/dead-letter-queue";
import { DynamoTable } from "../../../modules/dynamodb-table";
import { KmsKey } from "../../../modules/kms-key";
import { LogEncryption } from "../../../modules/log-encryption";
import { LogGroup } from "../../../modules/log-group";
import { PolicyStatement, denyInsecureTransport, policyDocument, renderPolicy, trustPolicy } from "../../../modules/policy-document";
import { ServiceRole } from "../../../modules/service-role";
import { StateBucket } from "../../../modules/state-bucket";
import { evaluate } from "../../../policy/evaluate";
import { POLICY_PACK, RuleId, ruleById } from "../../../policy/pack";
import { resolveStack } from "../../../policy/resolve";
import { testStack } from "../../support/synth";
import { arnTarget, testBus, testRule } from "../../support/fixtures";

const ACCOUNT = "123456789012";
const SCOPE = { accountId: ACCOUNT, region: "eu-west-1" };
const PATTERN = { source: ["com.orders"] };

type Build = (scope: Construct) => void;

/** A rule's findings on a tiny stack, after its aspects ran (as at synth). */
function findingsOf(ruleId: RuleId, build: Build) {
  const stack = testStack();
  build(stack);
  Testing.synth(stack);
  return evaluate(resolveStack(stack).view, [ruleById(ruleId)]);
}

// Raw resources, compliant unless told otherwise, to break one thing at a time.

function rawRule(scope: Construct): CloudwatchEventRule {
  return new CloudwatchEventRule(scope, "Rule", { name: "r", eventPattern: JSON.stringify(PATTERN) });
}

function rawTarget(scope: Construct, id: string, rule: CloudwatchEventRule, config: Partial<CloudwatchEventTargetConfig> = {}) {
  return new CloudwatchEventTarget(scope, id, {
    rule: rule.name,
    arn: "arn:aws:sqs:eu-west-1:123456789012:target",
    retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 },
    deadLetterConfig: { arn: "arn:aws:sqs:eu-west-1:123456789012:dlq" },
    ...config,
  });
}

function rawQueuePolicy(scope: Construct, queue: SqsQueue, ...statements: PolicyStatement[]) {
  new SqsQueuePolicy(scope, "QueuePolicy", { queueUrl: queue.url, policy: renderPolicy(policyDocument(...statements)) });
}

function rawTopicPolicy(scope: Construct, topic: SnsTopic, ...statements: PolicyStatement[]) {
  new SnsTopicPolicy(scope, "TopicPolicy", { arn: topic.arn, policy: renderPolicy(policyDocument(...statements)) });
}

function subscription(scope: Construct, options: { redrive?: boolean; deliveryPolicy?: boolean } = {}) {
  const topic = new SnsTopic(scope, "Topic", { name: "t" });
  const dlq = new SqsQueue(scope, "Dlq", { name: "dlq", sqsManagedSseEnabled: true });
  new SnsTopicSubscription(scope, "Subscription", {
    topicArn: topic.arn,
    protocol: "https",
    endpoint: "https://partner.example.com/orders",
    ...(options.redrive !== false && { redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: dlq.arn }) }),
    ...(options.deliveryPolicy !== false && {
      deliveryPolicy: Fn.jsonencode({ healthyRetryPolicy: { minDelayTarget: 1, maxDelayTarget: 60, numRetries: 5 } }),
    }),
  });
}

function stateMachine(scope: Construct, config: Partial<SfnStateMachineConfig> = {}) {
  new SfnStateMachine(scope, "Machine", {
    name: "m",
    roleArn: `arn:aws:iam::${ACCOUNT}:role/m`,
    definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
    loggingConfiguration: { level: "ERROR", logDestination: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:m:*`, includeExecutionData: false },
    tracingConfiguration: { enabled: true },
    ...config,
  });
}

function lambdaFunction(scope: Construct, config: Partial<LambdaFunctionConfig> = {}): LambdaFunction {
  return new LambdaFunction(scope, "Function", {
    functionName: "f",
    role: `arn:aws:iam::${ACCOUNT}:role/f`,
    runtime: "nodejs22.x",
    handler: "index.handler",
    filename: "f.zip",
    timeout: 10,
    reservedConcurrentExecutions: 5,
    tracingConfig: { mode: "Active" },
    ...config,
  });
}

function graphqlApi(scope: Construct, config: Partial<AppsyncGraphqlApiConfig> = {}) {
  new AppsyncGraphqlApi(scope, "Api", {
    name: "a",
    authenticationType: "AWS_IAM",
    xrayEnabled: true,
    logConfig: { cloudwatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/logs`, fieldLogLevel: "ERROR" },
    ...config,
  });
}

const SIGV4 = { sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" } };

/** A REST API whose OpenAPI body secures GET /orders when `security` is given. */
function restApiWithBody(scope: Construct, security?: object[]) {
  const operation = { ...(security && { security }), responses: { "200": { description: "ok" } } };
  new ApiGatewayRestApi(scope, "RestApi", {
    name: "api",
    body: JSON.stringify({
      openapi: "3.0.1",
      info: { title: "t", version: "1" },
      paths: { "/orders": { get: operation } },
      components: { securitySchemes: SIGV4 },
    }),
  });
}

/** A stage with access logs and tracing, optionally throttled by method settings. */
function stage(scope: Construct, options: { accessLogs?: boolean; tracing?: boolean; throttled?: boolean } = {}) {
  const api = new ApiGatewayRestApi(scope, "StageApi", { name: "api" });
  const created = new ApiGatewayStage(scope, "Stage", {
    restApiId: api.id,
    deploymentId: "d1",
    stageName: "prod",
    xrayTracingEnabled: options.tracing !== false,
    ...(options.accessLogs !== false && { accessLogSettings: { destinationArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:access`, format: "{}" } }),
  });
  new ApiGatewayMethodSettings(scope, "Settings", {
    restApiId: api.id,
    stageName: created.stageName,
    methodPath: "*/*",
    settings: options.throttled === false ? { metricsEnabled: true } : { throttlingRateLimit: 10, throttlingBurstLimit: 20 },
  });
}

function roleWith(scope: Construct, ...statements: PolicyStatement[]) {
  const role = new ServiceRole(scope, "Role", { name: "r", service: "lambda.amazonaws.com", sourceAccount: ACCOUNT, description: "d" });
  role.grant(...statements);
}

/** Pins the test stack to ACCOUNT, as every environment's provider is (allowed_account_ids). */
function pinnedToAccount(scope: Construct) {
  new AwsProvider(scope, "Pinned", { alias: "pinned", region: "eu-west-1", allowedAccountIds: [ACCOUNT] });
}

const OTHER_ACCOUNT = "999999999999";
const QUEUE_ARN = `arn:aws:sqs:eu-west-1:${ACCOUNT}:q`;

function queueAdmitting(scope: Construct, statement: Partial<PolicyStatement>) {
  const queue = new SqsQueue(scope, "Queue", { name: "q", sqsManagedSseEnabled: true });
  rawQueuePolicy(scope, queue, { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN, ...statement });
}

function bucketWithout(scope: Construct, missing: "versioning" | "encryption" | "publicAccessBlock" | "policy") {
  // The state bucket module with one companion resource removed.
  const bucket = new StateBucket(scope, "Bucket", { bucketName: "state", protectFromDestroy: false });
  const ids = { versioning: "Versioning", encryption: "Encryption", publicAccessBlock: "PublicAccessBlock", policy: "Policy" };
  bucket.node.tryRemoveChild(ids[missing]);
}

interface Case {
  readonly ruleId: RuleId;
  readonly behaviour: string;
  readonly build: Build;
  /** Undefined: compliant. A regex: one finding whose detail matches. */
  readonly finding?: RegExp;
}

const CASES: readonly Case[] = [
  // EventBridge
  { ruleId: "events-target-dlq", behaviour: "passes a target attached with EventRule.addTarget", build: (s) => void testRule(s).addTarget("t", arnTarget()) },
  {
    ruleId: "events-target-dlq",
    behaviour: "flags a target without a dead_letter_config",
    build: (s) => void rawTarget(s, "T", rawRule(s), { deadLetterConfig: undefined }),
    finding: /no dead_letter_config/,
  },
  { ruleId: "events-target-retry-policy", behaviour: "passes a target with both retry limits", build: (s) => void rawTarget(s, "T", rawRule(s)) },
  {
    ruleId: "events-target-retry-policy",
    behaviour: "flags a target without a retry policy",
    build: (s) => void rawTarget(s, "T", rawRule(s), { retryPolicy: undefined }),
    finding: /retry_policy lacks maximum_retry_attempts and maximum_event_age_in_seconds/,
  },
  {
    ruleId: "events-rule-max-targets",
    behaviour: "passes a rule with five targets",
    build: (s) => {
      const rule = rawRule(s);
      for (let i = 0; i < 5; i++) rawTarget(s, `T${i}`, rule);
    },
  },
  {
    ruleId: "events-rule-max-targets",
    behaviour: "flags a rule with six targets",
    build: (s) => {
      const rule = rawRule(s);
      for (let i = 0; i < 6; i++) rawTarget(s, `T${i}`, rule);
    },
    finding: /the rule has 6 targets/,
  },
  { ruleId: "events-bus-policy-no-open-principal", behaviour: "passes the EventBus module's policy naming accounts", build: (s) => void testBus(s) },
  {
    ruleId: "events-bus-policy-no-open-principal",
    behaviour: 'passes "*" limited by an organization condition',
    build: (s) =>
      void new CloudwatchEventBusPolicy(s, "P", {
        eventBusName: "b",
        policy: renderPolicy(
          policyDocument({
            Effect: "Allow",
            Principal: "*",
            Action: "events:PutEvents",
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalOrgID": "o-1" } },
          }),
        ),
      }),
  },
  {
    ruleId: "events-bus-policy-no-open-principal",
    behaviour: 'flags "*" without a condition',
    build: (s) =>
      void new CloudwatchEventBusPolicy(s, "P", {
        eventBusName: "b",
        policy: renderPolicy(policyDocument({ Sid: "Open", Effect: "Allow", Principal: { AWS: "*" }, Action: "events:PutEvents", Resource: "*" })),
      }),
    finding: /statement "Open" allows principal "\*" without a condition/,
  },
  // SNS
  { ruleId: "sns-subscription-redrive-policy", behaviour: "passes a subscription with a redrive policy to a queue", build: (s) => subscription(s) },
  {
    ruleId: "sns-subscription-redrive-policy",
    behaviour: "flags a subscription without a redrive policy",
    build: (s) => subscription(s, { redrive: false }),
    finding: /no redrive_policy/,
  },
  { ruleId: "sns-http-delivery-policy", behaviour: "passes an https subscription with a healthyRetryPolicy", build: (s) => subscription(s) },
  {
    ruleId: "sns-http-delivery-policy",
    behaviour: "flags an https subscription without a delivery policy",
    build: (s) => subscription(s, { deliveryPolicy: false }),
    finding: /https subscription has no delivery_policy/,
  },
  {
    ruleId: "sns-topic-kms",
    behaviour: "passes a topic with a customer-managed key",
    build: (s) =>
      void new SnsTopic(s, "T", {
        name: "t",
        kmsMasterKeyId: new KmsKey(s, "Key", { name: "k", description: "d", deletionWindowInDays: 30, accountId: ACCOUNT }).keyArn,
      }),
  },
  { ruleId: "sns-topic-kms", behaviour: "flags an unencrypted topic", build: (s) => void new SnsTopic(s, "T", { name: "t" }), finding: /no kms_master_key_id/ },
  {
    ruleId: "sns-topic-tls-only",
    behaviour: "passes a topic whose policy denies insecure transport",
    build: (s) => {
      const t = new SnsTopic(s, "T", { name: "t" });
      rawTopicPolicy(s, t, denyInsecureTransport(t.arn, "sns:*"));
    },
  },
  {
    ruleId: "sns-topic-tls-only",
    behaviour: "flags a topic whose policy only allows",
    build: (s) => {
      const t = new SnsTopic(s, "T", { name: "t" });
      rawTopicPolicy(s, t, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sns:Publish", Resource: t.arn });
    },
    finding: /no policy statement denies sns:Publish/,
  },
  {
    ruleId: "sns-topic-policy-scoped",
    behaviour: "passes a service grant scoped by aws:SourceArn",
    build: (s) => {
      const t = new SnsTopic(s, "T", { name: "t" });
      rawTopicPolicy(s, t, {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: t.arn,
        Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:events:eu-west-1:123456789012:rule/r" } },
      });
    },
  },
  {
    ruleId: "sns-topic-policy-scoped",
    behaviour: "flags a service grant without a source condition",
    build: (s) => {
      const t = new SnsTopic(s, "T", { name: "t" });
      rawTopicPolicy(s, t, { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: t.arn });
    },
    finding: /allows events\.amazonaws\.com without aws:SourceArn/,
  },
  // SQS
  {
    ruleId: "sqs-queue-encrypted",
    behaviour: "passes the DeadLetterQueue module (SSE-SQS)",
    build: (s) => void new DeadLetterQueue(s, "Dlq", { name: "q", retentionSeconds: 3600 }),
  },
  {
    ruleId: "sqs-queue-encrypted",
    behaviour: "flags a queue without encryption",
    build: (s) => void new SqsQueue(s, "Q", { name: "q" }),
    finding: /not encrypted/,
  },
  {
    ruleId: "sqs-queue-dlq",
    behaviour: "passes a queue a target dead-letters to",
    build: (s) => {
      const q = new SqsQueue(s, "Q", { name: "q" });
      rawTarget(s, "T", rawRule(s), { deadLetterConfig: { arn: q.arn } });
    },
  },
  {
    ruleId: "sqs-queue-dlq",
    behaviour: "passes a queue a Lambda on-failure destination names by ARN",
    build: (s) => {
      new SqsQueue(s, "Q", { name: "failures" });
      new LambdaFunctionEventInvokeConfig(s, "Async", {
        functionName: "f",
        destinationConfig: { onFailure: { destination: `arn:aws:sqs:eu-west-1:${ACCOUNT}:failures` } },
      });
    },
  },
  {
    ruleId: "sqs-queue-dlq",
    behaviour: "passes a work queue with a redrive policy",
    build: (s) => {
      const dlq = new SqsQueue(s, "Dlq", { name: "dlq" });
      new SqsQueue(s, "Q", { name: "q", redrivePolicy: Fn.jsonencode({ deadLetterTargetArn: dlq.arn, maxReceiveCount: 5 }) });
      rawTarget(s, "T", rawRule(s), { deadLetterConfig: { arn: dlq.arn } });
    },
  },
  {
    ruleId: "sqs-queue-dlq",
    behaviour: "flags a queue that neither is nor has a DLQ",
    build: (s) => void new SqsQueue(s, "Q", { name: "q" }),
    finding: /neither a dead-letter queue nor has a redrive_policy/,
  },
  {
    ruleId: "sqs-queue-tls-only",
    behaviour: "passes the DeadLetterQueue module (TLS-only policy)",
    build: (s) => void new DeadLetterQueue(s, "Dlq", { name: "q", retentionSeconds: 3600 }),
  },
  {
    ruleId: "sqs-queue-tls-only",
    behaviour: "flags a queue without any policy",
    build: (s) => void new SqsQueue(s, "Q", { name: "q" }),
    finding: /no resource policy/,
  },
  {
    ruleId: "sqs-queue-policy-scoped",
    behaviour: "passes the DeadLetterQueue module's sender grant",
    build: (s) =>
      void new DeadLetterQueue(s, "Dlq", {
        name: "q",
        retentionSeconds: 3600,
        sender: { service: "events.amazonaws.com", sourceArn: "arn:aws:events:eu-west-1:123456789012:rule/r" },
      }),
  },
  {
    ruleId: "sqs-queue-policy-scoped",
    behaviour: 'flags "*" allowed to send without a source condition',
    build: (s) => {
      const q = new SqsQueue(s, "Q", { name: "q" });
      rawQueuePolicy(s, q, { Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: q.arn });
    },
    finding: /allows principal "\*" without aws:SourceArn/,
  },
  // Step Functions
  { ruleId: "sfn-logging", behaviour: "passes ERROR-level logging to a log group", build: (s) => stateMachine(s) },
  {
    ruleId: "sfn-logging",
    behaviour: "flags logging level OFF",
    build: (s) => stateMachine(s, { loggingConfiguration: { level: "OFF" } }),
    finding: /logging level is OFF/,
  },
  { ruleId: "sfn-tracing", behaviour: "passes X-Ray tracing on", build: (s) => stateMachine(s) },
  {
    ruleId: "sfn-tracing",
    behaviour: "flags a state machine without tracing",
    build: (s) => stateMachine(s, { tracingConfiguration: undefined }),
    finding: /X-Ray tracing is off/,
  },
  // Lambda
  { ruleId: "lambda-explicit-timeout", behaviour: "passes a function with a timeout", build: (s) => void lambdaFunction(s) },
  {
    ruleId: "lambda-explicit-timeout",
    behaviour: "flags a function on the 3-second default",
    build: (s) => void lambdaFunction(s, { timeout: undefined }),
    finding: /timeout is not set/,
  },
  { ruleId: "lambda-concurrency", behaviour: "passes reserved concurrency", build: (s) => void lambdaFunction(s) },
  {
    ruleId: "lambda-concurrency",
    behaviour: "flags unreserved concurrency (-1)",
    build: (s) => void lambdaFunction(s, { reservedConcurrentExecutions: -1 }),
    finding: /reserved_concurrent_executions is not set/,
  },
  { ruleId: "lambda-tracing", behaviour: "passes Active tracing", build: (s) => void lambdaFunction(s) },
  {
    ruleId: "lambda-tracing",
    behaviour: "flags PassThrough tracing",
    build: (s) => void lambdaFunction(s, { tracingConfig: { mode: "PassThrough" } }),
    finding: /tracing mode is PassThrough/,
  },
  { ruleId: "lambda-supported-runtime", behaviour: "passes nodejs22.x", build: (s) => void lambdaFunction(s) },
  {
    ruleId: "lambda-supported-runtime",
    behaviour: "flags the deprecated nodejs16.x",
    build: (s) => void lambdaFunction(s, { runtime: "nodejs16.x" }),
    finding: /runtime "nodejs16\.x" is not a supported runtime/,
  },
  {
    ruleId: "lambda-async-failure-destination",
    behaviour: "passes an invoke config with an on-failure destination",
    build: (s) => {
      const f = lambdaFunction(s);
      new LambdaFunctionEventInvokeConfig(s, "Async", {
        functionName: f.functionName,
        destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:failures" } },
      });
    },
  },
  {
    ruleId: "lambda-async-failure-destination",
    behaviour: "flags an invoke config without one",
    build: (s) => {
      const f = lambdaFunction(s);
      new LambdaFunctionEventInvokeConfig(s, "Async", { functionName: f.functionName, maximumRetryAttempts: 2 });
    },
    finding: /no on-failure destination/,
  },
  {
    ruleId: "lambda-permission-source-arn",
    behaviour: "passes a service permission scoped to a rule",
    build: (s) =>
      void new LambdaPermission(s, "P", {
        action: "lambda:InvokeFunction",
        functionName: "f",
        principal: "events.amazonaws.com",
        sourceArn: "arn:aws:events:eu-west-1:123456789012:rule/r",
      }),
  },
  {
    ruleId: "lambda-permission-source-arn",
    behaviour: "flags a service permission without source_arn",
    build: (s) => void new LambdaPermission(s, "P", { action: "lambda:InvokeFunction", functionName: "f", principal: "sns.amazonaws.com" }),
    finding: /principal sns\.amazonaws\.com may invoke without source_arn/,
  },
  // AppSync
  { ruleId: "appsync-field-logging", behaviour: "passes ERROR field logs through a role", build: (s) => graphqlApi(s) },
  {
    ruleId: "appsync-field-logging",
    behaviour: "flags field logging NONE",
    build: (s) => graphqlApi(s, { logConfig: { cloudwatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/logs`, fieldLogLevel: "NONE" } }),
    finding: /field_log_level is NONE/,
  },
  { ruleId: "appsync-tracing", behaviour: "passes X-Ray on", build: (s) => graphqlApi(s) },
  { ruleId: "appsync-tracing", behaviour: "flags X-Ray off", build: (s) => graphqlApi(s, { xrayEnabled: false }), finding: /X-Ray tracing is off/ },
  { ruleId: "appsync-no-api-key", behaviour: "passes IAM-only auth", build: (s) => graphqlApi(s) },
  {
    ruleId: "appsync-no-api-key",
    behaviour: "flags an API key as an additional mode",
    build: (s) => graphqlApi(s, { additionalAuthenticationProvider: [{ authenticationType: "API_KEY" }] }),
    finding: /API_KEY is an authentication mode/,
  },
  // API Gateway
  { ruleId: "apigw-access-logs", behaviour: "passes a stage with access logs", build: (s) => stage(s) },
  {
    ruleId: "apigw-access-logs",
    behaviour: "flags a stage without access logs",
    build: (s) => stage(s, { accessLogs: false }),
    finding: /no access_log_settings/,
  },
  { ruleId: "apigw-tracing", behaviour: "passes a traced stage", build: (s) => stage(s) },
  { ruleId: "apigw-tracing", behaviour: "flags a stage without X-Ray", build: (s) => stage(s, { tracing: false }), finding: /X-Ray tracing is off/ },
  { ruleId: "apigw-throttling", behaviour: "passes a stage throttled by method settings", build: (s) => stage(s) },
  {
    ruleId: "apigw-throttling",
    behaviour: "flags a stage on the account's default throttle",
    build: (s) => stage(s, { throttled: false }),
    finding: /no method settings set throttling/,
  },
  { ruleId: "apigw-authorization", behaviour: "passes OpenAPI operations secured by SigV4", build: (s) => restApiWithBody(s, [{ sigv4: [] }]) },
  {
    ruleId: "apigw-authorization",
    behaviour: "flags an OpenAPI operation without security",
    build: (s) => restApiWithBody(s),
    finding: /GET \/orders has no security requirement/,
  },
  {
    ruleId: "apigw-authorization",
    behaviour: "flags a method with authorization NONE",
    build: (s) => void new ApiGatewayMethod(s, "M", { restApiId: "a", resourceId: "r", httpMethod: "POST", authorization: "NONE" }),
    finding: /POST has authorization NONE/,
  },
  // DynamoDB
  {
    ruleId: "dynamodb-pitr",
    behaviour: "passes the DynamoTable module",
    build: (s) => void new DynamoTable(s, "T", { name: "t", partitionKey: "id", deletionProtection: false }),
  },
  {
    ruleId: "dynamodb-pitr",
    behaviour: "flags a table without point-in-time recovery",
    build: (s) => void new DynamodbTable(s, "T", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], serverSideEncryption: { enabled: true } }),
    finding: /point-in-time recovery is off/,
  },
  {
    ruleId: "dynamodb-kms-encryption",
    behaviour: "passes the DynamoTable module",
    build: (s) => void new DynamoTable(s, "T", { name: "t", partitionKey: "id", deletionProtection: false }),
  },
  {
    ruleId: "dynamodb-kms-encryption",
    behaviour: "flags a table on the AWS-owned key",
    build: (s) => void new DynamodbTable(s, "T", { name: "t", hashKey: "id", attribute: [{ name: "id", type: "S" }], pointInTimeRecovery: { enabled: true } }),
    finding: /server_side_encryption is not enabled/,
  },
  // CloudWatch Logs
  { ruleId: "logs-retention", behaviour: "passes the LogGroup module", build: (s) => void new LogGroup(s, "L", { name: "l", retentionDays: 14 }) },
  {
    ruleId: "logs-retention",
    behaviour: "flags a log group that never expires",
    build: (s) => void new CloudwatchLogGroup(s, "L", { name: "l" }),
    finding: /retention_in_days is not set/,
  },
  {
    ruleId: "logs-kms-encryption",
    behaviour: "passes a log group under LogEncryption",
    build: (s) => {
      new LogEncryption(s, "LogEncryption", { name: "logs", deletionWindowInDays: 30, location: SCOPE });
      new LogGroup(s, "L", { name: "l", retentionDays: 14 });
    },
  },
  {
    ruleId: "logs-kms-encryption",
    behaviour: "flags a log group without a key",
    build: (s) => void new LogGroup(s, "L", { name: "l", retentionDays: 14 }),
    finding: /no kms_key_id/,
  },
  // IAM
  {
    ruleId: "iam-no-wildcard-action",
    behaviour: "passes listed actions",
    build: (s) => roleWith(s, { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: "arn:aws:sqs:eu-west-1:123456789012:q" }),
  },
  {
    ruleId: "iam-no-wildcard-action",
    behaviour: "flags a service-wide wildcard",
    build: (s) => roleWith(s, { Sid: "All", Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:eu-west-1:123456789012:table/t" }),
    finding: /statement "All" allows dynamodb:\*/,
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: 'passes "*" for X-Ray, which has no resource-level permissions',
    build: (s) => roleWith(s, { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }),
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: 'flags "*" on an action that takes resource ARNs',
    build: (s) => roleWith(s, { Effect: "Allow", Action: ["xray:PutTraceSegments", "s3:GetObject"], Resource: "*" }),
    finding: /allows s3:GetObject on Resource "\*"/,
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: "passes a name prefix and a reference with a wildcard suffix",
    build: (s) =>
      roleWith(s, {
        Effect: "Allow",
        Action: ["dynamodb:Query"],
        Resource: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-prod-*`, "${aws_dynamodb_table.t.arn}/index/*"],
      }),
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: "flags a table ARN open in region, account and table name",
    build: (s) => roleWith(s, { Effect: "Allow", Action: ["dynamodb:Scan", "dynamodb:DeleteItem"], Resource: "arn:aws:dynamodb:*:*:table/*" }),
    finding: /allows dynamodb:Scan, dynamodb:DeleteItem on arn:aws:dynamodb:\*:\*:table\/\*, open in its region, account, resource$/,
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: "flags sts:AssumeRole on every role of every account",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::*:role/*" }),
    finding: /allows sts:AssumeRole on arn:aws:iam::\*:role\/\*, open in its account, resource$/,
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: "flags a wildcard partition",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:*:s3:::state/*" }),
    finding: /open in its partition$/,
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: "flags a wildcard service",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "sqs:SendMessage", Resource: `arn:aws:sq?:eu-west-1:${ACCOUNT}:q` }),
    finding: /open in its service$/,
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: "flags every log group of the account",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "logs:PutLogEvents", Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:*` }),
    finding: /open in its resource$/,
  },
  {
    ruleId: "iam-no-wildcard-resource",
    behaviour: "flags every bucket",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/state.tfstate" }),
    finding: /open in its resource$/,
  },
  {
    ruleId: "iam-pass-role-scoped",
    behaviour: "passes a named role passed to one service",
    build: (s) =>
      roleWith(s, {
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: `arn:aws:iam::${ACCOUNT}:role/orders-prod-workflow`,
        Condition: { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } },
      }),
  },
  {
    ruleId: "iam-pass-role-scoped",
    behaviour: "passes a statement that does not pass roles",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }),
  },
  {
    ruleId: "iam-pass-role-scoped",
    behaviour: "flags iam:PassRole on every role of every account",
    build: (s) =>
      roleWith(s, {
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: "arn:aws:iam::*:role/*",
        Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
      }),
    finding: /passes roles it does not name: arn:aws:iam::\*:role\/\*/,
  },
  {
    ruleId: "iam-pass-role-scoped",
    behaviour: "flags a named role passed to any service",
    build: (s) => roleWith(s, { Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/orders-prod-workflow` }),
    finding: /statement "Pass" allows iam:PassRole without an iam:PassedToService condition/,
  },
  {
    ruleId: "iam-pass-role-scoped",
    behaviour: "flags iam:* that passes roles through a wildcard action",
    build: (s) =>
      roleWith(s, { Effect: "Allow", Action: "iam:Pass*", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } } }),
    finding: /passes roles it does not name: \*/,
  },
  {
    ruleId: "resource-policy-cross-account-condition",
    behaviour: "passes a queue policy admitting its own account",
    build: (s) => queueAdmitting(s, { Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }),
  },
  {
    ruleId: "resource-policy-cross-account-condition",
    behaviour: "passes another account admitted under an organization condition",
    build: (s) => queueAdmitting(s, { Principal: { AWS: OTHER_ACCOUNT }, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } } }),
  },
  {
    ruleId: "resource-policy-cross-account-condition",
    behaviour: "flags a queue policy admitting another account without a condition",
    build: (s) => queueAdmitting(s, { Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${OTHER_ACCOUNT}:root`] } }),
    finding: /statement 1 admits arn:aws:iam::999999999999:root \(another account\) without a condition/,
  },
  {
    ruleId: "resource-policy-cross-account-condition",
    behaviour: "flags a trust policy admitting another account's role without a condition",
    build: (s) => {
      pinnedToAccount(s);
      new IamRole(s, "R", {
        name: "r",
        assumeRolePolicy: renderPolicy(trustPolicy({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:role/ci` }, Action: "sts:AssumeRole" })),
      });
    },
    finding: /admits arn:aws:iam::999999999999:role\/ci \(another account\)/,
  },
  {
    ruleId: "resource-policy-cross-account-condition",
    behaviour: "flags a bus permission for another account without a condition",
    build: (s) => {
      pinnedToAccount(s);
      new CloudwatchEventPermission(s, "P", { principal: OTHER_ACCOUNT, statementId: "other" });
    },
    finding: /admits account 999999999999 \(another account\) without a condition/,
  },
  {
    ruleId: "iam-no-admin-access",
    behaviour: "passes a role without managed policies",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:123456789012:q" }),
  },
  {
    ruleId: "iam-no-admin-access",
    behaviour: "flags AdministratorAccess attached",
    build: (s) => {
      const role = new IamRole(s, "R", {
        name: "r",
        assumeRolePolicy: renderPolicy(trustPolicy({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" })),
      });
      new IamRolePolicyAttachment(s, "Admin", { role: role.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
    },
    finding: /attaches arn:aws:iam::aws:policy\/AdministratorAccess/,
  },
  {
    ruleId: "iam-trust-named-principal",
    behaviour: "passes the ServiceRole module's service trust",
    build: (s) => roleWith(s, { Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:sqs:eu-west-1:123456789012:q" }),
  },
  {
    ruleId: "iam-trust-named-principal",
    behaviour: 'flags a trust policy open to "*"',
    build: (s) =>
      void new IamRole(s, "R", {
        name: "r",
        assumeRolePolicy: renderPolicy(trustPolicy({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" })),
      }),
    finding: /statement 1 trusts principal "\*"/,
  },
  // KMS
  {
    ruleId: "kms-key-rotation",
    behaviour: "passes the KmsKey module (yearly rotation)",
    build: (s) => void new KmsKey(s, "Key", { name: "k", description: "d", deletionWindowInDays: 30, accountId: ACCOUNT }),
  },
  {
    ruleId: "kms-key-rotation",
    behaviour: "flags a symmetric key without rotation",
    build: (s) => void new KmsKeyResource(s, "Key", { description: "d" }),
    finding: /automatic key rotation is off/,
  },
  // S3 (the state bucket)
  {
    ruleId: "s3-versioning",
    behaviour: "passes the StateBucket module",
    build: (s) => void new StateBucket(s, "Bucket", { bucketName: "state", protectFromDestroy: false }),
  },
  {
    ruleId: "s3-versioning",
    behaviour: "flags a bucket without versioning",
    build: (s) => bucketWithout(s, "versioning"),
    finding: /versioning is not enabled/,
  },
  {
    ruleId: "s3-kms-encryption",
    behaviour: "passes the StateBucket module (SSE-KMS)",
    build: (s) => void new StateBucket(s, "Bucket", { bucketName: "state", protectFromDestroy: false }),
  },
  {
    ruleId: "s3-kms-encryption",
    behaviour: "flags a bucket without default SSE-KMS",
    build: (s) => bucketWithout(s, "encryption"),
    finding: /default encryption is not SSE-KMS/,
  },
  {
    ruleId: "s3-public-access-block",
    behaviour: "passes the StateBucket module",
    build: (s) => void new StateBucket(s, "Bucket", { bucketName: "state", protectFromDestroy: false }),
  },
  {
    ruleId: "s3-public-access-block",
    behaviour: "flags a bucket without a public access block",
    build: (s) => bucketWithout(s, "publicAccessBlock"),
    finding: /no public access block/,
  },
  {
    ruleId: "s3-tls-only",
    behaviour: "passes the StateBucket module's TLS-only policy",
    build: (s) => void new StateBucket(s, "Bucket", { bucketName: "state", protectFromDestroy: false }),
  },
  { ruleId: "s3-tls-only", behaviour: "flags a bucket without a policy", build: (s) => bucketWithout(s, "policy"), finding: /no resource policy/ },
  {
    ruleId: "s3-tls-only",
    behaviour: "flags a bucket whose policy does not deny plain HTTP",
    build: (s) => {
      const b = new S3Bucket(s, "Raw", { bucket: "raw" });
      new S3BucketPolicy(s, "P", {
        bucket: b.id,
        policy: renderPolicy(
          policyDocument({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "s3:GetObject", Resource: `${b.arn}/*` }),
        ),
      });
    },
    finding: /no policy statement denies s3:GetObject/,
  },
  // CloudWatch
  {
    ruleId: "cloudwatch-alarm-coverage",
    behaviour: "passes a queue whose depth an alarm watches",
    build: (s) => {
      const queue = new SqsQueue(s, "Queue", { name: "q", sqsManagedSseEnabled: true });
      alarmOn(s, "AWS/SQS", { QueueName: queue.name });
    },
  },
  {
    ruleId: "cloudwatch-alarm-coverage",
    behaviour: "passes a function an alarm names literally",
    build: (s) => {
      lambdaFunction(s);
      alarmOn(s, "AWS/Lambda", { FunctionName: "f" });
    },
  },
  {
    ruleId: "cloudwatch-alarm-coverage",
    behaviour: "passes a state machine a metric-math alarm watches",
    build: (s) => {
      stateMachine(s);
      const machine = s.node.findChild("Machine") as SfnStateMachine;
      new CloudwatchMetricAlarm(s, "Alarm", {
        alarmName: "failure-rate",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0.1,
        evaluationPeriods: 1,
        metricQuery: [
          { id: "rate", expression: "failed / started", returnData: true },
          {
            id: "failed",
            metric: { namespace: "AWS/States", metricName: "ExecutionsFailed", stat: "Sum", period: 60, dimensions: { StateMachineArn: machine.arn } },
          },
          {
            id: "started",
            metric: { namespace: "AWS/States", metricName: "ExecutionsStarted", stat: "Sum", period: 60, dimensions: { StateMachineArn: machine.arn } },
          },
        ],
      });
    },
  },
  {
    ruleId: "cloudwatch-alarm-coverage",
    behaviour: "flags a state machine no alarm watches",
    build: (s) => stateMachine(s),
    finding: /no aws_cloudwatch_metric_alarm has a dimension naming it/,
  },
  {
    ruleId: "cloudwatch-alarm-coverage",
    behaviour: "flags a function whose only alarm watches another function",
    build: (s) => {
      lambdaFunction(s);
      alarmOn(s, "AWS/Lambda", { FunctionName: "another" });
    },
    finding: /no aws_cloudwatch_metric_alarm has a dimension naming it/,
  },
];

function alarmOn(scope: Construct, namespace: string, dimensions: Record<string, string>) {
  new CloudwatchMetricAlarm(scope, "Alarm", {
    alarmName: "a",
    namespace,
    metricName: "Errors",
    dimensions,
    statistic: "Sum",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    evaluationPeriods: 1,
    period: 60,
  });
}

describe("policy rules", () => {
  it.each(POLICY_PACK.map((rule) => [rule.id] as const))("%s has a compliant and a non-compliant case", (ruleId) => {
    const cases = CASES.filter((c) => c.ruleId === ruleId);
    expect(cases.some((c) => c.finding === undefined)).toBe(true);
    expect(cases.some((c) => c.finding !== undefined)).toBe(true);
  });

  it.each(CASES.filter((c) => !c.finding).map((c) => [c.ruleId, c.behaviour, c] as const))("%s %s", (ruleId, _, { build }) => {
    expect(findingsOf(ruleId, build)).toEqual([]);
  });

  it.each(CASES.filter((c) => c.finding).map((c) => [c.ruleId, c.behaviour, c] as const))("%s %s", (ruleId, _, { build, finding }) => {
    const findings = findingsOf(ruleId, build);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toEqual({
      ruleId,
      address: expect.stringMatching(/^aws_[a-z0-9_]+\.\S+$/),
      path: expect.stringMatching(/^test\//),
      detail: expect.stringMatching(finding!),
    });
  });

  it("gives every rule a source, an explanation and a fix", () => {
    for (const rule of POLICY_PACK) {
      expect(rule.source).toMatch(/^(checkov CKV2?_AWS_\d+|cdk-nag (AwsSolutions|Serverless)-\w+|https:\/\/docs\.aws\.amazon\.com\/)/);
      expect(rule.explanation.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });

  it("has at least 25 rules with unique ids", () => {
    const ids = POLICY_PACK.map((rule) => rule.id);
    expect(ids.length).toBeGreaterThanOrEqual(25);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
