#!/usr/bin/python3
"""Makes depot-v10-publishers.db: a Depot database of schema version 10, written
by the Depot whose every publish began a story and journaled it (main at
e52445c). tst_engine_historymigration opens it with the current code, whose
publishes make no story and name the publisher in the message's row.

Usage: make_v10_publishers_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API only (no client library needed). It leaves, all
persistent, in the durable queue `v10.queue`: "first" (message_id m-1,
correlation_id c-1) and "second" (message_id m-2), both published by the
HTTP user guest, their stories in the journal as `P` records.
"""

from fixturelib import make_fixture


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v10.queue", {"durable": True})
    http.publish("v10.queue", "first", message_id="m-1", correlation_id="c-1")
    http.publish("v10.queue", "second", message_id="m-2")


if __name__ == "__main__":
    make_fixture("depot-v10-", populate, ("--sqs-port", "0", "--kafka-port", "0"))
