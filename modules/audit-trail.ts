import { Construct } from "constructs";
import { LogRetentionDays } from "./aws-limits";
import type { EventBus } from "./event-bus";
import { EventRule } from "./event-rule";
import { MATCH_ALL_EVENTS } from "./event-pattern";
import { EventsLogDelivery } from "./events-log-delivery";
import { LogGroup } from "./log-group";
import { LogGroupTarget } from "./targets/log-group-target";

export interface AuditTrailProps {
  readonly bus: EventBus;
  readonly logDelivery: EventsLogDelivery;
  /** Name of the catch-all rule; also the log group's name under the delivery prefix. */
  readonly name: string;
  readonly retentionDays: LogRetentionDays;
}

/** Every event on a bus, written to a CloudWatch log group: what ops read first in an incident. */
export class AuditTrail extends Construct {
  readonly logGroupName: string;
  readonly rule: EventRule;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    const logGroupName = props.logDelivery.logGroupName(props.name);
    const logGroup = new LogGroup(this, "LogGroup", {
      name: logGroupName,
      retentionDays: props.retentionDays,
    });
    this.rule = new EventRule(this, "Rule", {
      bus: props.bus,
      name: props.name,
      description: `Audit: every event on ${props.bus.physicalName} to ${logGroupName}`,
      eventPattern: MATCH_ALL_EVENTS,
    });
    this.rule.addTarget("audit-log", new LogGroupTarget(logGroup, props.logDelivery));
    this.logGroupName = logGroup.logGroupName;
  }
}
