import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

Testing.setupJest();

// The unit tier runs beside the deployed tiers (tools/test/side-by-side.ts), where a synth that
// takes a second alone can take several. The deployed tiers set their own, longer timeout.
jest.setTimeout(30_000);

/**
 * Each test file gets its own temp folder, removed when the file ends, so a test run leaves
 * nothing behind in the system temp folder. cdktf's `Testing.app()` makes a new folder per call
 * and never removes it, and tests make scratch folders with `mkdtemp(tmpdir())`: both are pointed
 * here. Child processes keep the real temp folder (the emulator tier's set-up isolates theirs).
 */
const systemTmpdir = os.tmpdir;
const fileTmp = mkdtempSync(join(systemTmpdir(), "orders-test-"));
const testingApp = Testing.app.bind(Testing);
os.tmpdir = () => fileTmp;
Testing.app = (options = {}) => testingApp({ ...options, outdir: options.outdir ?? join(fileTmp, "cdktf.out") });

afterAll(() => {
  os.tmpdir = systemTmpdir;
  Testing.app = testingApp;
  rmSync(fileTmp, { recursive: true, force: true });
});
