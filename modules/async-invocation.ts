import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { Construct } from "constructs";
import { LAMBDA_ASYNC_EVENT_AGE_SECONDS, LAMBDA_ASYNC_RETRIES, assertIntegerInRange } from "./aws-limits";
import { DeadLetterQueue } from "./dead-letter-queue";
import { EventBus } from "./event-bus";
import { NodeFunction } from "./node-function";

export interface AsyncInvocationProps {
  readonly function: NodeFunction;
  /** Lambda's own retries after a failed asynchronous invocation. @see LAMBDA_ASYNC_RETRIES */
  readonly retries: number;
  /** @see LAMBDA_ASYNC_EVENT_AGE_SECONDS */
  readonly maxEventAgeSeconds: number;
  /** Receives the execution record of every successful invocation. */
  readonly onSuccess: EventBus;
  /** Receives the record of an invocation whose retries are exhausted or whose event got too old. */
  readonly onFailure: DeadLetterQueue;
}

/**
 * How Lambda handles asynchronous invocations of a function: retries, maximum event age, and the
 * destinations, which Lambda calls with the function's role (granted here, scoped to each target).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
 */
export class AsyncInvocation extends Construct {
  constructor(scope: Construct, id: string, props: AsyncInvocationProps) {
    super(scope, id);
    assertIntegerInRange(this.node.path, "retries", props.retries, LAMBDA_ASYNC_RETRIES);
    assertIntegerInRange(this.node.path, "maxEventAgeSeconds", props.maxEventAgeSeconds, LAMBDA_ASYNC_EVENT_AGE_SECONDS);
    props.function.role.grant(
      { Sid: "OnSuccessDestination", ...props.onSuccess.putEvents() },
      { Sid: "OnFailureDestination", Effect: "Allow", Action: "sqs:SendMessage", Resource: props.onFailure.queueArn },
    );
    props.function.recordDestination(props.onSuccess.busName);
    new LambdaFunctionEventInvokeConfig(this, "Resource", {
      functionName: props.function.functionName,
      maximumRetryAttempts: props.retries,
      maximumEventAgeInSeconds: props.maxEventAgeSeconds,
      destinationConfig: {
        onSuccess: { destination: props.onSuccess.busArn },
        onFailure: { destination: props.onFailure.queueArn },
      },
    });
  }
}
