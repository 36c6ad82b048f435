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
