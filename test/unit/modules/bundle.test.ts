import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { bundleNodeFunction, cachedBundle } from "../../../modules/bundle";

const PROJECT = join(__dirname, "..", "..", "..");
const ENTRY = join(PROJECT, "orders", "functions", "inventory", "handler.ts");

/** bundleNodeFunction in a fresh process, as each `cdktf synth` runs it. */
function bundleInNewProcess(): string {
  const script = `const { bundleNodeFunction } = require("./modules/bundle"); process.stdout.write(bundleNodeFunction(${JSON.stringify(ENTRY)}));`;
  return execFileSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: PROJECT, encoding: "utf8" });
}

describe("bundleNodeFunction", () => {
  it("zips the same bytes in every synth process, so source_code_hash only changes with the code", () => {
    const first = readFileSync(bundleInNewProcess());
    const second = readFileSync(bundleInNewProcess());
    expect(second.equals(first)).toBe(true);
  }, 60_000);

  it("holds one index.js exporting the handler, with a fixed timestamp and 0644 permissions", () => {
    const zip = readFileSync(bundleNodeFunction(ENTRY));
    expect(Object.keys(unzipSync(zip))).toEqual(["index.js"]);
    const code = new TextDecoder().decode(unzipSync(zip)["index.js"]);
    const exported: { exports: Record<string, unknown> } = { exports: {} };
    new Function("module", "exports", "require", code)(exported, exported.exports, require);
    expect(typeof exported.exports.handler).toBe("function");
    // Central directory entry: DOS date 1980-01-01 00:00 (0x0021 date, 0 time), Unix 0644 regular file.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt16LE(central + 12)).toBe(0);
    expect(zip.readUInt16LE(central + 14)).toBe(0x0021);
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
  });
});

describe("cachedBundle", () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), "bundle-cache-test-"));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** A two-file function: the entry and a module it imports. */
  function writeFunction(greeting: string): string {
    writeFileSync(join(work, "greeting.ts"), `export const greeting = ${JSON.stringify(greeting)};\n`);
    writeFileSync(join(work, "handler.ts"), `import { greeting } from "./greeting";\nexport const handler = async () => greeting;\n`);
    return join(work, "handler.ts");
  }

  it("reuses the zip while no input changed, byte-identical to a build without the cache", () => {
    const entry = writeFunction("hello");
    const built = cachedBundle(entry, join(work, "cache"));
    const reused = cachedBundle(entry, join(work, "cache"));
    const fresh = cachedBundle(entry, join(work, "another-cache"));
    expect([built.fromCache, reused.fromCache, fresh.fromCache]).toEqual([false, true, false]);
    expect(readFileSync(reused.file).equals(readFileSync(fresh.file))).toBe(true);
  });

  it("rebuilds when a module the entry imports changes, and again when it changes back", () => {
    const entry = writeFunction("hello");
    const first = readFileSync(cachedBundle(entry, join(work, "cache")).file);
    writeFunction("bonjour");
    const changed = cachedBundle(entry, join(work, "cache"));
    expect(changed.fromCache).toBe(false);
    expect(new TextDecoder().decode(unzipSync(readFileSync(changed.file))["index.js"])).toContain("bonjour");
    writeFunction("hello");
    const back = cachedBundle(entry, join(work, "cache"));
    expect(back.fromCache).toBe(false);
    expect(readFileSync(back.file).equals(first)).toBe(true);
  });

  it("records the project's lockfile and the sources it read from node_modules among the inputs", () => {
    const cache = join(work, "cache");
    cachedBundle(ENTRY, cache);
    const [folder] = readdirSync(cache);
    const inputs = Object.keys(JSON.parse(readFileSync(join(cache, folder, "inputs.json"), "utf8")).inputs);
    expect(inputs).toContain(join(PROJECT, "package-lock.json"));
    expect(inputs).toContain(ENTRY);
    expect(inputs.some((input) => input.includes(`${join("node_modules", "@aws-lambda-powertools")}`))).toBe(true);
  });
});
