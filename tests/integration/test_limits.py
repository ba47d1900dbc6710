"""Limits: the real `depot --headless` started with each limit set, driven by
pika (and by hand-made frames where pika cannot produce the bad input).

For every limit: the exact limit is accepted, one over is refused with the
documented reply code and a readable text, and everything published before
is still there.

- --max-connections N: the (N+1)th connection.open is answered with
  connection.close 530 NOT_ALLOWED "... connection limit (N) is reached";
  pika raises ProbableAccessDeniedError carrying it.
- --max-channels N: connection.tune proposes channel_max N; opening channel
  N+1 closes the connection with 530 NOT_ALLOWED "channel N+1 is above the
  negotiated channel_max N ...". pika refuses to pick such a number itself
  (NoFreeChannels), so the test asks for it explicitly.
- --max-message-size S (default 128 MiB): a body of S bytes is accepted; S+1
  closes the channel with 406 PRECONDITION_FAILED "message size S+1 is larger
  than configured max size S"; the connection stays usable. Also run for real
  with the default: 128 MiB accepted, 128 MiB + 1 refused.
- --frame-max F: connection.tune proposes frame_max F; pika splits bodies to
  fit; a frame of F+1 bytes (raw socket: pika never sends one) closes the
  connection with 501 FRAME_ERROR "frame of F+1 bytes is larger than
  frame_max F".
- --memory-high-watermark: with 8MiB, a publisher without consumers gets
  connection.blocked (its reason names the watermark) and is no longer read;
  a second connection consumes; memory falls below the mark, the publisher
  gets connection.unblocked and finishes; every message arrives exactly once.
- the HTTP API's publish obeys the same alarm: with the mark crossed it is
  refused with 503 and the alarm's text, and stores nothing; once the queue
  is purged and memory fell below the mark, it publishes again.

Depot-only: these start Depot with its own flags.
"""

import hashlib
import struct
import threading
import time
import unittest

from depot_harness import DepotProcess, import_client, unique, wait_get, wait_until
from test_raw_socket import (FRAME_BODY, RawConnection, content_header, frame, method,
                             queue_declare, shortstr)

pika = import_client("pika", "python3-pika")

MiB = 1024 * 1024


def basic_publish(channel, routing_key, exchange=""):
    return method(channel, 60, 40, struct.pack(">H", 0) + shortstr(exchange) + shortstr(routing_key) + b"\x00")


class DepotWith(unittest.TestCase):
    """One depot per test class, started with `args`."""

    args = ()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.depot = DepotProcess(extra_args=list(cls.args)).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.depot.stop()
        super().tearDownClass()
        if code != 0:
            raise AssertionError(f"depot exited with {code} on SIGTERM\n{cls.depot.describe()}")

    def parameters(self, **overrides):
        options = dict(host="127.0.0.1", port=self.depot.amqp_port, credentials=pika.PlainCredentials("guest", "guest"),
                       connection_attempts=1, socket_timeout=10, blocked_connection_timeout=60)
        options.update(overrides)
        return pika.ConnectionParameters(**options)

    def connect(self, **overrides):
        connection = pika.BlockingConnection(self.parameters(**overrides))
        self.addCleanup(self.close_quietly, connection)
        return connection

    @staticmethod
    def close_quietly(connection):
        try:
            if connection.is_open:
                connection.close()
        except Exception:
            pass

    def message_count(self, queue):
        connection = self.connect()
        try:
            return connection.channel().queue_declare(queue, passive=True).method.message_count
        finally:
            connection.close()

    def assert_depot_alive(self):
        self.assertTrue(self.depot.running(), "depot must survive the refusal\n" + self.depot.describe())


class MaxConnectionsTest(DepotWith):
    args = ("--max-connections", "3")

    def test_the_limit_is_accepted_one_more_is_refused_with_530(self):
        queue = unique("conn")
        connections = [self.connect() for _ in range(3)]
        channels = [c.channel() for c in connections]
        channels[0].queue_declare(queue)
        for i, channel in enumerate(channels):
            channel.confirm_delivery()
            channel.basic_publish("", queue, f"from connection {i}".encode())

        with self.assertRaises(pika.exceptions.ProbableAccessDeniedError) as refused:
            pika.BlockingConnection(self.parameters())
        text = str(refused.exception)
        self.assertIn("530", text)
        self.assertIn("NOT_ALLOWED - access to vhost '/' refused for user 'guest': connection limit (3) is reached",
                      text)

        # The three connections still work, and nothing they published is lost.
        for channel in channels:
            self.assertEqual(channel.queue_declare(queue, passive=True).method.message_count, 3)
        # A freed place can be taken again.
        connections[2].close()
        wait_until(lambda: self._can_connect(), timeout=5, message="a connection after one closed")
        bodies = sorted(wait_get(channels[0], queue, auto_ack=True)[2] for _ in range(3))
        self.assertEqual(bodies, [f"from connection {i}".encode() for i in range(3)])
        channels[0].queue_delete(queue)
        self.assert_depot_alive()

    def _can_connect(self):
        try:
            connection = pika.BlockingConnection(self.parameters())
        except pika.exceptions.AMQPConnectionError:
            return False
        connection.close()
        return True


