"""EventBridge: TestEventPattern answered by moto's engine, and rule delivery to the targets moto
does not deliver to (Step Functions, Lambda, SNS, AppSync)."""

import copy
import json
import uuid
from concurrent.futures import ThreadPoolExecutor

from moto.core.utils import iso_8601_datetime_without_milliseconds, utcfromtimestamp
from moto.events.exceptions import InvalidEventPatternException
from moto.events.models import EventPattern, Rule
from moto.events.responses import EventsHandler
from moto.events.utils import EventTemplateParser
from moto.sns.models import sns_backends
from moto.stepfunctions.responses import get_backend as stepfunctions_backend
from moto.utilities.arns import parse_arn

from . import appsync_forwarding
from .log import brief, log

# EventBridge delivers asynchronously, after PutEvents has answered: SNS and AppSync deliveries
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
    for any other target, which fails the whole PutEvents call. Here:
    - a Step Functions target starts a real execution (moto runs the ASL) with the event as input,
      as EventBridge's StartExecution does;
    - a Lambda target is skipped with a log line: functions cannot run here (no container
      runtime), so nothing may assert that one ran;
    - an SNS target: the target's input (the event, or its input transformer's output computed by
      moto's own EventTemplateParser, as moto does for SQS) is published through moto's SNS
      backend, whose subscriptions (filter policies, HTTP POST to subscribers, SQS) do the rest;
    - an AppSync target: the GraphQL operation with that input as variables is POSTed, SigV4
      signed, to the GraphQL server registered for the API (see appsync_forwarding).
    These targets see the event as AWS delivers it (`time` in ISO 8601; see aws_event). Targets
    moto supports keep moto's own delivery.
    """
    original = Rule.send_to_targets

    def send_to_targets(self, original_event, transform_input=True):
        if not self.event_pattern.matches_event(original_event):
            return
        own = {"states": [], "lambda": [], "sns": [], "appsync": []}
        supported = []
        for target in self.targets:
            service = parse_arn(target["Arn"]).service
            (own[service] if service in own else supported).append(target)
        for target in own["states"]:
            _start_execution(target["Arn"], aws_event(original_event))
        for target in own["lambda"]:
            log(f"not delivered (no Lambda runtime): rule {self.name} -> {target['Arn']}")
        for target in own["sns"]:
            _deliveries.submit(_deliver, _publish_to_topic, self.name, target, copy.deepcopy(original_event), transform_input)
        for target in own["appsync"]:
            _deliveries.submit(_deliver, appsync_forwarding.forward, self.name, target, copy.deepcopy(original_event), transform_input)
        every, self.targets = self.targets, supported
        try:
            original(self, original_event, transform_input)
        finally:
            self.targets = every

    Rule.send_to_targets = send_to_targets


def _start_execution(state_machine_arn: str, event: dict) -> None:
    arn = parse_arn(state_machine_arn)
    backend = stepfunctions_backend(arn.account, arn.region)  # the executing backend when ASL runs
    # A generated name, as AWS gives unnamed executions (moto would name every one "None").
    backend.start_execution(state_machine_arn, name=str(uuid.uuid4()), execution_input=json.dumps(event))


def _deliver(deliver, rule_name: str, target: dict, event: dict, transform_input: bool) -> None:
    """Computes the target's input and delivers it; a failure is that delivery's, logged."""
    try:
        target_input = _target_input(target, event, transform_input)
    except Exception as error:  # e.g. a template that is not JSON once filled in (moto's parser requires JSON)
        log(f"delivery failed: rule {rule_name} -> {target['Arn']}: input transformer: {brief(error)}")
        return
    deliver(rule_name, target, target_input)


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
    except Exception as error:  # an unknown topic, a message SNS refuses: logged, as a failed delivery
        log(f"delivery failed: rule {rule_name} -> {target['Arn']}: {brief(error)}")

