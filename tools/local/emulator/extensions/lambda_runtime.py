"""Lambda: deployed Node.js functions run in a child `node` process (moto needs Docker to run a
function, and there is none here), and asynchronous invocation as Lambda does it: retries, the
maximum event age, and the execution records sent to the on-success / on-failure destinations."""

import base64
import io
import json
import os
import subprocess
import tempfile
import threading
import time
import uuid
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from moto.awslambda.models import LambdaFunction
from moto.awslambda.utils import get_backend as lambda_backend
from moto.events.models import events_backends
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends
from moto.utilities.arns import parse_arn

from .log import brief, log

BOOTSTRAP = Path(__file__).with_name("lambda_bootstrap.cjs")
NODE = os.environ.get("EMULATOR_NODE", "node")
# Lambda waits about 1 then 2 minutes between asynchronous attempts; the emulator keeps the
# count and shortens the waits (seconds, comma-separated, the last one repeated).
RETRY_WAITS_SECONDS = tuple(float(wait) for wait in os.environ.get("EMULATOR_LAMBDA_RETRY_WAITS", "1,2").split(","))
# Lambda's defaults when a function has no event-invoke config.
DEFAULT_RETRIES = 2
DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600
SUCCESS = "Lambda Function Invocation Result - Success"
FAILURE = "Lambda Function Invocation Result - Failure"
# Log lines Invoke returns with LogType Tail: the last 4 KB, as AWS.
LOG_TAIL_BYTES = 4096

_endpoint = {"url": "", "ca_bundle": ""}
_asynchronous = ThreadPoolExecutor(max_workers=4, thread_name_prefix="lambda-async")


@dataclass
class Outcome:
    """One run of the handler: its result, or the error it ended with (AWS's shape)."""

    payload: object = None
    error: dict | None = None
    logs: str = ""

    def response_bytes(self) -> bytes:
        return json.dumps(self.error if self.error else self.payload).encode()


def run_deployed_functions_in_node(endpoint: str, ca_bundle: str) -> None:
    """Lambda Invoke (RequestResponse, Event, DryRun) runs the deployed zip with `node`.

    Each invocation unpacks the code moto stores for the function (what was deployed, so a
    redeploy runs the new code) into a temporary folder and runs the configured handler there in
    a fresh process, with the function's environment plus what the AWS runtime sets, and the SDK
    inside pointed at this emulator. An Event invocation is queued and answered 202 at once.
    """
    _endpoint.update(url=endpoint, ca_bundle=ca_bundle)

    def invoke(self, body, request_headers, response_headers):
        payload = (body.encode() if isinstance(body, str) else body) or b"{}"
        invocation_type = request_headers.get("x-amz-invocation-type", "RequestResponse")
        if invocation_type == "Event":
            queue_asynchronous_invocation(self, payload)
            return b""
        if invocation_type == "DryRun":
            return b""
        outcome = run_handler(self, payload, str(uuid.uuid4()))
        if outcome.error:
            response_headers["x-amz-function-error"] = "Unhandled"
        response_headers["x-amz-executed-version"] = self.version
        response_headers["x-amz-log-result"] = base64.b64encode(outcome.logs.encode()[-LOG_TAIL_BYTES:]).decode()
        return outcome.response_bytes()

    LambdaFunction.invoke = invoke


def run_handler(fn: LambdaFunction, payload: bytes, request_id: str) -> Outcome:
    """Runs the handler once in a child `node` process; past the function's timeout the process
    is killed and the invocation fails as on AWS. Its output goes to the function's log group."""
    log_stream = f"{datetime.now(timezone.utc):%Y/%m/%d}/[{fn.version}]{uuid.uuid4().hex}"
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="lambda-") as work:
        task_root, event_file, result_file = (Path(work) / name for name in ("task", "event.json", "result.json"))
        zipfile.ZipFile(io.BytesIO(fn.code_bytes)).extractall(task_root)
        event_file.write_bytes(payload)
        command = [NODE, str(BOOTSTRAP), str(task_root), fn.handler or "index.handler", str(event_file), str(result_file)]
        env = runtime_environment(fn, request_id, log_stream, str(task_root))
        try:
            finished = subprocess.run(command, env=env, cwd=task_root, capture_output=True, timeout=float(fn.timeout))
            outcome = _read_outcome(result_file, finished.returncode, request_id)
            output = finished.stdout + finished.stderr
        except subprocess.TimeoutExpired as expired:  # subprocess.run has killed the child
            outcome = timed_out(fn, request_id)
            output = (expired.stdout or b"") + (expired.stderr or b"")
    outcome.logs = _log_lines(fn, request_id, output.decode(errors="replace"), outcome, time.monotonic() - started)
    _save_logs(fn, log_stream, outcome.logs)
    return outcome


