import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { bundleNodeFunction } from "../../../modules/bundle";

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
