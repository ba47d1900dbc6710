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

from fixturelib import make_fixture


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v5.queue", {"durable": True})
    http.call("PUT", "/api/queues/%2F/v5.args", {"durable": True,
                                                 "arguments": {"x-message-ttl": 600000, "x-max-length": 10}})
    http.call("PUT", "/api/queues/%2F/v5.paused", {"durable": True})
    http.publish("v5.paused", "held")
    http.call("POST", "/api/depot/queues/%2F/v5.paused/pause")
    http.publish("v5.queue", "first")
    http.publish("v5.queue", "second")


if __name__ == "__main__":
    make_fixture("depot-v5-", populate, ("--sqs-port", "0"))
