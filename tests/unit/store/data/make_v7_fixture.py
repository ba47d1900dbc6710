#!/usr/bin/python3
"""Makes depot-v7.db: a Depot database of schema version 7, written by the
Depot from before the log store (main at 8f45d2a), whose Kafka topics lived in
memory. tst_logmigration opens it with the current code.

Usage: make_v7_fixture.py DEPOT_BINARY OUTPUT_DB

Through the HTTP API and kcat. It leaves:
  - the durable queue `v7.queue` with "first" and "second" (persistent);
  - nothing of the Kafka topic `v7.topic` that kcat produced to: that Depot
    kept topics in memory, so the file has no log tables at all.
"""

import subprocess

from fixturelib import free_port, make_fixture

KAFKA_PORT = free_port()


def populate(amqp, http):
    http.call("PUT", "/api/queues/%2F/v7.queue", {"durable": True})
    http.publish("v7.queue", "first")
    http.publish("v7.queue", "second")
    subprocess.run(["kcat", "-b", f"127.0.0.1:{KAFKA_PORT}", "-t", "v7.topic", "-P"], input=b"in memory\n",
                   check=True, timeout=30)


if __name__ == "__main__":
    make_fixture("depot-v7-", populate, ("--sqs-port", "0", "--kafka-port", str(KAFKA_PORT)))
