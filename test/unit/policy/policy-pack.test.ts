import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Aspects, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { spawnSync } from "node:child_process";
import { environments } from "../../../envs";
import type { EnvironmentConfig } from "../../../envs";
import { POLICY_REPORT_KEY, PolicyPackAspect, PolicySummary } from "../../../policy/aspect";
import { POLICY_PACK, RULE_IDS, RuleId, ruleById } from "../../../policy/pack";
import { suppressRule } from "../../../policy/suppressions";
import { PlatformStack } from "../../../stacks/platform-stack";
import { stateBucketStacks } from "../../../stacks/state-bucket-stack";
import { renderPolicySummary } from "../../../tools/ops/stack-summary";
import { resourcesOf, synthesize, testStack } from "../../support/synth";

/** The pack instance a stack carries (PlatformStack and StateBucketStack add their own). */
function packOf(stack: TerraformStack): PolicyPackAspect {
  const pack = Aspects.of(stack).all.find((aspect): aspect is PolicyPackAspect => aspect instanceof PolicyPackAspect);
  if (!pack) throw new Error(`${stack.node.path} has no PolicyPackAspect`);
  return pack;
}

/** What the pack wrote into the stack's Terraform JSON for the synth summary. */
function summaryIn(stack: TerraformStack): PolicySummary {
  return (stack.toTerraform() as { readonly "//": Readonly<Record<string, PolicySummary>> })["//"][POLICY_REPORT_KEY];
}

/** Each environment's platform stack, synthesized (aspects and validations) once for the whole file. */
const platforms = new Map<string, { stack: PlatformStack; synthesized: ReturnType<typeof synthesize> }>();
function platform(config: EnvironmentConfig) {
  if (!platforms.has(config.name)) {
    const stack = new PlatformStack(Testing.app(), config.name, { config });
    platforms.set(config.name, { stack, synthesized: synthesize(stack) });
  }
  return platforms.get(config.name)!;
}

const byName = (name: string) => environments.find((env) => env.name === name)!;

/** A bare stack under the pack, with an unencrypted queue nobody dead-letters to, inside `Group`. */
function stackWithBadQueue(props: ConstructorParameters<typeof PolicyPackAspect>[0] = {}) {
  const stack = testStack();
  Aspects.of(stack).add(new PolicyPackAspect(props));
  const group = new Construct(stack, "Group");
  const queue = new SqsQueue(group, "Queue", { name: "work" });
  // Watched, so only the queue's own three rules find it.
  new CloudwatchMetricAlarm(stack, "QueueDepth", {
    alarmName: "work-depth",
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue.name },
    statistic: "Maximum",
    comparisonOperator: "GreaterThanThreshold",
    threshold: 0,
    evaluationPeriods: 1,
    period: 60,
  });
  return { stack, group };
}

