import { CallerRole } from "../../../modules/caller-role";
import { decodeJsonencode, findResource, readPolicy, synthesizeModule, testStack } from "../../support/synth";

const build = (assumedBy: readonly string[]) =>
  synthesizeModule((scope) => {
    const role = new CallerRole(scope, "Caller", { name: "test-caller", description: "calls the test API", assumedBy });
    role.grant({ Effect: "Allow", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:eu-west-1:111111111111:abc/dev/GET/orders" });
  });

describe("CallerRole", () => {
  it("lets exactly the configured principals assume it, accounts as root ARNs", () => {
    const stack = build(["111111111111", "arn:aws:iam::444444444444:role/partner"]);
    const role = findResource(stack, "aws_iam_role", (resource) => resource.name === "test-caller").resource;
    expect(decodeJsonencode(role.assume_role_policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::444444444444:role/partner"] }, Action: "sts:AssumeRole" },
      ],
    });
  });

  it("holds exactly what it was granted", () => {
    const stack = build(["111111111111"]);
    const policy = findResource(stack, "aws_iam_role_policy").resource;
    expect(readPolicy(policy.policy).Statement).toEqual([
      { Effect: "Allow", Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:eu-west-1:111111111111:abc/dev/GET/orders" },
    ]);
  });

  it.each([[[]], [["*"]], [["arn:aws:iam::*:root"]]])("refuses to be assumable by %p", (assumedBy) => {
    expect(() => new CallerRole(testStack(), "Caller", { name: "x", description: "x", assumedBy })).toThrow(/assumedBy .*allowed:/);
  });
});
