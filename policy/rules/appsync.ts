import { defineRule } from "../rule";
import { block, blocks, isOneOf, isSet, isTrue } from "./blocks";

const APIS = ["aws_appsync_graphql_api"];
const FIELD_LOG_LEVELS = ["ERROR", "ALL", "INFO", "DEBUG"];

export const appsyncFieldLogging = defineRule({
  id: "appsync-field-logging",
  source: "checkov CKV_AWS_193, CKV_AWS_194; cdk-nag AwsSolutions-ASC3",
  explanation: "Without field-level logs (through a role AppSync can assume) resolver errors and who called what leave no trace.",
  fix: "Set log_config with field_log_level ERROR or ALL and cloudwatch_logs_role_arn (statusUpdates.realtime.fieldLogLevel).",
  resourceTypes: APIS,
  check: (api) => {
    const logging = block(api.config.log_config);
    const problems: string[] = [];
    if (!isOneOf(logging?.field_log_level, FIELD_LOG_LEVELS)) problems.push(`field_log_level is ${logging?.field_log_level ?? "NONE (no log_config)"}`);
    if (!isSet(logging?.cloudwatch_logs_role_arn)) problems.push("log_config has no cloudwatch_logs_role_arn");
    return problems;
  },
});

export const appsyncTracing = defineRule({
  id: "appsync-tracing",
  source: "cdk-nag Serverless-AppSyncTracing",
  explanation: "Without X-Ray the status update path from EventBridge through the resolvers cannot be followed.",
  fix: "Set xray_enabled = true.",
  resourceTypes: APIS,
  check: (api) => (isTrue(api.config.xray_enabled) ? [] : ["X-Ray tracing is off"]),
});

export const appsyncNoApiKey = defineRule({
  id: "appsync-no-api-key",
  source: "https://docs.aws.amazon.com/appsync/latest/devguide/security-authz.html",
  explanation: "An API key is a long-lived shared secret that identifies no caller; AWS positions it for development and public data only.",
  fix: "Authenticate clients with AWS_IAM (Cognito identity pool) or Cognito user pools; leave statusUpdates.realtime.apiKey out.",
  resourceTypes: APIS,
  check: (api) => {
    const modes = [api.config.authentication_type, ...blocks(api.config.additional_authentication_provider).map((p) => p.authentication_type)];
    return modes.includes("API_KEY") ? ["API_KEY is an authentication mode"] : [];
  },
});

export const APPSYNC_RULES = [appsyncFieldLogging, appsyncTracing, appsyncNoApiKey] as const;
