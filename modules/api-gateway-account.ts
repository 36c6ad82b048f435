import { ApiGatewayAccount as AccountResource } from "@cdktf/provider-aws/lib/api-gateway-account";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { ArnScope, arnFor, deploymentLocation } from "./arn";
import { IAM_ROLE_NAME_MAX_LENGTH, assertNameLength } from "./aws-limits";
import { ServiceRole } from "./service-role";

/** The log groups API Gateway writes: execution logs it names itself, and access logs by convention. */
export const API_LOG_GROUPS = ["API-Gateway-Execution-Logs_*", "/aws/apigateway/*"] as const;

export interface ApiGatewayAccountProps {
  /** Name of the role API Gateway assumes to write logs. */
  readonly roleName: string;
  /** The account and region whose API Gateway setting this is.
   * @default - the stack's deployment location (setDeploymentLocation)
   */
  readonly location?: ArnScope;
}

/**
 * The account-level API Gateway setting naming the role that writes REST API execution and access
 * logs to CloudWatch Logs. One per account and region: whoever owns it must be the only stack
 * creating it. Destroying it resets the setting (`reset_on_delete`), so no deleted role stays named.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export class ApiGatewayAccount extends Construct {
  readonly roleArn: string;
  /** The setting itself: stages that log must be created after it. */
  readonly resource: AccountResource;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountProps) {
    super(scope, id);
    const location = props.location ?? deploymentLocation(this);
    assertNameLength(this.node.path, "roleName", props.roleName, IAM_ROLE_NAME_MAX_LENGTH);
    const role = new ServiceRole(this, "Role", {
      name: props.roleName,
      service: "apigateway.amazonaws.com",
      sourceAccount: location.accountId,
      description: "Lets API Gateway write REST API logs of this account and region",
    });
    // The setting is account-wide, so any API of the account logs through this role: it may write
    // only the groups API Gateway writes, execution logs (named by API Gateway) and access logs
    // under /aws/apigateway/, in this region.
    role.grant(
      {
        Sid: "WriteApiLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: API_LOG_GROUPS.map((group) => arnFor("logs", location, `log-group:${group}`)),
      },
      // DescribeLogGroups has no resource-level permissions.
      { Sid: "ListLogGroups", Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    );
    this.resource = new AccountResource(this, "Resource", {
      cloudwatchRoleArn: role.roleArn,
      resetOnDelete: true,
      // API Gateway checks the role's permissions when the setting is made.
      dependsOn: [role.node.findChild("Policy") as IamRolePolicy],
    });
    this.roleArn = role.roleArn;
  }
}
