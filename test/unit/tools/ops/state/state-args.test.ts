import { parseStateArgs, STATE_USAGE } from "../../../../../tools/ops/state/args";

const ENVS = ["local", "dev", "staging", "prod"];
const parse = (...argv: string[]) => parseStateArgs(argv, ENVS);

describe("state command arguments", () => {
  it("parses the read-only commands without operands", () => {
    expect(parse("dev", "list")).toEqual({ environment: "dev", action: { kind: "list" }, yes: false });
    expect(parse("prod", "outputs").action).toEqual({ kind: "outputs" });
    expect(parse("staging", "versions").action).toEqual({ kind: "versions" });
  });

  it("takes the resource address of show, including index brackets and quotes", () => {
    expect(parse("dev", "show", 'module.x.aws_sqs_queue.dlq["a"]').action).toEqual({ kind: "show", address: 'module.x.aws_sqs_queue.dlq["a"]' });
  });

  it("takes the target file of pull", () => {
    expect(parse("prod", "pull", "backup.tfstate").action).toEqual({ kind: "pull", file: "backup.tfstate" });
  });

  it("takes the version of restore, an optional backup file, and --yes anywhere", () => {
    expect(parse("--yes", "prod", "restore", "v1")).toEqual({ environment: "prod", action: { kind: "restore", versionId: "v1" }, yes: true });
    expect(parse("prod", "restore", "v1", "--backup", "b.tfstate", "-y").action).toEqual({ kind: "restore", versionId: "v1", backupFile: "b.tfstate" });
  });

  it("takes the lock ID of unlock and is not confirmed by default", () => {
    expect(parse("dev", "unlock", "1234-abcd")).toEqual({ environment: "dev", action: { kind: "unlock", lockId: "1234-abcd" }, yes: false });
  });

  it("rejects a missing or unknown environment, naming the allowed ones", () => {
    expect(() => parse()).toThrow(/missing <env>/);
    expect(() => parse("qa", "list")).toThrow(/unknown environment "qa"; allowed: local, dev, staging, prod/);
  });

  it("rejects a missing or unknown command, naming the allowed ones", () => {
    expect(() => parse("dev")).toThrow(/missing <command>/);
    expect(() => parse("dev", "rm")).toThrow(/unknown command "rm"; allowed: list, show, outputs, pull, versions, history, diff, restore, unlock/);
  });

  it("rejects a command without its operand", () => {
    expect(() => parse("dev", "show")).toThrow(/show needs ADDRESS/);
    expect(() => parse("dev", "pull")).toThrow(/pull needs FILE/);
    expect(() => parse("dev", "restore")).toThrow(/restore needs VERSION/);
    expect(() => parse("dev", "unlock")).toThrow(/unlock needs ID/);
  });

  it("rejects surplus arguments instead of ignoring them", () => {
    expect(() => parse("dev", "list", "extra")).toThrow(/unexpected argument\(s\) after list: extra/);
    expect(() => parse("dev", "unlock", "a", "b")).toThrow(/unexpected argument\(s\) after unlock: b/);
  });

  it("rejects unknown options and --backup outside restore", () => {
    expect(() => parse("dev", "list", "--force")).toThrow(/unknown option --force; allowed: --yes, --backup, --last/);
    expect(() => parse("dev", "unlock", "id", "--yes=no")).toThrow(/--yes takes no value/);
    expect(() => parse("dev", "pull", "f", "--backup", "b")).toThrow(/--backup only applies to restore/);
    expect(() => parse("dev", "restore", "v", "--backup")).toThrow(/--backup needs FILE/);
  });

  it("prints the usage with every error", () => {
    expect(() => parse("dev", "rm")).toThrow(STATE_USAGE);
  });
});

describe("state history and diff arguments", () => {
  it("parses history without operands", () => {
    expect(parse("prod", "history").action).toEqual({ kind: "history", last: 20 });
    expect(parse("prod", "history", "--last", "5").action).toEqual({ kind: "history", last: 5 });
    expect(() => parse("prod", "history", "--last", "0")).toThrow(/--last is "0"; allowed: a whole number from 1 to 9999/);
    expect(() => parse("prod", "versions", "--last", "5")).toThrow(/--last only applies to history/);
    expect(() => parse("prod", "history", "v1")).toThrow(/unexpected argument\(s\) after history: v1/);
  });

  it("takes diff's FROM version and an optional TO version", () => {
    expect(parse("prod", "diff", "v1").action).toEqual({ kind: "diff", from: "v1" });
    expect(parse("prod", "diff", "v1", "v2").action).toEqual({ kind: "diff", from: "v1", to: "v2" });
    expect(() => parse("prod", "diff")).toThrow(/diff needs FROM/);
    expect(() => parse("prod", "diff", "v1", "v2", "v3")).toThrow(/unexpected argument\(s\) after diff: v3/);
  });
});
