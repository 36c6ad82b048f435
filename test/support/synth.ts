import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { environments } from "../../envs";
import type { Statement } from "../../policy/documents";
import { decodeJsonencode as decodeJsonencodeString } from "../../policy/hcl";
import type { EnvironmentConfig } from "../../envs";
import { PlatformStack } from "../../stacks/platform-stack";

/** A block's arguments as synthesized: snake_case keys, Terraform JSON values the test narrows. */
export type Arguments = Readonly<Record<string, unknown>>;

/** The synthesized Terraform JSON of a stack, parsed, for precise assertions. */
export interface SynthesizedStack {
  readonly json: string;
  /** The `terraform` block: required providers and the backend, each by name. */
  readonly terraform: { readonly required_providers: Record<string, Arguments>; readonly backend: Record<string, Arguments> };
  readonly provider: Record<string, Arguments[]>;
  /** Resources by type, then by logical id. */
  readonly resource: Record<string, Record<string, Arguments>>;
  readonly output: Record<string, { readonly value: unknown }>;
}

/** A policy document read back from a jsonencode argument. */
export interface PolicyReadBack {
  readonly Version?: string;
  readonly Statement: Statement[];
}

/**
 * A state machine's definition read back, as the flow tests read it: each state's timeout and the
 * table, topic, language and bus its parameters name.
 */
export interface SynthesizedWorkflow {
  readonly States: Readonly<Record<string, SynthesizedState>>;
}

interface SynthesizedState {
  readonly TimeoutSeconds?: number;
  readonly Parameters: {
    readonly TableName?: string;
    readonly TopicArn?: string;
    readonly LanguageCode?: string;
    readonly Entries: readonly { readonly EventBusName: string }[];
  };
}

export function synthesize(stack: TerraformStack): SynthesizedStack {
  const json = Testing.synth(stack, true);
  const parsed = JSON.parse(json);
  return { json, terraform: parsed.terraform, provider: parsed.provider, resource: parsed.resource ?? {}, output: parsed.output ?? {} };
}

export function synthesizePlatform(config: EnvironmentConfig): SynthesizedStack {
  return synthesize(new PlatformStack(Testing.app(), config.name, { config }));
}

/** A bare stack with only an AWS provider, for module tests. */
export function testStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new AwsProvider(stack, "aws", { region: "eu-west-1" });
  return stack;
}

/** Synthesizes a bare stack after the callback adds constructs to it. */
export function synthesizeModule(build: (scope: Construct) => void): SynthesizedStack {
  const stack = testStack();
  build(stack);
  return synthesize(stack);
}

/**
 * All resources of one type, as a list. `R` describes the arguments the test reads; like any
 * parsed JSON it is not checked here, the test's assertions check it.
 */
export function resourcesOf<R extends Arguments = Arguments>(stack: SynthesizedStack, type: string): R[] {
  return Object.values(stack.resource[type] ?? {}) as R[];
}

/** Reads a `${jsonencode({...})}` argument back as data (references become `"${aws_x.name.attr}"` strings). */
export function decodeJsonencode(value: unknown): unknown {
  if (typeof value !== "string") throw new Error(`not a jsonencode expression: ${JSON.stringify(value)}`);
  return decodeJsonencodeString(value);
}

/** Reads a state machine's `definition` argument back. */
export function workflowDefinition(value: unknown): SynthesizedWorkflow {
  return decodeJsonencode(value) as SynthesizedWorkflow;
}

/** Reads a policy argument (`policy`, `assume_role_policy`, `policy_document`) back as its document. */
export function readPolicy(value: unknown): PolicyReadBack {
  return decodeJsonencode(value) as PolicyReadBack;
}

export const allEnvironments = environments.map((config) => [config.name, config] as const);

/** The one resource of a type matching a predicate, with its Terraform reference builder; `R` as for resourcesOf. */
export function findResource<R extends Arguments = Arguments>(stack: SynthesizedStack, type: string, matches: (resource: R) => boolean = () => true) {
  const found = Object.entries((stack.resource[type] ?? {}) as Record<string, R>).filter(([, resource]) => matches(resource));
  if (found.length !== 1) throw new Error(`expected one ${type} matching, found ${found.length}`);
  const [key, resource] = found[0];
  return { resource, ref: (attribute: string) => `\${${type}.${key}.${attribute}}` };
}
