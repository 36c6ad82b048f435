import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PROJECT = join(__dirname, "..", "..", "..");

/** What main.ts loads: the app's own folders (tsconfig's include, without tests, tools and types). */
const SYNTH_SOURCES = (JSON.parse(readFileSync(join(PROJECT, "tsconfig.json"), "utf8")).include as string[]).filter(
  (entry) => !["test", "tools", "types", "bootstrap.ts"].includes(entry) && existsSync(join(PROJECT, entry)),
);

/**
 * Runs the real main.ts on a copy of the project whose envs/dev.ts has one bad value.
 * The copy lives inside the project so node_modules resolves as usual.
 */
function synthWithDevChange(from: string, to: string) {
  const copy = mkdtempSync(join(PROJECT, ".synth-test-"));
  try {
    for (const entry of SYNTH_SOURCES) cpSync(join(PROJECT, entry), join(copy, entry), { recursive: true });
    const devFile = join(copy, "envs", "dev.ts");
    const original = readFileSync(devFile, "utf8");
    expect(original).toContain(from);
    writeFileSync(devFile, original.replace(from, to));
    const outdir = join(copy, "out");
    const run = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: copy,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    const stacksDir = join(outdir, "stacks");
    return {
      status: run.status,
      stderr: run.stderr,
      wroteOutput: existsSync(outdir),
      stacks: existsSync(stacksDir) ? readdirSync(stacksDir).sort() : [],
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

describe("synth of main.ts", () => {
  it("fails on invalid config with one message and writes no output", () => {
    const result = synthWithDevChange("logRetentionDays: 14,", "logRetentionDays: 4,");
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('environment "dev", field "logRetentionDays": got 4; allowed: one of the CloudWatch Logs retention values');
    expect(result.wroteOutput).toBe(false);
  }, 30_000);

  it("writes every environment's stack when the config is valid", () => {
    const result = synthWithDevChange("logRetentionDays: 14,", "logRetentionDays: 30,");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stacks).toEqual(["dev", "local", "prod", "staging"]);
  }, 30_000);
});
