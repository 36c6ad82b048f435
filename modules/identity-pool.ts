import { CognitoIdentityPool } from "@cdktf/provider-aws/lib/cognito-identity-pool";
import { CognitoIdentityPoolRolesAttachment } from "@cdktf/provider-aws/lib/cognito-identity-pool-roles-attachment";
import { Construct } from "constructs";
import { COGNITO_IDENTITY_POOL_NAME } from "./aws-limits";
import { GrantableRole } from "./grantable-role";

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

/** The role Cognito hands to the pool's unauthenticated identities, granted what guests may call. */
export class GuestRole extends GrantableRole {
  constructor(scope: Construct, id: string, props: GuestRoleProps) {
    super(scope, id, {
      name: props.name,
      description: "Guests (unauthenticated identities) of one Cognito identity pool",
      trust: {
        Effect: "Allow",
        Principal: { Federated: COGNITO_IDENTITY },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { [`${COGNITO_IDENTITY}:aud`]: props.identityPoolId },
          "ForAnyValue:StringLike": { [`${COGNITO_IDENTITY}:amr`]: "unauthenticated" },
        },
      },
      grantedUse: "what guests may call",
    });
  }
}
