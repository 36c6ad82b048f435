import { BuildOptions, buildSync, version as esbuildVersion } from "esbuild";
import { zipSync } from "fflate";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * Zip entries carry a timestamp and permissions; fixed ones make the archive a pure function of
 * the code. (A timestamp of "now" changed `source_code_hash` on every synth: a perpetual diff.)
 * Local-time 1980-01-01 because the zip format stores local DOS time.
 */
const ZIP_ENTRY = { mtime: new Date(1980, 0, 1), os: 3, attrs: (0o100644 << 16) >>> 0, level: 9 } as const;

/** One minified CommonJS file, no source map. */
const BUILD_OPTIONS = {
  outfile: "index.js",
  write: false,
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  legalComments: "none",
  logLevel: "error",
} as const satisfies BuildOptions;

/**
 * Where bundles are kept between processes: `node_modules/.cache`, the folder build tools share,
 * ignored by git and emptied by `npm ci` (which is also when dependencies change).
 */
export const DEFAULT_BUNDLE_CACHE = join(dirname(require.resolve("esbuild/package.json")), "..", ".cache", "orders-lambda-bundles");

/** What a cached bundle was built from: every file esbuild read and the lockfile, by content hash. */
interface BundleRecord {
  readonly settings: string;
  readonly inputs: Readonly<Record<string, string>>;
}

export interface Bundle {
  /** The zip holding `index.js`. */
  readonly file: string;
  /** Whether it was reused: no input changed since it was built. */
  readonly fromCache: boolean;
}

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const fileHash = (path: string) => (existsSync(path) ? sha256(readFileSync(path)) : "missing");

/** The lockfile that pins what esbuild bundles from node_modules: the nearest above the entry. */
function lockfileOf(entry: string): string | undefined {
  for (let dir = dirname(entry); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package-lock.json"))) return join(dir, "package-lock.json");
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Bundles a TypeScript Lambda entry with esbuild and zips it as `index.js`, byte-for-byte the same
 * for the same code. The zip is rebuilt only when an input changed: the sources esbuild read
 * (its metafile, node_modules included), the lockfile, the esbuild version and these options;
 * otherwise the cached zip in `cacheDir` is returned as it is.
 */
export function cachedBundle(entry: string, cacheDir: string = DEFAULT_BUNDLE_CACHE): Bundle {
  const settings = sha256(JSON.stringify({ esbuildVersion, BUILD_OPTIONS, ZIP_ENTRY, entry }));
  const dir = join(cacheDir, settings.slice(0, 16));
  const file = join(dir, "function.zip");
  const recordFile = join(dir, "inputs.json");
  const record = existsSync(recordFile) && existsSync(file) ? (JSON.parse(readFileSync(recordFile, "utf8")) as BundleRecord) : undefined;
  if (record?.settings === settings && Object.entries(record.inputs).every(([path, hash]) => fileHash(path) === hash)) {
    return { file, fromCache: true };
  }
  const result = buildSync({ ...BUILD_OPTIONS, entryPoints: [entry], metafile: true, absWorkingDir: dirname(entry) });
  const zip = zipSync({ "index.js": [result.outputFiles[0].contents, ZIP_ENTRY] });
  const read = Object.keys(result.metafile.inputs).map((input) => resolve(dirname(entry), input));
  const lockfile = lockfileOf(entry);
  const inputs = Object.fromEntries([...read, ...(lockfile ? [lockfile] : [])].map((path) => [path, fileHash(path)]));
  mkdirSync(dir, { recursive: true });
  // Written aside, then renamed: a parallel synth never reads half a zip or a record without its zip.
  writeAtomically(file, zip);
  writeAtomically(recordFile, JSON.stringify({ settings, inputs } satisfies BundleRecord, null, 1));
  return { file, fromCache: false };
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, data);
  renameSync(aside, path);
}

const bundled = new Map<string, string>();

/** The bundle of a Lambda entry, once per process (every environment of a synth reuses it). */
export function bundleNodeFunction(entry: string): string {
  const cached = bundled.get(entry);
  if (cached) return cached;
  const { file } = cachedBundle(entry);
  bundled.set(entry, file);
  return file;
}
