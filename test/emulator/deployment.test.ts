import { DescribeRuleCommand, DisableRuleCommand } from "@aws-sdk/client-eventbridge";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { prepareTerraformCli } from "../../tools/terraform/cli-config";
import { runTerraform, terraformBinary } from "../../tools/terraform/terraform";
import { awsClients, e2eContext } from "./support/context";

const context = e2eContext();
const cli = prepareTerraformCli(join(__dirname, "..", ".."));
const terraform = (...args: string[]) => runTerraform([...args, "-input=false", "-no-color"], { cwd: context.stackDir, env: cli.env });
const { events } = awsClients(context.endpoint);

/** Each of these tests plans the whole stack and applies or holds that plan: minutes on a busy machine. */
const TERRAFORM_STEPS_TIMEOUT_MS = 300_000;

// One file, run in order: each step needs the state lock, which parallel files would contend for.
describe("the local deployment", () => {
  // Their names are pinned by the unit tier (platform-stack.test.ts); here: the apply exposes each one.
  it("exposes every output the stack declares, each with a value", () => {
    const declared = JSON.parse(readFileSync(join(context.stackDir, "cdk.tf.json"), "utf8")).output as Record<string, unknown>;
    expect(Object.keys(context.outputs).sort()).toEqual(Object.keys(declared).sort());
    expect(Object.entries(context.outputs).filter(([, value]) => value === "" || value === null)).toEqual([]);
  });

  // One plan proves two things: the applied stack has no perpetual diff (anything else would be a
  // second change), and a change made out of band is reported as drift.
  it(
    "plans one change after a rule is disabled out of band (no perpetual diff), and applying that plan restores the rule",
    async () => {
      const rule = { Name: "InventoryDevRule", EventBusName: context.outputs.inventory_bus_name };
      await events.send(new DisableRuleCommand(rule));
      const planFile = join(context.workDir, "drift.tfplan");
      const drifted = await terraform("plan", "-detailed-exitcode", "-lock-timeout=10s", `-out=${planFile}`);
      expect({ code: drifted.code, summary: /Plan: .*/.exec(drifted.stdout)?.[0], output: drifted.stdout + drifted.stderr }).toEqual({
        code: 2,
        summary: "Plan: 0 to add, 1 to change, 0 to destroy.",
        output: expect.stringMatching(/aws_cloudwatch_event_rule\.\S*InventoryDevRule\S* will be updated in-place[\s\S]*state\s+= "DISABLED" -> "ENABLED"/),
      });

      // The saved plan, as a reviewed plan is applied: no second plan of the whole stack.
      const apply = await runTerraform(["apply", "-input=false", "-no-color", planFile], { cwd: context.stackDir, env: cli.env });
      expect({ code: apply.code, stderr: apply.stderr }).toEqual({ code: 0, stderr: "" });
      expect(apply.stdout).toMatch(/Apply complete! Resources: 0 added, 1 changed, 0 destroyed\./);
      expect((await events.send(new DescribeRuleCommand(rule))).State).toBe("ENABLED");
    },
    TERRAFORM_STEPS_TIMEOUT_MS,
  );

  it(
    "refuses a second apply while one holds the state lock, and leaves the state intact",
    async () => {
      const before = await pullState();
      const holder = spawn(terraformBinary(), ["apply", "-no-color", "-refresh=false", "-replace", `aws_cloudwatch_log_group.${logGroupAddress()}`], {
        cwd: context.stackDir,
        env: { ...cli.env, TF_INPUT: "1" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      const holderExit = new Promise<number>((resolve) => holder.on("exit", (code) => resolve(code ?? 1)));
      try {
        await waitForOutput(holder, /Enter a value:/); // holds the lock while it waits for approval
        const second = await terraform("apply", "-auto-approve", "-lock-timeout=0s");
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(/Error acquiring the state lock/);
      } finally {
        holder.stdin.end("no\n");
      }
      await holderExit;
      // The state object itself, byte for byte: same serial, same resources, same attributes.
      expect(await pullState()).toBe(before);
    },
    TERRAFORM_STEPS_TIMEOUT_MS,
  );
});

/** The deployed state as stored (`state pull` takes no -input or -no-color). */
async function pullState(): Promise<string> {
  const pulled = await runTerraform(["state", "pull"], { cwd: context.stackDir, env: cli.env });
  expect({ code: pulled.code, stderr: pulled.stderr }).toEqual({ code: 0, stderr: "" });
  expect(JSON.parse(pulled.stdout).resources.length).toBeGreaterThan(100);
  return pulled.stdout;
}

/** The address suffix of the Orders audit log group (any resource would do: the apply is declined). */
function logGroupAddress(): string {
  const synthesized = JSON.parse(readFileSync(join(context.stackDir, "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, { name?: string }>>;
  };
  const [key] = Object.entries(synthesized.resource.aws_cloudwatch_log_group).find(([, group]) => group.name === context.outputs.orders_audit_log_group)!;
  return key;
}

function waitForOutput(child: ReturnType<typeof spawn>, pattern: RegExp, timeoutMs = 120_000): Promise<void> {
  let seen = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output so far:\n${seen}`)), timeoutMs);
    child.stdout!.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
