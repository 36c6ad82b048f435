import { CloudWatchClient, DescribeAlarmsCommand, GetDashboardCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { awsClientConfig } from "./emulator/emulator";

export interface AlarmOutputs {
  readonly alarm_topic_arn: string;
}

/**
 * Reads back what pages on-call: every alarm of the deployment (by its name prefix), whether each
 * notifies the alarm topic on ALARM and OK, and the flow dashboard. The emulator stores alarms
 * but has no metrics, so their state stays as created. Returns false when an alarm lacks the
 * topic or the dashboard is missing.
 */
export async function printAlarms(endpoint: string, outputs: AlarmOutputs, namePrefix: string): Promise<boolean> {
  const cloudwatch = new CloudWatchClient(awsClientConfig(endpoint));
  try {
    const alarms = await alarmsNamed(cloudwatch, `${namePrefix}-`);
    const notifying = alarms.filter((alarm) => alarm.AlarmActions?.includes(outputs.alarm_topic_arn) && alarm.OKActions?.includes(outputs.alarm_topic_arn));
    const byMetric = countBy(alarms, (alarm) => `${alarm.Namespace} ${alarm.MetricName}`);
    console.log(`\n  alarms:     ${alarms.length}, ${notifying.length} of them notify ${outputs.alarm_topic_arn} on ALARM and OK`);
    for (const [metric, count] of byMetric) console.log(`    ${String(count).padStart(3)} x ${metric}`);
    const dashboardName = `${namePrefix}-order-flow`;
    const widgets = await dashboardWidgets(cloudwatch, dashboardName);
    console.log(`  dashboard:  ${widgets === undefined ? `${dashboardName} MISSING` : `${dashboardName}, ${widgets} widgets in the order events travel`}`);
    return alarms.length > 0 && notifying.length === alarms.length && widgets !== undefined;
  } finally {
    cloudwatch.destroy();
  }
}

export async function alarmsNamed(cloudwatch: CloudWatchClient, prefix: string): Promise<MetricAlarm[]> {
  const alarms: MetricAlarm[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, NextToken }));
    alarms.push(...(page.MetricAlarms ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return alarms;
}

async function dashboardWidgets(cloudwatch: CloudWatchClient, name: string): Promise<number | undefined> {
  try {
    const { DashboardBody } = await cloudwatch.send(new GetDashboardCommand({ DashboardName: name }));
    return (JSON.parse(DashboardBody ?? "{}").widgets ?? []).length;
  } catch {
    return undefined;
  }
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b));
}
