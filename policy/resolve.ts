import { DefaultTokenResolver, StringConcat, TerraformProvider, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import { ResourceView, StackView } from "./stack-view";

/** A stack's resources resolved as Terraform will receive them, with the construct behind each. */
export interface ResolvedStack {
  readonly view: StackView;
  readonly constructs: ReadonlyMap<string, IConstruct>;
}

/** The resolver synth uses: tokens become Terraform expressions, concatenations become strings. */
const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Resolves every resource of the stack (tokens, Lazy values, overrides), as synth will write them. */
export function resolveStack(stack: TerraformStack): ResolvedStack {
  const constructs = new Map<string, IConstruct>();
  const resources = stack.node
    .findAll()
    .filter((node): node is TerraformResource => TerraformResource.isTerraformResource(node) && TerraformStack.of(node) === stack)
    .flatMap((resource): ResourceView[] => {
      const fragment = Tokenization.resolve(resource.toTerraform(), { scope: stack, resolver: RESOLVER }) as {
        resource?: Record<string, Record<string, Record<string, unknown>>>;
      };
      return Object.entries(fragment.resource ?? {}).flatMap(([type, byName]) =>
        Object.entries(byName).map(([name, { "//": _metadata, ...config }]) => {
          const address = `${type}.${name}`;
          constructs.set(address, resource);
          return { type, name, address, path: resource.node.path, config };
        }),
      );
    });
  return { view: new StackView(resources, allowedAccounts(stack)), constructs };
}

/** The accounts the stack's AWS providers are pinned to (`allowed_account_ids`). */
function allowedAccounts(stack: TerraformStack): string[] {
  const providers = stack.node
    .findAll()
    .filter((node): node is TerraformProvider => TerraformProvider.isTerraformProvider(node) && TerraformStack.of(node) === stack);
  const accounts = providers.flatMap((provider) => {
    const fragment = Tokenization.resolve(provider.toTerraform(), { scope: stack, resolver: RESOLVER }) as {
      provider?: Record<string, Record<string, unknown>[]>;
    };
    return Object.values(fragment.provider ?? {}).flatMap((configs) => configs.flatMap((config) => config.allowed_account_ids ?? []));
  });
  return [...new Set(accounts.filter((account): account is string => typeof account === "string"))];
}
