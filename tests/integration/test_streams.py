"""RabbitMQ streams over AMQP 0-9-1 (x-queue-type stream) with pika, against
the real `depot --headless --data-dir DIR`.

A stream is a log on Depot's log engine (docs/ARCHITECTURE.md, "Streams over
AMQP"): published messages are appended, confirmed once durable, and read by
consumers from an offset (x-stream-offset) without being removed; acks are
credit. What RabbitMQ refuses (no prefetch, basic.get, exclusive or
non-durable streams, arguments streams do not take) Depot refuses with
RabbitMQ's codes and texts. Every test here passes against RabbitMQ 3.12+
too (DEPOT_TEST_TARGET=rabbitmq) but the restart and the HTTP field checks
marked Depot-only.
"""

import datetime
import json
import time
import unittest
import urllib.request

from depot_harness import BrokerTestCase, can_restart, depot_only, import_client

pika = import_client("pika", "python3-pika")


class StreamTest(BrokerTestCase):
    data_dir = True

    def setUp(self):
        super().setUp()
        self.connection = self.pika_connection()
        self.channel = self.connection.channel()

    def stream(self, prefix="s", **arguments):
        name = self.queue_name(prefix)
        self.channel.queue_declare(name, durable=True, arguments=dict({"x-queue-type": "stream"}, **arguments))
        return name

    def publish(self, queue, bodies, exchange="", properties=None):
        """Publishes with confirms on a channel of its own: each basic_publish returns once confirmed."""
        channel = self.connection.channel()
        channel.confirm_delivery()
        for body in bodies:
            channel.basic_publish(exchange, queue, body, properties=properties, mandatory=True)
        channel.close()

    def consume(self, queue, count, offset=None, prefetch=10, channel=None):
        """The first `count` deliveries from `offset`, acked as they come: (offset, properties, body)."""
        channel = channel or self.connection.channel()
        channel.basic_qos(prefetch_count=prefetch)
        arguments = {} if offset is None else {"x-stream-offset": offset}
        got = []
        for method, properties, body in channel.consume(queue, arguments=arguments, inactivity_timeout=10):
            self.assertIsNotNone(method, f"only {len(got)} of {count} messages arrived from {queue}")
            got.append((properties.headers["x-stream-offset"], properties, body))
            channel.basic_ack(method.delivery_tag)
            if len(got) == count:
                break
        channel.cancel()
        channel.close()
        return got

    def refused(self, action, code):
        """Runs `action(channel)` on a fresh channel; returns the reply text of the close it causes."""
        connection = self.pika_connection()
        channel = connection.channel()
        with self.assertRaises((pika.exceptions.ChannelClosedByBroker,
                                pika.exceptions.ConnectionClosedByBroker)) as caught:
            action(channel)
            connection.process_data_events(time_limit=1)
            channel.basic_qos(prefetch_count=1)   # a round trip: the refusal arrives before its answer
        self.assertEqual(caught.exception.reply_code, code, caught.exception.reply_text)
        return caught.exception.reply_text

    # -- publish and read --------------------------------------------------

    def test_first_twice_gives_every_message_twice(self):
        queue = self.stream()
        self.publish(queue, [f"m{i}".encode() for i in range(5)])
        for _ in range(2):
            got = self.consume(queue, 5, "first")
            self.assertEqual([o for o, _, _ in got], [0, 1, 2, 3, 4])
            self.assertEqual([b for _, _, b in got], [b"m0", b"m1", b"m2", b"m3", b"m4"])
        # Nothing was removed by reading: the stream still counts 5.
        self.assertEqual(self.channel.queue_declare(queue, passive=True).method.message_count, 5)

    def test_last_next_and_numeric_offsets(self):
        queue = self.stream()
        self.publish(queue, [b"a", b"b", b"c"])
        self.assertEqual([b for _, _, b in self.consume(queue, 1, "last")], [b"c"])
        self.assertEqual([(o, b) for o, _, b in self.consume(queue, 2, 1)], [(1, b"b"), (2, b"c")])
        # next: only what comes after the consumer started.
        channel = self.connection.channel()
        channel.basic_qos(prefetch_count=5)
        deliveries = []

        def on_message(ch, method, properties, body):
            deliveries.append((properties.headers["x-stream-offset"], body))
            ch.basic_ack(method.delivery_tag)
        channel.basic_consume(queue, on_message, arguments={"x-stream-offset": "next"})
        self.publish(queue, [b"d"])
        deadline = time.monotonic() + 10
        while not deliveries and time.monotonic() < deadline:
            self.connection.process_data_events(time_limit=0.1)
        self.assertEqual(deliveries, [(3, b"d")])

    def test_timestamp_and_interval_offsets(self):
        queue = self.stream()
        self.publish(queue, [b"old"])
        # AMQP timestamps count seconds: the later messages go a whole second
        # and more after the first, so a timestamp and an interval fall between.
        time.sleep(5)
        cut = datetime.datetime.fromtimestamp(int(time.time()), tz=datetime.timezone.utc)
        self.publish(queue, [b"new1", b"new2"])
        self.assertEqual([b for _, _, b in self.consume(queue, 2, cut)], [b"new1", b"new2"])
        self.assertEqual([b for _, _, b in self.consume(queue, 2, "3s")], [b"new1", b"new2"])
        self.assertEqual([b for _, _, b in self.consume(queue, 3, "1h")], [b"old", b"new1", b"new2"])

    def test_any_exchange_appends_and_properties_come_back_exactly(self):
        queue = self.stream()
        exchange = self.exchange_name("fan")
        self.channel.exchange_declare(exchange, "fanout")
        self.channel.queue_bind(queue, exchange)
        headers = {"tenant": "acme", "n": 7, "flag": True, "nested": {"k": "v"}, "list": [1, "two"]}
        properties = pika.BasicProperties(content_type="application/json", content_encoding="utf-8",
                                          headers=headers, delivery_mode=2, priority=3, correlation_id="c-1",
                                          reply_to="replies", message_id="m-1", timestamp=1700000000,
                                          type="order.created", app_id="shop")
        self.publish("any-key", [b'{"id": 1}'], exchange=exchange, properties=properties)
        [(offset, got, body)] = self.consume(queue, 1, "first")
        self.assertEqual(body, b'{"id": 1}')
        self.assertEqual(offset, 0)
        for field in ("content_type", "content_encoding", "delivery_mode", "priority", "correlation_id",
                      "reply_to", "message_id", "timestamp", "type", "app_id"):
            self.assertEqual(getattr(got, field), getattr(properties, field), field)
        self.assertEqual({k: v for k, v in got.headers.items() if k != "x-stream-offset"}, headers)

    def test_acks_are_credit(self):
        queue = self.stream()
        self.publish(queue, [str(i).encode() for i in range(6)])
        channel = self.connection.channel()
        channel.basic_qos(prefetch_count=2)
        seen = []
        channel.basic_consume(queue, lambda ch, m, p, b: seen.append(m), arguments={"x-stream-offset": "first"})
        deadline = time.monotonic() + 10
        while len(seen) < 2 and time.monotonic() < deadline:
            self.connection.process_data_events(time_limit=0.1)
        self.assertEqual(len(seen), 2)
        # A reject frees credit as an ack does, and nothing is requeued or removed.
        channel.basic_reject(seen[0].delivery_tag, requeue=True)
        channel.basic_nack(seen[1].delivery_tag, requeue=False)
        while len(seen) < 4 and time.monotonic() < deadline:
            self.connection.process_data_events(time_limit=0.1)
        self.assertEqual(len(seen), 4)
        self.assertEqual(self.channel.queue_declare(queue, passive=True).method.message_count, 6)

    # -- refusals ----------------------------------------------------------

    def test_consume_without_prefetch_is_refused(self):
        queue = self.stream()
        text = self.refused(lambda ch: ch.basic_consume(queue, lambda *a: None), 406)
        self.assertIn("consumer prefetch count is not set", text)

    def test_basic_get_is_refused(self):
        queue = self.stream()
        text = self.refused(lambda ch: ch.basic_get(queue), 540)
        self.assertIn("basic.get not supported by stream queues", text)

    def test_bad_stream_offset_is_refused_naming_it(self):
        queue = self.stream()

        def consume(ch):
            ch.basic_qos(prefetch_count=1)
            ch.basic_consume(queue, lambda *a: None, arguments={"x-stream-offset": "yesterday"})
        self.assertIn("x-stream-offset", self.refused(consume, 406))

    def test_declarations_streams_do_not_take_are_refused(self):
        stream = {"x-queue-type": "stream"}
        for options, what in ((dict(durable=False), "non-durable"), (dict(durable=True, exclusive=True), "exclusive"),
                              (dict(durable=True, auto_delete=True), "auto-delete")):
            name = self.queue_name()
            text = self.refused(lambda ch: ch.queue_declare(name, arguments=stream, **options), 406)
            self.assertIn(what, text)
        for key, value in (("x-max-length", 10), ("x-message-ttl", 1000), ("x-max-age", "7X")):
            name = self.queue_name()
            text = self.refused(lambda ch: ch.queue_declare(name, durable=True, arguments=dict(stream, **{key: value})),
                                406)
            self.assertIn(key, text)

    # -- retention ---------------------------------------------------------

    def test_max_length_bytes_removes_whole_old_segments(self):
        body = b"x" * 200
        small = self.stream(**{"x-max-length-bytes": 2000, "x-stream-max-segment-size-bytes": 1000})
        self.publish(small, [body] * 30)
        # The segment being written is never removed: with the default
        # segment size (500 MB) everything is one segment, and stays.
        whole = self.stream(**{"x-max-length-bytes": 2000})
        self.publish(whole, [body] * 30)
        self.assertEqual(self.channel.queue_declare(whole, passive=True).method.message_count, 30)
        self.assertEqual(self.consume(whole, 1, "first")[0][0], 0)
        kept = self.channel.queue_declare(small, passive=True).method.message_count
        self.assertLess(kept, 30)
        self.assertGreater(kept, 0)
        got = self.consume(small, kept, "first")
        self.assertEqual([o for o, _, _ in got], list(range(30 - kept, 30)))

    def test_max_age_removes_old_segments(self):
        queue = self.stream(**{"x-max-age": "1s", "x-stream-max-segment-size-bytes": 1})
        self.publish(queue, [b"a", b"b", b"c"])
        time.sleep(2.5)   # older than the max age now
        self.publish(queue, [b"d"])   # retention runs as the stream is written
        self.assertEqual([(o, b) for o, _, b in self.consume(queue, 1, "first")], [(3, b"d")])

    # -- restart and HTTP ----------------------------------------------------

    @unittest.skipUnless(can_restart(), "restarting RabbitMQ needs DEPOT_TEST_RABBITMQ_RESTART=1")
    def test_a_stream_survives_a_restart(self):
        queue = self.stream(**{"x-max-age": "7D"})
        self.publish(queue, [b"one", b"two", b"three"])
        self.broker.restart()
        self.connection = self.pika_connection()
        self.channel = self.connection.channel()
        self.assertEqual([(o, b) for o, _, b in self.consume(queue, 3, "first")],
                         [(0, b"one"), (1, b"two"), (2, b"three")])
        self.publish(queue, [b"four"])
        self.assertEqual([(o, b) for o, _, b in self.consume(queue, 1, "last")], [(3, b"four")])
        # Its arguments came back with it: a redeclaration with others is refused.
        text = self.refused(lambda ch: ch.queue_declare(queue, durable=True,
                                                        arguments={"x-queue-type": "stream", "x-max-age": "1D"}), 406)
        self.assertIn("x-max-age", text)

    @depot_only("RabbitMQ's management API counts stream messages with a delay")
    def test_http_shows_the_stream(self):
        queue = self.stream(**{"x-max-age": "7D"})
        self.publish(queue, [b"1", b"2", b"3", b"4", b"5"])
        request = urllib.request.Request(f"http://{self.host}:{self.broker.http_port}/api/queues/%2F/{queue}")
        request.add_header("Authorization", "Basic Z3Vlc3Q6Z3Vlc3Q=")
        with urllib.request.urlopen(request, timeout=10) as response:
            shown = json.loads(response.read())
        self.assertEqual(shown["type"], "stream")
        self.assertEqual(shown["messages"], 5)
        self.assertEqual(shown["arguments"], {"x-queue-type": "stream", "x-max-age": "7D"})
        self.assertTrue(shown["durable"])


if __name__ == "__main__":
    unittest.main()
