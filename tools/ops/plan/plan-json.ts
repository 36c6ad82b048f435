import { planShapeProblems } from "./plan-shape";

/**
 * The part of `terraform show -json <planfile>` this project reads (format 1.x).
 * @see https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */
export interface TerraformPlanJson {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes: readonly ResourceChangeJson[];
  /** Changes made outside Terraform since the last apply (informational). */
  readonly resource_drift?: readonly ResourceChangeJson[];
  readonly errored: false;
}

export interface ResourceChangeJson {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly action_reason?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: unknown;
    readonly after?: unknown;
    /** Attribute paths whose change forces the replacement (steps are keys or list indexes). */
    readonly replace_paths?: readonly (readonly (string | number)[])[];
  };
}

export type ChangeKind = "create" | "update" | "replace" | "delete";

/** One of the four kinds a reviewer cares about, or undefined for no-op, read and forget. */
export function changeKind(actions: readonly string[]): ChangeKind | undefined {
  const key = actions.join(",");
  if (key === "create") return "create";
  if (key === "update") return "update";
  if (key === "delete") return "delete";
  if (key === "delete,create" || key === "create,delete") return "replace";
  return undefined;
}

/** Parses the plan JSON and refuses anything that is not a complete plan, naming the file and every problem. */
export function parsePlanJson(text: string, source: string): TerraformPlanJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not JSON (${(error as Error).message}); expected the output of \`terraform show -json <planfile>\``);
  }
  const problems = planShapeProblems(parsed);
  if (problems.length > 0) {
    throw new Error(`${source} is not a complete terraform plan (expected the output of \`terraform show -json <planfile>\`): ${problems.join("; ")}`);
  }
  return parsed as TerraformPlanJson;
}

/** `["attribute", 0, "name"]` -> `attribute[0].name` */
export function formatAttributePath(path: readonly (string | number)[]): string {
  return path.map((step, i) => (typeof step === "number" ? `[${step}]` : i === 0 ? step : `.${step}`)).join("");
}
