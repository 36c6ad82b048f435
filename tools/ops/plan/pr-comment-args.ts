import { parseOptions, UsageError } from "../../parse-options";

export const COMMENT_USAGE =
  "usage: npm run plan:comment -- <summaries dir> --envs dev,staging,prod --commit SHA [--run-url URL] [--plan-result RESULT] [--envs-diff FILE] [--out FILE]";

export interface CommentArgs {
  /** Holds `<env>.plan.summary.json` from each plan job. */
  readonly dir: string;
  readonly environments: readonly string[];
  readonly commit: string;
  readonly runUrl?: string;
  readonly planResult?: string;
  /** Markdown of `npm run envs:diff -- <a> <b> --markdown`, appended folded. */
  readonly envsDiff?: string;
  readonly out?: string;
}

const OPTIONS = {
  envs: { type: "string" },
  commit: { type: "string" },
  "run-url": { type: "string" },
  "plan-result": { type: "string" },
  "envs-diff": { type: "string" },
  out: { type: "string" },
} as const;

export function parseCommentArgs(argv: readonly string[]): CommentArgs {
  const { values, positionals } = parseOptions(argv, OPTIONS, {
    usage: COMMENT_USAGE,
    valueNames: { envs: "a list", commit: "SHA", "envs-diff": "FILE", out: "FILE" },
  });
  if (positionals.length !== 1) throw new UsageError("give exactly one folder of plan summaries", COMMENT_USAGE);
  if (!values.envs) throw new UsageError("--envs is required: every environment the comment covers, in order", COMMENT_USAGE);
  if (!values.commit) throw new UsageError("--commit is required: the commit the plans were made for", COMMENT_USAGE);
  return {
    dir: positionals[0],
    environments: values.envs.split(",").filter(Boolean),
    commit: values.commit,
    runUrl: values["run-url"],
    planResult: values["plan-result"],
    envsDiff: values["envs-diff"],
    out: values.out,
  };
}
