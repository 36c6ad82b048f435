import { Aspects, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { setDeploymentLocation } from "../modules/arn";
import { EnvironmentConfig } from "../envs";
import { AuditTrail } from "../modules/audit-trail";
import { EventArchive } from "../modules/event-archive";
import { EventBus } from "../modules/event-bus";
import { EventsLogDelivery } from "../modules/events-log-delivery";
import { KmsKey } from "../modules/kms-key";
import { LogEncryption } from "../modules/log-encryption";
import { AlarmTopic } from "../modules/monitoring/alarm-topic";
import { Alarms } from "../modules/monitoring/alarms";
import { FlowDashboard } from "../modules/monitoring/flow-dashboard";
import { PolicyPackAspect } from "../policy/aspect";
import { configureAwsProvider } from "./aws-provider";
import { OrderFlow } from "../orders/order-flow";
import { RULES_MOVED_TO_THEIR_OWNERS, moveResources } from "./moved-resources";
import { configureRemoteState } from "./remote-state";
import { StatusUpdates } from "../orders/status-updates";
import { ReviewsFlow } from "../reviews/reviews-flow";

/** Where alarm descriptions send on-call: a section per alarm kind. */
const RUNBOOK = "docs/runbook.md";
/** Days a deleted KMS key can still be recovered: the longest AWS allows. */
const KEY_DELETION_WINDOW_DAYS = 30;

export interface PlatformStackProps {
  readonly config: EnvironmentConfig;
}

/** Everything one environment deploys. The stack id is the environment name (`cdktf deploy dev`). */
export class PlatformStack extends TerraformStack {
  readonly ordersBus: EventBus;
  readonly inventoryBus: EventBus;
  readonly orderFlow: OrderFlow;
  /** The reviews domain, where `reviews.enabled`. */
  readonly reviewsFlow?: ReviewsFlow;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config } = props;
    setDeploymentLocation(this, config);
    configureAwsProvider(this, config);
    configureRemoteState(this, config);
    Aspects.of(this).add(new PolicyPackAspect({ warnings: config.policy.warnings }));
    if (config.logEncryption === "kms") {
      new LogEncryption(this, "LogEncryption", { name: `${config.namePrefix}-logs`, deletionWindowInDays: 30 });
    }

    const logDelivery = new EventsLogDelivery(this, "EventsLogDelivery", {
      policyName: `${config.namePrefix}-eventbridge-to-logs`,
      logGroupNamePrefix: `/aws/events/${config.namePrefix}/`,
    });
    this.ordersBus = this.auditedBus("Orders", "orders", config, logDelivery);
    this.inventoryBus = this.auditedBus("Inventory", "inventory", config, logDelivery);
    this.orderFlow = new OrderFlow(this, "OrderFlow", {
      config,
      ordersBus: this.ordersBus,
      inventoryBus: this.inventoryBus,
      logDelivery,
    });
    const statusUpdates = new StatusUpdates(this, "StatusUpdates", { config, ordersBus: this.ordersBus, statusTable: this.orderFlow.statusTable });
    const alarmTopic = this.alarmTopic(config);
    if (config.reviews.enabled) {
      const reviewsBus = this.auditedBus("Reviews", "reviews", config, logDelivery);
      const apiLoggingSetBy = statusUpdates.ordersApi?.accountLogging;
      this.reviewsFlow = new ReviewsFlow(this, "ReviewsFlow", { config, reviewsBus, alarmTopic, apiLoggingSetBy });
    }
    this.monitoring(config, alarmTopic);
    moveResources(this, RULES_MOVED_TO_THEIR_OWNERS);
  }

  /** The topic every alarm notifies; created before the domains, whose escalations page through it too. */
  private alarmTopic(config: EnvironmentConfig): AlarmTopic {
    const name = `${config.namePrefix}-alarms`;
    const kmsKey =
      config.alarms.topic.encryption === "kms"
        ? new KmsKey(this, "AlarmKey", { name, description: `Encrypts the ${name} topic`, deletionWindowInDays: KEY_DELETION_WINDOW_DAYS })
        : undefined;
    const topic = new AlarmTopic(this, "AlarmTopic", {
      name,
      alarmNamePrefix: config.namePrefix,
      subscribers: config.alarms.topic.subscribers,
      deadLetterRetentionSeconds: config.delivery.deadLetterRetentionSeconds,
      kmsKey,
    });
    new TerraformOutput(this, "alarm_topic_arn", { value: topic.topicArn, description: "SNS topic every alarm notifies on ALARM and OK" });
    return topic;
  }

  /**
   * Last, so it finds everything above: the alarms of every watched resource (queues, rules,
   * workflows, functions, topics, APIs) and the flow dashboard.
   */
  private monitoring(config: EnvironmentConfig, topic: AlarmTopic): void {
    new Alarms(this, "Alarms", { namePrefix: config.namePrefix, settings: config.alarms, topicArn: topic.topicArn, runbook: RUNBOOK });
    new FlowDashboard(this, "Dashboard", { name: `${config.namePrefix}-order-flow`, periodSeconds: config.alarms.periodSeconds });
  }

  /**
   * cdktf's preparing pass resolves every element of the stack once more before synth, only to
   * find references to other stacks (they add remote state and outputs). An environment's stack
   * refers to no other stack, so the pass is skipped: a third of synth's token resolution. A unit
   * test synthesizes every environment with and without it and finds the same Terraform.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** A bus with its archive and audit trail, and outputs named after it (`orders_bus_arn`). */
  private auditedBus(id: string, shortName: string, config: EnvironmentConfig, logDelivery: EventsLogDelivery): EventBus {
    const name = `${config.namePrefix}-${shortName}`;
    const bus = new EventBus(this, `${id}Bus`, {
      name,
      description: `${id} events of ${config.name}`,
      putEventsPrincipals: config.eventBuses.putEventsPrincipals,
      delivery: config.delivery,
    });
    new EventArchive(this, `${id}Archive`, { bus, name: `${name}-archive`, retentionDays: config.archiveRetentionDays });
    const audit = new AuditTrail(this, `${id}Audit`, {
      bus,
      logDelivery,
      name: `${name}-audit`,
      retentionDays: config.logRetentionDays,
    });
    new TerraformOutput(this, `${shortName}_bus_arn`, { value: bus.busArn, description: `ARN of the ${id} bus` });
    new TerraformOutput(this, `${shortName}_bus_name`, { value: bus.busName, description: `Name of the ${id} bus` });
    new TerraformOutput(this, `${shortName}_audit_log_group`, {
      value: audit.logGroupName,
      description: `Log group holding every event of the ${id} bus`,
    });
    return bus;
  }
}
