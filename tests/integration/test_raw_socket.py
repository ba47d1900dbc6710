"""Malformed AMQP on a raw socket: each fault gets RabbitMQ's answer, and the
broker still serves everyone else.

No client library: the frames are built by hand (AMQP 0-9-1: frame = type,
channel, size, payload, 0xCE). After every test a well-behaved pika
connection must still work, and (against Depot) the process still runs.

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ
3.10.8. What RabbitMQ answered, and Depot therefore answers:
- a wrong protocol header (other version, "HTTP/1.1", garbage): it writes
  "AMQP\\x00\\x00\\x09\\x01" and closes the socket;
- bad frame-end octet: connection.close 501 "FRAME_ERROR - type 1, all
  octets = <<...>>: {invalid_frame_end_marker,N}", class 0 method 0;
- a frame whose payload is larger than the negotiated frame_max: 501
  "FRAME_ERROR - type T, all octets = <<>>: {frame_too_large,SIZE,MAX-8}"
  (RabbitMQ still accepts payloads of MAX-7 .. MAX octets; untested here);
- an unknown frame type: 501 "FRAME_ERROR - type 7, ...: unknown_frame";
- a content body or header frame where a method is expected: 505
  "UNEXPECTED_FRAME - expected method frame, got non method frame instead";
  a heartbeat on a non-zero channel: 505 "UNEXPECTED_FRAME - type 8, ...";
- a method on a channel never opened: 504 "CHANNEL_ERROR - expected
  'channel.open'", class 50 method 10 (the offending method);
  channel.open twice: 504 "CHANNEL_ERROR - second 'channel.open' seen";
- a truncated field table in queue.declare arguments: RabbitMQ answers 501
  "FRAME_ERROR - cannot decode <<...>>" with class 50 method 10 (not 502),
  so Depot does too;
- wrong credentials, when the client announced the capability
  authentication_failure_close: connection.close 403 "ACCESS_REFUSED - Login
  was refused using authentication mechanism PLAIN. For details see the
  broker logfile.";
- heartbeat negotiated at 1 s and the client silent: RabbitMQ sends a
  heartbeat frame every half interval and drops the TCP connection (no
  close frame) after about two intervals ("missed heartbeats from client");
- AMQPLAIN (LOGIN/PASSWORD table) is accepted like PLAIN;
- an unknown class or method id: RabbitMQ 3.10 drops the TCP connection
  without a connection.close (its reader crashes). The shared test accepts
  that or a close with 540 NOT_IMPLEMENTED; a Depot-only test requires the
  clean connection.close 540.
"""

import socket
import struct
import time
import unittest

from depot_harness import BrokerTestCase, depot_only, import_client, unique

pika = import_client("pika", "python3-pika")

FRAME_METHOD, FRAME_HEADER, FRAME_BODY, FRAME_HEARTBEAT = 1, 2, 3, 8
FRAME_END = b"\xce"
PROTOCOL_HEADER = b"AMQP\x00\x00\x09\x01"

CONNECTION_START = (10, 10)
CONNECTION_TUNE = (10, 30)
CONNECTION_OPEN_OK = (10, 41)
CONNECTION_CLOSE = (10, 50)
CONNECTION_CLOSE_OK = (10, 51)
CHANNEL_OPEN_OK = (20, 11)
CHANNEL_CLOSE = (20, 40)
QUEUE_DECLARE_OK = (50, 11)
BASIC_GET_OK = (60, 71)


# -- a minimal codec ---------------------------------------------------------
def shortstr(value):
    data = value.encode() if isinstance(value, str) else value
    return struct.pack("B", len(data)) + data


def longstr(value):
    data = value.encode() if isinstance(value, str) else value
    return struct.pack(">I", len(data)) + data


def table(entries):
    out = b""
    for key, value in entries.items():
        out += shortstr(key)
        if isinstance(value, bool):
            out += b"t" + struct.pack("B", value)
        elif isinstance(value, int):
            out += b"I" + struct.pack(">i", value)
        elif isinstance(value, dict):
            out += b"F" + table(value)
        else:
            out += b"S" + longstr(value)
    return struct.pack(">I", len(out)) + out


