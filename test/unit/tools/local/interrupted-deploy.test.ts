import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clearDeployMark, deployMarkFile, describeRecovery, markDeployStarted, readDeployMark, recoveryFor } from "../../../../tools/local/interrupted-deploy";

const ENDPOINT = "https://127.0.0.1:4566";
const MARK = { startedAt: "2026-12-02T08:00:00.000Z", endpoint: ENDPOINT };

describe("the mark of a deploy npm start never finished", () => {
  let projectDir: string;
  beforeEach(() => (projectDir = mkdtempSync(join(tmpdir(), "deploy-mark-"))));
  afterEach(() => rmSync(projectDir, { recursive: true, force: true }));

  it("is written with its start time and endpoint, read back, and cleared", () => {
    const file = deployMarkFile(projectDir);
    expect(readDeployMark(file)).toBeUndefined();
    markDeployStarted(file, ENDPOINT, new Date(MARK.startedAt));
    expect(readDeployMark(file)).toEqual(MARK);
    clearDeployMark(file);
    expect(readDeployMark(file)).toBeUndefined();
  });

  it("still counts when the crash it records cut it short", () => {
    const file = deployMarkFile(projectDir);
    markDeployStarted(file, ENDPOINT);
    writeFileSync(file, '{"startedAt":"2026-');
    expect(readDeployMark(file)).toEqual({ startedAt: "an unknown time", endpoint: "an unknown endpoint" });
  });
});

describe("what the next npm start does about it", () => {
  it.each([
    ["no mark", "none", undefined, true, true],
    ["a mark, our emulator still up", "restart", MARK, true, true],
    ["a mark, the emulator gone", "gone", MARK, false, true],
    ["a mark, the emulator gone and no pid file", "gone", MARK, false, false],
    ["a mark, somebody else's emulator up", "refuse", MARK, true, false],
  ] as const)("%s: %s", (_case, kind, mark, answers, ours) => {
    expect(recoveryFor(mark, answers, ours).kind).toBe(kind);
  });

  it("says why it restarts, and what the user must do when it cannot", () => {
    expect(describeRecovery(recoveryFor(undefined, true, true), ENDPOINT)).toBeUndefined();
    expect(describeRecovery(recoveryFor(MARK, true, true), ENDPOINT)).toBe(
      "The last npm start stopped during its deploy (started 2026-12-02T08:00:00.000Z): a resource created then may exist on the emulator but not in the state. " +
        "Restarting the emulator on https://127.0.0.1:4566 empty, so this deploy starts clean.",
    );
    expect(describeRecovery(recoveryFor(MARK, true, false), ENDPOINT)).toMatch(
      /was not started by npm start, so npm start will not restart it: stop it \(or run npm stop\) and run npm start again\.$/,
    );
  });
});
