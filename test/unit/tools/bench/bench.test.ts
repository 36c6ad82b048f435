import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseBenchArgs } from "../../../../tools/bench/args";
import { CpuProfile, moduleOf, topFunctions, topSelfTime, withOriginalSources } from "../../../../tools/bench/cpu-profile";
import { describeFailedTests, describeLanes, describeShares, describeSlowestFiles, jestFileTimes, testSteps } from "../../../../tools/bench/test-command";
import { generateEnvironmentInputs } from "../../../../tools/bench/generate-environments";
import {
  BenchReport,
  CaseResult,
  cliOverheadNote,
  markdownTable,
  measuredValues,
  renderConsole,
  renderJson,
  renderMarkdown,
  textTable,
} from "../../../../tools/bench/report";
import { median, round, summarize } from "../../../../tools/bench/stats";
import { compareWithTargets, describeLimit, describeMetric, meetsTarget, Target, TARGETS } from "../../../../tools/bench/targets";
import { environmentInputs, loadEnvironments } from "../../../../envs";

const CASES = ["synth-all", "scale", "unit", "deploy"];

const target = (overrides: Partial<Target> = {}): Target => ({
  caseId: "synth-all",
  metric: "wall",
  limit: 2.5,
  inclusive: true,
  unit: "s",
  description: "synth of all four environments, wall time",
  ...overrides,
});

function report(cases: CaseResult[], overrides: Partial<BenchReport> = {}): BenchReport {
  return {
    generatedAt: "2026-11-22T20:00:00.000Z",
    machine: { cpus: 2, cpuModel: "Test CPU", memoryGb: 24, node: "v20.0.0", platform: "linux-x64", loadAverageStart: [1, 2, 3], loadAverageEnd: [1.5, 2, 3] },
    runs: 5,
    heavyRuns: 1,
    cases,
    verdicts: compareWithTargets(measuredValues(cases)),
    otherLoad: [],
    ...overrides,
  };
}

/** A synth case's results: `synth-all` (nothing changed) unless `id` says `synth-cold` (after an edit). */
const synthAll = (wall: number[], peakRss = [170, 180, 175], id = "synth-all"): CaseResult => ({
  id,
  title: "synth",
  metrics: [
    { name: "wall", unit: "s", values: wall },
    { name: "peakRss", unit: "MB", values: peakRss },
  ],
  notes: [],
});

