import { parseOptions, UsageError } from "../../../tools/parse-options";

const OPTIONS = {
  out: { type: "string", short: "o" },
  yes: { type: "boolean", short: "y", default: false },
} as const;

const parse = (...argv: string[]) => parseOptions(argv, OPTIONS, { usage: "usage: tool [--out DIR] [--yes]", valueNames: { out: "DIR" } });

describe("command-line options", () => {
  it("reads long and short options, inline values and positionals in any order", () => {
    expect(parse("a", "--out=d", "-y", "b")).toEqual({ values: { out: "d", yes: true }, positionals: ["a", "b"] });
    expect(parse("-o", "d").values).toEqual({ out: "d", yes: false });
  });

  it("names an unknown option and the allowed ones, then the usage", () => {
    expect(() => parse("--force")).toThrow(new UsageError("unknown option --force; allowed: --out, --yes", "usage: tool [--out DIR] [--yes]"));
  });

  it("explains that a single dash starts one-letter options", () => {
    expect(() => parse("-auto")).toThrow(/unknown option -a \(long options take two dashes\); allowed: --out, --yes/);
  });

  it("names what a value option needs, when it is last or followed by another option", () => {
    expect(() => parse("--out")).toThrow(/^--out needs DIR\nusage: tool/);
    expect(() => parse("-o", "--yes")).toThrow(/^--out needs DIR/);
  });

  it("refuses a value given to a flag", () => {
    expect(() => parse("--yes=no")).toThrow(/^--yes takes no value/);
  });

  it("says so when a command takes no options at all", () => {
    expect(() => parseOptions(["--port"], {})).toThrow(/^unknown option --port; allowed: none$/);
  });
});
