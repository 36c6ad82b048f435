// Reuses the output of an earlier synth when nothing that synth read has changed: the same app
// bundle (every source file, by content), the same arguments and working folder, the same value of
// every environment variable it read, the same content of every file it read at run time. A run
// is stored only when it wrote a cdktf manifest, exited 0 and started no other process or thread
// (whose reads it cannot see: esbuild building the Lambda bundle). Plain JavaScript: it runs
// inside tools/synth/prebuilt-app.cjs, before any TypeScript loader.
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const childProcess = require("node:child_process");
const workerThreads = require("node:worker_threads");
const { dirname, join, resolve, sep } = require("node:path");
const { fileURLToPath } = require("node:url");

const PROJECT_DIR = resolve(__dirname, "..", "..");
/** `SYNTH_OUTPUT_CACHE_DIR` moves it (tests use a folder of their own); `SYNTH_OUTPUT_CACHE=off` bypasses it. */
const DEFAULT_CACHE_DIR = join(PROJECT_DIR, "node_modules", ".cache", "orders-synth-output");
/** Stored runs kept; the least recently stored go first. */
const KEEP_RUNS = 8;
/** Where the app writes: cdktf's default, moved by CDKTF_OUTDIR (not an input: the same synth may go anywhere). */
const OUTDIR_VARIABLE = "CDKTF_OUTDIR";
const MANIFEST = "manifest.json";

// The originals: the cache's own reads are not the app's.
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = fs;

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

const requestedOutdir = (env) => resolve(env[OUTDIR_VARIABLE] ?? "cdktf.out");

/** What a path held, as the app could have observed it: content, a listing, or only that it exists. */
function fingerprint(path, kind) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return "missing";
  }
  if (kind === "presence") return "present";
  if (stat.isDirectory()) return kind === "listing" ? `dir:${sha256(readdirSync(path).sort().join("\n"))}` : "dir";
  return `file:${sha256(readFileSync(path))}`;
}

function environmentFingerprint(env) {
  const entries = Object.entries(env).filter(([name]) => name !== OUTDIR_VARIABLE);
  return sha256(JSON.stringify(entries.sort(([a], [b]) => (a < b ? -1 : 1))));
}

/** Every file under `dir` changed since `since` (ms), as paths relative to it. */
function writtenSince(dir, since) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((path) => {
      const stat = statSync(join(dir, path));
      return stat.isFile() && stat.mtimeMs >= since;
    })
    .sort();
}

/**
 * The cache of one synth: `key` names the app bundle's inputs, the entry, its arguments and the
 * working folder; the stored run under it says which environment variables and files it read.
 */
function synthOutputCache({ bundleRecord, entry, args, cacheDir = process.env.SYNTH_OUTPUT_CACHE_DIR ?? DEFAULT_CACHE_DIR }) {
  const key = sha256(JSON.stringify({ bundle: readFileSync(bundleRecord, "utf8"), entry, args, cwd: process.cwd(), node: process.version }));
  const prefix = key.slice(0, 24);
  return {
    /** Writes the stored output and replays its console if every recorded input still matches; true when it did. */
    reuse() {
      const found = storedRuns(cacheDir, prefix).find(({ run }) => run.key === key && inputsMatch(run));
      if (!found) return false;
      const { run, dir } = found;
      const outdir = run.outdir.requested ? requestedOutdir(process.env) : run.outdir.absolute;
      try {
        for (const file of run.outputs) {
          mkdirSync(dirname(join(outdir, file)), { recursive: true });
          writeFileSync(join(outdir, file), readFileSync(join(dir, "out", file)));
        }
      } catch {
        return false; // replaced or pruned by a synth running beside this one: the app writes every file again
      }
      for (const [stream, chunk] of run.console) process[stream].write(Buffer.from(chunk, "base64"));
      process.stderr.write(
        "synth: nothing it reads changed since an earlier synth; its output was written again (SYNTH_OUTPUT_CACHE=off synthesizes anyway)\n",
      );
      return true;
    },
    /** Watches what the app reads from here on, and stores its output when it exits 0. */
    observe() {
      const seen = watchReads();
      const started = Date.now() - 1;
      process.on("exit", (code) => {
        if (code !== 0 || seen.spawned || !seen.manifestDir) return;
        try {
          store({ key, cacheDir, prefix, seen, started });
        } catch {
          // A run that cannot be stored is synthesized again next time; the synth itself succeeded.
        }
      });
    },
  };
}

/**
 * The stored runs of one key, most recent first: several, because the same synth may be run with
 * different values of what it reads (`npm run synth` and `cdktf synth`, which sets CDKTF_* variables).
 */
function storedRuns(cacheDir, prefix) {
  let names;
  try {
    names = readdirSync(cacheDir).filter((name) => name.startsWith(`${prefix}-`) && !name.endsWith(".tmp"));
  } catch {
    return [];
  }
  return names
    .map((name) => ({ dir: join(cacheDir, name), run: storedRun(join(cacheDir, name, "run.json")) }))
    .filter(({ run }) => run !== undefined)
    .sort((a, b) => b.run.storedAt - a.run.storedAt);
}

function storedRun(recordFile) {
  try {
    return JSON.parse(readFileSync(recordFile, "utf8"));
  } catch {
    return undefined;
  }
}

