#!/usr/bin/python3
"""Makes depot-v9-history.db: a Depot database of schema version 9, written by the
Depot from before messages had a life story (main at 8b4187d).
tst_engine_historymigration opens it with the current code.

Usage: make_v9_history_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API only (no client library needed). It leaves, all
persistent:
  - the durable queue `v9.queue` with "first" (message_id m-1) and "second";
  - the durable queue `v9.target`, empty.
"""

from fixturelib import make_fixture


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v9.queue", {"durable": True})
    http.call("PUT", "/api/queues/%2F/v9.target", {"durable": True})
    http.publish("v9.queue", "first", message_id="m-1")
    http.publish("v9.queue", "second")


if __name__ == "__main__":
    make_fixture("depot-v9-", populate, ("--sqs-port", "0", "--kafka-port", "0"))
