import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { Fn, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { deploymentLocation } from "../arn";
import { WatchedKind, alarmKindsFor } from "./alarm-kinds";
import { FlowStep, flowSteps } from "./flow-order";
import { WatchedResource, namespaceOf, watchedIn } from "./watched";

/** A metric line of a widget: namespace, metric name, dimension name/value pairs, then options. */
type MetricLine = readonly (string | { readonly stat: string; readonly label: string })[];

interface MetricWidget {
  readonly type: "metric";
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: {
    readonly title: string;
    readonly region: string;
    readonly view: "timeSeries";
    readonly stacked: false;
    readonly period: number;
    readonly metrics: readonly MetricLine[];
  };
}

/** The dashboard body as CloudWatch reads it. @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html */
export interface DashboardBody {
  readonly widgets: readonly MetricWidget[];
}

/** How much traffic each kind of resource sees: the first graph of its row. */
const TRAFFIC: Readonly<Record<WatchedKind, { readonly metricName: string; readonly stat: string }>> = {
  queue: { metricName: "NumberOfMessagesSent", stat: "Sum" },
  "work-queue": { metricName: "NumberOfMessagesSent", stat: "Sum" },
  "event-rule": { metricName: "Invocations", stat: "Sum" },
  "state-machine": { metricName: "ExecutionsStarted", stat: "Sum" },
  function: { metricName: "Invocations", stat: "Sum" },
  topic: { metricName: "NumberOfMessagesPublished", stat: "Sum" },
  "rest-api": { metricName: "Count", stat: "Sum" },
  "graphql-api": { metricName: "Latency", stat: "SampleCount" },
};

/** What each kind is called in titles: a topic and an API may share a name. */
const NOUN: Readonly<Record<WatchedKind, string>> = {
  queue: "dead-letter queue",
  "work-queue": "queue",
  "event-rule": "rule",
  "state-machine": "workflow",
  function: "function",
  topic: "topic",
  "rest-api": "REST API",
  "graphql-api": "GraphQL API",
};

const WIDTH = 8;
const HEIGHT = 6;

export interface FlowDashboardProps {
  readonly name: string;
  /** Seconds per data point on every graph. */
  readonly periodSeconds: number;
}

/**
 * One CloudWatch dashboard of the watched constructs in the stack, a row per step in the order
 * events travel: traffic, failures (the metrics the alarms watch) and dead-letter queue depth.
 */
export class FlowDashboard extends Construct {
  readonly dashboardName: string;
  /** The steps as laid out, top to bottom. */
  readonly steps: readonly FlowStep[];

  constructor(scope: Construct, id: string, props: FlowDashboardProps) {
    super(scope, id);
    this.steps = flowSteps(watchedIn(TerraformStack.of(this)));
    const body = dashboardBody(this.steps, deploymentLocation(this).region, props.periodSeconds);
    const dashboard = new CloudwatchDashboard(this, "Resource", { dashboardName: props.name, dashboardBody: Fn.jsonencode(body) });
    this.dashboardName = dashboard.dashboardName;
  }
}

export function dashboardBody(steps: readonly FlowStep[], region: string, period: number): DashboardBody {
  const widgets = steps.flatMap((step, row) => {
    const graphs = [traffic(step.resource.watched), failures(step.resource.watched), ...(step.queues.length > 0 ? [depth(step)] : [])];
    return graphs.map(({ title, metrics }, column) => ({
      type: "metric" as const,
      x: column * WIDTH,
      y: row * HEIGHT,
      width: WIDTH,
      height: HEIGHT,
      properties: { title, region, view: "timeSeries" as const, stacked: false as const, period, metrics },
    }));
  });
  return { widgets };
}

interface Graph {
  readonly title: string;
  readonly metrics: readonly MetricLine[];
}

function titleOf(resource: WatchedResource): string {
  return `${NOUN[resource.kind]} ${resource.label}`;
}

function line(resource: WatchedResource, metricName: string, stat: string, label: string): MetricLine {
  return [namespaceOf(resource), metricName, ...Object.entries(resource.dimensions).flat(), { stat, label }];
}

function traffic(resource: WatchedResource): Graph {
  const { metricName, stat } = TRAFFIC[resource.kind];
  return { title: `${titleOf(resource)}: traffic`, metrics: [line(resource, metricName, stat, metricName)] };
}

function failures(resource: WatchedResource): Graph {
  const kinds = alarmKindsFor(resource.kind);
  return { title: `${titleOf(resource)}: failures`, metrics: kinds.map((kind) => line(resource, kind.metricName, kind.statistic, kind.metricName)) };
}

function depth(step: FlowStep): Graph {
  const metrics = step.queues.map((queue) => line(queue.watched, "ApproximateNumberOfMessagesVisible", "Maximum", queue.watched.label));
  return { title: `${titleOf(step.resource.watched)}: dead-letter queue depth`, metrics };
}
