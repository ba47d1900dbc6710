"""pika's blocking adapter against Depot: the everyday RabbitMQ surface.

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ
3.10.8 (Debian 12); the @depot_only tests are skipped there (see each reason).
RabbitMQ behaviours Depot copies, as observed there, are noted next to the
assertions (reply codes and texts). Among them: a priority above
x-max-priority counts as the maximum; quorum queues set x-delivery-count on
every delivery (0 on the first) and dead-letter with reason delivery_limit on
the delivery after the limit; per-message expiration moves into x-death as
original-expiration; a replayed dead letter rejected again bumps the count of
its existing x-death entry; a passive declare renews an x-expires lease.
"""

import datetime
import decimal
import time
import unittest

from depot_harness import BrokerTestCase, depot_only, import_client, wait_get, wait_until

pika = import_client("pika", "python3-pika")
from pika import exceptions as pex  # noqa: E402


def header_text(value):
    return value.decode() if isinstance(value, bytes) else value


class PikaBlockingTest(BrokerTestCase):

    def setUp(self):
        super().setUp()
        self.connection = self.pika_connection()
        self.channel = self.connection.channel()

    # -- helpers ----------------------------------------------------------
    def declare(self, prefix="q", channel=None, **kwargs):
        name = self.queue_name(prefix)
        (channel or self.channel).queue_declare(name, **kwargs)
        return name

    def get_body(self, queue, channel=None):
        method, _, body = (channel or self.channel).basic_get(queue, auto_ack=True)
        return body if method else None

    def drain(self, queue, channel=None):
        bodies = []
        while True:
            body = self.get_body(queue, channel)
            if body is None:
                return bodies
            bodies.append(body)

    def wait_get(self, queue, timeout=5.0, channel=None):
        """basic.get until a message arrives (dead-lettering is asynchronous)."""
        return wait_get(channel or self.channel, queue, timeout=timeout)

    def dead_letter_pair(self, **work_arguments):
        """A fanout DLX with its queue, and a work queue dead-lettering into it."""
        dlx = self.exchange_name("dlx")
        self.channel.exchange_declare(dlx, exchange_type="fanout")
        dlq = self.declare("dlq")
        self.channel.queue_bind(dlq, dlx)
        arguments = {"x-dead-letter-exchange": dlx}
        arguments.update(work_arguments)
        work = self.declare("work", arguments=arguments)
        return dlx, dlq, work

    def assert_closed_with(self, context, code, text_start):
        error = context.exception
        self.assertEqual(error.reply_code, code, error)
        self.assertTrue(error.reply_text.startswith(text_start), error.reply_text)

    # -- exchanges, queues, bindings ---------------------------------------
    def test_exchange_types_route_like_rabbitmq(self):
        ch = self.channel
        direct, fanout, topic, headers = (self.exchange_name(k) for k in ("direct", "fanout", "topic", "headers"))
        ch.exchange_declare(direct, exchange_type="direct")
        ch.exchange_declare(fanout, exchange_type="fanout")
        ch.exchange_declare(topic, exchange_type="topic", durable=True)
        ch.exchange_declare(headers, exchange_type="headers", auto_delete=False)
        q_direct, q_fan1, q_fan2, q_topic, q_hdr_all, q_hdr_any = (
            self.declare(n) for n in ("direct", "fan1", "fan2", "topic", "hall", "hany"))
        ch.queue_bind(q_direct, direct, routing_key="orders.created")
        ch.queue_bind(q_fan1, fanout)
        ch.queue_bind(q_fan2, fanout, routing_key="ignored")
        ch.queue_bind(q_topic, topic, routing_key="orders.*.eu.#")
        ch.queue_bind(q_hdr_all, headers, arguments={"x-match": "all", "kind": "invoice", "v": 2})
        ch.queue_bind(q_hdr_any, headers, arguments={"x-match": "any", "kind": "invoice", "v": 9})

        ch.basic_publish(direct, "orders.created", b"d1")
        ch.basic_publish(direct, "orders.deleted", b"d-miss")
        ch.basic_publish(fanout, "whatever", b"f1")
        ch.basic_publish(topic, "orders.new.eu", b"t1")
        ch.basic_publish(topic, "orders.new.eu.de.berlin", b"t2")
        ch.basic_publish(topic, "orders.new.us", b"t-miss")
        ch.basic_publish(headers, "", b"h-both", pika.BasicProperties(headers={"kind": "invoice", "v": 2}))
        ch.basic_publish(headers, "", b"h-kind", pika.BasicProperties(headers={"kind": "invoice", "v": 3}))
        ch.basic_publish(headers, "", b"h-none", pika.BasicProperties(headers={"kind": "receipt"}))

        self.assertEqual(self.drain(q_direct), [b"d1"])
        self.assertEqual(self.drain(q_fan1), [b"f1"])
        self.assertEqual(self.drain(q_fan2), [b"f1"])
        self.assertEqual(self.drain(q_topic), [b"t1", b"t2"])
        self.assertEqual(self.drain(q_hdr_all), [b"h-both"])
        self.assertEqual(self.drain(q_hdr_any), [b"h-both", b"h-kind"])

        # Unbinding stops the routing; exchange-to-exchange bindings route on.
        ch.queue_unbind(q_direct, direct, routing_key="orders.created")
        ch.exchange_bind(destination=fanout, source=direct, routing_key="orders.created")
        ch.basic_publish(direct, "orders.created", b"d2")
        self.assertEqual(self.drain(q_direct), [])
        self.assertEqual(self.drain(q_fan1), [b"d2"])

    def test_queue_declare_counts_server_names_and_purge(self):
        ch = self.channel
        result = ch.queue_declare("", exclusive=True)
        generated = result.method.queue
        self.assertTrue(generated.startswith("amq.gen-"), generated)
        name = self.declare("count")
        ch.confirm_delivery()   # counts are exact once the publishes are confirmed
        for i in range(5):
            ch.basic_publish("", name, b"m%d" % i)
        ok = ch.queue_declare(name, passive=True)
        self.assertEqual(ok.method.message_count, 5)
        self.assertEqual(ok.method.consumer_count, 0)
        self.assertEqual(ch.queue_purge(name).method.message_count, 5)
        self.assertEqual(ch.queue_declare(name, passive=True).method.message_count, 0)
        ch.basic_publish("", name, b"last")
        self.assertEqual(ch.queue_delete(name).method.message_count, 1)

    # -- publishing -----------------------------------------------------------
    def test_confirms_and_mandatory_unroutable(self):
        ch = self.channel
        ch.confirm_delivery()
        name = self.declare("confirm")
        for i in range(10):
            ch.basic_publish("", name, b"c%d" % i, pika.BasicProperties(delivery_mode=2))
        self.assertEqual(ch.queue_declare(name, passive=True).method.message_count, 10)
        # Not mandatory: an unroutable message is confirmed and dropped.
        ch.basic_publish("", self.queue_name("nowhere"), b"dropped")
        with self.assertRaises(pex.UnroutableError) as context:
            ch.basic_publish("", self.queue_name("nowhere"), b"returned", mandatory=True)
        returned = context.exception.messages[0]
        self.assertEqual(returned.method.reply_code, 312)
        self.assertEqual(returned.method.reply_text, "NO_ROUTE")
        self.assertEqual(returned.body, b"returned")
        # The channel is still usable afterwards.
        ch.basic_publish("", name, b"after")
        self.assertEqual(ch.queue_declare(name, passive=True).method.message_count, 11)

    def test_properties_and_headers_round_trip(self):
        name = self.declare("props")
        properties = pika.BasicProperties(
            content_type="application/json", content_encoding="utf-8", delivery_mode=2, priority=3,
            correlation_id="corr-1", reply_to="replies", expiration="60000", message_id="m-1",
            timestamp=1700000000, type="order.created", user_id="guest", app_id="shop",
            headers={"string": "text", "int": 42, "negative": -7, "decimal": decimal.Decimal("1.50"), "bool": True,
                     "when": datetime.datetime(2024, 5, 1, 12, 30, 0), "long": 2 ** 40,
                     "list": [1, "two", False], "nested": {"a": 1, "b": "c"}, "bytes": b"\x00\xff"})
        body = bytes(range(256)) * 40
        self.channel.basic_publish("", name, body, properties)
        method, got, got_body = self.channel.basic_get(name, auto_ack=True)
        self.assertIsNotNone(method)
        self.assertEqual(got_body, body)
        for field in ("content_type", "content_encoding", "delivery_mode", "priority", "correlation_id",
                      "reply_to", "expiration", "message_id", "timestamp", "type", "user_id", "app_id"):
            self.assertEqual(getattr(got, field), getattr(properties, field), field)
        headers = got.headers
        self.assertEqual(header_text(headers["string"]), "text")
        self.assertEqual(headers["int"], 42)
        self.assertEqual(headers["negative"], -7)
        self.assertEqual(headers["decimal"], decimal.Decimal("1.50"))
        self.assertEqual(headers["when"], datetime.datetime(2024, 5, 1, 12, 30, 0))
        self.assertEqual(headers["long"], 2 ** 40)
        self.assertIs(headers["bool"], True)
        self.assertEqual([header_text(v) for v in headers["list"]], [1, "two", False])
        self.assertEqual(headers["nested"]["a"], 1)
        self.assertEqual(header_text(headers["nested"]["b"]), "c")
        self.assertEqual(headers["bytes"], b"\x00\xff")

    def test_user_id_must_match_the_login(self):
        # RabbitMQ: 406 PRECONDITION_FAILED - user_id property set to 'someone' but authenticated user was 'guest'
        name = self.declare("uid")
        self.channel.basic_publish("", name, b"x", pika.BasicProperties(user_id="someone"))
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            self.channel.queue_declare(name, passive=True)
        self.assert_closed_with(context, 406, "PRECONDITION_FAILED - user_id property set to 'someone'")

    # -- consuming ------------------------------------------------------------
    def test_get_and_get_empty(self):
        name = self.declare("get")
        self.assertEqual(self.channel.basic_get(name), (None, None, None))
        self.channel.basic_publish("", name, b"one")
        self.channel.basic_publish("", name, b"two")
        method, _, body = self.channel.basic_get(name, auto_ack=False)
        self.assertEqual(body, b"one")
        self.assertEqual(method.message_count, 1)   # messages left after this one
        self.assertFalse(method.redelivered)
        self.channel.basic_ack(method.delivery_tag)
        method, _, body = self.channel.basic_get(name, auto_ack=True)
        self.assertEqual((body, method.message_count), (b"two", 0))
        self.assertEqual(self.channel.basic_get(name), (None, None, None))

    def test_prefetch_is_honoured(self):
        name = self.declare("prefetch")
        for i in range(20):
            self.channel.basic_publish("", name, b"p%02d" % i)
        consumer_channel = self.connection.channel()
        consumer_channel.basic_qos(prefetch_count=3)
        pending = []
        received = []
        max_unacked = 0

        def on_message(ch, method, properties, body):
            nonlocal max_unacked
            pending.append(method.delivery_tag)
            received.append(body)
            max_unacked = max(max_unacked, len(pending))

        consumer_channel.basic_consume(name, on_message)
        self.connection.process_data_events(time_limit=0.5)
        self.assertEqual(len(pending), 3, "a consumer with prefetch 3 gets exactly 3 unacked messages")
        while len(received) < 20:
            tag = pending.pop(0)
            consumer_channel.basic_ack(tag)
            deadline = time.monotonic() + 5
            while len(pending) < 3 and len(received) < 20 and time.monotonic() < deadline:
                self.connection.process_data_events(time_limit=0.05)
            self.connection.process_data_events(time_limit=0.05)
            self.assertLessEqual(len(pending), 3)
        self.assertEqual(max_unacked, 3)
        self.assertEqual(received, [b"p%02d" % i for i in range(20)])
        # Multiple ack clears them all.
        consumer_channel.basic_ack(pending[-1], multiple=True)
        self.connection.process_data_events(time_limit=0.1)
        self.assertEqual(self.channel.queue_declare(name, passive=True).method.message_count, 0)

    def test_ack_nack_reject_with_and_without_requeue(self):
        ch = self.channel
        name = self.declare("acks")
        ch.basic_publish("", name, b"a")
        method, _, body = ch.basic_get(name)
        self.assertEqual((body, method.redelivered), (b"a", False))
        ch.basic_reject(method.delivery_tag, requeue=True)
        method, _, body = ch.basic_get(name)
        self.assertEqual((body, method.redelivered), (b"a", True))
        ch.basic_nack(method.delivery_tag, requeue=True)
        method, _, body = ch.basic_get(name)
        self.assertEqual((body, method.redelivered), (b"a", True))
        ch.basic_nack(method.delivery_tag, requeue=False)
        self.assertEqual(ch.basic_get(name), (None, None, None))

        ch.basic_publish("", name, b"b")
        ch.basic_publish("", name, b"c")
        ch.basic_publish("", name, b"d")
        m1, _, _ = ch.basic_get(name)
        ch.basic_reject(m1.delivery_tag, requeue=False)
        m2, _, _ = ch.basic_get(name)
        m3, _, _ = ch.basic_get(name)
        ch.basic_nack(m3.delivery_tag, multiple=True, requeue=True)   # c and d back, in order
        self.assertEqual([(m.redelivered, b) for m, _, b in (ch.basic_get(name), ch.basic_get(name))],
                         [(True, b"c"), (True, b"d")])

    def test_unacked_messages_return_when_the_channel_closes(self):
        name = self.declare("return")
        self.channel.basic_publish("", name, b"x")
        other = self.connection.channel()
        method, _, _ = self.wait_get(name, channel=other)
        self.assertFalse(method.redelivered)
        other.close()
        method, _, body = self.channel.basic_get(name, auto_ack=True)
        self.assertEqual((body, method.redelivered), (b"x", True))

    def test_consumer_cancel_notification_when_queue_is_deleted(self):
        name = self.declare("cancel")
        consumer_channel = self.connection.channel()
        cancelled = []
        consumer_channel.add_on_cancel_callback(lambda frame: cancelled.append(frame.method.consumer_tag))
        tag = consumer_channel.basic_consume(name, lambda *a: None)
        self.channel.queue_delete(name)
        wait_until(lambda: self.connection.process_data_events(time_limit=0.05) or cancelled,
                   message="basic.cancel from the broker")
        self.assertEqual(cancelled, [tag])
        self.assertTrue(consumer_channel.is_open)
        self.assertEqual(consumer_channel.consumer_tags, [])

    def test_no_cancel_notification_without_the_capability(self):
        # pika announces consumer_cancel_notify unless its capabilities are
        # replaced; a client that leaves it out must get no basic.cancel
        # (RabbitMQ sends it only to clients that announced it).
        capabilities = {"publisher_confirms": True, "basic.nack": True, "connection.blocked": True,
                        "authentication_failure_close": True}
        connection = self.pika_connection(client_properties={"capabilities": capabilities})
        consumer_channel = connection.channel()
        name = self.declare("nocancel", channel=consumer_channel)
        cancelled = []
        consumer_channel.add_on_cancel_callback(lambda frame: cancelled.append(frame.method.consumer_tag))
        consumer_channel.basic_consume(name, lambda *a: None)
        other = connection.channel()
        other.queue_delete(name)
        # Whatever the delete caused is on the wire before the answers to
        # later synchronous methods on both channels: read up to those.
        consumer_channel.queue_declare(name, auto_delete=True)
        other.queue_delete(name)
        connection.process_data_events(time_limit=0)
        self.assertEqual(cancelled, [])
        self.assertTrue(consumer_channel.is_open)

    # -- dead letters, TTL, limits ----------------------------------------------
    def test_nack_dead_letters_with_x_death(self):
        dlx, dlq, work = self.dead_letter_pair()
        ch = self.channel
        ch.basic_publish("", work, b"payload", pika.BasicProperties(headers={"app": "shop"}, message_id="m-7"))
        method, _, _ = ch.basic_get(work)
        ch.basic_nack(method.delivery_tag, requeue=False)

        method, properties, body = self.wait_get(dlq)
        ch.basic_ack(method.delivery_tag)
        self.assertEqual(body, b"payload")
        self.assertEqual(properties.message_id, "m-7")
        self.assertEqual(method.exchange, dlx)
        self.assertEqual(method.routing_key, work)   # original routing key kept (no x-dead-letter-routing-key)
        headers = properties.headers
        self.assertEqual(header_text(headers["app"]), "shop")
        deaths = headers["x-death"]
        self.assertEqual(len(deaths), 1)
        death = deaths[0]
        self.assertEqual(header_text(death["reason"]), "rejected")
        self.assertEqual(header_text(death["queue"]), work)
        self.assertEqual(header_text(death["exchange"]), "")
        self.assertEqual([header_text(k) for k in death["routing-keys"]], [work])
        self.assertEqual(death["count"], 1)
        self.assertIn("time", death)
        self.assertEqual(header_text(headers["x-first-death-reason"]), "rejected")
        self.assertEqual(header_text(headers["x-first-death-queue"]), work)
        self.assertEqual(header_text(headers["x-first-death-exchange"]), "")

        # Replayed to the work queue and rejected again: the same entry counts 2.
        ch.basic_publish("", work, body, properties)
        method, _, _ = ch.basic_get(work)
        ch.basic_reject(method.delivery_tag, requeue=False)
        method, properties, body = self.wait_get(dlq)
        ch.basic_ack(method.delivery_tag)
        deaths = properties.headers["x-death"]
        self.assertEqual(len(deaths), 1)
        self.assertEqual(header_text(deaths[0]["reason"]), "rejected")
        self.assertEqual(deaths[0]["count"], 2)

    def test_dead_letter_routing_key_override(self):
        dlx = self.exchange_name("dlx")
        self.channel.exchange_declare(dlx, exchange_type="direct")
        dlq = self.declare("dlq")
        self.channel.queue_bind(dlq, dlx, routing_key="failed")
        work = self.declare("work", arguments={"x-dead-letter-exchange": dlx,
                                               "x-dead-letter-routing-key": "failed"})
        self.channel.basic_publish("", work, b"x")
        method, _, _ = self.channel.basic_get(work)
        self.channel.basic_reject(method.delivery_tag, requeue=False)
        method, properties, _ = self.wait_get(dlq)
        self.assertEqual(method.routing_key, "failed")
        death = properties.headers["x-death"][0]
        self.assertEqual([header_text(k) for k in death["routing-keys"]], [work])

    def test_queue_ttl_expires_into_dlx(self):
        _, dlq, work = self.dead_letter_pair(**{"x-message-ttl": 300})
        self.channel.confirm_delivery()
        self.channel.basic_publish("", work, b"stale")
        self.assertEqual(self.channel.queue_declare(work, passive=True).method.message_count, 1)
        method, properties, body = self.wait_get(dlq)
        self.assertEqual(body, b"stale")
        death = properties.headers["x-death"][0]
        self.assertEqual(header_text(death["reason"]), "expired")
        self.assertEqual(header_text(death["queue"]), work)
        self.assertEqual(death["count"], 1)
        self.assertEqual(self.channel.queue_declare(work, passive=True).method.message_count, 0)

    def test_per_message_expiration_into_dlx(self):
        _, dlq, work = self.dead_letter_pair()
        self.channel.basic_publish("", work, b"short", pika.BasicProperties(expiration="150"))
        method, properties, body = self.wait_get(dlq)
        self.assertEqual(body, b"short")
        death = properties.headers["x-death"][0]
        self.assertEqual(header_text(death["reason"]), "expired")
        # RabbitMQ moves the expiration into x-death and clears the property.
        self.assertEqual(header_text(death["original-expiration"]), "150")
        self.assertIsNone(properties.expiration)

    def test_expired_message_is_never_delivered_without_dlx(self):
        name = self.declare("ttl", arguments={"x-message-ttl": 100})
        # Confirmed: the message is in the queue (RabbitMQ counts it only
        # once its queue has taken it).
        self.channel.confirm_delivery()
        self.channel.basic_publish("", name, b"gone")
        # Wait for the expiry itself (the queue's count drops), not for a
        # time that ought to be enough; only then look.
        wait_until(lambda: self.channel.queue_declare(name, passive=True).method.message_count == 0,
                   message=f"the message in {name} to expire")
        self.assertEqual(self.channel.basic_get(name), (None, None, None))

    def test_max_length_drop_head_dead_letters_oldest(self):
        _, dlq, work = self.dead_letter_pair(**{"x-max-length": 2})
        for body in (b"1", b"2", b"3"):
            self.channel.basic_publish("", work, body)
        self.assertEqual(self.drain(work), [b"2", b"3"])
        method, properties, body = self.wait_get(dlq)
        self.assertEqual(body, b"1")
        self.assertEqual(header_text(properties.headers["x-death"][0]["reason"]), "maxlen")

    def test_max_length_bytes_drop_head(self):
        name = self.declare("bytes", arguments={"x-max-length-bytes": 10})
        for body in (b"aaaa", b"bbbb", b"cccc"):
            self.channel.basic_publish("", name, body)
        self.assertEqual(self.drain(name), [b"bbbb", b"cccc"])

    def test_max_length_reject_publish_nacks_the_publisher(self):
        name = self.declare("reject", arguments={"x-max-length": 1, "x-overflow": "reject-publish"})
        self.channel.confirm_delivery()
        self.channel.basic_publish("", name, b"fits")
        with self.assertRaises(pex.NackError):
            self.channel.basic_publish("", name, b"overflows")
        self.assertEqual(self.drain(name), [b"fits"])
        self.channel.basic_publish("", name, b"fits again")
        self.assertEqual(self.drain(name), [b"fits again"])

    # -- errors: channel-level -----------------------------------------------
    def test_exclusive_queue_is_locked_for_other_connections(self):
        name = self.declare("excl", exclusive=True)
        other = self.pika_connection()
        channel = other.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.queue_declare(name, exclusive=True)
        # RabbitMQ: 405 RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '<q>' in vhost '/'. ...
        self.assert_closed_with(context, 405, f"RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '{name}'")
        channel = other.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.basic_consume(name, lambda *a: None)
        self.assertEqual(context.exception.reply_code, 405)
        self.assertTrue(other.is_open)

    def test_passive_declare_of_missing_queue_closes_only_the_channel(self):
        missing = self.queue_name("missing")
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            self.channel.queue_declare(missing, passive=True)
        # RabbitMQ: 404 NOT_FOUND - no queue '<q>' in vhost '/'
        self.assert_closed_with(context, 404, f"NOT_FOUND - no queue '{missing}' in vhost '/'")
        self.assertTrue(self.channel.is_closed)
        self.assertTrue(self.connection.is_open)
        channel = self.connection.channel()
        missing_x = self.exchange_name("missing")
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.exchange_declare(missing_x, passive=True)
        self.assert_closed_with(context, 404, f"NOT_FOUND - no exchange '{missing_x}' in vhost '/'")
        channel = self.connection.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.basic_publish(missing_x, "k", b"x")
            channel.queue_declare(self.queue_name(), exclusive=True)   # forces a round trip
        self.assert_closed_with(context, 404, f"NOT_FOUND - no exchange '{missing_x}' in vhost '/'")
        channel = self.connection.channel()
        name = self.declare("alive", channel=channel)
        channel.basic_publish("", name, b"still fine")
        self.assertEqual(self.get_body(name, channel), b"still fine")

    def test_inequivalent_redeclare_is_406(self):
        name = self.declare("equiv", durable=False)
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            self.channel.queue_declare(name, durable=True)
        # RabbitMQ: 406 PRECONDITION_FAILED - inequivalent arg 'durable' for queue '<q>' in vhost '/': received 'true' but current is 'false'
        self.assert_closed_with(context, 406, f"PRECONDITION_FAILED - inequivalent arg 'durable' for queue '{name}'")
        channel = self.connection.channel()
        ttl = self.declare("equiv-ttl", channel=channel, arguments={"x-message-ttl": 1000})
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.queue_declare(ttl, arguments={"x-message-ttl": 2000})
        self.assert_closed_with(context, 406, f"PRECONDITION_FAILED - inequivalent arg 'x-message-ttl' for queue '{ttl}'")
        channel = self.connection.channel()
        exchange = self.exchange_name("equiv")
        channel.exchange_declare(exchange, exchange_type="direct")
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.exchange_declare(exchange, exchange_type="fanout")
        self.assert_closed_with(context, 406, f"PRECONDITION_FAILED - inequivalent arg 'type' for exchange '{exchange}'")
        self.assertTrue(self.connection.is_open)

    def test_ack_of_unknown_delivery_tag_is_406(self):
        self.channel.basic_ack(99)
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            self.channel.queue_declare(self.queue_name(), exclusive=True)
        # RabbitMQ: 406 PRECONDITION_FAILED - unknown delivery tag 99
        self.assert_closed_with(context, 406, "PRECONDITION_FAILED - unknown delivery tag 99")

    def test_exclusive_consumer_refuses_a_second_consumer(self):
        name = self.declare("exclusive-consumer")
        self.channel.basic_consume(name, lambda *a: None, exclusive=True)
        other = self.connection.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            other.basic_consume(name, lambda *a: None)
        # RabbitMQ: 403 ACCESS_REFUSED - queue '<q>' in vhost '/' in exclusive use
        self.assert_closed_with(context, 403, f"ACCESS_REFUSED - queue '{name}' in vhost '/' in exclusive use")

    def test_reserved_amq_prefix_is_403(self):
        channel = self.connection.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.queue_declare("amq.depot-it-reserved")
        # RabbitMQ: 403 ACCESS_REFUSED - queue name 'amq.x' contains reserved prefix 'amq.*'
        self.assert_closed_with(context, 403, "ACCESS_REFUSED - queue name 'amq.depot-it-reserved' contains reserved prefix 'amq.*'")
        channel = self.connection.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            channel.exchange_declare("amq.depot-it-reserved", exchange_type="direct")
        self.assert_closed_with(context, 403, "ACCESS_REFUSED - exchange name 'amq.depot-it-reserved' contains reserved prefix 'amq.*'")

    def test_delete_if_empty_and_if_unused(self):
        name = self.declare("ifempty")
        self.channel.confirm_delivery()
        self.channel.basic_publish("", name, b"x")
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            self.channel.queue_delete(name, if_empty=True)
        # RabbitMQ: 406 PRECONDITION_FAILED - queue '<q>' in vhost '/' not empty
        self.assert_closed_with(context, 406, f"PRECONDITION_FAILED - queue '{name}' in vhost '/' not empty")
        channel = self.connection.channel()
        channel.basic_consume(name, lambda ch, m, p, b: None, auto_ack=True)
        other = self.connection.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            other.queue_delete(name, if_unused=True)
        self.assert_closed_with(context, 406, f"PRECONDITION_FAILED - queue '{name}' in vhost '/' in use")

    def test_queue_expires_when_unused(self):
        name = self.declare("expires", arguments={"x-expires": 300})
        self.assertTrue(self._queue_exists(name))
        # A passive declare or a get is a use (RabbitMQ renews the lease), a
        # publish is not: wait until a mandatory publish to it comes back
        # unroutable, the queue's deletion itself.
        channel = self.connection.channel()
        channel.confirm_delivery()

        def gone():
            try:
                channel.basic_publish("", name, b"probe", mandatory=True)
            except pex.UnroutableError:
                return True
            return False
        wait_until(gone, timeout=10, interval=0.1, message=f"{name} to expire")
        self.assertFalse(self._queue_exists(name))

    def _queue_exists(self, name):
        channel = self.connection.channel()
        try:
            channel.queue_declare(name, passive=True)
        except pex.ChannelClosedByBroker as error:
            self.assertEqual(error.reply_code, 404)
            return False
        channel.close()
        return True

    def test_recover_requeues_unacked(self):
        name = self.declare("recover")
        self.channel.basic_publish("", name, b"again")
        method, _, _ = self.channel.basic_get(name)
        self.assertFalse(method.redelivered)
        self.channel.basic_recover(requeue=True)
        method, _, body = self.wait_get(name)
        self.assertEqual((body, method.redelivered), (b"again", True))

    def test_consumer_priorities(self):
        name = self.declare("consumer-prio")
        low, high = self.connection.channel(), self.connection.channel()
        got = {"low": [], "high": []}

        def collect(label):
            def on_message(ch, method, properties, body):
                got[label].append(body)
                ch.basic_ack(method.delivery_tag)
            return on_message
        low.basic_consume(name, collect("low"), arguments={"x-priority": 1})
        high.basic_consume(name, collect("high"), arguments={"x-priority": 10})
        for i in range(10):
            self.channel.basic_publish("", name, b"%d" % i)
        wait_until(lambda: self.connection.process_data_events(time_limit=0.05) or len(got["high"]) == 10,
                   message="all messages at the high-priority consumer")
        self.assertEqual(got["low"], [])

    # -- RPC ------------------------------------------------------------------
    def test_rpc_with_direct_reply_to(self):
        requests = self.declare("rpc")
        server = self.pika_connection()
        server_channel = server.channel()
        client = self.channel
        replies = []
        client.basic_consume("amq.rabbitmq.reply-to", lambda ch, m, p, b: replies.append((p.correlation_id, b)),
                             auto_ack=True)
        for i in range(3):
            client.basic_publish("", requests, b"%d" % i,
                                 pika.BasicProperties(reply_to="amq.rabbitmq.reply-to", correlation_id=f"c{i}"))
        served = 0
        while served < 3:
            method, properties, body = server_channel.basic_get(requests, auto_ack=True)
            if method is None:
                server.process_data_events(time_limit=0.05)
                continue
            self.assertTrue(properties.reply_to.startswith("amq.rabbitmq.reply-to."), properties.reply_to)
            server_channel.basic_publish("", properties.reply_to, b"re:" + body,
                                         pika.BasicProperties(correlation_id=properties.correlation_id))
            served += 1
        wait_until(lambda: self.connection.process_data_events(time_limit=0.05) or len(replies) == 3,
                   message="three replies")
        self.assertEqual(sorted(replies), [("c0", b"re:0"), ("c1", b"re:1"), ("c2", b"re:2")])

    def test_rpc_with_exclusive_reply_queue(self):
        requests = self.declare("rpc")
        reply_queue = self.channel.queue_declare("", exclusive=True, auto_delete=True).method.queue
        self.channel.basic_publish("", requests, b"ping",
                                   pika.BasicProperties(reply_to=reply_queue, correlation_id="42"))
        server = self.pika_connection().channel()
        method, properties, body = wait_get(server, requests, auto_ack=True)
        server.basic_publish("", properties.reply_to, b"pong", pika.BasicProperties(correlation_id="42"))
        method, properties, body = self.wait_get(reply_queue)
        self.assertEqual((properties.correlation_id, body), ("42", b"pong"))

    # -- queue features -------------------------------------------------------
    def test_priorities(self):
        name = self.declare("prio", arguments={"x-max-priority": 10})
        for priority, body in ((1, b"low"), (9, b"high"), (5, b"mid"), (None, b"none"), (5, b"mid2"),
                               (200, b"capped")):
            self.channel.basic_publish("", name, body, pika.BasicProperties(priority=priority))
        # Priorities above x-max-priority count as the maximum (200 ranks above 9); FIFO within one priority.
        self.assertEqual(self.drain(name), [b"capped", b"high", b"mid", b"mid2", b"low", b"none"])

    def test_single_active_consumer(self):
        name = self.declare("sac", arguments={"x-single-active-consumer": True})
        first, second = self.connection.channel(), self.connection.channel()
        got = {"first": [], "second": []}

        def collect(label):
            def on_message(ch, method, properties, body):
                got[label].append(body)
                ch.basic_ack(method.delivery_tag)
            return on_message
        tag1 = first.basic_consume(name, collect("first"))
        second.basic_consume(name, collect("second"))
        for i in range(5):
            self.channel.basic_publish("", name, b"%d" % i)
        wait_until(lambda: self.connection.process_data_events(time_limit=0.05) or len(got["first"]) == 5,
                   message="five messages for the active consumer")
        self.assertEqual(got["second"], [])
        first.basic_cancel(tag1)
        for i in range(5, 8):
            self.channel.basic_publish("", name, b"%d" % i)
        wait_until(lambda: self.connection.process_data_events(time_limit=0.05) or len(got["second"]) == 3,
                   message="the second consumer taking over")
        self.assertEqual(got["second"], [b"5", b"6", b"7"])
        self.assertEqual(len(got["first"]), 5)

    def test_transactions(self):
        ch = self.channel
        name = self.declare("tx")
        ch.tx_select()
        ch.basic_publish("", name, b"rolled back")
        ch.tx_rollback()
        other = self.connection.channel()
        self.assertEqual(other.queue_declare(name, passive=True).method.message_count, 0)
        ch.basic_publish("", name, b"one")
        ch.basic_publish("", name, b"two")
        self.assertEqual(other.queue_declare(name, passive=True).method.message_count, 0)
        ch.tx_commit()
        self.assertEqual(other.queue_declare(name, passive=True).method.message_count, 2)
        # Acks inside a transaction take effect at commit.
        method, _, body = ch.basic_get(name)
        self.assertEqual(body, b"one")
        ch.basic_ack(method.delivery_tag)
        ch.tx_commit()
        self.assertEqual(other.queue_declare(name, passive=True).method.message_count, 1)

    def test_delivery_limit_on_quorum_queue(self):
        # RabbitMQ counts deliveries on quorum queues; the (limit+1)-th failed
        # delivery dead-letters with reason delivery_limit. Depot accepts the
        # quorum type and behaves the same.
        self._delivery_limit_round(durable=True, queue_type="quorum")

    @depot_only("x-delivery-limit on a classic queue; RabbitMQ 3.10 ignores it there")
    def test_delivery_limit_on_classic_queue(self):
        self._delivery_limit_round(durable=False, queue_type=None)

    def _delivery_limit_round(self, durable, queue_type):
        dlx = self.exchange_name("dlx")
        self.channel.exchange_declare(dlx, exchange_type="fanout")
        dlq = self.declare("dlq")
        self.channel.queue_bind(dlq, dlx)
        arguments = {"x-dead-letter-exchange": dlx, "x-delivery-limit": 2}
        if queue_type:
            arguments["x-queue-type"] = queue_type
        work = self.declare("limited", durable=durable, arguments=arguments)
        self.channel.basic_publish("", work, b"poison")
        counts = []
        for _ in range(3):
            method, properties, body = self.wait_get(work)
            counts.append((properties.headers or {}).get("x-delivery-count"))
            self.channel.basic_nack(method.delivery_tag, requeue=True)
        # Delivered three times (limit 2 allows two redeliveries), then dead-lettered.
        # RabbitMQ 3.10 sets x-delivery-count on every delivery, 0 on the first.
        self.assertEqual(counts, [0, 1, 2])
        method, properties, body = self.wait_get(dlq)
        self.assertEqual(body, b"poison")
        self.assertEqual(header_text(properties.headers["x-death"][0]["reason"]), "delivery_limit")
        self.assertEqual(self.channel.basic_get(work), (None, None, None))

    @depot_only("delayed messages need RabbitMQ's delayed-message plugin, absent from Debian's package")
    def test_delayed_message_exchange(self):
        exchange = self.exchange_name("delayed")
        self.channel.exchange_declare(exchange, exchange_type="x-delayed-message",
                                      arguments={"x-delayed-type": "direct"})
        name = self.declare("delayed")
        self.channel.queue_bind(name, exchange, routing_key="later")
        self.channel.basic_publish(exchange, "later", b"in 3 s", pika.BasicProperties(headers={"x-delay": 3000}))
        self.channel.basic_publish(exchange, "later", b"now")
        # The channel's methods are taken in order, so both publishes are in
        # when the gets run: the undelayed one is there, the delayed one not
        # yet. Then wait for the delayed one itself.
        self.assertEqual(self.drain(name), [b"now"])
        method, properties, body = self.wait_get(name, timeout=15)
        self.assertEqual(body, b"in 3 s")


if __name__ == "__main__":
    unittest.main()
