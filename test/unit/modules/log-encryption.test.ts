import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { LogEncryption } from "../../../modules/log-encryption";
import { LogGroup } from "../../../modules/log-group";
import { findResource, readPolicy, resourcesOf, synthesizeModule } from "../../support/synth";

const SCOPE = { accountId: "333333333333", region: "eu-west-1" };

describe("LogEncryption", () => {
  const encrypted = () =>
    synthesizeModule((scope) => {
      new LogEncryption(scope, "LogEncryption", { name: "orders-prod-logs", deletionWindowInDays: 30, location: SCOPE });
      new LogGroup(scope, "Module", { name: "/aws/lambda/orders-prod-inventory", retentionDays: 14 });
      new CloudwatchLogGroup(scope, "Raw", { name: "/aws/events/orders-prod/audit", retentionInDays: 14 });
      new CloudwatchLogGroup(scope, "OwnKey", { name: "/own", retentionInDays: 14, kmsKeyId: "arn:aws:kms:eu-west-1:333333333333:key/own" });
    });

  it("encrypts every log group in its scope with its key, whichever module created it", () => {
    const stack = encrypted();
    const key = findResource(stack, "aws_kms_key").ref("arn");
    const byName = Object.fromEntries(resourcesOf(stack, "aws_cloudwatch_log_group").map((group) => [group.name, group.kms_key_id]));
    expect(byName["/aws/lambda/orders-prod-inventory"]).toBe(key);
    expect(byName["/aws/events/orders-prod/audit"]).toBe(key);
  });

  it("leaves a log group that already has a key alone", () => {
    const group = resourcesOf(encrypted(), "aws_cloudwatch_log_group").find((candidate) => candidate.name === "/own");
    expect(group!.kms_key_id).toBe("arn:aws:kms:eu-west-1:333333333333:key/own");
  });

  it("lets CloudWatch Logs use the key for exactly the groups it encrypts, named by ARN", () => {
    const statements = readPolicy(findResource(encrypted(), "aws_kms_key").resource.policy).Statement;
    expect(statements[1]).toEqual({
      Sid: "CloudWatchLogsEncryptsNamedGroups",
      Effect: "Allow",
      Principal: { Service: "logs.eu-west-1.amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: {
        ArnEquals: {
          "kms:EncryptionContext:aws:logs:arn": [
            "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/lambda/orders-prod-inventory",
            "arn:aws:logs:eu-west-1:333333333333:log-group:/aws/events/orders-prod/audit",
          ],
        },
      },
    });
  });

  it("rotates its key and names it with an alias", () => {
    const stack = encrypted();
    expect(findResource(stack, "aws_kms_key").resource.enable_key_rotation).toBe(true);
    expect(findResource(stack, "aws_kms_alias").resource.name).toBe("alias/orders-prod-logs");
  });

  it("refuses a log group without a name, which its key policy could not name", () => {
    expect(() =>
      synthesizeModule((scope) => {
        new LogEncryption(scope, "LogEncryption", { name: "logs", deletionWindowInDays: 30, location: SCOPE });
        new CloudwatchLogGroup(scope, "Prefixed", { namePrefix: "/aws/x-", retentionInDays: 14 });
      }),
    ).toThrow(/test\/Prefixed: the log group has no name \(name_prefix\?\); allowed: a log group with a name/);
  });
});
