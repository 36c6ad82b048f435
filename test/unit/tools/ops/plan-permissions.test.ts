import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffDocument } from "../../../../tools/ops/plan/permission-diff";
import { ResourceChangeJson, parsePlanJson, TerraformPlanJson } from "../../../../tools/ops/plan/plan-json";
import { EXIT_PERMISSIONS_BLOCKED, PERMISSION_GATED_ENVIRONMENTS, permissionChanges } from "../../../../tools/ops/plan/permissions";
import { decodePolicy } from "../../../../tools/ops/plan/policy-statements";
import { EXIT_DESTRUCTIVE_BLOCKED, summarizePlan, summaryExitCode } from "../../../../tools/ops/plan/summary";
import { renderPlanMarkdown } from "../../../../tools/ops/plan/summary-markdown";

/**
 * The fixtures are real `terraform show -json` output, trimmed to the resources that carry
 * permissions: the local environment applied to the emulator, then planned with edited policies.
 * test/unit/tools/ops/fixtures/permissions/produce.ts produces them again (see its header).
 */
const FIXTURES = join(__dirname, "fixtures", "permissions");
const fixture = (name: string) => parsePlanJson(readFileSync(join(FIXTURES, `${name}.plan.json`), "utf8"), name);
const widened = permissionChanges(fixture("widened"));
const narrowed = permissionChanges(fixture("narrowed"));

const changeOf = (prefix: string) => {
  const found = widened.filter((c) => c.address.startsWith(prefix));
  expect(found).toHaveLength(1);
  return found[0];
};
const itemsOf = (prefix: string) => changeOf(prefix).items.map((i) => [i.part, i.change, i.value, i.verdict]);

