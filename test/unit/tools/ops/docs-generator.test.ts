import { environments } from "../../../../envs";
import type { PolicyRule } from "../../../../policy/rule";
import type { Target } from "../../../../tools/bench/targets";
import { benchRunsTable, SavedBench } from "../../../../tools/ops/docs/bench-runs";
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

describe("bench runs table", () => {
  const targets: Target[] = [
    { caseId: "synth", metric: "wall", baseline: { caseId: "floor", metric: "wall" }, limit: 0.5, inclusive: true, unit: "x", description: "synth vs floor" },
    { caseId: "tests", metric: "wall", limit: 480, inclusive: false, unit: "s", description: "tests" },
  ];
  const bench = (synth: number[], tests: number[], load: number): SavedBench => ({
    generatedAt: "2026-12-07T06:00:00.000Z",
    machine: { cpus: 2, loadAverageStart: [load, 0, 0], loadAverageEnd: [load + 1, 0, 0] },
    runs: 3,
    heavyRuns: 1,
    cases: [
      { id: "floor", title: "", notes: [], metrics: [{ name: "wall", unit: "s", values: [4, 5, 6] }] },
      { id: "synth", title: "", notes: [], metrics: [{ name: "wall", unit: "s", values: synth }] },
      { id: "tests", title: "", notes: [], metrics: [{ name: "wall", unit: "s", values: tests }] },
    ],
  });
  const table = benchRunsTable(
    [
      { label: "quiet", bench: bench([1, 2, 9], [420], 0.5) },
      { label: "busy", bench: bench([3, 3, 3], [600], 2) },
    ],
    targets,
  );

  it("judges each run's medians against the targets, with the medians a ratio was made of", () => {
    expect(table.split("\n").slice(0, 4)).toEqual([
      "| judged | target | quiet | busy |",
      "| --- | --- | --- | --- |",
      "| `synth.wall / floor.wall` | <= 0.5x | `0.4x` (`2 s` / `5 s`): met | `0.6x` (`3 s` / `5 s`): **missed** |",
      "| `tests.wall` | < 480 s | `420 s`: met | `600 s`: **missed** |",
    ]);
  });

  it("says when and under what load each run was measured", () => {
    expect(table).toContain("quiet: `2026-12-07`, `2` cores, load `0.5` to `1.5`, runs per case `3` light, `1` heavy;");
  });

  it("takes a ratio the run judged itself from unrounded samples, against today's limit", () => {
    const own = { ...bench([1, 2, 9], [420], 0.5), verdicts: [{ ...targets[0], measured: 0.52 }] };
    expect(benchRunsTable([{ label: "run", bench: own }], targets)).toContain("| `synth.wall / floor.wall` | <= 0.5x | `0.52x` (`2 s` / `5 s`): **missed** |");
  });

  it("says a target was not run when its case is missing from a run", () => {
    const partial = benchRunsTable([{ label: "synth only", bench: { ...bench([1], [1], 0), cases: [] } }], targets);
    expect(partial).toContain("| `tests.wall` | < 480 s | not run |");
  });

  it("says a target's case failed rather than judging the runs that finished", () => {
    const failing = bench([1], [300], 0);
    const cases = failing.cases.map((result) => (result.id === "tests" ? { ...result, error: "exit 1" } : result));
    expect(benchRunsTable([{ label: "run", bench: { ...failing, cases } }], targets)).toContain(
      "| `tests.wall` | < 480 s | **failed** (`tests` did not finish, see its report) |",
    );
  });
});
