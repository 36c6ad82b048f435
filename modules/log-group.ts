import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Construct } from "constructs";
import { LOG_RETENTION_DAYS, LogRetentionDays } from "./aws-limits";

export interface LogGroupProps {
  readonly name: string;
  readonly retentionDays: LogRetentionDays;
}

/** A log group that always expires its events: no accidental keep-forever bill. */
export class LogGroup extends Construct {
  readonly logGroupArn: string;
  readonly logGroupName: string;

  constructor(scope: Construct, id: string, props: LogGroupProps) {
    super(scope, id);
    if (!LOG_RETENTION_DAYS.includes(props.retentionDays)) {
      throw new RangeError(`${this.node.path}: retentionDays is ${props.retentionDays}; allowed: one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    const group = new CloudwatchLogGroup(this, "Resource", { name: props.name, retentionInDays: props.retentionDays });
    this.logGroupArn = group.arn;
    this.logGroupName = group.name;
  }
}
