/**
 * `npm run plan:comment -- <dir> --envs dev,staging,prod --commit SHA [--run-url URL] [--plan-result R] [--envs-diff FILE] [--out FILE]`
 * Renders the one PR comment (overview, then each environment folded) from the plan jobs'
 * `<env>.plan.summary.json` files (and, folded last, an environment diff), under GitHub's comment size limit. Exit code: 0, or 1 on error.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderPlanComment } from "./pr-comment";
import { parseCommentArgs } from "./pr-comment-args";
import { readSummaryRecord, SummaryRecord } from "./summary-record";

function main(): void {
  const args = parseCommentArgs(process.argv.slice(2));
  const records = new Map<string, SummaryRecord>();
  for (const environment of args.environments) {
    const file = join(args.dir, `${environment}.plan.summary.json`);
    if (existsSync(file)) records.set(environment, readSummaryRecord(file));
  }
  const environmentDiff = args.envsDiff ? readFileSync(args.envsDiff, "utf8") : undefined;
  const body = renderPlanComment({ ...args, records, environmentDiff });
  if (args.out) {
    writeFileSync(args.out, body);
    console.log(`${args.out} (${body.length} characters)`);
  } else process.stdout.write(body);
}

try {
  main();
} catch (error) {
  console.error(`plan:comment failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
