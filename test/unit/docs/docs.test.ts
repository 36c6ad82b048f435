import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { DOCS_COMMAND, generateDocs } from "../../../tools/ops/docs/generate";
import { PLAN_EXIT } from "../../../tools/ops/plan/plan-stack";

const PROJECT = join(__dirname, "..", "..", "..");
const read = (file: string) => readFileSync(join(PROJECT, file), "utf8");
const MARKDOWN = [
  "README.md",
  ...readdirSync(join(PROJECT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];
/** The runbook's procedures are maintained separately; the checks on figures skip it. */
const REFERENCE = MARKDOWN.filter((file) => file !== "docs/runbook.md");

/** Prose only: fenced blocks, inline code, generated regions, link targets and list numbers removed. */
function prose(text: string): string {
  return text
    .replace(/<!-- generated:([a-z0-9-]+) -->[\s\S]*?<!-- \/generated:\1 -->/g, "")
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "")
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/https?:\/\/\S+/g, "")
    .replace(/^\s*\d+\.\s/gm, "");
}

describe("generated docs", () => {
  it("are up to date with the config, the policy pack, the bench targets and the synth", () => {
    const stale = generateDocs(PROJECT)
      .filter((doc) => doc.generated !== doc.committed)
      .map((doc) => doc.file);
    if (stale.length > 0) throw new Error(`out of date: ${stale.join(", ")}; run \`${DOCS_COMMAND}\` and commit the result`);
  }, 120_000);
});

describe("README", () => {
  const readme = read("README.md");

  it("is a front page of at most 10,000 characters", () => {
    expect(readme.length).toBeLessThanOrEqual(10_000);
  });

  it("has no line over 200 characters outside tables", () => {
    const long = readme.split("\n").filter((line) => line.length > 200 && !line.startsWith("|"));
    expect(long).toEqual([]);
  });

  it("keeps the two set-up commands", () => {
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toMatch(/^npm test\s/m);
  });

  it("has exactly one diagram", () => {
    expect(readme.match(/```mermaid/g)).toHaveLength(1);
  });

  it("lists every npm script in its commands table, and only those", () => {
    const scripts = Object.keys(JSON.parse(read("package.json")).scripts).sort();
    const table = readme.slice(readme.indexOf("## Commands"), readme.indexOf("\n## ", readme.indexOf("## Commands") + 1));
    // A row's first cell may name several scripts that share one description.
    const firstCells = [...table.matchAll(/^\| (`npm [^|]*)\|/gm)].map((match) => match[1]);
    const listed = firstCells.flatMap((cell) => [...cell.matchAll(/`npm (?:run )?([\w:-]+)/g)].map((match) => match[1]));
    expect([...new Set(listed)].sort()).toEqual(scripts);
  });
});

describe.each(REFERENCE)("%s", (file) => {
  const text = read(file);

  it("states no figure in prose: figures are generated, or quoted as code from their source", () => {
    const figures = [...prose(text).matchAll(/(?<![\w./-])\d+(?:[.,]\d+)*(?![\w.]*\w)/g)].map((match) => match[0]);
    expect(figures).toEqual([]);
  });

  it("links only to files that exist", () => {
    const targets = [...text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1]).filter((target) => !/^https?:/.test(target));
    expect(targets.filter((target) => !existsSync(join(PROJECT, dirname(file), target)))).toEqual([]);
  });

  it("names only project paths that exist", () => {
    const paths = [...text.matchAll(/`((?:envs|orders|modules|stacks|policy|tools|test|docs|\.github)\/[\w./-]*)`/g)].map((match) => match[1]);
    expect(paths.filter((path) => !existsSync(join(PROJECT, path)))).toEqual([]);
  });
});

describe("docs/operations.md", () => {
  it("documents the plan exit codes the plan command uses", () => {
    const rows = Object.fromEntries([...read("docs/operations.md").matchAll(/^\| `(\d)` \| (\w+)/gm)].map((match) => [match[2], Number(match[1])]));
    expect(rows).toEqual({
      no: PLAN_EXIT.noChanges,
      changes: PLAN_EXIT.changes,
      blocked: PLAN_EXIT.destructiveBlocked,
      permissions: PLAN_EXIT.permissionsBlocked,
      error: PLAN_EXIT.error,
    });
  });
});
