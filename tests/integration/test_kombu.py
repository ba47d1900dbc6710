"""kombu (Debian's python3-kombu on py-amqp) against Depot: a Celery-style
worker loop. Producers publish JSON tasks with publisher confirms; a worker
drains events with a prefetch, acks what it did, requeues a task once for a
retry, and rejects a failing task into a dead-letter exchange.

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ 3.10.8.
"""

import socket
import unittest

from depot_harness import BrokerTestCase, import_client

kombu = import_client("kombu", "python3-kombu")
from kombu import Connection, Consumer, Exchange, Producer, Queue  # noqa: E402


def text(value):
    return value.decode() if isinstance(value, bytes) else value


class KombuWorkerTest(BrokerTestCase):

    def kombu_connection(self):
        connection = Connection(f"amqp://guest:guest@{self.host}:{self.port}//",
                                transport_options={"confirm_publish": True}, connect_timeout=5)
        connection.connect()
        self.addCleanup(connection.release)
        return connection

    def drain(self, connection, until, limit=200):
        for _ in range(limit):
            if until():
                return
            try:
                connection.drain_events(timeout=0.1)
            except socket.timeout:
                pass
        self.fail("the worker loop did not finish")

    def test_worker_loop_with_retry_and_dead_letter(self):
        tasks_x = Exchange(self.exchange_name("tasks"), type="direct", durable=True)
        dead_x = Exchange(self.exchange_name("dead"), type="fanout", durable=True)
        dead_q = Queue(self.queue_name("dead"), exchange=dead_x, durable=True)
        task_q = Queue(self.queue_name("tasks"), exchange=tasks_x, routing_key="celery", durable=True,
                       queue_arguments={"x-dead-letter-exchange": dead_x.name})

        producer_connection = self.kombu_connection()
        producer = Producer(producer_connection.channel(), exchange=tasks_x, routing_key="celery",
                            serializer="json")
        tasks = [{"id": i, "name": "add", "args": [i, i]} for i in range(20)]
        tasks.insert(5, {"id": 100, "name": "flaky", "args": []})
        tasks.insert(9, {"id": 200, "name": "broken", "args": []})
        for task in tasks:
            producer.publish(task, declare=[dead_q, task_q], delivery_mode=2, retry=True,
                             headers={"task": task["name"]}, correlation_id=str(task["id"]))

        worker_connection = self.kombu_connection()
        results, attempts, redelivered = {}, {}, {}

        def handle(body, message):
            attempts[body["id"]] = attempts.get(body["id"], 0) + 1
            redelivered[body["id"]] = message.delivery_info["redelivered"]
            self.assertEqual(message.headers["task"], body["name"])
            if body["name"] == "add":
                results[body["id"]] = sum(body["args"])
                message.ack()
            elif body["name"] == "flaky":
                if attempts[body["id"]] == 1:
                    message.requeue()        # retry later
                else:
                    results[body["id"]] = "recovered"
                    message.ack()
            else:
                message.reject()             # no requeue: to the dead-letter exchange

        with Consumer(worker_connection.channel(), queues=[task_q], callbacks=[handle], accept=["json"],
                      prefetch_count=4):
            self.drain(worker_connection, lambda: len(results) == 21 and 200 in attempts)

        self.assertEqual({k: v for k, v in results.items() if k < 100}, {i: 2 * i for i in range(20)})
        self.assertEqual(results[100], "recovered")
        self.assertEqual(attempts[100], 2)
        self.assertTrue(redelivered[100])
        self.assertEqual(attempts[200], 1)
        self.assertFalse(redelivered[0])

        # The broken task waits in the dead-letter queue with its history.
        dead = []
        with Consumer(worker_connection.channel(), queues=[dead_q], accept=["json"],
                      callbacks=[lambda body, message: (dead.append((body, message)), message.ack())]):
            self.drain(worker_connection, lambda: dead)
        body, message = dead[0]
        self.assertEqual(body, {"id": 200, "name": "broken", "args": []})
        self.assertEqual(message.properties["correlation_id"], "200")
        death = message.headers["x-death"][0]
        self.assertEqual(text(death["reason"]), "rejected")
        self.assertEqual(text(death["queue"]), task_q.name)
        self.assertEqual(text(death["exchange"]), tasks_x.name)
        self.assertEqual([text(k) for k in death["routing-keys"]], ["celery"])
        self.assertEqual(death["count"], 1)

        # Nothing left behind.
        channel = worker_connection.channel()
        self.assertEqual(channel.queue_declare(task_q.name, passive=True).message_count, 0)
        self.assertEqual(channel.queue_declare(dead_q.name, passive=True).message_count, 0)

    def test_simple_queue(self):
        connection = self.kombu_connection()
        name = self.queue_name("simple")
        self._exchanges.append(name)   # SimpleQueue declares an exchange of the same name
        queue = connection.SimpleQueue(name)
        self.addCleanup(queue.close)
        for i in range(3):
            queue.put({"n": i})
        got = []
        for _ in range(3):
            message = queue.get(block=True, timeout=5)
            got.append(message.payload["n"])
            message.ack()
        self.assertEqual(got, [0, 1, 2])
        with self.assertRaises(queue.Empty):
            queue.get(block=False)


if __name__ == "__main__":
    unittest.main()
