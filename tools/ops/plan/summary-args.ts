export interface SummaryArgs {
  readonly planFiles: readonly string[];
  /** Only with one plan file; else each file's environment comes from its name (`prod.plan.json`). */
  readonly environment?: string;
  readonly stackJson?: string;
  readonly out?: string;
  readonly allowDestructive: boolean;
}

export const SUMMARY_USAGE =
  "usage: npm run plan:summary -- <plan.json>... [--env NAME] [--stack cdk.tf.json] [--out summary.md] [--allow-destructive]";

/** Parses `plan:summary` arguments; throws with the usage on anything unexpected. */
export function parseSummaryArgs(argv: readonly string[]): SummaryArgs {
  const planFiles: string[] = [];
  const values: Record<string, string | undefined> = {};
  let allowDestructive = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--allow-destructive") allowDestructive = true;
    else if (arg === "--env" || arg === "--stack" || arg === "--out") {
      const value = argv[++i];
      if (!value || value.startsWith("--")) throw new Error(`${arg} needs a value\n${SUMMARY_USAGE}`);
      values[arg.slice(2)] = value;
    } else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}\n${SUMMARY_USAGE}`);
    else planFiles.push(arg);
  }
  if (planFiles.length === 0) throw new Error(`no plan JSON given\n${SUMMARY_USAGE}`);
  if (planFiles.length > 1 && (values.env || values.stack)) {
    throw new Error(`--env and --stack apply to one plan file; with several, name them <env>.plan.json\n${SUMMARY_USAGE}`);
  }
  return { planFiles, environment: values.env, stackJson: values.stack, out: values.out, allowDestructive };
}
