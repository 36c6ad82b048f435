import { TerraformElement, TerraformResource, TerraformStack } from "cdktf";

/** A resource whose construct path changed, and the Terraform address it had before. */
export interface MovedResource {
  /** Construct path below the stack, e.g. `OrderFlow/EUOrdersRule/Resource`. */
  readonly path: string;
  /** Its previous address, `<resource type>.<logical id>`. */
  readonly from: string;
}

/**
 * Rules used to be created under their bus (`OrdersBus/EUOrdersRule`) and target roles beside
 * the rule; now each rule lives under the construct that made it and each role under its target.
 * These `moved` blocks keep every deployed resource: Terraform renames state instead of replacing.
 * An entry can go once every environment has applied it.
 */
export const RULES_MOVED_TO_THEIR_OWNERS: readonly MovedResource[] = [
  { path: "InventoryAudit/Rule/Resource", from: "aws_cloudwatch_event_rule.InventoryBus_InventoryAuditRule_18814C9E" },
  {
    path: "InventoryAudit/Rule/audit-log/DeadLetterQueue/Policy",
    from: "aws_sqs_queue_policy.InventoryBus_InventoryAuditRule_audit-log_DeadLetterQueue_Policy_4BDC2EB4",
  },
  { path: "InventoryAudit/Rule/audit-log/DeadLetterQueue/Resource", from: "aws_sqs_queue.InventoryBus_InventoryAuditRule_audit-log_DeadLetterQueue_5B38F7F4" },
  { path: "InventoryAudit/Rule/audit-log/Resource", from: "aws_cloudwatch_event_target.InventoryBus_InventoryAuditRule_audit-log_030BBB57" },
  { path: "OrderFlow/EUOrdersRule/Resource", from: "aws_cloudwatch_event_rule.OrdersBus_EUOrdersRule_5D7638B7" },
  {
    path: "OrderFlow/EUOrdersRule/orders-processing/DeadLetterQueue/Policy",
    from: "aws_sqs_queue_policy.OrdersBus_EUOrdersRule_orders-processing_DeadLetterQueue_Policy_0359D3D0",
  },
  {
    path: "OrderFlow/EUOrdersRule/orders-processing/DeadLetterQueue/Resource",
    from: "aws_sqs_queue.OrdersBus_EUOrdersRule_orders-processing_DeadLetterQueue_6CA07E14",
  },
  { path: "OrderFlow/EUOrdersRule/orders-processing/Resource", from: "aws_cloudwatch_event_target.OrdersBus_EUOrdersRule_orders-processing_896843D5" },
  { path: "OrderFlow/EUOrdersRule/orders-processing/Role/Policy", from: "aws_iam_role_policy.OrderFlow_EUOrdersRuleRole_Policy_8210897A" },
  { path: "OrderFlow/EUOrdersRule/orders-processing/Role/Resource", from: "aws_iam_role.OrderFlow_EUOrdersRuleRole_606C338B" },
  { path: "OrderFlow/InventoryDevRule/Resource", from: "aws_cloudwatch_event_rule.InventoryBus_InventoryDevRule_EA01CF62" },
  {
    path: "OrderFlow/InventoryDevRule/inventory-log/DeadLetterQueue/Policy",
    from: "aws_sqs_queue_policy.InventoryBus_InventoryDevRule_inventory-log_DeadLetterQueue_Policy_3E1108B9",
  },
  {
    path: "OrderFlow/InventoryDevRule/inventory-log/DeadLetterQueue/Resource",
    from: "aws_sqs_queue.InventoryBus_InventoryDevRule_inventory-log_DeadLetterQueue_825CCE7A",
  },
  { path: "OrderFlow/InventoryDevRule/inventory-log/Resource", from: "aws_cloudwatch_event_target.InventoryBus_InventoryDevRule_inventory-log_9EF1C0B9" },
  { path: "OrderFlow/OrderProcessingRule/Resource", from: "aws_cloudwatch_event_rule.OrdersBus_OrderProcessingRule_D5F3A357" },
  {
    path: "OrderFlow/OrderProcessingRule/inventory-function/DeadLetterQueue/Policy",
    from: "aws_sqs_queue_policy.OrdersBus_OrderProcessingRule_inventory-function_DeadLetterQueue_Policy_08AC1A44",
  },
  {
    path: "OrderFlow/OrderProcessingRule/inventory-function/DeadLetterQueue/Resource",
    from: "aws_sqs_queue.OrdersBus_OrderProcessingRule_inventory-function_DeadLetterQueue_7E547B08",
  },
  {
    path: "OrderFlow/OrderProcessingRule/inventory-function/Resource",
    from: "aws_cloudwatch_event_target.OrdersBus_OrderProcessingRule_inventory-function_0FB72FA6",
  },
  { path: "OrdersAudit/Rule/Resource", from: "aws_cloudwatch_event_rule.OrdersBus_OrdersAuditRule_5D8A2875" },
  {
    path: "OrdersAudit/Rule/audit-log/DeadLetterQueue/Policy",
    from: "aws_sqs_queue_policy.OrdersBus_OrdersAuditRule_audit-log_DeadLetterQueue_Policy_A0FB7E58",
  },
  { path: "OrdersAudit/Rule/audit-log/DeadLetterQueue/Resource", from: "aws_sqs_queue.OrdersBus_OrdersAuditRule_audit-log_DeadLetterQueue_87073942" },
  { path: "OrdersAudit/Rule/audit-log/Resource", from: "aws_cloudwatch_event_target.OrdersBus_OrdersAuditRule_audit-log_2B92E187" },
  { path: "StatusUpdates/OrderStatusRealtimeRule/Resource", from: "aws_cloudwatch_event_rule.OrdersBus_OrderStatusRealtimeRule_1FB8C8FD" },
  {
    path: "StatusUpdates/OrderStatusRealtimeRule/status-api/DeadLetterQueue/Policy",
    from: "aws_sqs_queue_policy.OrdersBus_OrderStatusRealtimeRule_status-api_DeadLetterQueue_Policy_D71E5BD4",
  },
  {
    path: "StatusUpdates/OrderStatusRealtimeRule/status-api/DeadLetterQueue/Resource",
    from: "aws_sqs_queue.OrdersBus_OrderStatusRealtimeRule_status-api_DeadLetterQueue_A3663B30",
  },
  {
    path: "StatusUpdates/OrderStatusRealtimeRule/status-api/Resource",
    from: "aws_cloudwatch_event_target.OrdersBus_OrderStatusRealtimeRule_status-api_53A8B1C1",
  },
  {
    path: "StatusUpdates/OrderStatusRealtimeRule/status-api/Role/Policy",
    from: "aws_iam_role_policy.StatusUpdates_OrderStatusRealtimeRuleRole_Policy_B6F51D4F",
  },
  { path: "StatusUpdates/OrderStatusRealtimeRule/status-api/Role/Resource", from: "aws_iam_role.StatusUpdates_OrderStatusRealtimeRuleRole_2EDBA02E" },
  { path: "StatusUpdates/OrderStatusWebhookRule/Resource", from: "aws_cloudwatch_event_rule.OrdersBus_OrderStatusWebhookRule_58548D9E" },
  {
    path: "StatusUpdates/OrderStatusWebhookRule/webhook-topic/DeadLetterQueue/Policy",
    from: "aws_sqs_queue_policy.OrdersBus_OrderStatusWebhookRule_webhook-topic_DeadLetterQueue_Policy_39A26200",
  },
  {
    path: "StatusUpdates/OrderStatusWebhookRule/webhook-topic/DeadLetterQueue/Resource",
    from: "aws_sqs_queue.OrdersBus_OrderStatusWebhookRule_webhook-topic_DeadLetterQueue_A55881AF",
  },
  {
    path: "StatusUpdates/OrderStatusWebhookRule/webhook-topic/Resource",
    from: "aws_cloudwatch_event_target.OrdersBus_OrderStatusWebhookRule_webhook-topic_ECB99020",
  },
];

