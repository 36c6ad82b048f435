import { ALARM_KINDS, AlarmKind } from "../../../modules/monitoring/alarm-kinds";
import { settingsFor } from "../../../modules/monitoring/alarm-settings";
import type { DashboardBody } from "../../../modules/monitoring/flow-dashboard";
import { Arguments, SynthesizedStack, allEnvironments, decodeJsonencode, findResource, readPolicy, resourcesOf, synthesizePlatform } from "../../support/synth";

/** What these tests read of the synthesized alarms and subscriptions. */
type AlarmArguments = Arguments & { readonly alarm_name: string; readonly alarm_description: string; readonly dimensions: Readonly<Record<string, string>> };
type SubscriptionArguments = Arguments & { readonly protocol: string; readonly endpoint: string };
interface RedrivePolicy {
  readonly deadLetterTargetArn: string;
}

interface WatchedBy {
  readonly type: string;
  /** The dimension naming the resource, and the attribute it references. */
  readonly dimension: string;
  readonly attribute: string;
  readonly select?: (resource: Arguments) => boolean;
}

/** The Terraform reference of every resource a kind watches. */
function references(stack: SynthesizedStack, { type, attribute, select = () => true }: WatchedBy): string[] {
  return Object.entries(stack.resource[type] ?? {})
    .filter(([, resource]) => select(resource))
    .map(([id]) => `\${${type}.${id}.${attribute}}`);
}

/** What each alarm kind watches, as Terraform resources. Work queues have a DLQ; dead-letter queues do not. */
const WATCHED_BY: Readonly<Record<AlarmKind["watches"], WatchedBy>> = {
  queue: { type: "aws_sqs_queue", dimension: "QueueName", attribute: "name", select: (queue) => queue.redrive_policy === undefined },
  "work-queue": { type: "aws_sqs_queue", dimension: "QueueName", attribute: "name", select: (queue) => queue.redrive_policy !== undefined },
  "event-rule": { type: "aws_cloudwatch_event_rule", dimension: "RuleName", attribute: "name" },
  "state-machine": { type: "aws_sfn_state_machine", dimension: "StateMachineArn", attribute: "arn" },
  function: { type: "aws_lambda_function", dimension: "FunctionName", attribute: "function_name" },
  topic: { type: "aws_sns_topic", dimension: "TopicName", attribute: "name" },
  "rest-api": { type: "aws_api_gateway_rest_api", dimension: "ApiName", attribute: "name" },
  "graphql-api": { type: "aws_appsync_graphql_api", dimension: "GraphQLAPIId", attribute: "id" },
};

