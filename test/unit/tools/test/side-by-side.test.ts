import { spawnSync } from "node:child_process";
import { join } from "node:path";
import {
  describeResults,
  failureSummaryCollector,
  labelOf,
  MAX_FAILURE_LINES,
  parseResults,
  runSideBySide,
  withReport,
} from "../../../../tools/test/side-by-side";

const RUNNER = join(__dirname, "..", "..", "..", "..", "tools", "test", "side-by-side.ts");

describe("side-by-side test commands", () => {
  it("labels a jest command by the projects it selects, anything else by its first word", () => {
    expect(labelOf("jest --selectProjects terraform emulator --runInBand")).toBe("terraform+emulator");
    expect(labelOf("jest --selectProjects emulator-isolated")).toBe("emulator-isolated");
    expect(labelOf("sleep 1")).toBe("sleep");
    expect(labelOf("nice -n 10 jest --selectProjects unit --maxWorkers=100%")).toBe("unit");
    expect(labelOf("nice jest --selectProjects unit")).toBe("unit");
  });

  it("adds a numbered JSON report to jest commands only, and only when asked", () => {
    expect(withReport("jest --selectProjects unit", 1, "/r")).toBe("jest --selectProjects unit --json --outputFile=/r/1.json");
    expect(withReport("sleep 1", 0, "/r")).toBe("sleep 1");
    expect(withReport("nice -n 10 jest --selectProjects unit", 2, "/r")).toBe("nice -n 10 jest --selectProjects unit --json --outputFile=/r/2.json");
    expect(withReport("jest --selectProjects unit", 0, undefined)).toBe("jest --selectProjects unit");
  });

  it("runs the commands at the same time and reports each one's exit code", async () => {
    const written = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const started = Date.now();
    try {
      const results = await runSideBySide(["sleep 1 && echo first", "sleep 1 && exit 3"]);
      expect(results.map(({ label, code }) => [label, code])).toEqual([
        ["sleep", 0],
        ["sleep", 3],
      ]);
      expect(Date.now() - started).toBeLessThan(1_900);
      expect(written).toHaveBeenCalledWith("[sleep] first\n");
    } finally {
      written.mockRestore();
    }
  });

  it("exits with the first failure's code after every command has ended, and says which failed", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", RUNNER, "exit 4", "sleep 1 && echo done"], { encoding: "utf8" });
    expect(run.status).toBe(4);
    expect(run.stdout).toContain("[sleep] done");
    expect(run.stdout).toMatch(/side by side: exit failed \(exit 4\) in \d+ s, sleep passed in \d+ s/);
  });

  it("repeats a failed jest lane's failure summary after every lane has ended, above the summary line", () => {
    const failingLane = `printf '%s\\n' 'FAIL a.test.ts' 'Summary of all failing tests' 'FAIL a.test.ts' '  ● a › fails' 'Test Suites: 1 failed' >&2; exit 1`;
    const run = spawnSync(process.execPath, ["--import", "tsx", RUNNER, failingLane, "sleep 1 && echo done"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    const repeated = run.stderr.slice(run.stderr.indexOf("── printf: failed ──"));
    expect(repeated.split("\n")).toEqual(["── printf: failed ──", "Summary of all failing tests", "FAIL a.test.ts", "  ● a › fails", ""]);
    expect(run.stdout.trim().split("\n").pop()).toMatch(/^side by side: printf failed \(exit 1\) in \d+ s, sleep passed in \d+ s$/);
  });

  it("keeps jest's failure summary when coloured, and no more than a bounded number of lines of it", () => {
    const collector = failureSummaryCollector();
    for (const line of ["PASS b.test.ts", "\u001b[1mSummary of all failing tests\u001b[22m", "  ● a › fails", "Test Suites: 1 failed", "Tests: 1 failed"])
      collector.add(line);
    expect(collector.lines).toEqual(["\u001b[1mSummary of all failing tests\u001b[22m", "  ● a › fails"]);

    const long = failureSummaryCollector();
    for (const line of ["Summary of all failing tests", ...Array.from({ length: MAX_FAILURE_LINES + 50 }, (_, n) => `line ${n}`)]) long.add(line);
    expect(long.lines).toHaveLength(MAX_FAILURE_LINES);
  });

  it("describes each command's outcome and time", () => {
    expect(describeResults([{ label: "a", code: 0, seconds: 12.4 }])).toBe("a passed in 12 s");
  });

  it("reads each command's result back from the summary line", () => {
    const results = [
      { label: "unit", code: 0, seconds: 97 },
      { label: "terraform+emulator", code: 1, seconds: 412 },
    ];
    expect(parseResults(`[unit] PASS a.test.ts\n\nside by side: ${describeResults(results)}\n`)).toEqual(results);
    expect(parseResults("no summary: the runner was killed")).toEqual([]);
  });
});
