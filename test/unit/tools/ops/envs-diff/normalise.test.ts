import { diffLeaves, flatten } from "../../../../../tools/ops/envs-diff/flatten";
import { environmentSubstitutions, normaliseText } from "../../../../../tools/ops/envs-diff/normalise";

const PROD = environmentSubstitutions({ name: "prod", namePrefix: "orders-prod", accountId: "333333333333", region: "eu-west-1" });

describe("normalising names, accounts, regions and partitions", () => {
  it("replaces the prefix, account, region and partition of an ARN", () => {
    expect(normaliseText("arn:aws:sqs:eu-west-1:333333333333:orders-prod-dlq", PROD)).toBe("arn:<partition>:sqs:<region>:<account>:<prefix>-dlq");
    expect(normaliseText("arn:aws-us-gov:sns:eu-west-1:333333333333:t", PROD)).toBe("arn:<partition>:sns:<region>:<account>:t");
  });

  it("replaces the environment name only as a whole word", () => {
    expect(normaliseText("prod/platform.tfstate products Environment=prod", PROD)).toBe("<env>/platform.tfstate products Environment=<env>");
  });

  it("drops cdktf's logical id hashes and SHA-256 digests, which follow names", () => {
    expect(normaliseText("${aws_sqs_queue.Alarms_Dlq_5AF4F553.arn}", PROD)).toBe("${aws_sqs_queue.Alarms_Dlq.arn}");
    expect(normaliseText("b0b01fa33580f123469db4b762192b30ba8aa50ef53d8316f7999c9ebaeaeb03", PROD)).toBe("<sha256>");
  });

  it("replaces a renamed item only as a segment of an id or name, not inside a host name", () => {
    const rename = [{ from: "partner", to: "<subscriber>", segmentOnly: true }];
    expect(normaliseText("Topic_partner_DLQ orders-partner-dlq https://webhooks.partner.example.com", rename)).toBe(
      "Topic_<subscriber>_DLQ orders-<subscriber>-dlq https://webhooks.partner.example.com",
    );
  });
});

describe("leaf differences", () => {
  it("reports changed, added and removed leaves by path", () => {
    const a = flatten({ retention: 30, list: [1, 2], gone: "x" });
    const b = flatten({ retention: 365, list: [1], added: { deep: true } });
    expect(diffLeaves(a, b)).toEqual([
      { path: "added.deep", a: undefined, b: true },
      { path: "gone", a: "x", b: undefined },
      { path: "list[1]", a: 2, b: undefined },
      { path: "retention", a: 30, b: 365 },
    ]);
  });

  it("reports the entries, not the empty object, where one side adds to an empty map", () => {
    expect(diffLeaves(flatten({ extra: {} }), flatten({ extra: { tag: "x" } }))).toEqual([{ path: "extra.tag", a: undefined, b: "x" }]);
    expect(diffLeaves(flatten({ extra: {}, kept: 1 }), flatten({ kept: 1 }))).toEqual([{ path: "extra", a: {}, b: undefined }]);
  });
});
