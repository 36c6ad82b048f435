import { defineRule } from "../rule";
import type { ResourceView, StackView } from "../stack-view";
import { block, isOneOf, isSet } from "./blocks";

/**
 * Managed runtimes AWS still supports (not deprecated); update as AWS deprecates or adds them.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html
 */
export const SUPPORTED_LAMBDA_RUNTIMES = [
  "nodejs24.x",
  "nodejs22.x",
  "nodejs20.x",
  "python3.14",
  "python3.13",
  "python3.12",
  "python3.11",
  "python3.10",
  "java25",
  "java21",
  "java17",
  "java11",
  "java8.al2",
  "dotnet10",
  "dotnet8",
  "ruby3.4",
  "ruby3.3",
  "provided.al2023",
  "provided.al2",
] as const;

const FUNCTIONS = ["aws_lambda_function"];

/** Asynchronous invocation configs that apply to the function. */
function invokeConfigsOf(fn: ResourceView, stack: StackView): ResourceView[] {
  return stack.ofType("aws_lambda_function_event_invoke_config").filter((config) => stack.pointsAt(config.config.function_name, fn, "function_name"));
}

export const lambdaExplicitTimeout = defineRule({
  id: "lambda-explicit-timeout",
  source: "cdk-nag Serverless-LambdaDefaultTimeout",
  explanation: "The default 3-second timeout is nobody's decision: too short it kills work midway, too long it burns concurrency on hangs.",
  fix: "Set timeout from the function's measured duration (orderFlow.inventoryFunction.timeoutSeconds).",
  resourceTypes: FUNCTIONS,
  check: (fn) => (isSet(fn.config.timeout) ? [] : ["timeout is not set (defaults to 3 seconds)"]),
});

export const lambdaConcurrency = defineRule({
  id: "lambda-concurrency",
  source: "checkov CKV_AWS_115",
  explanation: "An unbounded function can take the account's whole concurrency in a burst and throttle every other function.",
  fix: "Set reserved_concurrent_executions (orderFlow.inventoryFunction.reservedConcurrency).",
  resourceTypes: FUNCTIONS,
  check: (fn) => {
    const reserved = fn.config.reserved_concurrent_executions;
    return isSet(reserved) && reserved !== -1 ? [] : ["reserved_concurrent_executions is not set (unbounded)"];
  },
});

export const lambdaTracing = defineRule({
  id: "lambda-tracing",
  source: "checkov CKV_AWS_50; cdk-nag Serverless-LambdaTracing",
  explanation: "Without active X-Ray tracing the function's part of an order's path is invisible.",
  fix: 'Set tracing_config.mode = "Active" (and grant xray:PutTraceSegments, PutTelemetryRecords).',
  resourceTypes: FUNCTIONS,
  check: (fn) =>
    block(fn.config.tracing_config)?.mode === "Active" ? [] : [`tracing mode is ${block(fn.config.tracing_config)?.mode ?? "PassThrough (not set)"}`],
});

export const lambdaSupportedRuntime = defineRule({
  id: "lambda-supported-runtime",
  source: "cdk-nag Serverless-LambdaLatestVersion; https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
  explanation: "A deprecated runtime gets no security patches, and AWS eventually blocks creating and updating functions on it.",
  fix: `Use a supported runtime: ${SUPPORTED_LAMBDA_RUNTIMES.join(", ")}.`,
  resourceTypes: FUNCTIONS,
  check: (fn) => {
    if (fn.config.package_type === "Image") return [];
    const runtime = fn.config.runtime;
    return isOneOf(runtime, SUPPORTED_LAMBDA_RUNTIMES) ? [] : [`runtime ${JSON.stringify(runtime ?? null)} is not a supported runtime`];
  },
});

export const lambdaAsyncFailureDestination = defineRule({
  id: "lambda-async-failure-destination",
  source: "cdk-nag Serverless-LambdaAsyncFailureDestination",
  explanation: "An asynchronous invocation (EventBridge, SNS, S3) that still fails after Lambda's retries is dropped unless it has a failure destination.",
  fix: "Add aws_lambda_function_event_invoke_config with destination_config.on_failure (modules/async-invocation.ts), or a dead_letter_config.",
  resourceTypes: FUNCTIONS,
  check: (fn, stack) => {
    if (isSet(block(fn.config.dead_letter_config)?.target_arn)) return [];
    const destinations = invokeConfigsOf(fn, stack).filter((config) => isSet(block(block(config.config.destination_config)?.on_failure)?.destination));
    return destinations.length > 0 ? [] : ["no on-failure destination for asynchronous invocations"];
  },
});

export const lambdaPermissionSourceArn = defineRule({
  id: "lambda-permission-source-arn",
  source: "checkov CKV_AWS_364",
  explanation: "A permission for a service without source_arn lets that service invoke the function on behalf of any account's resources.",
  fix: "Set source_arn to the one rule, topic or API allowed (NodeFunction.grantInvokeFromRule does); source_account as well for S3.",
  resourceTypes: ["aws_lambda_permission"],
  check: (permission) => {
    const principal = String(permission.config.principal ?? "");
    const forService = principal === "*" || principal.endsWith(".amazonaws.com");
    if (!forService || isSet(permission.config.source_arn) || isSet(permission.config.principal_org_id)) return [];
    return [`principal ${principal} may invoke without source_arn`];
  },
});

export const LAMBDA_RULES = [
  lambdaExplicitTimeout,
  lambdaConcurrency,
  lambdaTracing,
  lambdaSupportedRuntime,
  lambdaAsyncFailureDestination,
  lambdaPermissionSourceArn,
] as const;
