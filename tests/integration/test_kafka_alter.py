"""Changing a topic's configs, as clients nobody here wrote do it, against the
real `depot --headless --kafka-port N --data-dir D`:

- confluent-kafka's AdminClient.alter_configs (AlterConfigs): the configs
  given are set, every other one returns to its default; DescribeConfigs
  answers them as DYNAMIC_TOPIC_CONFIG; a config Depot does not honour is
  INVALID_CONFIG naming it, and nothing changes; the changes survive a
  restart;
- kafka-python's KafkaAdminClient.alter_configs (AlterConfigs v0) likewise;
- IncrementalAlterConfigs v1 (flexible), sent by hand as neither Debian
  client has it: SET, DELETE, APPEND to cleanup.policy;
- min.compaction.lag.ms holds young records back from compaction until the
  config is lowered; with min.cleanable.dirty.ratio low, compaction then runs
  at the next periodic check.
"""

import shutil
import socket
import struct
import tempfile
import time
import unittest

from depot_harness import DepotProcess, import_client

DYNAMIC_TOPIC_CONFIG = 1
DEFAULT_CONFIG = 5
INVALID_CONFIG = 40


def compact_string(s):
    if s is None:
        return b"\x00"
    data = s.encode()
    return bytes([len(data) + 1]) + data   # uvarint, short strings only


def incremental_alter_configs_v1(port, topic, configs):
    """IncrementalAlterConfigs v1 (IncrementalAlterConfigsRequest.json, flexible):
    header v2, resources [type, name, configs [name, op, value]], validate only.
    Returns (error code, error message) of the one resource."""
    body = b"\x02" + b"\x02" + compact_string(topic) + bytes([len(configs) + 1])
    for name, op, value in configs:
        body += compact_string(name) + struct.pack(">b", op) + compact_string(value) + b"\x00"
    body += b"\x00" + b"\x00" + b"\x00"   # resource tags, validate only false, request tags
    header = struct.pack(">hhih", 44, 1, 9, 4) + b"test" + b"\x00"
    frame = struct.pack(">i", len(header) + len(body)) + header + body
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(frame)
        data = b""
        while len(data) < 4 or len(data) < 4 + struct.unpack(">i", data[:4])[0]:
            chunk = s.recv(65536)
            assert chunk, "the broker closed the connection"
            data += chunk
    # size, correlation id, header tags, throttle, resources (count + 1)
    at = 4 + 4 + 1 + 4
    assert data[at] == 2, data
    at += 1
    (error,) = struct.unpack(">h", data[at:at + 2])
    at += 2
    length = data[at] - 1
    message = None if length < 0 else data[at + 1:at + 1 + length].decode()
    return error, message


class KafkaAlterConfigsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ck = import_client("confluent_kafka", "python3-confluent-kafka")
        cls.data_dir = tempfile.mkdtemp(prefix="depot-kafka-alter-")
        cls.start()

    @classmethod
    def start(cls):
        cls.depot = DepotProcess(data_dir=cls.data_dir, kafka=True,
                                 extra_args=["--kafka-retention-check-ms", "200"]).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    def admin(self):
        from confluent_kafka.admin import AdminClient
        return AdminClient({"bootstrap.servers": self.bootstrap})

    def create(self, name, config):
        from confluent_kafka.admin import NewTopic
        admin = self.admin()   # kept while its future runs
        self.assertIsNone(admin.create_topics([NewTopic(name, 1, 1, config=config)])[name].result(10))

    def describe(self, name):
        from confluent_kafka.admin import ConfigResource
        resource = ConfigResource(ConfigResource.Type.TOPIC, name)
        admin = self.admin()
        return admin.describe_configs([resource])[resource].result(10)

    def alter(self, name, configs):
        from confluent_kafka.admin import ConfigResource
        resource = ConfigResource(ConfigResource.Type.TOPIC, name, set_config=configs)
        admin = self.admin()
        return admin.alter_configs([resource])[resource].result(10)

    def test_alter_configs_are_described_refused_and_durable(self):
        from confluent_kafka import KafkaException
        self.create("altered", {"retention.ms": "3600000"})
        self.assertIsNone(self.alter("altered", {"cleanup.policy": "compact", "min.compaction.lag.ms": "60000",
                                                 "min.cleanable.dirty.ratio": "0.2"}))
        configs = self.describe("altered")
        for name, value in (("cleanup.policy", "compact"), ("min.compaction.lag.ms", "60000"),
                            ("min.cleanable.dirty.ratio", "0.2")):
            self.assertEqual((configs[name].value, configs[name].source), (value, DYNAMIC_TOPIC_CONFIG), name)
        # AlterConfigs replaces: retention.ms, not named, is back to its default.
        self.assertEqual((configs["retention.ms"].value, configs["retention.ms"].source),
                         ("604800000", DEFAULT_CONFIG))

        # Refused as CreateTopics refuses, naming the config; nothing changes.
        for bad in ({"segment.ms": "1000"}, {"min.cleanable.dirty.ratio": "2"}, {"min.compaction.lag.ms": "-5"}):
            with self.assertRaises(KafkaException) as raised:
                self.alter("altered", {"retention.bytes": "1000", **bad})
            error = raised.exception.args[0]
            self.assertEqual(error.code(), INVALID_CONFIG, str(error))
            self.assertIn(next(iter(bad)), error.str())
        self.assertEqual(self.describe("altered")["retention.bytes"].source, DEFAULT_CONFIG)
        with self.assertRaises(KafkaException):
            self.alter("no-such-topic", {"retention.ms": "1"})

        # kafka-python's admin client (AlterConfigs).
        kafka = import_client("kafka", "python3-kafka")
        from kafka.admin import ConfigResource, ConfigResourceType
        admin = kafka.KafkaAdminClient(bootstrap_servers=self.bootstrap)
        try:
            answer = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "altered",
                                                         configs={"cleanup.policy": "compact",
                                                                  "retention.bytes": "5000000"})])
            self.assertEqual([tuple(r[:2]) for r in answer.resources], [(0, None)])
        finally:
            admin.close()
        configs = self.describe("altered")
        self.assertEqual(configs["retention.bytes"].value, "5000000")
        self.assertEqual(configs["min.compaction.lag.ms"].source, DEFAULT_CONFIG)

        # IncrementalAlterConfigs v1: SET (0), DELETE (1), APPEND (2).
        port = self.depot.kafka_port
        self.assertEqual(incremental_alter_configs_v1(
            port, "altered", [("retention.ms", 0, "7200000"), ("retention.bytes", 1, None),
                              ("cleanup.policy", 2, "delete")]), (0, None))
        error, message = incremental_alter_configs_v1(port, "altered", [("retention.ms", 2, "1")])
        self.assertEqual(error, INVALID_CONFIG)
        self.assertIn("retention.ms", message)
        configs = self.describe("altered")
        self.assertEqual((configs["retention.ms"].value, configs["retention.ms"].source),
                         ("7200000", DYNAMIC_TOPIC_CONFIG))
        self.assertEqual((configs["retention.bytes"].value, configs["retention.bytes"].source),
                         ("-1", DEFAULT_CONFIG))
        self.assertEqual(configs["cleanup.policy"].value, "compact,delete")

        # A restart keeps them.
        self.assertEqual(self.depot.stop(), 0)
        type(self).start()
        configs = self.describe("altered")
        self.assertEqual((configs["retention.ms"].value, configs["retention.ms"].source),
                         ("7200000", DYNAMIC_TOPIC_CONFIG))
        self.assertEqual((configs["cleanup.policy"].value, configs["cleanup.policy"].source),
                         ("compact,delete", DYNAMIC_TOPIC_CONFIG))
        self.assertEqual(configs["retention.bytes"].source, DEFAULT_CONFIG)

    def produce_each(self, topic, records):
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "linger.ms": 0})
        for key, value in records:
            producer.produce(topic, key=key, value=value)
            self.assertEqual(producer.flush(10), 0)

    def read_all(self, topic):
        consumer = self.ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused",
                                     "enable.auto.commit": False})
        try:
            low, high = consumer.get_watermark_offsets(self.ck.TopicPartition(topic, 0), timeout=10)
            consumer.assign([self.ck.TopicPartition(topic, 0, self.ck.OFFSET_BEGINNING)])
            got = []
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                message = consumer.poll(0.5)
                if message is None:
                    if consumer.position([self.ck.TopicPartition(topic, 0)])[0].offset >= high:
                        break
                    continue
                got.append((message.offset(), message.key(), message.value()))
                if message.offset() == high - 1:
                    break
            return got
        finally:
            consumer.close()

    def test_min_compaction_lag_holds_young_records_back(self):
        configs = {"cleanup.policy": "compact", "min.cleanable.dirty.ratio": "0.01", "min.compaction.lag.ms": "3600000"}
        self.create("lagged", configs)
        self.produce_each("lagged", [(b"k", b"old"), (b"k", b"new"), (b"z", b"end")])
        everything = [(0, b"k", b"old"), (1, b"k", b"new"), (2, b"z", b"end")]
        # Several checks (every 200 ms) pass: the records are an hour too young.
        time.sleep(1.5)
        self.assertEqual(self.read_all("lagged"), everything)
        # Without the lag the next check compacts k's older value away.
        self.assertIsNone(self.alter("lagged", {**configs, "min.compaction.lag.ms": "0"}))
        expected = [(1, b"k", b"new"), (2, b"z", b"end")]
        deadline = time.monotonic() + 20
        got = None
        while time.monotonic() < deadline and got != expected:
            got = self.read_all("lagged")
            time.sleep(0.2)
        self.assertEqual(got, expected)


if __name__ == "__main__":
    unittest.main()
