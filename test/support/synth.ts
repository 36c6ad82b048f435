import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { environments } from "../../envs";
import type { EnvironmentConfig } from "../../envs";
import { PlatformStack } from "../../stacks/platform-stack";

/** The synthesized Terraform JSON of a stack, parsed, for precise assertions. */
export interface SynthesizedStack {
  readonly json: string;
  readonly terraform: Record<string, any>;
  readonly provider: Record<string, any[]>;
  readonly resource: Record<string, Record<string, any>>;
  readonly output: Record<string, any>;
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

/** All resources of one type, as a list. */
export function resourcesOf(stack: SynthesizedStack, type: string): any[] {
  return Object.values(stack.resource[type] ?? {});
}

/** Reads a `${jsonencode({...})}` value back as data (references become `"${aws_x.name.attr}"` strings). */
export { decodeJsonencode } from "../../policy/hcl";

export const allEnvironments = environments.map((config) => [config.name, config] as const);

/** The one resource of a type matching a predicate, with its Terraform reference builder. */
export function findResource(stack: SynthesizedStack, type: string, matches: (resource: any) => boolean = () => true) {
  const found = Object.entries(stack.resource[type] ?? {}).filter(([, resource]) => matches(resource));
  if (found.length !== 1) throw new Error(`expected one ${type} matching, found ${found.length}`);
  const [key, resource] = found[0];
  return { resource, ref: (attribute: string) => `\${${type}.${key}.${attribute}}` };
}
