import { codeFence, codeSpan, literalText, tableCell } from "./markdown-text";
import type { ChangeKind } from "./plan-json";
import { renderPlanArtifact } from "./plan-artifact";
import { renderPermissions } from "./permissions-markdown";
import { CHANGE_KINDS, ChangedResource, hasChanges, PlanSummary } from "./summary";

/** The Markdown of one or more environments: counts per environment, then each environment's details. */
export function renderPlanMarkdown(summaries: readonly PlanSummary[], diagrams: Readonly<Record<string, string>> = {}): string {
  const lines = ["## Terraform plan summary", "", ...renderCounts(summaries), ""];
  for (const summary of summaries) {
    lines.push(`### ${literalText(summary.environment)}`, "", ...environmentBlocks(summary, diagrams[summary.environment]).flatMap((block) => block.lines));
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** A part of an environment's section that a size-limited comment may shorten as a whole, never inside. */
export interface MarkdownBlock {
  readonly title: string;
  readonly lines: readonly string[];
}

/** An environment's section below its heading, block by block. */
export function environmentBlocks(summary: PlanSummary, diagram: string | undefined): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  const add = (title: string, lines: string[]) => lines.length > 0 && blocks.push({ title, lines });
  add("plan file", summary.artifact ? renderPlanArtifact(summary.artifact) : []);
  add("data-loss warning", renderWarnings(summary));
  add("permissions", renderPermissions(summary));
  if (!hasChanges(summary)) add("changes", ["No changes. The infrastructure matches the configuration.", ""]);
  else {
    add("changed resources", renderChangeTable(summary));
    add("replacements", renderReplacements(summary));
  }
  if (diagram) {
    const fence = codeFence(diagram);
    add("event flow", [
      "<details><summary>Event flow (from the synthesized stack)</summary>",
      "",
      `${fence}mermaid`,
      diagram.trimEnd(),
      fence,
      "",
      "</details>",
      "",
    ]);
  }
  return blocks;
}

function renderCounts(summaries: readonly PlanSummary[]): string[] {
  return [
    "| Environment | Create | Update | Replace | Delete | Stateful delete/replace | Permissions |",
    "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ...summaries.map(
      (s) =>
        `| ${tableCell(literalText(s.environment))} | ${CHANGE_KINDS.map((k) => s.counts[k]).join(" | ")} | ${destructiveCell(s)} | ${permissionsCell(s)} |`,
    ),
  ];
}

function destructiveCell(summary: PlanSummary): string {
  if (summary.destructive.length === 0) return "none";
  const state = summary.blocked ? "BLOCKED" : summary.allowDestructive ? "allowed by --allow-destructive" : "review";
  return `**${summary.destructive.length}** (${state})`;
}

/** "broadened (BLOCKED)", "broadened (approved)", "narrowed only", "unchanged". */
export function permissionsCell(summary: PlanSummary): string {
  if (summary.permissions.length === 0) return "unchanged";
  if (!summary.permissionsBroadened) return "narrowed only";
  const state = summary.permissionsBlocked ? "BLOCKED" : summary.allowPermissionBroadening ? "approved" : "review";
  return `**broadened** (${state})`;
}

/** The loud part: a GitHub CAUTION alert per stateful delete or replace. */
function renderWarnings(summary: PlanSummary): string[] {
  if (summary.destructive.length === 0) return [];
  const environment = literalText(summary.environment);
  const verdict = summary.blocked
    ? `**BLOCKED**: ${environment} is protected; re-run with \`--allow-destructive\` once the data loss is intended and backed up.`
    : summary.allowDestructive
      ? "Allowed explicitly with `--allow-destructive`."
      : "Review before applying: the data is lost when this plan is applied.";
  return [
    "> [!CAUTION]",
    `> **${summary.destructive.length} stateful resource(s) in ${environment} will be DELETED or REPLACED. Data is lost.**`,
    ">",
    ...summary.destructive.map(
      (c) =>
        `> - **${c.kind.toUpperCase()}** ${codeSpan(c.address)} (${literalText(c.module)}${c.construct ? `/${literalText(c.construct)}` : ""}): loses ${c.loses}${c.replacePaths.length ? `; forced by ${c.replacePaths.map(codeSpan).join(", ")}` : ""}`,
    ),
    ">",
    `> ${verdict}`,
    "",
  ];
}

function renderChangeTable(summary: PlanSummary): string[] {
  const lines = ["| Module | Construct | Action | Resource |", "| --- | --- | --- | --- |"];
  let previous: string | undefined;
  for (const change of summary.changes) {
    const module = change.module === previous ? "" : `**${tableCell(literalText(change.module))}**`;
    previous = change.module;
    lines.push(`| ${module} | ${tableCell(literalText(change.construct))} | ${actionLabel(change)} | ${tableCell(codeSpan(change.address))} |`);
  }
  return [...lines, ""];
}

function renderReplacements(summary: PlanSummary): string[] {
  const replaced = summary.changes.filter((c) => c.kind === "replace");
  if (replaced.length === 0) return [];
  return [
    "Attributes forcing a replacement:",
    "",
    ...replaced.map(
      (c) =>
        `- ${codeSpan(c.address)}: ${c.replacePaths.length ? c.replacePaths.map(codeSpan).join(", ") : `(none reported${c.reason ? `; ${literalText(c.reason)}` : ""})`}`,
    ),
    "",
  ];
}

const ACTION_LABELS: Record<ChangeKind, string> = { create: "create", update: "update", replace: "**replace**", delete: "**delete**" };

function actionLabel(change: ChangedResource): string {
  return `${ACTION_LABELS[change.kind]}${change.loses && (change.kind === "delete" || change.kind === "replace") ? " (stateful)" : ""}`;
}
