import type { IConstruct } from "constructs";

/** Where an ARN points; only the `aws` partition is supported (no GovCloud or China yet). */
export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
}

export function arnFor(service: string, scope: ArnScope, resource: string): string {
  return `arn:aws:${service}:${scope.region}:${scope.accountId}:${resource}`;
}

/** Account ids become root ARNs, the form AWS stores, so plans show no spurious diff. */
export function principalArn(principal: string): string {
  return /^\d{12}$/.test(principal) ? `arn:aws:iam::${principal}:root` : principal;
}

const LOCATION_CONTEXT = "deploymentLocation";

/**
 * Records the account and region a stack deploys to, so the constructs below it build their ARNs
 * and trust conditions from it instead of each taking an account id. Call it before adding children.
 */
export function setDeploymentLocation(stack: IConstruct, location: ArnScope): void {
  stack.node.setContext(LOCATION_CONTEXT, { region: location.region, accountId: location.accountId });
}

/** The account and region of the stack `scope` is in (see setDeploymentLocation). */
export function deploymentLocation(scope: IConstruct): ArnScope {
  const location = scope.node.tryGetContext(LOCATION_CONTEXT) as ArnScope | undefined;
  if (!location) {
    throw new Error(`${scope.node.path}: no deployment location; allowed: a stack that calls setDeploymentLocation(this, { accountId, region }) first`);
  }
  return location;
}

/** `props` with `accountId` and `region` taken from the stack's deployment location where absent. */
export function withLocation<T extends Partial<ArnScope>>(scope: IConstruct, props: T): T & ArnScope {
  if (props.accountId !== undefined && props.region !== undefined) return props as T & ArnScope;
  const location = deploymentLocation(scope);
  return { ...props, accountId: props.accountId ?? location.accountId, region: props.region ?? location.region };
}
