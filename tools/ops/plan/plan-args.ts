export const PLAN_USAGE = "usage: npm run plan -- <environment> [--out DIR] [--allow-destructive]";

export interface PlanArgs {
  readonly environment: string;
  readonly outDir: string;
  readonly allowDestructive: boolean;
}

export function parsePlanArgs(argv: readonly string[]): PlanArgs {
  const positional: string[] = [];
  let outDir = "cdktf.out/plans";
  let allowDestructive = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--allow-destructive") allowDestructive = true;
    else if (argv[i] === "--out" && argv[i + 1] && !argv[i + 1].startsWith("--")) outDir = argv[++i];
    else if (argv[i].startsWith("--")) throw new Error(`unexpected option ${argv[i]}\n${PLAN_USAGE}`);
    else positional.push(argv[i]);
  }
  if (positional.length !== 1) throw new Error(`give exactly one environment\n${PLAN_USAGE}`);
  return { environment: positional[0], outDir, allowDestructive };
}
