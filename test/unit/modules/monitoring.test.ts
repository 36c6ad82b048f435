import { Construct } from "constructs";
import { sharedAlarms } from "../../../envs/shared";
import { DeadLetterQueue } from "../../../modules/dead-letter-queue";
import { ALARM_KINDS, ALARM_KIND_IDS } from "../../../modules/monitoring/alarm-kinds";
import { AlarmTopic } from "../../../modules/monitoring/alarm-topic";
import { AlarmSettings } from "../../../modules/monitoring/alarm-settings";
import { Alarms, alarmNameOf } from "../../../modules/monitoring/alarms";
import { flowSteps } from "../../../modules/monitoring/flow-order";
import { Watched, WatchedResource } from "../../../modules/monitoring/watched";
import { resourcesOf, synthesizeModule, testStack } from "../../support/synth";

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:orders-dev-alarms";

function alarmsOver(build: (scope: Construct) => void, settings: AlarmSettings = sharedAlarms) {
  return resourcesOf(
    synthesizeModule((scope) => {
      build(scope);
      new Alarms(scope, "Alarms", { namePrefix: "orders-dev", settings, topicArn: TOPIC, runbook: "docs/runbook.md" });
    }),
    "aws_cloudwatch_metric_alarm",
  );
}

const dlq = (scope: Construct, id: string) => new DeadLetterQueue(scope, id, { name: `orders-dev-${id.toLowerCase()}-dlq`, retentionSeconds: 3600 });

describe("Alarms", () => {
  it("finds watched constructs anywhere in the stack, so a new queue needs no second edit", () => {
    const one = alarmsOver((scope) => dlq(new Construct(scope, "Flow"), "First"));
    const two = alarmsOver((scope) => {
      dlq(new Construct(scope, "Flow"), "First");
      dlq(new Construct(new Construct(scope, "Deep"), "Nested"), "Second");
    });
    expect(one).toHaveLength(2);
    expect(two).toHaveLength(4);
    expect(two.map((alarm) => alarm.alarm_name).sort()).toEqual([
      "orders-dev-first-dlq-messages-visible",
      "orders-dev-first-dlq-oldest-message-age",
      "orders-dev-second-dlq-messages-visible",
      "orders-dev-second-dlq-oldest-message-age",
    ]);
  });

  it("makes no alarm of a kind the settings switch off", () => {
    const kinds = { ...sharedAlarms.kinds, "queue-oldest-message-age": { enabled: false, threshold: 60 } };
    const alarms = alarmsOver((scope) => dlq(scope, "Only"), { ...sharedAlarms, kinds });
    expect(alarms.map((alarm) => alarm.metric_name)).toEqual(["ApproximateNumberOfMessagesVisible"]);
  });

  it("uses a kind's own evaluation periods and period over the shared ones", () => {
    const kinds = { ...sharedAlarms.kinds, "queue-messages-visible": { enabled: true, threshold: 5, evaluationPeriods: 3, periodSeconds: 300 } };
    const [depth] = alarmsOver((scope) => dlq(scope, "Only"), { ...sharedAlarms, kinds }).filter((a) => a.metric_name === "ApproximateNumberOfMessagesVisible");
    expect(depth).toEqual(expect.objectContaining({ threshold: 5, evaluation_periods: 3, period: 300, statistic: "Maximum", ok_actions: [TOPIC] }));
  });

  it("names an alarm after its resource, with the prefix once", () => {
    const [kind] = ALARM_KINDS;
    expect(alarmNameOf("orders-dev", "orders-dev-x-dlq", kind)).toBe("orders-dev-x-dlq-messages-visible");
    expect(alarmNameOf("orders-dev", "EUOrdersRule", kind)).toBe("orders-dev-EUOrdersRule-messages-visible");
  });

  it("defines every kind id once, with a reason for its missing-data treatment", () => {
    expect(ALARM_KINDS.map((kind) => kind.id)).toEqual([...ALARM_KIND_IDS]);
    for (const kind of ALARM_KINDS) expect(kind.missingData.length).toBeGreaterThan(20);
  });
});

describe("AlarmTopic", () => {
  const build = (subscribers: ConstructorParameters<typeof AlarmTopic>[2]["subscribers"]) => {
    const location = { accountId: "123456789012", region: "eu-west-1" };
    return new AlarmTopic(testStack(), "AlarmTopic", {
      name: "orders-dev-alarms",
      alarmNamePrefix: "orders-dev",
      subscribers,
      deadLetterRetentionSeconds: 3600,
      ...location,
    });
  };

  it.each([
    [{ name: "oncall", protocol: "email", endpoint: "not-an-address" }, /endpoint is "not-an-address"; allowed: an email address/],
    [{ name: "chat", protocol: "https", endpoint: "http://chat.example.com" }, /endpoint is "http:\/\/chat.example.com"; allowed: an https:\/\/ URL/],
  ] as const)("refuses %j", (subscriber, message) => {
    expect(() => build([subscriber])).toThrow(message);
  });
});

function fake(kind: WatchedResource["kind"], label: string, extra: Partial<WatchedResource> = {}): Watched {
  return { watched: { kind, label, dimensions: {}, arn: `arn:${label}`, ...extra } } as unknown as Watched;
}

describe("flowSteps", () => {
  it("puts each rule before what it delivers to, and a destination bus's rules after the function", () => {
    const workflow = fake("state-machine", "workflow");
    const intake = fake("event-rule", "intake", { deliversTo: ["arn:workflow"], listensTo: "orders" });
    const fn = fake("function", "function", { deliversTo: ["inventory"] });
    const processed = fake("event-rule", "processed", { deliversTo: ["arn:function"], listensTo: "orders" });
    const records = fake("event-rule", "records", { listensTo: "inventory" });
    const status = fake("event-rule", "status", { listensTo: "orders" });
    const order = flowSteps([records, workflow, intake, fn, processed, status]).map((step) => step.resource.watched.label);
    expect(order).toEqual(["intake", "workflow", "processed", "function", "records", "status"]);
  });

  it("puts each queue with the resource added before it", () => {
    const steps = flowSteps([fake("event-rule", "rule"), fake("queue", "rule-dlq"), fake("function", "fn"), fake("queue", "fn-failures")]);
    expect(steps.map((step) => [step.resource.watched.label, step.queues.map((q) => q.watched.label)])).toEqual([
      ["rule", ["rule-dlq"]],
      ["fn", ["fn-failures"]],
    ]);
  });
});
