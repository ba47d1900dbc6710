"""Queries over Kafka topics and exports of topics (docs/query.md, "Topics";
docs/export-format.md, version 2) against the real `depot --headless
--kafka-port N`, with records produced by librdkafka (python3-confluent-kafka)
and kafka-python (a gzip batch):

- GET /api/depot/records streams the matches of a query over keys, values
  (JSON paths), headers, partitions and offsets, across topics picked by
  name or pattern, with progress lines after every slice and a "done" line;
- bad input is refused naming it: a field records do not have (deaths.count),
  with its position; an unknown topic, partition or parameter;
- GET /api/depot/topics/{name}/export and `depot export --topic` write the
  records (a query's, a partition's) in the export format's version 2, keys,
  values and headers as text or base64, and refuse what does not fit;
- POST /api/depot/topics/{name}/import produces such a file's records into a
  topic (their partitions and timestamps kept, or not), a librdkafka consumer
  reads them back; a file of messages is refused there and a file of records
  where messages are expected.
"""

import base64
import json
import os
import subprocess
import tempfile
import time
import unittest

from depot_harness import DepotProcess, import_client, unique


class KafkaQueryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"
        cls.ck = import_client("confluent_kafka", "python3-confluent-kafka")

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()

    def get(self, path, **params):
        """(status, body bytes) of one GET."""
        return self.depot.http("GET", path, params=params)

    def lines(self, path, **params):
        status, body = self.get(path, **params)
        self.assertEqual(status, 200, body)
        return [json.loads(line) for line in body.decode().splitlines()]

    def refused(self, status, words, path, **params):
        got, body = self.get(path, **params)
        self.assertEqual(got, status, body)
        answer = json.loads(body)
        for word in words:
            self.assertIn(word, answer["reason"])
        return answer

    def create_topic(self, topic, partitions=1):
        status, body = self.depot.http("PUT", f"/api/depot/topics/{topic}", {"partitions": partitions}, timeout=30)
        self.assertEqual(status, 201, body)

    def produce(self, topic, records):
        """records: (partition, key, value dict or bytes, headers list)."""
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "linger.ms": 5})
        for partition, key, value, headers in records:
            payload = value if isinstance(value, bytes) else json.dumps(value).encode()
            producer.produce(topic, key=key, value=payload, partition=partition, headers=headers)
        self.assertEqual(producer.flush(30), 0)

    def orders(self, prefix):
        """Two order topics and an audit topic, with their records."""
        eu, us, audit = f"{prefix}-orders.eu", f"{prefix}-orders.us", f"{prefix}-audit"
        self.create_topic(eu, 2)
        self.create_topic(us)
        self.create_topic(audit)
        self.produce(eu, [
            (0, b"o-1", {"customer": "frances", "total": 12}, [("tenant", b"acme")]),
            (0, b"o-2", {"customer": "bob", "total": 99}, [("tenant", b"acme")]),
            (1, b"o-3", {"customer": "frances", "total": 250}, [("tenant", b"globex")]),
            (1, b"o-4", {"customer": "frances", "total": 40}, [("tenant", b"acme")]),
        ])
        self.produce(us, [(0, b"o-5", {"customer": "frances", "total": 7}, [("tenant", b"acme")]),
                          (0, None, b"\xff\xfe binary", [])])
        # A gzip batch from kafka-python (librdkafka sends uncompressed ones to Depot).
        kafka = import_client("kafka", "python3-kafka")
        gzip = kafka.KafkaProducer(bootstrap_servers=self.bootstrap, compression_type="gzip", linger_ms=100)
        for i in range(3):
            gzip.send(audit, key=f"a-{i}".encode(), value=json.dumps({"customer": "frances", "step": i}).encode(),
                      partition=0, headers=[("tenant", b"acme")])
        gzip.flush(15)
        gzip.close()
        return eu, us, audit

    def test_a_query_over_topics_streams_matches_and_progress(self):
        prefix = unique("kq")
        eu, us, audit = self.orders(prefix)
        query = 'value.customer = "frances" and headers.tenant = "acme" and value.total >= 10'
        out = self.lines("/api/depot/records", query=query, topics=f"{prefix}-orders.*")
        matches = [line["record"] for line in out if line["type"] == "match"]
        self.assertEqual(sorted((m["topic"], m["partition"], m["offset"]) for m in matches),
                         [(eu, 0, 0), (eu, 1, 1)])
        self.assertEqual(matches[0]["value_encoding"], "string")
        self.assertEqual(json.loads(matches[0]["value"])["customer"], "frances")
        done = out[-1]
        self.assertEqual(done["type"], "done")
        self.assertEqual((done["topics_total"], done["topics_done"], done["records_total"], done["scanned"],
                          done["matched"]), (2, 2, 6, 6, 2))

        # Every topic, a key pattern, a compressed batch, a tombstone-free
        # binary value left alone; one partition of one topic.
        out = self.lines("/api/depot/records", query=f'key ~ "^a-[12]$" and topic = "{audit}"')
        self.assertEqual([(line["record"]["topic"], line["record"]["offset"]) for line in out
                          if line["type"] == "match"], [(audit, 1), (audit, 2)])
        self.assertEqual(out[-1]["scanned"], 3)   # the other topics are ruled out by name
        out = self.lines("/api/depot/records", query="offset >= 1", topics=eu, partition="1")
        self.assertEqual([line["record"]["value"] for line in out if line["type"] == "match"],
                         [json.dumps({"customer": "frances", "total": 40})])
        out = self.lines("/api/depot/records", query='"BINARY"', topics=us)
        self.assertEqual(out[-1]["matched"], 1)   # a bare string is found in the value's bytes, in any case
        out = self.lines("/api/depot/records", query="key = null", topics=us)
        self.assertEqual([line["record"]["value_encoding"] for line in out if line["type"] == "match"], ["base64"])

        # A limit ends it early, saying so.
        out = self.lines("/api/depot/records", query="", topics=f"{prefix}-*", limit="2")
        self.assertEqual(len([line for line in out if line["type"] == "match"]), 2)
        self.assertTrue(out[-1]["limit_reached"])

    def test_slices_show_progress(self):
        topic = unique("kq-big")
        self.create_topic(topic)
        # Batches of 500 at most: a slice ends with the batch it is in.
        producer = self.ck.Producer({"bootstrap.servers": self.bootstrap, "linger.ms": 20,
                                     "batch.num.messages": 500})
        for i in range(5000):
            producer.produce(topic, key=str(i).encode(), value=json.dumps({"n": i}).encode(), partition=0)
        self.assertEqual(producer.flush(60), 0)
        out = self.lines("/api/depot/records", query="value.n >= 4990", topics=topic)
        progress = [line for line in out if line["type"] == "progress"]
        self.assertGreaterEqual(len(progress), 2)   # about 2,000 records a slice
        self.assertEqual([p["scanned"] for p in progress], sorted(p["scanned"] for p in progress))
        self.assertEqual(out[-1]["scanned"], 5000)
        self.assertEqual(out[-1]["matched"], 10)

    def test_bad_queries_and_scopes_are_refused_naming_them(self):
        topic = unique("kq-bad")
        self.create_topic(topic)
        answer = self.refused(400, ["Kafka records have no field 'deaths.count'"], "/api/depot/records",
                              query="offset > 1 and deaths.count > 2")
        self.assertEqual(answer["position"], 16)
        self.refused(400, ["unknown field 'valu'"], "/api/depot/records", query="valu = 1")
        self.refused(400, ["at 9:", "expected a value"], "/api/depot/records", query="offset >")
        self.refused(404, [f"no topic '{topic}-nope'"], "/api/depot/records", topics=f"{topic}-nope")
        self.refused(404, ["has no partition 3"], "/api/depot/records", topics=topic, partition="3")
        self.refused(400, ["unknown parameter 'queues'"], "/api/depot/records", queues="x")
        self.refused(400, ["partition must be an integer"], "/api/depot/records", topics=topic, partition="x")
        self.refused(404, ["no topic"], f"/api/depot/topics/{topic}-nope/export")
        self.refused(400, ["Kafka records have no field 'queue'"], f"/api/depot/topics/{topic}/export",
                     query='queue = "x"')
        # A query over messages names a record's field: told where it belongs.
        self.refused(400, ["offset is a field of Kafka records"], "/api/depot/messages", query="offset > 1")

    def test_export_of_a_topic_over_http_and_the_command_line(self):
        prefix = unique("kx")
        eu, us, audit = self.orders(prefix)
        out = self.lines(f"/api/depot/topics/{eu}/export", query='value.customer = "frances"')
        header, records = out[0], out[1:]
        self.assertEqual((header["format"], header["version"], header["topic"], header["query"]),
                         ("depot-export", 2, eu, 'value.customer = "frances"'))
        self.assertNotIn("queue", header)
        self.assertEqual([(r["partition"], r["offset"], r["key"]) for r in records], [(0, 0, "o-1"), (1, 0, "o-3"),
                                                                                      (1, 1, "o-4")])
        self.assertEqual(records[0]["headers"], [{"key": "tenant", "value": "acme", "value_encoding": "text"}])
        self.assertEqual(records[0]["key_encoding"], "text")
        self.assertGreater(records[0]["timestamp"], 1_700_000_000_000)

        # depot export --topic, to a file, one partition, binary values as base64.
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "us.jsonl")
            url = f"http://127.0.0.1:{self.depot.http_port}"
            done = subprocess.run([self.depot.binary, "export", "--topic", us, "--partition", "0", "--output", path,
                                   "--url", url], capture_output=True, text=True, timeout=60)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn(f"2 records from topic '{us}' written to {path}", done.stderr + done.stdout)
            with open(path, encoding="utf-8") as f:
                lines = [json.loads(line) for line in f]
            self.assertEqual(lines[0]["partition"], 0)
            self.assertEqual((lines[2]["key"], lines[2]["value_encoding"]), (None, "base64"))
            self.assertEqual(base64.b64decode(lines[2]["value"]), b"\xff\xfe binary")
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)

            bad = subprocess.run([self.depot.binary, "export", "--topic", us, "--filter", "x", "--url", url],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(bad.returncode, 2)   # a command-line mistake
            self.assertIn("--filter is for queues", bad.stderr)
            bad = subprocess.run([self.depot.binary, "export", "--topic", us, "--query", "deaths.count > 1",
                                  "--output", path + ".x", "--url", url], capture_output=True, text=True, timeout=60)
            self.assertEqual(bad.returncode, 1)
            self.assertIn("Kafka records have no field 'deaths.count'", bad.stderr)
            self.assertFalse(os.path.exists(path + ".x"))

    def post(self, path, body, **params):
        status, raw = self.depot.http("POST", path, body, params=params)
        return status, json.loads(raw or b"null")

    def test_import_of_an_export_into_another_topic(self):
        prefix = unique("ki")
        eu, _, _ = self.orders(prefix)
        status, exported = self.get(f"/api/depot/topics/{eu}/export")
        self.assertEqual(status, 200)
        copy = f"{prefix}-copy"
        self.create_topic(copy, 2)
        status, answer = self.post(f"/api/depot/topics/{copy}/import", exported)
        self.assertEqual(status, 200, answer)
        self.assertEqual(sorted((r["partition"], r["offset"]) for r in answer["records"]),
                         [(0, 0), (0, 1), (1, 0), (1, 1)])
        original = [json.loads(line) for line in exported.decode().splitlines()[1:]]
        again = self.lines(f"/api/depot/topics/{copy}/export")[1:]
        self.assertEqual(again, original)   # partitions, offsets, timestamps, keys, values, headers
        # A librdkafka consumer reads them, headers included.
        consumer = self.ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": unique("g"),
                                     "auto.offset.reset": "earliest"})
        consumer.subscribe([copy])
        got = []
        deadline = time.monotonic() + 30
        while len(got) < 4 and time.monotonic() < deadline:
            m = consumer.poll(0.5)
            if m is not None and not m.error():
                got.append((m.key(), m.headers()))
        consumer.close()
        self.assertIn((b"o-1", [("tenant", b"acme")]), got)
        self.assertEqual(len(got), 4)

        # Renewed timestamps, and every record by its key into a one-partition topic.
        single = f"{prefix}-single"
        self.create_topic(single)
        before = int(time.time() * 1000)
        status, answer = self.post(f"/api/depot/topics/{single}/import", exported, keep_timestamps="false")
        self.assertEqual(status, 200, answer)
        stamped = self.lines(f"/api/depot/topics/{single}/export")[1:]
        self.assertEqual([r["partition"] for r in stamped], [0] * 4)
        self.assertTrue(all(r["timestamp"] >= before for r in stamped))

        # Refusals name what is wrong, and nothing goes in.
        status, answer = self.post(f"/api/depot/topics/{single}/import", exported.replace(b'"key"', b'"kee"', 1))
        self.assertEqual(status, 400)
        self.assertIn("line 2", answer["reason"])
        messages = b'{"format":"depot-export","version":1,"queue":"q"}\n'
        status, answer = self.post(f"/api/depot/topics/{single}/import", messages)
        self.assertEqual(status, 400)
        self.assertIn("holds messages of queue 'q'", answer["reason"])
        status, answer = self.post(f"/api/depot/topics/{single}/import", exported, keep_ids="true")
        self.assertEqual(status, 400)
        self.assertIn("unknown parameter 'keep_ids'", answer["reason"])
        self.assertEqual(len(self.lines(f"/api/depot/topics/{single}/export")), 5)
        queue = unique("kq-queue")
        status, body = self.depot.http("PUT", f"/api/queues/%2F/{queue}", {}, timeout=30)
        self.assertIn(status, (201, 204), body)
        status, answer = self.post(f"/api/depot/queues/%2F/{queue}/import", exported)
        self.assertEqual(status, 400)
        self.assertIn("holds Kafka records of topic", answer["reason"])


if __name__ == "__main__":
    unittest.main()
