import { TerraformStack, Testing } from "cdktf";
import { PlatformStack } from "../../../stacks/platform-stack";
import { allEnvironments } from "../../support/synth";

/** The whole cdk.tf.json of a stack, metadata included, as app.synth writes it. */
const fullJson = (stack: TerraformStack) => JSON.stringify(stack.toTerraform());

describe.each(allEnvironments)("platform stack %s without cdktf's preparing pass", (name, config) => {
  it("synthesizes the same Terraform as with it (the stack refers to no other stack)", () => {
    const prepared = new PlatformStack(Testing.app(), name, { config });
    TerraformStack.prototype.prepareStack.call(prepared);
    const unprepared = new PlatformStack(Testing.app(), name, { config });
    unprepared.prepareStack();
    for (const stack of [prepared, unprepared]) stack.runAllValidations();
    expect(fullJson(unprepared)).toBe(fullJson(prepared));
  });
});
