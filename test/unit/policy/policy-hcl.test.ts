import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Fn } from "cdktf";
import { decodeJsonencode, readJsonDocument } from "../../../policy/hcl";
import { StackView } from "../../../policy/stack-view";
import { Arguments, resourcesOf, synthesizeModule } from "../../support/synth";

/** A queue policy as synthesized: its policy is the jsonencode expression under test. */
type QueuePolicyArguments = Arguments & { readonly policy: string };

/** What cdktf writes for `Fn.jsonencode(value)` when `value` refers to a queue. */
function rendered(value: (queue: SqsQueue) => unknown): string {
  const stack = synthesizeModule((scope) => {
    const queue = new SqsQueue(scope, "Q", { name: "q" });
    new SqsQueuePolicy(scope, "P", { queueUrl: queue.url, policy: Fn.jsonencode(value(queue)) });
  });
  return resourcesOf<QueuePolicyArguments>(stack, "aws_sqs_queue_policy")[0].policy;
}

describe("reading resolved Terraform documents", () => {
  it("decodes objects, lists, numbers, booleans and null as cdktf renders them", () => {
    const value = { Version: "2012-10-17", list: ["a", "b"], n: 5, f: 1.5, yes: true, no: false, none: null, nested: { k: "v" } };
    expect(decodeJsonencode(rendered(() => value))).toEqual(value);
  });

  it("turns bare references into ${...} strings and keeps interpolations", () => {
    const decoded = decodeJsonencode(rendered((q) => ({ Resource: [q.arn, `${q.arn}/*`] }))) as Record<string, unknown>;
    expect(decoded.Resource).toEqual(["${aws_sqs_queue.Q.arn}", "${aws_sqs_queue.Q.arn}/*"]);
  });

  it("keeps a function call as one ${...} expression", () => {
    const decoded = decodeJsonencode(rendered((q) => ({ first: Fn.element(Fn.split(",", q.name), 0) }))) as Record<string, unknown>;
    expect(decoded.first).toBe('${element(split(",", aws_sqs_queue.Q.name), 0)}');
  });

  it("keeps HCL's escaped $${ literal", () => {
    expect((decodeJsonencode(rendered(() => ({ literal: "${not-a-reference}" }))) as Record<string, unknown>).literal).toBe("$${not-a-reference}");
  });

  it("refuses a value that is not a jsonencode expression", () => {
    expect(() => decodeJsonencode("${aws_sqs_queue.Q.arn}")).toThrow(/not a jsonencode expression/);
  });

  it("reads plain JSON strings too, and nothing it cannot parse", () => {
    expect(readJsonDocument('{"Statement":[]}')).toEqual({ Statement: [] });
    expect(readJsonDocument("${data.aws_iam_policy_document.p.json}")).toBeUndefined();
    expect(readJsonDocument(undefined)).toBeUndefined();
  });

  it("finds the resources a value refers to, and names matched literally", () => {
    const queue = { type: "aws_sqs_queue", name: "Q", address: "aws_sqs_queue.Q", path: "test/Q", config: { name: "failures" } };
    const other = { type: "aws_sqs_queue", name: "Q2", address: "aws_sqs_queue.Q2", path: "test/Q2", config: { name: "other" } };
    const view = new StackView([queue, other]);
    expect(view.referencedIn({ deep: ['${jsonencode({"a" = aws_sqs_queue.Q.arn})}'] })).toEqual([queue]);
    expect(view.pointsAt("arn:aws:sqs:eu-west-1:123456789012:failures", queue)).toBe(true);
    expect(view.pointsAt("https://sqs.eu-west-1.amazonaws.com/123456789012/failures", queue)).toBe(true);
    expect(view.pointsAt("${aws_sqs_queue.Q2.arn}", queue)).toBe(false);
  });
});
