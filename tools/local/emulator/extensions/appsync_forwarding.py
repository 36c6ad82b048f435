"""EventBridge -> AppSync delivery, to a GraphQL server registered per API id.

moto stores AppSync APIs but runs no GraphQL. A local GraphQL server (the project's AppSync
simulator) registers itself for an API id through the control endpoint; rule targets whose ARN
is `arn:aws:appsync:<region>:<account>:endpoints/graphql-api/<id>` (the id of the API's GraphQL
endpoint, which names the host of its GraphQL URL, or the API id itself) are then POSTed to it as
EventBridge calls AppSync: `{"query": <GraphQLOperation>, "variables": <target input>}`, signed
with SigV4 (service "appsync") with the emulator's credentials.

Control endpoint (not an AWS API), `/_emulator/appsync-forwarding`:
  POST {"apiId": "...", "url": "http://127.0.0.1:PORT/graphql"}  registers (replaces) one API
  GET                                                             lists {"forwardings": [...]}
  DELETE [?apiId=...]                                             clears one, or all
"""

import json
import threading
from urllib.parse import parse_qs, urlparse

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from moto.utilities.arns import parse_arn

from . import appsync
from .log import brief, log
from .rule_dead_letters import TargetDeliveryFailed

CONTROL_PATH = "/_emulator/appsync-forwarding"
# The credentials every emulator client uses (the `local` environment accepts only these).
CREDENTIALS = Credentials("test", "test")
TIMEOUT_SECONDS = 10
ENDPOINT_RESOURCE = "endpoints/graphql-api/"

_urls: dict = {}
_lock = threading.Lock()


def forward(rule_name: str, target: dict, variables) -> None:
    """Delivers one matched event to the GraphQL server registered for the target's API."""
    arn = parse_arn(target["Arn"])
    resource = f"{arn.resource_type}/{arn.resource_id}"
    if not resource.startswith(ENDPOINT_RESOURCE):
        log(f"not delivered (AppSync targets are {ENDPOINT_RESOURCE}<apiId> ARNs): rule {rule_name} -> {target['Arn']}")
        return
    named = resource[len(ENDPOINT_RESOURCE):]
    # The ARN names the API's endpoint id (as AWS's GraphQL URL does) or, as some stacks write it, its API id.
    api_id = appsync.api_id_for_endpoint(arn.account, arn.region, named) or named
    with _lock:
        url = _urls.get(api_id)
    if url is None:
        log(f"not delivered (no AppSync forwarding registered for API {api_id}): rule {rule_name} -> {target['Arn']}")
        return
    operation = target.get("AppSyncParameters", {}).get("GraphQLOperation")
    body = json.dumps({"query": operation, "variables": variables})
    request = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": "application/json"})
    SigV4Auth(CREDENTIALS, "appsync", arn.region).add_auth(request)
    try:
        response = requests.post(url, data=body, headers=dict(request.headers), timeout=TIMEOUT_SECONDS)
    except requests.RequestException as error:
        log(f"delivery failed: rule {rule_name} -> {target['Arn']} ({url}): {brief(error)}")
        raise TargetDeliveryFailed("CONNECTION_FAILURE", brief(error), retriable=True) from error
    if not response.ok:
        log(f"delivery failed: rule {rule_name} -> {target['Arn']} ({url}): HTTP {response.status_code} {response.text[:500]}")
        # Throttling and server errors are retried by EventBridge; other client errors are not.
        retriable = response.status_code == 429 or response.status_code >= 500
        raise TargetDeliveryFailed("SDK_CLIENT_ERROR", f"HTTP {response.status_code} {response.text[:200]}", retriable=retriable)
    if _graphql_errors(response):
        # AppSync answers 200 with `errors` when a resolver fails; EventBridge counts it delivered.
        log(f"delivered with GraphQL errors: rule {rule_name} -> {url}: {_graphql_errors(response)}")
    else:
        log(f"delivered: rule {rule_name} -> {url} (HTTP {response.status_code})")


def _graphql_errors(response):
    try:
        return response.json().get("errors")
    except (ValueError, AttributeError):
        return None


class ControlEndpoint:
    """WSGI middleware: answers the control path, passes every other request to moto."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != CONTROL_PATH:
            return self.app(environ, start_response)
        method = environ["REQUEST_METHOD"]
        if method == "POST":
            status, body = _register(environ)
        elif method == "GET":
            status, body = 200, {"forwardings": _listed()}
        elif method == "DELETE":
            status, body = _clear(environ)
        else:
            status, body = 405, {"message": f"{method} not allowed; use GET, POST or DELETE"}
        payload = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status == 200 else 'Error'}", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
        return [payload]


def _register(environ) -> tuple:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        request = json.loads(environ["wsgi.input"].read(length) or b"null")
    except ValueError as error:
        return 400, {"message": f"body is not JSON: {error}"}
    api_id = request.get("apiId") if isinstance(request, dict) else None
    url = request.get("url") if isinstance(request, dict) else None
    if not isinstance(api_id, str) or not api_id:
        return 400, {"message": f"apiId: got {api_id!r}; expected a non-empty string"}
    if not isinstance(url, str) or urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
        return 400, {"message": f"url: got {url!r}; expected an http(s) URL such as http://127.0.0.1:PORT/graphql"}
    with _lock:
        _urls[api_id] = url
    log(f"AppSync API {api_id} forwards to {url}")
    return 200, {"apiId": api_id, "url": url}


def _clear(environ) -> tuple:
    api_id = parse_qs(environ.get("QUERY_STRING", "")).get("apiId", [None])[0]
    with _lock:
        if api_id is None:
            _urls.clear()
        else:
            _urls.pop(api_id, None)
    return 200, {"forwardings": _listed()}


def _listed() -> list:
    with _lock:
        return [{"apiId": api_id, "url": url} for api_id, url in sorted(_urls.items())]

