import { environments } from "../../../envs";
import { broadens, diffDocument, PermissionItem } from "./permission-diff";
import { carriesPermissions, documentChanges } from "./permission-sources";
import { ChangeKind, changeKind, ResourceChangeJson, TerraformPlanJson } from "./plan-json";

/** Exit code of the plan tools when a plan broadens permissions in a gated environment without approval. */
export const EXIT_PERMISSIONS_BLOCKED = 4;

/** One permission document of one changed resource, diffed statement by statement. */
export interface PermissionChange {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** "policy", "trust policy", "inline policy <name>", "permission" (a Lambda permission). */
  readonly document: string;
  readonly items: readonly PermissionItem[];
  readonly broadens: boolean;
}

/** Environments where a plan that broadens permissions is blocked unless approved (`planReview` in envs/). */
export const PERMISSION_GATED_ENVIRONMENTS: readonly string[] = environments.filter((env) => env.planReview.blockPermissionBroadening).map((env) => env.name);

/** Every change to an IAM policy, trust policy, resource policy or Lambda permission in the plan. */
export function permissionChanges(plan: TerraformPlanJson): PermissionChange[] {
  return plan.resource_changes
    .filter((change) => change.mode === "managed" && carriesPermissions(change.type))
    .flatMap((change) => {
      const kind = changeKind(change.change.actions);
      return kind ? changesOf(change, kind) : [];
    });
}

function changesOf(change: ResourceChangeJson, kind: ChangeKind): PermissionChange[] {
  const { before, after, after_unknown: afterUnknown } = change.change as ResourceChangeJson["change"] & { after_unknown?: unknown };
  const side = (values: unknown, unknown?: unknown) => ({ values: record(values), unknown: record(unknown) });
  let documents: ReturnType<typeof documentChanges>;
  try {
    documents = documentChanges(change.type, side(before), kind === "delete" ? side(undefined) : side(after, afterUnknown));
  } catch (error) {
    throw new Error(`${change.address}: ${(error as Error).message}`);
  }
  return documents.flatMap(({ document, before: old, after: current }) => {
    const items = diffDocument(old, current);
    return items.length > 0 ? [{ address: change.address, type: change.type, kind, document, items, broadens: broadens(items) }] : [];
  });
}

function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
