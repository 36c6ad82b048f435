import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { codeFence, codeSpan, literalText } from "../../../../tools/ops/plan/markdown-text";
import { parsePlanJson } from "../../../../tools/ops/plan/plan-json";
import { summarizePlan } from "../../../../tools/ops/plan/summary";
import { renderPlanMarkdown } from "../../../../tools/ops/plan/summary-markdown";

/** A real `terraform show -json` plan in miniature: one create, one no-op. */
const PLAN = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  errored: false,
  planned_values: { root_module: {} },
  resource_changes: [
    { address: "aws_sqs_queue.Q_1", mode: "managed", type: "aws_sqs_queue", name: "Q_1", change: { actions: ["create"], before: null, after: {} } },
    { address: "aws_sns_topic.T_1", mode: "managed", type: "aws_sns_topic", name: "T_1", change: { actions: ["no-op"], before: {}, after: {} } },
  ],
};
const PLAN_TEXT = JSON.stringify(PLAN);

const without = (key: string) => Object.fromEntries(Object.entries(PLAN).filter(([name]) => name !== key));
const withChange = (index: number, change: unknown) => ({ ...PLAN, resource_changes: PLAN.resource_changes.map((c, i) => (i === index ? change : c)) });
const { mode: _mode, ...changeWithoutMode } = PLAN.resource_changes[0];
const { actions: _actions, ...changeWithoutActions } = PLAN.resource_changes[0].change;

/** Files that are not complete plans, each with what the error must say. */
const NOT_PLANS: [string, string, RegExp][] = [
  ["only a format version", '{"format_version":"1.2"}', /it has no errored: false.*it has no resource_changes/],
  [
    "a state file",
    JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 3, lineage: "x", outputs: {}, resources: [] }),
    /it has no format_version/,
  ],
  [
    "terraform show -json of a state",
    JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: { root_module: {} } }),
    /no resource_changes/,
  ],
  ["an errored plan", JSON.stringify({ ...PLAN, errored: true }), /errored is true: terraform failed while planning/],
  ["only errored", '{"errored":true}', /it has no format_version.*errored is true/],
  ["a plan without errored", JSON.stringify(without("errored")), /it has no errored: false/],
  ["a plan without resource_changes", JSON.stringify(without("resource_changes")), /it has no resource_changes/],
  ["resource_changes as an object", JSON.stringify({ ...PLAN, resource_changes: {} }), /resource_changes is not a list/],
  [
    "a change without mode",
    JSON.stringify(withChange(0, changeWithoutMode)),
    /resource_changes\[0\] \(aws_sqs_queue\.Q_1\) has mode missing; allowed: managed, data/,
  ],
  [
    "a change with an unknown action",
    JSON.stringify(withChange(1, { ...PLAN.resource_changes[1], change: { actions: ["obliterate"] } })),
    /resource_changes\[1\] .* has change\.actions \["obliterate"\]/,
  ],
  ["a change without actions", JSON.stringify(withChange(0, { ...PLAN.resource_changes[0], change: changeWithoutActions })), /has change\.actions missing/],
  ["a change that is a string", JSON.stringify(withChange(0, "aws_sqs_queue.Q_1")), /resource_changes\[0\] is "aws_sqs_queue\.Q_1", not an object/],
  ["a change without address", JSON.stringify(withChange(0, { ...PLAN.resource_changes[0], address: "" })), /resource_changes\[0\] has no address/],
  [
    "malformed replace paths",
    JSON.stringify(withChange(0, { ...PLAN.resource_changes[0], change: { actions: ["delete", "create"], replace_paths: "hash_key" } })),
    /replace_paths that are not lists/,
  ],
  ["a list", "[]", /the top level is \[\], not an object/],
  ["null", "null", /the top level is null/],
  ["a number", "42", /the top level is 42/],
  ["format version 2", JSON.stringify({ ...PLAN, format_version: "2.0" }), /format_version is 2\.0; supported: 1\.x/],
];

/** Every prefix of a real plan is either not JSON or not a complete plan: never "No changes". */
const TRUNCATIONS = Array.from({ length: 40 }, (_, i) => Math.floor((PLAN_TEXT.length * i) / 40)).map(
  (length) => [length, PLAN_TEXT.slice(0, length)] as const,
);

describe("plan JSON that is not a complete plan", () => {
  it("accepts the real plan shape", () => {
    expect(parsePlanJson(PLAN_TEXT, "p.json").resource_changes).toHaveLength(2);
  });

  it.each(NOT_PLANS)("refuses %s, saying why", (_, text, why) => {
    expect(() => parsePlanJson(text, "file.json")).toThrow(
      /^file\.json is not a complete terraform plan \(expected the output of `terraform show -json <planfile>`\): /,
    );
    expect(() => parsePlanJson(text, "file.json")).toThrow(why);
  });

  it.each(TRUNCATIONS)("refuses the plan cut after %i characters", (_, text) => {
    expect(() => parsePlanJson(text, "cut.json")).toThrow(/^cut\.json is not (JSON|a complete terraform plan)/);
  });

  it("lists at most five problems of a file full of them", () => {
    const broken = { ...PLAN, resource_changes: Array.from({ length: 20 }, () => ({})) };
    expect(() => parsePlanJson(JSON.stringify(broken), "f.json")).toThrow(/and \d+ more$/);
  });
});

