import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { AWS_PROVIDER } from "./versions";

/** Where a provider mirror is looked for when TF_PROVIDER_MIRROR is not set. */
const MIRROR_CANDIDATES = ["/opt/tf-plugins", "/usr/local/share/terraform/plugins", "/usr/share/terraform/plugins", join(homedir(), ".terraform.d", "plugins")];

/**
 * Go's garbage collector target for terraform and the AWS provider it starts. Every plan or apply
 * starts the provider two or three times, and each start builds the schemas of its ~1,500
 * resource types: collecting four times less often takes about a quarter off that CPU for
 * ~150 MB more memory per process (docs/performance.md). A GOGC of the caller's own wins.
 */
export const TERRAFORM_GOGC = "400";

export interface TerraformCli {
  /** Environment for every terraform child process. */
  readonly env: NodeJS.ProcessEnv;
  /** The filesystem mirror in use, or undefined when providers come from the registry. */
  readonly mirror: string | undefined;
  readonly configFile: string;
}

/**
 * Writes this project's own Terraform CLI config into `<project>/.terraform-cli/` (never the home
 * folder): the AWS provider comes from a local filesystem mirror when one exists (offline
 * machines), else from the registry as usual, through a plugin cache that makes repeated inits
 * cheap. Many terraform processes may read the config while another tool writes it, so it is
 * replaced atomically, and only when it changed.
 */
export function prepareTerraformCli(projectDir: string, env: NodeJS.ProcessEnv = process.env): TerraformCli {
  const mirror = findMirror(env);
  const dir = join(projectDir, ".terraform-cli");
  const cacheDir = join(dir, "plugin-cache");
  mkdirSync(cacheDir, { recursive: true });
  const configFile = join(dir, "terraformrc");
  replaceIfChanged(configFile, renderCliConfig(mirror, cacheDir));
  return {
    mirror,
    configFile,
    env: {
      GOGC: TERRAFORM_GOGC,
      ...env,
      TF_CLI_CONFIG_FILE: configFile,
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
    },
  };
}

/**
 * With a mirror, `init` links each stack's provider straight to the mirror's unpacked folder, so
 * no cache is needed, and none is used: `init` re-links a cache entry it has no lock-file checksum
 * for (every fresh stack folder), and a plan running meanwhile in another folder through that entry
 * finds "no package ... cached" (seen with test files in parallel).
 */
export function renderCliConfig(mirror: string | undefined, cacheDir: string): string {
  const provider = AWS_PROVIDER.source;
  const installation = mirror
    ? [
        "provider_installation {",
        "  filesystem_mirror {",
        `    path    = ${JSON.stringify(mirror)}`,
        `    include = [${JSON.stringify(provider)}]`,
        "  }",
        `  direct { exclude = [${JSON.stringify(provider)}] }`,
        "}",
      ]
    : [];
  const cache = mirror ? [] : [`plugin_cache_dir = ${JSON.stringify(cacheDir)}`];
  return [...cache, ...installation, ""].join("\n");
}

function replaceIfChanged(file: string, content: string): void {
  if (existsSync(file) && readFileSync(file, "utf8") === content) return;
  const written = `${file}.${process.pid}.tmp`;
  writeFileSync(written, content);
  renameSync(written, file);
}

/** TF_PROVIDER_MIRROR wins; an explicit mirror without the pinned provider is an error, not a fallback. */
export function findMirror(env: NodeJS.ProcessEnv, candidates: readonly string[] = MIRROR_CANDIDATES): string | undefined {
  const explicit = env.TF_PROVIDER_MIRROR;
  if (explicit) {
    if (!holdsPinnedProvider(explicit)) {
      throw new Error(
        `TF_PROVIDER_MIRROR=${explicit} does not hold ${AWS_PROVIDER.source}/${AWS_PROVIDER.version}; ` +
          `point it at the folder that contains registry.terraform.io/, or unset it to install from the registry`,
      );
    }
    return explicit;
  }
  return candidates.find(holdsPinnedProvider);
}

function holdsPinnedProvider(root: string): boolean {
  return existsSync(join(root, AWS_PROVIDER.source, AWS_PROVIDER.version));
}
