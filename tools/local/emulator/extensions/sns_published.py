"""SNS: what was published to a topic or sent as SMS, read back from moto's own record.

A message for a person (a thank-you to a reviewer) goes to a topic whose subscribers cannot be
reached locally, or to a phone number; AWS offers no API to read it back. moto keeps every
published message in memory, but only in-process. This read-only control endpoint (not an AWS
API) answers that record, so a test or the tour can show what was sent without adding a
subscriber. Against AWS the same check is an SQS queue subscribed to the topic.

  GET /_emulator/sns-published?topicArn=ARN     {"messages": [{messageId, message, subject, messageAttributes, messageGroupId}]}
  GET /_emulator/sns-published?phoneNumber=NUM  {"messages": [{messageId, message, phoneNumber}]}

Oldest first. An unknown topic is 404; the record lasts until the emulator stops or is reset.
"""

import json
from urllib.parse import parse_qs

from moto.sns.models import sns_backends
from moto.utilities.arns import parse_arn

CONTROL_PATH = "/_emulator/sns-published"


class PublishedMessagesEndpoint:
    """WSGI middleware: answers the control path, passes every other request on."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != CONTROL_PATH:
            return self.app(environ, start_response)
        if environ["REQUEST_METHOD"] != "GET":
            status, body = 405, {"message": f"{environ['REQUEST_METHOD']} not allowed; use GET"}
        else:
            status, body = _published(parse_qs(environ.get("QUERY_STRING", "")))
        payload = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]


def _published(query: dict) -> tuple:
    topic_arn, phone_number = query.get("topicArn", [None])[0], query.get("phoneNumber", [None])[0]
    if (topic_arn is None) == (phone_number is None):
        return 400, {"message": "give exactly one of topicArn or phoneNumber"}
    if phone_number is not None:
        return 200, {"messages": _sms_to(phone_number)}
    try:
        arn = parse_arn(topic_arn)
        topic = sns_backends[arn.account][arn.region].topics[topic_arn]
    except (KeyError, IndexError, ValueError):
        return 404, {"message": f"topicArn: no topic {topic_arn!r} on this emulator"}
    return 200, {"messages": [_topic_message(*notification) for notification in list(topic.sent_notifications)]}


def _topic_message(message_id, message, subject, attributes, group_id) -> dict:
    return {"messageId": message_id, "message": message, "subject": subject, "messageAttributes": attributes or {}, "messageGroupId": group_id}


def _sms_to(phone_number: str) -> list:
    return [
        {"messageId": message_id, "message": message, "phoneNumber": number}
        for account in list(sns_backends.keys())
        for backend in list(sns_backends[account].values())
        for message_id, (number, message) in list(backend.sms_messages.items())
        if number == phone_number
    ]
