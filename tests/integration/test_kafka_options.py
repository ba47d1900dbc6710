"""The Kafka listener's options, seen by clients nobody here wrote (kcat,
python3-confluent-kafka) against the real `depot --headless`:

- without --kafka-port, Kafka listens on 127.0.0.1:9092 (when something else
  holds 9092 on this machine, the start fails with one line naming the port
  and --kafka-port); a port another program holds stops the start the same way;
- --kafka-advertised-host: Metadata names that host (with the listener's
  port) instead of the address the client connected to;
- --kafka-auto-create-topics false (Kafka's auto.create.topics.enable):
  asking for or producing to an unknown topic creates nothing and gets
  UNKNOWN_TOPIC_OR_PARTITION, while topics created by the admin API work;
  by default (true) the same Metadata request creates the topic.
"""

import os
import socket
import subprocess
import tempfile
import time
import unittest

from depot_harness import DepotProcess, import_client, require_tool


def run_refused(*args):
    """Runs depot with every other listener off and returns (exit code, stderr)."""
    with tempfile.TemporaryDirectory() as data_dir:
        result = subprocess.run([os.environ["DEPOT_BINARY"], "--headless", "--data-dir", data_dir,
                                 "--amqp-port", "0", "--http-port", "0", "--sqs-port", "0", *args],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
                                env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        return result.returncode, result.stderr, os.listdir(data_dir)


class KafkaOptionsTest(unittest.TestCase):
    def kcat(self, depot, *args):
        kcat = require_tool("kcat", "kcat")
        return subprocess.run([kcat, "-b", f"127.0.0.1:{depot.kafka_port}", *args], capture_output=True,
                              text=True, timeout=30)

    def test_listens_on_9092_without_kafka_port(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        # The refusal first, with 9092 held by this test for as long as it
        # runs (another process's hold could end mid-check, and Depot would
        # then start instead of refusing); then the default port itself.
        probe = socket.socket()
        try:
            probe.bind(("127.0.0.1", 9092))
            probe.listen(1)
        except OSError:
            probe.close()
            self.skipTest("127.0.0.1:9092 is taken by another process for now")
        try:
            code, err, _ = run_refused()
            self.assertEqual(code, 1, err)
            self.assertIn("depot: Kafka port 9092 is already in use", err)
            self.assertIn("choose another with --kafka-port", err)
        finally:
            probe.close()
        depot = DepotProcess(kafka="default").start()
        try:
            self.assertIn(" kafka=127.0.0.1:9092 ", depot.ready_line)
            producer = ck.Producer({"bootstrap.servers": "127.0.0.1:9092"})
            producer.produce("on-by-default", b"found")
            self.assertEqual(producer.flush(10), 0)
            consumer = ck.Consumer({"bootstrap.servers": "127.0.0.1:9092", "group.id": "unused"})
            self.assertEqual(consumer.get_watermark_offsets(ck.TopicPartition("on-by-default", 0), timeout=10),
                             (0, 1))
            consumer.close()
        finally:
            self.assertEqual(depot.stop(), 0)

    def test_a_taken_port_stops_the_start_naming_it(self):
        holder = socket.socket()
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        try:
            port = holder.getsockname()[1]
            code, err, written = run_refused("--kafka-port", str(port))
            self.assertEqual(code, 1, err)
            lines = [line for line in err.splitlines() if line.strip()]
            self.assertEqual(len(lines), 1, err)
            self.assertTrue(lines[0].startswith(f"depot: Kafka port {port} is already in use (held by "), lines[0])
            self.assertIn(f"pid {os.getpid()}", lines[0])
            self.assertTrue(lines[0].endswith("; choose another with --kafka-port"), lines[0])
            self.assertEqual(written, [])   # ports are bound before the data dir is touched
        finally:
            holder.close()

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
