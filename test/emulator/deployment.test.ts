import { join } from "node:path";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import { runTerraform } from "../../tools/terraform/terraform";
import { e2eContext } from "./support/context";

const context = e2eContext();

describe("the local deployment", () => {
  it("has no perpetual diff: a plan right after apply reports no changes", async () => {
    const cli = prepareTerraformCli(join(__dirname, "..", ".."));
    const plan = await runTerraform(["plan", "-detailed-exitcode", "-input=false", "-no-color"], { cwd: context.stackDir, env: cli.env });
    // -detailed-exitcode: 0 = no changes, 1 = error, 2 = changes.
    expect({ code: plan.code, output: plan.code === 0 ? "" : plan.stdout + plan.stderr }).toEqual({ code: 0, output: "" });
  });

  it("exposes the outputs ops and tests look up", () => {
    expect(Object.keys(context.outputs).sort()).toEqual([
      "inventory_audit_log_group", "inventory_bus_arn", "inventory_bus_name", "inventory_function_name", "inventory_log_group",
      "order_status_table_name", "orders_audit_log_group", "orders_bus_arn", "orders_bus_name", "orders_processing_arn",
    ]);
  });
});
