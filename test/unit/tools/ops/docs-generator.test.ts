import { environments } from "../../../../envs";
import type { PolicyRule } from "../../../../policy/rule";
import { environmentTable } from "../../../../tools/ops/docs/environment-table";
import { markdownTable } from "../../../../tools/ops/docs/markdown";
import { policyRuleTable } from "../../../../tools/ops/docs/policy-rules";
import { fillRegions, regionBody, regionNames } from "../../../../tools/ops/docs/regions";

const DOC = [
  "# Title",
  "<!-- generated:first -->",
  "old",
  "<!-- /generated:first -->",
  "hand-written",
  "<!-- generated:second -->",
  "<!-- /generated:second -->",
  "",
].join("\n");

describe("generated regions", () => {
  it("lists the regions a document holds, in order", () => {
    expect(regionNames(DOC)).toEqual(["first", "second"]);
  });

  it("replaces each region's body and keeps the hand-written text around it", () => {
    const filled = fillRegions(DOC, (name) => `new ${name}`, "doc.md");
    expect(regionBody(filled, "first")).toBe("new first\n");
    expect(regionBody(filled, "second")).toBe("new second\n");
    expect(filled).toContain("# Title\n");
    expect(filled).toContain("\nhand-written\n");
  });

  it("is stable: filling a filled document changes nothing", () => {
    const filled = fillRegions(DOC, (name) => `new ${name}\n\n`, "doc.md");
    expect(fillRegions(filled, (name) => `new ${name}\n\n`, "doc.md")).toBe(filled);
  });

  it("fails naming the file and the region when no generator knows it", () => {
    expect(() => fillRegions(DOC, () => undefined, "docs/x.md")).toThrow('docs/x.md: no generator for the region "generated:first"');
  });
});

describe("markdown tables", () => {
  it("escapes a pipe inside a cell", () => {
    expect(markdownTable(["a"], [["x|y"]])).toBe("| a |\n| --- |\n| x\\|y |");
  });
});

describe("environment table", () => {
  const table = environmentTable(environments, new Map(environments.map((config, index) => [config.name, 100 + index])));
  const row = (label: string) => table.split("\n").find((line) => line.startsWith(`| ${label} |`));

  it("has one column per environment", () => {
    expect(table.split("\n")[0]).toBe(`|  | ${environments.map((config) => config.name).join(" | ")} |`);
  });

  it("shows each environment's provider retries from its config", () => {
    expect(row("provider max retries")).toBe(`| provider max retries | ${environments.map((config) => config.provider.maxRetries).join(" | ")} |`);
  });

  it("shows the resource counts it is given", () => {
    expect(row("resources synthesized")).toBe(`| resources synthesized | ${environments.map((_, index) => 100 + index).join(" | ")} |`);
  });

  it("shows a status-update channel as off when its block is left out", () => {
    const [first] = environments;
    const withoutWebhooks = { ...first, statusUpdates: { ...first.statusUpdates, webhooks: undefined } };
    expect(environmentTable([withoutWebhooks], new Map())).toContain("| webhooks | off |");
  });
});

describe("policy rule table", () => {
  const rule: PolicyRule = {
    id: "example-rule",
    source: "CKV_AWS_1",
    explanation: "why it matters",
    fix: "set a | b",
    resourceTypes: ["aws_sqs_queue"],
    check: () => [],
  };

  it("states the number of rules and one row per rule", () => {
    const table = policyRuleTable([rule, { ...rule, id: "other-rule" }]);
    expect(table.startsWith("2 rules.\n")).toBe(true);
    expect(table).toContain("| `example-rule` | CKV_AWS_1 | why it matters | set a \\| b | `aws_sqs_queue` |");
    expect(table).toContain("| `other-rule` |");
  });
});
