import { Testing } from "cdktf";
import { join } from "node:path";
import { AsyncInvocation } from "../../../modules/async-invocation";
import { DeadLetterQueue } from "../../../modules/dead-letter-queue";
import { NodeFunction, NodeFunctionProps } from "../../../modules/node-function";
import { ServiceRole } from "../../../modules/service-role";
import { StateMachine, StateMachineProps } from "../../../modules/state-machine";
import { readPolicy, resourcesOf, synthesizeModule, testStack } from "../../support/synth";
import { testBus } from "../../support/fixtures";

const FIXTURE_HANDLER = join(__dirname, "..", "..", "support", "echo-handler.ts");
const functionProps: NodeFunctionProps = {
  name: "test-fn",
  description: "d",
  entry: FIXTURE_HANDLER,
  memoryMb: 128,
  timeoutSeconds: 5,
  reservedConcurrency: 1,
  logRetentionDays: 7,
  environment: {},
  location: { accountId: "123456789012", region: "eu-west-1" },
};
const machineProps: StateMachineProps = {
  name: "test-machine",
  type: "STANDARD",
  definition: { StartAt: "Done", States: { Done: { Type: "Fail", Error: "X" } } },
  taskPermissions: [],
  logLevel: "ERROR",
  includeExecutionData: false,
  logRetentionDays: 7,
  accountId: "123456789012",
};

describe("NodeFunction", () => {
  it.each([
    [{ memoryMb: 127 }, /memoryMb is 127; allowed: an integer from 128 to 10240/],
    [{ timeoutSeconds: 0 }, /timeoutSeconds is 0; allowed: an integer from 1 to 900/],
    [{ name: "f".repeat(65) }, /is 65 characters; allowed: at most 64/],
  ])("refuses %j", (change, message) => {
    expect(() => new NodeFunction(testStack(), "Fn", { ...functionProps, ...change })).toThrow(message);
  });

  it("bundles the entry into a zip asset", () => {
    const stack = synthesizeModule((scope) => new NodeFunction(scope, "Fn", functionProps));
    const [fn] = resourcesOf(stack, "aws_lambda_function");
    expect(fn.filename).toMatch(/^assets\/.+\/function\.zip$/);
  });
});

describe("AsyncInvocation", () => {
  const build = (retries: number, maxEventAgeSeconds: number) => {
    const stack = testStack();
    new AsyncInvocation(stack, "Async", {
      function: new NodeFunction(stack, "Fn", functionProps),
      retries,
      maxEventAgeSeconds,
      onSuccess: testBus(stack),
      onFailure: new DeadLetterQueue(stack, "Failures", { name: "f", retentionSeconds: 60 }),
    });
  };

  it.each([
    [3, 60, /retries is 3; allowed: an integer from 0 to 2/],
    [-1, 60, /retries is -1; allowed: an integer from 0 to 2/],
    [0, 59, /maxEventAgeSeconds is 59; allowed: an integer from 60 to 21600/],
    [0, 21_601, /maxEventAgeSeconds is 21601; allowed: an integer from 60 to 21600/],
  ])("refuses %i retries with a %i s event age", (retries, age, message) => {
    expect(() => build(retries, age)).toThrow(message);
  });

  it("accepts the limits themselves", () => {
    expect(() => build(2, 21_600)).not.toThrow();
    expect(() => build(0, 60)).not.toThrow();
  });
});

describe("DeadLetterQueue without a service sender", () => {
  it("only denies insecure transport, leaving sending to identity policies", () => {
    const stack = synthesizeModule((scope) => new DeadLetterQueue(scope, "Q", { name: "q", retentionSeconds: 60 }));
    const statements = readPolicy(resourcesOf(stack, "aws_sqs_queue_policy")[0].policy).Statement;
    expect(statements.map((s) => s.Sid)).toEqual(["DenyInsecureTransport"]);
  });
});

describe("StateMachine", () => {
  it("refuses a StartAt that names no state", () => {
    const definition = { StartAt: "Missing", States: { Done: { Type: "Fail" as const, Error: "X" } } };
    expect(() => new StateMachine(testStack(), "M", { ...machineProps, definition })).toThrow(/StartAt "Missing" names no state; allowed: one of Done/);
  });

  it("refuses a name longer than 80 characters", () => {
    expect(() => new StateMachine(testStack(), "M", { ...machineProps, name: "m".repeat(81) })).toThrow(/at most 80/);
  });

  it("lets a role start only this state machine", () => {
    const stack = synthesizeModule((scope) => {
      const machine = new StateMachine(scope, "M", machineProps);
      const role = new ServiceRole(scope, "Starter", { name: "starter", service: "events.amazonaws.com", sourceAccount: "1", description: "d" });
      machine.grantStartExecution(role);
    });
    const policies = resourcesOf(stack, "aws_iam_role_policy").map((p) => readPolicy(p.policy).Statement);
    expect(policies).toContainEqual([
      { Effect: "Allow", Action: "states:StartExecution", Resource: expect.stringMatching(/^\$\{aws_sfn_state_machine\..+\.arn\}$/) },
    ]);
  });
});

describe("ServiceRole", () => {
  it("fails synth when it was granted nothing", () => {
    const stack = testStack();
    new ServiceRole(stack, "Idle", { name: "idle", service: "lambda.amazonaws.com", sourceAccount: "1", description: "d" });
    expect(() => Testing.synth(stack, true)).toThrow(/role "idle" was granted nothing/);
  });
});
