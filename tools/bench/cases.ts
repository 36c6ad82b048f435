/**
 * The benchmark cases. Each run returns metric values; setup and teardown are not timed. Light
 * cases run interleaved (A B C A B C ...) so that the baselines and the synth cases they are
 * compared with share the machine's moments; heavy cases run one after the other.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { environments } from "../../envs";
import { prebuiltApp } from "../synth/prebuilt-app.cjs";
import { prepareTerraformCli } from "../terraform/cli-config";
import { validateStacks } from "../terraform/validate-stacks";
import { measureCommand } from "./measure";
import { describeLanes, describeShares, describeSlowestFiles, runTestCommand } from "./test-command";
import { describeCpu, startCpuSampler } from "./process-cpu";

export interface RunResult {
  readonly metrics: Readonly<Record<string, number>>;
  readonly note?: string;
}

export interface BenchCase {
  readonly id: string;
  readonly title: string;
  /** Heavy cases run --heavy-runs times, light ones --runs times. */
  readonly heavy: boolean;
  readonly units: Readonly<Record<string, string>>;
  /** Untimed preparation, once per bench run before the case's first run. */
  setup?(context: BenchContext): Promise<void>;
  run(context: BenchContext): Promise<RunResult>;
}

export interface BenchContext {
  readonly projectDir: string;
  /** A scratch folder for this bench run, removed at the end. */
  readonly workDir: string;
  /** The emulator session shared by the deploy and plan cases. */
  readonly emulator: EmulatorSession;
  log(message: string): void;
}

