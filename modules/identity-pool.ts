import { CognitoIdentityPool } from "@cdktf/provider-aws/lib/cognito-identity-pool";
import { CognitoIdentityPoolRolesAttachment } from "@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { COGNITO_IDENTITY_POOL_NAME, IAM_ROLE_NAME_MAX_LENGTH, assertNameLength } from "./aws-limits";
import { PolicyStatement, policyDocument, renderPolicy, trustPolicy } from "./policy-document";

const COGNITO_IDENTITY = "cognito-identity.amazonaws.com";

export interface IdentityPoolProps {
  /** Identity pool name. @see COGNITO_IDENTITY_POOL_NAME */
  readonly name: string;
  /** Name of the role guests (unauthenticated identities) receive. */
  readonly guestRoleName: string;
}

/**
 * A Cognito identity pool for guests only: unauthenticated identities get short-lived credentials
 * of `guestRole`, which is granted nothing until constructs grant it what guests may call. Only the
 * enhanced (simplified) flow: the classic flow would let a client pick any role the pool trusts.
 */
export class IdentityPool extends Construct {
  readonly identityPoolId: string;
  readonly guestRole: GuestRole;

  constructor(scope: Construct, id: string, props: IdentityPoolProps) {
    super(scope, id);
    if (!COGNITO_IDENTITY_POOL_NAME.test(props.name)) {
      throw new RangeError(
        `${this.node.path}: name ${JSON.stringify(props.name)} is not an identity pool name; allowed: 1-128 letters, digits, spaces or _+=,.@-`,
      );
    }
    const pool = new CognitoIdentityPool(this, "Resource", {
      identityPoolName: props.name,
      allowUnauthenticatedIdentities: true,
      allowClassicFlow: false,
    });
    this.identityPoolId = pool.id;
    this.guestRole = new GuestRole(this, "GuestRole", { name: props.guestRoleName, identityPoolId: pool.id });
    new CognitoIdentityPoolRolesAttachment(this, "Roles", {
      identityPoolId: pool.id,
      roles: { unauthenticated: this.guestRole.roleArn },
    });
  }
}

export interface GuestRoleProps {
  readonly name: string;
  /** Only identities of this pool may assume the role. */
  readonly identityPoolId: string;
}

/**
 * The role Cognito hands to the pool's unauthenticated identities, with one inline policy that
 * grows through `grant(...)`, like ServiceRole (which trusts services, not web identities).
 */
export class GuestRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: GuestRoleProps) {
    super(scope, id);
    assertNameLength(this.node.path, "name", props.name, IAM_ROLE_NAME_MAX_LENGTH);
    const role = new IamRole(this, "Resource", {
      name: props.name,
      description: "Guests (unauthenticated identities) of one Cognito identity pool",
      assumeRolePolicy: renderPolicy(
        trustPolicy({
          Effect: "Allow",
          Principal: { Federated: COGNITO_IDENTITY },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { [`${COGNITO_IDENTITY}:aud`]: props.identityPoolId },
            "ForAnyValue:StringLike": { [`${COGNITO_IDENTITY}:amr`]: "unauthenticated" },
          },
        }),
      ),
    });
    new IamRolePolicy(this, "Policy", {
      name: "least-privilege",
      role: role.id,
      policy: Lazy.stringValue({ produce: () => renderPolicy(policyDocument(...this.statements)) }),
    });
    this.node.addValidation({
      validate: () => (this.statements.length === 0 ? [`role "${props.name}" was granted nothing; grant what guests may call`] : []),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }

  grant(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }
}
