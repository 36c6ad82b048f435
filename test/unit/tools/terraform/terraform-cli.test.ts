import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TERRAFORM_GOGC, findMirror, prepareTerraformCli, renderCliConfig } from "../../../../tools/terraform/cli-config";
import { AWS_PROVIDER } from "../../../../tools/terraform/versions";

function fakeMirror(withProvider: boolean): string {
  const root = mkdtempSync(join(tmpdir(), "mirror-"));
  if (withProvider) mkdirSync(join(root, AWS_PROVIDER.source, AWS_PROVIDER.version, "linux_amd64"), { recursive: true });
  return root;
}

describe("Terraform CLI config", () => {
  it("installs the AWS provider from the mirror, with no plugin cache between, and everything else from the registry", () => {
    const config = renderCliConfig("/opt/mirror", "/cache");
    expect(config).not.toContain("plugin_cache_dir");
    expect(config).toMatch(/filesystem_mirror \{\s+path {4}= "\/opt\/mirror"\s+include = \["registry.terraform.io\/hashicorp\/aws"\]/);
    expect(config).toContain('direct { exclude = ["registry.terraform.io/hashicorp/aws"] }');
  });

  it("uses plain registry installation through the plugin cache when there is no mirror", () => {
    expect(renderCliConfig(undefined, "/cache")).toBe('plugin_cache_dir = "/cache"\n');
  });

  it("finds the first candidate that holds the pinned provider", () => {
    const empty = fakeMirror(false);
    const real = fakeMirror(true);
    expect(findMirror({}, [empty, real])).toBe(real);
    expect(findMirror({}, [empty])).toBeUndefined();
  });

  it("prefers TF_PROVIDER_MIRROR, and refuses one without the pinned provider", () => {
    const real = fakeMirror(true);
    expect(findMirror({ TF_PROVIDER_MIRROR: real }, [])).toBe(real);
    expect(() => findMirror({ TF_PROVIDER_MIRROR: fakeMirror(false) }, [real])).toThrow(
      /does not hold registry.terraform.io\/hashicorp\/aws\/5.100.0; point it at the folder that contains registry.terraform.io/,
    );
  });

  it("writes its config inside the project and points terraform at it", () => {
    const project = mkdtempSync(join(tmpdir(), "project-"));
    const cli = prepareTerraformCli(project, { TF_PROVIDER_MIRROR: fakeMirror(true), TF_CLI_CONFIG_FILE: "/root/.terraformrc" });
    expect(cli.configFile).toBe(join(project, ".terraform-cli", "terraformrc"));
    expect(cli.env.TF_CLI_CONFIG_FILE).toBe(cli.configFile);
    expect(cli.env.CHECKPOINT_DISABLE).toBe("1");
    expect(readFileSync(cli.configFile, "utf8")).toContain("filesystem_mirror");
  });

  it("rewrites its config only when it changed, by replacing the file (a terraform reading it never sees it half-written)", () => {
    const project = mkdtempSync(join(tmpdir(), "project-"));
    const mirror = fakeMirror(true);
    const first = prepareTerraformCli(project, { TF_PROVIDER_MIRROR: mirror });
    const written = statSync(first.configFile);
    prepareTerraformCli(project, { TF_PROVIDER_MIRROR: mirror });
    expect(statSync(first.configFile).ino).toBe(written.ino);
    prepareTerraformCli(project, { TF_PROVIDER_MIRROR: fakeMirror(true) });
    expect(statSync(first.configFile).ino).not.toBe(written.ino);
    expect(readdirSync(join(project, ".terraform-cli")).sort()).toEqual(["plugin-cache", "terraformrc"]);
  });

  it("has terraform collect garbage less often, unless the caller chose a GOGC", () => {
    const project = mkdtempSync(join(tmpdir(), "project-"));
    expect(prepareTerraformCli(project, { TF_PROVIDER_MIRROR: fakeMirror(true) }).env.GOGC).toBe(TERRAFORM_GOGC);
    expect(prepareTerraformCli(project, { TF_PROVIDER_MIRROR: fakeMirror(true), GOGC: "100" }).env.GOGC).toBe("100");
  });
});
