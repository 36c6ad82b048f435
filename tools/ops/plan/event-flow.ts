import { modulePlacement, StackResource, SynthesizedStackJson } from "./stack-json";

/**
 * A Mermaid flowchart of where events go, read from the synthesized stack (cdk.tf.json):
 * bus -> rule -> target destination (with the target's DLQ), SNS topic -> subscriptions,
 * and what workflows, functions and AppSync data sources write to. References are Terraform
 * expressions like `${aws_sqs_queue.Name_1234.arn}`, so edges follow them.
 */
export function renderEventFlow(stack: SynthesizedStackJson): string {
  const graph = new FlowGraph(stack.resource ?? {});
  graph.collect();
  return graph.render();
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** Dashed: a failure path (DLQ, on-failure destination) rather than the happy path. */
  readonly failure?: boolean;
}

/** Types that carry events or data; references to anything else (roles, policies) are not flow. */
const DATA_PLANE_TYPES = new Set([
  "aws_cloudwatch_event_bus",
  "aws_cloudwatch_log_group",
  "aws_dynamodb_table",
  "aws_lambda_function",
  "aws_sfn_state_machine",
  "aws_sns_topic",
  "aws_sqs_queue",
  "aws_appsync_graphql_api",
]);

const SHAPES: Record<string, [string, string]> = {
  aws_cloudwatch_event_bus: ["[[", "]]"],
  aws_cloudwatch_event_rule: ["{{", "}}"],
  aws_dynamodb_table: ["[(", ")]"],
  aws_sqs_queue: ["[/", "/]"],
  aws_sns_topic: ["([", "])"],
  external: [">", "]"],
};

const KIND_LABELS: Record<string, string> = {
  aws_cloudwatch_event_bus: "bus",
  aws_cloudwatch_event_rule: "rule",
  aws_cloudwatch_log_group: "log group",
  aws_dynamodb_table: "table",
  aws_lambda_function: "lambda",
  aws_sfn_state_machine: "state machine",
  aws_sns_topic: "SNS topic",
  aws_sqs_queue: "queue",
  aws_appsync_graphql_api: "AppSync API",
};

/** `${aws_type.Name_1234.attr}` anywhere in a string; not `data.aws_...` sources. */
const REFERENCE = /(?<![\w.])(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+/g;

export function referencesIn(value: unknown): string[] {
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string") for (const match of v.matchAll(REFERENCE)) found.push(`${match[1]}.${match[2]}`);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") {
      for (const [key, child] of Object.entries(v)) if (key !== "//") visit(child);
    }
  };
  visit(value);
  return [...new Set(found)];
}

class FlowGraph {
  private readonly edges: Edge[] = [];
  private readonly nodes = new Map<string, { type: string; label: string }>();

  constructor(private readonly resources: Record<string, Record<string, StackResource>>) {}

  collect(): void {
    for (const [name, target] of this.each("aws_cloudwatch_event_target")) this.target(name, target);
    for (const [, subscription] of this.each("aws_sns_topic_subscription")) this.subscription(subscription);
    for (const [name, machine] of this.each("aws_sfn_state_machine")) this.writes(`aws_sfn_state_machine.${name}`, machine.definition);
    for (const [name, fn] of this.each("aws_lambda_function")) this.writes(`aws_lambda_function.${name}`, fn.environment);
    for (const [, config] of this.each("aws_lambda_function_event_invoke_config")) this.invokeDestinations(config);
    for (const [, source] of this.each("aws_appsync_datasource")) this.dataSource(source);
  }

