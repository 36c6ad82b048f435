import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import { environmentNamed } from "../../../envs";
import { PlatformStack } from "../../../stacks/platform-stack";
import { moveResources } from "../../../stacks/moved-resources";
import { testStack } from "../../support/synth";

function stackWithQueues() {
  const stack = testStack();
  new SqsQueue(stack, "First", { name: "first" });
  new SqsQueue(stack, "Second", { name: "second" });
  return stack;
}

describe("moved blocks", () => {
  it("writes one block per listed resource the stack has, in construct order, to its current address", () => {
    const stack = stackWithQueues();
    moveResources(stack, [
      { path: "Second", from: "aws_sqs_queue.OldSecond" },
      { path: "First", from: "aws_sqs_queue.OldFirst" },
      { path: "Missing", from: "aws_sqs_queue.Gone" },
    ]);
    const json = JSON.parse(Testing.synth(stack));
    expect(json.moved).toEqual([
      { from: "aws_sqs_queue.OldFirst", to: "aws_sqs_queue.First" },
      { from: "aws_sqs_queue.OldSecond", to: "aws_sqs_queue.Second" },
    ]);
    expect(stack.toTerraform()["//"].metadata.moved).toEqual({ aws_sqs_queue: ["First", "Second"] });
  });

  it("writes no moved key when no listed resource is in the stack", () => {
    const stack = stackWithQueues();
    moveResources(stack, [{ path: "Missing", from: "aws_sqs_queue.Gone" }]);
    expect(JSON.parse(Testing.synth(stack))).not.toHaveProperty("moved");
  });

  it("leaves no resource-level move, so synth runs no terraform binary to check its version", () => {
    const stack = new PlatformStack(Testing.app(), "dev", { config: environmentNamed("dev") });
    expect(JSON.parse(Testing.synth(stack)).moved.length).toBeGreaterThan(0);
    expect(stack.hasResourceMove()).toBe(false);
  });
});
