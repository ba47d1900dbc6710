"""Every compression codec Kafka has, from clients nobody here wrote, against
the real `depot --headless --kafka-port N`:

- librdkafka (python3-confluent-kafka) produces gzip, snappy (a raw block),
  lz4 and zstd batches, and they arrive compressed (the stored batch's
  codec, seen over the HTTP API: librdkafka 2.0.2 compresses gzip, snappy
  and lz4 only for a broker that lists Produce v0); a consumer reads every
  record back in order, and a timestamp inside a compressed batch finds its
  record, not its batch, which only works when Depot decompresses the batch
  to look inside;
- kafka-python produces snappy in xerial's framing, lz4 and zstd (with
  Debian's python3-snappy, python3-lz4, python3-zstandard) and reads them;
- kafka-python told to speak to a Kafka 0.9 or 0.10 (api_version) produces
  the old message sets (Produce v1 with magic 0, v2 with magic 1), plain and
  compressed: every record arrives, with its key and (magic 1) timestamp;
- kcat's -z produces each codec from the command line, compressed;
- a batch whose compressed data is damaged is refused with CORRUPT_MESSAGE
  (nothing stored), as Kafka refuses it.
"""

import base64
import json
import socket
import struct
import subprocess
import time
import unittest
import urllib.request

from depot_harness import DepotProcess, import_client, require_tool

CODECS = ("gzip", "snappy", "lz4", "zstd")


class KafkaCodecsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()

    def consume(self, ck, topic, count):
        consumer = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused",
                                "enable.auto.commit": False})
        consumer.assign([ck.TopicPartition(topic, 0, 0)])
        got = []
        deadline = time.monotonic() + 30
        while len(got) < count and time.monotonic() < deadline:
            message = consumer.poll(1)
            if message is None or message.error():
                continue
            got.append((message.offset(), message.value()))
        consumer.close()
        return got

    def stored(self, topic):
        """The records of partition 0 as the HTTP API gives them (with their batch's codec)."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.depot.http_port}/api/depot/topics/{topic}"
                                         f"/partitions/0/records?from=earliest&limit=1000")
        request.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())["records"]

    def test_librdkafka_every_codec_and_a_timestamp_inside_a_compressed_batch(self):
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        # Recent timestamps: older than the topic's retention.ms (7 days by
        # default) would be deleted by retention while the test reads.
        base = int(time.time() * 1000) - 60_000
        for codec in CODECS:
            with self.subTest(codec=codec):
                topic = f"ck-{codec}"
                producer = ck.Producer({"bootstrap.servers": self.bootstrap, "compression.type": codec,
                                        "linger.ms": 50})
                values = [f"{codec} record {i} ".encode() * 30 for i in range(6)]
                for i, value in enumerate(values):   # one batch (linger), timestamps 1 s apart
                    producer.produce(topic, value=value, timestamp=base + 1000 * i, partition=0)
                self.assertEqual(producer.flush(15), 0)
                self.assertEqual(self.consume(ck, topic, 6), list(enumerate(values)))
                # Stored as librdkafka compressed them.
                self.assertEqual({r["compression"] for r in self.stored(topic)}, {codec})
                consumer = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused"})
                found = consumer.offsets_for_times([ck.TopicPartition(topic, 0, base + 3500)], timeout=10)
                consumer.close()
                # The record at base+4000, inside the one compressed batch
                # (offset 0 would be the batch's first record).
                self.assertEqual(found[0].offset, 4)

    def test_kafka_python_every_codec(self):
        kafka = import_client("kafka", "python3-kafka")
        base = int(time.time() * 1000) - 60_000
        for codec in CODECS:
            with self.subTest(codec=codec):
                topic = f"kp-{codec}"
                producer = kafka.KafkaProducer(bootstrap_servers=self.bootstrap, compression_type=codec,
                                               linger_ms=50)
                values = [f"kafka-python {codec} {i} ".encode() * 30 for i in range(5)]
                for i, value in enumerate(values):
                    producer.send(topic, value=value, partition=0, timestamp_ms=base + 1000 * i)
                producer.flush(15)
                producer.close()
                consumer = kafka.KafkaConsumer(bootstrap_servers=self.bootstrap, consumer_timeout_ms=5000,
                                               enable_auto_commit=False)
                tp = kafka.TopicPartition(topic, 0)
                consumer.assign([tp])
                consumer.seek_to_beginning(tp)
                got = [(m.offset, m.value) for m in consumer]
                found = consumer.offsets_for_times({tp: base + 2500})
                consumer.close()
                self.assertEqual(got, list(enumerate(values)))
                self.assertEqual(found[tp].offset, 3)

    def test_kcat_every_codec(self):
        kcat = require_tool("kcat", "kcat")
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        for codec in CODECS:
            with self.subTest(codec=codec):
                topic = f"kcat-{codec}"
                lines = "".join(f"kcat {codec} line {i} " * 10 + "\n" for i in range(4))
                subprocess.run([kcat, "-b", self.bootstrap, "-t", topic, "-p", "0", "-P", "-z", codec],
                               input=lines.encode(), check=True, timeout=30)
                got = self.consume(ck, topic, 4)
                self.assertEqual([v for _, v in got], [line.encode() for line in lines.splitlines()])
                self.assertEqual({r["compression"] for r in self.stored(topic)}, {codec})

    def test_kafka_python_old_message_sets(self):
        # kafka-python picks the Produce version and message format of the
        # Kafka it is told it speaks to: 0.9 (Produce v1, magic 0, no
        # timestamps) and 0.10 (Produce v2, magic 1). Depot stores them as
        # Kafka's log does, converted to magic-2 batches (uncompressed).
        kafka = import_client("kafka", "python3-kafka")
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        base = int(time.time() * 1000) - 60_000
        for api_version, codecs in (((0, 9), (None, "gzip", "snappy")),
                                    ((0, 10, 0), (None, "gzip", "snappy", "lz4"))):
            for codec in codecs:
                with self.subTest(api_version=api_version, codec=codec):
                    topic = f"old-{'-'.join(map(str, api_version))}-{codec or 'none'}"
                    producer = kafka.KafkaProducer(bootstrap_servers=self.bootstrap, api_version=api_version,
                                                   compression_type=codec, linger_ms=50)
                    values = [f"old {codec} {i} ".encode() * 20 for i in range(5)]
                    futures = [producer.send(topic, key=f"k{i}".encode(), value=value, partition=0,
                                             timestamp_ms=base + 1000 * i)
                               for i, value in enumerate(values)]
                    producer.flush(15)
                    offsets = [f.get(timeout=10).offset for f in futures]
                    producer.close()
                    self.assertEqual(offsets, [0, 1, 2, 3, 4])
                    self.assertEqual(self.consume(ck, topic, 5), list(enumerate(values)))
                    records = self.stored(topic)
                    self.assertEqual([r["key"] for r in records], [f"k{i}" for i in range(5)])
                    self.assertEqual({r["compression"] for r in records}, {"none"})
                    times = [r["timestamp"] for r in records]
                    if api_version == (0, 9):
                        self.assertEqual(times, [-1] * 5)   # magic 0 has no timestamp
                    else:
                        self.assertEqual(times, [base + 1000 * i for i in range(5)])

    def test_a_damaged_compressed_batch_is_refused(self):
        # A Produce v3 by hand: a zstd batch whose compressed bytes are
        # garbage, with a right CRC-32C, so only decompressing finds it.
        ck = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import AdminClient, NewTopic
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        self.assertIsNone(admin.create_topics([NewTopic("damaged", 1, 1)])["damaged"].result(10))
        payload = b"\x28\xb5\x2f\xfd" + bytes(range(40))   # a zstd magic, then noise
        now = int(time.time() * 1000)
        after_crc = struct.pack(">hiqqqhii", 4, 0, now, now, -1, -1, -1, 1) + payload
        crc = crc32c(after_crc)
        batch_tail = struct.pack(">ibI", 0, 2, crc) + after_crc
        batch = struct.pack(">qi", 0, len(batch_tail)) + batch_tail
        topic = b"damaged"
        body = (struct.pack(">h", -1) + struct.pack(">hi", 1, 10000) + struct.pack(">i", 1)
                + struct.pack(">h", len(topic)) + topic + struct.pack(">i", 1)
                + struct.pack(">ii", 0, len(batch)) + batch)
        header = struct.pack(">hhih", 0, 3, 42, 4) + b"test"
        with socket.create_connection(("127.0.0.1", self.depot.kafka_port), timeout=10) as s:
            s.sendall(struct.pack(">i", len(header) + len(body)) + header + body)
            answer = read_frame(s)
        # correlation id, topics[1], name, partitions[1], index, error code
        correlation, = struct.unpack(">i", answer[:4])
        self.assertEqual(correlation, 42)
        at = 4 + 4 + 2 + len(topic) + 4 + 4
        error_code, = struct.unpack(">h", answer[at:at + 2])
        self.assertEqual(error_code, 2)   # CORRUPT_MESSAGE
        consumer = ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": "unused"})
        self.assertEqual(consumer.get_watermark_offsets(ck.TopicPartition("damaged", 0), timeout=10), (0, 0))
        consumer.close()


def read_frame(s):
    data = b""
    while len(data) < 4 or len(data) < 4 + struct.unpack(">i", data[:4])[0]:
        chunk = s.recv(65536)
        if not chunk:
            raise AssertionError(f"closed after {len(data)} bytes")
        data += chunk
    return data[4:]


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


if __name__ == "__main__":
    unittest.main()
