import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { arnFor, deploymentLocation, principalArn, setDeploymentLocation, withLocation } from "../../../modules/arn";

describe("arnFor", () => {
  it("builds an aws-partition ARN from service, region, account and resource", () => {
    expect(arnFor("lambda", { region: "eu-west-1", accountId: "111111111111" }, "function:orders-dev-inventory")).toBe(
      "arn:aws:lambda:eu-west-1:111111111111:function:orders-dev-inventory",
    );
  });

  it("keeps the resource part as given, colons and slashes included", () => {
    expect(arnFor("logs", { region: "us-east-1", accountId: "123456789012" }, "log-group:/aws/events/x/*:*")).toBe(
      "arn:aws:logs:us-east-1:123456789012:log-group:/aws/events/x/*:*",
    );
  });
});

describe("principalArn", () => {
  it("turns a 12-digit account id into the account's root ARN", () => {
    expect(principalArn("222222222222")).toBe("arn:aws:iam::222222222222:root");
  });

  it("leaves an IAM ARN as given", () => {
    expect(principalArn("arn:aws:iam::222222222222:role/publisher")).toBe("arn:aws:iam::222222222222:role/publisher");
  });

  it("leaves a value that is not exactly 12 digits as given", () => {
    expect(principalArn("12345678901")).toBe("12345678901");
  });
});

describe("deployment location", () => {
  const LOCATION = { region: "eu-west-1", accountId: "111111111111" };
  const stackWith = (location?: typeof LOCATION) => {
    const stack = new TerraformStack(Testing.app(), "stack");
    if (location) setDeploymentLocation(stack, location);
    return new Construct(stack, "Module");
  };

  it("is read by any construct below the stack that recorded it", () => {
    expect(deploymentLocation(stackWith(LOCATION))).toEqual(LOCATION);
  });

  it("fails naming the construct when the stack recorded none", () => {
    expect(() => deploymentLocation(stackWith())).toThrow(/stack\/Module: no deployment location; allowed: a stack that calls setDeploymentLocation/);
  });

  it("fills only what props leave out", () => {
    expect(withLocation(stackWith(LOCATION), { accountId: "222222222222" })).toEqual({ region: "eu-west-1", accountId: "222222222222" });
    expect(withLocation(stackWith(), { region: "us-east-1", accountId: "222222222222" })).toEqual({ region: "us-east-1", accountId: "222222222222" });
  });
});
