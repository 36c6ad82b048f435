import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PlanArtifact } from "../../../../tools/ops/plan/plan-artifact";
import { parsePlanJson, ResourceChangeJson, TerraformPlanJson } from "../../../../tools/ops/plan/plan-json";
import { GITHUB_COMMENT_LIMIT, PLAN_COMMENT_MARKER, renderPlanComment } from "../../../../tools/ops/plan/pr-comment";
import { parseCommentArgs } from "../../../../tools/ops/plan/pr-comment-args";
import { PlanSummary, summarizePlan } from "../../../../tools/ops/plan/summary";
import { SummaryRecord } from "../../../../tools/ops/plan/summary-record";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const RUN = "https://github.com/o/r/actions/runs/1";
const widened = parsePlanJson(readFileSync(join(__dirname, "fixtures", "permissions", "widened.plan.json"), "utf8"), "widened");

const artifact = (environment: string): PlanArtifact => ({
  environment,
  commit: COMMIT,
  planFile: `${environment}.tfplan`,
  sha256: environment.padEnd(64, "0").replace(/[^0-9a-f]/g, "e"),
  permissionsBroadened: false,
  permissionBroadeningApproved: false,
  permissionGated: false,
});

function queueChange(i: number, actions: string[]): ResourceChangeJson {
  const name = `Module${i % 40}_Construct${i}_DeadLetterQueue_${String(i).padStart(8, "0")}`;
  return { address: `aws_sqs_queue.${name}`, mode: "managed", type: "aws_sqs_queue", name, change: { actions } };
}

/** A plan far over GitHub's limit: thousands of changes, every permission change of the fixture. */
function hugePlan(): TerraformPlanJson {
  const kinds = [["create"], ["update"], ["delete", "create"], ["delete"]];
  return { ...widened, resource_changes: [...widened.resource_changes, ...Array.from({ length: 3000 }, (_, i) => queueChange(i, kinds[i % 4]))] };
}

const record = (summary: PlanSummary, diagram?: string): SummaryRecord => ({ summary, diagram });
const summaryOf = (plan: TerraformPlanJson, environment: string) => summarizePlan(plan, { environment, artifact: artifact(environment) });

describe("the one PR comment", () => {
  const small: TerraformPlanJson = { format_version: "1.2", errored: false, resource_changes: [queueChange(1, ["update"])] };
  const records = new Map([
    ["dev", record(summaryOf(small, "dev"), "flowchart LR\n  n0 --> n1\n")],
    ["prod", record(summaryOf(widened, "prod"))],
  ]);
  const body = renderPlanComment({ environments: ["dev", "staging", "prod"], records, commit: COMMIT, runUrl: RUN, planResult: "failure" });

  it("starts with the marker the workflow finds it by, then the commit and the run", () => {
    expect(body.startsWith(`${PLAN_COMMENT_MARKER}\n\n## Plan for \`0123456\` (plan jobs: failure, [run](${RUN}))`)).toBe(true);
  });

  it("has an overview row per environment: counts, permissions broadened, blocked and the plan hash", () => {
    expect(body).toContain("| Environment | Create | Update | Replace | Delete | Permissions broadened | Blocked | Plan SHA-256 |");
    expect(body).toContain(`| dev | 0 | 1 | 0 | 0 | no | no | \`${artifact("dev").sha256.slice(0, 12)}\` |`);
    expect(body).toMatch(/\| prod \| 3 \| 6 \| 2 \| 0 \| \*\*broadened\*\* \(BLOCKED\) \| \*\*yes\*\* \(permissions\) \| `[0-9a-f]{12}` \|/);
    expect(body).toContain("| staging | - | - | - | - | - | - | no plan: the plan job failed, see the run |");
  });

  it("folds each environment in <details>, open where something is blocked", () => {
    expect(body).toContain("<details><summary><strong>dev</strong>: 0 to create, 1 to update, 0 to replace, 0 to delete</summary>");
    expect(body).toContain("<details open><summary><strong>prod</strong>: 3 to create, 6 to update, 2 to replace, 0 to delete</summary>");
    expect(body).toContain("<details><summary><strong>staging</strong>: no plan</summary>");
    expect(body.match(/<details/g)!.length).toBe(body.match(/<\/details>/g)!.length);
  });

  it("shows each saved plan file's full SHA-256, environment and commit", () => {
    expect(body).toContain(`Plan file \`prod.tfplan\` for \`prod\` at commit \`${COMMIT}\`: SHA-256 \`${artifact("prod").sha256}\``);
  });

  it("keeps a small comment whole", () => {
    expect(body).not.toContain("shortened");
    expect(body).toContain("```mermaid");
  });
});