describe("permission changes in a real plan (jsonencode and literal JSON documents)", () => {
  it("finds an action added to an inline role policy (jsonencode), and says it broadens", () => {
    expect(itemsOf("aws_iam_role_policy.OrderFlow_OrdersProcessing_Role_Policy")).toEqual([["action", "added", "dynamodb:DeleteItem", "broadens"]]);
  });

  it("finds a resource widened to * (literal JSON): the * broadens, the ARN it replaced narrows", () => {
    expect(itemsOf("aws_iam_role_policy.StatusUpdates_StatusApi_LogsRole_Policy")).toEqual([
      ["resource", "added", "*", "broadens"],
      ["resource", "removed", expect.stringMatching(/^arn:aws:logs:.*log-group:\/aws\/appsync\/apis\//), "narrows"],
    ]);
  });

  it("finds a principal added to a bus resource policy, naming the statement by its Sid", () => {
    const change = changeOf("aws_cloudwatch_event_bus_policy.OrdersBus_Policy");
    expect(change.items).toEqual([
      expect.objectContaining({
        statement: "AllowPutEventsFromListedPrincipals",
        part: "principal",
        change: "added",
        value: "AWS:arn:aws:iam::210987654321:root",
        verdict: "broadens",
      }),
    ]);
  });

  it("finds a principal added to a role's trust policy", () => {
    const change = changeOf("aws_iam_role.StatusUpdates_OrdersApi_IntegrationRole");
    expect(change.document).toBe("trust policy");
    expect(itemsOf("aws_iam_role.StatusUpdates_OrdersApi_IntegrationRole")).toEqual([["principal", "added", "AWS:arn:aws:iam::210987654321:root", "broadens"]]);
  });

  it("finds a condition dropped from a queue policy (literal JSON), and says it broadens", () => {
    expect(itemsOf("aws_sqs_queue_policy.OrdersAudit_Rule_audit-log_DeadLetterQueue_Policy")).toEqual([
      ["condition", "removed", expect.stringMatching(/^ArnEquals aws:SourceArn = arn:aws:events:.*:rule\/orders-local-orders\//), "broadens"],
    ]);
  });

  it("finds an action removed, and says it narrows", () => {
    expect(itemsOf("aws_iam_role_policy.StatusUpdates_StatusApi_TableRole_Policy")).toEqual([["action", "removed", "dynamodb:GetItem", "narrows"]]);
    expect(changeOf("aws_iam_role_policy.StatusUpdates_StatusApi_TableRole_Policy").broadens).toBe(false);
  });

  it("diffs a replaced policy (renamed) against the one it replaces", () => {
    const change = changeOf("aws_iam_role_policy.StatusUpdates_StatusGuests_GuestRole_Policy");
    expect(change.kind).toBe("replace");
    expect(itemsOf("aws_iam_role_policy.StatusUpdates_StatusGuests_GuestRole_Policy")).toEqual([["action", "added", "appsync:GetGraphqlApi", "broadens"]]);
  });

  it("reads a Lambda permission as one statement: a replaced permission without its source ARN broadens", () => {
    const change = changeOf("aws_lambda_permission.OrderFlow_InventoryFunction_AllowInvokeBy");
    expect(change).toMatchObject({ kind: "replace", document: "permission" });
    expect(itemsOf("aws_lambda_permission.OrderFlow_InventoryFunction_AllowInvokeBy")).toEqual([
      ["condition", "removed", expect.stringMatching(/^ArnLike aws:SourceArn = arn:aws:events:/), "broadens"],
    ]);
  });

  it("lists every statement of a created policy as added", () => {
    expect(itemsOf("aws_iam_role_policy.FixtureNew_Policy")).toEqual([["statement", "added", "Allow action: sqs:SendMessage; resource: *", "broadens"]]);
  });

  it("counts a created document known only after apply as broadening: nobody could review it", () => {
    expect(itemsOf("aws_sqs_queue_policy.FixtureNew_Queue_Policy")).toEqual([["document", "known after apply", "cannot be reviewed before apply", "broadens"]]);
  });

  it("ignores a new queue's computed policy attribute (its queue-policy resource carries the document)", () => {
    expect(widened.filter((c) => c.type === "aws_sqs_queue")).toEqual([]);
  });

  it("finds only the narrowing change in the narrowed plan", () => {
    expect(narrowed.map((c) => [c.address, c.broadens])).toEqual([[expect.stringMatching(/StatusApi_TableRole_Policy/), false]]);
  });
});

describe("statement diffs beyond the fixtures", () => {
  const doc = (...statements: object[]) => decodePolicy(JSON.stringify({ Version: "2012-10-17", Statement: statements }));

  it("inverts the verdict in a Deny statement: an action added to a Deny narrows, a condition added broadens", () => {
    const items = diffDocument(
      doc({ Effect: "Deny", Action: "s3:*", Resource: "*" }),
      doc({ Effect: "Deny", Action: ["s3:*", "sqs:*"], Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
    );
    expect(items.map((i) => [i.part, i.change, i.verdict])).toEqual([
      ["action", "added", "narrows"],
      ["condition", "added", "broadens"],
    ]);
  });

  it("says a NotAction added to an Allow narrows", () => {
    const items = diffDocument(
      doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
      doc({ Effect: "Allow", NotAction: ["iam:*", "kms:*"], Resource: "*" }),
    );
    expect(items.map((i) => [i.part, i.value, i.verdict])).toEqual([["not action", "kms:*", "narrows"]]);
  });

  it("reports a removed Allow statement as narrowing and a removed Deny statement as broadening", () => {
    const before = doc({ Sid: "A", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }, { Sid: "D", Effect: "Deny", Action: "sqs:*", Resource: "*" });
    expect(diffDocument(before, doc()).map((i) => [i.statement, i.verdict])).toEqual([
      ["A", "narrows"],
      ["D", "broadens"],
    ]);
  });

  it("pairs statements without Sids by what they share, not by position", () => {
    const before = doc({ Effect: "Allow", Action: "a:One", Resource: "r1" }, { Effect: "Allow", Action: "b:Two", Resource: "r2" });
    const after = doc({ Effect: "Allow", Action: "b:Two", Resource: "r2" }, { Effect: "Allow", Action: ["a:One", "a:Three"], Resource: "r1" });
    expect(diffDocument(before, after).map((i) => [i.part, i.value])).toEqual([["action", "a:Three"]]);
  });

  it("reads a single statement object and a principal of *", () => {
    expect(decodePolicy('{"Statement":{"Effect":"Allow","Principal":"*","Action":"sns:Publish"}}')).toEqual([
      expect.objectContaining({ label: "#1", principals: ["*"], actions: ["sns:Publish"] }),
    ]);
  });

  it("lists a deleted role's trust policy statements as removed (narrows)", () => {
    const role: ResourceChangeJson = {
      address: "aws_iam_role.R",
      mode: "managed",
      type: "aws_iam_role",
      name: "R",
      change: {
        actions: ["delete"],
        before: { assume_role_policy: '{"Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' },
        after: null,
      },
    };
    const [change] = permissionChanges({ format_version: "1.2", errored: false, resource_changes: [role] });
    expect(change).toMatchObject({ kind: "delete", document: "trust policy", broadens: false });
  });

  it("reads a managed policy attached to a role as a statement added (broadens), and a detached one as removed", () => {
    const attach = (actions: string[], before: object | null, after: object | null): ResourceChangeJson => ({
      address: "aws_iam_role_policy_attachment.A",
      mode: "managed",
      type: "aws_iam_role_policy_attachment",
      name: "A",
      change: { actions, before, after },
    });
    const admin = { role: "orders-prod-fn", policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess" };
    const plan = (change: ResourceChangeJson) => permissionChanges({ format_version: "1.2", errored: false, resource_changes: [change] });
    expect(plan(attach(["create"], null, admin))[0]).toMatchObject({
      document: "managed policy attachment",
      broadens: true,
      items: [
        expect.objectContaining({
          change: "added",
          value: "Allow action: (managed policy) arn:aws:iam::aws:policy/AdministratorAccess; principal: role:orders-prod-fn",
        }),
      ],
    });
    expect(plan(attach(["delete"], admin, null))[0]).toMatchObject({ broadens: false, items: [expect.objectContaining({ change: "removed" })] });
  });

  it("fails naming the resource and the document when a policy is not JSON", () => {
    const broken: ResourceChangeJson = {
      address: "aws_sns_topic_policy.P",
      mode: "managed",
      type: "aws_sns_topic_policy",
      name: "P",
      change: { actions: ["create"], before: null, after: { policy: "{not json" } },
    };
    expect(() => permissionChanges({ format_version: "1.2", errored: false, resource_changes: [broken] })).toThrow(
      /aws_sns_topic_policy\.P: its policy \(policy\): the policy is not JSON/,
    );
  });
});

describe("the permission gate", () => {
  const plan: TerraformPlanJson = fixture("widened");

  it("gates staging and prod by their config (planReview.blockPermissionBroadening), not dev or local", () => {
    expect([...PERMISSION_GATED_ENVIRONMENTS].sort()).toEqual(["prod", "staging"]);
  });

  it("blocks broader permissions in a gated environment with exit code 4, distinct from the stateful block (3)", () => {
    const staging = summarizePlan(plan, { environment: "staging" });
    expect(staging).toMatchObject({ permissionsBroadened: true, permissionsBlocked: true, blocked: false });
    expect(summaryExitCode([staging])).toBe(EXIT_PERMISSIONS_BLOCKED);
    expect(EXIT_PERMISSIONS_BLOCKED).toBe(4);
    expect(EXIT_PERMISSIONS_BLOCKED).not.toBe(EXIT_DESTRUCTIVE_BLOCKED);
  });

  it("lets approved broader permissions through, and never blocks dev", () => {
    expect(summarizePlan(plan, { environment: "prod", allowPermissionBroadening: true }).permissionsBlocked).toBe(false);
    expect(summarizePlan(plan, { environment: "dev" }).permissionsBlocked).toBe(false);
  });

  it("does not block a plan that only narrows", () => {
    expect(summarizePlan(fixture("narrowed"), { environment: "prod" })).toMatchObject({ permissionsBroadened: false, permissionsBlocked: false });
  });

  it("shows a Permissions section with an alert, one row per difference and its verdict", () => {
    const markdown = renderPlanMarkdown([summarizePlan(plan, { environment: "prod" })]);
    expect(markdown).toContain("#### Permissions");
    expect(markdown).toMatch(/> \[!WARNING\]\n> \*\*9 permission document\(s\) in prod BROADEN access\.\*\*/);
    expect(markdown).toMatch(/> \*\*BLOCKED\*\*: prod gates broader permissions; approve them with `--allow-permission-broadening`/);
    expect(markdown).toMatch(
      /\| `aws_iam_role_policy\.OrderFlow_OrdersProcessing_Role_Policy_[^`]+` \(update\) \| policy \| \\#1 \| action added: `dynamodb:DeleteItem` \| \*\*broadens\*\* \|/,
    );
    expect(markdown).toContain("| principal added: `AWS:arn:aws:iam::210987654321:root` | **broadens** |");
    expect(markdown).toContain("| action removed: `dynamodb:GetItem` | narrows |");
    expect(markdown).toContain("| **broadened** (BLOCKED) |");
  });

  it("says when permissions only narrow", () => {
    expect(renderPlanMarkdown([summarizePlan(fixture("narrowed"), { environment: "prod" })])).toContain("Permissions only narrow in this plan.");
  });
});
