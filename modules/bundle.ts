import { buildSync } from "esbuild";
import { zipSync } from "fflate";
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bundled = new Map<string, string>();

/**
 * Zip entries carry a timestamp and permissions; fixed ones make the archive a pure function of
 * the code. (A timestamp of "now" changed `source_code_hash` on every synth: a perpetual diff.)
 * Local-time 1980-01-01 because the zip format stores local DOS time.
 */
const ZIP_ENTRY = { mtime: new Date(1980, 0, 1), os: 3, attrs: (0o100644 << 16) >>> 0, level: 9 } as const;

/** esbuild's output for one entry: one minified CommonJS file, no source map. */
function bundle(entry: string): Uint8Array {
  const result = buildSync({
    entryPoints: [entry],
    outfile: "index.js",
    write: false,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    logLevel: "error",
  });
  return result.outputFiles[0].contents;
}

/**
 * Bundles a TypeScript Lambda entry with esbuild and zips it as `index.js`, byte-for-byte the same
 * on every synth of the same code, so the plan only changes when the code does. Returns the zip's
 * path (in a folder named by its content hash). Cached per process: every environment reuses one zip, and
 * synth spawns no zip process per stack.
 */
export function bundleNodeFunction(entry: string): string {
  const cached = bundled.get(entry);
  if (cached) return cached;
  const zip = zipSync({ "index.js": [bundle(entry), ZIP_ENTRY] });
  const dir = join(tmpdir(), "cdktf-lambda-bundles", createHash("sha256").update(zip).digest("hex").slice(0, 16));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "function.zip");
  writeFileSync(file, zip);
  bundled.set(entry, file);
  return file;
}
