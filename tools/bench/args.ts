/** `npm run bench -- [flags]`: parsed into options, with an error naming the flag and what is allowed. */

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

export function parseBenchArgs(argv: readonly string[], knownCases: readonly string[]): BenchOptions {
  let only: string[] | undefined;
  let skip: string[] = [];
  let runs = DEFAULT_RUNS;
  let heavyRuns = DEFAULT_HEAVY_RUNS;
  let strict = false;
  let profile = false;
  let help = false;
  let outDir = DEFAULT_OUT_DIR;
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = argv[index].split(/=(.*)/s, 2);
    const value = () => {
      const next = inline ?? argv[++index];
      if (next === undefined || next === "") throw new Error(`bench: ${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "--only": only = caseList(flag, value(), knownCases); break;
      case "--skip": skip = caseList(flag, value(), knownCases); break;
      case "--runs": runs = positiveInteger(flag, value()); break;
      case "--heavy-runs": heavyRuns = positiveInteger(flag, value()); break;
      case "--out": outDir = value(); break;
      case "--strict": strict = true; break;
      case "--profile": profile = true; break;
      case "--help": case "-h": help = true; break;
      default: throw new Error(`bench: unknown argument "${argv[index]}"; allowed: --only, --skip, --runs, --heavy-runs, --strict, --profile, --out, --help`);
    }
  }
  const cases = knownCases.filter((id) => (only ?? knownCases).includes(id) && !skip.includes(id));
  if (cases.length === 0) throw new Error("bench: no case left to run after --only/--skip");
  return { cases, runs, heavyRuns, strict, profile, outDir, help };
}

function caseList(flag: string, raw: string, knownCases: readonly string[]): string[] {
  const ids = raw.split(",").map((id) => id.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !knownCases.includes(id));
  if (unknown.length > 0) throw new Error(`bench: ${flag} "${unknown.join(",")}" is not a case; known cases: ${knownCases.join(", ")}`);
  return ids;
}

function positiveInteger(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 100) throw new Error(`bench: ${flag} "${raw}" is not allowed; use a whole number from 1 to 100`);
  return value;
}
