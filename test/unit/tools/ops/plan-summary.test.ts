import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { EventBus } from "../../../../modules/event-bus";
import { EventRule } from "../../../../modules/event-rule";
import { arnTarget } from "../../../support/fixtures";
import { parsePlanArgs } from "../../../../tools/ops/plan/plan-args";
import { changeKind, formatAttributePath, parsePlanJson, ResourceChangeJson, TerraformPlanJson } from "../../../../tools/ops/plan/plan-json";
import { PLAN_EXIT, planExitCode } from "../../../../tools/ops/plan/plan-stack";
import { referencesIn, renderEventFlow } from "../../../../tools/ops/plan/event-flow";
import { constructPaths, modulePlacement, placementFromLogicalId } from "../../../../tools/ops/plan/stack-json";
import { EXIT_DESTRUCTIVE_BLOCKED, summarizePlan, summaryExitCode } from "../../../../tools/ops/plan/summary";
import { renderPlanMarkdown } from "../../../../tools/ops/plan/summary-markdown";
import { parseSummaryArgs } from "../../../../tools/ops/plan/summary-args";
import { environmentFromFileName } from "../../../../tools/ops/plan/summary-files";
import { synthesizeModule } from "../../../support/synth";

function change(type: string, name: string, actions: string[], extra: Partial<ResourceChangeJson["change"]> = {}): ResourceChangeJson {
  return { address: `${type}.${name}`, mode: "managed", type, name, change: { actions, ...extra } };
}

function planOf(...changes: ResourceChangeJson[]): TerraformPlanJson {
  return { format_version: "1.2", errored: false, resource_changes: changes };
}

const PATHS = new Map([
  ["aws_dynamodb_table.OrderFlow_StatusTable_3CBD35B8", "prod/OrderFlow/StatusTable/Resource"],
  ["aws_cloudwatch_event_rule.OrdersBus_EUOrdersRule_5D7638B7", "prod/OrdersBus/EUOrdersRule/Resource"],
  ["aws_iam_role.OrderFlow_Role_11111111", "prod/OrderFlow/Role/Resource"],
]);

const TABLE_REPLACE = change("aws_dynamodb_table", "OrderFlow_StatusTable_3CBD35B8", ["delete", "create"], {
  replace_paths: [["hash_key"], ["attribute", 0, "name"]],
});
const RULE_UPDATE = change("aws_cloudwatch_event_rule", "OrdersBus_EUOrdersRule_5D7638B7", ["update"]);
const QUEUE_DELETE = change("aws_sqs_queue", "OrdersBus_Old_DeadLetterQueue_ABCDEF12", ["delete"]);
const ROLE_CREATE = change("aws_iam_role", "OrderFlow_Role_11111111", ["create"]);

describe("changeKind", () => {
  it.each([
    [["create"], "create"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["no-op"], undefined],
    [["read"], undefined],
    [["forget"], undefined],
  ])("maps actions %j to %s", (actions, kind) => {
    expect(changeKind(actions)).toBe(kind);
  });
});

describe("parsePlanJson", () => {
  it("refuses text that is not JSON, naming the file", () => {
    expect(() => parsePlanJson("Terraform will perform", "p.json")).toThrow(/p\.json is not JSON.*terraform show -json/);
  });

  it("refuses JSON without a format_version", () => {
    expect(() => parsePlanJson('{"resources":[]}', "state.json")).toThrow(/state\.json is not a complete terraform plan .*it has no format_version/);
  });

  it("refuses an unsupported major plan format", () => {
    expect(() => parsePlanJson('{"format_version":"2.0"}', "p.json")).toThrow(/format_version is 2\.0; supported: 1\.x/);
  });

  it("refuses resource_changes that is not a list", () => {
    expect(() => parsePlanJson('{"format_version":"1.2","resource_changes":{}}', "p.json")).toThrow(/resource_changes is not a list/);
  });
});

describe("formatAttributePath", () => {
  it("writes list indexes in brackets and nested keys with dots", () => {
    expect(formatAttributePath(["attribute", 0, "name"])).toBe("attribute[0].name");
  });
});

