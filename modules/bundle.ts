import { buildSync } from "esbuild";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

const bundled = new Map<string, string>();

/**
 * Bundles a TypeScript Lambda entry into one minified CommonJS `index.js` with esbuild and returns
 * its directory. Deterministic output, so the asset hash (and the plan) only change with the code.
 * Cached per process: four environments synthesize one bundle.
 */
export function bundleNodeFunction(entry: string): string {
  const cached = bundled.get(entry);
  if (cached) return cached;
  const outDir = join(tmpdir(), "cdktf-lambda-bundles", createHash("sha256").update(entry).digest("hex").slice(0, 16));
  buildSync({
    entryPoints: [entry],
    outfile: join(outDir, "index.js"),
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    logLevel: "error",
  });
  bundled.set(entry, outDir);
  return outDir;
}
