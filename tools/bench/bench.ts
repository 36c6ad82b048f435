/**
 * `npm run bench`: measures synth, tests, validate, deploy and plan on this machine,
 * prints a table, writes <out>/results.json and <out>/RESULTS.md, and compares with tools/bench/targets.ts.
 * Exits 0 when a target is missed (printed loudly) unless --strict.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { SourceMap } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { prebuiltApp } from "../synth/prebuilt-app.cjs";
import { parseBenchArgs, USAGE } from "./args";
import { BenchCase, BenchContext, CASE_IDS, CASES, floorCacheDir } from "./cases";
import { CpuProfile, FrameSource, topFunctions, topSelfTime, withOriginalSources } from "./cpu-profile";
import { emulatorSession } from "./emulator-session";
import { measureCommand } from "./measure";
import { BenchReport, CaseResult, cliOverheadNote, MachineInfo, measuredValues, missedTargets, renderConsole, renderJson, renderMarkdown } from "./report";
import { round } from "./stats";
import { compareWithTargets, TARGETS, Verdict } from "./targets";

const PROJECT_DIR = resolve(__dirname, "..", "..");
/** Cases whose missed targets a synth CPU profile explains, and the synth command to profile for each (nothing reused: the synth's own work). */
const PROFILED: Readonly<Record<string, readonly string[]>> = {
  scale: ["tools/synth/prebuilt-app.cjs", "tools/bench/synth-generated.ts", "--count", "40"],
  "synth-all": ["tools/synth/prebuilt-app.cjs", "main.ts"],
  "synth-cold": ["tools/synth/prebuilt-app.cjs", "main.ts"],
};

async function main(): Promise<number> {
  const options = parseBenchArgs(process.argv.slice(2), CASE_IDS);
  if (options.help) {
    console.log(
      `${USAGE}\n\ncases:\n${CASES.map((benchCase) => `  ${benchCase.id.padEnd(10)} ${benchCase.heavy ? "(heavy) " : ""}${benchCase.title}`).join("\n")}`,
    );
    return 0;
  }
  const loadAverageStart = loadavg().map((value) => round(value));
  const otherLoad = busiestProcesses();
  const workDir = mkdtempSync(join(tmpdir(), "orders-bench-"));
  const log = (message: string) => console.log(`[bench] ${message}`);
  const context: BenchContext = { projectDir: PROJECT_DIR, workDir, emulator: emulatorSession(PROJECT_DIR, workDir, log), log };
  const selected = CASES.filter((candidate) => options.cases.includes(candidate.id));
  let results: CaseResult[] = [];
  try {
    for (const benchCase of selected) await benchCase.setup?.(context);
    const light = await runInterleaved(
      selected.filter((benchCase) => !benchCase.heavy),
      options.runs,
      context,
    );
    const heavy: CaseResult[] = [];
    // One after the other: a test command already keeps both cores busy.
    for (const benchCase of selected.filter((candidate) => candidate.heavy)) heavy.push(...(await runInterleaved([benchCase], options.heavyRuns, context)));
    results = selected.map((benchCase) => [...light, ...heavy].find((result) => result.id === benchCase.id)!);
  } finally {
    await context.emulator.stop();
    rmSync(floorCacheDir(PROJECT_DIR), { recursive: true, force: true });
  }
  const overhead = cliOverheadNote(results);
  const cli = results.findIndex((result) => result.id === "synth-cli");
  if (overhead && cli >= 0) results[cli] = { ...results[cli], notes: [...results[cli].notes, overhead] };
  const verdicts = compareWithTargets(measuredValues(results), TARGETS);
  const profile = await profileIfNeeded(verdicts, options.profile, options.cases, context);
  rmSync(workDir, { recursive: true, force: true });

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    machine: machineInfo(loadAverageStart),
    runs: options.runs,
    heavyRuns: options.heavyRuns,
    cases: results,
    verdicts,
    otherLoad,
    profile,
  };
  const outDir = resolve(PROJECT_DIR, options.outDir);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "results.json"), renderJson(report));
  writeFileSync(join(outDir, "RESULTS.md"), renderMarkdown(report));
  console.log(`\n${renderConsole(report)}`);
  if (profile)
    console.log(
      `\nSynth CPU profile (self time): ${profile.top
        .slice(0, 6)
        .map((entry) => `${entry.module} ${entry.percent}%`)
        .join(", ")}`,
    );
  console.log(`\nwrote ${join(options.outDir, "results.json")} and ${join(options.outDir, "RESULTS.md")}`);
  const failed = results.some((result) => result.error);
  return failed || (options.strict && missedTargets(verdicts).length > 0) ? 1 : 0;
}

/**
 * Runs the cases round-robin (A B C A B C ...), so that each case's samples come from the same
 * moments of a busy machine as the others'. A case that fails stops running; the others go on.
 */
