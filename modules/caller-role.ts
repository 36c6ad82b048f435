import { Construct } from "constructs";
import { principalArn } from "./arn";
import { GrantableRole } from "./grantable-role";

export interface CallerRoleProps {
  readonly name: string;
  readonly description: string;
  /** Accounts (12 digits) or IAM role/user ARNs allowed to assume the role; never "*". */
  readonly assumedBy: readonly string[];
}

/**
 * A role that clients assume to call one thing (the counterpart of ServiceRole, which an AWS
 * service assumes): who may assume it is config, what it may do is what constructs grant. An
 * account principal lets that account's own administrators decide which of their identities may
 * assume it.
 */
export class CallerRole extends GrantableRole {
  constructor(scope: Construct, id: string, props: CallerRoleProps) {
    validate(`${scope.node.path}/${id}`, props);
    super(scope, id, {
      name: props.name,
      description: props.description,
      trust: { Effect: "Allow", Principal: { AWS: props.assumedBy.map(principalArn) }, Action: "sts:AssumeRole" },
      grantedUse: "what its callers use",
    });
  }
}

function validate(path: string, props: CallerRoleProps): void {
  if (props.assumedBy.length === 0) throw new Error(`${path}: assumedBy is empty; allowed: one or more accounts or IAM role/user ARNs`);
  const wildcard = props.assumedBy.find((principal) => principal.includes("*"));
  if (wildcard) throw new Error(`${path}: assumedBy holds ${JSON.stringify(wildcard)}; allowed: accounts or IAM role/user ARNs, never a wildcard`);
}
