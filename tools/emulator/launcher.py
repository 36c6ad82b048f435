"""Local AWS emulator: moto over HTTPS on loopback, plus the smallest faithful extensions
this project's Terraform needs. Each extension names the AWS behaviour it implements.

Usage: python3 tools/emulator/launcher.py [--host 127.0.0.1] [--port 4566]
Prints "EMULATOR READY <url>" once it answers; stops cleanly on SIGINT/SIGTERM.
"""

import argparse
import copy
import json
import signal
import sys
import threading
import types
import uuid

import boto3
import moto.stepfunctions.parser.asl.utils.boto_client as sfn_boto_client
from moto.awslambda.models import LambdaFunction
from moto.core.config import default_user_config
from moto.core.responses import ActionResult
from moto.events.exceptions import InvalidEventPatternException
from moto.events.models import EventPattern, Rule
from moto.events.responses import EventsHandler
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.s3.models import FakeBucket
from moto.stepfunctions.models import StateMachine
from moto.stepfunctions.responses import StepFunctionResponse, get_backend as stepfunctions_backend
from moto.utilities.arns import parse_arn
from werkzeug.serving import make_server


def honour_secure_transport_condition() -> None:
    """S3 bucket policies: evaluate the `aws:SecureTransport` condition.

    moto evaluates only `Principal: "*"` statements and ignores conditions, so the standard
    TLS-only statement (Deny when aws:SecureTransport is false) denies every request. This
    server only speaks TLS, so for every request that condition is false and the statement
    does not apply; all other statements are evaluated by moto unchanged.
    """
    original = FakeBucket.get_permission

    def get_permission(self, action, resource):
        if self.policy is None:
            return original(self, action, resource)
        document = json.loads(self.policy)
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        kept = [s for s in statements if not _denies_only_insecure_transport(s)]
        saved = self.policy
        try:
            self.policy = json.dumps({**document, "Statement": kept}).encode() if kept else None
            return original(self, action, resource)
        finally:
            self.policy = saved

    FakeBucket.get_permission = get_permission


def _denies_only_insecure_transport(statement: dict) -> bool:
    condition = statement.get("Condition", {})
    return (
        statement.get("Effect") == "Deny"
        and list(condition) == ["Bool"]
        and {k.lower(): str(v).lower() for k, v in condition["Bool"].items()} == {"aws:securetransport": "false"}
    )


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


def answer_test_event_pattern() -> None:
    """EventBridge TestEventPattern, answered by moto's own pattern engine.

    moto 5.2.1 answers 200 with no Result. The engine below is the one moto's PutEvents routing
    uses, so a test of a deployed rule's pattern sees what routing would do.
    """

    def test_event_pattern(self):
        try:
            matched = EventPattern.load(self._get_param("EventPattern")).matches_event(json.loads(self._get_param("Event")))
        except InvalidEventPatternException:
            raise
        except Exception as error:  # moto raises several types for bad patterns or events
            raise InvalidEventPatternException(str(error)) from error
        return json.dumps({"Result": bool(matched)}), self.response_headers

    EventsHandler.test_event_pattern = test_event_pattern


def route_workflow_calls_to_this_server(endpoint: str) -> None:
    """Step Functions task integrations (dynamodb:putItem, events:putEvents, ...).

    moto's ASL executor calls the other services through boto3 at http://localhost:$MOTO_PORT;
    this server speaks HTTPS only, so its clients are pointed here instead (self-signed cert).
    """

    def client(*args, **kwargs):
        kwargs.update(endpoint_url=endpoint, verify=False)
        return boto3.client(*args, **kwargs)

    sfn_boto_client.boto3 = types.SimpleNamespace(client=client)


def deliver_rule_targets_moto_cannot() -> None:
    """EventBridge rule delivery to Step Functions and Lambda targets.

    moto routes matched events to logs, SQS, archives and buses, and raises NotImplementedError
    for any other target, which fails the whole PutEvents call. Here:
    - a Step Functions target starts a real execution (moto runs the ASL) with the event as input,
      as EventBridge's StartExecution does;
    - a Lambda target is skipped with a log line: functions cannot run here (no container
      runtime), so nothing may assert that one ran.
    Targets moto supports keep moto's own delivery.
    """
    original = Rule.send_to_targets

    def send_to_targets(self, original_event, transform_input=True):
        if not self.event_pattern.matches_event(original_event):
            return
        by_service = {"states": [], "lambda": [], "moto": []}
        for target in self.targets:
            service = parse_arn(target["Arn"]).service
            by_service[service if service in ("states", "lambda") else "moto"].append(target)
        for target in by_service["states"]:
            _start_execution(target["Arn"], original_event)
        for target in by_service["lambda"]:
            print(f"emulator: not delivered (no Lambda runtime): rule {self.name} -> {target['Arn']}", flush=True)
        supported, self.targets = self.targets, by_service["moto"]
        try:
            original(self, original_event, transform_input)
        finally:
            self.targets = supported

    Rule.send_to_targets = send_to_targets


def _start_execution(state_machine_arn: str, event: dict) -> None:
    arn = parse_arn(state_machine_arn)
    backend = stepfunctions_backend(arn.account, arn.region)  # the executing backend when ASL runs
    # A generated name, as AWS gives unnamed executions (moto would name every one "None").
    backend.start_execution(state_machine_arn, name=str(uuid.uuid4()), execution_input=json.dumps(event))


def keep_lambda_logging_config() -> None:
    """Lambda CreateFunction / UpdateFunctionConfiguration / GetFunction: LoggingConfig.

    moto drops LoggingConfig (log format, log group), so Terraform reads the function back without
    it and plans the same change forever. Stored as sent, returned as stored.
    """
    original_init = LambdaFunction.__init__
    original_get = LambdaFunction.get_configuration
    original_update = LambdaFunction.update_configuration

    def __init__(self, account_id, spec, region, version=1):
        original_init(self, account_id, spec, region, version)
        self.logging_config = spec.get("LoggingConfig")

    def get_configuration(self, *args, **kwargs):
        config = original_get(self, *args, **kwargs)
        if getattr(self, "logging_config", None):
            config["LoggingConfig"] = self.logging_config
        return config

    def update_configuration(self, config_updates):
        if "LoggingConfig" in config_updates:
            self.logging_config = config_updates["LoggingConfig"]
        return original_update(self, config_updates)

    LambdaFunction.__init__ = __init__
    LambdaFunction.get_configuration = get_configuration
    LambdaFunction.update_configuration = update_configuration


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    args = parser.parse_args()

    honour_secure_transport_condition()
    answer_validate_state_machine_definition()
    answer_list_state_machine_versions()
    answer_test_event_pattern()
    deliver_rule_targets_moto_cannot()
    keep_lambda_logging_config()
    allow_more_than_one_execution()
    route_workflow_calls_to_this_server(f"https://{args.host}:{args.port}")
    # Step Functions runs real ASL (Task states call the emulated DynamoDB / EventBridge).
    default_user_config["stepfunctions"] = {"execute_state_machine": True}

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(args.host, args.port, app, threaded=True, ssl_context="adhoc")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"EMULATOR READY https://{args.host}:{args.port}", flush=True)
    stop.wait()
    server.shutdown()
    thread.join(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
