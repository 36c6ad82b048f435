import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ALARM_NAME_MAX_LENGTH, assertNameLength } from "../aws-limits";
import { AlarmKind, alarmKindsFor, runbookAnchor } from "./alarm-kinds";
import { AlarmSettings, settingsFor } from "./alarm-settings";
import { Watched, WatchedResource, namespaceOf, watchedIn } from "./watched";

export interface AlarmsProps {
  /** What every alarm name starts with (the environment's prefix), so names are unique per account. */
  readonly namePrefix: string;
  readonly settings: AlarmSettings;
  /** Where ALARM and OK notifications go. */
  readonly topicArn: string;
  /** The runbook alarm descriptions point to, e.g. `docs/runbook.md`. */
  readonly runbook: string;
}

/**
 * The alarms of every watched construct in the stack (queues, rules, workflows, functions, topics,
 * APIs), each kind as the settings say. Add it last: it finds what exists, so a new dead-letter
 * queue or workflow gets its alarms without a second edit.
 */
export class Alarms extends Construct {
  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    for (const watched of watchedIn(TerraformStack.of(this))) {
      for (const kind of alarmKindsFor(watched.watched.kind)) {
        if (settingsFor(props.settings, kind.id).enabled) this.alarm(watched, kind, props);
      }
    }
  }

  private alarm(watched: Watched, kind: AlarmKind, props: AlarmsProps): void {
    const resource = watched.watched;
    const settings = settingsFor(props.settings, kind.id);
    const alarmName = alarmNameOf(props.namePrefix, resource.label, kind);
    assertNameLength(this.node.path, "alarm name", alarmName, ALARM_NAME_MAX_LENGTH);
    const percentile = /^p\d/.test(kind.statistic);
    // The id is the watched construct's path: stable, so adding a resource never renames another's alarms.
    new CloudwatchMetricAlarm(this, `${pathInStack(watched)}_${kind.id}`, {
      alarmName,
      alarmDescription: describe(resource, kind, settings.threshold, props.runbook),
      namespace: namespaceOf(resource),
      metricName: kind.metricName,
      dimensions: { ...resource.dimensions },
      ...(percentile ? { extendedStatistic: kind.statistic } : { statistic: kind.statistic }),
      comparisonOperator: kind.comparison,
      threshold: settings.threshold,
      evaluationPeriods: settings.evaluationPeriods,
      period: settings.periodSeconds,
      treatMissingData: kind.treatMissingData,
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
    });
  }
}

/** What fired, against what threshold, and where on-call reads what to do. */
function describe(resource: WatchedResource, kind: AlarmKind, threshold: number, runbook: string): string {
  return `${resource.label}: ${kind.meaning} (${kind.metricName} above ${threshold} ${kind.unit}). Runbook: ${runbook}#${runbookAnchor(kind.id)}`;
}

function pathInStack(watched: Watched): string {
  const stack = TerraformStack.of(watched);
  return watched.node.path.slice(stack.node.path.length + 1).replace(/\//g, "_");
}

/** `<prefix>-<resource>-<kind>`; resource names that already carry the prefix keep it once. */
export function alarmNameOf(namePrefix: string, label: string, kind: AlarmKind): string {
  const resource = label.startsWith(`${namePrefix}-`) ? label : `${namePrefix}-${label}`;
  return `${resource}-${kind.id.replace(/^(queue|work-queue|rule|workflow|function|topic|rest-api|graphql-api)-/, "")}`;
}
