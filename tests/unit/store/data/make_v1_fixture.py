#!/usr/bin/python3
"""Makes depot-v1.db: a Depot database of schema version 1, written by the
Depot whose dead-letter history was still a set of x-death headers inside
the stored message headers (main at 2e8fdcb). tst_engine_deathmigration opens
it with the current code and checks the typed records, the x-death rendered
from them and where replay sends each message.

Usage: make_v1_fixture.py DEPOT_BINARY OUTPUT_DB

What it leaves in the durable queue `dlq` (in this order):
  1. "rejected"      rejected from `work.reject` (headers: CC ["cc.key"])
  2. "expired"       per-message TTL 1 ms in `work.ttl` (original-expiration)
  3. "maxlen"        pushed out of `work.maxlen` (x-max-length 1) by "maxlen-keeper"
  4. "twice"         rejected from `stage1` (to `stage2` via the default
                     exchange), then rejected from `stage2`
  5. "retried"       rejected from `work.reject`, taken from `dlq` by a
                     retry handler and republished to `work.reject` with its
                     headers, rejected again: count 2
and in the durable queue `retry.pending` one message "pending" republished
by such a handler and not dead-lettered since (its x-death as pika sent it).
"""

import time

import pika

from fixturelib import make_fixture


def wait_depth(channel, queue, depth, timeout=10):
    deadline = time.time() + timeout
    while time.time() < deadline:
        ok = channel.queue_declare(queue, passive=True)
        if ok.method.message_count == depth:
            return
        time.sleep(0.05)
    raise SystemExit(f"{queue} did not reach {depth} messages")


def reject_one(channel, queue):
    method, _, _ = channel.basic_get(queue)
    if method is None:
        raise SystemExit(f"nothing in {queue}")
    channel.basic_reject(method.delivery_tag, requeue=False)


def populate(amqp, http):
    conn = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", amqp))
    ch = conn.channel()
    ch.confirm_delivery()
    persistent = pika.BasicProperties(delivery_mode=2)

    ch.exchange_declare("dlx", "fanout", durable=True)
    ch.queue_declare("dlq", durable=True)
    ch.queue_bind("dlq", "dlx")
    ch.queue_declare("retry.pending", durable=True)
    to_dlx = {"x-dead-letter-exchange": "dlx"}
    ch.queue_declare("work.reject", durable=True, arguments=to_dlx)
    ch.queue_declare("work.ttl", durable=True, arguments=to_dlx)
    ch.queue_declare("work.maxlen", durable=True, arguments={**to_dlx, "x-max-length": 1})
    ch.queue_declare("stage1", durable=True, arguments={"x-dead-letter-exchange": "",
                                                       "x-dead-letter-routing-key": "stage2"})
    ch.queue_declare("stage2", durable=True, arguments=to_dlx)

    # 1. rejected, with a CC routing key
    ch.basic_publish("", "work.reject", b"rejected",
                     pika.BasicProperties(delivery_mode=2, headers={"CC": ["cc.key"], "app": "shop"}))
    reject_one(ch, "work.reject")
    wait_depth(ch, "dlq", 1)

    # 2. expired (per-message TTL: original-expiration, expiration cleared)
    ch.basic_publish("", "work.ttl", b"expired", pika.BasicProperties(delivery_mode=2, expiration="1"))
    wait_depth(ch, "dlq", 2)

    # 3. maxlen (drop-head dead-letters the oldest)
    ch.basic_publish("", "work.maxlen", b"maxlen", persistent)
    ch.basic_publish("", "work.maxlen", b"maxlen-keeper", persistent)
    wait_depth(ch, "dlq", 3)

    # 4. dead-lettered twice across two queues
    ch.basic_publish("", "stage1", b"twice", persistent)
    reject_one(ch, "stage1")
    wait_depth(ch, "stage2", 1)
    reject_one(ch, "stage2")
    wait_depth(ch, "dlq", 4)

    # 5. a retry handler republishes a dead letter, which dies again
    ch.basic_publish("", "work.reject", b"retried", persistent)
    reject_one(ch, "work.reject")
    wait_depth(ch, "dlq", 5)
    # Take the newest one ("retried") from the tail: get all five, requeue
    # the first four (they return to their places).
    taken = [ch.basic_get("dlq") for _ in range(5)]
    for method, _, _ in taken[:4]:
        ch.basic_nack(method.delivery_tag, requeue=True)
    method, props, body = taken[4]
    assert body == b"retried", body
    ch.basic_ack(method.delivery_tag)
    ch.basic_publish("", "work.reject", body,
                     pika.BasicProperties(delivery_mode=2, headers=props.headers))
    reject_one(ch, "work.reject")
    wait_depth(ch, "dlq", 5)

    # A republished dead letter that has not died again.
    ch.basic_publish("", "retry.pending", b"pending",
                     pika.BasicProperties(delivery_mode=2, headers=props.headers))
    wait_depth(ch, "retry.pending", 1)
    conn.close()


if __name__ == "__main__":
    make_fixture("depot-v1-", populate)
