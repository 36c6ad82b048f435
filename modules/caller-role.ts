import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { principalArn } from "./arn";
import { IAM_ROLE_NAME_MAX_LENGTH } from "./aws-limits";
import { PolicyGrantee, PolicyStatement, policyDocument, renderPolicy, trustPolicy } from "./policy-document";

export interface CallerRoleProps {
  readonly name: string;
  readonly description: string;
  /** Accounts (12 digits) or IAM role/user ARNs allowed to assume the role; never "*". */
  readonly assumedBy: readonly string[];
}

/**
 * A role that clients assume to call one thing (the counterpart of ServiceRole, which an AWS
 * service assumes): who may assume it is config, what it may do grows through `grant(...)`, so the
 * policy holds exactly what the caller needs. An account principal lets that account's own
 * administrators decide which of their identities may assume it.
 */
export class CallerRole extends Construct implements PolicyGrantee {
  readonly roleArn: string;
  readonly roleName: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: CallerRoleProps) {
    super(scope, id);
    validate(this.node.path, props);
    const role = new IamRole(this, "Resource", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: renderPolicy(trustPolicy({ Effect: "Allow", Principal: { AWS: props.assumedBy.map(principalArn) }, Action: "sts:AssumeRole" })),
    });
    new IamRolePolicy(this, "Policy", {
      name: "least-privilege",
      role: role.id,
      policy: Lazy.stringValue({ produce: () => renderPolicy(policyDocument(...this.statements)) }),
    });
    this.node.addValidation({
      validate: () => (this.statements.length === 0 ? [`role "${props.name}" was granted nothing; grant what its callers use`] : []),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }

  grant(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }
}

function validate(path: string, props: CallerRoleProps): void {
  if (props.assumedBy.length === 0) throw new Error(`${path}: assumedBy is empty; allowed: one or more accounts or IAM role/user ARNs`);
  const wildcard = props.assumedBy.find((principal) => principal.includes("*"));
  if (wildcard) throw new Error(`${path}: assumedBy holds ${JSON.stringify(wildcard)}; allowed: accounts or IAM role/user ARNs, never a wildcard`);
  if (props.name.length > IAM_ROLE_NAME_MAX_LENGTH) {
    throw new RangeError(`${path}: name "${props.name}" is ${props.name.length} characters; allowed: at most ${IAM_ROLE_NAME_MAX_LENGTH}`);
  }
}
