"""Kafka on a data dir, with python3-confluent-kafka (librdkafka): topics,
their configs, records and committed offsets survive a restart of the real
`depot --headless --kafka-port N --data-dir D`, and SIGKILL loses nothing
that was acknowledged:

- producers with acks=all run while Depot is killed at a random moment, in
  several cycles (one of them with --durability fsync); after each restart
  every record whose delivery report succeeded is read back at its offset
  with its key and value, and no offset is ever handed out twice;
- a consumer group commits synchronously while Depot is killed; after the
  restart the group's committed offset of each partition is at least the
  last commit that was answered, and the group resumes there: nothing
  committed is read again, nothing after it is skipped;
- an idempotent producer (enable.idempotence=True) runs on while Depot is
  killed and restarted on the same port: its retries of batches Depot had
  stored but not answered are recognised after the restart, so every
  record is there exactly once, in order per partition;
- Produce requests pipelined on one connection are taken up while earlier
  ones wait for their commit, so they share group commits (far fewer
  commits than requests), and every answer still comes in request order,
  a request of another kind behind them last.

Kafka's promise for acks=all: an acknowledged record is not lost as long as
the broker that holds it is not (here: the data dir); a committed offset is
kept like a record.
"""

import random
import shutil
import socket
import struct
import tempfile
import threading
import time
import unittest
import urllib.request

from depot_harness import DepotProcess, free_port, import_client

PARTITIONS = 3


