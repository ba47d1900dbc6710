#!/usr/bin/python3
"""Makes depot-v11-kafka.db: a Depot database of schema version 11, written by
the Depot whose Kafka record stories were known to the run that saw them only
(main at 9b7eb1e): its batches and committed offsets carry no append time,
producer, commit time or committer. tst_logmigration opens it with the
current code.

Usage: make_v11_kafka_fixture.py DEPOT_BINARY OUTPUT_DB

Through kcat. It leaves the topic `v11.topic` (one partition) with the
records "one" and "two" in one batch, and the group `v11.group` committed
past both.
"""

import subprocess

from fixturelib import free_port, make_fixture

KAFKA_PORT = free_port()


def populate(amqp, http):
    broker = f"127.0.0.1:{KAFKA_PORT}"
    subprocess.run(["kcat", "-b", broker, "-t", "v11.topic", "-P", "-X", "linger.ms=100"],
                   input=b"one\ntwo\n", check=True, timeout=30)
    out = subprocess.run(["kcat", "-b", broker, "-G", "v11.group", "-e", "-X", "auto.offset.reset=earliest",
                          "-X", "enable.auto.commit=true", "-X", "auto.commit.interval.ms=100", "v11.topic"],
                         capture_output=True, check=True, timeout=60)
    if out.stdout.split() != [b"one", b"two"]:
        raise SystemExit(f"read back {out.stdout!r}")


if __name__ == "__main__":
    make_fixture("depot-v11-", populate, ("--sqs-port", "0", "--kafka-port", str(KAFKA_PORT)))
