/**
 * What makes a file a `terraform show -json <planfile>` plan, checked before anything is summarized:
 * a file that is not one (a state file, an errored or truncated plan) must never read as "No changes".
 * @see https://developer.hashicorp.com/terraform/internals/json-format#plan-representation
 */

const ACTIONS = ["no-op", "create", "read", "update", "delete", "forget"];
const MODES = ["managed", "data"];
/** Enough problems to see what the file is; the rest only repeat. */
const MAX_PROBLEMS = 5;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every way `parsed` is not a complete plan, empty when it is one. */
export function planShapeProblems(parsed: unknown): string[] {
  if (!isObject(parsed)) return [`the top level is ${describe(parsed)}, not an object`];
  const changes = Array.isArray(parsed.resource_changes) ? parsed.resource_changes : [];
  const problems = [...topLevelProblems(parsed), ...changes.flatMap(changeProblems)];
  return problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `and ${problems.length - MAX_PROBLEMS} more`] : problems;
}

function topLevelProblems(plan: Json): string[] {
  const problems: string[] = [];
  if (typeof plan.format_version !== "string") problems.push("it has no format_version");
  else if (!/^1\.\d+$/.test(plan.format_version)) problems.push(`format_version is ${plan.format_version}; supported: 1.x`);
  if (plan.errored === true) problems.push("errored is true: terraform failed while planning, so the plan is incomplete");
  else if (plan.errored !== false) problems.push("it has no errored: false (every plan terraform show -json writes has one)");
  if (plan.resource_changes === undefined) problems.push("it has no resource_changes (a state file or a plan of nothing)");
  else if (!Array.isArray(plan.resource_changes)) problems.push("resource_changes is not a list");
  return problems;
}

function changeProblems(change: unknown, index: number): string[] {
  const at = `resource_changes[${index}]`;
  if (!isObject(change)) return [`${at} is ${describe(change)}, not an object`];
  const name = typeof change.address === "string" && change.address !== "" ? `${at} (${change.address})` : at;
  const problems: string[] = [];
  for (const field of ["address", "type", "name"]) {
    if (typeof change[field] !== "string" || change[field] === "") problems.push(`${name} has no ${field}`);
  }
  if (!MODES.includes(change.mode as string)) problems.push(`${name} has mode ${describe(change.mode)}; allowed: ${MODES.join(", ")}`);
  const actions = isObject(change.change) ? change.change.actions : undefined;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((action) => ACTIONS.includes(action as string))) {
    problems.push(`${name} has change.actions ${describe(actions)}; allowed: a list of ${ACTIONS.join(", ")}`);
  }
  const replacePaths = isObject(change.change) ? change.change.replace_paths : undefined;
  if (replacePaths !== undefined && !(Array.isArray(replacePaths) && replacePaths.every(isAttributePath))) {
    problems.push(`${name} has change.replace_paths that are not lists of keys and indexes`);
  }
  return problems;
}

const isAttributePath = (path: unknown) => Array.isArray(path) && path.every((step) => typeof step === "string" || typeof step === "number");

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
