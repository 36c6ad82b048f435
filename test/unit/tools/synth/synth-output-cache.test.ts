import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PROJECT = join(__dirname, "..", "..", "..", "..");
const LAUNCHER = join(PROJECT, "tools", "synth", "prebuilt-app.cjs");
const REUSED = "synth: nothing it reads changed since an earlier synth";

/**
 * A small cdktf app inside the project (its imports resolve as the real app's do): one stack
 * whose output holds a value from `lib/value.ts`, the GREETING variable and `data.txt`. Each run
 * of the app appends a line to `runs.log`, so a test can tell a reused synth from a real one.
 */
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(PROJECT, ".synth-cache-test-"));
  writeFileSync(join(dir, "value.ts"), 'export const value = "one";\n');
  writeFileSync(join(dir, "data.txt"), "data one");
  writeFileSync(join(dir, "app.ts"), appSource(""));
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function appSource(extra: string): string {
  return [
    'import { appendFileSync, readFileSync } from "node:fs";',
    'import { App, TerraformOutput, TerraformStack } from "cdktf";',
    'import { value } from "./value";',
    'appendFileSync(`${__dirname}/runs.log`, "ran\\n");',
    "const app = new App();",
    'const stack = new TerraformStack(app, "only");',
    'const data = readFileSync(`${__dirname}/data.txt`, "utf8");',
    'new TerraformOutput(stack, "out", { value: `${value} ${process.env.GREETING ?? "none"} ${data}` });',
    'console.log("synthesized", value);',
    extra,
    "app.synth();",
  ].join("\n");
}

function synth(outdir: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, [LAUNCHER, "app.ts"], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PREBUILT_APP_CACHE: join(dir, "bundles"), SYNTH_OUTPUT_CACHE_DIR: join(dir, "outputs"), CDKTF_OUTDIR: join(dir, outdir), ...env },
  });
  return { ...run, output: outputOf(join(dir, outdir)), runs: readFileSync(join(dir, "runs.log"), "utf8").split("\n").filter(Boolean).length };
}

function outputOf(outdir: string): Record<string, string> {
  if (!existsSync(outdir)) return {};
  const files = (readdirSync(outdir, { recursive: true }) as string[]).filter((path) => path.includes("."));
  return Object.fromEntries(files.sort().map((path) => [path, readFileSync(join(outdir, path), "utf8")]));
}

const outputValue = (run: { output: Record<string, string> }) => JSON.parse(run.output["stacks/only/cdk.tf.json"]).output.out.value;

describe("the synth output cache", () => {
  it("writes an identical earlier synth's output to the new folder and replays its console, without running the app", () => {
    const first = synth("out-1");
    expect([first.status, first.runs, first.stderr]).toEqual([0, 1, ""]);
    const second = synth("out-2");
    expect([second.status, second.runs]).toEqual([0, 1]);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stdout).toContain("synthesized one");
    expect(second.stderr).toContain(REUSED);
    expect(Object.keys(second.output)).toEqual(["manifest.json", "stacks/only/cdk.tf.json"]);
    expect(second.output).toEqual(first.output);
  }, 60_000);

  it("synthesizes again when a source file, a file read at run time or a variable it read changed, and not for a variable it did not read", () => {
    synth("out");
    writeFileSync(join(dir, "value.ts"), 'export const value = "two";\n');
    expect(outputValue(synth("out"))).toBe("two none data one");
    writeFileSync(join(dir, "data.txt"), "data two");
    expect(outputValue(synth("out"))).toBe("two none data two");
    expect(outputValue(synth("out", { GREETING: "hello" }))).toBe("two hello data two");
    const unrelated = synth("out", { GREETING: "hello", UNRELATED: "changed" });
    expect([unrelated.runs, unrelated.stderr.includes(REUSED)]).toEqual([4, true]);
  }, 60_000);

  it("keeps a run per set of values read, so alternating synths (npm run synth, cdktf synth) both reuse theirs", () => {
    synth("out", { GREETING: "a" });
    synth("out", { GREETING: "b" });
    const again = [synth("out", { GREETING: "a" }), synth("out", { GREETING: "b" })];
    expect(again.map((run) => [run.runs, outputValue(run), run.stderr.includes(REUSED)])).toEqual([
      [2, "one a data one", true],
      [2, "one b data one", true],
    ]);
  }, 60_000);

  it("never stores a run that failed, or that started another process (whose reads it cannot see)", () => {
    writeFileSync(join(dir, "app.ts"), appSource('if (process.env.FAIL) throw new Error("failed on purpose");'));
    expect(synth("out", { FAIL: "1" }).status).toBe(1);
    expect(synth("out", { FAIL: "1" }).runs).toBe(2);
    writeFileSync(join(dir, "app.ts"), appSource('require("node:child_process").execFileSync("true");'));
    synth("out");
    expect(synth("out").runs).toBe(4);
  }, 60_000);

  it("synthesizes every time with SYNTH_OUTPUT_CACHE=off", () => {
    synth("out");
    const off = synth("out", { SYNTH_OUTPUT_CACHE: "off" });
    expect([off.runs, off.stderr]).toEqual([2, ""]);
  }, 60_000);
});
