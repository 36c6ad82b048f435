import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { join } from "node:path";
import { EnvironmentConfig } from "../envs";
import { EU_ORDERS_PATTERN, ORDERS_PLACED_PATTERN, ORDER_PROCESSED_PATTERN, inventoryRecordsPattern } from "./events/patterns";
import { AsyncInvocation } from "../modules/async-invocation";
import { DeadLetterQueue } from "../modules/dead-letter-queue";
import { DynamoTable } from "../modules/dynamodb-table";
import { EventBus } from "../modules/event-bus";
import { EventRule } from "../modules/event-rule";
import { EventsLogDelivery } from "../modules/events-log-delivery";
import { LogGroup } from "../modules/log-group";
import { NodeFunction } from "../modules/node-function";
import { StateMachine } from "../modules/state-machine";
import { LambdaFunctionTarget, LogGroupTarget, StateMachineTarget } from "../modules/targets";
import type { EventPattern } from "../modules/event-pattern";
import type { StateMachineDefinition } from "../modules/asl";
import { orderIntakeDefinition } from "./workflows/order-intake";
import type { OrderWorkflowTargets } from "./workflows/status-tasks";
import { ordersProcessingDefinition } from "./workflows/orders-processing";

export interface OrderFlowProps {
  readonly config: EnvironmentConfig;
  readonly ordersBus: EventBus;
  readonly inventoryBus: EventBus;
  readonly logDelivery: EventsLogDelivery;
}

/** An order workflow and the rule that starts it (see `startedByRule`). */
interface OrderWorkflow {
  /** Construct id; the state machine is named `<prefix>-<id in kebab case>`. */
  readonly id: string;
  readonly definition: (targets: OrderWorkflowTargets) => StateMachineDefinition;
  readonly rule: { readonly name: string; readonly prefix: string; readonly pattern: EventPattern; readonly target: string };
  readonly description: string;
}

const INVENTORY_HANDLER = join(__dirname, "functions", "inventory", "handler.ts");

/**
 * The order flow: OrdersReceivedRule -> OrderIntake (every order RECEIVED; non-EU ones REJECTED);
 * EUOrdersRule -> OrdersProcessing -> OrderProcessed on the Orders bus
 * -> OrderProcessingRule -> InventoryFunction -> (on success) Inventory bus -> InventoryDevRule
 * -> the inventory log group.
 */
export class OrderFlow extends Construct {
  readonly statusTable: DynamoTable;
  readonly workflow: StateMachine;
  readonly intake: StateMachine;
  readonly inventoryFunction: NodeFunction;
  readonly inventoryLogGroupName: string;

  constructor(scope: Construct, id: string, props: OrderFlowProps) {
    super(scope, id);
    const { config } = props;
    this.statusTable = new DynamoTable(this, "StatusTable", {
      name: `${config.namePrefix}-order-status`,
      partitionKey: "orderId",
      deletionProtection: config.orderFlow.statusTable.deletionProtection,
    });
    this.intake = this.orderIntake(props);
    this.workflow = this.ordersProcessing(props);
    const inventory = this.inventory(props);
    this.inventoryFunction = inventory.fn;
    this.inventoryLogGroupName = inventory.logGroupName;
    this.outputs();
  }

  /** 0: every order starts OrderIntake, which records it RECEIVED (or REJECTED). */
  private orderIntake(props: OrderFlowProps): StateMachine {
    return this.startedByRule(props, {
      id: "OrderIntake",
      definition: orderIntakeDefinition,
      rule: { name: "OrdersReceivedRule", prefix: "orders-received", pattern: ORDERS_PLACED_PATTERN, target: "order-intake" },
      description: "Every placed order to the OrderIntake workflow (status RECEIVED)",
    });
  }

  /** 1-2: EU orders start OrdersProcessing. */
  private ordersProcessing(props: OrderFlowProps): StateMachine {
    return this.startedByRule(props, {
      id: "OrdersProcessing",
      definition: ordersProcessingDefinition,
      rule: { name: "EUOrdersRule", prefix: "eu-orders", pattern: EU_ORDERS_PATTERN, target: "orders-processing" },
      description: "EU orders to the OrdersProcessing workflow",
    });
  }

