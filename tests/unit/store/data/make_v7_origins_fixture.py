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

from fixturelib import make_fixture


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v7.queue", {"durable": True})
    http.call("PUT", "/api/queues/%2F/v7.target", {"durable": True})
    http.call("PUT", "/api/queues/%2F/v7.dlq", {"durable": True})
    http.call("PUT", "/api/queues/%2F/v7.work", {"durable": True, "arguments": {
        "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "v7.dlq"}})
    http.publish("v7.queue", "first")
    http.publish("v7.queue", "second")
    http.publish("v7.work", "died")
    got = http.call("POST", "/api/queues/%2F/v7.work/get",
                    {"count": 1, "ackmode": "reject_requeue_false", "encoding": "auto"})
    if len(got) != 1:
        raise SystemExit(f"no message to reject: {got!r}")


if __name__ == "__main__":
    make_fixture("depot-v7-", populate, ("--sqs-port", "0"))
