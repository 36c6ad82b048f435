import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ALARM_KIND_IDS, runbookAnchor } from "../../../modules/monitoring/alarm-kinds";

const runbook = readFileSync(join(__dirname, "..", "..", "..", "docs", "runbook.md"), "utf8");

/** GitHub's anchor of a heading: lowercase, punctuation other than hyphens dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");

/** Each heading's anchor, with the text up to the next heading of any level. */
const sections = new Map([...runbook.matchAll(/^#{2,3} (.+)\n([\s\S]*?)(?=^#{1,3} |(?![\s\S]))/gm)].map((match) => [anchorOf(match[1]), match[2]] as const));

describe("docs/runbook.md", () => {
  it.each(ALARM_KIND_IDS.map((kind) => [kind]))("has the section alarm descriptions of %s point to", (kind) => {
    expect([...sections.keys()]).toContain(runbookAnchor(kind));
  });

  it.each(ALARM_KIND_IDS.map((kind) => [kind]))("says what %s means, how to look and how to recover", (kind) => {
    const section = sections.get(runbookAnchor(kind)) ?? "";
    expect(section).toMatch(/\*\*Means\.\*\*/);
    expect(section).toMatch(/\*\*Look\.\*\*/);
    expect(section).toMatch(/\*\*Recover\.\*\*/);
  });

  it("links only to sections that exist", () => {
    const links = [...runbook.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    expect(links.filter((anchor) => !sections.has(anchor))).toEqual([]);
  });
});
