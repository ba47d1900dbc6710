#!/usr/bin/python3
"""Makes depot-v7-origins.db: a Depot database of schema version 7, written by the
Depot from before messages remembered where they were first enqueued (main at
8f45d2a). tst_engine_originmigration opens it with the current code.

Usage: make_v7_origins_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API only (no client library needed). It leaves, all
persistent:
  - the durable queue `v7.queue` with "first" and "second";
  - the durable queue `v7.work` (dead letters to `v7.dlq` through the default
    exchange), empty, and `v7.dlq` with "died" (rejected in v7.work);
  - the durable queue `v7.target`, empty.
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
    data = tempfile.mkdtemp(prefix="depot-v7-")
    http = free_port()
    proc = subprocess.Popen([binary, "--headless", "--data-dir", data, "--amqp-port", "0",
                             "--sqs-port", "0", "--kafka-port", "0", "--http-port", str(http)],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("depot ready:"):
            raise SystemExit(f"depot did not start: {line!r}")
        call(http, "PUT", "/api/queues/%2F/v7.queue", {"durable": True})
        call(http, "PUT", "/api/queues/%2F/v7.target", {"durable": True})
        call(http, "PUT", "/api/queues/%2F/v7.dlq", {"durable": True})
        call(http, "PUT", "/api/queues/%2F/v7.work", {"durable": True, "arguments": {
            "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "v7.dlq"}})
        publish(http, "v7.queue", "first")
        publish(http, "v7.queue", "second")
        publish(http, "v7.work", "died")
        got = call(http, "POST", "/api/queues/%2F/v7.work/get",
                   {"count": 1, "ackmode": "reject_requeue_false", "encoding": "auto"})
        if len(got) != 1:
            raise SystemExit(f"no message to reject: {got!r}")
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
