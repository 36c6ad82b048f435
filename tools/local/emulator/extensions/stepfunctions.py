"""Step Functions: the APIs the AWS provider calls that moto lacks, moto's ASL executor pointed
at this server, and the task-token and SDK-integration details moto gets wrong."""

import copy
import datetime
import json
import types
import uuid

import boto3
import moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_aws_sdk as sfn_aws_sdk
import moto.stepfunctions.parser.asl.component.state.state as asl_state
import moto.stepfunctions.parser.asl.utils.boto_client as sfn_boto_client
from moto.core.responses import ActionResult, EmptyResult
from moto.stepfunctions.models import StateMachine
from moto.stepfunctions.parser.models import StepFunctionsParserBackend
from moto.stepfunctions.responses import StepFunctionResponse


def answer_validate_state_machine_definition() -> None:
    """Step Functions ValidateStateMachineDefinition (missing in moto 5.2.1).

    The AWS provider calls it before create/update and retries moto's 500 for minutes. Checks
    what can be checked without AWS's validator: the definition is JSON, and StartAt names a
    state. Anything deeper is the job of the project's ASL validation in the unit tests.
    """

    def validate_state_machine_definition(self):
        diagnostics = _definition_diagnostics(self._get_param("definition"))
        return ActionResult({"result": "FAIL" if diagnostics else "OK", "diagnostics": diagnostics, "truncated": False})

    StepFunctionResponse.validate_state_machine_definition = validate_state_machine_definition


def _definition_diagnostics(definition: str) -> list:
    try:
        parsed = json.loads(definition)
    except (TypeError, ValueError) as error:
        return [{"severity": "ERROR", "code": "INVALID_JSON_DESCRIPTION", "message": str(error)}]
    states = parsed.get("States") if isinstance(parsed, dict) else None
    if not isinstance(states, dict) or parsed.get("StartAt") not in states:
        return [{"severity": "ERROR", "code": "MISSING_TRANSITION_TARGET", "message": "StartAt does not name a state in States", "location": "/StartAt"}]
    return []


def answer_list_state_machine_versions() -> None:
    """Step Functions ListStateMachineVersions (missing in moto 5.2.1; the provider reads it).

    Lists the versions moto stores (published with `publish: true` on create/update), newest
    first as AWS does; none for a machine never published. An unknown ARN gets moto's own
    StateMachineDoesNotExist. One page: no pagination (a local machine has few versions).
    """

    def list_state_machine_versions(self):
        machine = self.stepfunction_backend.describe_state_machine(self._get_param("stateMachineArn"))
        versions = sorted(getattr(machine, "versions", {}).values(), key=lambda v: v.version, reverse=True)
        listed = [{"stateMachineVersionArn": v.arn, "creationDate": v.creation_date} for v in versions]
        return ActionResult({"stateMachineVersions": listed})

    StepFunctionResponse.list_state_machine_versions = list_state_machine_versions


def route_workflow_calls_to_this_server(endpoint: str, ca_bundle: str) -> None:
    """Step Functions task integrations (dynamodb:putItem, events:putEvents, ...).

    moto's ASL executor calls the other services through boto3 at http://localhost:$MOTO_PORT;
    this server speaks HTTPS only, so its clients are pointed here instead, trusting this
    server's certificate.
    """

    def client(*args, **kwargs):
        kwargs.update(endpoint_url=endpoint, verify=ca_bundle)
        return boto3.client(*args, **kwargs)

    sfn_boto_client.boto3 = types.SimpleNamespace(client=client)


def allow_more_than_one_execution() -> None:
    """Step Functions StartExecution, from the second execution of a state machine on.

    moto's executor deep-copies the state machine for each new execution, including its earlier
    executions, whose worker threads hold locks that cannot be copied: every execution after the
    first fails. The copy is only the new execution's view of the definition, so it is made
    without the list of earlier executions (which stays on the original).
    """

    def clone_without_executions(self, memo):
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for name, value in self.__dict__.items():
            setattr(clone, name, [] if name == "executions" else copy.deepcopy(value, memo))
        return clone

    StateMachine.__deepcopy__ = clone_without_executions


def name_comprehend_errors_as_aws_does() -> None:
    """Step Functions `aws-sdk:comprehend:*` task errors: `Comprehend.<Exception>`.

    AWS names an SDK integration's errors `ServiceName.ExceptionName`, both in PascalCase
    (`Comprehend.TextSizeLimitExceededException`); moto's executor kept the lower-case service
    name of the resource ARN for services it has no binding for, so a Retry or Catch written
    for AWS never matched.
    @see https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html
    """
    sfn_aws_sdk._SERVICE_ERROR_NAMES["comprehend"] = "Comprehend"


def keep_task_failure_cause() -> None:
    """Step Functions SendTaskFailure: the `cause` reaches the waiting task.

    moto's response handler passed the error alone, so a Catch (and the failed execution) saw
    an empty Cause where AWS shows the one the caller sent.
    """

    def send_task_failure(self):
        self.stepfunction_backend.send_task_failure(self._get_param("taskToken"), error=self._get_param("error"), cause=self._get_param("cause"))
        return EmptyResult()

    StepFunctionResponse.send_task_failure = send_task_failure


class _AwsTimestamp(datetime.datetime):
    """A time that prints as Step Functions' context object does: milliseconds, UTC as `Z`."""

    def isoformat(self, sep="T", timespec="auto"):
        return f"{self.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%S')}.{self.microsecond // 1000:03d}Z"


def write_entered_time_as_aws_does() -> None:
    """Step Functions context object `$$.State.EnteredTime`: `2026-12-02T09:08:59.425Z`.

    moto wrote Python's `2026-12-02T09:08:59.425179+00:00`, so timestamps a workflow records
    (a case's openedAt, a row's updatedAt) had another shape locally than in AWS. moto's state
    module reads the clock through its `datetime` import; that import is given a clock whose
    times print as AWS's.
    @see https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html
    """
    asl_state.datetime = types.SimpleNamespace(datetime=_AwsTimestamp, timezone=datetime.timezone)


def name_unnamed_executions() -> None:
    """Step Functions StartExecution without a `name`: a UUID names the execution, as AWS does.

    moto's ASL backend used the missing name as is: the execution's ARN ended in `:None`, and a
    second unnamed start of the same state machine was refused as ExecutionAlreadyExists. (Rule
    targets name their executions already: events.deliver_rule_targets_moto_cannot.)
    @see https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
    """
    original = StepFunctionsParserBackend.start_execution

    def start_execution(self, state_machine_arn, name=None, execution_input=None, trace_header=None):
        return original(self, state_machine_arn, name or str(uuid.uuid4()), execution_input, trace_header)

    StepFunctionsParserBackend.start_execution = start_execution
