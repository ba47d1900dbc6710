#!/usr/bin/python3
"""Makes depot-v5-policies.db: a Depot database of schema version 5, written by the
Depot from before policies (main at 75e431f).
tst_engine_policymigration opens it with the current code.

Usage: make_v5_policies_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API only (no client library needed). It leaves:
  - the durable queue `v5.queue` with "first" and "second" (persistent);
  - the durable queue `v5.args` (x-message-ttl 600000, x-max-length 10), empty;
  - the paused durable queue `v5.paused` with "held".
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read()
        return json.loads(text) if text else None


def publish(port, queue, body):
    r = call(port, "POST", "/api/exchanges/%2F/amq.default/publish",
             {"routing_key": queue, "payload": body, "payload_encoding": "string",
              "properties": {"delivery_mode": 2}})
    if not r.get("routed"):
        raise SystemExit(f"{body} not routed")


def main():
    binary, output = sys.argv[1], sys.argv[2]
    data = tempfile.mkdtemp(prefix="depot-v5-")
    http = free_port()
    proc = subprocess.Popen([binary, "--headless", "--data-dir", data, "--amqp-port", "0",
                             "--sqs-port", "0", "--http-port", str(http)], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("depot ready:"):
            raise SystemExit(f"depot did not start: {line!r}")
        call(http, "PUT", "/api/queues/%2F/v5.queue", {"durable": True})
        call(http, "PUT", "/api/queues/%2F/v5.args", {"durable": True,
                                                       "arguments": {"x-message-ttl": 600000, "x-max-length": 10}})
        call(http, "PUT", "/api/queues/%2F/v5.paused", {"durable": True})
        publish(http, "v5.paused", "held")
        call(http, "POST", "/api/depot/queues/%2F/v5.paused/pause")
        publish(http, "v5.queue", "first")
        publish(http, "v5.queue", "second")
        time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    shutil.copyfile(os.path.join(data, "depot.db"), output)
    for suffix in ("-wal", "-shm"):
        if os.path.exists(os.path.join(data, "depot.db" + suffix)):
            raise SystemExit("the database was not checkpointed at exit")
    shutil.rmtree(data)


if __name__ == "__main__":
    main()