describe("construct placement", () => {
  it("reads construct paths from cdktf's metadata", () => {
    const stack = { resource: { aws_sqs_queue: { Q_1: { "//": { metadata: { path: "dev/Q/Resource" } } } } } };
    expect(constructPaths(stack).get("aws_sqs_queue.Q_1")).toBe("dev/Q/Resource");
  });

  it("groups by the top-level construct and drops the stack name and trailing Resource", () => {
    expect(modulePlacement("prod/OrdersBus/EUOrdersRule/orders-processing/DeadLetterQueue/Resource")).toEqual({
      module: "OrdersBus",
      construct: "EUOrdersRule/orders-processing/DeadLetterQueue",
    });
  });

  it("places a resource that left the code by its logical id", () => {
    expect(placementFromLogicalId('aws_sqs_queue.OrdersBus_Old_DeadLetterQueue_ABCDEF12["x"]')).toEqual({
      module: "OrdersBus",
      construct: "Old/DeadLetterQueue",
    });
  });
});

describe("summarizePlan", () => {
  const summary = summarizePlan(planOf(TABLE_REPLACE, RULE_UPDATE, QUEUE_DELETE, ROLE_CREATE), { environment: "dev", constructPaths: PATHS });

  it("counts creates, updates, replaces and deletes", () => {
    expect(summary.counts).toEqual({ create: 1, update: 1, replace: 1, delete: 1 });
  });

  it("ignores no-op changes and data source reads", () => {
    const quiet = summarizePlan(planOf(change("aws_sqs_queue", "Q", ["no-op"]), { ...change("aws_iam_policy_document", "D", ["read"]), mode: "data" }), {
      environment: "dev",
    });
    expect(quiet.changes).toEqual([]);
  });

  it("groups changes by module, sorted", () => {
    expect(summary.changes.map((c) => [c.module, c.construct])).toEqual([
      ["OrderFlow", "Role"],
      ["OrderFlow", "StatusTable"],
      ["OrdersBus", "EUOrdersRule"],
      ["OrdersBus", "Old/DeadLetterQueue"],
    ]);
  });

  it("lists the attributes forcing a replacement", () => {
    expect(summary.changes.find((c) => c.kind === "replace")?.replacePaths).toEqual(["hash_key", "attribute[0].name"]);
  });

  it("counts only deletes and replaces of stateful types as destructive", () => {
    const other = summarizePlan(planOf(change("aws_iam_role", "R", ["delete"]), change("aws_dynamodb_table", "T", ["update"])), { environment: "prod" });
    expect(summary.destructive.map((c) => c.type)).toEqual(["aws_dynamodb_table", "aws_sqs_queue"]);
    expect(other.destructive).toEqual([]);
  });

  it("does not block a destructive plan outside prod", () => {
    expect(summary.blocked).toBe(false);
  });

  it("blocks a destructive plan for prod", () => {
    expect(summarizePlan(planOf(QUEUE_DELETE), { environment: "prod" }).blocked).toBe(true);
  });

  it("lets a destructive prod plan through with allowDestructive", () => {
    expect(summarizePlan(planOf(QUEUE_DELETE), { environment: "prod", allowDestructive: true }).blocked).toBe(false);
  });

  it("blocks in the protected environments given instead of prod", () => {
    const options = { protectedEnvironments: ["staging"] };
    expect(summarizePlan(planOf(QUEUE_DELETE), { environment: "staging", ...options }).blocked).toBe(true);
    expect(summarizePlan(planOf(QUEUE_DELETE), { environment: "prod", ...options }).blocked).toBe(false);
  });
});

