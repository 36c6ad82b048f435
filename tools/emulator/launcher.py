"""Local AWS emulator: moto over HTTPS on loopback, plus the smallest faithful extensions
this project's Terraform needs. Each extension names the AWS behaviour it implements.

Usage: python3 tools/emulator/launcher.py [--host 127.0.0.1] [--port 4566]
Prints "EMULATOR READY <url>" once it answers; stops cleanly on SIGINT/SIGTERM.
"""

import argparse
import json
import signal
import sys
import threading

from moto.core.config import default_user_config
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.s3.models import FakeBucket
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    args = parser.parse_args()

    honour_secure_transport_condition()
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
