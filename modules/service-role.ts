import { Construct } from "constructs";
import { GrantableRole } from "./grantable-role";
import { PolicyConditions } from "./policy-document";

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

/** A role one AWS service assumes, granted what the constructs using it grant. */
export class ServiceRole extends GrantableRole {
  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id, {
      name: props.name,
      description: props.description,
      trust: { Effect: "Allow", Principal: { Service: props.service }, Action: "sts:AssumeRole", Condition: trustCondition(props) },
      grantedUse: "what it uses",
    });
  }
}

function trustCondition(props: ServiceRoleProps): PolicyConditions {
  return props.sourceArn !== undefined ? { ArnEquals: { "aws:SourceArn": props.sourceArn } } : { StringEquals: { "aws:SourceAccount": props.sourceAccount } };
}
