import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, LocalBackend, TerraformStack } from "cdktf";
import { environmentNamed } from "../../../envs";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { DynamoTable } from "../../../modules/dynamodb-table";
import { EventArchive } from "../../../modules/event-archive";
import { EventBus } from "../../../modules/event-bus";
import { EventRule } from "../../../modules/event-rule";
import { LogGroup } from "../../../modules/log-group";
import { configureAwsProvider } from "../../../stacks/aws-provider";
import { Emulator, resetEmulator, startEmulator } from "../../../tools/local/emulator/emulator";
import { onEmulator, terraform } from "../../../tools/local/deployment";
import { PLAN_EXIT, planStack, PlanStackResult } from "../../../tools/ops/plan/plan-stack";
import { planArtifactProblems, readPlanArtifact, sha256OfFile } from "../../../tools/ops/plan/plan-artifact";
import { summarizePlanFile } from "../../../tools/ops/plan/summary-files";
import { prepareTerraformCli, TerraformCli } from "../../../tools/terraform/cli-config";
import { requireTerraform } from "../../../tools/terraform/terraform";
import { stackDir } from "../../../tools/terraform/validate-stacks";

/**
 * Real plans, not fixtures: a small stack built from the project's modules (bus, rule, a target
 * to a log group, an archive, a table) is planned and applied with the real terraform on its own
 * emulator, then changed so the next plan updates the rule, replaces the table (new key) and
 * deletes the archive. No SQS queue: moto makes the provider wait ~25 s per queue and queue policy,
 * which would triple the run time (queue deletes are covered by the unit tests of the same code).
 */
const PORT = Number(process.env.PLAN_TEST_EMULATOR_PORT ?? 4700);
const PROJECT = join(__dirname, "..", "..", "..");
const COMMIT = "0123456789abcdef0123456789abcdef01234567";

interface Variant {
  readonly ruleDescription: string;
  readonly tableKey: string;
  readonly archive: boolean;
}

const ORIGINAL: Variant = { ruleDescription: "orders to the log", tableKey: "orderId", archive: true };
const CHANGED: Variant = { ruleDescription: "orders to the log (reworded)", tableKey: "id", archive: false };

let emulator: Emulator;
let cli: TerraformCli;
let workDir: string;
const suffix = Date.now().toString(36);

/** Synthesizes the small stack into the shared work dir; its state stays in a local file there. */
function synthesize(variant: Variant): string {
  const outdir = join(workDir, "cdktf.out");
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "plan-test");
  new LocalBackend(stack, { path: join(workDir, "terraform.tfstate") });
  configureAwsProvider(stack, onEmulator(environmentNamed("local"), emulator.endpoint));
  const delivery = { retry: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 }, deadLetterRetentionSeconds: 3600 };
  const bus = new EventBus(stack, "Bus", { name: `plan-test-${suffix}`, description: "plan summary test", putEventsPrincipals: ["123456789012"], delivery });
  const rule = new EventRule(stack, "Rule", {
    bus,
    name: `plan-test-${suffix}-orders`,
    description: variant.ruleDescription,
    eventPattern: { source: ["com.orders.test"] },
  });
  const log = new LogGroup(stack, "Log", { name: `/aws/events/plan-test-${suffix}`, retentionDays: 1 });
  // The raw target (no RuleTarget): its dead-letter queue would cost ~50 s on the emulator.
  new CloudwatchEventTarget(stack, "Target", { rule: rule.ruleName, eventBusName: rule.busName, targetId: "log", arn: log.logGroupArn });
  new DynamoTable(stack, "Table", { name: `plan-test-${suffix}-status`, partitionKey: variant.tableKey, deletionProtection: false });
  if (variant.archive) new EventArchive(stack, "Archive", { bus, name: `plan-test-${suffix}`, retentionDays: 1 });
  app.synth();
  return stackDir(outdir, "plan-test");
}

function plan(variant: Variant, environment: string, allowDestructive = false): Promise<PlanStackResult> {
  return planStack({ stackDir: synthesize(variant), environment, outDir: join(workDir, "plans"), cli, allowDestructive, commit: COMMIT });
}

function actionsOf(result: PlanStackResult): Record<string, string> {
  return Object.fromEntries(
    result.summary.changes.map((change) => [`${change.module}${change.construct ? `/${change.construct}` : ""}:${change.type}`, change.kind]),
  );
}

