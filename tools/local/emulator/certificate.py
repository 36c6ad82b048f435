"""The emulator's own TLS certificate, written to disk so clients can trust it.

Node (NODE_EXTRA_CA_CERTS), the AWS SDKs and Terraform (AWS_CA_BUNDLE) verify the server against
this file instead of skipping verification. One self-signed certificate for 127.0.0.1 and
localhost, reused across restarts (clients keep trusting the same file), replaced when it is
missing, unreadable, expiring or lacks a name.
"""

import datetime
import fcntl
import ipaddress
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DNS_NAMES = ("localhost",)
IP_ADDRESSES = (ipaddress.ip_address("127.0.0.1"),)
VALID_DAYS = 365
# Replaced this long before it expires, so a running emulator never serves an expired one.
RENEW_BEFORE = datetime.timedelta(days=30)


def ensure_certificate(cert_file: Path, key_file: Path) -> None:
    """Writes a certificate and key unless a usable pair is already there.

    Several emulators (one per test port) may start at once: a lock file makes the check and the
    write one step, so no one ever reads a certificate paired with another process's key.
    """
    cert_file.parent.mkdir(parents=True, exist_ok=True)
    with open(cert_file.parent / f".{cert_file.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _usable(cert_file, key_file):
            cert_pem, key_pem = _self_signed()
            _write(key_file, key_pem, 0o600)
            _write(cert_file, cert_pem, 0o644)


def _usable(cert_file: Path, key_file: Path) -> bool:
    try:
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    matches_key = cert.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo) == key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    covers_names = set(DNS_NAMES) <= set(names.get_values_for_type(x509.DNSName)) and set(IP_ADDRESSES) <= set(names.get_values_for_type(x509.IPAddress))
    fresh = cert.not_valid_after_utc - RENEW_BEFORE > datetime.datetime.now(datetime.timezone.utc)
    return matches_key and covers_names and fresh


def _self_signed() -> tuple[bytes, bytes]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "orders-platform local AWS emulator")])
    now = datetime.datetime.now(datetime.timezone.utc)
    identifier = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
        .add_extension(x509.SubjectAlternativeName([*map(x509.DNSName, DNS_NAMES), *map(x509.IPAddress, IP_ADDRESSES)]), critical=False)
        # Its own trust anchor: a CA for itself only (path length 0), as strict verifiers expect of a root.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(identifier, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(identifier), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def _write(path: Path, content: bytes, mode: int) -> None:
    """Atomic: a reader sees the old file or the new one, never half of one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
    os.replace(temporary, path)
