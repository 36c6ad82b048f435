import { defineRule } from "../rule";
import { block, isOneOf, isSet, isTrue } from "./blocks";

const LOGGING_LEVELS = ["ALL", "ERROR", "FATAL"];

export const sfnLogging = defineRule({
  id: "sfn-logging",
  source: "checkov CKV_AWS_285; cdk-nag AwsSolutions-SF1",
  explanation: "A state machine without execution logging leaves no record of why an order's workflow failed.",
  fix: "Set logging_configuration with level ALL, ERROR or FATAL and a log_destination (orderFlow.workflow.logLevel; modules/state-machine.ts).",
  resourceTypes: ["aws_sfn_state_machine"],
  check: (machine) => {
    const logging = block(machine.config.logging_configuration);
    if (!logging || !isOneOf(logging.level, LOGGING_LEVELS)) return [`logging level is ${logging?.level ?? "OFF (not set)"}`];
    return isSet(logging.log_destination) ? [] : ["logging_configuration has no log_destination"];
  },
});

export const sfnTracing = defineRule({
  id: "sfn-tracing",
  source: "checkov CKV_AWS_284; cdk-nag AwsSolutions-SF2",
  explanation: "Without X-Ray an order cannot be followed from the bus through the workflow's service calls.",
  fix: "Set tracing_configuration.enabled = true.",
  resourceTypes: ["aws_sfn_state_machine"],
  check: (machine) => (isTrue(block(machine.config.tracing_configuration)?.enabled) ? [] : ["X-Ray tracing is off"]),
});

export const STEP_FUNCTIONS_RULES = [sfnLogging, sfnTracing] as const;
