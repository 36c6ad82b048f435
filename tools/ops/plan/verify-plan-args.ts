import { parseOptions, UsageError } from "../../parse-options";

export const VERIFY_USAGE = "usage: npm run plan:verify -- <environment> --plan FILE --commit SHA [--record FILE]";

export interface VerifyArgs {
  readonly environment: string;
  readonly planFile: string;
  readonly commit: string;
  /** @default - the plan file's `<env>.plan.artifact.json` beside it */
  readonly record?: string;
}

const OPTIONS = {
  plan: { type: "string" },
  commit: { type: "string" },
  record: { type: "string" },
} as const;

export function parseVerifyArgs(argv: readonly string[]): VerifyArgs {
  const { values, positionals } = parseOptions(argv, OPTIONS, { usage: VERIFY_USAGE, valueNames: { plan: "FILE", commit: "SHA", record: "FILE" } });
  if (positionals.length !== 1) throw new UsageError("give exactly one environment", VERIFY_USAGE);
  if (!values.plan) throw new UsageError("--plan is required: the plan file about to be applied", VERIFY_USAGE);
  if (!values.commit) throw new UsageError("--commit is required: the commit being deployed", VERIFY_USAGE);
  return { environment: positionals[0], planFile: values.plan, commit: values.commit, record: values.record };
}
