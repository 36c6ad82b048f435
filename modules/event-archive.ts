import { CloudwatchEventArchive } from "@cdktf/provider-aws/lib/cloudwatch-event-archive";
import { Construct } from "constructs";
import { ARCHIVE_NAME_MAX_LENGTH, ARCHIVE_RETENTION_DAYS, assertIntegerInRange, assertNameLength } from "./aws-limits";
import { EventBus } from "./event-bus";

export interface EventArchiveProps {
  readonly bus: EventBus;
  readonly name: string;
  /** Days archived events can be replayed; 0 keeps them indefinitely. */
  readonly retentionDays: number;
}

/** Archives every event on a bus so it can be replayed after an incident. */
export class EventArchive extends Construct {
  readonly archiveName: string;

  constructor(scope: Construct, id: string, props: EventArchiveProps) {
    super(scope, id);
    assertNameLength(this.node.path, "name", props.name, ARCHIVE_NAME_MAX_LENGTH);
    assertIntegerInRange(this.node.path, "retentionDays", props.retentionDays, ARCHIVE_RETENTION_DAYS);
    const archive = new CloudwatchEventArchive(this, "Resource", {
      name: props.name,
      description: `Every event on ${props.bus.physicalName}, kept for replay`,
      eventSourceArn: props.bus.busArn,
      retentionDays: props.retentionDays,
    });
    this.archiveName = archive.name;
  }
}
