"""The private RabbitMQ of rabbitmq_server.py: it is the tests' own (its own
ports, node and data directory, guest allowed over loopback only because
its config says so), the management API answers on its port, AMQP clients
(pika) reach it, and stopping it ends the node and its epmd."""

import socket
import unittest

from depot_harness import import_client
from rabbitmq_server import RabbitMQServer, RabbitMQTestCase


def accepts(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


class PrivateRabbitMQ(RabbitMQTestCase):
    def test_management_api_and_amqp_answer_on_its_own_ports(self):
        overview = self.rabbit.api("GET", "/api/overview")
        self.assertEqual(overview["node"], self.rabbit.node)
        ports = {listener["protocol"]: listener["port"] for listener in overview["listeners"]}
        self.assertEqual(ports["amqp"], self.rabbit.amqp_port)
        self.assertEqual(ports["http"], self.rabbit.http_port)
        pika = import_client("pika", "python3-pika")
        connection = pika.BlockingConnection(pika.URLParameters(self.rabbit.amqp_url))
        try:
            channel = connection.channel()
            channel.queue_declare("harness-check")
            channel.basic_publish("", "harness-check", b"x")
        finally:
            connection.close()
        queue = self.rabbit.api("GET", "/api/queues/%2F/harness-check")
        self.assertEqual(queue["name"], "harness-check")

    def test_a_wrong_password_is_refused(self):
        import urllib.error
        with self.assertRaises(urllib.error.HTTPError) as refused:
            self.rabbit.api("GET", "/api/overview", password="wrong")
        self.assertEqual(refused.exception.code, 401)


class StopEndsNodeAndEpmd(unittest.TestCase):
    def test_stop(self):
        server = RabbitMQServer().start()
        http, epmd = server.http_port, server.epmd_port
        self.assertTrue(accepts(http))
        self.assertTrue(accepts(epmd))
        server.stop()
        self.assertFalse(accepts(http))
        self.assertFalse(accepts(epmd))
        self.assertIsNotNone(server.process.returncode)


if __name__ == "__main__":
    unittest.main()
