"""Local AWS emulator: moto over HTTPS on loopback, plus the smallest faithful extensions
this project's Terraform needs (tools/local/emulator/extensions/, one AWS API family per module).

Usage: python3 tools/local/emulator/launcher.py [--host 127.0.0.1] [--port 4566] [--cert-file PATH] [--key-file PATH]
Serves HTTPS with its own certificate (written to .emulator/ unless told otherwise; trust it with
NODE_EXTRA_CA_CERTS / AWS_CA_BUNDLE). Prints "EMULATOR READY <url>" once it answers; stops
cleanly on SIGINT/SIGTERM.
"""

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from typing import NoReturn

sys.dont_write_bytecode = True  # no __pycache__ folders in the repository for the modules below

from moto.core.config import default_user_config
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import make_server

from certificate import ensure_certificate
from extensions import install
from extensions.appsync_forwarding import ControlEndpoint
from extensions.sns_published import PublishedMessagesEndpoint

CERT_DIR = Path(__file__).resolve().parents[2] / ".emulator"


def main() -> NoReturn:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument("--cert-file", type=Path, default=CERT_DIR / "emulator.pem", help="PEM certificate, created if missing (default: %(default)s)")
    parser.add_argument("--key-file", type=Path, help="its private key (default: the certificate path with .key)")
    parser.add_argument("--exit-with-parent", action="store_true", help="stop when the process that started it is gone")
    args = parser.parse_args()
    key_file = args.key_file or args.cert_file.with_suffix(".key")

    ensure_certificate(args.cert_file, key_file)
    install(f"https://{args.host}:{args.port}", str(args.cert_file))
    # Step Functions runs real ASL (Task states call the emulated DynamoDB / EventBridge).
    default_user_config["stepfunctions"] = {"execute_state_machine": True}

    app = PublishedMessagesEndpoint(ControlEndpoint(DomainDispatcherApplication(create_backend_app)))
    server = make_server(args.host, args.port, app, threaded=True, ssl_context=(str(args.cert_file), str(key_file)))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"EMULATOR READY https://{args.host}:{args.port}", flush=True)
    # Waking every half second lets a signal handler run that Python would otherwise leave pending
    # behind a wait without a timeout, and notices a parent that died without passing SIGTERM on
    # (killed outright): an emulator once outlived its parent by an hour.
    parent = os.getppid()
    while not stop.wait(timeout=0.5):
        if args.exit_with_parent and os.getppid() != parent:
            break
    # Everything the emulator holds is in memory and meant to go with it: exit at once, without
    # waiting for the serving loop, request threads or idle executors to wind down.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