describe("bench statistics", () => {
  it("takes the middle value of an odd number of samples, whatever their order", () => {
    expect(median([3, 1, 2])).toBe(2);
  });

  it("averages the two middle values of an even number of samples", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("refuses a median of no samples", () => {
    expect(() => median([])).toThrow(/no values/);
  });

  it("summarizes runs as median, min, max and spread relative to the median", () => {
    expect(summarize([2, 1.5, 2.5])).toEqual({ runs: 3, median: 2, min: 1.5, max: 2.5, spreadPct: 50 });
  });

  it("rounds small figures to 2 decimals, tens to 1 and thousands to whole numbers", () => {
    expect([round(1.23456), round(12.345), round(1234.5)]).toEqual([1.23, 12.3, 1235]);
  });
});

describe("bench targets", () => {
  it("declares every benchmark target in one list", () => {
    expect(TARGETS.map((entry) => `${describeMetric(entry)} ${describeLimit(entry)}`)).toEqual([
      "synth-all.wall / floor-provider.wall <= 0.35x",
      "synth-cold.wall / floor-app.wall <= 2x",
      "synth-all.wall / synth-one.wall <= 1.25x",
      "scale.ratio < 3x",
      "synth-cold.peakRss <= 200 MB",
      "full-test.wall < 480 s",
    ]);
  });

  it("judges a ratio target by the ratio of the two medians, keeping both medians", () => {
    const ratio = target({ baseline: { caseId: "floor-app", metric: "wall" }, limit: 2, unit: "x" });
    const [verdict] = compareWithTargets({ "synth-all": { wall: [3, 2, 9] }, "floor-app": { wall: [1, 1.5, 0.5] } }, [ratio]);
    expect(verdict).toMatchObject({ status: "fail", measured: 3, medians: { value: 3, baseline: 1 } });
  });

  it("reports a ratio target whose baseline did not run as not run", () => {
    const ratio = target({ baseline: { caseId: "floor-app", metric: "wall" }, limit: 2, unit: "x" });
    expect(compareWithTargets({ "synth-all": { wall: [1] } }, [ratio])[0].status).toBe("not run");
  });

  it("passes an inclusive target at exactly its limit", () => {
    expect(meetsTarget(target(), 2.5)).toBe(true);
  });

  it("fails an exclusive target at exactly its limit", () => {
    expect(meetsTarget(target({ limit: 4, inclusive: false, unit: "x" }), 4)).toBe(false);
  });

  it("compares the median, not the best or worst run, with the limit", () => {
    const [verdict] = compareWithTargets({ "synth-all": { wall: [1.0, 2.6, 2.7] } }, [target()]);
    expect(verdict).toMatchObject({ status: "fail", measured: 2.6 });
  });

  it("passes a target whose median is within the limit despite one slow run", () => {
    const [verdict] = compareWithTargets({ "synth-all": { wall: [2.0, 2.1, 9.0] } }, [target()]);
    expect(verdict).toMatchObject({ status: "pass", measured: 2.1 });
  });

  it("reports a target whose case did not run as not run", () => {
    const [verdict] = compareWithTargets({}, [target()]);
    expect(verdict).toEqual({ target: target(), status: "not run" });
  });
});

describe("bench report", () => {
  it("prints each metric's median, range, spread and run count", () => {
    const text = renderConsole(report([synthAll([2.0, 1.8, 2.2])]));
    expect(text).toMatch(/synth-all\s+wall\s+2 s\s+1\.8 s - 2\.2 s\s+20%\s+3/);
  });

  it("prints a missed target loudly, naming it", () => {
    const text = renderConsole(report([synthAll([3.0, 3.1, 3.2], [250, 260, 270], "synth-cold")]));
    expect(text).toMatch(/!! 1 TARGET\(S\) MISSED: synth of all four environments after an edit, peak memory/);
  });

  it("prints no alarm when every measured target passes", () => {
    expect(renderConsole(report([synthAll([2.0, 2.1, 2.2])]))).not.toMatch(/MISSED/);
  });

  it("marks targets of cases not run as not run, not as failed", () => {
    expect(renderConsole(report([synthAll([2.0])]))).toMatch(/full test command on 2 cores\s+full-test\.wall\s+< 480 s\s+-\s+not run/);
  });

  it("renders the measurements and targets as Markdown tables", () => {
    const markdown = renderMarkdown(report([synthAll([3.0, 3.1, 3.2], [250, 260, 270], "synth-cold")]));
    expect(markdown).toContain("| synth-cold | wall | 3.1 s | 3 s - 3.2 s | 6% | 3 |");
    expect(markdown).toContain("| synth of all four environments after an edit, peak memory | synth-cold.peakRss | <= 200 MB | 260 MB |  | FAIL |");
  });

  it("prints a ratio target's two medians beside the ratio", () => {
    const floor: CaseResult = { id: "floor-app", title: "floor", metrics: [{ name: "wall", unit: "s", values: [1.5] }], notes: [] };
    expect(renderMarkdown(report([synthAll([3], undefined, "synth-cold"), floor]))).toContain(
      "| synth of all four environments after an edit vs the pre-bundled app's floor | synth-cold.wall / floor-app.wall | <= 2x | 2x | 3 s / 1.5 s | pass |",
    );
  });

  it("states the machine, the run counts and the load average in the Markdown", () => {
    expect(renderMarkdown(report([synthAll([2])]))).toContain(
      "on 2 x Test CPU, 24 GB, Node v20.0.0 (linux-x64). Runs per case: 5 (light), 1 (heavy). Load average (1/5/15 min) 1 / 2 / 3 at start",
    );
  });

  it("includes the CPU profile table when there is one", () => {
    const markdown = renderMarkdown(
      report([synthAll([3])], { profile: { command: "node --cpu-prof main.ts", top: [{ module: "cdktf", selfMs: 900, percent: 45 }] } }),
    );
    expect(markdown).toContain("| cdktf | 900 | 45% |");
  });

  it("lists a failed case and the notes of a case under Notes", () => {
    const failed: CaseResult = { id: "deploy", title: "deploy", metrics: [], notes: ["plan was NOT a no-op"], error: "terraform apply failed" };
    const markdown = renderMarkdown(report([failed]));
    expect(markdown).toContain("- **deploy**: plan was NOT a no-op\n- **deploy**: FAILED: terraform apply failed");
  });

  it("writes JSON with raw values next to their rounded summary and each target's verdict", () => {
    const json = JSON.parse(renderJson(report([synthAll([2.0, 1.8, 2.2], undefined, "synth-cold")])));
    expect(json.cases[0].metrics[0]).toEqual({ name: "wall", unit: "s", values: [2, 1.8, 2.2], median: 2, min: 1.8, max: 2.2, spreadPct: 20 });
    expect(json.verdicts[4]).toMatchObject({ caseId: "synth-cold", metric: "peakRss", limit: 200, status: "pass", measured: 175 });
  });

  it("states the cdktf CLI's overhead as the difference of the synth medians", () => {
    const cli: CaseResult = { id: "synth-cli", title: "cli", metrics: [{ name: "wall", unit: "s", values: [6, 7, 8] }], notes: [] };
    expect(cliOverheadNote([synthAll([2, 1.5, 2.5]), cli])).toMatch(/^the cdktf CLI adds 5 s to the same synth/);
  });

  it("states no CLI overhead when either synth case did not run", () => {
    expect(cliOverheadNote([synthAll([2])])).toBeUndefined();
  });

  it("pads text table columns to their widest cell", () => {
    expect(textTable(["a", "bb"], [["ccc", "d"]])).toBe("a    bb\n---  --\nccc  d");
  });

  it("escapes pipes inside Markdown cells", () => {
    expect(markdownTable(["x"], [["a|b"]])).toBe("| x |\n| --- |\n| a\\|b |");
  });
});

describe("bench arguments", () => {
  it("runs every case with the default run counts when given no flag", () => {
    expect(parseBenchArgs([], CASES)).toEqual({ cases: CASES, runs: 5, heavyRuns: 3, strict: false, profile: false, outDir: "bench", help: false });
  });

  it("keeps declaration order for --only and drops --skip cases", () => {
    expect(parseBenchArgs(["--only", "deploy,synth-all,scale", "--skip=scale"], CASES).cases).toEqual(["synth-all", "deploy"]);
  });

  it("reads run counts, --strict, --profile and --out", () => {
    expect(parseBenchArgs(["--runs", "3", "--heavy-runs=2", "--strict", "--profile", "--out", "/tmp/b"], CASES)).toMatchObject({
      runs: 3,
      heavyRuns: 2,
      strict: true,
      profile: true,
      outDir: "/tmp/b",
    });
  });

  it("rejects an unknown case id, listing the known ones", () => {
    expect(() => parseBenchArgs(["--only", "synth-al"], CASES)).toThrow(/--only "synth-al" is not a case; known cases: synth-all, scale, unit, deploy/);
  });

  it("rejects a run count that is not a whole number from 1 to 100", () => {
    expect(() => parseBenchArgs(["--runs", "0"], CASES)).toThrow(/--runs "0" is not allowed; use a whole number from 1 to 100/);
  });

  it("rejects a flag without its value", () => {
    expect(() => parseBenchArgs(["--runs"], CASES)).toThrow(/--runs needs a value/);
  });

  it("rejects an unknown flag, listing the allowed ones", () => {
    expect(() => parseBenchArgs(["--fast"], CASES)).toThrow(
      /unknown option --fast; allowed: --only, --skip, --runs, --heavy-runs, --strict, --profile, --out, --help/,
    );
  });

  it("rejects a value given to a flag", () => {
    expect(() => parseBenchArgs(["--strict=yes"], CASES)).toThrow(/--strict takes no value/);
  });

  it("rejects an argument that is not an option, instead of ignoring it", () => {
    expect(() => parseBenchArgs(["synth-all"], CASES)).toThrow(/unexpected argument "synth-all"; it takes options only: --only/);
  });

  it("rejects a selection that leaves no case", () => {
    expect(() => parseBenchArgs(["--only", "unit", "--skip", "unit"], CASES)).toThrow(/no case left to run/);
  });
});

describe("generated environments for the scale case", () => {
  it("keeps the real environments unchanged when asked for as many as there are", () => {
    expect(generateEnvironmentInputs(environmentInputs, 4)).toEqual(environmentInputs);
  });

  it("generates environments that the real config loader accepts, all distinct", () => {
    const loaded = loadEnvironments(generateEnvironmentInputs(environmentInputs, 40));
    expect(loaded).toHaveLength(40);
    expect(new Set(loaded.map((env) => env.namePrefix)).size).toBe(40);
    expect(new Set(loaded.map((env) => `${env.stateBackend.bucket}/${env.stateBackend.key}`)).size).toBe(40);
  });

  it("renames clones with a number suffix on name, prefix, state bucket and key", () => {
    const clone = generateEnvironmentInputs(environmentInputs, 6).dev1 as unknown as typeof environmentInputs.dev;
    expect(clone).toMatchObject({
      name: "dev1",
      namePrefix: "orders-dev-1",
      stateBackend: { bucket: "orders-tfstate-111111111111-1", key: "copy1/dev/platform.tfstate" },
    });
  });

  it("rejects a count that is not a whole number >= 1", () => {
    expect(() => generateEnvironmentInputs(environmentInputs, 0)).toThrow(/count 0 is not allowed; use a whole number >= 1/);
  });
});

const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { functionName: "(root)", url: "" }, children: [2, 4] },
    { id: 2, callFrame: { functionName: "archiveSync", url: "file:///p/node_modules/cdktf/lib/private/fs.js" }, children: [3] },
    { id: 3, callFrame: { functionName: "spawnSync", url: "node:internal/child_process" } },
    { id: 4, callFrame: { functionName: "(garbage collector)", url: "" } },
  ],
  samples: [2, 3, 3, 4],
  timeDeltas: [1000, 3000, 4000, 2000],
};

