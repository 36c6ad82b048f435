import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { Construct } from "constructs";
import { join } from "node:path";
import { AppSyncApi } from "../../../modules/appsync-api";
import { DynamoTable } from "../../../modules/dynamodb-table";
import { EventBus } from "../../../modules/event-bus";
import { EventsLogDelivery } from "../../../modules/events-log-delivery";
import { KmsKey } from "../../../modules/kms-key";
import { LogGroup } from "../../../modules/log-group";
import { NodeFunction } from "../../../modules/node-function";
import { SnsTopic } from "../../../modules/sns-topic";
import { StateMachine } from "../../../modules/state-machine";
import { Queue } from "../../../modules/queue";
import { AppSyncTarget, EventBusTarget, LambdaFunctionTarget, LogGroupTarget, QueueTarget, SnsTopicTarget, StateMachineTarget } from "../../../modules/targets";
import { ORDER_STATUS_RESOLVERS, ORDER_STATUS_SCHEMA } from "../../../orders/graphql/order-status-api";
import { DELIVERY, arnTarget, testBus, testRule } from "../../support/fixtures";
import { Arguments, SynthesizedStack, findResource, readPolicy, resourcesOf, synthesizeModule, testStack } from "../../support/synth";

const ACCOUNT = "123456789012";
const TRANSFORMER = { inputPaths: { id: "$.detail.id" }, inputTemplate: '{"id": <id>}' };

/** A rule target with its dead-letter queue, as synthesized. */
type TargetArguments = Arguments & { readonly dead_letter_config: { readonly arn: string } };

function workflow(scope: Construct): StateMachine {
  return new StateMachine(scope, "Workflow", {
    name: "test-workflow",
    type: "STANDARD",
    definition: { StartAt: "Done", States: { Done: { Type: "Fail", Error: "X" } } },
    taskPermissions: [],
    logLevel: "ERROR",
    includeExecutionData: false,
    logRetentionDays: 7,
    accountId: ACCOUNT,
  });
}

function graphqlApi(scope: Construct): AppSyncApi {
  return new AppSyncApi(scope, "Api", {
    name: "test-status",
    schema: ORDER_STATUS_SCHEMA,
    resolvers: ORDER_STATUS_RESOLVERS,
    table: new DynamoTable(scope, "View", { name: "test-view", partitionKey: "orderId", deletionProtection: false }),
    fieldLogLevel: "ERROR",
    logRetentionDays: 14,
    accountId: ACCOUNT,
    region: "eu-west-1",
  });
}

const ruleRef = (stack: SynthesizedStack) => findResource(stack, "aws_cloudwatch_event_rule").ref("arn");
const roleNamed = (stack: SynthesizedStack, name: string) => findResource(stack, "aws_iam_role", (role) => role.name === name);
const policyOfRole = (stack: SynthesizedStack, name: string) => {
  const role = roleNamed(stack, name);
  const policy = resourcesOf(stack, "aws_iam_role_policy").find((candidate) => candidate.role === role.ref("id"));
  return readPolicy(policy!.policy);
};

describe("StateMachineTarget", () => {
  const stack = synthesizeModule((scope) => {
    testRule(scope, { name: "eu-orders" }).addTarget("workflow", new StateMachineTarget(workflow(scope)));
  });

  it("creates a role named after the rule that only EventBridge of the machine's account may assume", () => {
    const trust = readPolicy(roleNamed(stack, "eu-orders-rule").resource.assume_role_policy);
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      }),
    ]);
    expect(roleNamed(stack, "eu-orders-rule").resource.description).toBe("Lets Rule start Workflow");
  });

  it("lets that role start executions of this state machine only", () => {
    const machineArn = findResource(stack, "aws_sfn_state_machine").ref("arn");
    expect(policyOfRole(stack, "eu-orders-rule").Statement).toEqual([{ Effect: "Allow", Action: "states:StartExecution", Resource: machineArn }]);
  });

  it("points the target at the machine through that role", () => {
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      arn: findResource(stack, "aws_sfn_state_machine").ref("arn"),
      role_arn: roleNamed(stack, "eu-orders-rule").ref("arn"),
    });
  });
});

