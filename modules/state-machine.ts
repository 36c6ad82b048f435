import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { deploymentLocation } from "./arn";
import { StateMachineDefinition } from "./asl";
import { LogRetentionDays, STATE_MACHINE_NAME_MAX_LENGTH, StateMachineType, WorkflowLogLevel, assertNameLength } from "./aws-limits";
import { LogGroup } from "./log-group";
import { PolicyGrantee, PolicyStatement } from "./policy-document";
import { ServiceRole } from "./service-role";
import type { Watched, WatchedResource } from "./monitoring/watched";

export interface StateMachineProps {
  readonly name: string;
  readonly type: StateMachineType;
  readonly definition: StateMachineDefinition;
  /** What the definition's tasks call; the role gets exactly these plus logging and tracing. */
  readonly taskPermissions: readonly PolicyStatement[];
  readonly logLevel: WorkflowLogLevel;
  readonly includeExecutionData: boolean;
  readonly logRetentionDays: LogRetentionDays;
  /** @default - the stack's deployment account (setDeploymentLocation) */
  readonly accountId?: string;
}

/** A Step Functions state machine that always logs and traces, with a least-privilege role. */
export class StateMachine extends Construct implements Watched {
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly role: ServiceRole;
  /** The state machine's account: roles that start it trust services of this account only. */
  readonly accountId: string;
  /** Failed and timed-out executions page ops (modules/monitoring). */
  readonly watched: WatchedResource;

  constructor(scope: Construct, id: string, props: StateMachineProps) {
    super(scope, id);
    this.accountId = props.accountId ?? deploymentLocation(this).accountId;
    assertNameLength(this.node.path, "name", props.name, STATE_MACHINE_NAME_MAX_LENGTH);
    if (!(props.definition.StartAt in props.definition.States)) {
      throw new Error(
        `${this.node.path}: StartAt "${props.definition.StartAt}" names no state; allowed: one of ${Object.keys(props.definition.States).join(", ")}`,
      );
    }
    // /aws/vendedlogs/ keeps the account's CloudWatch Logs resource policy small (AWS guidance).
    const logGroup = new LogGroup(this, "Logs", { name: `/aws/vendedlogs/states/${props.name}`, retentionDays: props.logRetentionDays });
    this.role = new ServiceRole(this, "Role", {
      name: `${props.name}-sfn`,
      service: "states.amazonaws.com",
      sourceAccount: this.accountId,
      description: `Runs the ${props.name} workflow`,
    });
    this.role.grant(...props.taskPermissions, ...loggingAndTracing());
    const stateMachine = new SfnStateMachine(this, "Resource", {
      name: props.name,
      type: props.type,
      roleArn: this.role.roleArn,
      definition: Fn.jsonencode(props.definition),
      loggingConfiguration: {
        logDestination: `${logGroup.logGroupArn}:*`,
        level: props.logLevel,
        includeExecutionData: props.includeExecutionData,
      },
      tracingConfiguration: { enabled: true },
    });
    this.stateMachineArn = stateMachine.arn;
    this.stateMachineName = stateMachine.name;
    this.watched = { kind: "state-machine", dimensions: { StateMachineArn: stateMachine.arn }, label: props.name, arn: this.stateMachineArn };
  }

  /** Lets a role (e.g. an EventBridge target role) start executions of this state machine only. */
  grantStartExecution(grantee: PolicyGrantee): void {
    grantee.grant({ Effect: "Allow", Action: "states:StartExecution", Resource: this.stateMachineArn });
  }
}

/**
 * Vended-log delivery and X-Ray APIs do not support resource-level permissions, hence `*`.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
function loggingAndTracing(): PolicyStatement[] {
  return [
    {
      Sid: "VendedLogDelivery",
      Effect: "Allow",
      Action: [
        "logs:CreateLogDelivery",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
      ],
      Resource: "*",
    },
    {
      Sid: "XRayTracing",
      Effect: "Allow",
      Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
      Resource: "*",
    },
  ];
}