describe.each(allEnvironments)("monitoring of %s", (_, config) => {
  const stack = synthesizePlatform(config);
  const alarms = resourcesOf<AlarmArguments>(stack, "aws_cloudwatch_metric_alarm");
  const topic = findResource(stack, "aws_sns_topic", (t) => t.name === `${config.namePrefix}-alarms`);

  it.each(ALARM_KINDS.map((kind) => [kind.id, kind] as const))("gives every watched resource its %s alarm, as configured", (_, kind) => {
    const settings = settingsFor(config.alarms, kind.id);
    const watched = WATCHED_BY[kind.watches];
    const ofKind = alarms.filter((alarm) => alarm.alarm_description.endsWith(`#alarm-${kind.id}`));
    if (!settings.enabled) {
      expect(ofKind).toEqual([]);
      return;
    }
    const resources = references(stack, watched);
    expect(ofKind.map((alarm) => alarm.dimensions[watched.dimension]).sort()).toEqual(resources.sort());
    for (const alarm of ofKind) {
      expect(alarm).toEqual(
        expect.objectContaining({
          threshold: settings.threshold,
          evaluation_periods: settings.evaluationPeriods,
          period: settings.periodSeconds,
          namespace: expect.stringMatching(/^AWS\//),
          metric_name: kind.metricName,
          comparison_operator: "GreaterThanThreshold",
          treat_missing_data: kind.treatMissingData,
          alarm_actions: [topic.ref("arn")],
          ok_actions: [topic.ref("arn")],
        }),
      );
      expect(alarm.alarm_name.startsWith(`${config.namePrefix}-`)).toBe(true);
      expect(alarm.alarm_description).toMatch(new RegExp(`Runbook: docs/runbook\\.md#alarm-${kind.id}$`));
    }
  });

  it("watches something of every kind but work queues, which no stack uses yet", () => {
    const unwatched = Object.entries(WATCHED_BY).filter(([, watched]) => references(stack, watched).length === 0);
    expect(unwatched.map(([kind]) => kind)).toEqual(["work-queue"]);
  });

  it("names every alarm uniquely", () => {
    const names = alarms.map((alarm) => alarm.alarm_name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("lets only this environment's alarms publish to the alarm topic, over TLS", () => {
    const policy = readPolicy(findResource(stack, "aws_sns_topic_policy", (p) => p.arn === topic.ref("arn")).resource.policy);
    expect(policy.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: "sns:Publish",
        Condition: { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${config.region}:${config.accountId}:alarm:${config.namePrefix}-*` } },
      }),
      expect.objectContaining({ Sid: "DenyInsecureTransport", Effect: "Deny" }),
    ]);
  });

  it("encrypts the alarm topic where the config says so, granting CloudWatch the key", () => {
    if (config.alarms.topic.encryption === "none") {
      expect(topic.resource.kms_master_key_id).toBeUndefined();
      return;
    }
    const key = findResource(stack, "aws_kms_key", (k) => k.description === `Encrypts the ${config.namePrefix}-alarms topic`);
    expect(topic.resource.kms_master_key_id).toBe(key.ref("arn"));
    const grants = readPolicy(key.resource.policy).Statement.filter(
      (s) => (s.Principal as { readonly Service?: unknown } | undefined)?.Service === "cloudwatch.amazonaws.com",
    );
    expect(grants).toHaveLength(1);
  });

  it("subscribes every configured subscriber, each with a dead-letter queue", () => {
    const subscriptions = resourcesOf<SubscriptionArguments>(stack, "aws_sns_topic_subscription").filter((s) => s.topic_arn === topic.ref("arn"));
    const endpoints = (list: readonly { protocol: string; endpoint: string }[]) => list.map((s) => `${s.protocol} ${s.endpoint}`).sort();
    expect(endpoints(subscriptions)).toEqual(endpoints(config.alarms.topic.subscribers));
    for (const subscription of subscriptions) {
      const redrivePolicy = decodeJsonencode(subscription.redrive_policy) as RedrivePolicy;
      expect(redrivePolicy.deadLetterTargetArn).toMatch(/aws_sqs_queue/);
    }
  });

  it("outputs the alarm topic's ARN", () => {
    expect(stack.output.alarm_topic_arn.value).toBe(topic.ref("arn"));
  });

  it("lays the dashboard out in the order events travel", () => {
    const body = decodeJsonencode(findResource(stack, "aws_cloudwatch_dashboard").resource.dashboard_body) as DashboardBody;
    const titles: string[] = body.widgets.map((widget) => widget.properties.title);
    const row = (label: string) => titles.indexOf(`${label}: traffic`);
    const prefix = config.namePrefix;
    const ordersBus = [`rule ${prefix}-orders-audit`, "rule EUOrdersRule", `workflow ${prefix}-orders-processing`, "rule OrderProcessingRule"];
    const inventoryBus = [`function ${prefix}-inventory`, `rule ${prefix}-inventory-audit`, "rule InventoryDevRule"];
    const statusChannels = [`REST API ${prefix}-orders-api`, `rule ${prefix}-order-status-webhooks`, `topic ${prefix}-order-status`];
    const realtime = [`rule ${prefix}-order-status-realtime`, `GraphQL API ${prefix}-order-status`, `topic ${prefix}-alarms`];
    const rows = [...ordersBus, ...inventoryBus, ...statusChannels, ...realtime].map(row);
    expect(rows.every((index) => index >= 0)).toBe(true);
    expect([...rows].sort((a, b) => a - b)).toEqual(rows);
    expect(titles).toContain(`function ${prefix}-inventory: dead-letter queue depth`);
  });
});
