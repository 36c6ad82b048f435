/**
 * `npm run docs`: rewrites the generated regions of README.md and docs/ (environment table,
 * policy rules, resource counts, bench targets). `npm run docs -- --check` writes nothing and
 * exits 1 when a committed file is out of date.
 */
import "../../envs/exit-on-config-error";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DOCS_COMMAND, generateDocs } from "./docs/generate";

function main(args: readonly string[]): number {
  const projectDir = process.cwd();
  const stale = generateDocs(projectDir).filter((doc) => doc.generated !== doc.committed);
  if (args.includes("--check")) {
    for (const doc of stale) console.error(`out of date: ${doc.file}`);
    console.log(stale.length === 0 ? "Generated docs are up to date." : `Run \`${DOCS_COMMAND}\` to regenerate.`);
    return stale.length === 0 ? 0 : 1;
  }
  for (const doc of stale) {
    writeFileSync(join(projectDir, doc.file), doc.generated);
    console.log(`wrote: ${doc.file}`);
  }
  if (stale.length === 0) console.log("Generated docs were already up to date.");
  return 0;
}

process.exitCode = main(process.argv.slice(2));
