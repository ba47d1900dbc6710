"""Export and import (docs/export-format.md) against the real `depot
--headless`, with pika publishing and reading the messages and the `depot
export` / `depot import` commands moving them:

- every AMQP property, a header of every type pika sends, a binary body and
  a dead letter's x-death come back from an imported copy as pika sent
  (and as the original reads);
- the file written by `depot export --output` is 0600 under umask 022 and
  the exported queue is unchanged;
- bad files are refused naming the line (and the field), nothing imported;
- with no Depot running each command says so in one line and fails;
- kill -9 during a 200,000-message import: after the restart the target
  holds exactly the file's first N messages, in order, N a whole number of
  the command's batches (each batch is one commit), and `--skip N` imports
  the rest with nothing twice.

Depot's own feature: skipped against RabbitMQ.
"""

import base64
import datetime
import decimal
import json
import os
import stat
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

from depot_harness import DataDirDepotTestCase, DepotProcess, depot_only, free_port, import_client, unique, wait_until

pika = import_client("pika", "python3-pika")

BATCH = 2000   # messages per request of `depot import` (app/ClientCommands.cpp)


def umask_022():
    os.umask(0o022)


@depot_only("export and import are Depot's own")
class ExportImportTest(DataDirDepotTestCase):
    tmp_prefix = "depot-export-"

    # -- helpers ----------------------------------------------------------
    def url(self, depot=None):
        return f"http://127.0.0.1:{(depot or self.depot).http_port}"

    def cli(self, *args, depot=None, url=None, timeout=300):
        return subprocess.run([self.depot.binary, *args, "--url", url or self.url(depot)], capture_output=True,
                              text=True, timeout=timeout, preexec_fn=umask_022)

    def connect(self, depot=None):
        depot = depot or self.depot
        connection = pika.BlockingConnection(pika.ConnectionParameters(host="127.0.0.1", port=depot.amqp_port))
        return connection, connection.channel()

    def http(self, method, path, body=None, depot=None):
        request = urllib.request.Request(self.url(depot) + path, data=body, method=method)
        request.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def depth(self, channel, queue):
        return channel.queue_declare(queue, passive=True).method.message_count

    def drain(self, channel, queue):
        out = []
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return out
            out.append((method, properties, body))

    # -- tests ------------------------------------------------------------
    def test_every_property_header_type_binary_body_and_dead_letter_round_trip(self):
        source, target, work = unique("source"), unique("target"), unique("work")
        connection, channel = self.connect()
        channel.queue_declare(source, durable=True)
        channel.queue_declare(target, durable=True)
        channel.queue_declare(work, durable=True,
                              arguments={"x-dead-letter-exchange": "", "x-dead-letter-routing-key": source})
        headers = {
            "string": "customer=frances ✓",
            "bytes": b"\x00\x01\xff",
            "true": True,
            "false": False,
            "small": 7,
            "large": 2 ** 40,
            "negative": -2 ** 31,
            "price": decimal.Decimal("0.125"),
            "decimal": decimal.Decimal("3.14"),
            "timestamp": datetime.datetime(2026, 12, 2, 7, 0, 0),
            "void": None,
            "array": [1, "two", [decimal.Decimal("3.5"), None], {"in": "array"}],
            "table": {"nested": {"deeper": [b"x", 2]}},
        }
        properties = pika.BasicProperties(
            content_type="application/json", content_encoding="identity", headers=headers, delivery_mode=2,
            priority=3, correlation_id="corr-1", reply_to="replies", expiration="3600000", message_id="m-10003",
            timestamp=1764658800, type="order.created", user_id="guest", app_id="shop", cluster_id="c-1")
        channel.confirm_delivery()
        channel.basic_publish("", source, b'{"customer": "frances", "total": 12.5}', properties)
        channel.basic_publish("", source, bytes(range(256)), pika.BasicProperties(delivery_mode=2))
        channel.basic_publish("", work, b"refused", pika.BasicProperties(delivery_mode=2, headers={"why": "test"}))
        method, _, _ = channel.basic_get(work)
        channel.basic_reject(method.delivery_tag, requeue=False)
        wait_until(lambda: self.depth(channel, source) == 3, message="the dead letter reaches the source queue")

        path = os.path.join(self.tmp.name, "round-trip.jsonl")
        exported = self.cli("export", "--queue", source, "--output", path)
        self.assertEqual(exported.returncode, 0, exported.stderr)
        self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
        self.assertEqual(exported.stdout, "")
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 4)
        header = json.loads(lines[0])
        self.assertEqual((header["format"], header["version"], header["queue"]), ("depot-export", 1, source))
        self.assertEqual(json.loads(lines[1])["body_encoding"], "text")
        self.assertEqual(json.loads(lines[2])["body_encoding"], "base64")
        self.assertEqual(json.loads(lines[3])["deaths"][0]["reason"], "rejected")
        # The export took nothing.
        self.assertEqual(self.depth(channel, source), 3)

        imported = self.cli("import", "--queue", target, path)
        self.assertEqual(imported.returncode, 0, imported.stderr)
        self.assertIn("3 messages", imported.stderr)
        originals = self.drain(channel, source)
        copies = self.drain(channel, target)
        self.assertEqual(len(copies), 3)
        for (_, p1, b1), (m2, p2, b2) in zip(originals, copies):
            self.assertEqual(b2, b1)
            for name in ("content_type", "content_encoding", "delivery_mode", "priority", "correlation_id",
                         "reply_to", "expiration", "message_id", "timestamp", "type", "user_id", "app_id",
                         "cluster_id"):
                self.assertEqual(getattr(p2, name), getattr(p1, name), name)
            self.assertEqual(p2.headers, p1.headers)
            self.assertFalse(m2.redelivered)
        self.assertEqual(copies[0][1].headers, headers)
        self.assertEqual(copies[1][2], bytes(range(256)))
        death = copies[2][1].headers["x-death"][0]
        self.assertEqual((death["queue"], death["reason"], death["count"]), (work, "rejected", 1))
        self.assertEqual(copies[2][1].headers["x-first-death-queue"], work)
        connection.close()

    def test_export_to_standard_output_with_a_filter(self):
        queue = unique("filtered")
        connection, channel = self.connect()
        channel.queue_declare(queue, durable=True)
        for i in range(30):
            channel.basic_publish("", queue, b"customer=frances" if i % 3 == 0 else b"customer=bob")
        wait_until(lambda: self.depth(channel, queue) == 30)
        result = self.cli("export", "--queue", queue, "--filter", "FRANCES")
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(len(lines), 11)
        self.assertTrue(all(json.loads(line)["body"] == "customer=frances" for line in lines[1:]))
        self.assertEqual(self.depth(channel, queue), 30)
        connection.close()

    def test_export_with_a_query(self):
        queue = unique("queried")
        connection, channel = self.connect()
        channel.queue_declare(queue, durable=True)
        for i in range(30):
            customer = "frances" if i % 3 == 0 else "bob"
            channel.basic_publish("", queue, json.dumps({"order": i, "customer": customer, "total": i}).encode())
        wait_until(lambda: self.depth(channel, queue) == 30)
        query = 'body.customer = "frances" and body.total >= 15'
        result = self.cli("export", "--queue", queue, "--query", query)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stdout.splitlines()
        self.assertEqual(json.loads(lines[0])["query"], query)
        self.assertEqual([json.loads(json.loads(line)["body"])["order"] for line in lines[1:]], [15, 18, 21, 24, 27])
        self.assertEqual(self.depth(channel, queue), 30)
        # A bad query is refused by the running Depot, naming where, and nothing is written.
        output = os.path.join(self.tmp.name, "never.jsonl")
        bad = self.cli("export", "--queue", queue, "--query", "body.total >", "--output", output)
        self.assertNotEqual(bad.returncode, 0)
        self.assertEqual(bad.stdout, "")
        self.assertIn("at 13:", bad.stderr)
        self.assertEqual(len(bad.stderr.strip().splitlines()), 1, bad.stderr)
        self.assertFalse(os.path.exists(output))
        connection.close()

    def test_bad_files_are_refused_with_the_line_and_nothing_is_imported(self):
        queue = unique("refusing")
        connection, channel = self.connect()
        channel.queue_declare(queue, durable=True)
        header = json.dumps({"format": "depot-export", "version": 1})
        good = json.dumps({"body": "fine", "body_encoding": "text"})
        cases = {
            "unknown field": ([header, good, json.dumps({"body": "x", "colour": "red"})], "line 3", "colour"),
            "not json": ([header, good, good, "{not json"], "line 4", "not JSON"),
            "bad header value": ([header, json.dumps({"body": "x", "headers": {"n": {"byte": 999}}})], "line 2",
                                 "headers.n.byte"),
            "no header": ([good], "line 1", "header"),
            "bad expiration": ([header, good, json.dumps({"body": "x", "properties": {"expiration": "soon"}})],
                               "line 3", "expiration"),
        }
        for name, (lines, where, words) in cases.items():
            with self.subTest(name):
                path = os.path.join(self.tmp.name, f"bad-{name.replace(' ', '-')}.jsonl")
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n".join(lines) + "\n")
                result = self.cli("import", "--queue", queue, path)
                self.assertEqual(result.returncode, 1, result.stderr)
                self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
                self.assertIn(where, result.stderr)
                self.assertIn(words, result.stderr)
                self.assertIn("nothing was imported", result.stderr)
                self.assertEqual(self.depth(channel, queue), 0)
                # The HTTP API refuses the same file with its line, 400.
                status, body = self.http("POST", f"/api/depot/queues/%2F/{queue}/import",
                                         ("\n".join(lines) + "\n").encode())
                self.assertEqual(status, 400, body)
                self.assertEqual(f"line {json.loads(body)['line']}", where)
                self.assertEqual(self.depth(channel, queue), 0)
        connection.close()

    def test_commands_say_in_one_line_that_no_depot_is_running(self):
        nowhere = f"http://127.0.0.1:{free_port()}"
        path = os.path.join(self.tmp.name, "never-written.jsonl")
        exported = self.cli("export", "--queue", "q", "--output", path, url=nowhere)
        self.assertNotEqual(exported.returncode, 0)
        self.assertEqual(len(exported.stderr.strip().splitlines()), 1, exported.stderr)
        self.assertIn("no Depot is running at " + nowhere, exported.stderr)
        self.assertFalse(os.path.exists(path))
        good = os.path.join(self.tmp.name, "one.jsonl")
        with open(good, "w", encoding="utf-8") as f:
            f.write(json.dumps({"format": "depot-export", "version": 1}) + "\n" + json.dumps({"body": "x"}) + "\n")
        imported = self.cli("import", "--queue", "q", good, url=nowhere)
        self.assertNotEqual(imported.returncode, 0)
        self.assertEqual(len(imported.stderr.strip().splitlines()), 1, imported.stderr)
        self.assertIn("no Depot is running at " + nowhere, imported.stderr)

    def test_kill_during_a_large_import_leaves_a_whole_batch_prefix_and_skip_resumes(self):
        data_dir = os.path.join(self.tmp.name, "crash-data")
        depot = DepotProcess(data_dir=data_dir).start()
        try:
            queue = unique("big")
            connection, channel = self.connect(depot)
            channel.queue_declare(queue, durable=True)
            connection.close()
            total = 200_000
            path = os.path.join(self.tmp.name, "big.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                f.write(json.dumps({"format": "depot-export", "version": 1}) + "\n")
                for i in range(total):
                    f.write('{"body":"%d","properties":{"delivery_mode":2},"routing_key":"%s"}\n' % (i, queue))
            importer = subprocess.Popen([depot.binary, "import", "--queue", queue, path, "--url", self.url(depot)],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

            def some_batch_committed():
                status, body = self.http("GET", "/api/depot/tasks", depot=depot)
                return status == 200 and any(t["action"] == "import" and t["state"] == "completed"
                                             for t in json.loads(body))
            wait_until(some_batch_committed, timeout=120, interval=0.01, message="a first batch committed")
            depot.kill()
            _, err = importer.communicate(timeout=60)
            depot.start()

            status, body = self.http("GET", f"/api/depot/queues/%2F/{queue}/export", depot=depot)
            self.assertEqual(status, 200)
            bodies = [json.loads(line)["body"] for line in body.decode().splitlines()[1:]]
            n = len(bodies)
            print(f"\nkilled with {n} of {total} messages imported", file=sys.stderr)
            self.assertEqual(bodies, [str(i) for i in range(n)], "a prefix of the file, in order, nothing twice")
            if n < total:
                self.assertEqual(n % BATCH, 0, f"{n} is not a whole number of batches")
                self.assertNotEqual(importer.returncode, 0)
                self.assertIn("--skip", err)
            # Resume where the queue says it is.
            resumed = subprocess.run([depot.binary, "import", "--queue", queue, "--skip", str(n), path,
                                      "--url", self.url(depot)], capture_output=True, text=True, timeout=600)
            self.assertEqual(resumed.returncode, 0, resumed.stderr)
            status, body = self.http("GET", f"/api/depot/queues/%2F/{queue}/export", depot=depot)
            bodies = [json.loads(line)["body"] for line in body.decode().splitlines()[1:]]
            self.assertEqual(len(bodies), total)
            self.assertEqual(bodies, [str(i) for i in range(total)])
        finally:
            if depot.running():
                depot.stop()


if __name__ == "__main__":
    unittest.main()