describe("CPU profile summary", () => {
  it("attributes a frame to its package, scoped packages included", () => {
    expect(moduleOf("file:///p/node_modules/@cdktf/provider-aws/lib/x.js", "f", "/p")).toBe("@cdktf/provider-aws");
  });

  it("attributes a project frame to its top-level folder", () => {
    expect(moduleOf("file:///p/modules/bus.ts", "f", "/p")).toBe("modules/ (project)");
  });

  it("keeps V8's own buckets such as the garbage collector", () => {
    expect(moduleOf("", "(garbage collector)", "/p")).toBe("(garbage collector)");
  });

  it("sums self time per module and charges node internals to their caller", () => {
    expect(topSelfTime(PROFILE, "/p")).toEqual([
      { module: "cdktf > node internals", selfMs: 7, percent: 70 },
      { module: "(garbage collector)", selfMs: 2, percent: 20 },
      { module: "cdktf", selfMs: 1, percent: 10 },
    ]);
  });

  it("names the hottest functions, a node-internals one with its calling function", () => {
    expect(topFunctions(PROFILE, "/p", 1)).toEqual([
      { module: "spawnSync (node:internal/child_process) <- archiveSync (cdktf/lib/private/fs.js)", selfMs: 7, percent: 70 },
    ]);
  });
});

