"""Topic configs as clients nobody here wrote see them, against the real
`depot --headless --kafka-port N`:

- DescribeConfigs with kafka-python's KafkaAdminClient (v2, with and
  without synonyms) and confluent-kafka's AdminClient: a topic's configs with their
  values and sources, a filter by name, an unknown topic refused in its
  resource, broker 0's settings;
- compaction (cleanup.policy=compact) with confluent-kafka: keys written
  over and over and a tombstone, read from the beginning after the periodic
  check ran: the last value per key, the tombstone gone after
  delete.retention.ms (and kept before it); a record without a key refused;
- the periodic check (--kafka-retention-check-ms): an idle topic loses its
  expired records without a further append (ListOffsets earliest moves).
"""

import time
import unittest

from depot_harness import DepotProcess, import_client

# DescribeConfigsResponse's ConfigSource.
DYNAMIC_TOPIC_CONFIG = 1
STATIC_BROKER_CONFIG = 4
DEFAULT_CONFIG = 5
TOPIC_CONFIGS = {"cleanup.policy", "delete.retention.ms", "max.message.bytes", "message.timestamp.type",
                 "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "retention.bytes", "retention.ms"}
# Compaction at every check that finds anything new (Kafka's default ratio,
# 0.5, would leave it to when the checks fall between the appends).
EAGER = {"min.cleanable.dirty.ratio": "0.01"}


class KafkaDescribeConfigsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True, extra_args=["--kafka-auto-create-topics", "false"]).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"
        import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import AdminClient, NewTopic
        admin = AdminClient({"bootstrap.servers": cls.bootstrap})
        created = admin.create_topics([NewTopic("described", 2, 1, config={"retention.ms": "3600000"})])
        created["described"].result(10)

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()

    def test_confluent_kafka_describes_a_topic_and_the_broker(self):
        from confluent_kafka import KafkaException
        from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        topic = ConfigResource(ConfigResource.Type.TOPIC, "described")
        configs = admin.describe_configs([topic])[topic].result(10)
        self.assertEqual(set(configs), TOPIC_CONFIGS)
        self.assertEqual(configs["retention.ms"].value, "3600000")
        self.assertEqual(configs["retention.ms"].source, ConfigSource.DYNAMIC_TOPIC_CONFIG.value)
        self.assertFalse(configs["retention.ms"].is_default)
        self.assertEqual(configs["retention.bytes"].value, "-1")
        self.assertEqual(configs["retention.bytes"].source, ConfigSource.DEFAULT_CONFIG.value)
        self.assertEqual(configs["cleanup.policy"].value, "delete")
        self.assertEqual(configs["max.message.bytes"].value, "1048588")
        self.assertEqual(configs["message.timestamp.type"].value, "CreateTime")
        for entry in configs.values():
            self.assertFalse(entry.is_read_only)
            self.assertFalse(entry.is_sensitive)

        broker = ConfigResource(ConfigResource.Type.BROKER, "0")
        settings = admin.describe_configs([broker])[broker].result(10)
        self.assertEqual(settings["auto.create.topics.enable"].value, "false")
        self.assertEqual(settings["auto.create.topics.enable"].source, ConfigSource.STATIC_BROKER_CONFIG.value)
        self.assertEqual(settings["log.retention.check.interval.ms"].value, "300000")
        self.assertEqual(settings["socket.request.max.bytes"].value, "104857600")

        missing = ConfigResource(ConfigResource.Type.TOPIC, "not-there")
        with self.assertRaises(KafkaException) as raised:
            admin.describe_configs([missing])[missing].result(10)
        self.assertIn("not-there", str(raised.exception))

        # A group is not a resource Depot describes: INVALID_REQUEST naming it.
        group = ConfigResource(ConfigResource.Type.GROUP, "g")
        with self.assertRaises(KafkaException) as raised:
            admin.describe_configs([group])[group].result(10)
        self.assertIn("INVALID_REQUEST", str(raised.exception))
        self.assertIn("GROUP", str(raised.exception))

    def test_kafka_python_describes_with_and_without_synonyms(self):
        kafka = import_client("kafka", "python3-kafka")
        from kafka.admin import ConfigResource, ConfigResourceType
        admin = kafka.KafkaAdminClient(bootstrap_servers=self.bootstrap)
        try:
            # kafka-python asks in the highest version both speak (2): name,
            # value, read-only, source, is-sensitive, synonyms (none asked for).
            answers = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "described")])
            self.assertEqual(answers[0].API_VERSION, 2)
            (error, message, rtype, name, entries), = answers[0].resources
            self.assertEqual((error, rtype, name), (0, 2, "described"))
            by_name = {e[0]: e for e in entries}
            self.assertEqual(set(by_name), TOPIC_CONFIGS)
            self.assertEqual(tuple(by_name["retention.ms"][1:6]), ("3600000", False, DYNAMIC_TOPIC_CONFIG, False, []))
            self.assertEqual(tuple(by_name["cleanup.policy"][1:6]), ("delete", False, DEFAULT_CONFIG, False, []))

            # With synonyms, asking for two names.
            answers = admin.describe_configs(
                [ConfigResource(ConfigResourceType.TOPIC, "described", {"retention.ms": None, "retention.bytes": None})],
                include_synonyms=True)
            (error, message, rtype, name, entries), = answers[0].resources
            by_name = {e[0]: e for e in entries}
            self.assertEqual(set(by_name), {"retention.ms", "retention.bytes"})
            value, read_only, source, sensitive, synonyms = by_name["retention.ms"][1:6]
            self.assertEqual((value, source), ("3600000", DYNAMIC_TOPIC_CONFIG))
            self.assertEqual([tuple(s) for s in synonyms],
                             [("retention.ms", "3600000", DYNAMIC_TOPIC_CONFIG),
                              ("log.retention.hours", "168", DEFAULT_CONFIG)])
        finally:
            admin.close()


