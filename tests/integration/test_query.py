"""Queries over messages across queues (docs/query.md) through Depot's HTTP
API, against the real `depot --headless` with pika publishing, rejecting
into a dead-letter queue and reading back:

- GET /api/depot/messages?query=... streams exactly the matching messages
  of every queue (JSON Lines: matches, progress, a last "done" line), and
  `queues=` narrows it to names and patterns;
- a replay selected by the same query moves exactly those messages back;
- a query that cannot be parsed is answered 400 naming its position, on the
  query endpoint and where a filter selects messages (export, replay).

Depot's own feature: skipped against RabbitMQ.
"""

import base64
import json
import os
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

from depot_harness import DataDirDepotTestCase, DepotProcess, depot_only, import_client, unique, wait_until

pika = import_client("pika", "python3-pika")

DEAD_FRANCES = 'body.customer = "frances" and deaths.count >= 1'


@depot_only("the query language is Depot's own")
class QueryTest(DataDirDepotTestCase):
    tmp_prefix = "depot-query-"

    # -- helpers ----------------------------------------------------------
    def http(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.depot.http_port}{path}", data=data, method=method)
        request.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def query(self, text, **params):
        status, body = self.http("GET", "/api/depot/messages?" + urllib.parse.urlencode({"query": text, **params}))
        self.assertEqual(status, 200, body)
        lines = [json.loads(line) for line in body.decode().splitlines()]
        self.assertTrue(lines, "an empty answer")
        self.assertEqual(lines[-1]["type"], "done", lines[-1])
        for line in lines[:-1]:
            self.assertIn(line["type"], ("match", "progress"))
        matches = [(m["queue"], json.loads(m["message"]["payload"])["order"]) for m in lines if m["type"] == "match"]
        return sorted(matches), lines[-1]

    def browse_orders(self, queue):
        status, body = self.http("GET", f"/api/depot/queues/%2F/{urllib.parse.quote(queue, safe='')}/messages")
        self.assertEqual(status, 200, body)
        return sorted(json.loads(m["payload"])["order"] for m in json.loads(body)["items"])

    def assert_bad_query(self, status, body, position):
        self.assertEqual(status, 400, body)
        answer = json.loads(body)
        self.assertEqual(answer["error"], "bad_request")
        self.assertEqual(answer["position"], position)
        self.assertIn(f"at {position}:", answer["reason"])

    def setUp(self):
        """orders.eu and orders.us dead-letter into a shared dlq; mail has no
        dead-letter exchange. Orders 1, 2 (frances), 4 (bob) of orders.eu and
        11 (frances) of orders.us are rejected; the others go back to their
        queue once delivered (deaths 0)."""
        self.prefix = unique("shop")
        self.eu, self.us = f"{self.prefix}.orders.eu", f"{self.prefix}.orders.us"
        self.mail, self.dlq = f"{self.prefix}.mail", f"{self.prefix}.dlq"
        self.connection = pika.BlockingConnection(
            pika.ConnectionParameters(host="127.0.0.1", port=self.depot.amqp_port))
        channel = self.channel = self.connection.channel()
        channel.queue_declare(self.dlq, durable=True)
        dead_letter = {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": self.dlq}
        channel.queue_declare(self.eu, durable=True, arguments=dead_letter)
        channel.queue_declare(self.us, durable=True, arguments=dead_letter)
        channel.queue_declare(self.mail, durable=True)
        orders = {
            self.eu: [(1, "frances"), (2, "frances"), (3, "frances"), (4, "bob"), (5, "bob")],
            self.us: [(11, "frances"), (12, "frances"), (13, "bob")],
            self.mail: [(21, "frances"), (22, "frances")],
        }
        for queue, items in orders.items():
            for order, customer in items:
                body = json.dumps({"order": order, "customer": customer, "total": order * 10})
                channel.basic_publish("", queue, body.encode(),
                                      pika.BasicProperties(content_type="application/json", delivery_mode=2))
        rejected = {1, 2, 4, 11}
        for queue in (self.eu, self.us):
            taken = []
            for _ in orders[queue]:
                method, _, body = channel.basic_get(queue)
                self.assertIsNotNone(method, f"{queue} ran out")
                taken.append((method.delivery_tag, json.loads(body)["order"]))
            for tag, order in taken:
                if order in rejected:
                    channel.basic_reject(tag, requeue=False)
                else:
                    channel.basic_nack(tag, requeue=True)
        wait_until(lambda: channel.queue_declare(self.dlq, passive=True).method.message_count == 4,
                   message="four dead letters")

    def tearDown(self):
        for queue in (self.eu, self.us, self.mail, self.dlq):
            self.channel.queue_delete(queue)
        self.connection.close()

    # -- tests ------------------------------------------------------------
    def test_query_across_all_queues_then_replay_exactly_its_matches(self):
        # Every queue: only the dead letters of frances, wherever they are.
        matches, done = self.query(DEAD_FRANCES)
        self.assertEqual(matches, [(self.dlq, 1), (self.dlq, 2), (self.dlq, 11)])
        self.assertEqual(done["matched"], 3)
        self.assertEqual(done["queues_done"], done["queues_total"])
        self.assertGreaterEqual(done["scanned"], 10)  # at least ours (other tests' queues are gone)
        # The scan changed nothing.
        self.assertEqual(self.browse_orders(self.dlq), [1, 2, 4, 11])

        # Patterns narrow it: the orders queues hold frances' orders that never died.
        self.assertEqual(self.query(DEAD_FRANCES, queues=f"{self.prefix}.orders.*")[0], [])
        matches, done = self.query('body.customer = "frances"', queues=f"{self.prefix}.orders.*,{self.mail}")
        self.assertEqual(matches, [(self.mail, 21), (self.mail, 22), (self.eu, 3), (self.us, 12)])
        self.assertEqual((done["queues_total"], done["scanned"]), (3, 6))
        # The query's own queue conditions work too, with the other fields.
        matches, _ = self.query(f'queue like "{self.prefix}.*" and body.total >= 110 and deaths.reason = "rejected"')
        self.assertEqual(matches, [(self.dlq, 11)])
        # A limit stops it early and says so.
        matches, done = self.query(DEAD_FRANCES, limit=2)
        self.assertEqual(len(matches), 2)
        self.assertTrue(done["limit_reached"])

        # The same query selects what a replay sends back: exactly those three.
        status, body = self.http("POST", f"/api/depot/queues/%2F/{urllib.parse.quote(self.dlq)}/replay",
                                 {"query": DEAD_FRANCES})
        self.assertEqual(status, 202, body)
        task_id = json.loads(body)["id"]

        def finished():
            status, body = self.http("GET", f"/api/depot/tasks/{task_id}")
            task = json.loads(body)
            return task if task["state"] != "running" else None
        task = wait_until(finished, timeout=30, message="the replay to finish")
        self.assertEqual((task["state"], task["done"], task["skipped"]), ("completed", 3, 0))
        self.assertEqual(self.browse_orders(self.dlq), [4])
        self.assertEqual(self.browse_orders(self.eu), [1, 2, 3, 5])
        self.assertEqual(self.browse_orders(self.us), [11, 12, 13])
        self.assertEqual(self.query(DEAD_FRANCES)[0], [(self.eu, 1), (self.eu, 2), (self.us, 11)])

    def test_a_bad_query_is_refused_with_its_position(self):
        status, body = self.http("GET", "/api/depot/messages?" + urllib.parse.urlencode({"query": "age > 10"}))
        self.assert_bad_query(status, body, 5)
        self.assertIn("duration", json.loads(body)["reason"])
        status, body = self.http("GET", "/api/depot/messages?" + urllib.parse.urlencode(
            {"query": '(body.customer = "frances"'}))
        self.assert_bad_query(status, body, 27)
        # Where a filter selects messages: replay (nothing moves) and export.
        dlq = urllib.parse.quote(self.dlq)
        status, body = self.http("POST", f"/api/depot/queues/%2F/{dlq}/replay", {"query": "bdy.customer = 1"})
        self.assert_bad_query(status, body, 1)
        self.assertIn("unknown field 'bdy.customer'", json.loads(body)["reason"])
        self.assertEqual(self.browse_orders(self.dlq), [1, 2, 4, 11])
        status, body = self.http("GET", f"/api/depot/queues/%2F/{dlq}/export?"
                                 + urllib.parse.urlencode({"query": "deaths.count >"}))
        self.assert_bad_query(status, body, 15)
        # A queue named without a wildcard must exist; other parameters are refused.
        status, body = self.http("GET", "/api/depot/messages?" + urllib.parse.urlencode(
            {"query": DEAD_FRANCES, "queues": f"{self.prefix}.nope"}))
        self.assertEqual(status, 404, body)
        self.assertIn(f"{self.prefix}.nope", json.loads(body)["reason"])
        status, body = self.http("GET", "/api/depot/messages?" + urllib.parse.urlencode(
            {"query": DEAD_FRANCES, "queue": self.dlq}))
        self.assertEqual(status, 400, body)
        self.assertIn("'queue'", json.loads(body)["reason"])


if __name__ == "__main__":
    unittest.main()
