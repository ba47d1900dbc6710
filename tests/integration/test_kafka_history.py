"""A Kafka record's life story over Depot's HTTP API
(GET /api/depot/topics/{topic}/partitions/{p}/records/{offset}/history),
against the real `depot --headless --kafka-port N` with librdkafka
(python3-confluent-kafka) as the producer and the consumers:

- a record produced by a client with its client.id names that client and its
  address and the time Depot appended it; a group that consumed and committed
  past it shows as "consumed" with the committing client and the time; a
  group that has not reached it is listed as waiting; an offset reset over
  HTTP is a consumption by Depot;
- a record retention removed (a batch older than retention.ms, dropped when a
  newer one arrives) says so, with when, and the record itself is gone;
- the story is stored: after kill -9 and a restart it reads the same;
- bad input gets a 4xx whose reason names what is wrong.
"""

import datetime
import json
import tempfile
import time
import unittest

from depot_harness import DepotProcess, import_client, unique


def parse_time(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


class KafkaHistoryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"
        cls.ck = import_client("confluent_kafka", "python3-confluent-kafka")

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()

    def http(self, method, path, body=None):
        status, raw = self.depot.http(method, path, body, timeout=30)
        return status, (json.loads(raw) if raw else None)

    def ok(self, method, path, body=None, status=200):
        got, answer = self.http(method, path, body)
        self.assertEqual(got, status, f"{method} {path}: {answer}\n{self.depot.describe()}")
        return answer

    def story(self, topic, offset, partition=0):
        return self.ok("GET", f"/api/depot/topics/{topic}/partitions/{partition}/records/{offset}/history")

    def test_produced_consumed_and_waiting(self):
        topic = unique("story")
        self.ok("PUT", f"/api/depot/topics/{topic}", {"partitions": 1}, status=201)
        before = time.time()
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "client.id": "orders-service"})
        for i in range(5):
            producer.produce(topic, key=f"k{i}".encode(), value=f"order {i}".encode(), partition=0)
        self.assertEqual(producer.flush(15), 0)

        group = unique("billing")
        consumer = self.ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": group,
                                     "client.id": "billing-worker", "enable.auto.commit": False,
                                     "auto.offset.reset": "earliest", "session.timeout.ms": 10000})
        consumer.subscribe([topic])
        got = []
        deadline = time.monotonic() + 30
        while len(got) < 3 and time.monotonic() < deadline:
            m = consumer.poll(0.5)
            if m is not None and not m.error():
                got.append(m)
        self.assertGreaterEqual(len(got), 3)
        # Committed up to (not including) offset 3: records 0-2 are consumed.
        consumer.commit(offsets=[self.ck.TopicPartition(topic, 0, 3)], asynchronous=False)
        consumer.close()

        one = self.story(topic, 1)
        self.assertTrue(one["present"])
        self.assertEqual(one["record"]["offset"], 1)
        self.assertEqual([e["kind"] for e in one["events"]], ["produced", "consumed"])
        produced, consumed = one["events"]
        self.assertTrue(produced["actor"].startswith("orders-service at "), produced)
        self.assertIn("127.0.0.1", produced["actor"])
        self.assertIn("offset 1", produced["text"])
        self.assertLessEqual(before - 1, parse_time(produced["at"]))
        self.assertTrue(consumed["actor"].startswith("billing-worker at "), consumed)
        self.assertIn(f"group '{group}'", consumed["text"])
        self.assertIn("committed offset 3", consumed["text"])
        self.assertLessEqual(parse_time(produced["at"]), parse_time(consumed["at"]))
        self.assertEqual(one["waiting_groups"], [])

        # Offset 4 is past the group's commit: it waits for that group.
        four = self.story(topic, 4)
        self.assertEqual([e["kind"] for e in four["events"]], ["produced"])
        self.assertEqual(four["waiting_groups"], [group])

        # An offset reset over HTTP moves another group past it: Depot consumed it for that group.
        audit = unique("audit")
        self.ok("POST", f"/api/depot/groups/{audit}/reset-offsets", {"topic": topic, "to": "latest"})
        four = self.story(topic, 4)
        self.assertEqual([e["kind"] for e in four["events"]], ["produced", "consumed"])
        self.assertEqual(four["events"][1]["actor"], "Depot (offsets reset)")
        self.assertIn(f"group '{audit}'", four["events"][1]["text"])
        self.assertEqual(four["waiting_groups"], [group])

        # Produced over the HTTP API: the API and its user are named.
        self.ok("POST", f"/api/depot/topics/{topic}/records",
                {"records": [{"partition": 0, "value": "by hand"}]})
        five = self.story(topic, 5)
        self.assertEqual(five["events"][0]["actor"], "the HTTP API (user guest)")

    def test_a_record_retention_removed(self):
        topic = unique("story-retained")
        self.ok("PUT", f"/api/depot/topics/{topic}", {"partitions": 1, "configs": {"retention.ms": 60000}},
                status=201)
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "client.id": "backfill"})
        ten_minutes_ago = int((time.time() - 600) * 1000)
        producer.produce(topic, value=b"old", partition=0, timestamp=ten_minutes_ago)
        self.assertEqual(producer.flush(15), 0)
        # Kept while it is the newest batch (the segment being written) ...
        self.assertTrue(self.story(topic, 0)["present"])
        # ... and removed once a newer one arrives.
        producer.produce(topic, value=b"new", partition=0)
        self.assertEqual(producer.flush(15), 0)
        gone = self.story(topic, 0)
        self.assertFalse(gone["present"])
        self.assertNotIn("record", gone)
        self.assertEqual([e["kind"] for e in gone["events"]], ["produced", "removed"])
        removed = gone["events"][1]
        self.assertIn("retention.ms", removed["text"])
        self.assertIn("starts at offset 1", removed["text"])
        self.assertIsNotNone(removed["at"])
        self.assertLess(abs(parse_time(removed["at"]) - time.time()), 120)
        self.assertTrue(self.story(topic, 1)["present"])

    def test_the_story_survives_a_kill(self):
        # Who produced a record, who committed past it and when a record was
        # removed are stored with the log: the same story after kill -9.
        with tempfile.TemporaryDirectory(prefix="depot-kafka-story-") as data:
            depot = DepotProcess(data_dir=data, kafka=True).start()
            try:
                bootstrap = f"127.0.0.1:{depot.kafka_port}"
                topic = unique("story-kept")
                status, raw = depot.http("PUT", f"/api/depot/topics/{topic}",
                                         {"partitions": 1, "configs": {"retention.ms": 60000}})
                self.assertEqual(status, 201, raw)
                producer = self.ck.Producer({"bootstrap.servers": bootstrap, "client.id": "ledger-writer",
                                             "acks": "all"})
                producer.produce(topic, value=b"old", partition=0, timestamp=int((time.time() - 600) * 1000))
                self.assertEqual(producer.flush(15), 0)
                for i in range(3):
                    producer.produce(topic, value=f"entry {i}".encode(), partition=0)
                    self.assertEqual(producer.flush(15), 0)   # one batch each
                consumer = self.ck.Consumer({"bootstrap.servers": bootstrap, "group.id": "ledger",
                                             "client.id": "ledger-reader", "enable.auto.commit": False,
                                             "auto.offset.reset": "earliest"})
                consumer.assign([self.ck.TopicPartition(topic, 0, 1)])
                consumer.commit(offsets=[self.ck.TopicPartition(topic, 0, 3)], asynchronous=False)
                consumer.close()
                status, raw = depot.http("GET", f"/api/depot/topics/{topic}/partitions/0/records/2/history")
                self.assertEqual(status, 200, raw)
                before = json.loads(raw)
                status, raw = depot.http("GET", f"/api/depot/topics/{topic}/partitions/0/records/0/history")
                removed_before = [e for e in json.loads(raw)["events"] if e["kind"] == "removed"]
            finally:
                depot.kill()   # the Produce and the OffsetCommit were answered: both are committed
            depot = DepotProcess(data_dir=data, kafka=True).start()
            try:
                status, raw = depot.http("GET", f"/api/depot/topics/{topic}/partitions/0/records/2/history")
                self.assertEqual(status, 200, raw)
                after = json.loads(raw)
                self.assertEqual([e["kind"] for e in after["events"]], ["produced", "consumed"])
                self.assertTrue(after["events"][0]["actor"].startswith("ledger-writer at "), after)
                self.assertTrue(after["events"][1]["actor"].startswith("ledger-reader at "), after)
                self.assertEqual(after["events"], before["events"])
                status, raw = depot.http("GET", f"/api/depot/topics/{topic}/partitions/0/records/0/history")
                gone = json.loads(raw)
                self.assertFalse(gone["present"])
                removed = [e for e in gone["events"] if e["kind"] == "removed"]
                self.assertEqual(len(removed), 1, gone)
                self.assertIn("retention.ms", removed[0]["text"])
                self.assertIsNotNone(removed[0]["at"])
                self.assertEqual(removed, removed_before)
            finally:
                depot.stop()

    def test_bad_input_is_refused_naming_what_is_wrong(self):
        topic = unique("story-bad")
        self.ok("PUT", f"/api/depot/topics/{topic}", {"partitions": 1}, status=201)
        self.ok("POST", f"/api/depot/topics/{topic}/records", {"records": [{"partition": 0, "value": "x"}]})
        base = f"/api/depot/topics/{topic}/partitions"
        for path, status, words in [
            (f"{base}/0/records/1/history", 404, ["offset 1", "ends at 1"]),
            (f"{base}/0/records/x/history", 400, ["offset", "'x'"]),
            (f"{base}/0/records/-1/history", 400, ["offset", "'-1'"]),
            (f"{base}/3/records/0/history", 404, ["partition"]),
            (f"{base}/0/records/0/history?verbose=1", 400, ["verbose"]),
            (f"/api/depot/topics/{topic}-none/partitions/0/records/0/history", 404, [f"{topic}-none"]),
        ]:
            got, answer = self.http("GET", path)
            self.assertEqual(got, status, f"{path}: {answer}")
            for word in words:
                self.assertIn(word, answer["reason"], path)


if __name__ == "__main__":
    unittest.main()