describe("LambdaFunctionTarget", () => {
  const stack = synthesizeModule((scope) => {
    const fn = new NodeFunction(scope, "Fn", {
      name: "test-fn",
      description: "d",
      entry: join(__dirname, "..", "..", "support", "echo-handler.ts"),
      memoryMb: 128,
      timeoutSeconds: 5,
      reservedConcurrency: 1,
      logRetentionDays: 7,
      environment: {},
      location: { accountId: ACCOUNT, region: "eu-west-1" },
    });
    testRule(scope).addTarget("fn", new LambdaFunctionTarget(fn));
  });

  it("lets EventBridge invoke the function for this one rule only", () => {
    expect(stack.json).toHaveResourceWithProperties(LambdaPermission, {
      statement_id: "AllowEventBridge-Rule",
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      source_arn: ruleRef(stack),
    });
  });

  it("gives the target no role (the function's resource policy admits the rule)", () => {
    const [target] = resourcesOf(stack, "aws_cloudwatch_event_target");
    expect(target.arn).toBe(findResource(stack, "aws_lambda_function").ref("arn"));
    expect(target).not.toHaveProperty("role_arn");
  });
});

describe("SnsTopicTarget", () => {
  const LOGGING = { successSampleRate: 0, retentionDays: 14, accountId: ACCOUNT, region: "eu-west-1" } as const;
  const stack = synthesizeModule((scope) => {
    const kmsKey = new KmsKey(scope, "Key", { name: "test-topic", description: "d", deletionWindowInDays: 30, accountId: ACCOUNT });
    const topic = new SnsTopic(scope, "Topic", { name: "test-topic", kmsKey, deliveryStatusLogging: LOGGING });
    testRule(scope).addTarget("topic", new SnsTopicTarget(topic, { message: TRANSFORMER }));
  });

  it("admits the rule, and only it, in the topic policy", () => {
    const [allow] = readPolicy(findResource(stack, "aws_sns_topic_policy").resource.policy).Statement;
    expect(allow).toEqual(expect.objectContaining({ Action: "sns:Publish", Condition: { ArnEquals: { "aws:SourceArn": [ruleRef(stack)] } } }));
  });

  it("lets EventBridge use the topic's key for this rule only", () => {
    const statements = readPolicy(findResource(stack, "aws_kms_key").resource.policy).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({ Principal: { Service: "events.amazonaws.com" }, Condition: { ArnEquals: { "aws:SourceArn": ruleRef(stack) } } }),
    );
  });

  it("publishes the transformed message, without a role", () => {
    const [target] = resourcesOf(stack, "aws_cloudwatch_event_target");
    expect(target.input_transformer).toEqual({ input_paths: TRANSFORMER.inputPaths, input_template: TRANSFORMER.inputTemplate });
    expect(target).not.toHaveProperty("role_arn");
  });
});

describe("LogGroupTarget", () => {
  const stack = synthesizeModule((scope) => {
    const delivery = new EventsLogDelivery(scope, "Delivery", {
      policyName: "test-to-logs",
      location: { region: "eu-west-1", accountId: ACCOUNT },
      logGroupNamePrefix: "/aws/events/test/",
    });
    const log = new LogGroup(scope, "Log", { name: delivery.logGroupName("audit"), retentionDays: 7 });
    testRule(scope).addTarget("log", new LogGroupTarget(log, delivery));
  });

  it("admits the rule in the environment's logs resource policy", () => {
    const statements = readPolicy(findResource(stack, "aws_cloudwatch_log_resource_policy").resource.policy_document).Statement;
    expect(statements[1].Condition).toEqual({ ArnEquals: { "aws:SourceArn": [ruleRef(stack)] } });
  });

  it("points the target at the log group, without a role", () => {
    const [target] = resourcesOf(stack, "aws_cloudwatch_event_target");
    expect(target.arn).toBe(findResource(stack, "aws_cloudwatch_log_group").ref("arn"));
    expect(target).not.toHaveProperty("role_arn");
  });
});

describe("AppSyncTarget", () => {
  const options = { mutationField: "publishOrderStatus", graphqlOperation: "mutation M { publishOrderStatus { orderId } }", variables: TRANSFORMER };
  const stack = synthesizeModule((scope) => {
    testRule(scope, { name: "status-realtime" }).addTarget("api", new AppSyncTarget(graphqlApi(scope), options));
  });

  it("lets the rule's role call the one mutation field, nothing else", () => {
    const apiArn = findResource(stack, "aws_appsync_graphql_api").ref("arn");
    expect(policyOfRole(stack, "status-realtime-rule").Statement).toEqual([
      { Effect: "Allow", Action: "appsync:GraphQL", Resource: [`${apiArn}/types/Mutation/fields/publishOrderStatus`] },
    ]);
    expect(roleNamed(stack, "status-realtime-rule").resource.description).toBe("Lets Rule call publishOrderStatus, nothing else");
  });

  it("sends the operation with the variables the transformer builds, through that role", () => {
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      role_arn: roleNamed(stack, "status-realtime-rule").ref("arn"),
      appsync_target: { graphql_operation: options.graphqlOperation },
      input_transformer: { input_paths: TRANSFORMER.inputPaths, input_template: TRANSFORMER.inputTemplate },
    });
  });

  it("refuses a mutation field the schema lacks", () => {
    const scope = testStack();
    const target = new AppSyncTarget(graphqlApi(scope), { ...options, mutationField: "deleteOrder" });
    expect(() => testRule(scope).addTarget("api", target)).toThrow(/cannot grant Mutation.deleteOrder: no such field/);
  });
});

