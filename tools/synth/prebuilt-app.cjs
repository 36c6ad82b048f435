// Runs a TypeScript cdktf app (`node tools/synth/prebuilt-app.cjs main.ts [args]`) from one
// esbuild bundle of it and everything it imports, kept in node_modules/.cache and rebuilt only when
// the content of a file the bundle was built from changed. Plain node loads one prebuilt file in
// a fraction of the time tsx takes to transpile and resolve hundreds; errors still name the
// TypeScript file and line (the bundle's source map is read when an error is printed).
// Plain JavaScript on purpose: it has to start without a TypeScript loader.
"use strict";
const { createHash } = require("node:crypto");
const { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } = require("node:fs");
const { SourceMap } = require("node:module");
const { synthOutputCache } = require("./synth-output-cache.cjs");
const { dirname, join, resolve } = require("node:path");

const PROJECT_DIR = resolve(__dirname, "..", "..");
/** `PREBUILT_APP_CACHE` moves it (tests use a folder of their own). */
const DEFAULT_CACHE_DIR = process.env.PREBUILT_APP_CACHE ?? join(PROJECT_DIR, "node_modules", ".cache", "orders-synth-app");

/** One CommonJS file for this Node, with a source map beside it; esbuild itself stays a package (it runs a binary). */
const BUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "external",
  external: ["esbuild"],
  logLevel: "error",
};

const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const fileHash = (path) => (existsSync(path) ? sha256(readFileSync(path)) : "missing");

/**
 * Project files keep their own `__dirname` (they read files beside them: GraphQL schemas, Lambda
 * entries); a bundle would otherwise give every file the cache folder's.
 */
const projectDirname = {
  name: "project-dirname",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.includes("/node_modules/")) return undefined;
      const source = readFileSync(args.path, "utf8");
      // On the first line, so that every line keeps its number in the source map.
      return { contents: `const __dirname = ${JSON.stringify(dirname(args.path))}; ${source}`, loader: "ts" };
    });
  },
};

/** Where the bundle of one entry lives: a folder per entry and esbuild version and options. */
function bundlePaths(entry, cacheDir) {
  const { version } = require("esbuild/package.json");
  const settings = sha256(JSON.stringify({ entry, version, BUILD_OPTIONS, plugin: projectDirname.setup.toString(), node: process.versions.modules }));
  const dir = join(cacheDir, settings.slice(0, 16));
  return { settings, dir, bundle: join(dir, "app.cjs"), map: join(dir, "app.cjs.map"), record: join(dir, "inputs.json") };
}

/** Whether every file the bundle was built from still has the content it had. */
function isFresh(paths) {
  if (!existsSync(paths.record) || !existsSync(paths.bundle)) return false;
  const record = JSON.parse(readFileSync(paths.record, "utf8"));
  return record.settings === paths.settings && Object.entries(record.inputs).every(([path, hash]) => fileHash(path) === hash);
}

function writeAtomically(file, data) {
  const aside = `${file}.${process.pid}.tmp`;
  writeFileSync(aside, data);
  renameSync(aside, file);
}

async function build(entry, paths) {
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    ...BUILD_OPTIONS,
    entryPoints: [entry],
    outfile: paths.bundle,
    absWorkingDir: PROJECT_DIR,
    write: false,
    metafile: true,
    plugins: [projectDirname],
  });
  mkdirSync(paths.dir, { recursive: true });
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).map((input) => [resolve(PROJECT_DIR, input), fileHash(resolve(PROJECT_DIR, input))]));
  for (const output of result.outputFiles) writeAtomically(output.path, output.contents);
  // The record last: a parallel run never trusts a record whose bundle is not written yet.
  writeAtomically(paths.record, JSON.stringify({ settings: paths.settings, inputs }, null, 1));
}

/**
 * The bundle of `entry` (an absolute path), built first if a source changed since the last build.
 * esbuild's options are in the cache key; the sources are in the record beside the bundle.
 */
async function prebuiltApp(entry, cacheDir = DEFAULT_CACHE_DIR) {
  const paths = bundlePaths(entry, cacheDir);
  const fresh = isFresh(paths);
  if (!fresh) await build(entry, paths);
  // Stack frames name the bundle's real path (node_modules may be a link); the map's sources are relative to where it was written.
  return { bundle: realpathSync(paths.bundle), map: paths.map, record: paths.record, fromCache: fresh };
}

/** Rewrites `bundle:line:column` positions in a stack or message to the TypeScript (or package) file they came from. */
function mapPositions(text, bundle, mapFile) {
  if (!text.includes(bundle) || !existsSync(mapFile)) return text;
  const sourceMap = new SourceMap(JSON.parse(readFileSync(mapFile, "utf8")));
  const escaped = bundle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(`${escaped}:(\\d+):(\\d+)`, "g"), (position, line, column) => {
    const entry = sourceMap.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry?.originalSource) return position;
    const source = resolve(dirname(mapFile), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** Prints errors with TypeScript positions: first in line, so the app's own handler prints them mapped too. */
function mapUncaughtErrors(app) {
  process.on("uncaughtException", (error) => {
    if (error instanceof Error && typeof error.stack === "string") error.stack = mapPositions(error.stack, app.bundle, app.map);
    if (process.listenerCount("uncaughtException") === 1) {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    }
  });
}

/** Frames of a creation record that reach past cdktf's own (token, list or provider class) into the construct that made it. */
const RECORD_FRAMES = 12;

/**
 * cdktf records where every token was created (a whole stack trace, formatted at once, thousands
 * per synth: a tenth of synth's time) and reads it only to explain a token that fails to resolve.
 * Those records, which are not errors, keep their first frames, the construct that made the
 * token among them; errors keep every frame, in V8's usual format.
 */
function formatCreationRecordsBriefly() {
  Error.prepareStackTrace = (error, frames) =>
    error instanceof Error ? [String(error), ...frames].join("\n    at ") : ["", ...frames.slice(0, RECORD_FRAMES)].join("\n    at ");
}

/** Runs the app's bundle as the main program, with the entry's own arguments. */
async function run(entryArg, args) {
  const entry = resolve(entryArg);
  const app = await prebuiltApp(entry);
  const output = process.env.SYNTH_OUTPUT_CACHE === "off" ? undefined : synthOutputCache({ bundleRecord: app.record, entry, args });
  if (output?.reuse()) return;
  mapUncaughtErrors(app);
  formatCreationRecordsBriefly();
  output?.observe();
  process.argv = [process.argv[0], entry, ...args];
  // Outside the promise: the app's errors are uncaught exceptions, as when node runs it directly.
  setImmediate(() => require(app.bundle));
}

module.exports = { prebuiltApp, mapPositions, DEFAULT_CACHE_DIR };

if (require.main === module) {
  const [entryArg, ...args] = process.argv.slice(2);
  if (!entryArg) {
    console.error("usage: node tools/synth/prebuilt-app.cjs <entry.ts> [args...]");
    process.exit(2);
  }
  run(entryArg, args).catch((error) => {
    console.error(`could not bundle ${entryArg}: ${error.message}`);
    process.exit(1);
  });
}
