import { partition } from "@aws-sdk/core/client";

/**
 * Whether `region` is a real region of the `aws` partition (the only one ARNs are built for).
 * The list is the AWS SDK's partition data (`@aws-sdk/core`, regenerated with every SDK release
 * and installed with the runtime dependencies), not a hand-kept regex: the SDK describes every
 * region it knows, and only a guessed code matching its fallback pattern comes back undescribed.
 */
export function isKnownRegion(region: string): boolean {
  if (!/^[a-z]{2}-[a-z]+-\d+$/.test(region)) return false;
  const found = partition(region) as { name?: string; description?: string };
  return found.name === "aws" && typeof found.description === "string";
}

export const REGION_ALLOWED = "a region of the aws partition known to the installed AWS SDK (@aws-sdk/core), such as eu-west-1";
