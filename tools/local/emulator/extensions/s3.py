"""S3: bucket policies evaluate the `aws:SecureTransport` condition."""

import json

from moto.s3.models import FakeBucket


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
