import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { PolicyConditions, PolicyStatement, policyDocument, renderPolicy, trustPolicy } from "./policy-document";

interface ServiceRoleBase {
  readonly name: string;
  /** The AWS service that assumes the role, e.g. `states.amazonaws.com`. */
  readonly service: string;
  readonly description: string;
}

/** Who may make the service assume the role (confused-deputy guard): one account, or one resource. */
export type ServiceRoleProps = ServiceRoleBase &
  (
    | { /** Only this account's resources of that service may assume the role. */ readonly sourceAccount: string; readonly sourceArn?: never }
    | { /** Only this one resource (e.g. a rule) may make the service assume the role. */ readonly sourceArn: string; readonly sourceAccount?: never }
  );

/**
 * A role one AWS service assumes, with one inline policy that grows through `grant(...)`:
 * constructs grant exactly what they use, so the policy is least privilege by construction.
 */
export class ServiceRole extends Construct {
  readonly roleArn: string;
  readonly roleName: string;
  private readonly statements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const role = new IamRole(this, "Resource", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: renderPolicy(
        trustPolicy({
          Effect: "Allow",
          Principal: { Service: props.service },
          Action: "sts:AssumeRole",
          Condition: trustCondition(props),
        }),
      ),
    });
    new IamRolePolicy(this, "Policy", {
      name: "least-privilege",
      role: role.id,
      policy: Lazy.stringValue({ produce: () => renderPolicy(policyDocument(...this.statements)) }),
    });
    this.node.addValidation({
      validate: () => (this.statements.length === 0 ? [`role "${props.name}" was granted nothing; grant what it uses`] : []),
    });
    this.roleArn = role.arn;
    this.roleName = role.name;
  }

  grant(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }
}

function trustCondition(props: ServiceRoleProps): PolicyConditions {
  return props.sourceArn !== undefined ? { ArnEquals: { "aws:SourceArn": props.sourceArn } } : { StringEquals: { "aws:SourceAccount": props.sourceAccount } };
}
