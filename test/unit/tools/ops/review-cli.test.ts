import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SFNClient } from "@aws-sdk/client-sfn";
import { environmentNamed } from "../../../../envs";
import { ReviewUsageError, caseClientsFor, parseReviewArgs } from "../../../../tools/ops/review";
import { CaseError, resolveCase } from "../../../../tools/ops/reviews/cases";

describe("npm run review arguments", () => {
  it("lists the open cases of an environment", () => {
    expect(parseReviewArgs(["prod", "list"], "me")).toEqual({ environment: "prod", command: "list" });
  });

  it("resolves a case with a decision, a note and the agent (the user by default)", () => {
    expect(parseReviewArgs(["dev", "resolve", "case-1", "refund", "--note", "Sorry"], "me")).toEqual({
      environment: "dev",
      command: "resolve",
      caseId: "case-1",
      decision: "refund",
      note: "Sorry",
      agent: "me",
    });
    expect(parseReviewArgs(["dev", "resolve", "case-1", "no-action", "--agent", "ana"], "me")).toEqual(
      expect.objectContaining({ agent: "ana", note: undefined }),
    );
  });

  it.each([[[]], [["dev"]], [["dev", "close", "case-1"]], [["dev", "resolve", "case-1"]], [["dev", "list", "extra"]]])("refuses %j with the usage", (argv) => {
    expect(() => parseReviewArgs(argv, "me")).toThrow(ReviewUsageError);
    expect(() => parseReviewArgs(argv, "me")).toThrow(/usage: npm run review -- <env> list/);
  });

  it("refuses a decision outside the list, naming the allowed ones", () => {
    expect(() => parseReviewArgs(["dev", "resolve", "case-1", "ignore"], "me")).toThrow(
      /decision is "ignore"; allowed: one of refund, replace, apologise, no-action/,
    );
  });
});

describe("resolving a case", () => {
  it("refuses a decision outside the list before calling AWS", async () => {
    const unreachable = { dynamodb: {} as DynamoDBClient, sfn: {} as SFNClient };
    await expect(resolveCase(unreachable, "table", "case-1", { decision: "ignore" as never, agent: "me" })).rejects.toThrow(CaseError);
  });

  it("talks to the emulator for the emulator environment and to the environment's region otherwise", async () => {
    const local = caseClientsFor(environmentNamed("local"));
    const prod = caseClientsFor(environmentNamed("prod"));
    expect((await local.sfn.config.endpoint!()).hostname).toBe("127.0.0.1");
    expect(await prod.dynamodb.config.region()).toBe("eu-west-1");
  });
});