def frame(frame_type, channel, payload, end=FRAME_END):
    return struct.pack(">BHI", frame_type, channel, len(payload)) + payload + end


def method(channel, class_id, method_id, arguments=b""):
    return frame(FRAME_METHOD, channel, struct.pack(">HH", class_id, method_id) + arguments)


def channel_open(channel):
    return method(channel, 20, 10, shortstr(""))


def queue_declare(channel, name, arguments_table=None):
    # reserved short, queue, bits (passive durable exclusive auto-delete no-wait), arguments
    return method(channel, 50, 10, struct.pack(">H", 0) + shortstr(name) + b"\x00"
                  + (arguments_table if arguments_table is not None else table({})))


def content_header(channel, body_size, class_id=60):
    return frame(FRAME_HEADER, channel, struct.pack(">HHQH", class_id, 0, body_size, 0))


class Closed(Exception):
    """The peer ended the TCP connection."""


class RawConnection:
    def __init__(self, host, port, timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.channel_max = self.frame_max = self.heartbeat = None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, data):
        self.sock.sendall(data)

    def recv_exact(self, count):
        data = b""
        while len(data) < count:
            try:
                chunk = self.sock.recv(count - len(data))
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise Closed(data)
            data += chunk
        return data

    def read_frame(self):
        frame_type, channel, size = struct.unpack(">BHI", self.recv_exact(7))
        payload = self.recv_exact(size)
        end = self.recv_exact(1)
        assert end == FRAME_END, f"the broker sent a bad frame end {end!r}"
        return frame_type, channel, payload

    def read_method(self):
        while True:
            frame_type, channel, payload = self.read_frame()
            if frame_type == FRAME_HEARTBEAT:
                continue
            assert frame_type == FRAME_METHOD, f"expected a method frame, got type {frame_type}"
            class_id, method_id = struct.unpack(">HH", payload[:4])
            return channel, (class_id, method_id), payload[4:]

    def expect(self, expected):
        channel, ids, arguments = self.read_method()
        if ids == CONNECTION_CLOSE and expected != CONNECTION_CLOSE:
            raise AssertionError(f"expected {expected}, the broker closed the connection: {parse_close(arguments)}")
        assert ids == expected, f"expected method {expected}, got {ids}"
        return channel, arguments

    def handshake(self, user="guest", password="guest", frame_max=None, heartbeat=0, mechanism="PLAIN"):
        self.send(PROTOCOL_HEADER)
        _, arguments = self.expect(CONNECTION_START)
        assert arguments[:2] == b"\x00\x09", "connection.start must announce version 0-9"
        client_properties = table({"product": "depot raw-socket test",
                                   "capabilities": {"authentication_failure_close": True}})
        if mechanism == "AMQPLAIN":   # a field table without its length prefix
            response = table({"LOGIN": user, "PASSWORD": password})[4:]
        else:
            response = b"\x00" + user.encode() + b"\x00" + password.encode()
        self.send(method(0, 10, 11, client_properties + shortstr(mechanism) + longstr(response) + shortstr("en_US")))
        channel, ids, arguments = self.read_method()
        if ids == CONNECTION_CLOSE:
            return parse_close(arguments)
        assert ids == CONNECTION_TUNE, f"expected connection.tune, got {ids}"
        channel_max, server_frame_max, _server_heartbeat = struct.unpack(">HIH", arguments[:8])
        self.channel_max = channel_max
        self.frame_max = frame_max or server_frame_max
        self.heartbeat = heartbeat
        self.send(method(0, 10, 31, struct.pack(">HIH", channel_max, self.frame_max, heartbeat)))
        self.send(method(0, 10, 40, shortstr("/") + shortstr("") + b"\x00"))
        self.expect(CONNECTION_OPEN_OK)
        return None

    def open_channel(self, channel=1):
        self.send(channel_open(channel))
        self.expect(CHANNEL_OPEN_OK)

    def expect_connection_close(self):
        """Reads until connection.close; answers close-ok; returns (code, text, class, method)."""
        while True:
            channel, ids, arguments = self.read_method()
            if ids == CONNECTION_CLOSE:
                assert channel == 0, "connection.close travels on channel 0"
                result = parse_close(arguments)
                self.send(method(0, *CONNECTION_CLOSE_OK))
                return result

    def expect_eof(self, timeout=10.0):
        """After close-ok (or a refused header) the broker closes the socket."""
        self.sock.settimeout(timeout)
        try:
            while True:
                data = self.sock.recv(4096)
                if not data:
                    return
        except ConnectionResetError:
            return
        except socket.timeout:
            raise AssertionError("the broker kept the socket open") from None


