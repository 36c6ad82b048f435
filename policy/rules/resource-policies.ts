import { Statement, allowsAnyPrincipal, deniesInsecureTransport, hasSourceCondition, isAllow, statementsOf } from "../documents";
import type { ResourceView, StackView } from "../stack-view";
import { statementName } from "./blocks";

/**
 * Allow statements open to anyone (`*`) or to an AWS service without saying on behalf of which
 * resource or account (aws:SourceArn / aws:SourceAccount): the confused-deputy gap.
 */
export function unscopedGrants(policy: unknown): string[] {
  const statements = statementsOf(policy);
  if (!statements) return ["cannot read the policy document"];
  return statements.flatMap((statement, index) => {
    if (!isAllow(statement) || hasSourceCondition(statement)) return [];
    if (allowsAnyPrincipal(statement)) return [`${statementName(statement, index)} allows principal "*" without aws:SourceArn or aws:SourceAccount`];
    const services = servicesOf(statement);
    return services.length > 0 ? [`${statementName(statement, index)} allows ${services.join(", ")} without aws:SourceArn or aws:SourceAccount`] : [];
  });
}

function servicesOf(statement: Statement): string[] {
  const principal = statement.Principal as { Service?: unknown } | undefined;
  if (!principal || typeof principal !== "object" || principal.Service === undefined) return [];
  return (Array.isArray(principal.Service) ? principal.Service : [principal.Service]).map(String);
}

/**
 * The policies that govern a resource: its inline `policy` argument and every policy resource of
 * `policyTypes` whose `targetArgument` points at it.
 */
export function policiesOf(
  resource: ResourceView,
  stack: StackView,
  policyTypes: readonly string[],
  targetArgument: string,
  nameAttribute = "name",
): unknown[] {
  const attached = stack
    .ofType(...policyTypes)
    .filter((policy) => stack.pointsAt(policy.config[targetArgument], resource, nameAttribute))
    .map((policy) => policy.config.policy);
  return [resource.config.policy, ...attached].filter((policy) => policy !== undefined);
}

/** Findings for a resource none of whose policies denies `action` over plain HTTP. */
export function tlsOnlyFindings(policies: readonly unknown[], action: string): string[] {
  const statements = policies.flatMap((policy) => statementsOf(policy) ?? []);
  if (statements.some((statement) => deniesInsecureTransport(statement, action))) return [];
  return policies.length === 0
    ? ["no resource policy, so nothing denies requests without TLS"]
    : [`no policy statement denies ${action} when aws:SecureTransport is false`];
}
