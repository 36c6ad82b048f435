import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { environmentNamed } from "../../../../envs";
import { synthesizeEnvironment } from "../../../../tools/local/deployment";

describe("synthesizeEnvironment", () => {
  it("creates a nested output folder that does not exist yet (npm run state on a fresh clone)", () => {
    const root = mkdtempSync(join(tmpdir(), "synth-env-"));
    try {
      const stackDir = synthesizeEnvironment(environmentNamed("local"), join(root, ".state", "cdktf.out"));
      expect(stackDir).toBe(join(root, ".state", "cdktf.out", "stacks", "local"));
      expect(existsSync(join(stackDir, "cdk.tf.json"))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