describe("exit codes", () => {
  const blocked = summarizePlan(planOf(QUEUE_DELETE), { environment: "prod" });
  const fine = summarizePlan(planOf(RULE_UPDATE), { environment: "prod" });

  it("is 3 for plan:summary when any environment is blocked, else 0", () => {
    expect(summaryExitCode([fine, blocked])).toBe(EXIT_DESTRUCTIVE_BLOCKED);
    expect(EXIT_DESTRUCTIVE_BLOCKED).toBe(3);
    expect(summaryExitCode([fine])).toBe(0);
  });

  it.each([
    [0, false, false, PLAN_EXIT.noChanges],
    [2, false, false, PLAN_EXIT.changes],
    [2, true, false, PLAN_EXIT.destructiveBlocked],
    [2, false, true, PLAN_EXIT.permissionsBlocked],
    [2, true, true, PLAN_EXIT.destructiveBlocked],
    [1, false, false, PLAN_EXIT.error],
  ])("is for npm run plan, from terraform's %i, blocked=%s and permissionsBlocked=%s, %i", (terraformCode, isBlocked, permissionsBlocked, expected) => {
    expect(planExitCode(terraformCode, { blocked: isBlocked, permissionsBlocked })).toBe(expected);
  });

  it("gives blocked permissions their own exit code, 4, distinct from the stateful block", () => {
    expect(PLAN_EXIT.permissionsBlocked).toBe(4);
    expect(PLAN_EXIT.permissionsBlocked).not.toBe(PLAN_EXIT.destructiveBlocked);
  });
});

describe("renderPlanMarkdown", () => {
  const dev = summarizePlan(planOf(TABLE_REPLACE, RULE_UPDATE, QUEUE_DELETE, ROLE_CREATE), { environment: "dev", constructPaths: PATHS });
  const prod = summarizePlan(planOf(QUEUE_DELETE), { environment: "prod" });
  const staging = summarizePlan(planOf(), { environment: "staging" });
  const markdown = renderPlanMarkdown([dev, staging, prod], { dev: "flowchart LR\n  n0 --> n1\n" });

  it("has one counts row per environment", () => {
    expect(markdown).toContain("| dev | 1 | 1 | 1 | 1 | **2** (review) |");
    expect(markdown).toContain("| staging | 0 | 0 | 0 | 0 | none |");
    expect(markdown).toContain("| prod | 0 | 0 | 0 | 1 | **1** (BLOCKED) |");
  });

  it("puts a CAUTION alert naming each stateful delete or replace and what it loses", () => {
    expect(markdown).toMatch(/> \[!CAUTION\]\n> \*\*2 stateful resource\(s\) in dev will be DELETED or REPLACED/);
    expect(markdown).toContain("> - **REPLACE** `aws_dynamodb_table.OrderFlow_StatusTable_3CBD35B8` (OrderFlow/StatusTable): loses every item in the table");
    expect(markdown).toContain("forced by `hash_key`, `attribute[0].name`");
  });

  it("says BLOCKED and how to allow it for a blocked environment", () => {
    expect(markdown).toMatch(/> \*\*BLOCKED\*\*: prod is protected; re-run with `--allow-destructive`/);
  });

  it("tables changed resources by module, naming each module once", () => {
    expect(markdown).toContain("| **OrderFlow** | Role | create | `aws_iam_role.OrderFlow_Role_11111111` |");
    expect(markdown).toContain("|  | StatusTable | **replace** (stateful) | `aws_dynamodb_table.OrderFlow_StatusTable_3CBD35B8` |");
  });

  it("says so when an environment has no changes", () => {
    expect(markdown).toMatch(/### staging\n\nNo changes\./);
  });

  it("embeds the environment's event-flow diagram as a mermaid block", () => {
    expect(markdown).toContain("```mermaid\nflowchart LR\n  n0 --> n1\n```");
  });

  it("escapes pipes in table cells", () => {
    const odd = summarizePlan(planOf(RULE_UPDATE), { environment: "a|b" });
    expect(renderPlanMarkdown([odd])).toContain("| a\\|b |");
  });
});

describe("renderEventFlow", () => {
  const stack = synthesizeModule((scope) => {
    const delivery = { retry: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 }, deadLetterRetentionSeconds: 3600 };
    const bus = new EventBus(scope, "OrdersBus", { name: "orders", description: "orders", putEventsPrincipals: ["111111111111"], delivery });
    const log = new CloudwatchLogGroup(scope, "AuditLog", { name: "/aws/events/audit" });
    const topic = new SnsTopic(scope, "Topic", { name: "status" });
    new SnsTopicSubscription(scope, "Partner", { topicArn: topic.arn, protocol: "https", endpoint: "https://partner.example.com/hook", filterPolicy: "{}" });
    const rule = new EventRule(scope, "Audit", { bus, name: "orders-audit", description: "audit", eventPattern: { source: ["com.orders"] } });
    rule.addTarget("audit-log", arnTarget(log.arn));
  });
  const diagram = renderEventFlow(JSON.parse(stack.json));
  const id = (label: string) => diagram.match(new RegExp(`(n\\d+)\\W+"${label}"`))?.[1];

  it("draws bus -> rule -> target destination with the target id", () => {
    expect(diagram).toContain(`${id("bus: orders")} --> ${id("rule: orders-audit")}`);
    expect(diagram).toContain(`${id("rule: orders-audit")} -->|"audit-log"| ${id("log group: /aws/events/audit")}`);
  });

  it("draws the target's dead-letter queue as a dashed edge", () => {
    expect(diagram).toContain(`${id("rule: orders-audit")} -.->|"audit-log DLQ"| ${id("queue: orders-audit-audit-log-dlq")}`);
  });

  it("draws SNS topic -> subscriber endpoint, marking filtered subscriptions", () => {
    expect(diagram).toContain(`${id("SNS topic: status")} -->|"filtered"| ${id("https: https://partner.example.com/hook")}`);
  });

  it("says so for a stack without flows", () => {
    expect(renderEventFlow({ resource: {} })).toContain("no buses, rules or targets");
  });

  it("follows resource references but not data sources", () => {
    expect(referencesIn({ a: "${aws_sqs_queue.Q_1.arn}", b: ["${data.aws_iam_policy_document.D.json}"] })).toEqual(["aws_sqs_queue.Q_1"]);
  });
});