describe("policy pack on every environment", () => {
  it.each(environments.map((env) => [env.name, env] as const))("%s synthesizes with zero unsuppressed findings", (_, config) => {
    const { stack } = platform(config);
    expect(packOf(stack).reportFor(stack)!.errors).toEqual([]);
  });

  it.each(environments.map((env) => [env.name, env] as const))("the state bucket stack of %s passes with no finding at all", (name) => {
    const stack = stateBucketStacks(Testing.app(), environments).find((candidate) => candidate.node.id.endsWith(byName(name).stateBackend.bucket))!;
    synthesize(stack);
    const report = packOf(stack).reportFor(stack)!;
    expect([...report.errors, ...report.warnings, ...report.suppressed]).toEqual([]);
  });

  it("lists local's emulator compromises (no KMS, an API key) as warnings instead of failing", () => {
    const { stack } = platform(byName("local"));
    const warned = new Set(
      packOf(stack)
        .reportFor(stack)!
        .warnings.map((finding) => finding.ruleId),
    );
    expect([...warned].sort()).toEqual(["appsync-no-api-key", "logs-kms-encryption", "sns-topic-kms"]);
  });

  it("lets no environment but local and dev mark a rule as a warning", () => {
    expect(environments.filter((env) => env.policy.warnings.length > 0).map((env) => env.name)).toEqual(["local", "dev"]);
  });

  it.each(["dev", "staging", "prod"])("encrypts every log group of %s with the environment's log key", (name) => {
    const { synthesized } = platform(byName(name));
    const groups = resourcesOf(synthesized, "aws_cloudwatch_log_group");
    expect(groups.length).toBeGreaterThan(0);
    for (const group of groups) expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.LogEncryption_Key_[0-9A-F]+\.arn\}$/);
  });

  it("writes the environment's warnings into cdk.tf.json for the synth summary", () => {
    const { stack } = platform(byName("dev"));
    expect(summaryIn(stack)).toEqual({
      rules: POLICY_PACK.length,
      warningRules: ["appsync-no-api-key"],
      errors: 0,
      warnings: [{ ruleId: "appsync-no-api-key", address: expect.stringMatching(/^aws_appsync_graphql_api\./), detail: "API_KEY is an authentication mode" }],
      suppressions: [],
      unusedSuppressions: [],
    });
  });
});

