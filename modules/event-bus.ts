import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { Construct } from "constructs";
import { principalArn } from "./arn";
import { EventRule, EventRuleProps } from "./event-rule";
import { PolicyStatement, policyDocument, renderPolicy } from "./policy-document";

export interface EventBusProps {
  readonly name: string;
  readonly description: string;
  /**
   * Account ids or IAM ARNs allowed to call events:PutEvents; `*` is refused.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html
   */
  readonly putEventsPrincipals: readonly string[];
}

/** A custom event bus whose resource policy admits only the listed principals. */
export class EventBus extends Construct {
  readonly busArn: string;
  /** Terraform reference to the bus name. */
  readonly busName: string;
  /** The literal name, for deriving child resource names. */
  readonly physicalName: string;

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
  }

  /** An identity statement allowing events:PutEvents on this bus only. */
  putEvents(): PolicyStatement {
    return { Effect: "Allow", Action: "events:PutEvents", Resource: this.busArn };
  }

  addRule(id: string, props: Omit<EventRuleProps, "bus">): EventRule {
    return new EventRule(this, id, { ...props, bus: this });
  }
}
