"""Kafka clients nobody here wrote against the real `depot --headless --kafka-port N`.

kcat and python3-confluent-kafka (librdkafka) and python3-kafka
(kafka-python), from Debian:

- metadata: one broker at the address the client used, the controller, every
  topic with its partitions;
- topics created by the admin API with the configs Depot honours, and
  refused with Kafka's error when a config, a replication factor or a name
  is not what Depot can honour;
- keyed records with headers, plain and gzip, produced to chosen partitions
  and read back in order per partition, offsets from 0;
- watermarks, and a timestamp that finds its record, not its batch;
- acks=0 produces without an answer;
- consumer groups: a committed group resumes with nothing re-read, two
  members split the partitions of a topic between them, kafka-python's
  group consumer reads everything;
- an API Depot does not answer yet, and a frame over the size limit, close
  that connection only: another client on the same broker carries on.

The listener is off unless --kafka-port is given (docs/ARCHITECTURE.md §14).
"""

import os
import socket
import struct
import subprocess
import time
import unittest

from depot_harness import DepotProcess, import_client, require_tool


def raw_request(port, api_key, version, correlation_id, body=b"", size=None):
    """Sends one request by hand; returns what the broker sent before closing or answering."""
    header = struct.pack(">hhih", api_key, version, correlation_id, 4) + b"test"
    payload = header + body
    frame = struct.pack(">i", len(payload) if size is None else size) + payload
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(frame)
        s.settimeout(5)
        chunks = b""
        try:
            while True:
                data = s.recv(65536)
                if not data:
                    return chunks, True   # closed by the broker
                chunks += data
                if len(chunks) >= 4 and len(chunks) >= 4 + struct.unpack(">i", chunks[:4])[0]:
                    return chunks, False
        except socket.timeout:
            return chunks, False


class KafkaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"

    @classmethod
    def tearDownClass(cls):
        code = cls.depot.stop()
        if code != 0:
            raise AssertionError(f"depot exited with {code}\n{cls.depot.describe()}")

    def kcat(self, *args, stdin=None):
        kcat = require_tool("kcat", "kcat")
        done = subprocess.run([kcat, "-b", self.bootstrap, *args], input=stdin, capture_output=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stderr.decode(errors="replace"))
        return done.stdout.decode()

    def admin(self):
        from confluent_kafka.admin import AdminClient
        return AdminClient({"bootstrap.servers": self.bootstrap})

    def test_kcat_lists_the_broker_and_carries_records(self):
        self.kcat("-t", "kcat-topic", "-P", "-K:", stdin=b"a:one\nb:two\nc:three\n")
        out = self.kcat("-t", "kcat-topic", "-C", "-o", "beginning", "-e", "-f", "%o %k %s\\n")
        self.assertEqual(out.splitlines(), ["0 a one", "1 b two", "2 c three"])
        listing = self.kcat("-L", "-t", "kcat-topic")
        self.assertIn(f"broker 0 at 127.0.0.1:{self.depot.kafka_port} (controller)", listing)
        self.assertIn('topic "kcat-topic" with 1 partitions', listing)

    def test_admin_creates_topics_and_refuses_what_it_cannot_honour(self):
        import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import NewTopic
        from confluent_kafka import KafkaException
        admin = self.admin()
        futures = admin.create_topics([NewTopic("admin-orders", 3, 1, config={"retention.ms": "600000"})])
        self.assertIsNone(futures["admin-orders"].result(10))
        metadata = admin.list_topics(timeout=10)
        self.assertEqual(len(metadata.topics["admin-orders"].partitions), 3)

        refusals = {
            "admin-segment": (NewTopic("admin-segment", 1, 1, config={"segment.bytes": "1000"}), "INVALID_CONFIG"),
            "admin-cleanup": (NewTopic("admin-cleanup", 1, 1, config={"cleanup.policy": "shred"}), "INVALID_CONFIG"),
            "admin-replicas": (NewTopic("admin-replicas", 1, 3), "INVALID_REPLICATION_FACTOR"),
            "admin orders": (NewTopic("admin orders", 1, 1), "TOPIC_EXCEPTION"),
            "admin-orders": (NewTopic("admin-orders", 1, 1), "TOPIC_ALREADY_EXISTS"),
        }
        for name, (topic, code) in refusals.items():
            with self.subTest(name=name):
                future = admin.create_topics([topic])[name]
                with self.assertRaises(KafkaException) as raised:
                    future.result(10)
                self.assertIn(code, str(raised.exception))
        self.assertNotIn("admin-segment", admin.list_topics(timeout=10).topics)

        self.assertIsNone(admin.delete_topics(["admin-orders"])["admin-orders"].result(10))
        self.assertNotIn("admin-orders", admin.list_topics(timeout=10).topics)

    def test_keyed_records_with_headers_plain_and_gzip_in_order_per_partition(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import NewTopic
        admin = self.admin()   # kept alive until the answer is in
        self.assertIsNone(admin.create_topics([NewTopic("ck-orders", 3, 1)])["ck-orders"].result(10))
        sent = []
        for codec in ("none", "gzip"):
            producer = ck.Producer({"bootstrap.servers": self.bootstrap, "compression.type": codec,
                                    "linger.ms": 5})
            for i in range(30):
                key, value = f"k{i}".encode(), f"{codec}-{i}".encode() * 20
                producer.produce("ck-orders", key=key, value=value, headers=[("codec", codec.encode())],
                                 partition=i % 3)
                sent.append((i % 3, key, value, codec.encode()))
            self.assertEqual(producer.flush(15), 0)
        consumer = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused",
                                "enable.auto.commit": False})
        consumer.assign([ck.TopicPartition("ck-orders", p, 0) for p in range(3)])
        got = []
        deadline = time.monotonic() + 30
        while len(got) < len(sent) and time.monotonic() < deadline:
            message = consumer.poll(1)
            if message is None or message.error():
                continue
            got.append((message.partition(), message.offset(), message.key(), message.value(),
                        dict(message.headers())["codec"]))
        consumer.close()
        self.assertEqual(len(got), len(sent))
        for partition in range(3):
            mine = [g for g in got if g[0] == partition]
            self.assertEqual([g[1] for g in mine], list(range(len(mine))))   # offsets from 0, in order
            expected = [(s[1], s[2], s[3]) for s in sent if s[0] == partition]
            self.assertEqual([(g[2], g[3], g[4]) for g in mine], expected)

    def test_watermarks_and_a_timestamp_finds_its_record(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        producer = ck.Producer({"bootstrap.servers": self.bootstrap, "linger.ms": 50})
        base = int(time.time() * 1000) - 60_000   # recent: retention.ms (7 days) would delete older records
        for i in range(5):   # one batch (linger), timestamps 1 s apart
            producer.produce("ck-times", value=f"t{i}".encode(), timestamp=base + 1000 * i, partition=0)
        self.assertEqual(producer.flush(15), 0)
        consumer = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused"})
        low, high = consumer.get_watermark_offsets(ck.TopicPartition("ck-times", 0), timeout=10)
        self.assertEqual((low, high), (0, 5))
        found = consumer.offsets_for_times([ck.TopicPartition("ck-times", 0, base + 2500)], timeout=10)
        self.assertEqual(found[0].offset, 3)   # the record at base+3000, inside the batch
        consumer.close()

    def test_kafka_python_produces_and_consumes(self):
        kafka = import_client("kafka", "python3-kafka")
        producer = kafka.KafkaProducer(bootstrap_servers=self.bootstrap)
        for i in range(5):
            producer.send("kp-topic", key=b"k%d" % i, value=b"value %d" % i, headers=[("n", b"%d" % i)])
        producer.flush(15)
        producer.close()
        consumer = kafka.KafkaConsumer(bootstrap_servers=self.bootstrap, consumer_timeout_ms=5000,
                                       enable_auto_commit=False)
        tp = kafka.TopicPartition("kp-topic", 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        got = [(m.offset, m.key, m.value, m.headers) for m in consumer]
        self.assertEqual(consumer.end_offsets([tp])[tp], 5)
        consumer.close()
        self.assertEqual(got, [(i, b"k%d" % i, b"value %d" % i, [("n", b"%d" % i)]) for i in range(5)])

    def test_acks_zero_gets_no_answer_and_is_stored(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        producer = ck.Producer({"bootstrap.servers": self.bootstrap, "acks": 0})
        for i in range(3):
            producer.produce("acks-zero", value=b"fire %d" % i, partition=0)
        self.assertEqual(producer.flush(15), 0)
        out = ""
        deadline = time.monotonic() + 10
        while out.count("fire") < 3 and time.monotonic() < deadline:
            out = self.kcat("-t", "acks-zero", "-C", "-o", "beginning", "-e", "-f", "%s\\n")
        self.assertEqual(out.splitlines(), ["fire 0", "fire 1", "fire 2"])

    def group_consumer(self, ck, group):
        return ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": group,
                            "auto.offset.reset": "earliest", "enable.auto.commit": False,
                            "session.timeout.ms": 6000})

    def poll_values(self, consumer, count, seconds=30):
        values = []
        deadline = time.monotonic() + seconds
        while len(values) < count and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is not None and not message.error():
                values.append(message.value())
        return values

    def test_a_committed_group_resumes_with_nothing_reread(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        producer = ck.Producer({"bootstrap.servers": self.bootstrap})
        for i in range(10):
            producer.produce("resume-topic", value=b"first %d" % i)
        self.assertEqual(producer.flush(15), 0)
        first = self.group_consumer(ck, "resume-group")
        first.subscribe(["resume-topic"])
        self.assertEqual(self.poll_values(first, 10), [b"first %d" % i for i in range(10)])
        first.commit(asynchronous=False)
        first.close()   # LeaveGroup

        for i in range(5):
            producer.produce("resume-topic", value=b"second %d" % i)
        self.assertEqual(producer.flush(15), 0)
        second = self.group_consumer(ck, "resume-group")
        second.subscribe(["resume-topic"])
        got = self.poll_values(second, 5)
        self.assertEqual(got, [b"second %d" % i for i in range(5)])
        self.assertIsNone(second.poll(2))   # and nothing more: nothing re-read
        committed = second.committed([ck.TopicPartition("resume-topic", 0)], timeout=10)
        self.assertEqual(committed[0].offset, 10)
        second.close()

    def test_two_members_split_the_partitions(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import NewTopic
        admin = self.admin()
        self.assertIsNone(admin.create_topics([NewTopic("split-topic", 4, 1)])["split-topic"].result(10))
        one = self.group_consumer(ck, "split-group")
        one.subscribe(["split-topic"])
        deadline = time.monotonic() + 30
        while len(one.assignment()) < 4 and time.monotonic() < deadline:
            one.poll(0.2)
        self.assertEqual(sorted(tp.partition for tp in one.assignment()), [0, 1, 2, 3])
        two = self.group_consumer(ck, "split-group")
        two.subscribe(["split-topic"])
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            one.poll(0.2)
            two.poll(0.2)
            a = sorted(tp.partition for tp in one.assignment())
            b = sorted(tp.partition for tp in two.assignment())
            if a and b and len(a) + len(b) == 4:
                break
        self.assertTrue(a and b, f"both members should hold partitions: {a} {b}")
        self.assertEqual(sorted(a + b), [0, 1, 2, 3])
        one.close()
        two.close()

    def test_groups_are_listed_and_described(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import NewTopic
        admin = self.admin()
        self.assertIsNone(admin.create_topics([NewTopic("described-topic", 2, 1)])["described-topic"].result(10))
        consumer = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "described-group",
                                "client.id": "described-client", "auto.offset.reset": "earliest",
                                "session.timeout.ms": 6000})
        consumer.subscribe(["described-topic"])
        deadline = time.monotonic() + 30
        while len(consumer.assignment()) < 2 and time.monotonic() < deadline:
            consumer.poll(0.2)
        self.assertEqual(len(consumer.assignment()), 2)
        try:
            # librdkafka's list_groups: ListGroups, then DescribeGroups of each.
            groups = {g.id: g for g in admin.list_groups(timeout=10)}
            self.assertIn("described-group", groups)
            group = admin.list_groups("described-group", timeout=10)[0]
            self.assertEqual(group.state, "Stable")
            self.assertEqual(group.protocol_type, "consumer")
            self.assertIn(group.protocol, ("range", "roundrobin"))
            self.assertEqual(len(group.members), 1)
            member = group.members[0]
            self.assertEqual(member.client_id, "described-client")
            self.assertEqual(member.client_host, "/127.0.0.1")
            self.assertIn(b"described-topic", member.assignment)   # the leader's assignment, as synced
            self.assertIn(b"described-topic", member.metadata)     # the subscription it joined with

            # kafka-python's admin client asks the same two APIs.
            kafka_admin = import_client("kafka", "python3-kafka").KafkaAdminClient(bootstrap_servers=self.bootstrap)
            try:
                listed = dict(kafka_admin.list_consumer_groups())
                self.assertEqual(listed.get("described-group"), "consumer")
                described = kafka_admin.describe_consumer_groups(["described-group", "no-such-group"])
                states = {d.group: d.state for d in described}
                self.assertEqual(states, {"described-group": "Stable", "no-such-group": "Dead"})
            finally:
                kafka_admin.close()
        finally:
            consumer.close()   # LeaveGroup: the group is Empty afterwards
        group = admin.list_groups("described-group", timeout=10)[0]
        self.assertEqual(group.state, "Empty")
        self.assertEqual(group.members, [])

    def test_kafka_python_group_consumer(self):
        kafka = import_client("kafka", "python3-kafka")
        producer = kafka.KafkaProducer(bootstrap_servers=self.bootstrap)
        for i in range(6):
            producer.send("kpg-topic", value=b"g%d" % i)
        producer.flush(15)
        producer.close()
        consumer = kafka.KafkaConsumer("kpg-topic", bootstrap_servers=self.bootstrap, group_id="kpg",
                                       auto_offset_reset="earliest", consumer_timeout_ms=15000,
                                       enable_auto_commit=False)
        got = []
        for message in consumer:
            got.append(message.value)
            if len(got) == 6:
                break
        consumer.commit()
        consumer.close()
        self.assertEqual(got, [b"g%d" % i for i in range(6)])

    def test_bad_requests_close_only_their_connection(self):
        # AlterConfigs (33) is not answered: the connection closes.
        data, closed = raw_request(self.depot.kafka_port, 33, 0, 7, struct.pack(">i", 0))
        self.assertTrue(closed)
        self.assertEqual(data, b"")
        # A DescribeGroups whose body does not decode (5 groups announced, none there): closed.
        data, closed = raw_request(self.depot.kafka_port, 15, 0, 6, struct.pack(">i", 5))
        self.assertTrue(closed)
        self.assertEqual(data, b"")
        # A frame claiming more than socket.request.max.bytes: closed unread.
        data, closed = raw_request(self.depot.kafka_port, 18, 0, 8, size=0x7fffffff)
        self.assertTrue(closed)
        # ApiVersions at a version Depot does not speak: UNSUPPORTED_VERSION in v0.
        data, closed = raw_request(self.depot.kafka_port, 18, 99, 9)
        self.assertFalse(closed)
        size, correlation, error = struct.unpack(">iih", data[:10])
        self.assertEqual((correlation, error), (9, 35))
        # The broker still serves everyone else.
        self.assertIn("1 brokers", self.kcat("-L"))


if __name__ == "__main__":
    unittest.main()
