import { DocumentSide } from "./permission-sources";
import { Effect, PolicyStatement, STATEMENT_PARTS, StatementPart } from "./policy-statements";

export type Verdict = "broadens" | "narrows";

/** One reviewable difference: a value added to or removed from one part of one statement. */
export interface PermissionItem {
  /** The statement's Sid or position, `(document)` for a whole document known only after apply. */
  readonly statement: string;
  readonly effect: Effect;
  /** "statement", "action", "not action", "resource", "principal", "condition", ... */
  readonly part: string;
  readonly change: "added" | "removed" | "known after apply";
  readonly value: string;
  readonly verdict: Verdict;
}

const PART_LABELS: Record<StatementPart, string> = {
  actions: "action",
  notActions: "not action",
  resources: "resource",
  notResources: "not resource",
  principals: "principal",
  notPrincipals: "not principal",
  conditions: "condition",
};

/** In an Allow statement, more of these grant more; NotX and conditions work the other way. Deny inverts both. */
const GRANTS_MORE_WHEN_ADDED: Record<StatementPart, boolean> = {
  actions: true,
  notActions: false,
  resources: true,
  notResources: false,
  principals: true,
  notPrincipals: false,
  conditions: false,
};

/**
 * Statement-by-statement differences between two sides of a document. Statements are paired by
 * Sid, then by the most shared values (same effect); an unpaired one is a statement added or
 * removed. A document known only after apply cannot be reviewed, so it counts as broadening.
 */
export function diffDocument(before: DocumentSide, after: DocumentSide): PermissionItem[] {
  if (after === "known after apply") {
    return [
      {
        statement: "(document)",
        effect: "Allow",
        part: "document",
        change: "known after apply",
        value: "cannot be reviewed before apply",
        verdict: "broadens",
      },
    ];
  }
  const old = before === "known after apply" ? [] : (before ?? []);
  const current = after ?? [];
  const { pairs, added, removed } = pairStatements(old, current);
  return [
    ...removed.map((s) => wholeStatement(s, "removed")),
    ...pairs.flatMap(([a, b]) => diffStatement(a, b)),
    ...added.map((s) => wholeStatement(s, "added")),
  ];
}

export function broadens(items: readonly PermissionItem[]): boolean {
  return items.some((item) => item.verdict === "broadens");
}

function wholeStatement(statement: PolicyStatement, change: "added" | "removed"): PermissionItem {
  const grants = (change === "added") === (statement.effect === "Allow");
  return {
    statement: statement.label,
    effect: statement.effect,
    part: "statement",
    change,
    value: describeStatement(statement),
    verdict: grants ? "broadens" : "narrows",
  };
}

function diffStatement(before: PolicyStatement, after: PolicyStatement): PermissionItem[] {
  const effectChanged = before.effect !== after.effect;
  if (effectChanged) return [wholeStatement(before, "removed"), wholeStatement(after, "added")];
  return STATEMENT_PARTS.flatMap((part) => {
    const items: PermissionItem[] = [];
    const was = new Set(before[part]);
    const is = new Set(after[part]);
    for (const value of after[part]) if (!was.has(value)) items.push(item(after, part, "added", value));
    for (const value of before[part]) if (!is.has(value)) items.push(item(after, part, "removed", value));
    return items;
  });
}

function item(statement: PolicyStatement, part: StatementPart, change: "added" | "removed", value: string): PermissionItem {
  const grantsMore = (GRANTS_MORE_WHEN_ADDED[part] === (change === "added")) === (statement.effect === "Allow");
  return { statement: statement.label, effect: statement.effect, part: PART_LABELS[part], change, value, verdict: grantsMore ? "broadens" : "narrows" };
}

interface Pairing {
  readonly pairs: [PolicyStatement, PolicyStatement][];
  readonly added: PolicyStatement[];
  readonly removed: PolicyStatement[];
}

function pairStatements(before: readonly PolicyStatement[], after: readonly PolicyStatement[]): Pairing {
  const removed = [...before];
  const added: PolicyStatement[] = [];
  const pairs: [PolicyStatement, PolicyStatement][] = [];
  const take = (statement: PolicyStatement) => removed.splice(removed.indexOf(statement), 1)[0];
  for (const statement of after) {
    const bySid = statement.sid ? removed.find((old) => old.sid === statement.sid) : undefined;
    const match = bySid ?? closest(statement, removed);
    if (match) pairs.push([take(match), statement]);
    else added.push(statement);
  }
  return { pairs, added, removed };
}

/** The unpaired statement of the same effect sharing the most values, if it shares any; Sids pair only with Sids. */
function closest(statement: PolicyStatement, candidates: readonly PolicyStatement[]): PolicyStatement | undefined {
  let best: PolicyStatement | undefined;
  let bestShared = 0;
  for (const candidate of candidates.filter((c) => c.effect === statement.effect && !(c.sid && statement.sid))) {
    const shared = STATEMENT_PARTS.reduce((n, part) => n + candidate[part].filter((v) => statement[part].includes(v)).length, 0);
    if (shared > bestShared) [best, bestShared] = [candidate, shared];
  }
  return best;
}

function describeStatement(statement: PolicyStatement): string {
  const parts = STATEMENT_PARTS.filter((part) => statement[part].length > 0).map((part) => `${PART_LABELS[part]}: ${statement[part].join(", ")}`);
  return `${statement.effect} ${parts.join("; ")}`;
}
