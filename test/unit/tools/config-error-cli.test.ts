import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * Every command that loads the environments, run on a copy of the project whose dev config has a
 * made-up region: each prints the ConfigError's message alone (no stack, no object dump), exits 1.
 */
const PROJECT = resolve(__dirname, "..", "..", "..");
const COPIED = ["main.ts", "bootstrap.ts", "package.json", "tsconfig.json", "cdktf.json", "envs", "modules", "orders", "policy", "stacks", "tools", "types"];
const EXPECTED = [
  "Invalid environment configuration (1 problem):",
  '  - environment "dev", field "region": got "eu-fake-9"; allowed: a region of the aws partition known to the installed AWS SDK (@aws-sdk/core), such as eu-west-1',
].join("\n");

let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), "broken-config-"));
  for (const entry of COPIED) cpSync(join(PROJECT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(PROJECT, "node_modules"), join(copy, "node_modules"));
  const devFile = join(copy, "envs", "dev.ts");
  writeFileSync(devFile, readFileSync(devFile, "utf8").replace('  region: "eu-west-1",\n', '  region: "eu-fake-9",\n'));
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("commands on a broken config", () => {
  it.each([
    ["npm run synth", "main.ts"],
    ["npm run cdktf", "tools/ops/cdktf.ts", "synth"],
    ["npm run plan", "tools/ops/plan/plan.ts", "dev"],
    ["npm run validate", "tools/ops/validate.ts"],
    ["npm run policy", "tools/ops/policy.ts", "dev"],
    ["npm run bootstrap", "tools/ops/bootstrap.ts", "dev"],
  ])("%s prints the ConfigError's message alone and exits 1", (_, entry, ...args) => {
    const run = spawnSync(process.execPath, ["--import", "tsx", entry, ...args], {
      cwd: copy,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    expect(run.stderr.trim()).toBe(EXPECTED);
    expect(run.status).toBe(1);
  });
});