describe("EventBusTarget", () => {
  const stack = synthesizeModule((scope) => {
    const receiving = testBus(scope, "test-receiving");
    testRule(scope, {
      name: "forward",
      bus: new EventBus(scope, "Source", { name: "test-source", description: "d", putEventsPrincipals: [ACCOUNT], delivery: DELIVERY }),
    }).addTarget("bus", new EventBusTarget(receiving));
  });
  const receivingBusArn = () => findResource(stack, "aws_cloudwatch_event_bus", (bus) => bus.name === "test-receiving").ref("arn");

  it("creates a role only this rule may make EventBridge assume", () => {
    const trust = readPolicy(roleNamed(stack, "forward-rule").resource.assume_role_policy);
    expect(trust.Statement).toEqual([
      expect.objectContaining({ Principal: { Service: "events.amazonaws.com" }, Condition: { ArnEquals: { "aws:SourceArn": ruleRef(stack) } } }),
    ]);
  });

  it("lets that role put events on the receiving bus only", () => {
    expect(policyOfRole(stack, "forward-rule").Statement).toEqual([{ Effect: "Allow", Action: "events:PutEvents", Resource: receivingBusArn() }]);
  });

  it("points the target at the receiving bus through that role", () => {
    expect(stack.json).toHaveResourceWithProperties(CloudwatchEventTarget, {
      arn: receivingBusArn(),
      role_arn: roleNamed(stack, "forward-rule").ref("arn"),
    });
  });
});

describe("QueueTarget", () => {
  const stack = synthesizeModule((scope) => {
    const queue = new Queue(scope, "Queue", { name: "test-queue", retentionSeconds: 3600, maxReceiveCount: 5, deadLetterRetentionSeconds: 86_400 });
    testRule(scope).addTarget("queue", new QueueTarget(queue));
  });
  const queuePolicy = () =>
    readPolicy(
      findResource(
        stack,
        "aws_sqs_queue_policy",
        (policy) => policy.queue_url === findResource(stack, "aws_sqs_queue", (q) => q.name === "test-queue").ref("url"),
      ).resource.policy,
    );

  it("admits the rule, and only it, in the queue policy", () => {
    const [allow] = queuePolicy().Statement;
    expect(allow).toEqual(
      expect.objectContaining({
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Condition: { ArnEquals: { "aws:SourceArn": [ruleRef(stack)] } },
      }),
    );
  });

  it("points the target at the queue, without a role", () => {
    const target = findResource(stack, "aws_cloudwatch_event_target").resource;
    expect(target.arn).toBe(findResource(stack, "aws_sqs_queue", (q) => q.name === "test-queue").ref("arn"));
    expect(target).not.toHaveProperty("role_arn");
  });
});

describe("RuleTarget", () => {
  it("gives every kind of target a DLQ that admits only its rule", () => {
    const stack = synthesizeModule((scope) => void testRule(scope).addTarget("any", arnTarget()));
    const [allow] = readPolicy(findResource(stack, "aws_sqs_queue_policy").resource.policy).Statement;
    expect(allow.Condition).toEqual({ ArnEquals: { "aws:SourceArn": ruleRef(stack) } });
    expect(resourcesOf<TargetArguments>(stack, "aws_cloudwatch_event_target")[0].dead_letter_config.arn).toBe(findResource(stack, "aws_sqs_queue").ref("arn"));
  });

  it("refuses a retry override outside the EventBridge limits", () => {
    const rule = testRule(testStack());
    expect(() => rule.addTarget("t", arnTarget(), { retryPolicy: { maximumEventAgeSeconds: 30 } })).toThrow(
      /maximumEventAgeSeconds is 30; allowed: an integer from 60 to 86400/,
    );
  });
});