class MaxChannelsTest(DepotWith):
    args = ("--max-channels", "4")

    def test_channel_max_is_proposed_and_one_more_channel_is_530(self):
        connection = self.connect()
        self.assertEqual(connection._impl.params.channel_max, 4)   # what the tune negotiated
        channels = [connection.channel() for _ in range(4)]
        self.assertEqual(sorted(c.channel_number for c in channels), [1, 2, 3, 4])
        queue = unique("chan")
        channels[0].queue_declare(queue)
        for channel in channels:
            channel.basic_publish("", queue, f"on channel {channel.channel_number}".encode())
        channels[3].queue_declare(queue, passive=True)   # a round trip: the publishes are in
        # pika will not pick a fifth number itself ...
        with self.assertRaises(pika.exceptions.NoFreeChannels):
            connection.channel()
        # ... but a client may ask for one: Depot closes the connection.
        with self.assertRaises(pika.exceptions.ConnectionClosedByBroker) as closed:
            connection.channel(channel_number=5)
        self.assertEqual(closed.exception.reply_code, 530)
        self.assertEqual(closed.exception.reply_text,
                         "NOT_ALLOWED - channel 5 is above the negotiated channel_max 4: this connection may open at "
                         "most 4 channels, numbered 1 to 4")
        # Nothing published before is lost.
        self.assertEqual(self.message_count(queue), 4)
        other = self.connect()
        other.channel().queue_delete(queue)
        self.assert_depot_alive()

    def test_a_client_may_ask_for_fewer(self):
        connection = self.connect(channel_max=2)
        self.assertEqual(connection._impl.params.channel_max, 2)
        connection.channel()
        connection.channel()
        with self.assertRaises(pika.exceptions.ConnectionClosedByBroker) as closed:
            connection.channel(channel_number=3)
        self.assertEqual(closed.exception.reply_code, 530)
        self.assertIn("channel_max 2", closed.exception.reply_text)


class MaxMessageSizeTest(DepotWith):
    args = ("--max-message-size", "64KiB")

    def test_the_limit_is_accepted_one_byte_more_is_406_and_the_connection_stays(self):
        connection = self.connect()
        channel = connection.channel()
        channel.confirm_delivery()
        queue = unique("size")
        channel.queue_declare(queue)
        channel.basic_publish("", queue, b"a" * (64 * 1024))   # confirmed
        with self.assertRaises(pika.exceptions.ChannelClosedByBroker) as closed:
            channel.basic_publish("", queue, b"b" * (64 * 1024 + 1))
        self.assertEqual(closed.exception.reply_code, 406)
        self.assertEqual(closed.exception.reply_text,
                         "PRECONDITION_FAILED - message size 65537 is larger than configured max size 65536")
        self.assertTrue(connection.is_open)
        again = connection.channel()
        method_frame, _, body = wait_get(again, queue, auto_ack=True)
        self.assertEqual(body, b"a" * (64 * 1024))
        self.assertEqual(method_frame.message_count, 0)
        again.queue_delete(queue)
        self.assert_depot_alive()


