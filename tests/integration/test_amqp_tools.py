"""rabbitmq-c's command-line tools (Debian's amqp-tools) against Depot:
amqp-declare-queue, amqp-publish, amqp-get, amqp-consume, amqp-delete-queue;
bodies (binary too), headers and exit codes. pika checks what the tools did.

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ
3.10.8. Exit codes observed there: 0 on success; amqp-get on an empty queue 2;
a 404 (missing queue or exchange) or a refused login 1, with the broker's
text on stderr, e.g. "server channel error 404, message: NOT_FOUND - no
queue 'q' in vhost '/'".
"""

import os
import pathlib
import subprocess
import tempfile
import unittest

from depot_harness import BrokerTestCase, import_client, require_tool, wait_get

pika = import_client("pika", "python3-pika")

BINARY_BODY = bytes(range(256)) + b"\x00\xce\x00" + "Grüße, 東京".encode()


class AmqpToolsTest(BrokerTestCase):

    def setUp(self):
        super().setUp()
        for tool in ("amqp-declare-queue", "amqp-publish", "amqp-get", "amqp-consume", "amqp-delete-queue"):
            require_tool(tool, "amqp-tools")
        self.channel = self.pika_connection().channel()

    def tool(self, name, *args, stdin=b"", timeout=20, url=None):
        command = [name, "--url", url or self.url.replace("/%2F", ""), *args]
        return subprocess.run(command, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)

    def ok(self, name, *args, **kwargs):
        result = self.tool(name, *args, **kwargs)
        self.assertEqual(result.returncode, 0, f"{name} {args} failed: {result.stderr.decode(errors='replace')}")
        return result

    def test_round_trip_with_headers_and_binary_body(self):
        queue = self.queue_name("tools")
        declared = self.ok("amqp-declare-queue", "--queue", queue, "--durable")
        self.assertEqual(declared.stdout.decode().strip(), queue)
        self.assertTrue(self.channel.queue_declare(queue, passive=True, durable=True))

        self.ok("amqp-publish", "--routing-key", queue, "--persistent", "--content-type", "application/octet-stream",
                "--header", "trace-id: abc-123", "--header", "tenant: shop", stdin=BINARY_BODY)
        self.ok("amqp-publish", "--routing-key", queue, "--body", "second", "--reply-to", "answers",
                "--content-encoding", "utf-8")
        self.ok("amqp-publish", "--routing-key", queue, "--body", "third")

        method, properties, body = wait_get(self.channel, queue)
        self.assertEqual(body, BINARY_BODY)
        self.assertEqual(properties.content_type, "application/octet-stream")
        self.assertEqual(properties.delivery_mode, 2)
        headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in properties.headers.items()}
        self.assertEqual(headers, {"trace-id": "abc-123", "tenant": "shop"})
        self.channel.basic_nack(method.delivery_tag, requeue=True)   # back to the head, for amqp-get
        self.channel.queue_declare(queue, passive=True)              # a round trip: the requeue is done

        got = self.ok("amqp-get", "--queue", queue)
        self.assertEqual(got.stdout, BINARY_BODY)
        method, properties, body = self.channel.basic_get(queue, auto_ack=True)
        self.assertEqual((body, properties.reply_to, properties.content_encoding), (b"second", "answers", "utf-8"))
        self.assertEqual(self.ok("amqp-get", "--queue", queue).stdout, b"third")
        empty = self.tool("amqp-get", "--queue", queue)
        self.assertEqual(empty.returncode, 2, "amqp-get on an empty queue exits 2")

        self.channel.basic_publish("", queue, b"left behind")
        deleted = self.ok("amqp-delete-queue", "--queue", queue)
        self.assertEqual(deleted.stdout.decode().strip(), "1", "amqp-delete-queue prints the messages it deleted")
        with self.assertRaises(pika.exceptions.ChannelClosedByBroker):
            self.channel.queue_declare(queue, passive=True)

    def test_server_named_queue(self):
        declared = self.ok("amqp-declare-queue", "--queue", "")
        name = declared.stdout.decode().strip()
        self._queues.append(name)
        self.assertTrue(name.startswith("amq.gen-"), name)

    def test_consume_runs_the_command_per_message_and_acks_on_success(self):
        queue = self.queue_name("consume")
        self.channel.queue_declare(queue)
        bodies = [b"first\x00", BINARY_BODY, b"", b"last"]
        for body in bodies:
            self.channel.basic_publish("", queue, body)
        with tempfile.TemporaryDirectory() as directory:
            script = 'n=$(ls "$0" | wc -l); cat > "$0/$(printf %04d "$n")"'
            self.ok("amqp-consume", "--queue", queue, "--count", str(len(bodies)), "--prefetch-count", "2",
                    "--", "sh", "-c", script, directory)
            files = sorted(os.listdir(directory))
            received = [pathlib.Path(directory, f).read_bytes() for f in files]
        self.assertEqual(received, bodies)
        self.assertEqual(self.channel.queue_declare(queue, passive=True).method.message_count, 0)

    def test_consume_command_failure_leaves_the_message_for_redelivery(self):
        queue = self.queue_name("fail")
        self.channel.queue_declare(queue)
        self.channel.basic_publish("", queue, b"try me")
        # The command reads its stdin before failing (else amqp-consume dies of SIGPIPE).
        self.ok("amqp-consume", "--queue", queue, "--count", "1", "--", "sh", "-c", "cat > /dev/null; exit 3")
        method, _, body = wait_get(self.channel, queue, auto_ack=True)
        self.assertIsNotNone(method, "a message whose command failed is not acked")
        self.assertEqual((body, method.redelivered), (b"try me", True))

    def test_errors_exit_non_zero_with_the_broker_text(self):
        missing = self.queue_name("missing")
        result = self.tool("amqp-get", "--queue", missing)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"NOT_FOUND - no queue '{missing}' in vhost '/'", result.stderr.decode())
        missing_x = self.exchange_name("missing")
        result = self.tool("amqp-publish", "--exchange", missing_x, "--routing-key", "k", "--body", "x")
        self.assertEqual(result.returncode, 1)
        self.assertIn("404", result.stderr.decode())
        bad_login = f"amqp://guest:wrong@{self.host}:{self.port}"
        result = self.tool("amqp-declare-queue", "--queue", self.queue_name("never"), url=bad_login)
        self.assertEqual(result.returncode, 1)
        self.assertIn("ACCESS_REFUSED", result.stderr.decode())


if __name__ == "__main__":
    unittest.main()
