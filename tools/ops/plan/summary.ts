import { ChangeKind, changeKind, formatAttributePath, TerraformPlanJson } from "./plan-json";
import { baseAddress, modulePlacement, placementFromLogicalId } from "./stack-json";
import { isStateful, PROTECTED_ENVIRONMENTS, STATEFUL_TYPES } from "./stateful";
import type { PlanArtifact } from "./plan-artifact";
import { EXIT_PERMISSIONS_BLOCKED, PERMISSION_GATED_ENVIRONMENTS, PermissionChange, permissionChanges } from "./permissions";

/** Exit code of the summary tools when a destructive change to a protected environment is not allowed. */
export const EXIT_DESTRUCTIVE_BLOCKED = 3;

export const CHANGE_KINDS: readonly ChangeKind[] = ["create", "update", "replace", "delete"];

export interface ChangedResource {
  readonly address: string;
  readonly type: string;
  readonly kind: ChangeKind;
  /** Top-level construct, e.g. `OrdersBus`. */
  readonly module: string;
  /** The construct path below the module, e.g. `EUOrdersRule/orders-processing`. */
  readonly construct: string;
  /** Attributes whose change forces a replacement, e.g. `hash_key`, `attribute[0].name`. */
  readonly replacePaths: readonly string[];
  /** Terraform's reason for the action, e.g. `replace_because_cannot_update`. */
  readonly reason?: string;
  /** What is lost when it is deleted or replaced; set for stateful types only. */
  readonly loses?: string;
}

export interface PlanSummary {
  readonly environment: string;
  readonly counts: Readonly<Record<ChangeKind, number>>;
  readonly changes: readonly ChangedResource[];
  /** Deletes and replaces of stateful resources. */
  readonly destructive: readonly ChangedResource[];
  /** True when `destructive` is not empty, the environment is protected and it was not allowed. */
  readonly blocked: boolean;
  readonly allowDestructive: boolean;
  /** Every changed IAM policy, trust policy, resource policy and Lambda permission, diffed. */
  readonly permissions: readonly PermissionChange[];
  readonly permissionsBroadened: boolean;
  /** True when permissions broaden, the environment gates them and it was not approved. */
  readonly permissionsBlocked: boolean;
  readonly allowPermissionBroadening: boolean;
  /** The saved plan file's record (hash, environment, commit), when the plan was saved. */
  readonly artifact?: PlanArtifact;
}

export interface SummarizeOptions {
  readonly environment: string;
  /** `type.name` -> construct path, from the synthesized cdk.tf.json. @default none: resources are grouped as "(no construct path)" */
  readonly constructPaths?: ReadonlyMap<string, string>;
  /** Environments where stateful deletes/replaces block. @default PROTECTED_ENVIRONMENTS (prod) */
  readonly protectedEnvironments?: readonly string[];
  /** The explicit allow flag (`--allow-destructive`). @default false */
  readonly allowDestructive?: boolean;
  /** Environments where broader permissions block. @default PERMISSION_GATED_ENVIRONMENTS (staging, prod) */
  readonly permissionGatedEnvironments?: readonly string[];
  /** The explicit approval (`--allow-permission-broadening`). @default false */
  readonly allowPermissionBroadening?: boolean;
  readonly artifact?: PlanArtifact;
}

export function summarizePlan(plan: TerraformPlanJson, options: SummarizeOptions): PlanSummary {
  const changes = plan.resource_changes
    .filter((change) => change.mode === "managed")
    .flatMap((change): ChangedResource[] => {
      const kind = changeKind(change.change.actions);
      if (!kind) return [];
      const path = options.constructPaths?.get(baseAddress(change.address));
      const placement = path ? modulePlacement(path) : placementFromLogicalId(change.address);
      return [
        {
          address: change.address,
          type: change.type,
          kind,
          ...placement,
          replacePaths: kind === "replace" ? (change.change.replace_paths ?? []).map(formatAttributePath) : [],
          reason: change.action_reason,
          loses: isStateful(change.type) ? STATEFUL_TYPES[change.type] : undefined,
        },
      ];
    })
    .sort((a, b) => a.module.localeCompare(b.module) || a.construct.localeCompare(b.construct) || a.address.localeCompare(b.address));
  const counts = Object.fromEntries(CHANGE_KINDS.map((kind) => [kind, changes.filter((c) => c.kind === kind).length])) as Record<ChangeKind, number>;
  const destructive = changes.filter((c) => c.loses !== undefined && (c.kind === "delete" || c.kind === "replace"));
  const allowDestructive = options.allowDestructive ?? false;
  const isProtected = (options.protectedEnvironments ?? PROTECTED_ENVIRONMENTS).includes(options.environment);
  const permissions = permissionChanges(plan);
  const permissionsBroadened = permissions.some((p) => p.broadens);
  const allowPermissionBroadening = options.allowPermissionBroadening ?? false;
  const isGated = (options.permissionGatedEnvironments ?? PERMISSION_GATED_ENVIRONMENTS).includes(options.environment);
  return {
    environment: options.environment,
    counts,
    changes,
    destructive,
    blocked: destructive.length > 0 && isProtected && !allowDestructive,
    allowDestructive,
    permissions,
    permissionsBroadened,
    permissionsBlocked: permissionsBroadened && isGated && !allowPermissionBroadening,
    allowPermissionBroadening,
    artifact: options.artifact,
  };
}

/** 0, EXIT_DESTRUCTIVE_BLOCKED when any summary blocks a stateful change, else EXIT_PERMISSIONS_BLOCKED when any blocks broader permissions. */
export function summaryExitCode(summaries: readonly PlanSummary[]): number {
  if (summaries.some((summary) => summary.blocked)) return EXIT_DESTRUCTIVE_BLOCKED;
  return summaries.some((summary) => summary.permissionsBlocked) ? EXIT_PERMISSIONS_BLOCKED : 0;
}

/** True when either gate stops the plan. */
export function isBlocked(summary: Pick<PlanSummary, "blocked" | "permissionsBlocked">): boolean {
  return summary.blocked || summary.permissionsBlocked;
}

export function hasChanges(summary: PlanSummary): boolean {
  return summary.changes.length > 0;
}
