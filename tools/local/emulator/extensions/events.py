"""EventBridge: TestEventPattern answered by moto's engine, rule delivery to the targets moto
does not deliver to (Step Functions, Lambda, SNS, AppSync) under their retry policy and
dead-letter queue, and archive replays limited to their window."""

import copy
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from moto.awslambda.utils import get_backend as lambda_backend
from moto.core.utils import iso_8601_datetime_without_milliseconds, utcfromtimestamp
from moto.events.exceptions import InvalidEventPatternException
from moto.events.models import EventPattern, Replay, ReplayState, Rule, events_backends
from moto.events.responses import EventsHandler
from moto.events.utils import EventTemplateParser
from moto.sns.models import sns_backends
from moto.stepfunctions.responses import get_backend as stepfunctions_backend
from moto.utilities.arns import parse_arn

from . import appsync_forwarding, lambda_runtime
from .log import brief, log
from .rule_dead_letters import TargetDeliveryFailed, deliver_with_retry_policy

# EventBridge delivers asynchronously, after PutEvents has answered: the deliveries below
# run here, one at a time in the order events were put, so a slow or dead receiver neither
# delays nor fails PutEvents.
_deliveries = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rule-delivery")


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


def deliver_rule_targets_moto_cannot() -> None:
    """EventBridge rule delivery to Step Functions, Lambda, SNS and AppSync targets.

    moto routes matched events to logs, SQS, archives and buses, and raises NotImplementedError
    for any other target, which fails the whole PutEvents call. Here each of these targets gets
    its input (the event, or its input transformer's output computed by moto's own
    EventTemplateParser, as moto does for SQS) after PutEvents has answered:
    - a Step Functions target starts a real execution (moto runs the ASL) with that input;
    - a Lambda target invokes the function asynchronously (Invoke with InvocationType Event, as
      EventBridge does), which the launcher's Lambda runtime runs (see lambda_runtime);
    - an SNS target: the input is published through moto's SNS backend, whose subscriptions
      (filter policies, HTTP POST to subscribers, SQS) do the rest;
    - an AppSync target: the GraphQL operation with that input as variables is POSTed, SigV4
      signed, to the GraphQL server registered for the API (see appsync_forwarding).
    A failed delivery follows the target's retry policy, then goes to its dead-letter queue
    (see rule_dead_letters). These targets see the event as AWS delivers it (`time` in ISO 8601;
    see aws_event). Targets moto supports keep moto's own delivery.
    """
    original = Rule.send_to_targets
    deliveries = {"states": _start_execution, "lambda": _invoke_function, "sns": _publish_to_topic, "appsync": appsync_forwarding.forward}

    def send_to_targets(self, original_event, transform_input=True):
        if not self.event_pattern.matches_event(original_event):
            return
        supported = []
        for target in self.targets:
            deliver = deliveries.get(parse_arn(target["Arn"]).service)
            if deliver:
                _deliveries.submit(_deliver, deliver, self.name, self.arn, target, copy.deepcopy(original_event), transform_input)
            else:
                supported.append(target)
        every, self.targets = self.targets, supported
        try:
            original(self, original_event, transform_input)
        finally:
            self.targets = every

    Rule.send_to_targets = send_to_targets


def _start_execution(rule_name: str, target: dict, target_input) -> None:
    arn = parse_arn(target["Arn"])
    backend = stepfunctions_backend(arn.account, arn.region)  # the executing backend when ASL runs
    try:
        # A generated name, as AWS gives unnamed executions (moto would name every one "None").
        backend.start_execution(target["Arn"], name=str(uuid.uuid4()), execution_input=json.dumps(target_input))
    except Exception as error:
        raise _refusal(error) from error


def _invoke_function(rule_name: str, target: dict, target_input) -> None:
    arn = parse_arn(target["Arn"])
    try:
        fn = lambda_backend(arn.account, arn.region).get_function(target["Arn"])
    except Exception as error:
        raise _refusal(error) from error
    if fn is None:  # moto answers None, not an error, for some deleted functions
        raise TargetDeliveryFailed("NO_RESOURCE", f"ResourceNotFoundException: Function not found: {target['Arn']}", retriable=False)
    request_id = lambda_runtime.queue_asynchronous_invocation(fn, json.dumps(target_input).encode())
    log(f"invoked asynchronously: rule {rule_name} -> {target['Arn']} (request {request_id})")