function inputsMatch(run) {
  const env = process.env;
  if (run.wholeEnvironment !== null && run.wholeEnvironment !== environmentFingerprint(env)) return false;
  if (Object.entries(run.environment).some(([name, value]) => (env[name] ?? null) !== value)) return false;
  return run.files.every(([path, kind, print]) => fingerprint(path, kind) === print);
}

/** Installs the observers: environment variables and files read, processes and threads started, the manifest written. */
function watchReads() {
  const initial = { ...process.env };
  const seen = { environment: new Map(), wholeEnvironment: false, files: new Map(), spawned: false, manifestDir: undefined, console: [], initial };
  for (const stream of ["stdout", "stderr"]) {
    wrap(process[stream], "write", (chunk) => seen.console.push([stream, Buffer.from(chunk).toString("base64")]));
  }
  const noteVariable = (name) => {
    if (typeof name === "string" && name !== OUTDIR_VARIABLE) seen.environment.set(name, initial[name] ?? null);
  };
  process.env = new Proxy(process.env, {
    get: (target, name) => {
      noteVariable(name);
      return Reflect.get(target, name);
    },
    has: (target, name) => {
      noteVariable(name);
      return Reflect.has(target, name);
    },
    getOwnPropertyDescriptor: (target, name) => {
      noteVariable(name);
      return Reflect.getOwnPropertyDescriptor(target, name);
    },
    ownKeys: (target) => {
      seen.wholeEnvironment = true;
      return Reflect.ownKeys(target);
    },
  });
  const noteFile = (path, kind) => {
    const absolute = pathOf(path);
    // A stronger observation of the same path wins: content over listing over presence.
    if (absolute && !(seen.files.get(absolute) === "content" && kind !== "content")) seen.files.set(absolute, kind);
  };
  const reading = (name, kind) => wrap(fs, name, (path) => noteFile(path, kind));
  for (const name of ["readFileSync", "openSync", "statSync", "lstatSync", "readFile", "open", "createReadStream"]) reading(name, "content");
  reading("copyFileSync", "content");
  reading("cpSync", "content");
  reading("readdirSync", "listing");
  reading("readdir", "listing");
  reading("existsSync", "presence");
  wrap(fs.promises, "readFile", (path) => noteFile(path, "content"));
  wrap(fs, "writeFileSync", (path) => {
    const absolute = pathOf(path);
    if (absolute?.endsWith(`${sep}${MANIFEST}`)) seen.manifestDir = dirname(absolute);
  });
  const noteSpawn = () => {
    seen.spawned = true;
  };
  for (const name of ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"]) wrap(childProcess, name, noteSpawn);
  const { Worker } = workerThreads;
  workerThreads.Worker = class extends Worker {
    constructor(...args) {
      seen.spawned = true;
      super(...args);
    }
  };
  return seen;
}

function wrap(target, name, before) {
  const original = target[name];
  if (typeof original !== "function") return;
  target[name] = function observed(...args) {
    before(args[0]);
    return original.apply(this, args);
  };
}

function pathOf(path) {
  if (typeof path === "string") return resolve(path);
  if (path instanceof URL) return fileURLToPath(path);
  if (Buffer.isBuffer(path)) return resolve(path.toString());
  return undefined; // a file descriptor: its open was seen
}

const isUnder = (path, dir) => path === dir || path.startsWith(`${dir}${sep}`);

function store({ key, cacheDir, prefix, seen, started }) {
  const outdir = seen.manifestDir;
  const outputs = writtenSince(outdir, started);
  // An output that names where it was written cannot be written anywhere else.
  if (outputs.some((file) => readFileSync(join(outdir, file)).includes(outdir))) return;
  const requested = outdir === requestedOutdir(seen.initial);
  const files = [...seen.files].filter(([path]) => !isUnder(path, outdir)).map(([path, kind]) => [path, kind, fingerprint(path, kind)]);
  const run = {
    key,
    storedAt: Date.now(),
    outdir: requested ? { requested: true } : { absolute: outdir },
    environment: Object.fromEntries([...seen.environment].sort()),
    wholeEnvironment: seen.wholeEnvironment ? environmentFingerprint(seen.initial) : null,
    files,
    outputs,
    console: seen.console,
  };
  const runDir = join(cacheDir, `${prefix}-${sha256(JSON.stringify([run.environment, run.wholeEnvironment, files.map(([path]) => path)])).slice(0, 12)}`);
  const staging = `${runDir}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of outputs) {
    mkdirSync(dirname(join(staging, "out", file)), { recursive: true });
    writeFileSync(join(staging, "out", file), readFileSync(join(outdir, file)));
  }
  writeFileSync(join(staging, "run.json"), JSON.stringify(run));
  rmSync(runDir, { recursive: true, force: true });
  renameSync(staging, runDir);
  pruneOldRuns(cacheDir);
}

function pruneOldRuns(cacheDir) {
  const runs = readdirSync(cacheDir)
    .filter((name) => !name.endsWith(".tmp"))
    .map((name) => ({ dir: join(cacheDir, name), time: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.time - a.time);
  for (const old of runs.slice(KEEP_RUNS)) rmSync(old.dir, { recursive: true, force: true });
}

module.exports = { synthOutputCache, DEFAULT_CACHE_DIR };
