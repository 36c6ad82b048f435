/** Reading ARNs and principals in policy documents, literally (Terraform references are not judged). */

export const ARN_SEGMENTS = ["partition", "service", "region", "account", "resource"] as const;
export type ArnSegment = (typeof ARN_SEGMENTS)[number];

const WILDCARD = /[*?]/;
const REFERENCE = "${";

/**
 * The segments of an ARN that a wildcard leaves open. Partition, service, region and account are
 * open when they hold `*` or `?` at all; the resource when its type holds one, or its name starts
 * with one (`table/*`, `role/*`, `log-group:*`), so nothing of the name is fixed. A name with a
 * literal prefix (`table/orders-prod-*`, `log-group:/aws/events/orders-prod/*`) is scoped.
 */
export function wildcardSegments(arn: string): ArnSegment[] {
  if (!arn.startsWith("arn:")) return [];
  const [, partition = "", service = "", region = "", account = "", ...rest] = arn.split(":");
  const resource = rest.join(":");
  const open: ArnSegment[] = [];
  const segments: Record<Exclude<ArnSegment, "resource">, string> = { partition, service, region, account };
  for (const [name, value] of Object.entries(segments)) {
    if (!value.includes(REFERENCE) && WILDCARD.test(value)) open.push(name as ArnSegment);
  }
  if (resourceIsOpen(service, resource)) open.push("resource");
  return open;
}

function resourceIsOpen(service: string, resource: string): boolean {
  if (resource.startsWith(REFERENCE)) return false;
  // S3 object and bucket ARNs have no resource type: the bucket name comes first.
  const separator = service === "s3" ? -1 : resource.search(/[/:]/);
  if (separator < 0) return /^[*?]/.test(resource) || resource === "";
  const type = resource.slice(0, separator);
  const name = resource.slice(separator + 1);
  return WILDCARD.test(type) || /^[*?]/.test(name) || name === "";
}

/** The account a principal names: a 12-digit id or the account segment of an ARN (undefined for `*`, services, references). */
export function accountOfPrincipal(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const account = principal.startsWith("arn:") ? principal.split(":")[4] : undefined;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** The account segment of a literal ARN, if it names one. */
export function accountOfArn(arn: string): string | undefined {
  return arn.startsWith("arn:") ? accountOfPrincipal(arn) : undefined;
}
