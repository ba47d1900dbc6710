"""Kafka's topics and consumer groups over Depot's HTTP API, with clients
nobody here wrote, against the real `depot --headless --kafka-port N`:

- records librdkafka (python3-confluent-kafka) and kafka-python produced, a
  gzip batch among them, read back over HTTP from an offset, a time, the
  start and the end, with keys, values and headers as text or base64;
- a search finds a record by its value and by a header;
- records produced over HTTP land where librdkafka's murmur2 partitioner
  (the Java client's default) puts the same keys, and a librdkafka consumer
  reads them, headers included;
- a consumer group that consumed and committed shows its member, assignment
  and lag, and /metrics shows the lag; an offset reset is refused while the
  consumer is in the group, done once it left, and the next consumer of the
  group starts from the reset offset; the group is deleted;
- bad input gets a 4xx whose reason names what is wrong.
"""

import base64
import json
import time
import unittest

from depot_harness import DepotProcess, import_client, unique


class KafkaAdminTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"
        cls.ck = import_client("confluent_kafka", "python3-confluent-kafka")

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()

    # -- HTTP ---------------------------------------------------------------
    def http(self, method, path, body=None, auth=True):
        """(status, decoded JSON or text) of one request."""
        status, raw = self.depot.http(method, path, body, auth=auth, timeout=30)
        if not raw:
            return status, None
        try:
            return status, json.loads(raw)
        except ValueError:
            return status, raw.decode()

    def ok(self, method, path, body=None, status=200):
        got, answer = self.http(method, path, body)
        self.assertEqual(got, status, f"{method} {path}: {answer}\n{self.depot.describe()}")
        return answer

    def refused(self, method, path, body, status, *words):
        got, answer = self.http(method, path, body)
        self.assertEqual(got, status, f"{method} {path}: {answer}")
        for word in words:
            self.assertIn(word, answer["reason"], f"{method} {path}")
        return answer

    # -- Kafka clients ------------------------------------------------------
    def producer(self, **config):
        return self.ck.Producer({"bootstrap.servers": self.bootstrap, **config})

    def create_topic(self, topic, partitions=1):
        self.ok("PUT", f"/api/depot/topics/{topic}", {"partitions": partitions}, status=201)

    def consume(self, consumer, count, timeout=30):
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < count and time.monotonic() < deadline:
            message = consumer.poll(0.5)
            if message is None or message.error():
                continue
            got.append(message)
        return got

    # -- tests --------------------------------------------------------------
    def test_records_from_an_offset_a_time_the_start_and_the_end_gzip_included(self):
        topic = unique("adm-rec")
        self.create_topic(topic)
        base = int(time.time() * 1000) - 60_000
        # One gzip batch, timestamps 1 s apart, from kafka-python: librdkafka
        # 2.0.2 sends its batches to Depot uncompressed (it logs "Broker does
        # not support compression type gzip"), kafka-python compresses them.
        kafka = import_client("kafka", "python3-kafka")
        gzip_producer = kafka.KafkaProducer(bootstrap_servers=self.bootstrap, compression_type="gzip", linger_ms=100)
        values = [f"value {i} " * 30 for i in range(5)]
        for i in range(5):
            gzip_producer.send(topic, key=f"key-{i}".encode(), value=values[i].encode(), partition=0,
                               timestamp_ms=base + 1000 * i, headers=[("trace", f"t-{i}".encode())])
        gzip_producer.flush(15)
        gzip_producer.close()
        # And a binary value from librdkafka.
        producer = self.producer()
        producer.produce(topic, key=None, value=b"\xff\x00\xfe", partition=0, timestamp=base + 9000)
        self.assertEqual(producer.flush(15), 0)

        page = self.ok("GET", f"/api/depot/topics/{topic}/partitions/0/records?from=earliest")
        records = page["records"]
        self.assertEqual([r["offset"] for r in records], list(range(6)))
        self.assertEqual(page["high_watermark"], 6)
        self.assertEqual(page["next_offset"], 6)
        first = records[0]
        self.assertEqual((first["key"], first["key_encoding"]), ("key-0", "string"))
        self.assertEqual((first["value"], first["value_encoding"]), (values[0], "string"))
        self.assertEqual(first["headers"], [{"key": "trace", "value": "t-0", "value_encoding": "string"}])
        self.assertEqual([r["compression"] for r in records], ["gzip"] * 5 + ["none"])
        self.assertEqual(first["timestamp"], base)
        self.assertTrue(first["timestamp_iso"].endswith("Z"), first["timestamp_iso"])
        self.assertEqual(first["timestamp_type"], "CreateTime")
        binary = records[5]
        self.assertIsNone(binary["key"])
        self.assertEqual(binary["value_encoding"], "base64")
        self.assertEqual(base64.b64decode(binary["value"]), b"\xff\x00\xfe")

        # From an offset inside the gzip batch, a page of two.
        page = self.ok("GET", f"/api/depot/topics/{topic}/partitions/0/records?offset=2&limit=2")
        self.assertEqual([r["value"] for r in page["records"]], values[2:4])
        self.assertEqual(page["next_offset"], 4)
        # From a time: the record at base+3000, inside the compressed batch.
        page = self.ok("GET", f"/api/depot/topics/{topic}/partitions/0/records?timestamp={base + 2500}&limit=1")
        self.assertEqual(page["records"][0]["offset"], 3)
        # The last two.
        page = self.ok("GET", f"/api/depot/topics/{topic}/partitions/0/records?from=latest&limit=2")
        self.assertEqual([r["offset"] for r in page["records"]], [4, 5])

        described = self.ok("GET", f"/api/depot/topics/{topic}")
        self.assertEqual(described["partition_count"], 1)
        self.assertEqual(described["partitions"][0]["high_watermark"], 6)
        self.assertEqual(described["records"], 6)
        self.assertEqual(described["configs"]["retention.ms"], "604800000")
        self.assertIn(topic, [t["name"] for t in self.ok("GET", "/api/depot/topics")])

    def test_search_by_value_and_header(self):
        topic = unique("adm-search")
        self.create_topic(topic, partitions=2)
        producer = self.producer(**{"compression.type": "gzip"})
        for i in range(20):
            producer.produce(topic, value=f"order {i}".encode(), partition=i % 2,
                             headers=[("customer", b"ACME-7" if i == 13 else b"other")])
        self.assertEqual(producer.flush(15), 0)
        found = self.ok("GET", f"/api/depot/topics/{topic}/search?q=ORDER%2017")
        self.assertEqual([(m["partition"], m["value"]) for m in found["matches"]], [(1, "order 17")])
        self.assertEqual(found["scanned"], 20)
        self.assertTrue(found["complete"])
        found = self.ok("GET", f"/api/depot/topics/{topic}/search?q=acme&partition=1")
        self.assertEqual([m["value"] for m in found["matches"]], ["order 13"])
        self.assertEqual(found["scanned"], 10)

    def test_records_produced_over_http_land_where_murmur2_puts_them_and_are_consumed(self):
        topic = unique("adm-produce")
        self.create_topic(topic, partitions=6)
        keys = [f"customer-{i}" for i in range(12)]
        produced = self.ok("POST", f"/api/depot/topics/{topic}/records",
                           [{"key": k, "value": f"from http {k}", "headers": {"source": "http"}} for k in keys]
                           + [{"partition": 5, "value": base64.b64encode(b"\x00\x01").decode(),
                               "value_encoding": "base64"}])["records"]
        self.assertEqual(len(produced), 13)
        self.assertEqual(produced[12]["partition"], 5)
        # librdkafka's murmur2 partitioner (the Java client's default) places the same keys alike.
        placed = {}
        producer = self.producer(partitioner="murmur2_random")
        for k in keys:
            producer.produce(topic, key=k.encode(), value=b"x",
                             on_delivery=lambda err, msg, k=k: placed.__setitem__(k, msg.partition()))
        self.assertEqual(producer.flush(15), 0)
        self.assertEqual([p["partition"] for p in produced[:12]], [placed[k] for k in keys])
        self.assertGreater(len(set(placed.values())), 1)

        # A librdkafka consumer reads what HTTP produced.
        target = produced[0]
        consumer = self.ck.Consumer({"bootstrap.servers": self.bootstrap, "group.id": unique("unused"),
                                     "enable.auto.commit": False})
        consumer.assign([self.ck.TopicPartition(topic, target["partition"], target["offset"])])
        message = self.consume(consumer, 1)[0]
        consumer.close()
        self.assertEqual(message.key(), b"customer-0")
        self.assertEqual(message.value(), b"from http customer-0")
        self.assertEqual(message.headers(), [("source", b"http")])

        # Re-produced: a copy at the end of its own partition.
        again = self.ok("POST", f"/api/depot/topics/{topic}/reproduce",
                        {"records": [{"partition": target["partition"], "offset": target["offset"]}]})["records"]
        self.assertEqual(again[0]["partition"], target["partition"])
        copy = self.ok("GET", f"/api/depot/topics/{topic}/partitions/{target['partition']}/records"
                              f"?offset={again[0]['offset']}&limit=1")["records"][0]
        self.assertEqual((copy["key"], copy["value"]), ("customer-0", "from http customer-0"))

    def test_a_group_is_reset_only_once_its_consumer_left_and_resumes_there(self):
        topic = unique("adm-group")
        group = unique("adm-g")
        self.create_topic(topic)
        producer = self.producer()
        for i in range(10):
            producer.produce(topic, value=f"m{i}".encode(), partition=0)
        self.assertEqual(producer.flush(15), 0)

        config = {"bootstrap.servers": self.bootstrap, "group.id": group, "enable.auto.commit": False,
                  "auto.offset.reset": "earliest", "session.timeout.ms": 10000}
        consumer = self.ck.Consumer(config)
        consumer.subscribe([topic])
        got = self.consume(consumer, 10)
        self.assertEqual([m.offset() for m in got], list(range(10)))
        consumer.commit(asynchronous=False)
        for i in range(3):
            producer.produce(topic, value=f"late{i}".encode(), partition=0)
        self.assertEqual(producer.flush(15), 0)

        described = self.ok("GET", f"/api/depot/groups/{group}")
        self.assertEqual(described["state"], "Stable")
        self.assertEqual(len(described["members"]), 1)
        self.assertEqual(described["members"][0]["assignment"], [{"topic": topic, "partitions": [0]}])
        self.assertEqual(described["offsets"], [{"topic": topic, "partition": 0, "committed": 10, "metadata": "",
                                                 "log_start_offset": 0, "high_watermark": 13, "lag": 3}])
        self.assertEqual(described["total_lag"], 3)
        self.assertIn(group, [g["name"] for g in self.ok("GET", "/api/depot/groups")])
        status, metrics = self.http("GET", "/metrics", auth=False)
        self.assertEqual(status, 200)
        self.assertIn(f'depot_kafka_group_lag{{group="{group}",topic="{topic}",partition="0"}} 3\n', metrics)
        self.assertIn(f'depot_kafka_partition_log_end_offset{{topic="{topic}",partition="0"}} 13\n', metrics)

        # Refused while the consumer is in the group, and nothing changes.
        self.refused("POST", f"/api/depot/groups/{group}/reset-offsets",
                     {"topic": topic, "partition": -1, "to": "offset", "value": 4}, 400, "has 1 member")
        self.refused("DELETE", f"/api/depot/groups/{group}", None, 400, "has 1 member")
        consumer.close()   # leaves the group
        reset = self.ok("POST", f"/api/depot/groups/{group}/reset-offsets",
                        {"topic": topic, "partition": -1, "to": "offset", "value": 4})
        self.assertEqual([(o["partition"], o["committed"], o["lag"]) for o in reset["offsets"]], [(0, 4, 9)])

        consumer = self.ck.Consumer(config)
        consumer.subscribe([topic])
        got = self.consume(consumer, 9)
        consumer.close()
        self.assertEqual([m.offset() for m in got], list(range(4, 13)))

        # Earliest, then deleted (no members now).
        reset = self.ok("POST", f"/api/depot/groups/{group}/reset-offsets", {"topic": topic, "to": "earliest"})
        self.assertEqual(reset["offsets"][0]["committed"], 0)
        self.ok("DELETE", f"/api/depot/groups/{group}", status=204)
        self.refused("GET", f"/api/depot/groups/{group}", None, 404, group)
        self.assertNotIn(group, [g["name"] for g in self.ok("GET", "/api/depot/groups")])

    def test_bad_input_is_refused_naming_what_is_wrong(self):
        topic = unique("adm-bad")
        self.create_topic(topic, partitions=2)
        records = f"/api/depot/topics/{topic}/partitions"
        self.refused("GET", "/api/depot/topics/no-such-topic/partitions/0/records", None, 404, "no-such-topic")
        self.refused("GET", f"{records}/x/records", None, 400, "partition", "'x'")
        self.refused("GET", f"{records}/7/records", None, 404, "partition 7")
        self.refused("GET", f"{records}/0/records?limit=0", None, 400, "limit")
        self.refused("GET", f"{records}/0/records?from=middle", None, 400, "from", "middle")
        self.refused("GET", f"{records}/0/records?offset=1&from=earliest", None, 400, "offset", "from")
        self.refused("GET", f"{records}/0/records?timestamp=yesterday", None, 400, "timestamp")
        self.refused("GET", f"/api/depot/topics/{topic}/search", None, 400, "q")
        self.refused("PUT", f"/api/depot/topics/{unique('adm-cfg')}", {"partitions": 1, "configs": {"segment.bytes": "1"}},
                     400, "segment.bytes")
        self.refused("PUT", f"/api/depot/topics/{unique('adm-cfg')}", {"partitions": 0}, 400, "partitions")
        self.refused("PUT", f"/api/depot/topics/{topic}", {"partitions": 1}, 400, "already exists")
        self.refused("PUT", "/api/depot/topics/bad%20name", {}, 400, "illegal")
        self.refused("POST", f"/api/depot/topics/{topic}/records", [{"value": "v", "value_encoding": "hex"}], 400,
                     "records[0].value_encoding")
        self.refused("POST", f"/api/depot/topics/{topic}/records", [{"value": "v", "partition": 2}], 404, "partition 2")
        self.refused("POST", f"/api/depot/topics/{topic}/records", [], 400, "empty")
        self.refused("POST", "/api/depot/topics/no-such-topic/records", [{"value": "v"}], 404, "no-such-topic")
        self.refused("POST", f"/api/depot/topics/{topic}/reproduce", {"records": [{"partition": 0, "offset": 99}]}, 404,
                     "offset 99")
        group = f"/api/depot/groups/{unique('adm-nobody')}"
        self.refused("GET", group, None, 404, "adm-nobody")
        self.refused("DELETE", group, None, 404, "adm-nobody")
        reset = group + "/reset-offsets"
        self.refused("POST", reset, {"topic": topic, "to": "middle"}, 400, "to", "middle")
        self.refused("POST", reset, {"topic": topic}, 400, "'to' is missing")
        self.refused("POST", reset, {"topic": topic, "to": "offset"}, 400, "value")
        self.refused("POST", reset, {"topic": topic, "partition": 5, "to": "earliest"}, 404, "partition 5")
        self.refused("POST", reset, {"topic": "no-such-topic", "to": "earliest"}, 404, "no-such-topic")
        # Without credentials: 401, as every /api/depot route.
        status, _ = self.http("GET", "/api/depot/topics", auth=False)
        self.assertEqual(status, 401)
        self.ok("DELETE", f"/api/depot/topics/{topic}", status=204)
        self.refused("DELETE", f"/api/depot/topics/{topic}", None, 404, topic)


class KafkaAdminWithoutListenerTest(unittest.TestCase):
    """Topics and groups are the broker's, not the Kafka listener's: the HTTP
    API has them without --kafka-port too."""

    def test_topics_and_groups_without_the_kafka_listener(self):
        depot = DepotProcess(kafka=False).start()
        try:
            self.assertIn("kafka=off", depot.ready_line)
            KafkaAdminTest.depot = depot
            api = KafkaAdminTest()
            api.create_topic("no-listener", partitions=2)
            produced = api.ok("POST", "/api/depot/topics/no-listener/records", [{"key": "k", "value": "v"}])
            self.assertEqual(len(produced["records"]), 1)
            reset = api.ok("POST", "/api/depot/groups/offline/reset-offsets", {"topic": "no-listener", "to": "latest"})
            self.assertEqual(sorted(o["committed"] for o in reset["offsets"]), [0, 1])
            self.assertEqual(api.ok("GET", "/api/depot/groups/offline")["total_lag"], 0)
        finally:
            depot.stop()
            del KafkaAdminTest.depot


if __name__ == "__main__":
    unittest.main()
