import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  artifactFileFor,
  PlanArtifact,
  planArtifactProblems,
  readPlanArtifact,
  sha256OfFile,
  writePlanArtifact,
} from "../../../../tools/ops/plan/plan-artifact";
import { parseVerifyArgs } from "../../../../tools/ops/plan/verify-plan-args";

const PROJECT = join(__dirname, "..", "..", "..", "..");
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

/** A saved plan (any bytes: the check is on the file, not its format) with the record the plan job writes. */
function savedPlan(overrides: Partial<PlanArtifact> = {}): { dir: string; planFile: string; artifact: PlanArtifact } {
  const dir = mkdtempSync(join(tmpdir(), "verify-plan-"));
  const planFile = join(dir, "prod.tfplan");
  writeFileSync(planFile, Buffer.from("PK\u0003\u0004 a zip terraform wrote", "latin1"));
  const artifact: PlanArtifact = {
    environment: "prod",
    commit: COMMIT,
    planFile: "prod.tfplan",
    sha256: sha256OfFile(planFile),
    permissionsBroadened: false,
    permissionBroadeningApproved: false,
    permissionGated: true,
    ...overrides,
  };
  writePlanArtifact(artifactFileFor(planFile), artifact);
  return { dir, planFile, artifact };
}

const expected = (planFile: string) => ({ environment: "prod", commit: COMMIT, planFile });

describe("plan artifact record and check", () => {
  it("accepts the plan file that was reviewed, for its environment and commit", () => {
    const { planFile } = savedPlan();
    expect(planArtifactProblems(readPlanArtifact(artifactFileFor(planFile)), expected(planFile))).toEqual([]);
  });

  it("refuses a tampered plan file, naming both hashes", () => {
    const { planFile, artifact } = savedPlan();
    appendFileSync(planFile, "one more byte");
    expect(planArtifactProblems(artifact, expected(planFile))).toEqual([
      expect.stringMatching(new RegExp(`prod\\.tfplan has SHA-256 [0-9a-f]{64}, the reviewed plan had ${artifact.sha256}: the file changed after review`)),
    ]);
  });

  it("refuses a plan made for another environment or another commit", () => {
    const { planFile, artifact } = savedPlan({ environment: "staging", commit: "fedcba9876543210fedcba9876543210fedcba98" });
    expect(planArtifactProblems(artifact, expected(planFile))).toEqual([
      'the plan was made for environment "staging", not "prod"',
      `the plan was made for commit fedcba9876543210fedcba9876543210fedcba98, not ${COMMIT}`,
    ]);
  });

  it("refuses a record of another plan file (another environment's file swapped in)", () => {
    const { dir, planFile, artifact } = savedPlan();
    const other = join(dir, "staging.tfplan");
    copyFileSync(planFile, other);
    expect(planArtifactProblems(artifact, { ...expected(other) })).toEqual(["the record is for prod.tfplan, not staging.tfplan"]);
  });

  it("refuses broader permissions in a gated environment that nobody approved, and accepts approved ones", () => {
    const unapproved = savedPlan({ permissionsBroadened: true });
    expect(planArtifactProblems(unapproved.artifact, expected(unapproved.planFile))).toEqual([
      expect.stringMatching(/broadens permissions in prod and nobody approved it/),
    ]);
    const approved = savedPlan({ permissionsBroadened: true, permissionBroadeningApproved: true });
    expect(planArtifactProblems(approved.artifact, expected(approved.planFile))).toEqual([]);
  });

  it("refuses a record without a hash", () => {
    const { planFile } = savedPlan();
    writeFileSync(artifactFileFor(planFile), JSON.stringify({ environment: "prod", commit: COMMIT, planFile: "prod.tfplan" }));
    expect(() => readPlanArtifact(artifactFileFor(planFile))).toThrow(/prod\.plan\.artifact\.json has no sha256/);
  });
});

describe("npm run plan:verify (tools/ops/plan/verify-plan.ts)", () => {
  const verify = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "tools/ops/plan/verify-plan.ts", ...args], { cwd: PROJECT, encoding: "utf8" });

  it("exits 0 and prints the hash for the reviewed file", () => {
    const { planFile, artifact } = savedPlan();
    const result = verify("prod", "--plan", planFile, "--commit", COMMIT);
    expect({ code: result.status, out: result.stdout }).toEqual({ code: 0, out: expect.stringContaining(`SHA-256 ${artifact.sha256}`) });
  });

  it("exits 1 with REFUSED and the reason for a tampered file", () => {
    const { planFile } = savedPlan();
    appendFileSync(planFile, "x");
    const result = verify("prod", "--plan", planFile, "--commit", COMMIT);
    expect({ code: result.status, err: result.stderr }).toEqual({
      code: 1,
      err: expect.stringMatching(/REFUSED: .*prod\.tfplan is not the plan reviewed for prod[\s\S]*the file changed after review/),
    });
  });

  it("reads its arguments and refuses a call without the plan file or commit", () => {
    expect(parseVerifyArgs(["prod", "--plan", "p.tfplan", "--commit", "abc"])).toEqual({
      environment: "prod",
      planFile: "p.tfplan",
      commit: "abc",
      record: undefined,
    });
    expect(() => parseVerifyArgs(["prod", "--commit", "abc"])).toThrow(/--plan is required/);
    expect(() => parseVerifyArgs(["prod", "--plan", "p.tfplan"])).toThrow(/--commit is required/);
  });
});