describe("command-line arguments", () => {
  it("reads plan:summary's files and flags", () => {
    expect(parseSummaryArgs(["p.json", "--env", "prod", "--allow-destructive", "--out", "s.md"])).toEqual({
      planFiles: ["p.json"],
      environment: "prod",
      stackJson: undefined,
      out: "s.md",
      allowDestructive: true,
      allowPermissionBroadening: false,
    });
  });

  it("refuses plan:summary without a plan file, with an unknown flag, or --env for several files", () => {
    expect(() => parseSummaryArgs([])).toThrow(/no plan JSON given\nusage: npm run plan:summary/);
    expect(() => parseSummaryArgs(["p.json", "--force"])).toThrow(
      /unknown option --force; allowed: --env, --stack, --out, --allow-destructive, --allow-permission-broadening/,
    );
    expect(() => parseSummaryArgs(["a.json", "b.json", "--env", "prod"])).toThrow(/--env and --stack apply to one plan file/);
    expect(() => parseSummaryArgs(["p.json", "--env"])).toThrow(/--env needs a value/);
  });

  it("takes an environment from a plan file name", () => {
    expect(environmentFromFileName("/x/cdktf.out/plans/prod.plan.json")).toBe("prod");
  });

  it("reads npm run plan's environment, output folder and allow flag", () => {
    expect(parsePlanArgs(["prod", "--out", "plans", "--allow-destructive"])).toEqual({
      environment: "prod",
      outDir: "plans",
      allowDestructive: true,
      allowPermissionBroadening: false,
      commit: undefined,
    });
    expect(parsePlanArgs(["prod", "--allow-permission-broadening", "--commit", "abc123"])).toMatchObject({ allowPermissionBroadening: true, commit: "abc123" });
    expect(parsePlanArgs(["dev"]).outDir).toBe("cdktf.out/plans");
  });

  it("refuses npm run plan without exactly one environment", () => {
    expect(() => parsePlanArgs([])).toThrow(/give exactly one environment\nusage: npm run plan -- <environment>/);
    expect(() => parsePlanArgs(["dev", "prod"])).toThrow(/give exactly one environment/);
  });

  it("refuses npm run plan with an unknown option or --out without its folder, naming what is allowed", () => {
    expect(() => parsePlanArgs(["dev", "--fast"])).toThrow(
      /unknown option --fast; allowed: --out, --allow-destructive, --allow-permission-broadening, --commit\nusage: npm run plan/,
    );
    expect(() => parsePlanArgs(["dev", "--out"])).toThrow(/--out needs DIR/);
    expect(() => parsePlanArgs(["dev", "--out", "--allow-destructive"])).toThrow(/--out needs DIR/);
  });
});
