"""SNS: the topic attributes moto drops, a filter policy scope change moto does not apply, and
HTTP(S) delivery in AWS's format."""

import json

import requests
from moto.sns.models import SNSBackend, Subscription
from moto.sns.responses import SNSResponse
from moto.sns.utils import FilterPolicyMatcher

from .log import brief, log

# Topic attributes AWS stores and returns that moto's GetTopicAttributes leaves out.
# @see https://docs.aws.amazon.com/sns/latest/api/API_SetTopicAttributes.html
KEPT_TOPIC_ATTRIBUTES = frozenset(
    f"{protocol}{kind}"
    for protocol in ("HTTP", "SQS", "Lambda", "Application", "Firehose")
    for kind in ("SuccessFeedbackRoleArn", "SuccessFeedbackSampleRate", "FailureFeedbackRoleArn")
) | {"SignatureVersion", "TracingConfig", "ArchivePolicy", "FifoThroughputScope"}
HTTP_TIMEOUT_SECONDS = 10
DEFAULT_CONTENT_TYPE = "text/plain; charset=UTF-8"


def keep_topic_attributes() -> None:
    """SNS CreateTopic / SetTopicAttributes / GetTopicAttributes: delivery-status logging and the
    other attributes moto accepts but never returns.

    Without them Terraform reads http_success_feedback_role_arn, http_failure_feedback_role_arn
    and http_success_feedback_sample_rate back empty and plans the change forever. Stored by
    their AWS names as sent, returned with moto's own attributes.
    """
    original_create = SNSResponse.create_topic
    original_set = SNSResponse.set_topic_attributes
    original_get = SNSResponse.get_topic_attributes

    def create_topic(self):
        answer = original_create(self)
        topic = self.backend.get_topic(answer.result["TopicArn"])
        _kept(topic).update({name: value for name, value in (self._get_attributes() or {}).items() if name in KEPT_TOPIC_ATTRIBUTES})
        return answer

    def set_topic_attributes(self):
        answer = original_set(self)
        name = self._get_param("AttributeName")
        if name in KEPT_TOPIC_ATTRIBUTES:
            _kept(self.backend.get_topic(self._get_param("TopicArn")))[name] = self._get_param("AttributeValue")
        return answer

    def get_topic_attributes(self):
        answer = original_get(self)
        topic = self.backend.get_topic(self._get_param("TopicArn"))
        answer.result["Attributes"].update({name: value for name, value in _kept(topic).items() if value not in (None, "")})
        return answer

    SNSResponse.create_topic = create_topic
    SNSResponse.set_topic_attributes = set_topic_attributes
    SNSResponse.get_topic_attributes = get_topic_attributes


def _kept(topic) -> dict:
    if not hasattr(topic, "kept_attributes"):
        topic.kept_attributes = {}
    return topic.kept_attributes


def apply_filter_policy_scope_changes() -> None:
    """SNS SetSubscriptionAttributes FilterPolicyScope on a subscription that has a filter policy.

    moto builds its filter matcher when FilterPolicy is set, with the scope of that moment; a
    later change of FilterPolicyScope alone was stored but never used for matching. The matcher
    is rebuilt (moto's own FilterPolicyMatcher) with the new scope.
    """
    original = SNSBackend.set_subscription_attributes

    def set_subscription_attributes(self, arn, name, value):
        original(self, arn, name, value)
        subscription = self.subscriptions.get(arn)
        if name == "FilterPolicyScope" and subscription is not None and subscription._filter_policy:
            subscription._filter_policy_matcher = FilterPolicyMatcher(subscription._filter_policy, value)

    SNSBackend.set_subscription_attributes = set_subscription_attributes


def deliver_http_as_aws_does() -> None:
    """SNS delivery to HTTP/HTTPS subscriptions, in AWS's format: headers, raw delivery, content type.

    moto POSTs the JSON envelope with no SNS headers, ignores RawMessageDelivery and the delivery
    policy's headerContentType, sets no timeout, and lets a connection error escape, failing
    Publish itself and skipping the subscribers after the failing one. Here, for each HTTP(S)
    subscription moto's own filter policy matcher admits:
    - the body is the message itself when RawMessageDelivery is true (header
      x-amz-sns-rawdelivery: true), else moto's signed envelope;
    - the headers are AWS's: x-amz-sns-message-type, -message-id, -topic-arn, -subscription-arn;
    - Content-Type is the delivery policy's headerContentType (subscription, else topic),
      else text/plain; charset=UTF-8;
    - a failure or non-2xx answer is logged with the HTTP status and fails that delivery alone.
    moto makes one attempt: no retry schedule, no redrive to the dead-letter queue.
    @see https://docs.aws.amazon.com/sns/latest/dg/http-header.html
    """
    original = Subscription.publish

    def publish(self, message, message_id, subject=None, message_attributes=None, group_id=None, deduplication_id=None, message_structure=None):
        if self.protocol not in ("http", "https"):
            return original(self, message, message_id, subject, message_attributes, group_id, deduplication_id, message_structure)
        if self._filter_policy_matcher is not None and not self._filter_policy_matcher.matches(message_attributes, message):
            return None
        if message_structure == "json":
            message = self._parse_message_structure(message, self.protocol)
        raw = str(self.attributes.get("RawMessageDelivery")).lower() == "true"
        body = message if raw else json.dumps(self.get_post_data(message, message_id, subject))
        headers = {
            "Content-Type": _content_type(self),
            "x-amz-sns-message-type": "Notification",
            "x-amz-sns-message-id": message_id,
            "x-amz-sns-topic-arn": self.topic.arn,
            "x-amz-sns-subscription-arn": self.arn,
            "User-Agent": "Amazon Simple Notification Service Agent",
            **({"x-amz-sns-rawdelivery": "true"} if raw else {}),
        }
        try:
            response = requests.post(self.endpoint, data=body.encode(), headers=headers, timeout=HTTP_TIMEOUT_SECONDS)
        except requests.RequestException as error:
            log(f"SNS delivery failed: {self.endpoint}: {brief(error)}")
            return None
        if not response.ok:
            log(f"SNS delivery failed: {self.endpoint}: HTTP {response.status_code}")
        return None

    Subscription.publish = publish


def _content_type(subscription) -> str:
    for policy, path in ((subscription.attributes.get("DeliveryPolicy"), ("requestPolicy",)), (subscription.topic.delivery_policy, ("http", "defaultRequestPolicy"))):
        try:
            request_policy = json.loads(policy)
            for key in path:
                request_policy = request_policy.get(key, {})
        except (TypeError, ValueError, AttributeError):
            continue
        if isinstance(request_policy, dict) and request_policy.get("headerContentType"):
            return request_policy["headerContentType"]
    return DEFAULT_CONTENT_TYPE
