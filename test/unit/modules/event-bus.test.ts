import { EventArchive } from "../../../modules/event-archive";
import { EventBus } from "../../../modules/event-bus";
import { readPolicy, resourcesOf, synthesizeModule, testStack } from "../../support/synth";
import { DELIVERY, testBus } from "../../support/fixtures";

describe("EventBus", () => {
  it("admits account ids as root ARNs and IAM ARNs as given", () => {
    const stack = synthesizeModule((scope) => {
      new EventBus(scope, "Bus", {
        name: "b",
        description: "d",
        putEventsPrincipals: ["111111111111", "arn:aws:iam::222222222222:role/publisher"],
        delivery: DELIVERY,
      });
    });
    const [policy] = resourcesOf(stack, "aws_cloudwatch_event_bus_policy");
    expect(readPolicy(policy.policy).Statement[0].Principal).toEqual({
      AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:role/publisher"],
    });
  });

  it.each([[["*"]], [[]]])("refuses PutEvents principals %j", (putEventsPrincipals) => {
    expect(() => new EventBus(testStack(), "Bus", { name: "b", description: "d", putEventsPrincipals, delivery: DELIVERY })).toThrow(
      /putEventsPrincipals is .*; allowed: one or more account ids or IAM ARNs, never "\*"/,
    );
  });
});

describe("EventArchive", () => {
  it("archives every event of the bus for the given days", () => {
    const stack = synthesizeModule((scope) => {
      new EventArchive(scope, "Archive", { bus: testBus(scope), name: "test-archive", retentionDays: 0 });
    });
    const [archive] = resourcesOf(stack, "aws_cloudwatch_event_archive");
    expect(archive).toEqual(expect.objectContaining({ name: "test-archive", retention_days: 0 }));
    expect(archive.event_source_arn).toMatch(/^\$\{aws_cloudwatch_event_bus\..+\.arn\}$/);
    expect(archive).not.toHaveProperty("event_pattern");
  });

  it("refuses a retention above 3650 days", () => {
    const stack = testStack();
    expect(() => new EventArchive(stack, "A", { bus: testBus(stack), name: "a", retentionDays: 3651 })).toThrow(
      /retentionDays is 3651; allowed: an integer from 0 to 3650/,
    );
  });

  it("refuses a name longer than 48 characters", () => {
    const stack = testStack();
    expect(() => new EventArchive(stack, "A", { bus: testBus(stack), name: "a".repeat(49), retentionDays: 1 })).toThrow(
      /is 49 characters; allowed: at most 48/,
    );
  });
});
