"""The publish gate seen by a Kafka producer nobody here wrote
(python3-confluent-kafka, librdkafka 2.0.2) against the real
`depot --headless --kafka-port N --memory-high-watermark 4MiB`:

- AMQP messages published over the HTTP API fill memory past the mark, so
  the memory alarm closes the publish gate (HTTP publishes get 503
  publishers_blocked, as for AMQP publishers);
- a producer's records (acks=all) are then held: none is acknowledged and
  none is stored (the partition's high watermark stays 0), and none is lost;
- once the queue is purged the alarm clears, the gate opens, every record
  is acknowledged and a consumer reads them all, in order, exactly once.

Depot-only: it starts Depot with its own flags.
"""

import time
import unittest

from depot_harness import DepotProcess, import_client, unique, wait_until

MiB = 1024 * 1024


class KafkaPublishGateTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True, extra_args=["--memory-high-watermark", "4MiB"]).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"

    @classmethod
    def tearDownClass(cls):
        code = cls.depot.stop()
        if code != 0:
            raise AssertionError(f"depot exited with {code} on SIGTERM\n{cls.depot.describe()}")

    def test_records_are_held_while_the_gate_is_closed_and_arrive_when_it_opens(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import AdminClient, NewTopic
        from test_http_api import HttpClient
        http = HttpClient(self.depot.host, self.depot.http_port)
        topic = unique("gated")
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        self.assertIsNone(admin.create_topics([NewTopic(topic, 1, 1)])[topic].result(10))

        # Fill memory with AMQP messages until the alarm closes the gate.
        queue = unique("filler")
        self.assertEqual(http.put(f"/api/queues/%2F/{queue}", {"durable": False}).status, 201)
        filler = {"routing_key": queue, "payload": "x" * (256 * 1024), "payload_encoding": "string",
                  "properties": {}}
        reply = None
        for _ in range(80):
            reply = http.post("/api/exchanges/%2F/amq.default/publish", filler)
            if reply.status != 200:
                break
        self.assertEqual(reply.status, 503, reply)
        self.assertEqual(reply.json()["error"], "publishers_blocked", reply)

        delivered = []
        producer = ck.Producer({"bootstrap.servers": self.bootstrap, "acks": "all", "linger.ms": 5,
                                "message.timeout.ms": 120000, "request.timeout.ms": 60000})
        values = [f"held {i}".encode() for i in range(50)]
        for value in values:
            producer.produce(topic, value=value, partition=0,
                             on_delivery=lambda err, msg: delivered.append((err, msg.offset(), msg.value())))
        # Held: librdkafka keeps waiting for the answer; nothing is stored.
        self.assertEqual(producer.flush(3), len(values))
        self.assertEqual(delivered, [])
        watcher = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused"})
        self.assertEqual(watcher.get_watermark_offsets(ck.TopicPartition(topic, 0), timeout=10), (0, 0))
        _, err = self.depot.output()
        self.assertIn("Produce held: ", err)

        # Purged: the watermark notices, the gate opens, the records go in.
        self.assertEqual(http.request("DELETE", f"/api/queues/%2F/{queue}/contents").status, 204)
        wait_until(lambda: not http.get("/api/overview").json()["depot_alarms"], timeout=15,
                   message="the memory alarm to clear")
        self.assertEqual(producer.flush(30), 0)
        self.assertEqual([e for e, _, _ in delivered], [None] * len(values))
        self.assertEqual([(o, v) for _, o, v in delivered], list(enumerate(values)))
        self.assertEqual(watcher.get_watermark_offsets(ck.TopicPartition(topic, 0), timeout=10),
                         (0, len(values)))
        watcher.close()

        consumer = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": unique("reader"),
                                "auto.offset.reset": "earliest", "enable.auto.commit": False})
        consumer.assign([ck.TopicPartition(topic, 0, 0)])
        got = []
        deadline = time.monotonic() + 30
        while len(got) < len(values) and time.monotonic() < deadline:
            message = consumer.poll(1)
            if message is not None and not message.error():
                got.append((message.offset(), message.value()))
        consumer.close()
        self.assertEqual(got, list(enumerate(values)))


class InMemoryKafkaLogsTest(unittest.TestCase):
    """`depot --headless --in-memory` keeps every Kafka batch in memory until
    retention or a deletion removes it, and no consumer drains it: those bytes
    count toward --memory-high-watermark, so a producer is held before memory
    runs out, and the alarm says what holds the memory and how it leaves."""

    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True, extra_args=["--memory-high-watermark", "4MiB"]).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"

    @classmethod
    def tearDownClass(cls):
        code = cls.depot.stop()
        if code != 0:
            raise AssertionError(f"depot exited with {code} on SIGTERM\n{cls.depot.describe()}")

    def test_records_kept_in_memory_hold_producers_until_their_topic_is_deleted(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import AdminClient, NewTopic
        from test_http_api import HttpClient
        http = HttpClient(self.depot.host, self.depot.http_port)
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        big, other = unique("big"), unique("after")
        for topic in (big, other):
            self.assertIsNone(admin.create_topics([NewTopic(topic, 1, 1)])[topic].result(10))

        # 6 MiB of records against a 4 MiB mark. The alarm is evaluated as
        # they arrive: on a slow machine (the sanitizer pass, tests in
        # parallel) it can close the gate before the last of them, which
        # are then held for good (nothing drains the log). So a producer of
        # its own: what it acknowledged is at least the mark's worth, and
        # what it still holds is dropped.
        filler = ck.Producer({"bootstrap.servers": self.bootstrap, "acks": "all",
                              "message.timeout.ms": 120000, "request.timeout.ms": 60000})
        acknowledged = []
        for _ in range(24):
            filler.produce(big, value=b"x" * (256 * 1024), partition=0,
                           on_delivery=lambda err, msg: err is None and acknowledged.append(msg.offset()))
            filler.poll(0)
        filler.flush(30)
        self.assertGreaterEqual(len(acknowledged) * 256 * 1024, 4 * 1024 * 1024,
                                f"only {len(acknowledged)} records of 256 KiB were stored before the gate closed")
        filler.purge()
        filler.flush(0)
        producer = ck.Producer({"bootstrap.servers": self.bootstrap, "acks": "all",
                                "message.timeout.ms": 120000, "request.timeout.ms": 60000})

        # Nobody drains a log: the alarm rises and names what holds the memory.
        def alarm():
            return " ".join(a["text"] for a in http.get("/api/overview").json()["depot_alarms"])
        wait_until(lambda: alarm(), timeout=15, message="the memory alarm")
        self.assertIn("Kafka records kept in memory", alarm())
        self.assertIn("deleting their topics", alarm())

        # A record to another topic is held, not stored.
        delivered = []
        producer.produce(other, value=b"after the alarm", partition=0,
                         on_delivery=lambda err, msg: delivered.append((err, msg.offset())))
        self.assertEqual(producer.flush(3), 1)
        self.assertEqual(delivered, [])

        # Deleting the big topic frees the memory: the alarm clears and the
        # held record arrives.
        self.assertIsNone(admin.delete_topics([big])[big].result(10))
        wait_until(lambda: not alarm(), timeout=15, message="the memory alarm to clear")
        self.assertEqual(producer.flush(30), 0)
        self.assertEqual(delivered, [(None, 0)])


if __name__ == "__main__":
    unittest.main()
