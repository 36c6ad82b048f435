"""EventBridge: a rule target's retry policy and dead-letter queue, for the deliveries the
launcher makes itself (Step Functions, Lambda, SNS, AppSync targets).

@see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
"""

import json
import os
import threading
import time

from moto.sqs.models import sqs_backends
from moto.utilities.arns import parse_arn

from .log import brief, log

# EventBridge's defaults when a target has no RetryPolicy.
DEFAULT_RETRY_ATTEMPTS = 185
DEFAULT_MAX_EVENT_AGE_SECONDS = 86_400
# EventBridge backs off exponentially over up to 24 hours; the emulator keeps the count and
# waits this many seconds, doubling, at most 1 s.
FIRST_RETRY_WAIT_SECONDS = float(os.environ.get("EMULATOR_EVENTS_RETRY_WAIT", "0.1"))


class TargetDeliveryFailed(Exception):
    """A delivery the target refused. `code` is one of the ERROR_CODE values EventBridge puts on
    dead-lettered events; a target that is gone or forbidden is not retried (as on AWS)."""

    def __init__(self, code: str, message: str, retriable: bool):
        super().__init__(message)
        self.code = code
        self.retriable = retriable


def deliver_with_retry_policy(submit, deliver, rule_arn: str, target: dict, target_input, first_attempt_at: float, attempt: int = 1) -> None:
    """Calls `deliver(target_input)`; a retriable failure is tried again (through `submit`, the
    delivery queue) until the target's RetryPolicy is used up, then dead-lettered."""
    try:
        deliver(target_input)
        return
    except TargetDeliveryFailed as failure:
        error = failure
    policy = target.get("RetryPolicy", {})
    retries = policy.get("MaximumRetryAttempts", DEFAULT_RETRY_ATTEMPTS)
    too_old = time.time() - first_attempt_at > policy.get("MaximumEventAgeInSeconds", DEFAULT_MAX_EVENT_AGE_SECONDS)
    if error.retriable and attempt <= retries and not too_old:
        wait = min(FIRST_RETRY_WAIT_SECONDS * 2 ** (attempt - 1), 1.0)
        log(f"delivery failed, retry {attempt} of {retries} in {wait:g} s: {rule_arn} -> {target['Arn']}: {error.code} {error}")
        retry = (deliver_with_retry_policy, submit, deliver, rule_arn, target, target_input, first_attempt_at, attempt + 1)
        threading.Timer(wait, lambda: submit(*retry)).start()
        return
    exhausted = None if not error.retriable else "MaximumEventAgeInSeconds" if too_old else "MaximumRetryAttempts"
    send_to_dead_letter_queue(rule_arn, target, target_input, error, attempt - 1, exhausted)


def send_to_dead_letter_queue(rule_arn: str, target: dict, target_input, error: TargetDeliveryFailed, retries: int, exhausted: str | None) -> None:
    """The event as the target would have received it, with the attributes EventBridge sets; no
    DeadLetterConfig: dropped, as EventBridge drops it."""
    queue_arn = target.get("DeadLetterConfig", {}).get("Arn")
    log(f"delivery failed: {rule_arn} -> {target['Arn']}: {error.code} {error}; {'dead-lettered to ' + queue_arn if queue_arn else 'dropped (no DLQ)'}")
    if not queue_arn:
        return
    text = lambda value: {"DataType": "String", "StringValue": str(value)}
    attributes = {
        "RULE_ARN": text(rule_arn),
        "TARGET_ARN": text(target["Arn"]),
        "ERROR_CODE": text(error.code),
        "ERROR_MESSAGE": text(str(error)),
    }
    if exhausted:  # only a retried delivery has used up its retry policy
        attributes.update(EXHAUSTED_RETRY_CONDITION=text(exhausted), RETRY_ATTEMPTS=text(retries))
    queue = parse_arn(queue_arn)
    try:
        sqs_backends[queue.account][queue.region].send_message(queue.resource_id, json.dumps(target_input, separators=(",", ":")), message_attributes=attributes)
    except Exception as failure:  # AWS counts these as InvocationsFailedToBeSentToDLQ
        log(f"dead-letter queue refused the event: {queue_arn}: {brief(failure)}")
