import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { environmentNamed } from "../../../../envs";

/**
 * `npm run cdktf -- deploy <env>` on a copy of the project, with a stand-in terraform that records
 * its arguments: the apply carries the environment's parallelism from its config.
 */
const PROJECT = resolve(__dirname, "..", "..", "..", "..");
const COPIED = ["main.ts", "package.json", "tsconfig.json", "cdktf.json", "envs", "modules", "orders", "reviews", "policy", "stacks", "tools", "types"];

let copy: string;
let calls: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), "cdktf-deploy-"));
  for (const entry of COPIED) cpSync(join(PROJECT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(PROJECT, "node_modules"), join(copy, "node_modules"));
  calls = join(copy, "terraform-calls");
  const standIn = join(copy, "terraform");
  writeFileSync(standIn, `#!/bin/sh\necho "$*" >> ${JSON.stringify(calls)}\n`);
  chmodSync(standIn, 0o755);
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

function deploy(environment: string) {
  rmSync(calls, { force: true });
  return spawnSync(process.execPath, ["--import", "tsx", "tools/ops/cdktf.ts", "deploy", environment, "--auto-approve"], {
    cwd: copy,
    encoding: "utf8",
    env: { ...process.env, CHECKPOINT_DISABLE: "1", TERRAFORM_BINARY: join(copy, "terraform") },
  });
}

describe("npm run cdktf -- deploy", () => {
  it.each(["local", "dev"])(
    "applies %s with the parallelism its config sets",
    (environment) => {
      const run = deploy(environment);
      expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ status: 0, stderr: "" });
      const parallelism = environmentNamed(environment).terraform.parallelism;
      expect(readFileSync(calls, "utf8").trim().split("\n")).toEqual(["init -input=false", `apply -input=false -parallelism=${parallelism} -auto-approve`]);
    },
    120_000,
  );

  it("refuses an unknown environment by name, before synthesizing anything", () => {
    const run = deploy("nowhere");
    expect(run.stderr.trim()).toBe('Unknown environment "nowhere"; known environments: local, dev, staging, prod');
    expect(run.status).toBe(1);
    expect(() => readFileSync(calls, "utf8")).toThrow(/ENOENT/);
  });
});
