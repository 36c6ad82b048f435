import { codeSpan, literalText, tableCell } from "./markdown-text";
import type { PermissionChange } from "./permissions";

/** What the permission section needs of an environment's summary. */
export interface PermissionReview {
  readonly environment: string;
  readonly permissions: readonly PermissionChange[];
  readonly permissionsBroadened: boolean;
  readonly permissionsBlocked: boolean;
  readonly allowPermissionBroadening: boolean;
}

/**
 * The permission section: an alert when anything broadens, then one table row per statement
 * difference (what was added or removed, and whether it broadens or narrows access).
 */
export function renderPermissions(review: PermissionReview): string[] {
  if (review.permissions.length === 0) return [];
  return ["#### Permissions", "", ...alert(review), ...table(review.permissions), ""];
}

function alert(review: PermissionReview): string[] {
  if (!review.permissionsBroadened) return ["Permissions only narrow in this plan.", ""];
  const environment = literalText(review.environment);
  const count = review.permissions.filter((p) => p.broadens).length;
  const verdict = review.permissionsBlocked
    ? `**BLOCKED**: ${environment} gates broader permissions; approve them with \`--allow-permission-broadening\` (deploy: the \`allow-permission-broadening\` input; pull request: the \`approve-permission-broadening\` label).`
    : review.allowPermissionBroadening
      ? "Approved explicitly with `--allow-permission-broadening`."
      : "Review before applying: access grows when this plan is applied.";
  return ["> [!WARNING]", `> **${count} permission document(s) in ${environment} BROADEN access.**`, ">", `> ${verdict}`, ""];
}

function table(changes: readonly PermissionChange[]): string[] {
  const lines = ["| Resource | Document | Statement | Change | Verdict |", "| --- | --- | --- | --- | --- |"];
  for (const change of changes) {
    let first = true;
    for (const item of change.items) {
      const resource = first ? `${tableCell(codeSpan(change.address))} (${change.kind})` : "";
      const what = `${item.part} ${item.change}: ${codeSpan(item.value)}`;
      const verdict = item.verdict === "broadens" ? "**broadens**" : "narrows";
      lines.push(
        `| ${resource} | ${first ? literalText(change.document) : ""} | ${tableCell(literalText(item.statement))} | ${tableCell(what)} | ${verdict} |`,
      );
      first = false;
    }
  }
  return lines;
}