describe("policy pack behaviour", () => {
  it("fails synth listing every violation at once, with rule id, construct path, address, explanation and fix", () => {
    const { stack } = stackWithBadQueue();
    const rule = new CloudwatchEventRule(stack, "Rule", { name: "r", eventPattern: '{"source":["x"]}' });
    new CloudwatchEventTarget(stack, "Target", { rule: rule.name, arn: "arn:aws:sqs:eu-west-1:123456789012:t" });
    let message = "";
    try {
      synthesize(stack);
    } catch (error) {
      message = (error as Error).message;
    }
    const violations: [RuleId, string, string][] = [
      ["sqs-queue-encrypted", "aws_sqs_queue.Group_Queue_", "test/Group/Queue"],
      ["sqs-queue-dlq", "aws_sqs_queue.Group_Queue_", "test/Group/Queue"],
      ["sqs-queue-tls-only", "aws_sqs_queue.Group_Queue_", "test/Group/Queue"],
      ["events-target-dlq", "aws_cloudwatch_event_target.Target", "test/Target"],
      ["events-target-retry-policy", "aws_cloudwatch_event_target.Target", "test/Target"],
    ];
    for (const [ruleId, address, path] of violations) {
      const line = message.split("\n").find((candidate) => candidate.includes(`policy violation ${ruleId}: `));
      expect(line).toBeDefined();
      expect(line).toContain(address);
      expect(line).toContain(`(${path})`);
      expect(line).toContain(`Why: ${ruleById(ruleId).explanation}`);
      expect(line).toContain(`Fix: ${ruleById(ruleId).fix}`);
    }
    expect(message.match(/policy violation /g)).toHaveLength(violations.length);
  });

  it("passes synth when every finding is suppressed on a scope, and lists each with its reason", () => {
    const { stack, group } = stackWithBadQueue();
    suppressRule(group, "sqs-queue-encrypted", "test fixture holds no data");
    suppressRule(group, "sqs-queue-dlq", "test fixture has no consumer");
    suppressRule(group, "sqs-queue-tls-only", "test fixture has no policy");
    expect(() => synthesize(stack)).not.toThrow();
    expect(packOf(stack).reportFor(stack)!.suppressed).toEqual([
      expect.objectContaining({ ruleId: "sqs-queue-encrypted", path: "test/Group/Queue", reason: "test fixture holds no data", suppressedAt: "test/Group" }),
      expect.objectContaining({ ruleId: "sqs-queue-dlq", reason: "test fixture has no consumer" }),
      expect.objectContaining({ ruleId: "sqs-queue-tls-only", reason: "test fixture has no policy" }),
    ]);
  });

  it("suppresses only the named rule", () => {
    const { stack, group } = stackWithBadQueue();
    suppressRule(group, "sqs-queue-dlq", "test fixture has no consumer");
    expect(() => synthesize(stack)).toThrow(/policy violation sqs-queue-encrypted: /);
    expect(() => synthesize(stack)).not.toThrow(/policy violation sqs-queue-dlq: /);
  });

  it("refuses a suppression without a reason", () => {
    const { group } = stackWithBadQueue();
    expect(() => suppressRule(group, "sqs-queue-dlq", "  ")).toThrow(
      /test\/Group: suppressRule reason for sqs-queue-dlq is " {2}"; allowed: a non-empty reason saying why the rule does not apply/,
    );
  });

  it("refuses a suppression of a rule the pack does not have", () => {
    const { group } = stackWithBadQueue();
    expect(() => suppressRule(group, "no-such-rule" as RuleId, "reason")).toThrow(
      /test\/Group: suppressRule ruleId is "no-such-rule"; allowed: one of events-target-dlq, /,
    );
  });

  it("reports a suppression that covers no finding, so it can be removed", () => {
    const stack = testStack();
    Aspects.of(stack).add(new PolicyPackAspect());
    const clean = new Construct(stack, "Clean");
    suppressRule(clean, "lambda-tracing", "no function here");
    synthesize(stack);
    expect(packOf(stack).reportFor(stack)!.unusedSuppressions).toEqual([{ ruleId: "lambda-tracing", reason: "no function here", path: "test/Clean" }]);
  });

  it("lists findings of warning rules without failing synth", () => {
    const { stack } = stackWithBadQueue({ warnings: ["sqs-queue-encrypted", "sqs-queue-dlq", "sqs-queue-tls-only"] });
    expect(() => synthesize(stack)).not.toThrow();
    expect(
      packOf(stack)
        .reportFor(stack)!
        .warnings.map((finding) => finding.ruleId),
    ).toEqual(["sqs-queue-encrypted", "sqs-queue-dlq", "sqs-queue-tls-only"]);
  });

  it("refuses warnings naming a rule the pack does not have", () => {
    expect(() => new PolicyPackAspect({ warnings: ["kms-everywhere" as RuleId] })).toThrow(
      /warnings has unknown rule ids kms-everywhere; allowed: events-target-dlq, /,
    );
  });

  it("shows warnings and suppressions with their reasons in the synth summary", () => {
    const { stack, group } = stackWithBadQueue({ warnings: ["sqs-queue-encrypted"] });
    suppressRule(group, "sqs-queue-dlq", "test fixture has no consumer");
    suppressRule(group, "sqs-queue-tls-only", "test fixture has no policy");
    synthesize(stack);
    const summary = renderPolicySummary([{ stack: "test", total: 1, resourcesByType: new Map(), outputs: [], policy: summaryIn(stack) }]);
    expect(summary).toContain("test: 1 warning(s) (warning rules: sqs-queue-encrypted), 2 suppression(s)");
    expect(summary).toMatch(/warning {5}sqs-queue-encrypted on aws_sqs_queue\.Group_Queue_\w+: the queue is not encrypted/);
    expect(summary).toMatch(/suppressed {2}sqs-queue-dlq aws_sqs_queue\.Group_Queue_\w+: test fixture has no consumer/);
  });

  it("prints every rule with id, source and explanation for npm run policy -- --list", () => {
    const listed = spawnSync(process.execPath, ["--import", "tsx", "tools/ops/policy.ts", "--list"], { encoding: "utf8" });
    expect(listed.status).toBe(0);
    for (const rule of POLICY_PACK) {
      expect(listed.stdout).toContain(`${rule.id}\n  source: ${rule.source}\n  why:    ${rule.explanation}`);
    }
  });

  it("names every rule, in pack order, in the leaf list the environment config reads", () => {
    expect(RULE_IDS).toEqual(POLICY_PACK.map((rule) => rule.id));
  });
});