  /**
   * An order workflow (writes the status table, puts status events on the Orders bus, with the
   * environment's workflow settings) and the rule that starts it, through a role that may start
   * only that state machine.
   */
  private startedByRule({ config, ordersBus }: OrderFlowProps, workflow: OrderWorkflow): StateMachine {
    const kebab = workflow.id.replace(/(?<=[a-z])(?=[A-Z])/g, "-").toLowerCase();
    const machine = new StateMachine(this, workflow.id, {
      name: `${config.namePrefix}-${kebab}`,
      type: config.orderFlow.workflow.type,
      definition: workflow.definition({ statusTableName: this.statusTable.tableName, ordersBusName: ordersBus.busName }),
      taskPermissions: [this.statusTable.writeItems(), ordersBus.putEvents()],
      logLevel: config.orderFlow.workflow.logLevel,
      includeExecutionData: config.orderFlow.workflow.includeExecutionData,
      logRetentionDays: config.logRetentionDays,
    });
    const rule = new EventRule(this, workflow.rule.name, {
      bus: ordersBus,
      name: workflow.rule.name,
      resourceNamePrefix: `${config.namePrefix}-${workflow.rule.prefix}`,
      description: workflow.description,
      eventPattern: workflow.rule.pattern,
    });
    rule.addTarget(workflow.rule.target, new StateMachineTarget(machine));
    return machine;
  }

  /** 3-5: OrderProcessed -> InventoryFunction; its execution records -> Inventory bus -> log group. */
  private inventory({ config, ordersBus, inventoryBus, logDelivery }: OrderFlowProps): { fn: NodeFunction; logGroupName: string } {
    const settings = config.orderFlow.inventoryFunction;
    const name = `${config.namePrefix}-inventory`;
    const idempotency = new DynamoTable(this, "IdempotencyTable", {
      name: `${name}-idempotency`,
      partitionKey: "id",
      timeToLiveAttribute: "expiration",
      deletionProtection: false,
    });
    const fn = new NodeFunction(this, "InventoryFunction", {
      name,
      description: "Reserves inventory for processed orders, once per idempotency key",
      entry: INVENTORY_HANDLER,
      memoryMb: settings.memoryMb,
      timeoutSeconds: settings.timeoutSeconds,
      reservedConcurrency: settings.reservedConcurrency,
      logRetentionDays: config.logRetentionDays,
      environment: { IDEMPOTENCY_TABLE_NAME: idempotency.tableName, IDEMPOTENCY_TTL_SECONDS: String(settings.idempotencyTtlSeconds) },
    });
    idempotency.grantReadWriteData(fn.role);
    new AsyncInvocation(this, "InventoryFunctionAsync", {
      function: fn,
      retries: settings.asyncRetries,
      maxEventAgeSeconds: settings.maxEventAgeSeconds,
      onSuccess: inventoryBus,
      onFailure: new DeadLetterQueue(this, "InventoryFunctionFailures", {
        name: `${name}-failures`,
        retentionSeconds: config.delivery.deadLetterRetentionSeconds,
      }),
    });

    const processed = new EventRule(this, "OrderProcessingRule", {
      bus: ordersBus,
      name: "OrderProcessingRule",
      resourceNamePrefix: `${config.namePrefix}-order-processing`,
      description: "OrderProcessed events to InventoryFunction",
      eventPattern: ORDER_PROCESSED_PATTERN,
    });
    processed.addTarget("inventory-function", new LambdaFunctionTarget(fn));

    const records = new EventRule(this, "InventoryDevRule", {
      bus: inventoryBus,
      name: "InventoryDevRule",
      resourceNamePrefix: `${config.namePrefix}-inventory-records`,
      description: "InventoryFunction success records to the inventory log group",
      eventPattern: inventoryRecordsPattern(fn.literalFunctionArn),
    });
    const log = new LogGroup(this, "InventoryLog", { name: logDelivery.logGroupName("inventory"), retentionDays: config.logRetentionDays });
    records.addTarget("inventory-log", new LogGroupTarget(log, logDelivery));
    return { fn, logGroupName: log.logGroupName };
  }

  /** Outputs keep their plain names (`order_status_table_name`), not construct-path ids. */
  private outputs(): void {
    const output = (id: string, value: string, description: string) => new TerraformOutput(this, id, { value, description }).overrideLogicalId(id);
    output("order_status_table_name", this.statusTable.tableName, "Order status rows written by OrdersProcessing");
    output("orders_processing_arn", this.workflow.stateMachineArn, "OrdersProcessing state machine");
    output("order_intake_arn", this.intake.stateMachineArn, "OrderIntake state machine (RECEIVED and REJECTED statuses)");
    output("inventory_function_name", this.inventoryFunction.functionName, "InventoryFunction");
    output("inventory_log_group", this.inventoryLogGroupName, "InventoryFunction success records");
  }
}