/**
 * Adds a `moved` block for each listed resource the stack has (an environment may lack some).
 * The blocks and their metadata are what `moveFromId` writes, in construct order, written by one
 * element instead: `moveFromId` also makes cdktf run `terraform version` once per stack on every
 * synth (a check Terraform makes itself when it reads the block), a tenth of synth's time.
 */
export function moveResources(stack: TerraformStack, moves: readonly MovedResource[]): void {
  new MovedBlocks(stack, "MovedResources", moves);
}

interface MovedBlock {
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly logicalId: string;
}

/** The stack's `moved` blocks, found at synth so that every resource has its final logical id. */
class MovedBlocks extends TerraformElement {
  constructor(
    private readonly stack: TerraformStack,
    id: string,
    private readonly moves: readonly MovedResource[],
  ) {
    super(stack, id);
  }

  override toTerraform(): Record<string, unknown> {
    const blocks = this.blocks();
    return blocks.length === 0 ? {} : { moved: blocks.map(({ from, to }) => ({ to, from })) };
  }

  override toMetadata(): Record<string, unknown> {
    const byType: Record<string, string[]> = {};
    for (const { type, logicalId } of this.blocks()) byType[type] = [...(byType[type] ?? []), logicalId];
    return Object.keys(byType).length === 0 ? {} : { moved: byType };
  }

  private blocks(): MovedBlock[] {
    const fromByPath = new Map(this.moves.map((move) => [move.path, move.from]));
    return this.stack.node
      .findAll()
      .filter(TerraformResource.isTerraformResource)
      .flatMap((resource) => {
        const from = fromByPath.get(resource.node.path.slice(this.stack.node.path.length + 1));
        const type = resource.terraformResourceType;
        const logicalId = resource.friendlyUniqueId;
        return from === undefined ? [] : [{ from, to: `${type}.${logicalId}`, type, logicalId }];
      });
  }
}
