import { CloudwatchLogResourcePolicy } from "@cdktf/provider-aws/lib/cloudwatch-log-resource-policy";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ArnScope, arnFor, deploymentLocation } from "./arn";
import { policyDocument, renderPolicy } from "./policy-document";

export interface EventsLogDeliveryProps {
  readonly policyName: string;
  /** @default - the stack's deployment location (setDeploymentLocation) */
  readonly location?: ArnScope;
  /** Every log group EventBridge writes to is named under this prefix, e.g. `/aws/events/orders-dev/`. */
  readonly logGroupNamePrefix: string;
}

/**
 * The CloudWatch Logs resource policy that lets EventBridge rules write to log groups.
 * Without it, log targets deploy fine and silently receive nothing. An account has at most
 * 10 such policies per region, so there is one per environment, covering its rules only.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-cloudwatchlogs-permissions
 */
export class EventsLogDelivery extends Construct {
  readonly logGroupNamePrefix: string;
  private readonly ruleArns: string[] = [];

  constructor(scope: Construct, id: string, props: EventsLogDeliveryProps) {
    super(scope, id);
    const location = props.location ?? deploymentLocation(this);
    if (!props.logGroupNamePrefix.startsWith("/aws/events/") || !props.logGroupNamePrefix.endsWith("/")) {
      throw new Error(`${this.node.path}: logGroupNamePrefix is "${props.logGroupNamePrefix}"; allowed: a path under /aws/events/ ending in "/"`);
    }
    this.logGroupNamePrefix = props.logGroupNamePrefix;
    const logStreams = arnFor("logs", location, `log-group:${props.logGroupNamePrefix}*:*`);
    const writers = { Service: ["events.amazonaws.com", "delivery.logs.amazonaws.com"] };
    new CloudwatchLogResourcePolicy(this, "Resource", {
      policyName: props.policyName,
      policyDocument: Lazy.stringValue({
        produce: () =>
          renderPolicy(
            policyDocument(
              { Sid: "CreateStreams", Effect: "Allow", Principal: writers, Action: "logs:CreateLogStream", Resource: logStreams },
              {
                // The source condition applies to PutLogEvents only; CreateLogStream carries no source ARN.
                Sid: "PutEventsFromThisEnvironmentsRules",
                Effect: "Allow",
                Principal: writers,
                Action: "logs:PutLogEvents",
                Resource: logStreams,
                Condition: { ArnEquals: { "aws:SourceArn": this.ruleArns } },
              },
            ),
          ),
      }),
    });
    this.node.addValidation({
      validate: () => (this.ruleArns.length === 0 ? ["no rule was allowed to write; remove the construct or call grantWriteFromRule()"] : []),
    });
  }

  /** The full name of a log group this policy covers. */
  logGroupName(suffix: string): string {
    return `${this.logGroupNamePrefix}${suffix}`;
  }

  /** Lets this one rule write to the log groups under the prefix. */
  grantWriteFromRule(rule: { readonly ruleArn: string }): void {
    this.ruleArns.push(rule.ruleArn);
  }
}
