import { EU_ORDERS_PATTERN, ORDERS_PLACED_PATTERN, ORDER_PROCESSED_PATTERN } from "../../../orders/events/patterns";
import { Arguments, allEnvironments, findResource, readPolicy, resourcesOf, synthesizePlatform, workflowDefinition } from "../../support/synth";

/** The arguments of the rules, state machine and function these tests read. */
type RuleArguments = Arguments & { readonly event_pattern: string };
type StateMachineArguments = Arguments & { readonly logging_configuration: { readonly log_destination: string } };
type FunctionArguments = Arguments & { readonly environment: { readonly variables: Readonly<Record<string, string>> } };

describe.each(allEnvironments)("order flow in %s", (_, config) => {
  const stack = synthesizePlatform(config);
  const prefix = config.namePrefix;
  const named = <R extends Arguments = Arguments>(type: string, name: string, key = "name") => findResource<R>(stack, type, (r) => r[key] === name);
  const rule = (name: string) => named<RuleArguments>("aws_cloudwatch_event_rule", name);
  const targetOf = (ruleName: string) => findResource(stack, "aws_cloudwatch_event_target", (t) => t.rule === rule(ruleName).ref("name")).resource;
  const rolePolicyOf = (roleName: string) => {
    const role = named("aws_iam_role", roleName);
    const policy = findResource(stack, "aws_iam_role_policy", (p) => p.role === role.ref("id")).resource;
    return { trust: readPolicy(role.resource.assume_role_policy), statements: readPolicy(policy.policy).Statement };
  };
  const statusTable = named("aws_dynamodb_table", `${prefix}-order-status`);
  const ordersBus = named("aws_cloudwatch_event_bus", `${prefix}-orders`);
  const inventoryBus = named("aws_cloudwatch_event_bus", `${prefix}-inventory`);
  const machine = named<StateMachineArguments>("aws_sfn_state_machine", `${prefix}-orders-processing`);
  const fn = named<FunctionArguments>("aws_lambda_function", `${prefix}-inventory`, "function_name");

  describe("status table", () => {
    it("is on-demand, keyed by orderId, with point-in-time recovery and encryption", () => {
      expect(statusTable.resource).toEqual(
        expect.objectContaining({
          billing_mode: "PAY_PER_REQUEST",
          hash_key: "orderId",
          attribute: [{ name: "orderId", type: "S" }],
          point_in_time_recovery: { enabled: true },
          server_side_encryption: { enabled: true },
          deletion_protection_enabled: config.orderFlow.statusTable.deletionProtection,
        }),
      );
    });
  });

  describe("OrdersProcessing", () => {
    it("has the configured type, logs at the configured level and traces", () => {
      expect(machine.resource).toEqual(
        expect.objectContaining({
          type: config.orderFlow.workflow.type,
          tracing_configuration: { enabled: true },
          logging_configuration: expect.objectContaining({
            level: config.orderFlow.workflow.logLevel,
            include_execution_data: config.orderFlow.workflow.includeExecutionData,
          }),
        }),
      );
      const logs = named("aws_cloudwatch_log_group", `/aws/vendedlogs/states/${prefix}-orders-processing`);
      expect(machine.resource.logging_configuration.log_destination).toBe(`${logs.ref("arn")}:*`);
      expect(logs.resource.retention_in_days).toBe(config.logRetentionDays);
    });

    it("writes to the status table and publishes to the Orders bus, from its definition", () => {
      const definition = workflowDefinition(machine.resource.definition);
      expect(definition.States.RecordProcessed.Parameters.TableName).toBe(statusTable.ref("name"));
      expect(definition.States.PublishOrderProcessed.Parameters.Entries[0].EventBusName).toBe(ordersBus.ref("name"));
    });

    it("runs under a role that may only write that table and put events on that bus (plus logs and X-Ray)", () => {
      const { trust, statements } = rolePolicyOf(`${prefix}-orders-processing-sfn`);
      expect(trust.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "states.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": config.accountId } },
        },
      ]);
      const scoped = statements.filter((s) => s.Resource !== "*");
      expect(scoped).toEqual([
        { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: statusTable.ref("arn") },
        { Effect: "Allow", Action: "events:PutEvents", Resource: ordersBus.ref("arn") },
      ]);
      const unscoped = statements.filter((s) => s.Resource === "*").flatMap((s) => s.Action as string | string[]);
      expect(unscoped.every((action: string) => /^(logs|xray):/.test(action))).toBe(true);
    });
  });

  describe("OrderIntake", () => {
    const intake = named("aws_sfn_state_machine", `${prefix}-order-intake`);

    it("has the workflow settings of the environment and writes the same table and bus", () => {
      expect(intake.resource).toEqual(expect.objectContaining({ type: config.orderFlow.workflow.type, tracing_configuration: { enabled: true } }));
      const definition = workflowDefinition(intake.resource.definition);
      expect(definition.States.RecordReceived.Parameters.TableName).toBe(statusTable.ref("name"));
      expect(definition.States.PublishOrderRejected.Parameters.Entries[0].EventBusName).toBe(ordersBus.ref("name"));
    });

    it("runs under a role that may only write that table and put events on that bus (plus logs and X-Ray)", () => {
      const scoped = rolePolicyOf(`${prefix}-order-intake-sfn`).statements.filter((s) => s.Resource !== "*");
      expect(scoped).toEqual([
        { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:UpdateItem"], Resource: statusTable.ref("arn") },
        { Effect: "Allow", Action: "events:PutEvents", Resource: ordersBus.ref("arn") },
      ]);
    });

    it("is started for every OrderPlaced by OrdersReceivedRule, through a role allowed to start only it", () => {
      expect(JSON.parse(rule("OrdersReceivedRule").resource.event_pattern)).toEqual(ORDERS_PLACED_PATTERN);
      const target = targetOf("OrdersReceivedRule");
      expect(target.arn).toBe(intake.ref("arn"));
      expect(rolePolicyOf(`${prefix}-orders-received-rule`).statements).toEqual([
        { Effect: "Allow", Action: "states:StartExecution", Resource: intake.ref("arn") },
      ]);
      expect(target.dead_letter_config).toBeDefined();
    });
  });

  describe("rule names", () => {
    it("gives the three order-flow rules the seed's names, unique per bus because the buses are per environment", () => {
      expect(rule("EUOrdersRule").resource.event_bus_name).toBe(ordersBus.ref("name"));
      expect(rule("OrderProcessingRule").resource.event_bus_name).toBe(ordersBus.ref("name"));
      expect(rule("InventoryDevRule").resource.event_bus_name).toBe(named("aws_cloudwatch_event_bus", `${prefix}-inventory`).ref("name"));
    });

    it("keeps the environment prefix on what is unique per account or region: the rules' DLQs and roles", () => {
      const queueNames = resourcesOf(stack, "aws_sqs_queue").map((queue) => queue.name as string);
      expect(queueNames).toEqual(
        expect.arrayContaining([
          `${prefix}-eu-orders-orders-processing-dlq`,
          `${prefix}-order-processing-inventory-function-dlq`,
          `${prefix}-inventory-records-inventory-log-dlq`,
        ]),
      );
      expect(queueNames.every((name) => name.startsWith(`${prefix}-`))).toBe(true);
      expect(named("aws_iam_role", `${prefix}-eu-orders-rule`)).toBeDefined();
    });
  });

  describe("EUOrdersRule", () => {
    it("matches new orders by the eu- location prefix", () => {
      expect(JSON.parse(rule("EUOrdersRule").resource.event_pattern)).toEqual(EU_ORDERS_PATTERN);
      expect(rule("EUOrdersRule").resource.event_bus_name).toBe(ordersBus.ref("name"));
    });

    it("starts OrdersProcessing through a role allowed to start only that state machine", () => {
      const target = targetOf("EUOrdersRule");
      expect(target.arn).toBe(machine.ref("arn"));
      const role = named("aws_iam_role", `${prefix}-eu-orders-rule`);
      expect(target.role_arn).toBe(role.ref("arn"));
      const { trust, statements } = rolePolicyOf(`${prefix}-eu-orders-rule`);
      expect(trust.Statement[0].Principal).toEqual({ Service: "events.amazonaws.com" });
      expect(statements).toEqual([{ Effect: "Allow", Action: "states:StartExecution", Resource: machine.ref("arn") }]);
    });
  });

  describe("OrderProcessingRule and InventoryFunction", () => {
    it("sends OrderProcessed events to InventoryFunction without a role", () => {
      expect(JSON.parse(rule("OrderProcessingRule").resource.event_pattern)).toEqual(ORDER_PROCESSED_PATTERN);
      const target = targetOf("OrderProcessingRule");
      expect(target.arn).toBe(fn.ref("arn"));
      expect(target).not.toHaveProperty("role_arn");
    });

    it("lets EventBridge invoke the function for that rule only", () => {
      const [permission] = resourcesOf(stack, "aws_lambda_permission");
      expect(permission).toEqual(
        expect.objectContaining({
          action: "lambda:InvokeFunction",
          principal: "events.amazonaws.com",
          function_name: fn.ref("function_name"),
          source_arn: rule("OrderProcessingRule").ref("arn"),
        }),
      );
    });

    it("is a bundled Node.js 22 function with explicit timeout, memory, concurrency, JSON logs and X-Ray", () => {
      const settings = config.orderFlow.inventoryFunction;
      expect(fn.resource).toEqual(
        expect.objectContaining({
          runtime: "nodejs22.x",
          handler: "index.handler",
          timeout: settings.timeoutSeconds,
          memory_size: settings.memoryMb,
          reserved_concurrent_executions: settings.reservedConcurrency,
          tracing_config: { mode: "Active" },
          logging_config: { log_format: "JSON", log_group: named("aws_cloudwatch_log_group", `/aws/lambda/${prefix}-inventory`).ref("name") },
        }),
      );
      expect(fn.resource.filename).toMatch(/^assets\/.+\.zip$/);
      expect(fn.resource.source_code_hash).toBe(`\${filebase64sha256("${fn.resource.filename}")}`);
      expect(fn.resource.environment.variables).toEqual({
        IDEMPOTENCY_TABLE_NAME: named("aws_dynamodb_table", `${prefix}-inventory-idempotency`).ref("name"),
        IDEMPOTENCY_TTL_SECONDS: String(settings.idempotencyTtlSeconds),
      });
    });

    it("retries asynchronously as configured; success goes to the Inventory bus, failure to its DLQ", () => {
      const [invokeConfig] = resourcesOf(stack, "aws_lambda_function_event_invoke_config");
      const failures = named("aws_sqs_queue", `${prefix}-inventory-failures`);
      expect(invokeConfig).toEqual(
        expect.objectContaining({
          function_name: fn.ref("function_name"),
          maximum_retry_attempts: config.orderFlow.inventoryFunction.asyncRetries,
          maximum_event_age_in_seconds: config.orderFlow.inventoryFunction.maxEventAgeSeconds,
          destination_config: { on_success: { destination: inventoryBus.ref("arn") }, on_failure: { destination: failures.ref("arn") } },
        }),
      );
      expect(failures.resource.sqs_managed_sse_enabled).toBe(true);
    });

    it("has a role limited to its logs, X-Ray, its idempotency table and its two destinations", () => {
      const { statements } = rolePolicyOf(`${prefix}-inventory-lambda`);
      const byResource = statements.map((s) => [s.Action, s.Resource]);
      expect(byResource).toEqual([
        [["logs:CreateLogStream", "logs:PutLogEvents"], `${named("aws_cloudwatch_log_group", `/aws/lambda/${prefix}-inventory`).ref("arn")}:*`],
        [["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "*"],
        [
          ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
          named("aws_dynamodb_table", `${prefix}-inventory-idempotency`).ref("arn"),
        ],
        ["events:PutEvents", inventoryBus.ref("arn")],
        ["sqs:SendMessage", named("aws_sqs_queue", `${prefix}-inventory-failures`).ref("arn")],
      ]);
    });
  });

  describe("InventoryDevRule", () => {
    it("sends the function's success records on the Inventory bus to the inventory log group", () => {
      const records = rule("InventoryDevRule");
      expect(records.resource.event_bus_name).toBe(inventoryBus.ref("name"));
      expect(JSON.parse(records.resource.event_pattern)).toEqual({
        source: ["lambda"],
        "detail-type": ["Lambda Function Invocation Result - Success"],
        resources: [{ prefix: `arn:aws:lambda:${config.region}:${config.accountId}:function:${prefix}-inventory` }],
      });
      const log = named("aws_cloudwatch_log_group", `/aws/events/${prefix}/inventory`);
      expect(targetOf("InventoryDevRule").arn).toBe(log.ref("arn"));
      expect(log.resource.retention_in_days).toBe(config.logRetentionDays);
    });

    it("is one of the rules the logs resource policy admits", () => {
      const [policy] = resourcesOf(stack, "aws_cloudwatch_log_resource_policy");
      const putEvents = readPolicy(policy.policy_document).Statement[1];
      expect(putEvents.Condition!.ArnEquals["aws:SourceArn"]).toContain(rule("InventoryDevRule").ref("arn"));
    });
  });

  it("gives every rule target a retry policy and its own DLQ", () => {
    const targets = resourcesOf(stack, "aws_cloudwatch_event_target");
    expect(targets.length).toBeGreaterThanOrEqual(5);
    expect(targets.every((t) => t.retry_policy && t.dead_letter_config)).toBe(true);
  });
});