describe("npm run plan:summary on files that are not plans", () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "not-plans-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["only a format version", '{"format_version":"1.2"}'],
    ["a state file", NOT_PLANS[1][1]],
    ["an errored plan", '{"errored":true}'],
    ["a change without mode", NOT_PLANS[8][1]],
  ])("exits 1 with the reason for %s, and prints no summary", (_, text) => {
    const file = join(dir, "dev.plan.json");
    writeFileSync(file, text);
    const run = spawnSync(process.execPath, ["--import", "tsx", "tools/ops/plan/summary-cli.ts", file], {
      cwd: resolve(__dirname, "../../../.."),
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain("No changes");
    expect(run.stderr).toMatch(/^plan:summary failed: .*dev\.plan\.json is not a complete terraform plan/);
  });
});

const HOSTILE_NAMES = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "</details><h1>owned</h1>",
  "**bold** _em_ ~~gone~~",
  "[click](https://evil.example.com)",
  "![img](https://evil.example.com/x.png)",
  "@platform-team #123",
  "a|b|c",
  "```\nfenced\n```",
  "`tick` ``double``",
  "line\nbreak\r\n# heading",
  "&lt;already&gt; &amp;",
  "\\*escaped\\*",
];

describe("PR comment with hostile names from a plan and a stack", () => {
  /** A plan whose every name is `name`, summarized with construct paths and a diagram holding it too. */
  function markdownFor(name: string): string {
    const address = `aws_dynamodb_table.${name}`;
    const plan = {
      ...PLAN,
      resource_changes: [
        {
          address,
          mode: "managed",
          type: "aws_dynamodb_table",
          name,
          action_reason: name,
          change: { actions: ["delete", "create"], replace_paths: [[name, 0]] },
        },
        { ...PLAN.resource_changes[0], address: `aws_sqs_queue.${name}`, name, change: { actions: ["update"] } },
      ],
    };
    const summary = summarizePlan(parsePlanJson(JSON.stringify(plan), "hostile.json"), {
      environment: `prod ${name}`,
      constructPaths: new Map([[address, `prod/${name}/${name}/Resource`]]),
    });
    return renderPlanMarkdown([summary], { [`prod ${name}`]: `flowchart LR\n  a["${name}"]` });
  }

  /** The Markdown with every code span and the mermaid block taken out: what GitHub renders as Markdown and HTML. */
  function renderedProse(markdown: string): string {
    return markdown.replace(/^(`{3,})mermaid\n[\s\S]*?\n\1$/m, "").replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, "");
  }

  it.each(HOSTILE_NAMES)("shows %j literally: no HTML tag, link, emphasis, mention or broken table", (name) => {
    const markdown = markdownFor(name);
    const prose = renderedProse(markdown);
    expect(prose).not.toMatch(/<(?!\/?(details|summary)>)[a-z/!]/i);
    expect(prose.match(/<\/details>/g)).toHaveLength(1);
    expect(prose).not.toMatch(/(?<!\\)\[[^\]]*(?<!\\)\]\(/);
    expect(prose).not.toMatch(/(?<!\\)@platform/);
    expect(prose).not.toMatch(/^#+ (?!Terraform plan summary|prod)/m);
    // Wherever the name is shown outside code, it is shown escaped, never as written.
    const firstLine = name.split(/\r?\n/)[0];
    if (literalText(firstLine) !== firstLine) expect(prose).not.toContain(firstLine);
    expect(markdown).toContain(literalText(name));
  });

  it("keeps the resource table at four cells per row whatever the names hold", () => {
    const markdown = markdownFor("a|b|c");
    const rows = markdown.split("\n").filter((line) => line.startsWith("| ") && !line.startsWith("| Environment") && !line.startsWith("| ---"));
    const moduleRows = rows.slice(rows.findIndex((row) => row.startsWith("| Module")) + 1);
    expect(moduleRows.length).toBeGreaterThan(0);
    for (const row of moduleRows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });

  it("fences the diagram with more backticks than it holds", () => {
    const markdown = markdownFor("```\nfenced\n```");
    expect(markdown).toMatch(/^````mermaid$/m);
    expect(markdown).toMatch(/^````$/m);
  });
});

describe("Markdown escaping", () => {
  it("turns HTML characters into entities and escapes Markdown punctuation", () => {
    expect(literalText("<b>*x*</b> [a](b) @me")).toBe("&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\]\\(b\\) \\@me");
  });

  it("joins lines, so a name cannot start a heading or a list", () => {
    expect(literalText("a\n# b\r\n- c")).toBe("a \\# b - c");
  });

  it("wraps a code span in more backticks than the text holds", () => {
    expect(codeSpan("a``b")).toBe("```a``b```");
    expect(codeSpan("`x`")).toBe("`` `x` ``");
    expect(codeSpan("plain")).toBe("`plain`");
  });

  it("fences a block with at least three backticks, more than it holds", () => {
    expect(codeFence("graph")).toBe("```");
    expect(codeFence("````")).toBe("`````");
  });
});