def parse_close(arguments):
    code = struct.unpack(">H", arguments[:2])[0]
    length = arguments[2]
    text = arguments[3:3 + length].decode("utf-8", "replace")
    class_id, method_id = struct.unpack(">HH", arguments[3 + length:7 + length])
    return code, text, class_id, method_id


class RawSocketTest(BrokerTestCase):

    def setUp(self):
        super().setUp()
        self.addCleanup(self.assert_broker_serves_others)

    def connect(self):
        connection = RawConnection(self.host, self.port)
        self.addCleanup(connection.close)
        return connection

    def opened(self, frame_max=None):
        connection = self.connect()
        refused = connection.handshake(frame_max=frame_max)
        self.assertIsNone(refused, "guest/guest from loopback must be accepted")
        return connection

    def assert_broker_serves_others(self):
        if self.broker.depot is not None:
            self.assertTrue(self.broker.depot.running(), "depot must survive bad input\n" + self.broker.depot.describe())
        connection = pika.BlockingConnection(self.pika_parameters())
        try:
            channel = connection.channel()
            name = channel.queue_declare("", exclusive=True).method.queue
            channel.basic_publish("", name, b"still serving")
            method_frame, _, body = channel.basic_get(name, auto_ack=True)
            self.assertEqual(body, b"still serving")
        finally:
            connection.close()

    def assert_closed(self, connection, code, text_start, class_method=None):
        reply_code, text, class_id, method_id = connection.expect_connection_close()
        self.assertEqual(reply_code, code, text)
        self.assertTrue(text.startswith(text_start), text)
        if class_method is not None:
            self.assertEqual((class_id, method_id), class_method, text)
        connection.expect_eof()
        return text

    # -- protocol header -------------------------------------------------------
    def test_wrong_protocol_headers_get_the_supported_one(self):
        for header in (b"AMQP\x00\x00\x09\x00", b"AMQP\x01\x01\x00\x0a", b"AMQP\x00\x00\x08\x00",
                       b"HTTP/1.1", b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", b"\x01\x02\x03\x04\xfe\xff\x00\x42"):
            with self.subTest(header=header):
                connection = self.connect()
                connection.send(header)
                try:
                    reply = connection.recv_exact(8)
                except Closed as closed:
                    self.fail(f"no protocol header in reply to {header!r}, got {closed.args[0]!r}")
                self.assertEqual(reply, PROTOCOL_HEADER)
                connection.expect_eof()

    def test_a_proper_handshake_and_close(self):
        connection = self.connect()
        connection.send(PROTOCOL_HEADER)
        _, arguments = connection.expect(CONNECTION_START)
        self.assertIn(b"PLAIN", arguments)
        for capability in (b"publisher_confirms", b"basic.nack", b"consumer_cancel_notify",
                           b"exchange_exchange_bindings", b"connection.blocked", b"authentication_failure_close"):
            self.assertIn(capability, arguments)
        connection.close()
        connection = self.opened()
        self.assertGreaterEqual(connection.frame_max, 4096)
        connection.open_channel(1)
        connection.send(method(0, 10, 50, struct.pack(">H", 200) + shortstr("bye") + struct.pack(">HH", 0, 0)))
        connection.expect(CONNECTION_CLOSE_OK)   # the client closes the socket then

    # -- connection-level faults -------------------------------------------------
    def test_bad_frame_end_is_501(self):
        connection = self.opened()
        connection.open_channel(1)
        connection.send(frame(FRAME_METHOD, 1, struct.pack(">HH", 50, 10) + b"\x00\x00\x01q\x00" + table({}),
                              end=b"\xff"))
        self.assert_closed(connection, 501, "FRAME_ERROR")

    def test_bad_frame_end_on_channel_zero_is_501(self):
        connection = self.opened()
        connection.send(frame(FRAME_METHOD, 0, struct.pack(">HH", 10, 50), end=b"\x00"))
        self.assert_closed(connection, 501, "FRAME_ERROR")

    def test_frame_beyond_negotiated_frame_max_is_501(self):
        connection = self.opened(frame_max=4096)
        connection.open_channel(1)
        oversized = struct.pack(">HH", 50, 10) + b"\x00" * 5000
        connection.send(frame(FRAME_METHOD, 1, oversized))
        self.assert_closed(connection, 501, "FRAME_ERROR")

    def test_body_frame_beyond_frame_max_is_501_and_one_at_the_limit_is_fine(self):
        connection = self.opened(frame_max=4096)
        connection.open_channel(1)
        name = unique("raw")
        self._queues.append(name)
        connection.send(queue_declare(1, name))
        connection.expect(QUEUE_DECLARE_OK)
        limit = connection.frame_max - 8      # payload = frame_max minus header (7) and end (1)
        publish = method(1, 60, 40, struct.pack(">H", 0) + shortstr("") + shortstr(name) + b"\x00")
        connection.send(publish + content_header(1, 2 * limit) + frame(FRAME_BODY, 1, b"a" * limit)
                        + frame(FRAME_BODY, 1, b"b" * limit))
        connection.send(method(1, 60, 70, struct.pack(">H", 0) + shortstr(name) + b"\x01"))
        _, arguments = connection.expect(BASIC_GET_OK)
        body = b""
        while len(body) < 2 * limit:
            frame_type, channel, payload = connection.read_frame()
            if frame_type == FRAME_BODY:
                body += payload
        self.assertEqual(body, b"a" * limit + b"b" * limit)
        # RabbitMQ tolerates payloads up to frame_max itself (its text names
        # frame_max - 8 as the limit); beyond frame_max it is always 501.
        too_big = connection.frame_max + 1
        connection.send(publish + content_header(1, too_big) + frame(FRAME_BODY, 1, b"c" * too_big))
        self.assert_closed(connection, 501, "FRAME_ERROR")

    def test_unknown_frame_type_is_501(self):
        connection = self.opened()
        connection.open_channel(1)
        connection.send(frame(7, 1, b"abc"))
        self.assert_closed(connection, 501, "FRAME_ERROR")

    def test_unknown_class_or_method_ends_the_connection(self):
        # RabbitMQ 3.10 drops the socket without a close; a close must be 540.
        for channel, class_id, method_id in ((1, 99, 10), (1, 50, 99), (0, 10, 99)):
            with self.subTest(class_id=class_id, method_id=method_id):
                connection = self.opened()
                if channel:
                    connection.open_channel(channel)
                connection.send(method(channel, class_id, method_id))
                try:
                    reply_code, text, _, _ = connection.expect_connection_close()
                except Closed:
                    continue
                self.assertEqual(reply_code, 540, text)
                connection.expect_eof()

    @depot_only("RabbitMQ 3.10 drops the socket on an unknown method instead of closing with 540")
    def test_unknown_class_or_method_is_540(self):
        for channel, class_id, method_id in ((1, 99, 10), (1, 50, 99), (0, 10, 99)):
            with self.subTest(class_id=class_id, method_id=method_id):
                connection = self.opened()
                if channel:
                    connection.open_channel(channel)
                connection.send(method(channel, class_id, method_id))
                self.assert_closed(connection, 540, "NOT_IMPLEMENTED", (class_id, method_id))

    def test_content_body_before_header_is_505(self):
        connection = self.opened()
        connection.open_channel(1)
        connection.send(frame(FRAME_BODY, 1, b"hello"))
        self.assert_closed(connection, 505, "UNEXPECTED_FRAME")

    def test_content_header_without_publish_is_505(self):
        connection = self.opened()
        connection.open_channel(1)
        connection.send(content_header(1, 5))
        self.assert_closed(connection, 505, "UNEXPECTED_FRAME")

    def test_heartbeat_on_a_channel_is_505(self):
        connection = self.opened()
        connection.open_channel(1)
        connection.send(frame(FRAME_HEARTBEAT, 1, b""))
        self.assert_closed(connection, 505, "UNEXPECTED_FRAME")

    def test_method_on_unopened_channel_is_504(self):
        connection = self.opened()
        connection.send(queue_declare(5, unique("raw")))
        self.assert_closed(connection, 504, "CHANNEL_ERROR", (50, 10))

    def test_channel_opened_twice_is_504(self):
        connection = self.opened()
        connection.open_channel(1)
        connection.send(channel_open(1))
        self.assert_closed(connection, 504, "CHANNEL_ERROR", (20, 10))

    def test_truncated_field_table_closes_the_connection(self):
        # RabbitMQ answers 501 FRAME_ERROR "cannot decode ..." naming queue.declare.
        for label, arguments in (
                ("table longer than the frame", struct.pack(">I", 100) + shortstr("x-message-ttl") + b"I"),
                ("value cut short", struct.pack(">I", 20) + shortstr("x-message-ttl") + b"I\x00\x00\x00\x05")):
            with self.subTest(label):
                connection = self.opened()
                connection.open_channel(1)
                connection.send(queue_declare(1, unique("raw"), arguments_table=arguments))
                self.assert_closed(connection, 501, "FRAME_ERROR", (50, 10))

    def test_wrong_credentials_are_403(self):
        connection = self.connect()
        refused = connection.handshake(user="guest", password="not-the-password")
        self.assertIsNotNone(refused, "a wrong password must be refused")
        code, text, _, _ = refused
        self.assertEqual(code, 403, text)
        self.assertTrue(text.startswith("ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN"),
                        text)
        connection.expect_eof()

    def test_unknown_user_is_403(self):
        connection = self.connect()
        refused = connection.handshake(user="nobody-" + unique("u"), password="guest")
        self.assertIsNotNone(refused)
        self.assertEqual(refused[0], 403, refused[1])

    def test_amqplain_login(self):
        connection = self.connect()
        self.assertIsNone(connection.handshake(mechanism="AMQPLAIN"))
        connection.open_channel(1)
        connection.close()
        connection = self.connect()
        refused = connection.handshake(password="wrong", mechanism="AMQPLAIN")
        self.assertIsNotNone(refused)
        self.assertEqual(refused[0], 403, refused[1])

    def test_silent_peer_is_dropped_after_two_heartbeat_intervals(self):
        connection = RawConnection(self.host, self.port, timeout=10)
        self.addCleanup(connection.close)
        self.assertIsNone(connection.handshake(heartbeat=1))
        started = time.monotonic()
        heartbeats = 0
        try:
            while True:
                frame_type, channel, _ = connection.read_frame()
                if frame_type == FRAME_HEARTBEAT:
                    self.assertEqual(channel, 0)
                    heartbeats += 1
        except Closed:
            pass
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(heartbeats, 1, "the broker sends heartbeats at the negotiated interval")
        self.assertGreaterEqual(elapsed, 1.5)
        self.assertLess(elapsed, 8, "a peer silent for two intervals is dropped")

    def test_channel_fault_closes_only_that_channel(self):
        connection = self.opened()
        connection.open_channel(1)
        connection.open_channel(2)
        missing = unique("missing")
        # passive declare (bit 0) of a missing queue on channel 1
        connection.send(method(1, 50, 10, struct.pack(">H", 0) + shortstr(missing) + b"\x01" + table({})))
        channel, ids, arguments = connection.read_method()
        self.assertEqual((channel, ids), (1, CHANNEL_CLOSE))
        code, text, class_id, method_id = parse_close(arguments)
        self.assertEqual((code, class_id, method_id), (404, 50, 10))
        self.assertEqual(text, f"NOT_FOUND - no queue '{missing}' in vhost '/'")
        connection.send(method(1, 20, 41))   # channel.close-ok
        name = unique("raw")
        self._queues.append(name)
        connection.send(queue_declare(2, name))
        channel, _ = connection.expect(QUEUE_DECLARE_OK)
        self.assertEqual(channel, 2)
        connection.open_channel(1)            # the closed channel can be opened again


if __name__ == "__main__":
    unittest.main()