class KafkaCleanupTest(unittest.TestCase):
    """The periodic check every 200 ms, so retention and compaction are seen at once."""

    @classmethod
    def setUpClass(cls):
        cls.ck = import_client("confluent_kafka", "python3-confluent-kafka")
        cls.depot = DepotProcess(kafka=True, extra_args=["--kafka-retention-check-ms", "200"]).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()

    def create(self, name, config):
        from confluent_kafka.admin import AdminClient, NewTopic
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        self.assertIsNone(admin.create_topics([NewTopic(name, 1, 1, config=config)])[name].result(10))

    def produce_each(self, topic, records):
        """One batch per record: each is flushed before the next."""
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "linger.ms": 0})
        errors = []
        for key, value in records:
            producer.produce(topic, key=key, value=value, on_delivery=lambda err, msg: errors.append(err))
            self.assertEqual(producer.flush(10), 0)
        return errors

    def read_all(self, topic):
        """(offset, key, value) of every record from the beginning, as a consumer sees them."""
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
                    position = consumer.position([self.ck.TopicPartition(topic, 0)])[0].offset
                    if position >= high:
                        break
                    continue
                self.assertIsNone(message.error())
                got.append((message.offset(), message.key(), message.value()))
                if message.offset() == high - 1:
                    break
            return got
        finally:
            consumer.close()

    def history(self, topic):
        records = []
        for round_ in range(3):
            for key in (b"k1", b"k2", b"k3"):
                records.append((key, b"%s-v%d" % (key, round_)))
        records.append((b"k2", None))   # the tombstone: offset 9
        records.append((b"k4", b"last"))  # the newest batch, never rewritten
        self.assertEqual(self.produce_each(topic, records), [None] * len(records))

    def until(self, topic, expected):
        deadline = time.monotonic() + 20
        got = None
        while time.monotonic() < deadline:
            got = self.read_all(topic)
            if got == expected:
                return
            time.sleep(0.3)
        self.assertEqual(got, expected)

    def test_compaction_keeps_the_last_value_per_key(self):
        self.create("compacted", {"cleanup.policy": "compact", "delete.retention.ms": "500", **EAGER})
        self.history("compacted")
        # Offsets stay where they were; k2's tombstone has gone after 500 ms.
        self.until("compacted", [(6, b"k1", b"k1-v2"), (8, b"k3", b"k3-v2"), (10, b"k4", b"last")])
        consumer = self.ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused"})
        self.assertEqual(consumer.get_watermark_offsets(self.ck.TopicPartition("compacted", 0), timeout=10), (0, 11))
        consumer.close()
        # kafka-python reads the same batches with their gaps.
        kafka = import_client("kafka", "python3-kafka")
        reader = kafka.KafkaConsumer(bootstrap_servers=self.bootstrap, consumer_timeout_ms=5000,
                                     enable_auto_commit=False)
        try:
            partition = kafka.TopicPartition("compacted", 0)
            reader.assign([partition])
            reader.seek_to_beginning(partition)
            got = []
            for message in reader:
                got.append((message.offset, message.key, message.value))
                if message.offset == 10:
                    break
            self.assertEqual(got, [(6, b"k1", b"k1-v2"), (8, b"k3", b"k3-v2"), (10, b"k4", b"last")])
        finally:
            reader.close()

    def test_an_idempotent_producers_emptied_batch_is_read_past(self):
        self.create("idempotent-compacted", {"cleanup.policy": "compact", **EAGER})
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "enable.idempotence": True, "linger.ms": 0})
        for value in (b"i0", b"i1"):
            producer.produce("idempotent-compacted", key=b"k", value=value)
            self.assertEqual(producer.flush(10), 0)
        # A plain producer writes the key's last value, then the newest batch.
        self.assertEqual(self.produce_each("idempotent-compacted", [(b"k", b"plain"), (b"z", b"end")]), [None, None])
        # The idempotent producer's first batch goes; its newest stays with
        # no records (for its sequence), and consumers read past it.
        self.until("idempotent-compacted", [(2, b"k", b"plain"), (3, b"z", b"end")])
        # The producer carries on where its sequence was.
        producer.produce("idempotent-compacted", key=b"k", value=b"i2")
        self.assertEqual(producer.flush(10), 0)
        self.until("idempotent-compacted", [(3, b"z", b"end"), (4, b"k", b"i2")])

    def test_a_tombstone_stays_for_delete_retention(self):
        self.create("tombstoned", {"cleanup.policy": "compact,delete", **EAGER})
        self.history("tombstoned")
        # delete.retention.ms is a day: the tombstone is read, k2's values are not.
        self.until("tombstoned", [(6, b"k1", b"k1-v2"), (8, b"k3", b"k3-v2"), (9, b"k2", None), (10, b"k4", b"last")])

    def test_a_record_without_a_key_is_refused(self):
        self.create("keyed-only", {"cleanup.policy": "compact"})
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "message.timeout.ms": 5000, "retries": 0})
        errors = []
        producer.produce("keyed-only", value=b"no key", on_delivery=lambda err, msg: errors.append(err))
        producer.flush(10)
        self.assertEqual(len(errors), 1)
        self.assertIsNotNone(errors[0])
        self.assertEqual(errors[0].code(), self.ck.KafkaError.INVALID_RECORD)
        consumer = self.ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused"})
        self.assertEqual(consumer.get_watermark_offsets(self.ck.TopicPartition("keyed-only", 0), timeout=10), (0, 0))
        consumer.close()

    def test_an_idle_topic_loses_expired_records(self):
        # Long enough that the three appends are done (and read back whole)
        # before any of them expires, even on a loaded machine.
        self.create("short-lived", {"retention.ms": "3000"})
        self.assertEqual(self.produce_each("short-lived", [(None, b"a"), (None, b"b"), (None, b"c")]), [None] * 3)
        consumer = self.ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused"})
        try:
            partition = self.ck.TopicPartition("short-lived", 0)
            self.assertEqual(consumer.get_watermark_offsets(partition, timeout=10), (0, 3))
            # Nothing more is produced: the periodic check alone drops the
            # expired batches (all but the last, which keeps the end readable).
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and consumer.get_watermark_offsets(partition, timeout=10)[0] != 2:
                time.sleep(0.2)
            self.assertEqual(consumer.get_watermark_offsets(partition, timeout=10), (2, 3))
        finally:
            consumer.close()


if __name__ == "__main__":
    unittest.main()
