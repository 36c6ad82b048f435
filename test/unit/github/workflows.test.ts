import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";
import { PLAN_COMMENT_MARKER } from "../../../tools/ops/plan/pr-comment";

const DIR = join(__dirname, "..", "..", "..", ".github", "workflows");
const FILES = readdirSync(DIR).filter((file) => file.endsWith(".yml"));
const text = (file: string) => readFileSync(join(DIR, file), "utf8");
const workflow = (file: string) => parse(text(file)) as Workflow;
const ENVIRONMENTS = ["dev", "staging", "prod"];

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  environment?: string;
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  strategy?: { "fail-fast"?: boolean; matrix: { environment: string[]; include: Record<string, string>[] } };
  steps?: Step[];
}
/** The triggers, keyed by event; of workflow_dispatch the tests read its inputs. */
interface Triggers {
  [event: string]: unknown;
  workflow_dispatch?: { inputs: Record<string, unknown> };
}
interface Workflow {
  on: Triggers;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const allJobs = () => FILES.flatMap((file) => Object.entries(workflow(file).jobs).map(([id, job]) => ({ file, id, job })));
const stepUsing = (job: Job, action: string) => job.steps?.find((step) => step.uses?.startsWith(`${action}@`));
const runs = (job: Job) => (job.steps ?? []).map((step) => step.run ?? "").join("\n");

describe("GitHub workflows: shared rules", () => {
  it("has the pull-request, deploy, apply-plan and drift workflows", () => {
    expect(FILES.sort()).toEqual(["apply-plan.yml", "deploy.yml", "drift.yml", "pull-request.yml"]);
  });

  it("grants the token nothing at workflow level", () => {
    for (const file of FILES) expect({ file, permissions: workflow(file).permissions }).toEqual({ file, permissions: {} });
  });

  it("grants each job only contents: read plus what it uses", () => {
    for (const { file, id, job } of allJobs()) {
      const assumesRole = Boolean(stepUsing(job, "aws-actions/configure-aws-credentials")) || job.uses === "./.github/workflows/apply-plan.yml";
      const expected: Record<string, string> = {
        contents: "read",
        ...(assumesRole && { "id-token": "write" }),
        ...(id === "comment" && { "pull-requests": "write" }),
        ...(id === "drift" && { issues: "write" }),
      };
      expect({ file, id, permissions: job.permissions }).toEqual({ file, id, permissions: expected });
    }
  });

  it("pins every action to a full commit SHA with its version in a comment", () => {
    for (const file of FILES) {
      for (const line of text(file)
        .split("\n")
        .filter((l) => /^\s*(-\s+)?uses:/.test(l) && !l.includes("./.github/"))) {
        expect(line).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it("uses Node 20 with npm ci, and Terraform 1.11.4 without the output-rewriting wrapper", () => {
    for (const { file, id, job } of allJobs().filter(({ job }) => job.steps)) {
      const node = stepUsing(job, "actions/setup-node");
      if (node) {
        expect({ file, id, node: node.with?.["node-version"] }).toEqual({ file, id, node: 20 });
        expect(runs(job)).toMatch(/^npm ci$/m);
      }
      expect(runs(job)).not.toMatch(/npm install/);
      if (!/terraform |npm (test|run plan)/.test(runs(job))) continue;
      const terraform = stepUsing(job, "hashicorp/setup-terraform");
      expect({ file, id, terraform: terraform?.with }).toEqual({ file, id, terraform: { terraform_version: "1.11.4", terraform_wrapper: false } });
    }
  });

  it("takes AWS credentials only through OIDC roles named by repository variables", () => {
    for (const file of FILES) {
      expect(text(file)).not.toMatch(/secrets\.|aws-access-key-id|aws-secret-access-key/);
    }
    for (const { file, id, job } of allJobs()) {
      const aws = stepUsing(job, "aws-actions/configure-aws-credentials");
      if (!aws) continue;
      const role = file === "apply-plan.yml" ? "${{ vars[inputs.role-variable] }}" : "${{ vars[matrix.role-variable] }}";
      expect({ file, id, role: aws.with?.["role-to-assume"] }).toEqual({ file, id, role });
    }
  });

  it("maps each environment to its own role variable", () => {
    for (const { file, id, job } of allJobs().filter(({ job }) => job.strategy)) {
      expect({ file, id, environments: job.strategy!.matrix.environment }).toEqual({ file, id, environments: ENVIRONMENTS });
      expect({ file, id, include: job.strategy!.matrix.include }).toEqual({
        file,
        id,
        include: ENVIRONMENTS.map((environment) => ({ environment, "role-variable": `AWS_ROLE_ARN_${environment.toUpperCase()}` })),
      });
      expect(job.strategy!["fail-fast"]).toBe(false);
    }
  });

  it("passes matrix values to shell scripts through env, never inline", () => {
    for (const { file, id, job } of allJobs()) {
      for (const step of job.steps ?? []) expect({ file, id, run: step.run }).not.toEqual({ file, id, run: expect.stringMatching(/\$\{\{\s*matrix\./) });
    }
  });
});

describe("pull-request workflow", () => {
  const pr = workflow("pull-request.yml");

  it("runs on pull requests to main, and again when a label is added or removed (the approval label)", () => {
    expect(pr.on).toEqual({ pull_request: { branches: ["main"], types: ["opened", "synchronize", "reopened", "labeled", "unlabeled"] } });
  });

  it("installs, tests and synthesizes before planning", () => {
    expect(
      runs(pr.jobs.test)
        .split("\n")
        .filter((line) => line.startsWith("npm")),
    ).toEqual(["npm ci", "npm test", "npm run synth"]);
    expect(pr.jobs.plan.needs).toBe("test");
  });

  it("plans each environment for this commit and fails only on errors or blocked changes", () => {
    const script = pr.jobs.plan.steps!.find((step) => step.id === "plan")!;
    expect(script.env).toMatchObject({ ENVIRONMENT: "${{ matrix.environment }}", COMMIT: "${{ github.sha }}" });
    expect(script.run).toContain('npm run plan -- "$ENVIRONMENT" --out plans --commit "$COMMIT" $ALLOW_PERMISSION_BROADENING');
    expect(script.run).toContain('if [ "$code" != 0 ] && [ "$code" != 2 ]; then exit "$code"; fi');
  });

  it("skips plans for forks, which get no OIDC token or variables", () => {
    expect(pr.jobs.plan.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("runs one plan per environment per pull request, a newer push cancelling the older", () => {
    expect(pr.jobs.plan.concurrency).toEqual({
      group: "pull-request-plan-${{ github.event.pull_request.number }}-${{ matrix.environment }}",
      "cancel-in-progress": true,
    });
  });

  it("lets broader permissions through only on pull requests labelled approve-permission-broadening", () => {
    const script = pr.jobs.plan.steps!.find((step) => step.id === "plan")!;
    expect(script.env!.ALLOW_PERMISSION_BROADENING).toBe(
      "${{ contains(github.event.pull_request.labels.*.name, 'approve-permission-broadening') && '--allow-permission-broadening' || '' }}",
    );
    expect(script.run).not.toMatch(/"\$code" != 4/);
  });

  describe("the one plan comment", () => {
    const comment = pr.jobs.comment;
    const render = comment.steps!.find((step) => step.run?.includes("plan:comment"))!;
    const script = String(stepUsing(comment, "actions/github-script")!.with!.script);

    it("runs after every plan job, whatever their result, and gathers every summary", () => {
      expect(comment.needs).toBe("plan");
      expect(comment.if).toBe("always() && needs.plan.result != 'skipped'");
      expect(stepUsing(comment, "actions/download-artifact")!.with).toEqual({ pattern: "plan-summary-*", path: "summaries", "merge-multiple": true });
    });

    it("renders the overview and every environment of the plan matrix with npm run plan:comment, for this commit", () => {
      expect(render.run).toBe(
        'npm run -s plan:comment -- summaries --envs dev,staging,prod --commit "$COMMIT" --run-url "$RUN_URL" --plan-result "$PLAN_RESULT" --envs-diff envs-diff.md --out comment.md',
      );
      expect(render.run).toContain(`--envs ${pr.jobs.plan.strategy!.matrix.environment.join(",")}`);
      expect(render.env).toMatchObject({ COMMIT: "${{ github.sha }}", PLAN_RESULT: "${{ needs.plan.result }}" });
    });

    it("includes staging vs prod from npm run envs:diff, written before the comment is rendered", () => {
      const steps = comment.steps!;
      const diff = steps.findIndex((step) => step.run === "npm run -s envs:diff -- staging prod --markdown > envs-diff.md");
      expect(diff).toBeGreaterThan(-1);
      expect(diff).toBeLessThan(steps.indexOf(render));
    });

    it("posts that file as one comment, found again by the marker the tool writes, updated in place", () => {
      expect(script).toContain(`const marker = "${PLAN_COMMENT_MARKER}"`);
      expect(script).toContain('const body = fs.readFileSync("comment.md", "utf8")');
      expect(script).toMatch(/if \(!body\.startsWith\(marker\)\) throw/);
      expect(script).toMatch(/comments\.find\(\(comment\) => [^)]*comment\.body\?\.includes\(marker\)\)/);
      expect(script).toMatch(/if \(mine\) await github\.rest\.issues\.updateComment[\s\S]*else await github\.rest\.issues\.createComment/);
      expect(script.match(/createComment|updateComment/g)).toEqual(["updateComment", "createComment"]);
    });
  });

  it("uploads each plan's summary, its data and its hash record for the comment job", () => {
    const upload = stepUsing(pr.jobs.plan, "actions/upload-artifact")!;
    expect(upload.with!.name).toBe("plan-summary-${{ matrix.environment }}");
    expect(String(upload.with!.path).trim().split("\n")).toEqual([
      "plans/${{ matrix.environment }}.plan.md",
      "plans/${{ matrix.environment }}.plan.summary.json",
      "plans/${{ matrix.environment }}.plan.artifact.json",
    ]);
  });
});

describe("deploy workflow", () => {
  const deploy = workflow("deploy.yml");
  const apply = workflow("apply-plan.yml");
  const applyJob = apply.jobs.apply;

  it("runs on pushes to main, and by hand on main to allow a deliberate destructive prod change", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    expect(deploy.on.workflow_dispatch!.inputs["allow-destructive"]).toEqual(expect.objectContaining({ type: "boolean", default: false }));
    expect(deploy.jobs.plan.if).toBe("github.ref == 'refs/heads/main'");
    expect(deploy.jobs.plan.steps?.find((step) => step.run?.includes("npm run plan"))?.env?.ALLOW_DESTRUCTIVE).toBe(
      "${{ inputs.allow-destructive && '--allow-destructive' || '' }}",
    );
    expect(runs(deploy.jobs.plan)).toContain('npm run plan -- "$ENVIRONMENT" --out plans --commit "$COMMIT" $ALLOW_DESTRUCTIVE $ALLOW_PERMISSION_BROADENING');
  });

  it("applies broader permissions in staging and prod only when a person approves them with the dispatch input", () => {
    expect(deploy.on.workflow_dispatch!.inputs["allow-permission-broadening"]).toEqual(expect.objectContaining({ type: "boolean", default: false }));
    const plan = deploy.jobs.plan.steps!.find((step) => step.run?.includes("npm run plan"))!;
    expect(plan.env!.ALLOW_PERMISSION_BROADENING).toBe("${{ inputs.allow-permission-broadening && '--allow-permission-broadening' || '' }}");
    // Exit code 4 stops the plan job, so no plan file reaches the apply jobs (they need it).
    expect(plan.run).toContain('if [ "$code" != 0 ] && [ "$code" != 2 ]; then exit "$code"; fi');
    expect(deploy.jobs["apply-dev"].needs).toBe("plan");
  });

  it("plans every environment once, one run per environment at a time, never cancelled", () => {
    expect(runs(deploy.jobs.plan)).toContain('npm run plan -- "$ENVIRONMENT" --out plans');
    expect(deploy.jobs.plan.concurrency).toEqual({ group: "deploy-${{ matrix.environment }}", "cancel-in-progress": false });
    expect(applyJob.concurrency).toEqual({ group: "deploy-${{ inputs.environment }}", "cancel-in-progress": false });
  });

  it("applies dev, then staging, then prod, each through the apply workflow", () => {
    expect(
      ["apply-dev", "apply-staging", "apply-prod"].map((id) => ({ id, needs: deploy.jobs[id].needs, uses: deploy.jobs[id].uses, with: deploy.jobs[id].with })),
    ).toEqual([
      { id: "apply-dev", needs: "plan", uses: "./.github/workflows/apply-plan.yml", with: { environment: "dev", "role-variable": "AWS_ROLE_ARN_DEV" } },
      {
        id: "apply-staging",
        needs: "apply-dev",
        uses: "./.github/workflows/apply-plan.yml",
        with: { environment: "staging", "role-variable": "AWS_ROLE_ARN_STAGING" },
      },
      {
        id: "apply-prod",
        needs: "apply-staging",
        uses: "./.github/workflows/apply-plan.yml",
        with: { environment: "prod", "role-variable": "AWS_ROLE_ARN_PROD" },
      },
    ]);
  });

  it("applies behind the GitHub environment of the same name (protection rules gate staging and prod)", () => {
    expect(apply.on).toEqual({
      workflow_call: expect.objectContaining({ inputs: expect.objectContaining({ environment: expect.objectContaining({ required: true }) }) }),
    });
    expect(applyJob.environment).toBe("${{ inputs.environment }}");
  });

  it("hands the plan file and the stack it was made from to the apply job as one artifact of this commit", () => {
    const upload = stepUsing(deploy.jobs.plan, "actions/upload-artifact")!.with!;
    const download = stepUsing(applyJob, "actions/download-artifact")!.with!;
    expect(String(upload.name).replace("matrix.", "X.")).toBe(String(download.name).replace("inputs.", "X."));
    expect(upload.name).toBe("plan-${{ matrix.environment }}-${{ github.sha }}");
    expect(String(upload.path).trim().split("\n")).toEqual([
      "plans/${{ matrix.environment }}.tfplan",
      "plans/${{ matrix.environment }}.plan.md",
      "plans/${{ matrix.environment }}.plan.artifact.json",
      "cdktf.out/stacks/${{ matrix.environment }}",
      "!cdktf.out/stacks/${{ matrix.environment }}/.terraform",
    ]);
    expect(upload["if-no-files-found"]).toBe("error");
  });

  it("records each plan file for this commit (npm run plan --commit), its hash in the record and the job summary", () => {
    const plan = deploy.jobs.plan.steps!.find((step) => step.run?.includes("npm run plan"))!;
    expect(plan.env!.COMMIT).toBe("${{ github.sha }}");
    expect(plan.run).toContain('cat "plans/$ENVIRONMENT.plan.md" >> "$GITHUB_STEP_SUMMARY"');
  });

  it("verifies the downloaded plan file (hash, environment, commit) after downloading it and before credentials or apply", () => {
    const steps = applyJob.steps!;
    const verify = steps.findIndex((step) => step.run?.includes("npm run -s plan:verify"));
    const index = (match: (step: Step) => boolean) => steps.findIndex(match);
    expect(steps[verify].run).toContain('npm run -s plan:verify -- "$ENVIRONMENT" --plan "$PLAN_FILE" --commit "$COMMIT" > verified.txt');
    expect(steps[verify].env).toEqual({ ENVIRONMENT: "${{ inputs.environment }}", COMMIT: "${{ github.sha }}" });
    expect(index((step) => Boolean(step.uses?.startsWith("actions/download-artifact@")))).toBeLessThan(verify);
    expect(index((step) => Boolean(step.uses?.startsWith("actions/checkout@")))).toBe(0);
    expect(verify).toBeLessThan(index((step) => Boolean(step.uses?.startsWith("aws-actions/configure-aws-credentials@"))));
    expect(verify).toBeLessThan(index((step) => Boolean(step.run?.includes("apply -input=false"))));
    expect(steps[verify].run).not.toContain("|");
  });

  it("applies exactly the saved plan file and never plans again", () => {
    expect(applyJob.env).toMatchObject({ PLAN_FILE: "${{ github.workspace }}/plans/${{ inputs.environment }}.tfplan" });
    expect(runs(applyJob)).toContain('terraform -chdir="$STACK_DIR" apply -input=false "$PLAN_FILE"');
    expect(runs(applyJob)).not.toMatch(/\bplan\s+-|npm run plan|-auto-approve/);
  });
});

describe("drift workflow", () => {
  const drift = workflow("drift.yml");
  const job = drift.jobs.drift;
  const script = String(stepUsing(job, "actions/github-script")!.with!.script);

  it("runs on a schedule and on demand", () => {
    expect(drift.on.schedule).toEqual([{ cron: expect.stringMatching(/^\S+ \S+ \* \* \*$/) }]);
    expect(drift.on).toHaveProperty("workflow_dispatch");
  });

  it("checks each environment in its own concurrency group, apart from deploys", () => {
    expect(job.concurrency).toEqual({ group: "drift-${{ matrix.environment }}", "cancel-in-progress": false });
  });

  it("treats plan exit codes 2, 3 and 4 as drift and 1 as a failed check", () => {
    expect(runs(job)).toContain('npm run plan -- "$ENVIRONMENT" --out plans');
    expect(runs(job)).toContain('if [ "$code" = 1 ]; then exit 1; fi');
    expect(script).toContain('const drifted = ["2", "3", "4"].includes(process.env.EXIT_CODE)');
  });

  it("updates the environment's open drift issue, found by its marker, or opens one", () => {
    expect(script).toContain("const marker = `<!-- orders-platform:drift:${env} -->`");
    expect(script).toMatch(/if \(existing\) \{\s*await github\.rest\.issues\.update\(/);
    expect(script).toMatch(/else \{\s*await github\.rest\.issues\.create\(\{ \.\.\.context\.repo, title, body, labels: \["drift"\] \}\)/);
  });

  it("closes the drift issue once a check finds no drift", () => {
    expect(script).toMatch(/if \(!drifted\) \{[\s\S]*state: "closed"/);
  });
});

/** Schema validation with action-validator (its wasm build: no native binaries to install). */
describe("workflow files against the GitHub workflow schema (@action-validator/core)", () => {
  it.each(FILES)("%s has no schema errors", (file) => {
    expect(validateWorkflow(text(file)).errors).toEqual([]);
  });

  it("reports what a broken workflow gets wrong, so the check above can fail", () => {
    const broken = "on: push\npermissions:\n  id-tokn: write\njobs:\n  plan:\n    runs-on: ubuntu-24.04\n    needs: [tset]\n    steps:\n      - run: true\n";
    const codes = validateWorkflow(broken).errors.map((error) => error.code);
    expect(codes).toEqual(expect.arrayContaining(["one_of", "unresolved_job"]));
  });
});