def _refusal(error: Exception) -> TargetDeliveryFailed:
    """A target that does not exist is not retried (EventBridge dead-letters it at once); any
    other refusal is."""
    name = getattr(error, "error_type", None) or type(error).__name__  # moto's errors carry AWS's error code
    gone = any(word in name for word in ("DoesNotExist", "NotFound"))
    return TargetDeliveryFailed("NO_RESOURCE" if gone else "SDK_CLIENT_ERROR", f"{name}: {error}", retriable=not gone)


def _deliver(deliver, rule_name: str, rule_arn: str, target: dict, event: dict, transform_input: bool) -> None:
    """Computes the target's input and delivers it under the target's retry policy."""
    try:
        target_input = _target_input(target, event, transform_input)
    except Exception as error:  # e.g. a template that is not JSON once filled in (moto's parser requires JSON)
        log(f"delivery failed: rule {rule_name} -> {target['Arn']}: input transformer: {brief(error)}")
        return
    try:
        deliver_with_retry_policy(_deliveries.submit, lambda value: deliver(rule_name, target, value), rule_arn, target, target_input, time.time())
    except Exception as error:  # a fault of the emulator's own: shown, never lost in the delivery thread
        log(f"delivery failed (emulator error): rule {rule_name} -> {target['Arn']}: {brief(error)}")


def _target_input(target: dict, event: dict, transform_input: bool):
    """What the target receives: the event as AWS delivers it, or its input transformer's output
    computed by moto's own EventTemplateParser (as moto does for SQS), from that event."""
    if not transform_input or not target.get("InputTransformer"):
        return aws_event(event)
    transformer = target["InputTransformer"]
    return EventTemplateParser.parse(
        input_template=transformer.get("InputTemplate"),
        input_paths_map=transformer.get("InputPathsMap", {}),
        # moto's parser also reads ingestion-time (<aws.events.event.ingestion-time>), ISO on AWS too.
        event={**aws_event(event), "ingestion-time": _iso(event.get("ingestion-time"))},
    )


def aws_event(event: dict) -> dict:
    """The event as AWS delivers it: moto keeps `time` as epoch seconds (so `$.time` gave targets a
    number) and adds its own ingestion-time; AWS's `time` is ISO 8601 and has no such field."""
    delivered = {key: value for key, value in event.items() if key != "ingestion-time"}
    if "time" in delivered:
        delivered["time"] = _iso(delivered["time"])
    return delivered


def _iso(value):
    return iso_8601_datetime_without_milliseconds(utcfromtimestamp(float(value))) if isinstance(value, (int, float)) else value


def _publish_to_topic(rule_name: str, target: dict, message) -> None:
    arn = parse_arn(target["Arn"])
    # The template's output as text: a JSON string template keeps its quotes, as on AWS.
    text = json.dumps(message, separators=(",", ":"))
    try:
        sns_backends[arn.account][arn.region].publish(text, arn=target["Arn"])
    except Exception as error:  # an unknown topic, a message SNS refuses
        raise _refusal(error) from error



def replay_archived_window() -> None:
    """EventBridge StartReplay: only the archived events between EventStartTime and EventEndTime.

    moto replays every event of the archive, whatever the window, and without the targets' input
    transformers. Here the window is honoured (by each event's `time`) and the targets receive
    what they receive for a new event, plus the `replay-name` EventBridge adds.
    """

    def replay_events(self, archive):
        start, end = float(self.event_start_time), float(self.event_end_time)
        bus = events_backends[self.account_id][self.region].describe_event_bus(self.destination["Arn"].split("/")[-1])
        for event in [e for e in archive.events if start <= _epoch(e.get("time")) <= end]:
            for rule in list(bus.rules.values()):
                rule.send_to_targets(dict(copy.deepcopy(event), **{"id": str(uuid.uuid4()), "replay-name": self.name}))
        self.state = ReplayState.COMPLETED
        self.end_time = time.time()

    Replay.replay_events = replay_events


def _epoch(value) -> float:
    """An event's `time` as epoch seconds: moto keeps a number, a delivery may have made it ISO."""
    if isinstance(value, (int, float)):
        return float(value)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()
