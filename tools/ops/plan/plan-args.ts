import { parseOptions, UsageError } from "../../parse-options";

export const PLAN_USAGE = "usage: npm run plan -- <environment> [--out DIR] [--allow-destructive] [--allow-permission-broadening] [--commit SHA]";

export interface PlanArgs {
  readonly environment: string;
  readonly outDir: string;
  readonly allowDestructive: boolean;
  readonly allowPermissionBroadening: boolean;
  /** The commit the plan is recorded for. @default - `git rev-parse HEAD` */
  readonly commit?: string;
}

const OPTIONS = {
  out: { type: "string", default: "cdktf.out/plans" },
  "allow-destructive": { type: "boolean", default: false },
  "allow-permission-broadening": { type: "boolean", default: false },
  commit: { type: "string" },
} as const;

export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const { values, positionals } = parseOptions(argv, OPTIONS, { usage: PLAN_USAGE, valueNames: { out: "DIR", commit: "SHA" } });
  if (positionals.length !== 1) throw new UsageError("give exactly one environment", PLAN_USAGE);
  return {
    environment: positionals[0],
    outDir: values.out,
    allowDestructive: values["allow-destructive"],
    allowPermissionBroadening: values["allow-permission-broadening"],
    commit: values.commit,
  };
}