class DefaultMessageSizeTest(DepotWith):
    args = ()

    def test_128_mib_is_accepted_and_one_byte_more_refused(self):
        connection = self.connect(socket_timeout=60)
        channel = connection.channel()
        channel.confirm_delivery()
        queue = unique("big")
        channel.queue_declare(queue)
        limit = 128 * MiB
        body = bytes(range(256)) * (limit // 256)
        self.assertEqual(len(body), limit)
        channel.basic_publish("", queue, body)   # confirmed
        with self.assertRaises(pika.exceptions.ChannelClosedByBroker) as closed:
            channel.basic_publish("", queue, body + b"!")
        self.assertEqual(closed.exception.reply_code, 406)
        self.assertEqual(closed.exception.reply_text,
                         f"PRECONDITION_FAILED - message size {limit + 1} is larger than configured max size {limit}")
        again = connection.channel()
        _, _, received = wait_get(again, queue, auto_ack=True, timeout=60)
        self.assertEqual(len(received), limit)
        self.assertEqual(hashlib.sha256(received).digest(), hashlib.sha256(body).digest())
        again.queue_delete(queue)
        self.assert_depot_alive()


class FrameMaxTest(DepotWith):
    args = ("--frame-max", "8192")

    def test_pika_negotiates_the_proposed_frame_max(self):
        connection = self.connect()
        self.assertEqual(connection._impl.params.frame_max, 8192)
        channel = connection.channel()
        queue = unique("frames")
        channel.queue_declare(queue)
        body = b"0123456789abcdef" * 6400   # 100 KiB: split into frames of at most 8192 bytes
        channel.basic_publish("", queue, body)
        _, _, received = wait_get(channel, queue, auto_ack=True)
        self.assertEqual(received, body)
        channel.queue_delete(queue)

    def test_a_frame_of_frame_max_is_fine_one_byte_more_is_501(self):
        queue = unique("frames")
        raw = RawConnection("127.0.0.1", self.depot.amqp_port)
        self.addCleanup(raw.close)
        self.assertIsNone(raw.handshake())
        self.assertEqual(raw.frame_max, 8192)
        raw.open_channel(1)
        raw.send(queue_declare(1, queue))
        raw.read_method()
        # A body frame is 7 header bytes + payload + 1 end byte.
        exact = b"e" * (8192 - 8)
        raw.send(basic_publish(1, queue) + content_header(1, len(exact)) + frame(FRAME_BODY, 1, exact))
        wait_until(lambda: self.message_count(queue) == 1, timeout=5, message="the message at the limit")
        over = b"o" * (8192 - 8 + 1)
        raw.send(basic_publish(1, queue) + content_header(1, len(over)) + frame(FRAME_BODY, 1, over))
        code, text, _, _ = raw.expect_connection_close()
        self.assertEqual(code, 501)
        self.assertEqual(text, "FRAME_ERROR - frame of 8193 bytes is larger than frame_max 8192")
        raw.expect_eof()
        # The message at the limit is still there.
        connection = self.connect()
        channel = connection.channel()
        _, _, received = wait_get(channel, queue, auto_ack=True)
        self.assertEqual(received, exact)
        channel.queue_delete(queue)
        self.assert_depot_alive()

    def test_a_client_asking_for_more_is_refused(self):
        raw = RawConnection("127.0.0.1", self.depot.amqp_port)
        self.addCleanup(raw.close)
        raw.send(b"AMQP\x00\x00\x09\x01")
        raw.read_method()   # connection.start
        raw.send(method(0, 10, 11, struct.pack(">I", 0) + shortstr("PLAIN") + struct.pack(">I", 12)
                        + b"\x00guest\x00guest" + shortstr("en_US")))
        raw.read_method()   # connection.tune
        raw.send(method(0, 10, 31, struct.pack(">HIH", 0, 16384, 0)))
        raw.send(method(0, 10, 40, shortstr("/") + shortstr("") + b"\x00"))
        code, text, _, _ = raw.expect_connection_close()
        self.assertEqual(code, 530)
        self.assertEqual(text, "NOT_ALLOWED - frame_max=16384 > 8192 max size")


class MemoryWatermarkTest(DepotWith):
    args = ("--memory-high-watermark", "8MiB")

    BODY = 64 * 1024

    def test_publisher_is_blocked_until_a_consumer_drains_and_nothing_is_lost(self):
        queue = unique("memory")
        events = []
        publisher = self.connect()
        publisher.add_on_connection_blocked_callback(lambda _c, frame: events.append(("blocked", frame.method.reason)))
        publisher.add_on_connection_unblocked_callback(lambda _c, _frame: events.append(("unblocked", None)))
        channel = publisher.channel()
        channel.queue_declare(queue)

        def body(i):
            return str(i).encode().ljust(self.BODY, b".")

        # No consumer: publish until Depot says it is blocked (8 MiB / 64 KiB
        # = 128 messages, far fewer than this bound).
        sent = 0
        deadline = time.monotonic() + 30
        while not events and time.monotonic() < deadline and sent < 2000:
            channel.basic_publish("", queue, body(sent))
            sent += 1
            publisher.process_data_events(time_limit=0)
        wait_until(lambda: publisher.process_data_events(time_limit=0.05) or events, timeout=10,
                   message="connection.blocked")
        self.assertEqual(events[0][0], "blocked")
        reason = events[0][1]
        self.assertTrue(reason.startswith("Depot: memory high-watermark reached: "), reason)
        self.assertIn("limit 8 MiB", reason)
        # Depot stopped reading near the mark, not after everything.
        queued = self.message_count(queue)
        self.assertGreaterEqual(queued * self.BODY, 7 * MiB, queued)
        self.assertLessEqual(queued * self.BODY, 8 * MiB + 4 * self.BODY, queued)

        # A second connection consumes (consumers are never blocked) ...
        total = sent + 300   # the publisher goes on: more than the mark again
        received = []
        consumer_error = []

        def consume():
            try:
                connection = pika.BlockingConnection(self.parameters())
                try:
                    ch = connection.channel()
                    ch.basic_qos(prefetch_count=50)
                    for method_frame, _, message in ch.consume(queue, inactivity_timeout=15):
                        if method_frame is None:
                            break
                        received.append(int(message.split(b".", 1)[0]))
                        ch.basic_ack(method_frame.delivery_tag)
                        if len(received) >= total:
                            break
                    ch.cancel()
                finally:
                    connection.close()
            except Exception as error:   # reported by the main thread
                consumer_error.append(error)

        consumer = threading.Thread(target=consume, daemon=True)
        consumer.start()
        # ... and the publisher finishes (its writes wait while it is blocked).
        for i in range(sent, total):
            channel.basic_publish("", queue, body(i))
            publisher.process_data_events(time_limit=0)
        wait_until(lambda: publisher.process_data_events(time_limit=0.05) or events[-1][0] == "unblocked",
                   timeout=30, message="connection.unblocked")
        consumer.join(timeout=60)
        self.assertFalse(consumer.is_alive(), "the consumer did not get every message")
        self.assertEqual(consumer_error, [])
        # Every message exactly once, in order.
        self.assertEqual(received, list(range(total)))
        kinds = [kind for kind, _ in events]
        self.assertEqual(kinds[0], "blocked")
        self.assertEqual(kinds[-1], "unblocked")
        self.assertEqual(kinds.count("blocked"), kinds.count("unblocked"), kinds)
        self.assertEqual(self.message_count(queue), 0)
        channel.queue_delete(queue)
        self.assert_depot_alive()
        _, err = self.depot.output()
        self.assertIn("memory high-watermark reached", err)
        self.assertIn("below the high-watermark", err)


class HttpPublishUnderMemoryAlarmTest(DepotWith):
    args = ("--memory-high-watermark", "2MiB", "--in-memory")

    BODY = 256 * 1024

    def test_http_publish_is_refused_while_the_alarm_holds_and_works_after(self):
        from test_http_api import HttpClient
        http = HttpClient(self.depot.host, self.depot.http_port)
        queue = unique("http-memory")
        self.assertEqual(http.put(f"/api/queues/%2F/{queue}", {"durable": False}).status, 201)
        message = {"routing_key": queue, "payload": "x" * self.BODY, "payload_encoding": "string", "properties": {}}
        # Publish until refused: 2 MiB / 256 KiB = 8 messages reach the mark.
        accepted = 0
        reply = None
        for _ in range(40):
            reply = http.post("/api/exchanges/%2F/amq.default/publish", message)
            if reply.status != 200:
                break
            accepted += 1
        self.assertEqual(reply.status, 503, reply)
        self.assertEqual(reply.json()["error"], "publishers_blocked", reply)
        self.assertTrue(reply.json()["reason"].startswith("Depot: memory high-watermark reached: "), reply)
        self.assertLessEqual(accepted * self.BODY, 2 * MiB + 2 * self.BODY, accepted)
        # Refused means not stored, however often it is tried.
        for _ in range(3):
            self.assertEqual(http.post("/api/exchanges/%2F/amq.default/publish", message).status, 503)
        self.assertEqual(http.get(f"/api/queues/%2F/{queue}").json()["messages"], accepted)
        # AMQP publishers are told the same (the alarm is the engine's).
        alarms = http.get("/api/overview").json()["depot_alarms"]
        self.assertEqual([a["source"] for a in alarms], ["memory"], alarms)
        # Purging frees the memory; the watermark notices within its interval.
        self.assertEqual(http.request("DELETE", f"/api/queues/%2F/{queue}/contents").status, 204)
        wait_until(lambda: not http.get("/api/overview").json()["depot_alarms"], timeout=10,
                   message="the memory alarm to clear")
        reply = http.post("/api/exchanges/%2F/amq.default/publish", message)
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(reply.json(), {"routed": True})
        self.assertEqual(http.get(f"/api/queues/%2F/{queue}").json()["messages"], 1)
        self.assert_depot_alive()


if __name__ == "__main__":
    unittest.main()
