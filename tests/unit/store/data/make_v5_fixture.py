#!/usr/bin/python3
"""Makes depot-v5.db: a Depot database of schema version 5, written by the
Depot whose engine still worked out a message's own TTL and priority from its
stored AMQP `expiration` and `priority` properties (main at 75e431f).
tst_engine_ttlmigration opens it with the current code.

Usage: make_v5_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API only (no client library needed). It leaves, all
persistent:
  - the durable queue `v5.source` with "ttl-prio" (priority 7, expiration
    600000), "plain" (neither) and "prio-only" (priority 9);
  - the durable queue `v5.work` (dead letters to `v5.dead` through the
    default exchange) with "to-die" (priority 6, expiration 900000);
  - the durable queue `v5.dead` (x-max-priority 10), empty.
"""

from fixturelib import make_fixture


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v5.source", {"durable": True})
    http.call("PUT", "/api/queues/%2F/v5.dead", {"durable": True, "arguments": {"x-max-priority": 10}})
    http.call("PUT", "/api/queues/%2F/v5.work",
              {"durable": True, "arguments": {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": "v5.dead"}})
    http.publish("v5.source", "ttl-prio", priority=7, expiration="600000")
    http.publish("v5.source", "plain")
    http.publish("v5.source", "prio-only", priority=9)
    http.publish("v5.work", "to-die", priority=6, expiration="900000")


if __name__ == "__main__":
    make_fixture("depot-v5-", populate, ("--sqs-port", "0"))