def runtime_environment(fn: LambdaFunction, request_id: str, log_stream: str, task_root: str) -> dict:
    """The function's variables, the ones the AWS Node.js runtime sets, and what makes the AWS SDK
    in the function call (and trust) this emulator."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **fn.environment_vars,
        "AWS_REGION": fn.region,
        "AWS_DEFAULT_REGION": fn.region,
        "AWS_LAMBDA_FUNCTION_NAME": fn.function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": fn.version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(fn.memory_size),
        "AWS_LAMBDA_FUNCTION_TIMEOUT": str(fn.timeout),
        "AWS_LAMBDA_LOG_GROUP_NAME": _log_group(fn),
        "AWS_LAMBDA_LOG_STREAM_NAME": log_stream,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{fn.run_time or 'nodejs'}",
        "LAMBDA_TASK_ROOT": task_root,
        "_HANDLER": fn.handler or "index.handler",
        "TZ": ":UTC",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_SESSION_TOKEN": "test",
        "AWS_ENDPOINT_URL": _endpoint["url"],
        "NODE_EXTRA_CA_CERTS": _endpoint["ca_bundle"],
        "AWS_CA_BUNDLE": _endpoint["ca_bundle"],
        "EMULATOR_REQUEST_ID": request_id,
        "EMULATOR_INVOKED_FUNCTION_ARN": fn.function_arn,
    }


def timed_out(fn: LambdaFunction, request_id: str) -> Outcome:
    """The error AWS reports for a function that ran past its timeout."""
    message = f"{_now_iso()} {request_id} Task timed out after {float(fn.timeout):.2f} seconds"
    return Outcome(error={"errorType": "Sandbox.Timedout", "errorMessage": message})


def _read_outcome(result_file: Path, exit_code: int, request_id: str) -> Outcome:
    if not result_file.exists():  # the process died before the handler settled
        message = f"RequestId: {request_id} Error: Runtime exited with error: exit status {exit_code}"
        return Outcome(error={"errorType": "Runtime.ExitError", "errorMessage": message})
    result = json.loads(result_file.read_text())
    return Outcome(error=result["error"]) if "error" in result else Outcome(payload=result["payload"])


def _log_lines(fn: LambdaFunction, request_id: str, output: str, outcome: Outcome, seconds: float) -> str:
    report = f"REPORT RequestId: {request_id}\tDuration: {seconds * 1000:.2f} ms\tMemory Size: {fn.memory_size} MB"
    timeout_line = [f"{_now_iso()} {request_id} Task timed out after {float(fn.timeout):.2f} seconds"] if outcome.error and outcome.error["errorType"] == "Sandbox.Timedout" else []
    lines = [f"START RequestId: {request_id} Version: {fn.version}", *output.splitlines(), f"END RequestId: {request_id}", report, *timeout_line]
    return "\n".join(lines)


def _log_group(fn: LambdaFunction) -> str:
    return (getattr(fn, "logging_config", None) or {}).get("LogGroup") or fn.logs_group_name


def _save_logs(fn: LambdaFunction, log_stream: str, logs: str) -> None:
    group = _log_group(fn)
    try:
        fn.logs_backend.ensure_log_group(group)
        fn.logs_backend.create_log_stream(group, log_stream)
        now = int(time.time() * 1000)
        fn.logs_backend.put_log_events(group, log_stream, [{"timestamp": now, "message": line} for line in logs.splitlines() if line])
    except Exception as error:  # logs are a by-product: never fail the invocation for them
        log(f"function logs not saved: {fn.function_name}: {brief(error)}")


def queue_asynchronous_invocation(fn: LambdaFunction, payload: bytes) -> str:
    """Lambda's queue for Event invocations: runs in the background, after Invoke answered."""
    request_id = str(uuid.uuid4())
    _asynchronous.submit(_logged, _attempt, fn.account_id, fn.region, fn.function_name, payload, request_id, time.time(), 1, None)
    return request_id


def _logged(run, *args) -> None:
    try:
        run(*args)
    except Exception as error:  # a background thread's failure would otherwise vanish
        log(f"asynchronous invocation failed: {brief(error)}")