class KafkaCrashTest(unittest.TestCase):

    def setUp(self):
        self.kafka = import_client("confluent_kafka", "python3-confluent-kafka")
        self.data_dir = tempfile.mkdtemp(prefix="depot-kafka-crash-")
        self.depot = None

    def tearDown(self):
        if self.depot:
            self.depot.kill()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def start(self, *extra):
        self.depot = DepotProcess(data_dir=self.data_dir, kafka=True, extra_args=list(extra)).start()
        return f"127.0.0.1:{self.depot.kafka_port}"

    def create_topic(self, bootstrap, name, configs=None):
        from confluent_kafka.admin import AdminClient, NewTopic
        admin = AdminClient({"bootstrap.servers": bootstrap})
        futures = admin.create_topics([NewTopic(name, PARTITIONS, 1, config=configs or {})])
        futures[name].result(timeout=15)

    def read_all(self, bootstrap, topic):
        """Every record of the topic, by (partition, offset), read from the beginning."""
        TopicPartition = self.kafka.TopicPartition
        consumer = self.kafka.Consumer({"bootstrap.servers": bootstrap, "group.id": "reader-unused",
                                        "enable.auto.commit": False})
        try:
            ends = {}
            for p in range(PARTITIONS):
                low, high = consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=15)
                ends[p] = high
            consumer.assign([TopicPartition(topic, p, self.kafka.OFFSET_BEGINNING) for p in range(PARTITIONS)])
            seen = {}
            deadline = time.monotonic() + 60
            done = lambda: all(max([o for (q, o) in seen if q == p], default=-1) >= ends[p] - 1
                               for p in range(PARTITIONS))
            while not done():
                self.assertLess(time.monotonic(), deadline, f"reading {topic} back did not reach {ends}")
                for message in consumer.consume(1000, timeout=1):
                    if message.error():
                        continue
                    seen[(message.partition(), message.offset())] = (message.key(), message.value())
            return seen, ends
        finally:
            consumer.close()

    def kill_when(self, ready, seconds=60):
        """Kills Depot (SIGKILL) from another thread once ready() holds, or
        after `seconds` at most. The kill follows progress, not a timer: on a
        slow machine a timer can fire before anything was acknowledged."""
        depot = self.depot

        def wait_then_kill():
            deadline = time.monotonic() + seconds
            while not ready() and time.monotonic() < deadline:
                time.sleep(0.002)
            depot.kill()

        killer = threading.Thread(target=wait_then_kill)
        killer.start()
        return killer

    # -- production ------------------------------------------------------
    def produce_until_killed(self, bootstrap, topic, cycle, acked, kill_after):
        """Produces with acks=all until Depot is killed, once `kill_after` more
        records were acknowledged; adds what was acknowledged to `acked`."""
        producer = self.kafka.Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 2,
                                        "message.timeout.ms": 4000, "retries": 0})
        failures = []

        def report(error, message):
            if error is None:
                key = (message.partition(), message.offset())
                self.assertNotIn(key, acked, f"offset {key} was acknowledged twice")
                acked[key] = (message.key(), message.value())
            else:
                failures.append(error)

        target = len(acked) + kill_after
        killer = self.kill_when(lambda: len(acked) >= target)
        n = 0
        started = time.monotonic()
        while self.depot.running() and time.monotonic() - started < 30:
            try:
                producer.produce(topic, key=f"k{n % 7}".encode(), value=f"cycle{cycle}-{n}".encode() * 3,
                                 on_delivery=report)
                n += 1
            except BufferError:
                producer.poll(0.05)
            if n % 200 == 0:
                producer.poll(0)
        killer.join()
        producer.flush(10)
        return n, failures

    def test_acknowledged_records_survive_sigkill_during_production(self):
        topic = "crash-produce"
        acked = {}
        bootstrap = self.start()
        self.create_topic(bootstrap, topic, {"retention.ms": "-1"})
        for cycle, extra in enumerate([(), ("--durability", "fsync"), ()]):
            if cycle:
                bootstrap = self.start(*extra)
            before = len(acked)
            sent, failures = self.produce_until_killed(bootstrap, topic, cycle, acked, random.randint(500, 5000))
            self.assertGreater(len(acked), before + 100, f"cycle {cycle}: too little was acknowledged to test")
            bootstrap = self.start()
            seen, ends = self.read_all(bootstrap, topic)
            lost = [key for key in acked if seen.get(key) != acked[key]]
            self.assertEqual(lost[:10], [], f"cycle {cycle}: {len(lost)} of {len(acked)} acknowledged records "
                                            f"lost or changed (sent {sent}, {len(failures)} failed)")
            self.depot.stop()
        # Offsets continued across restarts: one record per offset, from 0 up.
        bootstrap = self.start()
        seen, ends = self.read_all(bootstrap, topic)
        for p in range(PARTITIONS):
            offsets = sorted(o for (q, o) in seen if q == p)
            self.assertEqual(offsets, list(range(ends[p])), f"partition {p} has gaps or repeats")

    # -- group consumption -------------------------------------------------
    def committed_offsets(self, bootstrap, topic, group):
        TopicPartition = self.kafka.TopicPartition
        checker = self.kafka.Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                                       "enable.auto.commit": False})
        try:
            found = checker.committed([TopicPartition(topic, p) for p in range(PARTITIONS)], timeout=15)
        finally:
            checker.close()
        return {tp.partition: tp.offset for tp in found if tp.offset >= 0}

    def consume_until_killed(self, bootstrap, topic, group, answered):
        """Consumes in the group, committing synchronously after each batch,
        until Depot is killed. Returns the first offset read per partition;
        `answered` gets each commit Depot answered."""
        TopicPartition = self.kafka.TopicPartition
        consumer = self.kafka.Consumer({"bootstrap.servers": bootstrap, "group.id": group,
                                        "enable.auto.commit": False, "auto.offset.reset": "earliest",
                                        "session.timeout.ms": 6000})
        consumer.subscribe([topic])
        first = {}
        commits = [0]
        enough = random.randint(3, 20)
        killer = self.kill_when(lambda: commits[0] >= enough)
        try:
            while self.depot.running():
                messages = [m for m in consumer.consume(50, timeout=0.5) if not m.error()]
                if not messages:
                    continue
                ends = {}
                for m in messages:
                    first.setdefault(m.partition(), m.offset())
                    ends[m.partition()] = m.offset() + 1
                try:
                    done = consumer.commit(offsets=[TopicPartition(topic, p, o) for p, o in ends.items()],
                                           asynchronous=False)
                except self.kafka.KafkaException:
                    break   # the broker died under the commit: it was not answered
                for tp in done:
                    if tp.error is None:
                        answered[tp.partition] = tp.offset
                commits[0] += 1
                time.sleep(0.05)   # slow enough for the kill to land mid-way
        finally:
            killer.join()
            consumer.close()
        return first

    def test_committed_offsets_survive_sigkill_during_group_consumption(self):
        topic, group = "crash-consume", "crash-group"
        bootstrap = self.start()
        self.create_topic(bootstrap, topic)
        producer = self.kafka.Producer({"bootstrap.servers": bootstrap, "acks": "all"})
        for n in range(30000):
            producer.produce(topic, value=str(n).encode(), partition=n % PARTITIONS)
            if n % 500 == 0:
                producer.poll(0)
        self.assertEqual(producer.flush(30), 0)
        answered = {}   # partition -> the last commit Depot answered
        committed = {}  # partition -> the committed offset found after the last restart
        for cycle in range(3):
            first = self.consume_until_killed(bootstrap, topic, group, answered)
            self.assertTrue(answered, f"cycle {cycle}: no commit was answered before the kill")
            # The group resumed where it had committed: nothing committed
            # read again, nothing after it skipped.
            for p, offset in first.items():
                self.assertEqual(offset, committed.get(p, 0), f"cycle {cycle}: partition {p} resumed at {offset}")
            bootstrap = self.start()
            committed = self.committed_offsets(bootstrap, topic, group)
            for p, offset in answered.items():
                self.assertGreaterEqual(committed.get(p, -1), offset,
                                        f"cycle {cycle}: partition {p} lost its committed offset {offset}")
        self.depot.stop()


    # -- idempotence across a kill ----------------------------------------
    def test_idempotent_producer_is_not_duplicated_across_a_kill(self):
        topic, port = "crash-idempotent", free_port()
        self.depot = DepotProcess(data_dir=self.data_dir, extra_args=["--kafka-port", str(port)]).start()
        bootstrap = f"127.0.0.1:{port}"
        self.create_topic(bootstrap, topic)
        failures, delivered, at_kill = [], [0], []
        producer = self.kafka.Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True,
                                        "linger.ms": 5, "message.timeout.ms": 60000})

        def report(error, message):
            if error is not None:
                failures.append(error)
            else:
                delivered[0] += 1

        total = 30000
        # The kill lands once a random share of the records is acknowledged,
        # not after a fixed time: on a slow machine a timer can fire before
        # the first acknowledgement (or after the last).
        threshold = random.randint(total // 10, total // 2)

        def restart():
            deadline = time.monotonic() + 120
            while delivered[0] < threshold and not failures and time.monotonic() < deadline:
                time.sleep(0.001)
            at_kill.append(delivered[0])
            self.depot.kill()
            time.sleep(0.5)
            self.depot = DepotProcess(data_dir=self.data_dir, extra_args=["--kafka-port", str(port)]).start()

        restarter = threading.Thread(target=restart)
        restarter.start()
        for n in range(total):
            while True:
                try:
                    producer.produce(topic, key=str(n % 11).encode(), value=str(n).encode(), on_delivery=report)
                    break
                except BufferError:
                    producer.poll(0.05)
            if n % 100 == 0:
                producer.poll(0.002)   # a pace at which the restart lands mid-way
        while restarter.is_alive():    # deliveries go on counting until the kill
            producer.poll(0.01)
        restarter.join()
        self.assertEqual(producer.flush(60), 0)
        self.assertEqual(failures, [])
        self.assertTrue(0 < at_kill[0] < total, f"the kill came at {at_kill[0]} of {total} delivered")
        seen, ends = self.read_all(bootstrap, topic)
        values = [int(v) for (_, v) in seen.values()]
        self.assertEqual(len(values), total, f"{len(values) - len(set(values))} duplicates")
        self.assertEqual(sorted(values), list(range(total)))
        for p in range(PARTITIONS):
            ordered = [int(seen[key][1]) for key in sorted(k for k in seen if k[0] == p)]
            self.assertEqual(ordered, sorted(ordered), f"partition {p} is out of order")


def zigzag(n):
    """Kafka's VARINT: zig-zag, then 7 bits a byte."""
    n = (n << 1) ^ (n >> 63)
    out = b""
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def produce_frame(topic, correlation, value):
    """A Produce v3 request (acks=all) of one record batch holding one record, to partition 0."""
    body = b"\x00" + zigzag(0) + zigzag(0) + zigzag(-1) + zigzag(len(value)) + value + zigzag(0)
    record = zigzag(len(body)) + body
    now = int(time.time() * 1000)
    after_crc = struct.pack(">hiqqqhii", 0, 0, now, now, -1, -1, -1, 1) + record
    batch_tail = struct.pack(">ibI", 0, 2, crc32c(after_crc)) + after_crc
    batch = struct.pack(">qi", 0, len(batch_tail)) + batch_tail
    name = topic.encode()
    request = (struct.pack(">h", -1) + struct.pack(">hi", -1, 10000) + struct.pack(">i", 1)
               + struct.pack(">h", len(name)) + name + struct.pack(">i", 1)
               + struct.pack(">ii", 0, len(batch)) + batch)
    header = struct.pack(">hhih", 0, 3, correlation, 4) + b"test"
    return struct.pack(">i", len(header) + len(request)) + header + request


def read_frames(s, count):
    data, frames = b"", []
    while len(frames) < count:
        while len(data) < 4 or len(data) < 4 + struct.unpack(">i", data[:4])[0]:
            chunk = s.recv(65536)
            if not chunk:
                raise AssertionError(f"closed after {len(frames)} answers")
            data += chunk
        size = struct.unpack(">i", data[:4])[0]
        frames.append(data[4:4 + size])
        data = data[4 + size:]
    return frames


class KafkaPipelineTest(unittest.TestCase):

    def store_commits(self, depot):
        with urllib.request.urlopen(f"http://127.0.0.1:{depot.http_port}/metrics", timeout=10) as reply:
            for line in reply.read().decode().splitlines():
                if line.startswith("depot_store_commits_total "):
                    return float(line.split()[1])
        raise AssertionError("/metrics has no depot_store_commits_total")

    def test_pipelined_produce_requests_share_commits_and_are_answered_in_order(self):
        kafka = import_client("confluent_kafka", "python3-confluent-kafka")
        from confluent_kafka.admin import AdminClient, NewTopic
        data_dir = tempfile.mkdtemp(prefix="depot-kafka-pipeline-")
        depot = DepotProcess(data_dir=data_dir, kafka=True).start()
        try:
            admin = AdminClient({"bootstrap.servers": f"127.0.0.1:{depot.kafka_port}"})
            admin.create_topics([NewTopic("pipelined", 1, 1)])["pipelined"].result(timeout=15)
            before = self.store_commits(depot)
            count = 60
            frames = b"".join(produce_frame("pipelined", i, b"record %d" % i) for i in range(count))
            # An ApiVersions v0 behind them, answered only after every Produce.
            api_versions = struct.pack(">hhih", 18, 0, count, 4) + b"test"
            frames += struct.pack(">i", len(api_versions)) + api_versions
            with socket.create_connection(("127.0.0.1", depot.kafka_port), timeout=30) as s:
                s.sendall(frames)
                answers = read_frames(s, count + 1)
            commits = self.store_commits(depot) - before
            self.assertEqual([struct.unpack(">i", a[:4])[0] for a in answers], list(range(count + 1)))
            name = b"pipelined"
            at = 4 + 4 + 2 + len(name) + 4 + 4   # correlation, topics[1], name, partitions[1], index
            results = [struct.unpack(">hq", a[at:at + 10]) for a in answers[:count]]
            self.assertEqual(results, [(0, offset) for offset in range(count)])
            # Each request waiting for its own commit before the next is
            # read would take at least one commit per request.
            self.assertLess(commits, count / 2, f"{commits:.0f} commits for {count} pipelined Produce requests")
            consumer = kafka.Consumer({"bootstrap.servers": f"127.0.0.1:{depot.kafka_port}", "group.id": "unused"})
            self.assertEqual(consumer.get_watermark_offsets(kafka.TopicPartition("pipelined", 0), timeout=10),
                             (0, count))
            consumer.close()
        finally:
            depot.stop()
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
