import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { prebuiltApp } from "../../../../tools/synth/prebuilt-app.cjs";

const PROJECT = join(__dirname, "..", "..", "..", "..");
const LAUNCHER = join(PROJECT, "tools", "synth", "prebuilt-app.cjs");

/** A small app inside the project (so its imports resolve as the real app's do), with its own cache folder. */
let dir: string;
let cacheDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(PROJECT, ".synth-test-"));
  cacheDir = join(dir, "cache");
  mkdirSync(join(dir, "lib"));
  writeFileSync(join(dir, "lib", "where.ts"), "export const where: string = __dirname;\n");
  writeFileSync(join(dir, "app.ts"), 'import { where } from "./lib/where";\nconsole.log(JSON.stringify({ where, args: process.argv.slice(2) }));\n');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

const launch = (entry: string, ...args: string[]) =>
  spawnSync(process.execPath, [LAUNCHER, entry, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PREBUILT_APP_CACHE: cacheDir, SYNTH_OUTPUT_CACHE_DIR: join(dir, "outputs") },
  });

describe("the prebuilt app", () => {
  it("builds the bundle once and reuses it while no source changes", async () => {
    expect((await prebuiltApp(join(dir, "app.ts"), cacheDir)).fromCache).toBe(false);
    expect((await prebuiltApp(join(dir, "app.ts"), cacheDir)).fromCache).toBe(true);
  });

  it("rebuilds when the content of an imported file changes", async () => {
    const first = await prebuiltApp(join(dir, "app.ts"), cacheDir);
    writeFileSync(join(dir, "lib", "where.ts"), 'export const where: string = "moved";\n');
    const second = await prebuiltApp(join(dir, "app.ts"), cacheDir);
    expect(second.fromCache).toBe(false);
    expect(readFileSync(second.bundle, "utf8")).toContain('"moved"');
    expect(second.bundle).toBe(first.bundle);
  });

  it("keeps a file's own __dirname and passes the entry its arguments", () => {
    const run = launch("app.ts", "--env", "dev");
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ where: join(dir, "lib"), args: ["--env", "dev"] });
  });

  it("prints an error with the TypeScript file and line it was thrown at, and exits 1", () => {
    writeFileSync(join(dir, "broken.ts"), "const value: number = 1;\n\nthrow new Error(`broken at ${value}`);\n");
    const run = launch("broken.ts");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Error: broken at 1\n\s+at .*broken\.ts:3:7/);
  });

  it("explains a token that fails to resolve with the TypeScript line that created it", () => {
    const app = [
      'import { App, Lazy, TerraformOutput, TerraformStack } from "cdktf";',
      'const stack = new TerraformStack(new App({ outdir: process.argv[2] }), "broken");',
      'const value = Lazy.stringValue({ produce: () => { throw new Error("no value yet"); } });',
      'new TerraformOutput(stack, "out", { value });',
      "(stack.node.scope as App).synth();",
    ].join("\n");
    writeFileSync(join(dir, "token.ts"), `${app}\n`);
    const run = launch("token.ts", join(dir, "out"));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Resolution error: no value yet\.\nObject creation stack:\n(\s+at .*\n)*\s+at .*token\.ts:3:\d+\)/);
  });

  it("names the entry that could not be bundled", () => {
    writeFileSync(join(dir, "bad.ts"), 'import { missing } from "./nowhere";\nconsole.log(missing);\n');
    const run = launch("bad.ts");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/could not bundle bad\.ts: .*Could not resolve "\.\/nowhere"/s);
  });
});

describe("synth through the prebuilt app", () => {
  it("writes the same stacks and assets as synth through tsx, and so does the next synth that reuses its output", () => {
    const synth = (args: string[], outdir: string) =>
      spawnSync(process.execPath, [...args, "main.ts"], {
        cwd: PROJECT,
        encoding: "utf8",
        env: { ...process.env, CDKTF_OUTDIR: outdir, PREBUILT_APP_CACHE: cacheDir, SYNTH_OUTPUT_CACHE_DIR: join(dir, "outputs") },
      });
    const tsx = synth(["--import", "tsx"], join(dir, "tsx"));
    const prebuilt = synth([LAUNCHER], join(dir, "prebuilt"));
    const reused = synth([LAUNCHER], join(dir, "reused"));
    expect([tsx.status, prebuilt.status, reused.status]).toEqual([0, 0, 0]);
    expect(reused.stderr).toContain("its output was written again");
    const files = (root: string) =>
      (readdirSync(join(root, "stacks"), { recursive: true }) as string[])
        .filter((path) => /\.(json|zip)$/.test(path))
        .sort()
        .map((path) => [path, readFileSync(join(root, "stacks", path)).toString("base64")]);
    const expected = files(join(dir, "tsx"));
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(files(join(dir, "prebuilt"))).toEqual(expected);
    expect(files(join(dir, "reused"))).toEqual(expected);
  }, 120_000);
});
