import { codeSpan, literalText, tableCell } from "./markdown-text";
import { CHANGE_KINDS, isBlocked, PlanSummary } from "./summary";
import { environmentBlocks, MarkdownBlock, permissionsCell } from "./summary-markdown";
import type { SummaryRecord } from "./summary-record";

/** Finds the one plan comment again on every push (the workflow updates it in place). */
export const PLAN_COMMENT_MARKER = "<!-- orders-platform:plan-summary -->";

/**
 * GitHub refuses a comment body longer than this (characters).
 * @see https://docs.github.com/en/rest/issues/comments#create-an-issue-comment
 */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface PlanCommentInput {
  /** Every environment the pull request plans, in order; one without a record failed to plan. */
  readonly environments: readonly string[];
  readonly records: ReadonlyMap<string, SummaryRecord>;
  readonly commit: string;
  /** The workflow run: where the job summaries and artifacts are. */
  readonly runUrl?: string;
  /** The plan jobs' overall result (`success`, `failure`, ...). */
  readonly planResult?: string;
  /** `npm run envs:diff -- staging prod --markdown`: folded last, and the first to give way. */
  readonly environmentDiff?: string;
  /** @default GITHUB_COMMENT_LIMIT */
  readonly limit?: number;
}

/**
 * Which blocks give way first when the comment is too long: the diagram, then tables, the
 * permission detail, the data-loss list. The plan file's hash never does.
 */
const SHORTENING_ORDER = ["event flow", "changed resources", "replacements", "changes", "permissions", "data-loss warning"];

interface Section {
  readonly environment: string;
  readonly summary?: PlanSummary;
  blocks: MarkdownBlock[];
}

/**
 * The one PR comment: the marker, an overview table of every environment (changes, permissions,
 * blocked, plan hash), then each environment's summary folded in `<details>`. Over the limit,
 * whole blocks (never part of a table) are replaced by a pointer to the job summary and artifact.
 */
export function renderPlanComment(input: PlanCommentInput): string {
  const limit = input.limit ?? GITHUB_COMMENT_LIMIT;
  const sections: Section[] = input.environments.map((environment) => {
    const record = input.records.get(environment);
    return { environment, summary: record?.summary, blocks: record ? environmentBlocks(record.summary, record.diagram) : [] };
  });
  let body = render(input, sections);
  if (body.length > limit && input.environmentDiff) {
    input = { ...input, environmentDiff: environmentDiffPointer(input.environmentDiff, input.runUrl) };
    body = render(input, sections);
  }
  for (const title of SHORTENING_ORDER) {
    for (const { section, index } of blocksTitled(sections, title)) {
      if (body.length <= limit) return body;
      section.blocks[index] = pointer(section.blocks[index], section.environment, input.runUrl);
      body = render(input, sections);
    }
  }
  if (body.length > limit) throw new Error(`the plan comment is ${body.length} characters even with every section shortened (GitHub's limit: ${limit})`);
  return body;
}

/** Blocks with the title, largest first: shortening the largest frees the most. */
function blocksTitled(sections: readonly Section[], title: string): { section: Section; index: number }[] {
  const found = sections.flatMap((section) => section.blocks.flatMap((block, index) => (block.title === title ? [{ section, index, size: size(block) }] : [])));
  return found.sort((a, b) => b.size - a.size);
}

const size = (block: MarkdownBlock) => block.lines.reduce((n, line) => n + line.length + 1, 0);

function pointer(block: MarkdownBlock, environment: string, runUrl: string | undefined): MarkdownBlock {
  const where = runUrl ? `the job summary of [plan ${literalText(environment)}](${runUrl})` : `the job summary of plan ${literalText(environment)}`;
  const lineCount = block.lines.join("\n").trimEnd().split("\n").length;
  const text = `_${block.title[0].toUpperCase()}${block.title.slice(1)}: ${lineCount} lines shortened to fit GitHub's comment limit; the full section is in ${where} and in the artifact ${codeSpan(`plan-summary-${environment}`)}._`;
  return { title: block.title, lines: [text, ""] };
}

function render(input: PlanCommentInput, sections: readonly Section[]): string {
  const run = input.runUrl ? `, [run](${input.runUrl})` : "";
  const lines = [
    PLAN_COMMENT_MARKER,
    "",
    `## Plan for ${codeSpan(input.commit.slice(0, 7))} (plan jobs: ${literalText(input.planResult ?? "unknown")}${run})`,
    "",
    ...overview(sections),
    "",
  ];
  for (const section of sections) lines.push(...details(section));
  if (input.environmentDiff) lines.push(...environmentDiffDetails(input.environmentDiff));
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The diff's own heading (`### staging vs prod`) becomes the fold's summary. */
function environmentDiffDetails(markdown: string): string[] {
  const [heading, ...rest] = markdown.trim().split("\n");
  const title = heading.replace(/^#+\s*/, "");
  return [`<details><summary><strong>${title}</strong>: how the environments differ</summary>`, "", rest.join("\n").trim(), "", "</details>", ""];
}

function environmentDiffPointer(markdown: string, runUrl: string | undefined): string {
  const [heading] = markdown.trim().split("\n");
  const where = runUrl ? `[the run](${runUrl})` : "the run";
  return `${heading}\n\n_Shortened to fit GitHub's comment limit; \`npm run envs:diff\` prints it, and ${where} has it in the job summary._`;
}

function overview(sections: readonly Section[]): string[] {
  const rows = sections.map(({ environment, summary }) => {
    const name = tableCell(literalText(environment));
    if (!summary) return `| ${name} | - | - | - | - | - | - | no plan: the plan job failed, see the run |`;
    const counts = CHANGE_KINDS.map((kind) => summary.counts[kind]).join(" | ");
    const blocked = isBlocked(summary) ? `**yes** (${blockReasons(summary)})` : "no";
    const hash = summary.artifact ? codeSpan(summary.artifact.sha256.slice(0, 12)) : "not saved";
    return `| ${name} | ${counts} | ${summary.permissionsBroadened ? permissionsCell(summary) : "no"} | ${blocked} | ${hash} |`;
  });
  return [
    "| Environment | Create | Update | Replace | Delete | Permissions broadened | Blocked | Plan SHA-256 |",
    "| --- | ---: | ---: | ---: | ---: | --- | --- | --- |",
    ...rows,
  ];
}

function blockReasons(summary: PlanSummary): string {
  return [summary.blocked && "stateful delete/replace", summary.permissionsBlocked && "permissions"].filter(Boolean).join(", ");
}

/** Blocked environments open, the rest folded. */
function details(section: Section): string[] {
  const name = literalText(section.environment);
  if (!section.summary)
    return [`<details><summary><strong>${name}</strong>: no plan</summary>`, "", "_No plan summary: the plan job failed, see the run._", "", "</details>", ""];
  const { counts } = section.summary;
  const headline = `${counts.create} to create, ${counts.update} to update, ${counts.replace} to replace, ${counts.delete} to delete`;
  const open = isBlocked(section.summary) ? " open" : "";
  return [`<details${open}><summary><strong>${name}</strong>: ${headline}</summary>`, "", ...section.blocks.flatMap((block) => block.lines), "</details>", ""];
}
