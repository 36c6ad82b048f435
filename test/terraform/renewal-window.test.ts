import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing, TerraformOutput } from "cdktf";
import { RenewalWindow, renewedExpiry, renewedExpiryAt } from "../../modules/renewal-window";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import { requireTerraform, terraformBinary } from "../../tools/terraform/terraform";

/** The expression as synthesized, evaluated by the real terraform binary at a given time. */
function evaluateWithTerraform(window: RenewalWindow, now: string): string {
  const stack = Testing.synthScope((scope) => {
    new TerraformOutput(scope, "expiry", { value: renewedExpiry(window, now) });
  });
  const value: string = JSON.parse(stack).output.expiry.value;
  const expression = value.replace(/^\$\{/, "").replace(/\}$/, "");
  const dir = mkdtempSync(join(tmpdir(), "renewal-window-"));
  try {
    requireTerraform();
    const output = execFileSync(terraformBinary(), ["console"], {
      cwd: dir,
      input: `${expression}\n`,
      encoding: "utf8",
      // The project's own CLI config: without one, terraform warns that ~/.terraformrc is missing.
      env: prepareTerraformCli(join(__dirname, "..", "..")).env,
    });
    return JSON.parse(output.trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("the renewed expiry, as terraform computes it", () => {
  const weekly: RenewalWindow = { validDays: 30, renewEveryDays: 7 };

  it.each(["2026-03-08T00:00:00Z", "2026-03-14T23:59:59Z", "2026-03-15T00:00:00Z", "2026-01-31T12:00:00Z", "2026-12-29T08:00:00Z"])(
    "agrees with the TypeScript model at %s",
    (now) => {
      expect(evaluateWithTerraform(weekly, now)).toBe(renewedExpiryAt(weekly, new Date(now)).toISOString().replace(".000Z", "Z"));
    },
  );
});
