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

from fixturelib import make_fixture


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v3.queue", {"durable": True})
    http.publish("v3.queue", "plain")
    http.publish("v3.queue", "with-props", message_id="m-2", headers={"h": "v"})
    http.publish("v3.queue", "requeued")
    # Take all three and requeue them: each counts one delivery.
    got = http.call("POST", "/api/queues/%2F/v3.queue/get",
                    {"count": 3, "ackmode": "reject_requeue_true", "encoding": "auto"})
    if len(got) != 3:
        raise SystemExit(f"get returned {len(got)}")


if __name__ == "__main__":
    make_fixture("depot-v3-", populate)