describe("the PR comment of a huge plan", () => {
  const environments = ["dev", "staging", "prod"];
  const summaries = environments.map((environment) => summaryOf(hugePlan(), environment));
  const diagram = `flowchart LR\n${Array.from({ length: 2000 }, (_, i) => `  n${i} --> n${i + 1}`).join("\n")}\n`;
  const records = new Map(summaries.map((s) => [s.environment, record(s, diagram)]));
  const body = renderPlanComment({ environments, records, commit: COMMIT, runUrl: RUN });
  const changeRows = () => body.split("\n").filter((line) => line.startsWith("|") && line.includes("`aws_sqs_queue.Module")).length;

  it("is far over the limit unshortened, so the test means something", () => {
    const unlimited = renderPlanComment({ environments, records, commit: COMMIT, runUrl: RUN, limit: Number.MAX_SAFE_INTEGER });
    expect(unlimited.length).toBeGreaterThan(3 * GITHUB_COMMENT_LIMIT);
  });

  it("stays under GitHub's 65,536-character limit", () => {
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
  });

  it("replaces whole sections by a pointer to the job summary and the artifact, never cutting a table", () => {
    expect(body).toContain(
      `_Changed resources: 3013 lines shortened to fit GitHub's comment limit; the full section is in the job summary of [plan prod](${RUN}) and in the artifact \`plan-summary-prod\`._`,
    );
    expect(body).toMatch(/_Event flow: 200\d lines shortened/);
    expect(changeRows()).toBe(0);
    for (const table of body.split(/\n\n+/).filter((block) => block.startsWith("| "))) {
      const rows = table.split("\n");
      expect(rows[1]).toMatch(/^\| ---/);
      expect(rows.every((row) => row.startsWith("| ") && row.endsWith(" |"))).toBe(true);
    }
  });

  it("keeps the overview, every plan hash and every data-loss warning it can", () => {
    expect(body).toContain("| Environment | Create | Update | Replace | Delete |");
    for (const environment of environments) expect(body).toContain(`SHA-256 \`${artifact(environment).sha256}\``);
  });

  it("shortens the diagrams first: a plan just over the limit keeps its tables", () => {
    const modest = new Map(environments.map((environment) => [environment, record(summaryOf(widened, environment), diagram)]));
    const shortened = renderPlanComment({ environments, records: modest, commit: COMMIT, runUrl: RUN });
    expect(shortened.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(shortened).toContain("_Event flow: ");
    expect(shortened).toContain("#### Permissions");
    expect(shortened).not.toContain("_Permissions: ");
  });
});

describe("the environment diff in the PR comment", () => {
  const environmentDiff = "### staging vs prod\n\n| config field | staging | prod |\n| --- | --- | --- |\n| `logRetentionDays` | `30` | `365` |\n";
  const records = new Map([["dev", record(summaryOf(widened, "dev"))]]);

  it("is folded after every environment, titled by its heading", () => {
    const body = renderPlanComment({ environments: ["dev"], records, commit: COMMIT, runUrl: RUN, environmentDiff });
    const folded = "<details><summary><strong>staging vs prod</strong>: how the environments differ</summary>\n\n| config field | staging | prod |";
    expect(body.indexOf(folded)).toBeGreaterThan(body.indexOf("<strong>dev</strong>"));
    expect(body).toContain("| `logRetentionDays` | `30` | `365` |");
  });

  it("is the first to give way to GitHub's limit, as a pointer to the run", () => {
    const whole = renderPlanComment({ environments: ["dev"], records, commit: COMMIT, runUrl: RUN, environmentDiff, limit: Number.MAX_SAFE_INTEGER });
    const body = renderPlanComment({ environments: ["dev"], records, commit: COMMIT, runUrl: RUN, environmentDiff, limit: whole.length - 1 });
    expect(body).toContain(`_Shortened to fit GitHub's comment limit; \`npm run envs:diff\` prints it, and [the run](${RUN}) has it in the job summary._`);
    expect(body).not.toContain("logRetentionDays");
    expect(body).toContain("#### Permissions");
  });
});

describe("npm run plan:comment arguments", () => {
  it("reads the folder, environments, commit, run and output", () => {
    expect(
      parseCommentArgs([
        "summaries",
        "--envs",
        "dev,staging,prod",
        "--commit",
        COMMIT,
        "--run-url",
        RUN,
        "--plan-result",
        "success",
        "--envs-diff",
        "d.md",
        "--out",
        "c.md",
      ]),
    ).toEqual({
      dir: "summaries",
      environments: ["dev", "staging", "prod"],
      commit: COMMIT,
      runUrl: RUN,
      planResult: "success",
      envsDiff: "d.md",
      out: "c.md",
    });
  });

  it("refuses a call without the environments or the commit", () => {
    expect(() => parseCommentArgs(["summaries", "--commit", COMMIT])).toThrow(/--envs is required/);
    expect(() => parseCommentArgs(["summaries", "--envs", "dev"])).toThrow(/--commit is required/);
  });
});