/** Started on first use on a spare port; deploy and plan share it. */
export interface EmulatorSession {
  /** Applies the local stack from scratch and returns its folder and step timings. */
  deployFromScratch(): Promise<{ stackDir: string; seconds: Record<string, number> }>;
  /** The folder of the last applied local stack, applying one first if there is none. */
  appliedStack(): Promise<string>;
  terraform(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

const NODE = process.execPath;
const TSX = ["--import", "tsx"];
/** How `npm run synth` and `cdktf synth` run the app: `node tools/synth/prebuilt-app.cjs <entry>`. */
const PREBUILT = ["tools/synth/prebuilt-app.cjs"];
const SYNTH_TIMEOUT_MS = 300_000;
const TEST_TIMEOUT_MS = 1_200_000;
/** The emulator tier of the full test command gets its own port, away from a developer's 4566 and CI's 4599. */
const FULL_TEST_EMULATOR_PORT = "4691";

const wallAndMemory = { wall: "s", peakRss: "MB" };

/** A fresh output folder per run, so every synth writes everything. */
function freshOutdir(context: BenchContext, name: string): string {
  return mkdtempSync(join(context.workDir, `${name}-`));
}

/** Makes the synth output cache (tools/synth/synth-output-cache.cjs) synthesize every time. */
const NOTHING_REUSED = { SYNTH_OUTPUT_CACHE: "off" };

async function synthChild(
  context: BenchContext,
  args: readonly string[],
  name: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ wall: number; peakRss?: number }> {
  const outdir = freshOutdir(context, name);
  try {
    const result = await measureCommand(NODE, args, {
      cwd: context.projectDir,
      env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
      timeoutMs: SYNTH_TIMEOUT_MS,
    });
    return { wall: result.seconds, peakRss: result.peakRssMb };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function withMemory(measured: { wall: number; peakRss?: number }): Record<string, number> {
  return measured.peakRss === undefined ? { wall: measured.wall } : { wall: measured.wall, peakRss: measured.peakRss };
}

/** Where the floor case keeps the app it bundles once per bench run (removed at the end of the run). */
export const floorCacheDir = (projectDir: string) => join(projectDir, "node_modules", ".cache", `orders-bench-${process.pid}`);
/** The app bundled once per bench run (untimed), for the floor case: the same synth without any loader or check. */
let floorBundle: string | undefined;

const nodeRun = (id: string, title: string, args: () => readonly string[], env: NodeJS.ProcessEnv = {}): BenchCase => ({
  id,
  title,
  heavy: false,
  units: wallAndMemory,
  run: async (context) => ({ metrics: withMemory(await synthChild(context, args(), id, env)) }),
});

/**
 * A synth as users run it, timed in its steady state: one untimed run first stores this commit's
 * output, so every timed run measures what a synth costs when nothing it reads changed.
 */
const steadySynth = (id: string, title: string, args: readonly string[]): BenchCase => ({
  ...nodeRun(id, title, () => args),
  setup: async (context) => void (await synthChild(context, args, `${id}-first`)),
});

async function cliSynth(context: BenchContext): Promise<{ wall: number; peakRss?: number }> {
  const outdir = freshOutdir(context, "synth-cli");
  try {
    const result = await measureCommand(join(context.projectDir, "node_modules", ".bin", "cdktf"), ["synth", "--output", outdir], {
      cwd: context.projectDir,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1" },
      timeoutMs: SYNTH_TIMEOUT_MS,
    });
    return { wall: result.seconds, peakRss: result.peakRssMb };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const SCALE_COUNTS = [4, 40] as const;
const scaleArgs = (count: number) => [...PREBUILT, "tools/bench/synth-generated.ts", "--count", String(count)];

export const CASES: readonly BenchCase[] = [
  nodeRun("floor-tsx", 'baseline: the runtime\'s floor (`node --import tsx -e ""`)', () => [...TSX, "-e", ""]),
  nodeRun("floor-provider", "baseline: what a naive setup pays before synthesizing anything (`node -e \"require('@cdktf/provider-aws')\"`)", () => [
    "-e",
    "require('@cdktf/provider-aws')",
  ]),
  {
    ...nodeRun("floor-app", "baseline: the app's floor, main.ts bundled once per bench run and run by plain `node` (a full synth)", () => [floorBundle!]),
    setup: async (context) => {
      floorBundle = (await prebuiltApp(join(context.projectDir, "main.ts"), floorCacheDir(context.projectDir))).bundle;
    },
  },
  steadySynth(
    "synth-all",
    "synth of all four environments as `npm run synth` and `cdktf synth` run it (`node tools/synth/prebuilt-app.cjs main.ts`), nothing it reads changed",
    [...PREBUILT, "main.ts"],
  ),
  nodeRun(
    "synth-cold",
    "synth of all four environments after an edit: the same command with nothing reused (`SYNTH_OUTPUT_CACHE=off`)",
    () => [...PREBUILT, "main.ts"],
    NOTHING_REUSED,
  ),
  nodeRun("synth-tsx", "synth of all four environments through tsx (`node --import tsx main.ts`), for comparison", () => [...TSX, "main.ts"]),
  steadySynth("synth-one", "synth of one environment (local), same runner as synth-all, nothing it reads changed", [
    ...PREBUILT,
    "tools/bench/synth-generated.ts",
    "--env",
    "local",
  ]),
  {
    id: "synth-cli",
    title: "synth of all four environments through the cdktf CLI (`cdktf synth`), nothing changed: the CLI's overhead",
    heavy: false,
    units: wallAndMemory,
    setup: async (context) => void (await cliSynth(context)),
    run: async (context) => ({ metrics: withMemory(await cliSynth(context)) }),
  },
  {
    id: "scale",
    title: "synth of 40 generated environments vs 4 (same loader and stack, cloned configs): nothing changed, and after an edit (`cold`)",
    heavy: false,
    units: { wall4: "s", wall40: "s", ratio: "x", perEnvironment: "s", coldRatio: "x", coldPerEnvironment: "s", peakRss40: "MB" },
    setup: async (context) => {
      for (const count of SCALE_COUNTS) await synthChild(context, scaleArgs(count), `scale-${count}-first`);
    },
    run: async (context) => {
      const [four, forty] = [await synthChild(context, scaleArgs(4), "scale-4"), await synthChild(context, scaleArgs(40), "scale-40")];
      const cold = [
        await synthChild(context, scaleArgs(4), "scale-4-cold", NOTHING_REUSED),
        await synthChild(context, scaleArgs(40), "scale-40-cold", NOTHING_REUSED),
      ];
      const metrics: Record<string, number> = {
        wall4: four.wall,
        wall40: forty.wall,
        ratio: forty.wall / four.wall,
        perEnvironment: (forty.wall - four.wall) / 36,
        coldRatio: cold[1].wall / cold[0].wall,
        coldPerEnvironment: (cold[1].wall - cold[0].wall) / 36,
      };
      if (cold[1].peakRss !== undefined) metrics.peakRss40 = cold[1].peakRss;
      return { metrics };
    },
  },
  testCommandCase("unit", "unit-test tier (`npm run test:unit`), with each test file's time", "test:unit"),
  testCommandCase(
    "full-test",
    "full test command (`npm test`: tsc, import rules, biome, then every jest tier in lanes side by side), with each step's share and each lane's time",
    "test",
  ),
  {
    id: "validate",
    title: "terraform init -backend=false + validate of all environments (freshly synthesized, untimed)",
    heavy: true,
    units: { wall: "s" },
    run: async (context) => {
      const outdir = freshOutdir(context, "validate");
      try {
        await measureCommand(NODE, [...PREBUILT, "main.ts"], {
          cwd: context.projectDir,
          env: { ...process.env, CDKTF_OUTDIR: outdir },
          timeoutMs: SYNTH_TIMEOUT_MS,
        });
        const cli = prepareTerraformCli(context.projectDir);
        const started = process.hrtime.bigint();
        const results = await validateStacks(
          outdir,
          environments.map((env) => env.name),
          cli,
        );
        const wall = Number(process.hrtime.bigint() - started) / 1e9;
        const invalid = results.filter((result) => !result.valid).map((result) => result.stack);
        if (invalid.length > 0) throw new Error(`terraform validate failed for ${invalid.join(", ")}`);
        return { metrics: { wall } };
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
  },
  {
    id: "deploy",
    title: "local deployment from scratch on a fresh emulator (synth, state bucket, terraform init, apply)",
    heavy: true,
    units: { wall: "s", synth: "s", init: "s", apply: "s" },
    run: async (context) => {
      const { seconds } = await context.emulator.deployFromScratch();
      return { metrics: seconds };
    },
  },
  {
    id: "plan",
    title: "no-op `terraform plan` of the applied local environment",
    heavy: true,
    units: { wall: "s" },
    run: async (context) => {
      const stackDir = await context.emulator.appliedStack();
      const started = process.hrtime.bigint();
      const result = await context.emulator.terraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], stackDir);
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.code === 1) throw new Error(`terraform plan failed:\n${(result.stderr || result.stdout).slice(-4_000)}`);
      const note = result.code === 2 ? `plan was NOT a no-op right after apply: ${changeSummary(result.stdout)}` : undefined;
      return { metrics: { wall }, note };
    },
  },
];

/** A test script run step by step: its wall time, each step's seconds, and notes naming the shares and slowest files. */
function testCommandCase(id: string, title: string, script: string): BenchCase {
  return {
    id,
    title,
    heavy: true,
    units: { wall: "s", peakRss: "MB", cpu: "s" },
    run: async (context) => {
      const env = { ...process.env, EMULATOR_TEST_PORT: FULL_TEST_EMULATOR_PORT };
      const sampler = startCpuSampler();
      const run = await runTestCommand(context.projectDir, script, env, TEST_TIMEOUT_MS);
      const cpu = sampler?.stop();
      const steps = Object.fromEntries(Object.entries(run.steps).map(([label, seconds]) => [`step: ${label}`, seconds]));
      const lanes = Object.fromEntries(Object.entries(run.lanes).map(([label, seconds]) => [`lane: ${label}`, seconds]));
      const cpuTotal = cpu && Object.values(cpu).reduce((sum, seconds) => sum + (seconds ?? 0), 0);
      return {
        metrics: {
          wall: run.wall,
          ...steps,
          ...lanes,
          ...(run.peakRssMb === undefined ? {} : { peakRss: run.peakRssMb }),
          ...(cpuTotal === undefined ? {} : { cpu: cpuTotal }),
        },
        note: [
          `where the time goes: ${describeShares(run.steps)}`,
          ...(Object.keys(run.lanes).length > 0 ? [`side by side, each lane: ${describeLanes(run.lanes)}`] : []),
          `slowest test files: ${describeSlowestFiles(run.files)}`,
          ...(cpu ? [`CPU on the machine meanwhile, by process: ${describeCpu(cpu)}`] : []),
        ].join("; "),
      };
    },
  };
}

function changeSummary(planOutput: string): string {
  return /Plan: .*/.exec(planOutput)?.[0] ?? "changes (see terraform plan)";
}

export const CASE_IDS = CASES.map((benchCase) => benchCase.id);