beforeAll(async () => {
  requireTerraform();
  workDir = mkdtempSync(join(tmpdir(), "orders-plan-"));
  cli = prepareTerraformCli(PROJECT);
  emulator = await startEmulator({ port: PORT });
  if (!emulator.reused) await resetEmulator(emulator.endpoint);
}, 60_000);

afterAll(async () => {
  await emulator?.stop();
});

describe("plan summary on real plans against the emulator", () => {
  let created: PlanStackResult;
  let unchanged: PlanStackResult;
  let changed: PlanStackResult;
  const stackDirectory = () => join(workDir, "cdktf.out", "stacks", "plan-test");

  beforeAll(async () => {
    created = await plan(ORIGINAL, "dev");
    await terraform(["apply", "-input=false", "-auto-approve", created.planFile], stackDirectory(), cli);
    unchanged = await plan(ORIGINAL, "dev");
    changed = await plan(CHANGED, "prod");
    // Three plans (init, plan, show each) and an apply: ~45 s per plan measured on a loaded 2-core machine.
  }, 300_000);

  it("counts every resource of a new stack as a create and exits with 2 (changes)", () => {
    expect(created.exitCode).toBe(PLAN_EXIT.changes);
    expect(created.summary.counts).toEqual({ create: created.summary.changes.length, update: 0, replace: 0, delete: 0 });
    expect(actionsOf(created)).toMatchObject({ "Table:aws_dynamodb_table": "create", "Rule:aws_cloudwatch_event_rule": "create" });
  });

  it("exits with 0 and says so in the Markdown when the applied stack is planned again", () => {
    expect(unchanged.exitCode).toBe(PLAN_EXIT.noChanges);
    expect(readFileSync(unchanged.markdownFile, "utf8")).toContain("No changes.");
  });

  it("reports an update of the rule whose description changed", () => {
    expect(actionsOf(changed)["Rule:aws_cloudwatch_event_rule"]).toBe("update");
  });

  it("reports the table replacement and the attribute that forces it", () => {
    const table = changed.summary.changes.find((change) => change.type === "aws_dynamodb_table");
    expect(table).toMatchObject({ kind: "replace", module: "Table" });
    expect(table!.replacePaths).toEqual(expect.arrayContaining(["hash_key"]));
  });

  it("reports the archive removed from the code as a delete, placed by its logical id", () => {
    expect(actionsOf(changed)).toMatchObject({ "Archive:aws_cloudwatch_event_archive": "delete" });
  });

  it("blocks the stateful replace and delete in prod with exit code 3 and a loud warning", () => {
    const markdown = readFileSync(changed.markdownFile, "utf8");
    expect(changed.exitCode).toBe(PLAN_EXIT.destructiveBlocked);
    expect(changed.markdownFile).toBe(join(workDir, "plans", "prod.plan.md"));
    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown).toContain("**BLOCKED**");
    expect(markdown).toMatch(/\*\*REPLACE\*\* `aws_dynamodb_table\.Table_[^`]+`.*forced by `hash_key`/);
    expect(markdown).toMatch(/\*\*DELETE\*\* `aws_cloudwatch_event_archive\.Archive_[^`]+`/);
  });

  it("does not block the same plan JSON for dev, nor for prod with --allow-destructive", () => {
    const read = (environment: string, allowDestructive: boolean) => summarizePlanFile({ planJson: changed.planJson, environment, allowDestructive }).summary;
    expect(read("dev", false)).toMatchObject({ blocked: false, destructive: expect.arrayContaining([expect.objectContaining({ kind: "replace" })]) });
    expect(read("prod", true).blocked).toBe(false);
  });

  it("records the saved plan file's SHA-256, environment and commit, and shows the hash in the Markdown", () => {
    const artifact = readPlanArtifact(changed.artifactFile);
    expect(artifact).toMatchObject({ environment: "prod", commit: COMMIT, planFile: "prod.tfplan", sha256: sha256OfFile(changed.planFile) });
    expect(planArtifactProblems(artifact, { environment: "prod", commit: COMMIT, planFile: changed.planFile })).toEqual([]);
    expect(readFileSync(changed.markdownFile, "utf8")).toContain(`SHA-256 \`${artifact.sha256}\``);
  });

  it("draws the bus -> rule -> log group flow in the Markdown", () => {
    const markdown = readFileSync(changed.markdownFile, "utf8");
    expect(markdown).toContain("```mermaid");
    expect(markdown).toMatch(/-->\|"log"\| n\d+/);
  });
});
