import { CloudWatchClient, GetDashboardCommand, ListTagsForResourceCommand, MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { LambdaClient, ListFunctionsCommand } from "@aws-sdk/client-lambda";
import { ListStateMachinesCommand } from "@aws-sdk/client-sfn";
import { ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { DashboardBody as FlowDashboardBody } from "../../modules/monitoring/flow-dashboard";
import { awsClientConfig } from "../../tools/local/emulator/emulator";
import { awsClients, e2eContext } from "./support/context";
import { alarmsNamed } from "../../tools/local/tour-alarms";

const context = e2eContext();
const { sfn, events } = awsClients(context.endpoint);
const cloudwatch = new CloudWatchClient(awsClientConfig(context.endpoint));
const sqs = new SQSClient(awsClientConfig(context.endpoint));
const lambda = new LambdaClient(awsClientConfig(context.endpoint));
const { namePrefix, alarms: settings } = context.config;
const topicArn = context.outputs.alarm_topic_arn;

const allAlarms = (): Promise<MetricAlarm[]> => alarmsNamed(cloudwatch, namePrefix);

/** The alarms whose metric is `metricName` with dimension `name` = `value`. */
function alarmsOn(alarms: readonly MetricAlarm[], metricName: string, name: string, value: string): MetricAlarm[] {
  return alarms.filter((alarm) => alarm.MetricName === metricName && alarm.Dimensions?.some((d) => d.Name === name && d.Value === value));
}

function expectPaging(alarm: MetricAlarm | undefined, threshold: number) {
  expect(alarm).toBeDefined();
  expect(alarm!.Threshold).toBe(threshold);
  expect(alarm!.AlarmActions).toEqual([topicArn]);
  expect(alarm!.OKActions).toEqual([topicArn]);
}

describe("alarms as deployed on the emulator", () => {
  let alarms: MetricAlarm[];
  beforeAll(async () => {
    alarms = await allAlarms();
  });

  it("outputs the alarm topic", () => {
    expect(topicArn).toMatch(new RegExp(`^arn:aws:sns:.*:${namePrefix}-alarms$`));
  });

  it("watches every deployed queue's depth and oldest message with the configured thresholds", async () => {
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: namePrefix }));
    expect(QueueUrls.length).toBeGreaterThan(5);
    for (const url of QueueUrls) {
      const name = url.split("/").pop()!;
      expectPaging(alarmsOn(alarms, "ApproximateNumberOfMessagesVisible", "QueueName", name)[0], settings.kinds["queue-messages-visible"].threshold);
      expectPaging(alarmsOn(alarms, "ApproximateAgeOfOldestMessage", "QueueName", name)[0], settings.kinds["queue-oldest-message-age"].threshold);
    }
  });

  it("watches every deployed state machine's failed and timed-out executions", async () => {
    const { stateMachines = [] } = await sfn.send(new ListStateMachinesCommand({}));
    const ours = stateMachines.filter((machine) => machine.name!.startsWith(namePrefix));
    expect(ours.length).toBeGreaterThan(0);
    for (const machine of ours) {
      expectPaging(
        alarmsOn(alarms, "ExecutionsFailed", "StateMachineArn", machine.stateMachineArn!)[0],
        settings.kinds["workflow-executions-failed"].threshold,
      );
      expectPaging(
        alarmsOn(alarms, "ExecutionsTimedOut", "StateMachineArn", machine.stateMachineArn!)[0],
        settings.kinds["workflow-executions-timed-out"].threshold,
      );
    }
  });

  it("watches every deployed function's errors, throttles and destination delivery failures", async () => {
    const { Functions = [] } = await lambda.send(new ListFunctionsCommand({}));
    const ours = Functions.filter((fn) => fn.FunctionName!.startsWith(namePrefix));
    expect(ours.length).toBeGreaterThan(0);
    for (const fn of ours) {
      for (const [metric, kind] of [
        ["Errors", "function-errors"],
        ["Throttles", "function-throttles"],
        ["DestinationDeliveryFailures", "function-destination-delivery-failures"],
      ] as const) {
        expectPaging(alarmsOn(alarms, metric, "FunctionName", fn.FunctionName!)[0], settings.kinds[kind].threshold);
      }
    }
  });

  it("watches every deployed rule's failed and dead-lettered deliveries, by bus and rule name", async () => {
    for (const bus of [context.outputs.orders_bus_name, context.outputs.inventory_bus_name]) {
      const { Rules = [] } = await events.send(new ListRulesCommand({ EventBusName: bus }));
      // Archives add a rule of their own that EventBridge manages; it has no targets to fail.
      const ours = Rules.filter((rule) => !rule.ManagedBy && !rule.Name!.startsWith("Events-Archive-"));
      expect(ours.length).toBeGreaterThan(0);
      const unwatched = ours.filter((rule) => alarmsOn(alarms, "FailedInvocations", "RuleName", rule.Name!).length === 0).map((rule) => rule.Name);
      expect(unwatched).toEqual([]);
      for (const rule of ours) {
        for (const [metric, kind] of [
          ["FailedInvocations", "rule-failed-invocations"],
          ["InvocationsSentToDlq", "rule-invocations-sent-to-dlq"],
        ] as const) {
          const [alarm] = alarmsOn(alarms, metric, "RuleName", rule.Name!);
          expectPaging(alarm, settings.kinds[kind].threshold);
          expect(alarm.Dimensions).toContainEqual({ Name: "EventBusName", Value: bus });
        }
      }
    }
  });

  it("tags every alarm like every other resource of the environment", async () => {
    const { Tags = [] } = await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarms[0].AlarmArn }));
    expect(Tags).toContainEqual({ Key: "Environment", Value: context.config.name });
  });

  it("keeps the missing-data treatment and the runbook link of each alarm", () => {
    const depth = alarms.find((alarm) => alarm.MetricName === "ApproximateNumberOfMessagesVisible")!;
    expect(depth.TreatMissingData).toBe("notBreaching");
    expect(depth.AlarmDescription).toMatch(/Runbook: docs\/runbook\.md#alarm-queue-messages-visible$/);
  });
});

describe("the flow dashboard as deployed on the emulator", () => {
  it("names the resources in the order events travel", async () => {
    const { DashboardBody } = await cloudwatch.send(new GetDashboardCommand({ DashboardName: `${namePrefix}-order-flow` }));
    const titles: string[] = (JSON.parse(DashboardBody!) as FlowDashboardBody).widgets.map((widget) => widget.properties.title);
    const row = (label: string) => titles.indexOf(`${label}: traffic`);
    const flow = [
      "rule EUOrdersRule",
      `workflow ${namePrefix}-orders-processing`,
      "rule OrderProcessingRule",
      `function ${namePrefix}-inventory`,
      "rule InventoryDevRule",
      `rule ${namePrefix}-order-status-webhooks`,
    ].map(row);
    expect(flow.every((index) => index >= 0)).toBe(true);
    expect([...flow].sort((a, b) => a - b)).toEqual(flow);
  });
});
