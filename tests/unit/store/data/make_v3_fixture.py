#!/usr/bin/python3
"""Makes depot-v3.db: a Depot database of schema version 3, written by the
Depot from before message contents carried a group key and a deduplication
id and before first deliveries were stored (main at ad29d8b).
tst_engine_sqsmigration opens it with the current code.

Usage: make_v3_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API only (no client library needed). It leaves in the
durable queue `v3.queue` (in this order):
  1. "plain"       persistent, no other property
  2. "with-props"  persistent, message_id "m-2", header {"h": "v"}
  3. "requeued"    persistent, taken once by a get that requeued it
                   (delivery count 1, redelivered)
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


def publish(port, body, properties):
    properties = {"delivery_mode": 2, **properties}
    r = call(port, "POST", "/api/exchanges/%2F/amq.default/publish",
             {"routing_key": "v3.queue", "payload": body, "payload_encoding": "string",
              "properties": properties})
    if not r.get("routed"):
        raise SystemExit(f"{body} not routed")


def main():
    binary, output = sys.argv[1], sys.argv[2]
    data = tempfile.mkdtemp(prefix="depot-v3-")
    http = free_port()
    proc = subprocess.Popen([binary, "--headless", "--data-dir", data, "--amqp-port", "0",
                             "--http-port", str(http)], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("depot ready:"):
            raise SystemExit(f"depot did not start: {line!r}")
        call(http, "PUT", "/api/queues/%2F/v3.queue", {"durable": True})
        publish(http, "plain", {})
        publish(http, "with-props", {"message_id": "m-2", "headers": {"h": "v"}})
        publish(http, "requeued", {})
        # Take all three and requeue them: each counts one delivery.
        got = call(http, "POST", "/api/queues/%2F/v3.queue/get",
                   {"count": 3, "ackmode": "reject_requeue_true", "encoding": "auto"})
        if len(got) != 3:
            raise SystemExit(f"get returned {len(got)}")
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