async function runInterleaved(cases: readonly BenchCase[], runs: number, context: BenchContext): Promise<CaseResult[]> {
  const values = new Map<string, Record<string, number[]>>(cases.map((benchCase) => [benchCase.id, {}]));
  const notes = new Map<string, string[]>(cases.map((benchCase) => [benchCase.id, []]));
  const errors = new Map<string, string>();
  for (let index = 1; index <= runs; index++) {
    for (const benchCase of cases.filter((candidate) => !errors.has(candidate.id))) {
      try {
        const result = await benchCase.run(context);
        const samples = values.get(benchCase.id)!;
        for (const [name, value] of Object.entries(result.metrics)) samples[name] = [...(samples[name] ?? []), value];
        if (result.note && !notes.get(benchCase.id)!.includes(result.note)) notes.get(benchCase.id)!.push(result.note);
        context.log(
          `${benchCase.id} ${index}/${runs}: ${Object.entries(result.metrics)
            .map(([name, value]) => `${name} ${round(value)}`)
            .join(", ")}`,
        );
      } catch (error) {
        context.log(`${benchCase.id} ${index}/${runs} FAILED: ${(error as Error).message}`);
        errors.set(benchCase.id, (error as Error).message.slice(0, 2_000));
      }
    }
  }
  return cases.map((benchCase) => ({
    id: benchCase.id,
    title: benchCase.title,
    metrics: metricsOf(benchCase, values.get(benchCase.id)!),
    notes: notes.get(benchCase.id)!,
    ...(errors.has(benchCase.id) ? { error: errors.get(benchCase.id) } : {}),
  }));
}

/** Seconds: a test command's steps and lanes are named by what they run, so they are not listed in `units`. */
const SECONDS_PREFIXES = ["step: ", "lane: "];

function metricsOf(benchCase: BenchCase, values: Record<string, number[]>) {
  return Object.entries(values).map(([name, samples]) => ({
    name,
    unit: benchCase.units[name] ?? (SECONDS_PREFIXES.some((prefix) => name.startsWith(prefix)) ? "s" : ""),
    values: samples,
  }));
}

/** A CPU profile of synth when a synth target was missed (or --profile): where the time goes. */
async function profileIfNeeded(
  verdicts: readonly Verdict[],
  forced: boolean,
  cases: readonly string[],
  context: BenchContext,
): Promise<BenchReport["profile"]> {
  const missed = missedTargets(verdicts)
    .map((verdict) => verdict.target.caseId)
    .find((caseId) => caseId in PROFILED);
  const caseId = missed ?? (forced ? (cases.find((id) => id in PROFILED) ?? "synth-all") : undefined);
  if (!caseId) return undefined;
  const profileDir = mkdtempSync(join(context.workDir, "cpu-prof-"));
  const args = ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...PROFILED[caseId]];
  context.log(`profiling: node ${args.join(" ")}`);
  await measureCommand(process.execPath, args, {
    cwd: context.projectDir,
    env: { ...process.env, CDKTF_OUTDIR: join(profileDir, "out"), SYNTH_OUTPUT_CACHE: "off" },
    timeoutMs: 600_000,
  });
  // The main thread's profile is the largest file (tsx's loader thread writes a small one).
  const files = readdirSync(profileDir).filter((file) => file.endsWith(".cpuprofile"));
  const largest = files.map((file) => ({ file, text: readFileSync(join(profileDir, file), "utf8") })).sort((a, b) => b.text.length - a.text.length)[0];
  if (!largest) return undefined;
  const parsed = withOriginalSources(JSON.parse(largest.text) as CpuProfile, await bundledSources(context.projectDir, PROFILED[caseId][1]));
  return {
    command: `node ${args.join(" ").replace(profileDir, "<dir>")}`,
    top: topSelfTime(parsed, context.projectDir, 15),
    functions: topFunctions(parsed, context.projectDir, 10),
  };
}

/** Maps frames of the prebuilt app's bundle back to the files they were bundled from, through its source map. */
async function bundledSources(projectDir: string, entry: string): Promise<FrameSource> {
  const app = await prebuiltApp(resolve(projectDir, entry));
  const sourceMap = new SourceMap(JSON.parse(readFileSync(app.map, "utf8")));
  const bundleUrl = pathToFileURL(app.bundle).href;
  return (url, line, column) => {
    if (url !== bundleUrl) return undefined;
    const entry = sourceMap.findEntry(line, column);
    return "originalSource" in entry ? resolve(dirname(app.map), entry.originalSource) : undefined;
  };
}

function machineInfo(loadAverageStart: number[]): MachineInfo {
  const processors = cpus();
  return {
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageStart,
    loadAverageEnd: loadavg().map((value) => round(value)),
  };
}

/** What else is using the CPU (the figures are only comparable on a quiet machine). */
function busiestProcesses(): string[] {
  const ps = spawnSync("ps", ["-eo", "pcpu,etime,args", "--sort=-pcpu"], { encoding: "utf8" });
  if (ps.status !== 0) return [];
  const lines = ps.stdout.split("\n").filter((line) => line && !line.includes("tools/bench/bench.ts") && !/\bps -eo\b/.test(line));
  return lines.slice(0, 9).map((line) => line.slice(0, 140));
}

main().then(
  (code) => (process.exitCode = code),
  (error: Error) => {
    console.error(`npm run bench failed: ${error.message}`);
    process.exitCode = 1;
  },
);
