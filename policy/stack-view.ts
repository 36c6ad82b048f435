/** `aws_x.name` references inside any string of a value: `${aws_x.name.attr}`, `element(aws_x.name.attr, 0)`. */
const REFERENCE = /(?<![\w.-])(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?=[.[])/g;

/** One Terraform resource of a stack, as Terraform will receive it (tokens resolved). */
export interface ResourceView {
  /** Terraform resource type, e.g. `aws_sqs_queue`. */
  readonly type: string;
  /** The logical id (cdktf's friendly unique id). */
  readonly name: string;
  /** Terraform address: `<type>.<name>`. */
  readonly address: string;
  /** Construct path, e.g. `prod/OrderFlow/InventoryFunctionFailures/Resource`. */
  readonly path: string;
  /** The resolved arguments, snake_case as in cdk.tf.json. References read `${aws_x.name.attr}`. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Every resource of one stack, with the cross-resource look-ups rules need. */
export class StackView {
  private readonly byAddress: ReadonlyMap<string, ResourceView>;

  /**
   * @param accountIds the accounts the stack deploys to (its providers' allowed_account_ids);
   * empty when the stack does not say.
   */
  constructor(
    readonly resources: readonly ResourceView[],
    readonly accountIds: readonly string[] = [],
  ) {
    this.byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  }

  ofType(...types: string[]): ResourceView[] {
    return this.resources.filter((resource) => types.includes(resource.type));
  }

  resource(address: string): ResourceView | undefined {
    return this.byAddress.get(address);
  }

  /** The stack's resources a value refers to, by Terraform reference. */
  referencedIn(value: unknown): ResourceView[] {
    const found = new Set<string>();
    for (const text of stringsIn(value)) {
      for (const match of text.matchAll(REFERENCE)) found.add(`${match[1]}.${match[2]}`);
    }
    return [...found].flatMap((address) => this.byAddress.get(address) ?? []);
  }

  /** Whether a value points at `target`: by reference, or literally by its name, ARN (`...:<name>`) or URL (`.../<name>`). */
  pointsAt(value: unknown, target: ResourceView, nameAttribute = "name"): boolean {
    if (this.referencedIn(value).includes(target)) return true;
    const name = target.config[nameAttribute];
    if (typeof name !== "string" || name === "") return false;
    return stringsIn(value).some((text) => text === name || text.endsWith(`:${name}`) || text.endsWith(`/${name}`));
  }

  /** Resources of the given types with some argument pointing at `target`. */
  pointingAt(target: ResourceView, types: readonly string[], select: (resource: ResourceView) => unknown = (r) => r.config): ResourceView[] {
    return this.ofType(...types).filter((resource) => this.pointsAt(select(resource), target));
  }
}

/** Every string inside a value (objects and lists walked). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}
