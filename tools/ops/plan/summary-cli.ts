/**
 * `npm run plan:summary -- <plan.json>... [--env NAME] [--stack cdk.tf.json] [--out FILE] [--allow-destructive]`
 * Renders the plan summary Markdown from existing `terraform show -json` output (one PR comment
 * for several environments). Exit code: 0 rendered, 3 a stateful delete/replace in a protected
 * environment (prod) without --allow-destructive, 4 broader permissions in a gated environment
 * (staging, prod) without --allow-permission-broadening (the Markdown is still written), 1 error.
 */
import { writeFileSync } from "node:fs";
import { defaultStackJson, environmentFromFileName, summarizePlanFile } from "./summary-files";
import { parseSummaryArgs } from "./summary-args";
import { summaryExitCode } from "./summary";
import { renderPlanMarkdown } from "./summary-markdown";

function main(): number {
  const args = parseSummaryArgs(process.argv.slice(2));
  const results = args.planFiles.map((planJson) => {
    const environment = args.environment ?? environmentFromFileName(planJson);
    const stackJson = args.stackJson ?? defaultStackJson(process.cwd(), environment);
    return summarizePlanFile({
      planJson,
      environment,
      stackJson,
      allowDestructive: args.allowDestructive,
      allowPermissionBroadening: args.allowPermissionBroadening,
    });
  });
  const diagrams = Object.fromEntries(results.flatMap((r) => (r.diagram ? [[r.summary.environment, r.diagram]] : [])));
  const markdown = renderPlanMarkdown(
    results.map((r) => r.summary),
    diagrams,
  );
  if (args.out) {
    writeFileSync(args.out, markdown);
    console.log(args.out);
  } else process.stdout.write(markdown);
  const code = summaryExitCode(results.map((r) => r.summary));
  for (const { summary } of results.filter((r) => r.summary.blocked)) {
    console.error(`BLOCKED: ${summary.destructive.length} stateful delete/replace in ${summary.environment}; re-run with --allow-destructive if intended`);
  }
  for (const { summary } of results.filter((r) => r.summary.permissionsBlocked)) {
    console.error(`BLOCKED: permissions broaden in ${summary.environment}; re-run with --allow-permission-broadening once approved`);
  }
  return code;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`plan:summary failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