def _attempt(account: str, region: str, name: str, payload: bytes, request_id: str, queued_at: float, attempt: int, last: Outcome | None) -> None:
    """One attempt of an asynchronous invocation, then a retry, or the record to a destination.

    Every attempt runs the function as deployed at that moment. An event older than the
    configured maximum age is not run again (condition EventAgeExceeded); a failure after the
    configured retries ends with RetriesExhausted.
    """
    fn = lambda_backend(account, region).get_function(name)
    config = event_invoke_config(fn)
    if time.time() - queued_at > config.get("MaximumEventAgeInSeconds", DEFAULT_MAX_EVENT_AGE_SECONDS):
        send_execution_record(fn, config, "EventAgeExceeded", request_id, payload, attempt - 1, last)
        return
    outcome = run_handler(fn, payload, request_id)
    log(f"asynchronous invocation {request_id} of {name}: attempt {attempt} {'failed' if outcome.error else 'succeeded'}")
    if not outcome.error:
        send_execution_record(fn, config, "Success", request_id, payload, attempt, outcome)
    elif attempt > config.get("MaximumRetryAttempts", DEFAULT_RETRIES):
        send_execution_record(fn, config, "RetriesExhausted", request_id, payload, attempt, outcome)
    else:
        wait = RETRY_WAITS_SECONDS[min(attempt - 1, len(RETRY_WAITS_SECONDS) - 1)]
        retry = (_logged, _attempt, account, region, name, payload, request_id, queued_at, attempt + 1, outcome)
        threading.Timer(wait, lambda: _asynchronous.submit(*retry)).start()


def event_invoke_config(fn: LambdaFunction) -> dict:
    """The function's asynchronous invocation settings (the latest put), or none."""
    configs = getattr(fn, "event_invoke_config", [])
    return configs[-1].config if configs else {}


def execution_record(fn: LambdaFunction, condition: str, request_id: str, payload: bytes, invoke_count: int, outcome: Outcome | None) -> dict:
    """The invocation record Lambda sends to destinations.
    @see https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"""
    record = {
        "version": "1.0",
        "timestamp": _now_iso(),
        "requestContext": {"requestId": request_id, "functionArn": f"{fn.function_arn}:$LATEST", "condition": condition, "approximateInvokeCount": invoke_count},
        "requestPayload": json.loads(payload),
    }
    if outcome is not None:
        response_context = {"statusCode": 200, "executedVersion": "$LATEST"}
        if outcome.error:
            response_context["functionError"] = "Unhandled"
        record.update(responseContext=response_context, responsePayload=outcome.error if outcome.error else outcome.payload)
    return record


def send_execution_record(fn: LambdaFunction, config: dict, condition: str, request_id: str, payload: bytes, invoke_count: int, outcome: Outcome | None) -> None:
    """To the on-success or on-failure destination: an event bus, an SQS queue, an SNS topic or a
    function (invoked asynchronously with the record). No destination: the record is dropped."""
    which = "OnSuccess" if condition == "Success" else "OnFailure"
    destination = config.get("DestinationConfig", {}).get(which, {}).get("Destination")
    if not destination:
        return
    record = execution_record(fn, condition, request_id, payload, invoke_count, outcome)
    try:
        _deliver_record(destination, record, SUCCESS if condition == "Success" else FAILURE)
    except Exception as error:  # AWS counts these as DestinationDeliveryFailures
        log(f"destination delivery failed: {fn.function_name} {which} -> {destination}: {brief(error)}")


def _deliver_record(destination: str, record: dict, detail_type: str) -> None:
    arn = parse_arn(destination)
    text = json.dumps(record)
    if arn.service == "events":
        bus = arn.resource_id
        events_backends[arn.account][arn.region].put_events(
            [{"Source": "lambda", "DetailType": detail_type, "Detail": text, "Resources": [record["requestContext"]["functionArn"]], "EventBusName": bus}]
        )
    elif arn.service == "sqs":
        sqs_backends[arn.account][arn.region].send_message(arn.resource_id, text)
    elif arn.service == "sns":
        sns_backends[arn.account][arn.region].publish(text, arn=destination)
    elif arn.service == "lambda":
        queue_asynchronous_invocation(lambda_backend(arn.account, arn.region).get_function(destination), text.encode())
    else:
        raise ValueError(f"not a destination Lambda supports: {destination}")


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
