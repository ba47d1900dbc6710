"""The Kafka listener's options, seen by clients nobody here wrote (kcat,
python3-confluent-kafka) against the real `depot --headless`:

- --kafka-advertised-host: Metadata names that host (with the listener's
  port) instead of the address the client connected to;
- --kafka-auto-create-topics false (Kafka's auto.create.topics.enable):
  asking for or producing to an unknown topic creates nothing and gets
  UNKNOWN_TOPIC_OR_PARTITION, while topics created by the admin API work;
  by default (true) the same Metadata request creates the topic.
"""

import subprocess
import time
import unittest

from depot_harness import DepotProcess, import_client, require_tool


class KafkaOptionsTest(unittest.TestCase):
    def kcat(self, depot, *args):
        kcat = require_tool("kcat", "kcat")
        return subprocess.run([kcat, "-b", f"127.0.0.1:{depot.kafka_port}", *args], capture_output=True,
                              text=True, timeout=30)

    def test_metadata_advertises_the_given_host(self):
        depot = DepotProcess(kafka=True, extra_args=["--kafka-advertised-host", "kafka.depot.test"]).start()
        try:
            listing = self.kcat(depot, "-L").stdout
            self.assertIn(f"broker 0 at kafka.depot.test:{depot.kafka_port} (controller)", listing)
            self.assertNotIn("127.0.0.1", listing.split("brokers:")[1].split("topics")[0])
        finally:
            depot.stop()

    def test_auto_create_off_creates_nothing(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import AdminClient, NewTopic
        depot = DepotProcess(kafka=True, extra_args=["--kafka-auto-create-topics", "false"]).start()
        try:
            bootstrap = f"127.0.0.1:{depot.kafka_port}"
            admin = AdminClient({"bootstrap.servers": bootstrap})
            # Asking for an unknown topic by name: Kafka's answer, nothing made.
            metadata = admin.list_topics(topic="not-made", timeout=10)
            self.assertEqual(metadata.topics["not-made"].error.code(), ck.KafkaError.UNKNOWN_TOPIC_OR_PART)
            self.assertNotIn("not-made", admin.list_topics(timeout=10).topics)
            # A producer to it gets the same, and the records are not stored.
            producer = ck.Producer({"bootstrap.servers": bootstrap, "message.timeout.ms": 3000})
            errors = []
            producer.produce("not-made", b"lost?", on_delivery=lambda err, msg: errors.append(err))
            producer.flush(10)
            self.assertEqual(len(errors), 1)
            self.assertIsNotNone(errors[0])
            self.assertNotIn("not-made", admin.list_topics(timeout=10).topics)
            # A topic made on purpose works as ever.
            self.assertIsNone(admin.create_topics([NewTopic("made", 1, 1)])["made"].result(10))
            producer.produce("made", b"kept")
            self.assertEqual(producer.flush(10), 0)
            consumer = ck.Consumer({"bootstrap.servers": bootstrap, "group.id": "unused"})
            self.assertEqual(consumer.get_watermark_offsets(ck.TopicPartition("made", 0), timeout=10), (0, 1))
            consumer.close()
        finally:
            depot.stop()

    def test_auto_create_is_on_by_default(self):
        import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import AdminClient
        depot = DepotProcess(kafka=True).start()
        try:
            admin = AdminClient({"bootstrap.servers": f"127.0.0.1:{depot.kafka_port}"})
            deadline = time.monotonic() + 10
            topics = {}
            while "made-by-asking" not in topics and time.monotonic() < deadline:
                admin.list_topics(topic="made-by-asking", timeout=10)
                topics = admin.list_topics(timeout=10).topics
            self.assertIn("made-by-asking", topics)
            self.assertIsNone(topics["made-by-asking"].error)
        finally:
            depot.stop()


if __name__ == "__main__":
    unittest.main()
