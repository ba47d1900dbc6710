#!/usr/bin/python3
"""Makes depot-v4.db: a Depot database of schema version 4, written by the
Depot from before queues could be paused (main at fa2bdb2).
tst_engine_pausemigration opens it with the current code.

Usage: make_v4_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API only (no client library needed). It leaves:
  - the durable queue `v4.queue` with "first" and "second" (persistent);
  - the durable queue `v4.args` (x-message-ttl 600000), empty.
"""

from fixturelib import make_fixture


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v4.queue", {"durable": True})
    http.call("PUT", "/api/queues/%2F/v4.args", {"durable": True, "arguments": {"x-message-ttl": 600000}})
    http.publish("v4.queue", "first")
    http.publish("v4.queue", "second")


if __name__ == "__main__":
    make_fixture("depot-v4-", populate, ("--sqs-port", "0"))
