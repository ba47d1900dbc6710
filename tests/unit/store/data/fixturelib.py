"""What the make_v*_fixture.py scripts share: start a given Depot binary on a
fresh data directory and free loopback ports, let the script fill it through
the HTTP API (or a client), stop Depot cleanly and keep its database.

The scripts are run by hand with the binary of an older main, so this module
only uses options every Depot since schema 1 understands, plus those a script
asks for (an older binary refuses options it does not know)."""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """Depot's RabbitMQ-compatible HTTP API as guest."""

    def __init__(self, port):
        self.port = port

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        req.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read()
            return json.loads(text) if text else None

    def publish(self, queue, body, **properties):
        """Publishes a persistent message to QUEUE through the default exchange."""
        r = self.call("POST", "/api/exchanges/%2F/amq.default/publish",
                      {"routing_key": queue, "payload": body, "payload_encoding": "string",
                       "properties": {"delivery_mode": 2, **properties}})
        if not r.get("routed"):
            raise SystemExit(f"{body} not routed")


def make_fixture(prefix, populate, extra_args=()):
    """Runs `SCRIPT DEPOT_BINARY OUTPUT_DB`: starts the binary with an AMQP and
    an HTTP port, calls populate(amqp_port, http) and copies the database to
    OUTPUT_DB once Depot has stopped and checkpointed it."""
    if len(sys.argv) != 3:
        raise SystemExit(f"usage: {os.path.basename(sys.argv[0])} DEPOT_BINARY OUTPUT_DB")
    binary, output = sys.argv[1], sys.argv[2]
    data = tempfile.mkdtemp(prefix=prefix)
    amqp, http = free_port(), free_port()
    proc = subprocess.Popen([binary, "--headless", "--data-dir", data, "--amqp-port", str(amqp),
                             "--http-port", str(http), *extra_args], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("depot ready:"):
            raise SystemExit(f"depot did not start: {line!r}")
        populate(amqp, Http(http))
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    if proc.returncode != 0:
        raise SystemExit(f"depot exited with {proc.returncode}")
    leftovers = [n for n in os.listdir(data) if n.startswith("depot.db-") and n != "depot.db-check"
                 and os.path.getsize(os.path.join(data, n)) > 0]
    if leftovers:
        raise SystemExit(f"depot left {leftovers} behind: the database was not checkpointed at exit")
    shutil.copyfile(os.path.join(data, "depot.db"), output)
    shutil.rmtree(data)
    print(f"wrote {output}")
