import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { Construct } from "constructs";
import { principalArn } from "./arn";
import type { RuleBus } from "./event-rule";
import { PolicyGrantee, PolicyStatement, policyDocument, renderPolicy } from "./policy-document";
import type { TargetDelivery } from "./rule-target";

export interface EventBusProps {
  readonly name: string;
  readonly description: string;
  /**
   * Account ids or IAM ARNs allowed to call events:PutEvents; `*` is refused.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
   */
  readonly putEventsPrincipals: readonly string[];
  /** Retry policy and DLQ retention every target of this bus's rules starts from. */
  readonly delivery: TargetDelivery;
}

/** A custom event bus whose resource policy admits only the listed principals. */
export class EventBus extends Construct implements RuleBus {
  readonly busArn: string;
  /** Terraform reference to the bus name. */
  readonly busName: string;
  /** The literal name, for deriving child resource names. */
  readonly physicalName: string;
  readonly delivery: TargetDelivery;

  constructor(scope: Construct, id: string, props: EventBusProps) {
    super(scope, id);
    if (props.putEventsPrincipals.length === 0 || props.putEventsPrincipals.includes("*")) {
      throw new Error(
        `${this.node.path}: putEventsPrincipals is ${JSON.stringify(props.putEventsPrincipals)}; allowed: one or more account ids or IAM ARNs, never "*"`,
      );
    }
    const bus = new CloudwatchEventBus(this, "Resource", { name: props.name, description: props.description });
    new CloudwatchEventBusPolicy(this, "Policy", {
      eventBusName: bus.name,
      policy: renderPolicy(
        policyDocument({
          Sid: "AllowPutEventsFromListedPrincipals",
          Effect: "Allow",
          Principal: { AWS: props.putEventsPrincipals.map(principalArn) },
          Action: "events:PutEvents",
          Resource: bus.arn,
        }),
      ),
    });
    this.busArn = bus.arn;
    this.busName = bus.name;
    this.physicalName = props.name;
    this.delivery = props.delivery;
  }

  /** An identity statement allowing events:PutEvents on this bus only. */
  putEvents(): PolicyStatement {
    return { Effect: "Allow", Action: "events:PutEvents", Resource: this.busArn };
  }

  /** Lets a role put events on this bus only. */
  grantPutEvents(grantee: PolicyGrantee): void {
    grantee.grant(this.putEvents());
  }
}
