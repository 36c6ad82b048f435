import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { environments } from "../../envs";
import { PlatformStack } from "../../stacks/platform-stack";
import { stateBucketStacks } from "../../stacks/state-bucket-stack";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import { requireTerraform } from "../../tools/terraform/terraform";
import { formatDiagnostic, validateStacks } from "../../tools/terraform/validate-stacks";

const PROJECT = join(__dirname, "..", "..");

/**
 * `terraform validate` with the real terraform binary and the real AWS provider on every
 * environment's stack and every bootstrap stack. Missing terraform or provider fails here
 * with what to install; it never skips.
 */
describe("terraform validate", () => {
  const outdir = mkdtempSync(join(tmpdir(), "cdktf-validate-"));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("accepts every synthesized stack", async () => {
    requireTerraform();
    const app = new App({ outdir });
    for (const config of environments) new PlatformStack(app, config.name, { config });
    const bootstrap = stateBucketStacks(app, environments);
    app.synth();

    const stacks = [...environments.map((env) => env.name), ...bootstrap.map((stack) => stack.node.id)];
    const results = await validateStacks(outdir, stacks, prepareTerraformCli(PROJECT));
    const errors = results.flatMap((result) => result.diagnostics.filter((d) => d.severity === "error").map((d) => formatDiagnostic(result.stack, d)));
    expect(errors).toEqual([]);
    expect(results.map((result) => [result.stack, result.valid])).toEqual(stacks.map((stack) => [stack, true]));
  }, 300_000);
});
