import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * The import rules (.dependency-cruiser.cjs) run against a small fake project: the same config,
 * babel options and package.json, and files planted to break one rule each.
 */
const ROOT = resolve(__dirname, "../..");
const DEPCRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");

type Files = Record<string, string>;

/** A project whose layers import each other the allowed way. */
const ALLOWED: Files = {
  "modules/aws-limits.ts": "export const MAX = 5;\n",
  "modules/queue.ts": 'import { MAX } from "./aws-limits";\nexport const queue = MAX;\n',
  "envs/index.ts": 'import { MAX } from "../modules/aws-limits";\nexport const env = MAX;\n',
  "orders/events/orders.ts": 'export const ORDER_PLACED = "OrderPlaced";\n',
  "orders/order-flow.ts":
    'import { queue } from "../modules/queue";\nimport { ORDER_PLACED } from "./events/orders";\nexport const flow = [queue, ORDER_PLACED];\n',
  "stacks/platform-stack.ts": 'import { env } from "../envs";\nimport { flow } from "../orders/order-flow";\nexport const stack = [env, flow];\n',
  "tools/ops/plan.ts": 'import { stack } from "../../stacks/platform-stack";\nexport const plan = stack;\n',
};

function cruise(files: Files): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), "import-rules-"));
  try {
    for (const name of [".dependency-cruiser.cjs", ".dependency-cruiser.babel.cjs", "package.json"]) copyFileSync(join(ROOT, name), join(dir, name));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const result = spawnSync(process.execPath, [DEPCRUISE, "--config", ".dependency-cruiser.cjs", ...Object.keys(files)], { cwd: dir, encoding: "utf8" });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the rules with `planted` added to the allowed project; asserts exactly `rule` fails. */
function expectViolation(planted: Files, rule: string) {
  const { status, output } = cruise({ ...ALLOWED, ...planted });
  expect(status).not.toBe(0);
  expect(output).toContain(`error ${rule}:`);
  expect(output).toMatch(/x 1 dependency violations? \(1 error/);
}

describe("import rules", () => {
  it("accept a project whose layers import downwards", () => {
    const { status, output } = cruise(ALLOWED);
    expect(output).toContain("no dependency violations found");
    expect(status).toBe(0);
  });

  it("fail on a cycle made of type-only imports", () => {
    expectViolation(
      {
        "modules/bus.ts": 'import type { Rule } from "./rule";\nexport interface Bus { rule?: Rule }\n',
        "modules/rule.ts": 'import type { Bus } from "./bus";\nexport interface Rule { bus?: Bus }\n',
      },
      "no-circular",
    );
  });

  it("fail when a module imports a stack", () => {
    expectViolation({ "modules/upward.ts": 'import { stack } from "../stacks/platform-stack";\nexport const up = stack;\n' }, "modules-are-reusable");
  });

  it("fail when environment config imports the policy pack", () => {
    expectViolation(
      { "policy/pack.ts": "export const RULE_IDS = [];\n", "envs/schema.ts": 'import { RULE_IDS } from "../policy/pack";\nexport const ids = RULE_IDS;\n' },
      "envs-are-config",
    );
  });

  it("fail when the event contract imports a construct module", () => {
    expectViolation({ "orders/events/bus.ts": 'import { queue } from "../../modules/queue";\nexport const bus = queue;\n' }, "events-are-leaves");
  });

  it("fail when production code imports a tool", () => {
    expectViolation({ "stacks/uses-tool.ts": 'import { plan } from "../tools/ops/plan";\nexport const used = plan;\n' }, "production-without-tools");
  });

  it("fail when production code imports a devDependency", () => {
    expectViolation({ "modules/uses-ws.ts": 'import { WebSocket } from "ws";\nexport const socket = WebSocket;\n' }, "production-without-dev-dependencies");
  });
});