  render(): string {
    const ids = new Map([...this.nodes.keys()].sort().map((key, i) => [key, `n${i}`]));
    const lines = ["flowchart LR"];
    for (const [key, id] of ids) {
      const node = this.nodes.get(key)!;
      const [open, close] = SHAPES[node.type] ?? ["[", "]"];
      lines.push(`  ${id}${open}"${escapeLabel(node.label)}"${close}`);
    }
    const seen = new Set<string>();
    for (const edge of this.edges) {
      const arrow = edge.failure ? "-.->" : "-->";
      const line = `  ${ids.get(edge.from)} ${arrow}${edge.label ? `|"${escapeLabel(edge.label)}"|` : ""} ${ids.get(edge.to)}`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
    if (this.nodes.size === 0) lines.push('  empty["no buses, rules or targets in this stack"]');
    return `${lines.join("\n")}\n`;
  }

  private *each(type: string): Iterable<[string, StackResource]> {
    yield* Object.entries(this.resources[type] ?? {});
  }

  private target(name: string, target: StackResource): void {
    const rule = this.first(target.rule, "aws_cloudwatch_event_rule");
    if (!rule) return;
    const ruleResource = this.resource(rule)!;
    const bus = this.first(ruleResource.event_bus_name, "aws_cloudwatch_event_bus");
    if (bus) this.edge({ from: bus, to: rule });
    const destination = this.first(target.arn) ?? this.external(String(target.arn ?? name));
    const targetId = typeof target.target_id === "string" ? target.target_id : undefined;
    this.edge({ from: rule, to: destination, label: targetId });
    const dlq = this.first((target.dead_letter_config as { arn?: unknown } | undefined)?.arn, "aws_sqs_queue");
    if (dlq) this.edge({ from: rule, to: dlq, label: `${targetId ?? "target"} DLQ`, failure: true });
  }

  private subscription(subscription: StackResource): void {
    const topic = this.first(subscription.topic_arn, "aws_sns_topic");
    if (!topic) return;
    const endpoint = this.first(subscription.endpoint) ?? this.external(`${String(subscription.protocol)}: ${String(subscription.endpoint)}`);
    this.edge({ from: topic, to: endpoint, label: filterLabel(subscription) });
    const dlq = this.first(subscription.redrive_policy, "aws_sqs_queue");
    if (dlq) this.edge({ from: topic, to: dlq, label: "undeliverable", failure: true });
  }

  private writes(from: string, value: unknown): void {
    for (const to of referencesIn(value).filter((ref) => this.isDataPlane(ref) && ref !== from)) this.edge({ from, to });
  }

  private invokeDestinations(config: StackResource): void {
    const fn = this.first(config.function_name, "aws_lambda_function");
    const destinations = config.destination_config as { on_success?: { destination?: unknown }; on_failure?: { destination?: unknown } } | undefined;
    if (!fn || !destinations) return;
    const success = this.first(destinations.on_success?.destination);
    if (success) this.edge({ from: fn, to: success, label: "on success" });
    const failure = this.first(destinations.on_failure?.destination);
    if (failure) this.edge({ from: fn, to: failure, label: "on failure", failure: true });
  }

  private dataSource(source: StackResource): void {
    const api = this.first(source.api_id, "aws_appsync_graphql_api");
    if (!api) return;
    for (const to of referencesIn([source.dynamodb_config, source.lambda_config, source.http_config]).filter((ref) => this.isDataPlane(ref))) {
      this.edge({ from: api, to, label: String(source.type ?? "") || undefined });
    }
  }

  /** The first reference in the value to a resource of the stack (of the type, if given). */
  private first(value: unknown, type?: string): string | undefined {
    return referencesIn(value).find((ref) => this.resource(ref) && (!type || ref.startsWith(`${type}.`)));
  }

  private resource(ref: string): StackResource | undefined {
    const [type, name] = ref.split(".");
    return this.resources[type]?.[name];
  }

  private isDataPlane(ref: string): boolean {
    return DATA_PLANE_TYPES.has(ref.split(".")[0]) && this.resource(ref) !== undefined;
  }

  private external(label: string): string {
    const key = `external.${label}`;
    this.nodes.set(key, { type: "external", label });
    return key;
  }

  private edge(edge: Edge): void {
    for (const key of [edge.from, edge.to]) if (!this.nodes.has(key)) this.nodes.set(key, { type: key.split(".")[0], label: this.label(key) });
    this.edges.push(edge);
  }

  /** "rule: orders-prod-eu-orders" from a literal name, else the construct path. */
  private label(ref: string): string {
    const [type] = ref.split(".");
    const resource = this.resource(ref)!;
    const literal = [resource.name, resource.function_name].find((v): v is string => typeof v === "string" && !v.includes("${"));
    const { module, construct } = modulePlacement(resource["//"]?.metadata?.path);
    return `${KIND_LABELS[type] ?? type}: ${literal ?? [module, construct].filter(Boolean).join("/")}`;
  }
}

function filterLabel(subscription: StackResource): string | undefined {
  return subscription.filter_policy ? "filtered" : undefined;
}

/** Mermaid labels are quoted; quotes and markup characters become entity codes. */
function escapeLabel(text: string): string {
  return text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}