describe("test command steps", () => {
  it("splits an npm script into its && steps, naming jest steps by their projects", () => {
    expect(
      testSteps(
        "tsc -p . && npm run -s lint:imports && biome ci . && jest --selectProjects unit --maxWorkers=100% && jest --selectProjects terraform emulator --runInBand",
      ).map((step) => [step.label, step.jest]),
    ).toEqual([
      ["tsc", false],
      ["lint:imports", false],
      ["biome", false],
      ["jest unit", true],
      ["jest terraform+emulator", true],
    ]);
  });

  it("names a side-by-side step by the jest projects it runs, and keeps its commands for their reports", () => {
    const [step] = testSteps(
      "node --import tsx tools/test/side-by-side.ts 'jest --selectProjects terraform emulator --runInBand' 'jest --selectProjects emulator-isolated --runInBand'",
    );
    expect(step).toEqual(
      expect.objectContaining({
        label: "side by side: jest terraform+emulator | jest emulator-isolated",
        sideBySide: ["jest --selectProjects terraform emulator --runInBand", "jest --selectProjects emulator-isolated --runInBand"],
      }),
    );
  });

  it("keeps the step's command as written", () => {
    expect(testSteps("jest --selectProjects unit --maxWorkers=100%")[0].command).toBe("jest --selectProjects unit --maxWorkers=100%");
  });

  it("reads each test file's own run time from jest's JSON report, relative to the project", () => {
    const report = { testResults: [{ name: "/p/test/unit/a.test.ts", startTime: 1000, endTime: 3500 }] };
    expect(jestFileTimes(report, "jest unit", "/p")).toEqual([{ step: "jest unit", file: "test/unit/a.test.ts", seconds: 2.5 }]);
  });

  it("names the failed test files of a failed step, with the start of each failure, from jest's reports", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-failed-"));
    const report = join(dir, "0.json");
    writeFileSync(
      report,
      JSON.stringify({
        testResults: [
          { name: "/p/test/emulator/a.test.ts", status: "failed", message: "expected 1, got 2" },
          { name: "/p/test/emulator/b.test.ts", status: "passed", message: "" },
        ],
      }),
    );
    try {
      expect(describeFailedTests([report, join(dir, "missing.json")], "/p")).toBe("failed test files:\ntest/emulator/a.test.ts:\nexpected 1, got 2\n\n");
      expect(describeFailedTests([join(dir, "missing.json")], "/p")).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("states each step's share of the total", () => {
    expect(describeShares({ tsc: 10, "jest unit": 30 })).toBe("tsc 25% (10 s), jest unit 75% (30 s)");
  });

  it("states each lane of a side-by-side step with its own time", () => {
    expect(describeLanes({ unit: 97.2, "terraform+emulator": 412 })).toBe("unit 97.2 s, terraform+emulator 412 s");
  });

  it("lists the slowest test files first", () => {
    const files = [
      { step: "jest unit", file: "a", seconds: 1 },
      { step: "jest unit", file: "b", seconds: 5 },
    ];
    expect(describeSlowestFiles(files, 1)).toBe("b 5 s (jest unit)");
  });
});

describe("CPU profile of a bundle", () => {
  it("charges bundled frames to the files they came from", () => {
    const bundled: CpuProfile = {
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "" }, children: [2] },
        { id: 2, callFrame: { functionName: "resolve", url: "file:///c/app.cjs", lineNumber: 10, columnNumber: 2 } },
      ],
      samples: [2],
      timeDeltas: [1000],
    };
    const mapped = withOriginalSources(bundled, (url, line) =>
      url === "file:///c/app.cjs" && line === 10 ? "/p/node_modules/cdktf/lib/resolve.js" : undefined,
    );
    expect(topSelfTime(mapped, "/p")).toEqual([{ module: "cdktf", selfMs: 1, percent: 100 }]);
  });
});
