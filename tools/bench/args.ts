/** `npm run bench -- [flags]`: parsed into options, with an error naming the flag and what is allowed. */
import { optionList, parseOptions, UsageError } from "../parse-options";

export interface BenchOptions {
  /** Case ids to run, in declaration order. */
  readonly cases: readonly string[];
  /** Runs of each light case. */
  readonly runs: number;
  /** Runs of each heavy case (test commands, terraform against the emulator). */
  readonly heavyRuns: number;
  /** Exit 1 when a target is missed. */
  readonly strict: boolean;
  /** Always write the synth CPU profile summary, not only when a synth target is missed. */
  readonly profile: boolean;
  readonly outDir: string;
  readonly help: boolean;
}

export const DEFAULT_RUNS = 5;
export const DEFAULT_HEAVY_RUNS = 3;
export const DEFAULT_OUT_DIR = "bench";

export const USAGE = `npm run bench -- [--only a,b] [--skip a,b] [--runs N] [--heavy-runs N] [--strict] [--profile] [--out DIR]
  --only/--skip  case ids (see the list below); default: every case
  --runs         runs of each light case (default ${DEFAULT_RUNS})
  --heavy-runs   runs of each heavy case: test commands, validate, deploy, plan (default ${DEFAULT_HEAVY_RUNS})
  --strict       exit 1 when a target is missed (default: report it loudly, exit 0)
  --profile      always profile synth (default: only when a synth target is missed)
  --out          folder for results.json and RESULTS.md (default ${DEFAULT_OUT_DIR})`;

const OPTIONS = {
  only: { type: "string" },
  skip: { type: "string" },
  runs: { type: "string" },
  "heavy-runs": { type: "string" },
  strict: { type: "boolean", default: false },
  profile: { type: "boolean", default: false },
  out: { type: "string", default: DEFAULT_OUT_DIR },
  help: { type: "boolean", short: "h", default: false },
} as const;

export function parseBenchArgs(argv: readonly string[], knownCases: readonly string[]): BenchOptions {
  const { values, positionals } = parseOptions(argv, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; it takes options only: ${optionList(OPTIONS)}`);
  const only = values.only === undefined ? knownCases : caseList("--only", values.only, knownCases);
  const skip = values.skip === undefined ? [] : caseList("--skip", values.skip, knownCases);
  const cases = knownCases.filter((id) => only.includes(id) && !skip.includes(id));
  if (cases.length === 0) throw new UsageError("no case left to run after --only/--skip");
  return {
    cases,
    runs: values.runs === undefined ? DEFAULT_RUNS : positiveInteger("--runs", values.runs),
    heavyRuns: values["heavy-runs"] === undefined ? DEFAULT_HEAVY_RUNS : positiveInteger("--heavy-runs", values["heavy-runs"]),
    strict: values.strict,
    profile: values.profile,
    outDir: values.out,
    help: values.help,
  };
}

function caseList(flag: string, raw: string, knownCases: readonly string[]): string[] {
  const ids = raw
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  const unknown = ids.filter((id) => !knownCases.includes(id));
  if (unknown.length > 0) throw new UsageError(`${flag} "${unknown.join(",")}" is not a case; known cases: ${knownCases.join(", ")}`);
  return ids;
}

function positiveInteger(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) throw new UsageError(`${flag} "${raw}" is not allowed; use a whole number from 1 to 100`);
  return value;
}
