import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { IAM_ROLE_NAME_MAX_LENGTH, assertNameLength } from "./aws-limits";
import { PolicyGrantee, PolicyStatement, TrustStatement, policyDocument, renderPolicy, trustPolicy } from "./policy-document";

export interface GrantableRoleProps {
  readonly name: string;
  readonly description: string;
  /** Who may assume the role, and on which condition. */
  readonly trust: TrustStatement;
  /** Completes "grant ..." in the error a role granted nothing fails synth with, e.g. "what guests may call". */
  readonly grantedUse: string;
}

/**
 * A role with one inline policy that grows through `grant(...)`: constructs grant exactly what
 * they use, so the policy is least privilege by construction, and a role granted nothing fails
 * synth. Subclasses differ only in whom the role trusts (ServiceRole, CallerRole, GuestRole).
 */
export class GrantableRole extends Construct implements PolicyGrantee {
  readonly roleArn: string;
  readonly roleName: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: GrantableRoleProps) {
    super(scope, id);
    assertNameLength(this.node.path, "name", props.name, IAM_ROLE_NAME_MAX_LENGTH);
    const role = new IamRole(this, "Resource", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: renderPolicy(trustPolicy(props.trust)),
    });
    new IamRolePolicy(this, "Policy", {
      name: "least-privilege",
      role: role.id,
      policy: Lazy.stringValue({ produce: () => renderPolicy(policyDocument(...this.statements)) }),
    });
    this.node.addValidation({
      validate: () => (this.statements.length === 0 ? [`role "${props.name}" was granted nothing; grant ${props.grantedUse}`] : []),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }

  grant(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }
}
