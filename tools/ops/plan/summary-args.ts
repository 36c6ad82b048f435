import { parseOptions, UsageError } from "../../parse-options";

export interface SummaryArgs {
  readonly planFiles: readonly string[];
  /** Only with one plan file; else each file's environment comes from its name (`prod.plan.json`). */
  readonly environment?: string;
  readonly stackJson?: string;
  readonly out?: string;
  readonly allowDestructive: boolean;
  readonly allowPermissionBroadening: boolean;
}

export const SUMMARY_USAGE =
  "usage: npm run plan:summary -- <plan.json>... [--env NAME] [--stack cdk.tf.json] [--out summary.md] [--allow-destructive] [--allow-permission-broadening]";

const OPTIONS = {
  env: { type: "string" },
  stack: { type: "string" },
  out: { type: "string" },
  "allow-destructive": { type: "boolean", default: false },
  "allow-permission-broadening": { type: "boolean", default: false },
} as const;

/** Parses `plan:summary` arguments; throws with the usage on anything unexpected. */
export function parseSummaryArgs(argv: readonly string[]): SummaryArgs {
  const { values, positionals: planFiles } = parseOptions(argv, OPTIONS, { usage: SUMMARY_USAGE });
  if (planFiles.length === 0) throw new UsageError("no plan JSON given", SUMMARY_USAGE);
  if (planFiles.length > 1 && (values.env || values.stack)) {
    throw new UsageError("--env and --stack apply to one plan file; with several, name them <env>.plan.json", SUMMARY_USAGE);
  }
  return {
    planFiles,
    environment: values.env,
    stackJson: values.stack,
    out: values.out,
    allowDestructive: values["allow-destructive"],
    allowPermissionBroadening: values["allow-permission-broadening"],
  };
}
