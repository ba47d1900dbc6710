"""Depot's HTTP API over the wire, with nothing but Python's urllib.

The real `depot --headless` answers on its --http-port: the RabbitMQ
management-compatible routes (overview, whoami, aliveness, queues, exchanges,
bindings, publish and get, purge, definitions, connections, channels and
consumers), Depot's own routes under /api/depot/ (browse and filter, one
message with its x-death, replay / move as tasks with progress and cancel,
rate series), Prometheus text at /metrics, Basic auth, and a table of bad
requests that must each be refused with a JSON {"error", "reason"} body and
change nothing.

pika (python3-pika) plays the application that connects over AMQP, so the
API is checked against what a real client did.
"""

import base64
import json
import re
import unittest
import urllib.error
import urllib.parse
import urllib.request

from depot_harness import (BrokerTestCase, DepotProcess, depot_only, import_client, unique, wait_get,
                           wait_until)


def q(name):
    """One path segment, percent-encoded as RabbitMQ's API expects (vhost "/" is %2F)."""
    return urllib.parse.quote(name, safe="")


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else None

    def __repr__(self):
        return f"<HTTP {self.status} {self.body[:300]!r}>"


class HttpClient:
    def __init__(self, host, port, user="guest", password="guest"):
        self.base = f"http://{host}:{port}"
        self.user = user
        self.password = password

    def request(self, method, path, body=None, raw=None, auth=True, credentials=None, timeout=30, headers=None):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        request = urllib.request.Request(self.base + path, data=data, method=method)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if auth:
            user, password = credentials or (self.user, self.password)
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, error.headers, error.read())

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def put(self, path, body=None, **kw):
        return self.request("PUT", path, body=body, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


class HttpTestCase(BrokerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.http = HttpClient(cls.broker.host, cls.broker.http_port)

    # -- helpers ------------------------------------------------------------
    def ok(self, reply, *statuses):
        self.assertIn(reply.status, statuses or (200,), reply)
        return reply

    def declare_queue(self, name, **body):
        body.setdefault("durable", False)
        self.ok(self.http.put(f"/api/queues/%2F/{q(name)}", body), 201, 204)
        return name

    def declare_exchange(self, name, type_="direct", **body):
        body.update(type=type_)
        body.setdefault("durable", False)
        self.ok(self.http.put(f"/api/exchanges/%2F/{q(name)}", body), 201, 204)
        return name

    def publish(self, exchange, routing_key, payload, **extra):
        body = dict(routing_key=routing_key, payload=payload, payload_encoding="string", properties={})
        body.update(extra)
        url_name = exchange or "amq.default"
        return self.ok(self.http.post(f"/api/exchanges/%2F/{q(url_name)}/publish", body)).json()

    def queue_info(self, name):
        return self.ok(self.http.get(f"/api/queues/%2F/{q(name)}")).json()

    def wait_depth(self, name, count, timeout=10):
        wait_until(lambda: self.queue_info(name)["messages"] == count, timeout=timeout,
                   message=f"{count} messages in {name}")

    def assert_error(self, reply, status, error=None, reason=None):
        self.assertEqual(reply.status, status, reply)
        self.assertTrue(reply.headers.get("Content-Type", "").startswith("application/json"), reply.headers)
        body = reply.json()
        self.assertIsInstance(body, dict, reply)
        self.assertIn("error", body)
        self.assertIn("reason", body)
        self.assertTrue(body["reason"], reply)
        if error is not None:
            self.assertEqual(body["error"], error, reply)
        if reason is not None:
            self.assertRegex(body["reason"], reason)
        return body


class ManagementApiTest(HttpTestCase):
    """The RabbitMQ management-compatible routes."""

    def test_overview(self):
        body = self.ok(self.http.get("/api/overview")).json()
        for key in ("management_version", "rabbitmq_version", "node", "cluster_name", "object_totals",
                    "queue_totals", "exchange_types"):
            self.assertIn(key, body)
        self.assertEqual(body["product_name"], "Depot")
        types = {t["name"] for t in body["exchange_types"]}
        self.assertTrue({"direct", "fanout", "topic", "headers"} <= types)
        before = body["object_totals"]["queues"]
        name = self.declare_queue(self.queue_name())
        self.publish("", name, "one")
        body = self.ok(self.http.get("/api/overview")).json()
        self.assertEqual(body["object_totals"]["queues"], before + 1)
        self.assertGreaterEqual(body["queue_totals"]["messages_ready"], 1)

    def test_whoami(self):
        body = self.ok(self.http.get("/api/whoami")).json()
        self.assertEqual(body["name"], "guest")
        self.assertIn("administrator", body["tags"])

    def test_aliveness_test(self):
        self.assertEqual(self.ok(self.http.get("/api/aliveness-test/%2F")).json(), {"status": "ok"})
        self.assert_error(self.http.get("/api/aliveness-test/nowhere"), 404)

    def test_queue_create_read_update_delete(self):
        # A name with a slash and a space: %2F inside a segment is part of the name.
        name = self.queue_name("crud") + "/with space"
        self._queues.append(name)
        path = f"/api/queues/%2F/{q(name)}"
        self.assert_error(self.http.get(path), 404, "Object Not Found")
        created = self.http.put(path, {"durable": True, "auto_delete": False,
                                       "arguments": {"x-max-length": 10, "x-message-ttl": 60000}})
        self.assertEqual(created.status, 201, created)
        info = self.queue_info(name)
        self.assertEqual(info["name"], name)
        self.assertEqual(info["vhost"], "/")
        self.assertTrue(info["durable"])
        self.assertFalse(info["auto_delete"])
        self.assertEqual(info["arguments"], {"x-max-length": 10, "x-message-ttl": 60000})
        self.assertEqual(info["messages"], 0)
        # An equivalent redeclare is fine and says nothing was created.
        again = self.http.put(path, {"durable": True, "arguments": {"x-max-length": 10, "x-message-ttl": 60000}})
        self.assertEqual(again.status, 204, again)
        self.assertIn(name, [x["name"] for x in self.ok(self.http.get("/api/queues")).json()])
        self.assertIn(name, [x["name"] for x in self.ok(self.http.get("/api/queues/%2F")).json()])
        # The management API's paging and column selection.
        page = self.ok(self.http.get("/api/queues/%2F?page=1&page_size=500&columns=name,messages")).json()
        self.assertIn(name, [x["name"] for x in page["items"]])
        self.assertEqual(set(page["items"][0]), {"name", "messages"})
        self.assertEqual(self.http.delete(path).status, 204)
        self.assert_error(self.http.get(path), 404)
        self.assert_error(self.http.delete(path), 404)

    def test_queue_type_is_shown_as_rabbitmq_shows_it(self):
        for kind, arguments in (("classic", {}), ("quorum", {"x-queue-type": "quorum"})):
            name = self.queue_name(kind)
            self._queues.append(name)
            created = self.http.put(f"/api/queues/%2F/{q(name)}", {"durable": True, "arguments": arguments})
            self.assertEqual(created.status, 201, created)
            self.assertEqual(self.queue_info(name)["type"], kind)

    def test_exchange_create_read_delete(self):
        name = self.exchange_name("crud")
        path = f"/api/exchanges/%2F/{q(name)}"
        created = self.http.put(path, {"type": "topic", "durable": True, "arguments": {"alternate-exchange": "ae"}})
        self.assertEqual(created.status, 201, created)
        info = self.ok(self.http.get(path)).json()
        self.assertEqual((info["name"], info["type"], info["durable"], info["auto_delete"], info["internal"]),
                         (name, "topic", True, False, False))
        self.assertEqual(info["arguments"], {"alternate-exchange": "ae"})
        self.assertEqual(self.http.put(path, {"type": "topic", "durable": True,
                                              "arguments": {"alternate-exchange": "ae"}}).status, 204)
        listed = {x["name"]: x for x in self.ok(self.http.get("/api/exchanges/%2F")).json()}
        self.assertIn(name, listed)
        self.assertIn("", listed)                       # the default exchange
        self.assertEqual(listed["amq.topic"]["type"], "topic")
        self.assertEqual(self.ok(self.http.get("/api/exchanges/%2F/amq.default")).json()["name"], "")
        self.assertEqual(self.http.delete(path).status, 204)
        self.assert_error(self.http.get(path), 404)

    def test_alternate_exchange_takes_what_the_bindings_miss(self):
        ae = self.declare_exchange(self.exchange_name("ae"), "fanout")
        kept = self.declare_queue(self.queue_name("kept"))
        self.ok(self.http.post(f"/api/bindings/%2F/e/{q(ae)}/q/{q(kept)}", {"routing_key": ""}), 201)
        main = self.declare_exchange(self.exchange_name("main"), "direct", arguments={"alternate-exchange": ae})
        # Shown as RabbitMQ shows it.
        self.assertEqual(self.ok(self.http.get(f"/api/exchanges/%2F/{q(main)}")).json()["arguments"],
                         {"alternate-exchange": ae})
        self.assertEqual(self.publish(main, "nobody", "kept"), {"routed": True})
        self.wait_depth(kept, 1)
        got = self.ok(self.http.post(f"/api/queues/%2F/{q(kept)}/get",
                                     {"count": 1, "ackmode": "ack_requeue_false", "encoding": "auto"})).json()
        self.assertEqual(got[0]["payload"], "kept")

    def test_publish_with_cc_and_bcc_copies_and_bcc_is_not_kept(self):
        x = self.declare_exchange(self.exchange_name("ssd"), "direct")
        queues = {}
        for key in ("to", "cc", "bcc"):
            queues[key] = self.declare_queue(self.queue_name(key))
            self.ok(self.http.post(f"/api/bindings/%2F/e/{q(x)}/q/{q(queues[key])}", {"routing_key": key}), 201)
        self.assertEqual(self.publish(x, "to", "m", properties={"headers": {"CC": ["cc"], "BCC": ["bcc"]}}),
                         {"routed": True})
        for key, queue in queues.items():
            self.wait_depth(queue, 1)
            got = self.ok(self.http.post(f"/api/queues/%2F/{q(queue)}/get",
                                         {"count": 1, "ackmode": "ack_requeue_false", "encoding": "auto"})).json()
            headers = got[0]["properties"]["headers"]
            self.assertEqual(headers.get("CC"), ["cc"], key)
            self.assertNotIn("BCC", headers, key)
        # Only the BCC key routes: still routed, and no copy shows it.
        self.assertEqual(self.publish(x, "nobody", "hidden", properties={"headers": {"BCC": ["bcc"]}}),
                         {"routed": True})
        self.wait_depth(queues["bcc"], 1)
        got = self.ok(self.http.post(f"/api/queues/%2F/{q(queues['bcc'])}/get",
                                     {"count": 1, "ackmode": "ack_requeue_false", "encoding": "auto"})).json()
        self.assertNotIn("BCC", got[0]["properties"].get("headers", {}))

    @depot_only("RabbitMQ accepts and ignores unknown x- arguments")
    def test_unknown_x_arguments_are_refused_naming_them(self):
        name = self.queue_name("bad-arg")
        self.assert_error(self.http.put(f"/api/queues/%2F/{q(name)}", {"arguments": {"x-made-up": 1}}), 400,
                          reason="x-made-up")
        self.assert_error(self.http.get(f"/api/queues/%2F/{q(name)}"), 404)
        exchange = self.exchange_name("bad-arg")
        self.assert_error(self.http.put(f"/api/exchanges/%2F/{q(exchange)}",
                                        {"type": "direct", "arguments": {"x-made-up": 1}}), 400, reason="x-made-up")
        self.assert_error(self.http.get(f"/api/exchanges/%2F/{q(exchange)}"), 404)
        # Arguments Depot knows but refuses where they mean nothing, as AMQP's
        # declarations refuse them (406 there, 400 here, the same reason).
        for body, named in (({"type": "direct", "arguments": {"alternate-exchange": 5}}, "alternate-exchange"),
                            ({"type": "direct", "arguments": {"x-delayed-type": "direct"}}, "x-delayed-type")):
            self.assert_error(self.http.put(f"/api/exchanges/%2F/{q(exchange)}", body), 400, reason=named)
            self.assert_error(self.http.get(f"/api/exchanges/%2F/{q(exchange)}"), 404)
        for arguments, named in (({"x-queue-type": "mqtt"}, "x-queue-type"),
                                 ({"x-queue-mode": "lazy", "x-queue-type": "quorum"}, "x-queue-mode"),
                                 ({"x-consumer-timeout": 1000}, "x-consumer-timeout")):
            self.assert_error(self.http.put(f"/api/queues/%2F/{q(name)}", {"arguments": arguments}), 400, reason=named)
            self.assert_error(self.http.get(f"/api/queues/%2F/{q(name)}"), 404)

    def test_bindings(self):
        queue = self.declare_queue(self.queue_name())
        exchange = self.declare_exchange(self.exchange_name(), "topic")
        inner = self.declare_exchange(self.exchange_name("inner"), "fanout")
        base = f"/api/bindings/%2F/e/{q(exchange)}/q/{q(queue)}"
        made = self.http.post(base, {"routing_key": "orders.#", "arguments": {}})
        self.assertEqual(made.status, 201, made)
        location = made.headers["Location"]
        self.assertTrue(location.startswith(base + "/"), location)
        listed = self.ok(self.http.get(base)).json()
        self.assertEqual([(b["source"], b["destination"], b["destination_type"], b["routing_key"])
                          for b in listed], [(exchange, queue, "queue", "orders.#")])
        key = listed[0]["properties_key"]
        self.assertEqual(location, f"{base}/{q(key)}")
        self.assertEqual(self.ok(self.http.get(location)).json()["routing_key"], "orders.#")
        # The queue's bindings include the default exchange's implicit one, as RabbitMQ lists them.
        of_queue = self.ok(self.http.get(f"/api/queues/%2F/{q(queue)}/bindings")).json()
        self.assertEqual(sorted((b["source"], b["routing_key"]) for b in of_queue),
                         [("", queue), (exchange, "orders.#")])
        source = self.ok(self.http.get(f"/api/exchanges/%2F/{q(exchange)}/bindings/source")).json()
        self.assertEqual([b["destination"] for b in source], [queue])
        # Exchange to exchange.
        e2e = self.http.post(f"/api/bindings/%2F/e/{q(exchange)}/e/{q(inner)}", {"routing_key": "audit.*"})
        self.assertEqual(e2e.status, 201, e2e)
        dest = self.ok(self.http.get(f"/api/exchanges/%2F/{q(inner)}/bindings/destination")).json()
        self.assertEqual([(b["source"], b["routing_key"]) for b in dest], [(exchange, "audit.*")])
        all_bindings = self.ok(self.http.get("/api/bindings/%2F")).json()
        self.assertIn((exchange, queue, "orders.#"),
                      {(b["source"], b["destination"], b["routing_key"]) for b in all_bindings})
        # Routing follows the binding; deleting it by its key stops that.
        self.assertEqual(self.publish(exchange, "orders.new", "o1"), {"routed": True})
        self.assertEqual(self.http.delete(location).status, 204)
        self.assertEqual(self.ok(self.http.get(base)).json(), [])
        self.assertEqual(self.publish(exchange, "orders.new", "o2"), {"routed": False})
        self.assertEqual(self.queue_info(queue)["messages"], 1)

    def test_publish_answers_routed(self):
        queue = self.declare_queue(self.queue_name())
        exchange = self.declare_exchange(self.exchange_name(), "direct")
        self.assertEqual(self.publish("", queue, "to the queue"), {"routed": True})
        self.assertEqual(self.publish("", self.queue_name("nobody"), "lost"), {"routed": False})
        self.assertEqual(self.publish(exchange, "any", "no bindings"), {"routed": False})
        self.assertEqual(self.publish("", queue, base64.b64encode(b"\x00\xff").decode(),
                                      payload_encoding="base64",
                                      properties={"headers": {"h": 1}, "delivery_mode": 2,
                                                  "content_type": "application/octet-stream"}),
                         {"routed": True})
        self.assertEqual(self.queue_info(queue)["messages"], 2)
        got = self.ok(self.http.post(f"/api/queues/%2F/{q(queue)}/get",
                                     {"count": 2, "ackmode": "ack_requeue_false", "encoding": "auto"})).json()
        self.assertEqual(got[0]["payload"], "to the queue")
        self.assertEqual(got[1]["payload_encoding"], "base64")
        self.assertEqual(base64.b64decode(got[1]["payload"]), b"\x00\xff")
        self.assertEqual(got[1]["properties"]["headers"], {"h": 1})
        self.assertEqual(got[1]["properties"]["delivery_mode"], 2)
        self.assertEqual(got[1]["properties"]["content_type"], "application/octet-stream")

    def test_get_with_each_ackmode_and_encoding(self):
        queue = self.declare_queue(self.queue_name())
        path = f"/api/queues/%2F/{q(queue)}/get"
        for i in range(4):
            self.publish("", queue, f"message {i}")

        def get(ackmode, count, **extra):
            body = dict(count=count, ackmode=ackmode, encoding="auto")
            body.update(extra)
            return self.ok(self.http.post(path, body)).json()

        first = get("ack_requeue_true", 2)
        self.assertEqual([m["payload"] for m in first], ["message 0", "message 1"])
        self.assertEqual([m["redelivered"] for m in first], [False, False])
        self.assertEqual(first[0]["message_count"], 3)      # left in the queue after taking it
        self.assertEqual(first[0]["exchange"], "")
        self.assertEqual(first[0]["routing_key"], queue)
        self.assertEqual(first[0]["payload_bytes"], len("message 0"))
        self.assertEqual(self.queue_info(queue)["messages"], 4)
        again = get("reject_requeue_true", 1)
        self.assertEqual((again[0]["payload"], again[0]["redelivered"]), ("message 0", True))
        self.assertEqual(self.queue_info(queue)["messages"], 4)
        based = get("ack_requeue_true", 1, encoding="base64")
        self.assertEqual(based[0]["payload_encoding"], "base64")
        self.assertEqual(base64.b64decode(based[0]["payload"]), b"message 0")
        truncated = get("ack_requeue_true", 1, truncate=3)
        self.assertEqual((truncated[0]["payload"], truncated[0]["payload_bytes"]), ("mes", 9))
        acked = get("ack_requeue_false", 1)
        self.assertEqual(acked[0]["payload"], "message 0")
        self.assertEqual(self.queue_info(queue)["messages"], 3)
        rejected = get("reject_requeue_false", 2)
        self.assertEqual([m["payload"] for m in rejected], ["message 1", "message 2"])
        self.assertEqual(self.queue_info(queue)["messages"], 1)
        # More asked than there are: what there is.
        rest = get("ack_requeue_false", 10)
        self.assertEqual([m["payload"] for m in rest], ["message 3"])
        self.assertEqual(get("ack_requeue_false", 1), [])

    def test_purge(self):
        queue = self.declare_queue(self.queue_name())
        for i in range(5):
            self.publish("", queue, f"p{i}")
        self.assertEqual(self.queue_info(queue)["messages_ready"], 5)
        self.assertEqual(self.http.delete(f"/api/queues/%2F/{q(queue)}/contents").status, 204)
        self.assertEqual(self.queue_info(queue)["messages"], 0)
        self.assert_error(self.http.delete(f"/api/queues/%2F/{q(self.queue_name('none'))}/contents"), 404)

    def test_delete_queue_if_empty(self):
        queue = self.declare_queue(self.queue_name())
        self.publish("", queue, "keep me")
        self.assert_error(self.http.delete(f"/api/queues/%2F/{q(queue)}?if-empty=true"), 400)
        self.assertEqual(self.queue_info(queue)["messages"], 1)

    @depot_only("RabbitMQ has runtime parameters and stream policies")
    def test_definitions_with_parameters_or_unsupported_policy_keys_are_refused_and_change_nothing(self):
        queue = self.queue_name("with-policy")
        for key, item, named in (
                ("policies", {"vhost": "/", "name": "streams-age", "pattern": ".*", "apply-to": "queues",
                              "definition": {"max-age": "1D"}, "priority": 0}, "max-age"),
                ("parameters", {"vhost": "/", "component": "shovel", "name": "move", "value": {}}, "move")):
            doc = {"queues": [{"name": queue, "vhost": "/", "durable": True, "auto_delete": False, "arguments": {}}],
                   key: [item]}
            body = self.assert_error(self.http.post("/api/definitions", doc), 400, reason=key)
            self.assertIn(named, body["reason"])
            self.assert_error(self.http.get(f"/api/queues/%2F/{q(queue)}"), 404)
            self.assert_error(self.http.get("/api/policies/%2F/streams-age"), 404)

    def test_definitions_round_trip_into_a_fresh_depot(self):
        queue = self.queue_name("defs")
        dlq = self.queue_name("defs-dlq")
        exchange = self.exchange_name("defs")
        self.declare_queue(dlq, durable=True)
        self.declare_queue(queue, durable=True, arguments={"x-dead-letter-exchange": "",
                                                           "x-dead-letter-routing-key": dlq,
                                                           "x-max-length": 100})
        self.declare_exchange(exchange, "headers", durable=True)
        self.ok(self.http.post(f"/api/bindings/%2F/e/{q(exchange)}/q/{q(queue)}",
                               {"routing_key": "", "arguments": {"x-match": "all", "kind": "order"}}), 201)
        exported = self.ok(self.http.get("/api/definitions")).json()
        for key in ("rabbit_version", "queues", "exchanges", "bindings", "vhosts"):
            self.assertIn(key, exported)
        queues = {x["name"]: x for x in exported["queues"]}
        self.assertEqual(queues[queue]["arguments"]["x-dead-letter-routing-key"], dlq)
        self.assertEqual(queues[queue]["vhost"], "/")
        self.assertNotIn("amq.direct", {x["name"] for x in exported["exchanges"]})
        binding = [b for b in exported["bindings"] if b["source"] == exchange]
        self.assertEqual(binding[0]["arguments"], {"x-match": "all", "kind": "order"})
        per_vhost = self.ok(self.http.get("/api/definitions/%2F")).json()
        self.assertEqual({x["name"] for x in per_vhost["queues"]}, set(queues))

        other = DepotProcess().start()
        try:
            fresh = HttpClient(other.host, other.http_port)
            self.assertEqual(fresh.post("/api/definitions", exported).status, 204)
            again = fresh.get("/api/definitions").json()
            def topology(doc):
                return ({(x["name"], x["durable"], x["auto_delete"], json.dumps(x["arguments"], sort_keys=True))
                         for x in doc["queues"]},
                        {(x["name"], x["type"], x["durable"]) for x in doc["exchanges"]},
                        {(x["source"], x["destination"], x["destination_type"], x["routing_key"],
                          json.dumps(x["arguments"], sort_keys=True)) for x in doc["bindings"]})
            self.assertEqual(topology(again), topology(exported))
            # Importing the same document twice changes nothing.
            self.assertEqual(fresh.post("/api/definitions", exported).status, 204)
            self.assertEqual(topology(fresh.get("/api/definitions").json()), topology(exported))
            # And the imported binding routes.
            routed = fresh.post(f"/api/exchanges/%2F/{q(exchange)}/publish",
                                {"routing_key": "", "payload": "x", "payload_encoding": "string",
                                 "properties": {"headers": {"kind": "order"}}}).json()
            self.assertEqual(routed, {"routed": True})
        finally:
            self.assertEqual(other.stop(), 0, other.describe())

    def test_connections_channels_and_consumers_while_pika_is_connected(self):
        queue = self.declare_queue(self.queue_name())
        label = unique("app")
        connection = self.pika_connection(client_properties={"connection_name": label})
        channel = connection.channel()
        channel.basic_qos(prefetch_count=7)
        tag = channel.basic_consume(queue, lambda *a: None, consumer_tag=unique("ctag"))
        connection.process_data_events(time_limit=0.1)

        def mine():
            return [c for c in self.ok(self.http.get("/api/connections")).json()
                    if c.get("user_provided_name") == label]
        listed = wait_until(mine, message="pika's connection in /api/connections")
        conn = listed[0]
        self.assertEqual(conn["user"], "guest")
        self.assertEqual(conn["vhost"], "/")
        self.assertEqual(conn["peer_host"], "127.0.0.1")
        self.assertGreaterEqual(conn["channels"], 1)
        self.assertEqual(conn["client_properties"]["product"], "Pika Python Client Library")
        self.assertEqual(self.ok(self.http.get(f"/api/connections/{q(conn['name'])}")).json()["name"], conn["name"])
        channels = self.ok(self.http.get(f"/api/connections/{q(conn['name'])}/channels")).json()
        self.assertEqual(sum(c["consumer_count"] for c in channels), 1)
        self.assertIn(conn["name"], [c["connection_details"]["name"] for c in self.ok(self.http.get("/api/channels")).json()])
        consumers = [c for c in self.ok(self.http.get("/api/consumers/%2F")).json() if c["consumer_tag"] == tag]
        self.assertEqual(len(consumers), 1)
        self.assertEqual(consumers[0]["queue"], {"name": queue, "vhost": "/"})
        self.assertTrue(consumers[0]["ack_required"])
        self.assertEqual(consumers[0]["prefetch_count"], 7)
        self.assertEqual(consumers[0]["channel_details"]["connection_name"], conn["name"])
        self.assertEqual(self.queue_info(queue)["consumers"], 1)
        connection.close()
        wait_until(lambda: not mine(), message="the closed connection gone from /api/connections")
        self.assertEqual([c for c in self.ok(self.http.get("/api/consumers")).json() if c["consumer_tag"] == tag], [])

    def test_close_a_connection_with_a_reason(self):
        """DELETE /api/connections/{name}: the client is told 320 CONNECTION_FORCED
        with the X-Reason text, and its unacked message goes back to the queue."""
        pika = import_client("pika", "python3-pika")
        queue = self.declare_queue(self.queue_name())
        label = unique("closing")
        connection = self.pika_connection(client_properties={"connection_name": label})
        channel = connection.channel()
        channel.basic_publish("", queue, b"held")
        method, _, body = channel.basic_get(queue, auto_ack=False)
        self.assertEqual(body, b"held")

        def mine():
            return [c for c in self.ok(self.http.get("/api/connections")).json()
                    if c.get("user_provided_name") == label]
        name = wait_until(mine, message="pika's connection in /api/connections")[0]["name"]
        self.ok(self.http.delete(f"/api/connections/{q(name)}", headers={"X-Reason": "tidying up"}), 204)
        with self.assertRaises(pika.exceptions.ConnectionClosedByBroker) as closed:
            for _ in range(100):
                connection.process_data_events(time_limit=0.1)
        self.assertEqual(closed.exception.reply_code, 320)
        self.assertIn("tidying up", closed.exception.reply_text)
        wait_until(lambda: not mine(), message="the closed connection gone from /api/connections")
        wait_until(lambda: self.queue_info(queue)["messages_ready"] == 1, message="the unacked message back")
        self.assert_error(self.http.delete(f"/api/connections/{q(name)}"), 404)
        self.assert_error(self.http.delete("/api/connections/" + q("127.0.0.1:1 -> 127.0.0.1:2")), 404)


class DepotEndpointsTest(HttpTestCase):
    """Depot's own routes under /api/depot/."""

    def dead_letter_setup(self):
        """A work queue dead-lettering into a DLQ through the default exchange."""
        dlq = self.declare_queue(self.queue_name("dlq"))
        work = self.declare_queue(self.queue_name("work"), arguments={"x-dead-letter-exchange": "",
                                                                      "x-dead-letter-routing-key": dlq})
        return work, dlq

    def reject_all(self, queue, count):
        """pika takes each message and rejects it without requeue: a real dead-lettering."""
        channel = self.pika_connection().channel()
        for _ in range(count):
            method, _, _ = wait_get(channel, queue)
            channel.basic_reject(method.delivery_tag, requeue=False)

    def browse(self, queue, **params):
        # urlencode writes a space as "+", as HTML forms and most HTTP clients do.
        query = urllib.parse.urlencode(params)
        return self.ok(self.http.get(f"/api/depot/queues/%2F/{q(queue)}/messages?{query}")).json()

    def wait_task(self, task_id, timeout=30):
        def finished():
            task = self.ok(self.http.get(f"/api/depot/tasks/{task_id}")).json()
            return task if task["state"] != "running" else None
        return wait_until(finished, timeout=timeout, interval=0.1, message=f"task {task_id} to finish")

    @depot_only("browsing without consuming is Depot's own endpoint")
    def test_browse_with_text_and_regex_filters(self):
        queue = self.declare_queue(self.queue_name())
        bodies = ["order 17 created", "order 18 CANCELLED", "invoice 3 paid", "order 19 created"]
        for body in bodies:
            self.publish("", queue, body)
        self.publish("", queue, "no word here", properties={"headers": {"tenant": "acme-order-desk"}})
        page = self.browse(queue)
        self.assertEqual([m["payload"] for m in page["items"]], bodies + ["no word here"])
        self.assertEqual(page["total"], 5)
        self.assertFalse(page["has_more"])
        first = page["items"][0]
        for key in ("id", "position", "redelivered", "delivery_count", "enqueued_at", "properties", "routing_key"):
            self.assertIn(key, first)
        # Browsing consumed nothing.
        self.assertEqual(self.queue_info(queue)["messages_ready"], 5)
        paged = self.browse(queue, offset=1, limit=2)
        self.assertEqual([m["payload"] for m in paged["items"]], bodies[1:3])
        self.assertTrue(paged["has_more"])
        # Text: case-insensitive by default, over body and headers.
        text = self.browse(queue, filter="order")
        self.assertEqual([m["payload"] for m in text["items"]],
                         ["order 17 created", "order 18 CANCELLED", "order 19 created", "no word here"])
        cancelled = self.browse(queue, filter="cancelled", case_sensitive="true")
        self.assertEqual(cancelled["items"], [])
        regex = self.browse(queue, filter=r"^order 1[79] \w+$", regex="true")
        self.assertEqual([m["payload"] for m in regex["items"]], ["order 17 created", "order 19 created"])

    @depot_only("x-death view and replay tasks are Depot's own endpoints")
    def test_dead_letter_with_x_death_then_replay_by_filter(self):
        work, dlq = self.dead_letter_setup()
        for body in ("payment 1 failed", "payment 2 ok", "payment 3 failed"):
            self.publish("", work, body, properties={"message_id": body.split()[1]})
        self.reject_all(work, 3)
        self.wait_depth(dlq, 3)
        self.assertEqual(self.queue_info(work)["messages"], 0)
        items = self.browse(dlq)["items"]
        self.assertEqual([m["payload"] for m in items], ["payment 1 failed", "payment 2 ok", "payment 3 failed"])
        one = self.ok(self.http.get(f"/api/depot/queues/%2F/{q(dlq)}/messages/{items[0]['id']}")).json()
        self.assertEqual(one["payload"], "payment 1 failed")
        self.assertEqual(one["properties"]["message_id"], "1")
        self.assertEqual(len(one["x_death"]), 1)
        death = one["x_death"][0]
        self.assertEqual(death["reason"], "rejected")
        self.assertEqual(death["queue"], work)
        self.assertEqual(death["exchange"], "")
        self.assertEqual(death["routing-keys"], [work])
        self.assertEqual(death["count"], 1)
        self.assertIn("time", death)
        self.assert_error(self.http.get(f"/api/depot/queues/%2F/{q(dlq)}/messages/999999999"), 404)

        started = self.http.post(f"/api/depot/queues/%2F/{q(dlq)}/replay", {"filter": {"text": "failed"}})
        self.assertEqual(started.status, 202, started)
        task = started.json()
        self.assertEqual((task["action"], task["source"], task["state"] in ("running", "completed")),
                         ("replay", dlq, True))
        self.assertEqual(started.headers["Location"], f"/api/depot/tasks/{task['id']}")
        done = self.wait_task(task["id"])
        self.assertEqual((done["state"], done["total"], done["done"], done["skipped"]), ("completed", 2, 2, 0))
        self.assertIn(task["id"], [t["id"] for t in self.ok(self.http.get("/api/depot/tasks")).json()])
        # Back where they came from, the other one still dead.
        self.assertEqual([m["payload"] for m in self.browse(work)["items"]], ["payment 1 failed", "payment 3 failed"])
        self.assertEqual([m["payload"] for m in self.browse(dlq)["items"]], ["payment 2 ok"])

    @depot_only("move tasks and their cancel are Depot's own endpoints")
    def test_cancel_a_move_loses_nothing_and_duplicates_nothing(self):
        pika = import_client("pika", "python3-pika")
        source = self.declare_queue(self.queue_name("big"))
        target = self.declare_queue(self.queue_name("target"))
        total = 20000
        channel = self.pika_connection().channel()
        channel.confirm_delivery()
        for i in range(total):
            channel.basic_publish("", source, f"m{i}".encode(), pika.BasicProperties(), mandatory=False)
        self.wait_depth(source, total, timeout=60)
        started = self.http.post(f"/api/depot/queues/%2F/{q(source)}/move", {"target": target})
        self.assertEqual(started.status, 202, started)
        task_id = started.json()["id"]
        cancelled = self.http.delete(f"/api/depot/tasks/{task_id}")
        self.assertEqual(cancelled.status, 202, cancelled)
        done = self.wait_task(task_id, timeout=60)
        moved = self.queue_info(target)["messages"]
        left = self.queue_info(source)["messages"]
        self.assertEqual(moved + left, total, done)
        self.assertEqual(done["done"], moved, done)
        if moved < total:
            self.assertEqual(done["state"], "cancelled", done)
        # Never in two places: every body once.
        seen = set()
        for queue, count in ((source, left), (target, moved)):
            offset = 0
            while offset < count:
                page = self.browse(queue, offset=offset, limit=1000)["items"]
                for m in page:
                    self.assertNotIn(m["payload"], seen)
                    seen.add(m["payload"])
                offset += len(page)
                if not page:
                    break
        self.assertEqual(len(seen), total)
        # A finished task cannot be cancelled into another state; an unknown one is 404.
        self.assertEqual(self.http.delete(f"/api/depot/tasks/{task_id}").status, 202)
        self.assertEqual(self.ok(self.http.get(f"/api/depot/tasks/{task_id}")).json()["state"], done["state"])
        self.assert_error(self.http.delete("/api/depot/tasks/987654321"), 404)

    @depot_only("rate series are Depot's own endpoint")
    def test_rate_series(self):
        queue = self.declare_queue(self.queue_name())
        self.publish("", queue, "r")
        body = self.ok(self.http.get("/api/depot/rates?seconds=10")).json()
        self.assertEqual(body["interval_ms"], 1000)
        self.assertEqual(set(body["series"]), {"published", "delivered", "acknowledged", "redelivered",
                                               "dead_lettered", "expired", "returned"})
        self.assertTrue(all(len(v) <= 10 for v in body["series"].values()))
        per_queue = self.ok(self.http.get(f"/api/depot/queues/%2F/{q(queue)}/rates?seconds=5")).json()
        self.assertIn("depth", per_queue["series"])
        self.assert_error(self.http.get("/api/depot/rates?series=nonsense"), 400)


class MetricsTest(HttpTestCase):
    LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)$')
    LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')

    def scrape(self):
        reply = self.http.get("/metrics", auth=False)
        self.assertEqual(reply.status, 200, reply)
        self.assertTrue(reply.headers["Content-Type"].startswith("text/plain; version=0.0.4"), reply.headers)
        samples = {}
        types = {}
        for line in reply.body.decode("utf-8").splitlines():
            if not line:
                continue
            if line.startswith("#"):
                parts = line.split(" ", 3)
                self.assertIn(parts[1], ("HELP", "TYPE"), line)
                if parts[1] == "TYPE":
                    self.assertIn(parts[3], ("counter", "gauge"), line)
                    types[parts[2]] = parts[3]
                continue
            match = self.LINE.match(line)
            self.assertIsNotNone(match, f"not a Prometheus sample line: {line!r}")
            name, _, labels, value = match.groups()
            self.assertIn(name, types, f"sample {name} without a # TYPE line")
            key = (name, tuple(sorted(self.LABEL.findall(labels or ""))))
            samples[key] = float(value)
        return samples

    @depot_only("Depot's metric names")
    def test_queue_gauges_and_totals(self):
        queue = self.declare_queue(self.queue_name("metrics") + ' "quoted"')
        self._queues.append(queue)
        for i in range(3):
            self.publish("", queue, f"m{i}")
        self.ok(self.http.post(f"/api/queues/%2F/{q(queue)}/get", {"count": 1, "ackmode": "ack_requeue_false"}))
        samples = self.scrape()
        label = (("queue", queue.replace('"', '\\"')), ("vhost", "/"))
        self.assertEqual(samples[("depot_queue_messages_ready", label)], 2.0)
        self.assertEqual(samples[("depot_queue_messages_ready", label)], float(self.queue_info(queue)["messages_ready"]))
        self.assertEqual(samples[("depot_queue_messages_unacked", label)], 0.0)
        self.assertEqual(samples[("depot_queue_consumers", label)], 0.0)
        for name in ("depot_messages_published_total", "depot_messages_delivered_total", "depot_messages_acked_total",
                     "depot_messages_dead_lettered_total", "depot_connections", "depot_channels"):
            self.assertIn((name, ()), samples)

        # The counters come from the stats snapshot, refreshed a few times a second.
        def counted():
            s = self.scrape()
            return s.get(("depot_queue_messages_published_total", label)) == 3.0 and s
        samples = wait_until(counted, timeout=5, message="published total of 3 for the queue")
        self.assertGreaterEqual(samples[("depot_messages_published_total", ())], 3.0)

    def test_metrics_answer_without_credentials_and_only_get(self):
        self.scrape()
        self.assertEqual(self.http.post("/metrics", {}, auth=False).status, 405)


class AuthTest(HttpTestCase):
    def test_no_credentials(self):
        reply = self.http.get("/api/overview", auth=False)
        self.assert_error(reply, 401)
        self.assertIn("Basic", reply.headers.get("WWW-Authenticate", ""))

    def test_wrong_credentials(self):
        for credentials in (("guest", "wrong"), ("nobody", "guest"), ("guest", "")):
            with self.subTest(credentials=credentials):
                self.assert_error(self.http.get("/api/queues", credentials=credentials), 401)
        garbled = urllib.request.Request(self.http.base + "/api/whoami", headers={"Authorization": "Basic !!!"})
        with self.assertRaises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(garbled, timeout=10)
        self.assertEqual(caught.exception.code, 401)
        self.assertIn("error", json.loads(caught.exception.read()))
        caught.exception.close()

    def test_refused_request_changes_nothing(self):
        name = self.queue_name("unauth")
        self.assert_error(self.http.put(f"/api/queues/%2F/{q(name)}", {}, credentials=("guest", "bad")), 401)
        self.assert_error(self.http.get(f"/api/queues/%2F/{q(name)}"), 404)


class BadRequestTest(HttpTestCase):
    """Each bad request: its status and JSON error body, and nothing changed."""

    def state(self):
        definitions = self.ok(self.http.get("/api/definitions")).json()
        for key in ("queues", "exchanges", "bindings"):
            definitions[key] = sorted(json.dumps(x, sort_keys=True) for x in definitions[key])
        depths = sorted((x["name"], x["messages"]) for x in self.ok(self.http.get("/api/queues")).json())
        return definitions, depths

    def test_table(self):
        queue = self.declare_queue(self.queue_name("bad"), durable=True, arguments={"x-max-length": 10})
        exchange = self.declare_exchange(self.exchange_name("bad"), "direct")
        self.publish("", queue, "already here")
        new_queue = self.queue_name("never")
        qp = f"/api/queues/%2F/{q(queue)}"
        ep = f"/api/exchanges/%2F/{q(exchange)}"
        good_publish = {"routing_key": queue, "payload": "x", "payload_encoding": "string", "properties": {}}
        big = b'{"routing_key": "' + queue.encode() + b'", "payload_encoding": "string", "properties": {}, ' \
              b'"payload": "' + b"x" * (17 * 1024 * 1024) + b'"}'
        # (label, method, path, body (object or raw bytes), status, error, reason regex)
        table = [
            ("malformed JSON", "PUT", f"/api/queues/%2F/{q(new_queue)}", b'{"durable": tru', 400, "bad_request",
             "malformed JSON"),
            ("body not an object", "PUT", f"/api/queues/%2F/{q(new_queue)}", b"[1, 2]", 400, "bad_request",
             "JSON object"),
            ("durable wrong type", "PUT", f"/api/queues/%2F/{q(new_queue)}", {"durable": "yes"}, 400,
             "bad_request", "durable"),
            ("arguments wrong type", "PUT", f"/api/queues/%2F/{q(new_queue)}", {"arguments": "x-max-length=1"}, 400,
             "bad_request", "arguments"),
            ("unknown vhost, queue", "PUT", f"/api/queues/nowhere/{q(new_queue)}", {}, 404, None, None),
            ("unknown vhost, list", "GET", "/api/queues/nowhere", None, 404, None, None),
            ("unknown queue", "GET", f"/api/queues/%2F/{q(new_queue)}", None, 404, "Object Not Found", None),
            ("delete unknown queue", "DELETE", f"/api/queues/%2F/{q(new_queue)}", None, 404, None, None),
            ("get from unknown queue", "POST", f"/api/queues/%2F/{q(new_queue)}/get",
             {"count": 1, "ackmode": "ack_requeue_false"}, 404, None, None),
            ("get with unknown ackmode", "POST", qp + "/get", {"count": 1, "ackmode": "take_it"}, 400,
             "bad_request", "ackmode"),
            ("get without ackmode", "POST", qp + "/get", {"count": 1}, 400, "bad_request", "ackmode"),
            ("get count wrong type", "POST", qp + "/get", {"count": "many", "ackmode": "ack_requeue_false"}, 400,
             "bad_request", "count"),
            ("get with unknown encoding", "POST", qp + "/get",
             {"count": 1, "ackmode": "ack_requeue_false", "encoding": "hex"}, 400, "bad_request", "encoding"),
            ("conflicting queue redeclare", "PUT", qp, {"durable": True, "arguments": {"x-max-length": 20}}, 400,
             "bad_request", "x-max-length|inequivalent"),
            ("conflicting durability", "PUT", qp, {"durable": False, "arguments": {"x-max-length": 10}}, 400,
             "bad_request", None),
            ("unknown exchange type", "PUT", f"/api/exchanges/%2F/{q(self.exchange_name('t'))}",
             {"type": "round-robin"}, 400, "bad_request", "round-robin"),
            ("exchange without type", "PUT", f"/api/exchanges/%2F/{q(self.exchange_name('t'))}", {}, 400,
             "bad_request", "type"),
            ("conflicting exchange redeclare", "PUT", ep, {"type": "fanout", "durable": False}, 400, "bad_request",
             None),
            ("reserved exchange name", "PUT", "/api/exchanges/%2F/amq.mine", {"type": "direct"}, 403,
             "access_refused", "amq"),
            ("delete built-in exchange", "DELETE", "/api/exchanges/%2F/amq.direct", None, 403, "access_refused",
             None),
            ("unknown exchange", "GET", f"/api/exchanges/%2F/{q(self.exchange_name('none'))}", None, 404, None, None),
            ("publish to unknown exchange", "POST", f"/api/exchanges/%2F/{q(self.exchange_name('none'))}/publish",
             good_publish, 404, None, None),
            ("publish without routing_key", "POST", ep + "/publish",
             {"payload": "x", "payload_encoding": "string"}, 400, "bad_request", "routing_key"),
            ("publish with bad base64", "POST", "/api/exchanges/%2F/amq.default/publish",
             dict(good_publish, payload="***", payload_encoding="base64"), 400, "bad_request", "base64"),
            ("publish with unknown payload_encoding", "POST", "/api/exchanges/%2F/amq.default/publish",
             dict(good_publish, payload_encoding="hex"), 400, "bad_request", "payload_encoding"),
            ("exclusive queue", "PUT", f"/api/queues/%2F/{q(new_queue)}", {"exclusive": True}, 400, "bad_request",
             "exclusive"),
            ("publish with an unknown property", "POST", "/api/exchanges/%2F/amq.default/publish",
             dict(good_publish, properties={"delivery_mod": 2}), 400, "bad_request", "delivery_mod"),
            ("publish with a CC that is not an array", "POST", "/api/exchanges/%2F/amq.default/publish",
             dict(good_publish, properties={"headers": {"CC": "elsewhere"}}), 400, "bad_request", "CC"),
            ("publish with wrong property type", "POST", "/api/exchanges/%2F/amq.default/publish",
             dict(good_publish, properties={"delivery_mode": "often"}), 400, "bad_request", "delivery_mode"),
            ("oversized body", "POST", "/api/exchanges/%2F/amq.default/publish", big, 413, "payload_too_large",
             "limit"),
            ("bind to unknown queue", "POST", f"/api/bindings/%2F/e/{q(exchange)}/q/{q(new_queue)}",
             {"routing_key": "k"}, 404, None, new_queue),
            ("bind from unknown exchange", "POST", f"/api/bindings/%2F/e/{q(self.exchange_name('n'))}/q/{q(queue)}",
             {"routing_key": "k"}, 404, None, None),
            ("bind from the default exchange", "POST", f"/api/bindings/%2F/e/amq.default/q/{q(queue)}",
             {"routing_key": "k"}, 403, "access_refused", None),
            ("definitions with a dangling binding", "POST", "/api/definitions",
             {"queues": [{"name": new_queue, "durable": True, "auto_delete": False, "arguments": {}}],
              "bindings": [{"source": exchange, "destination": self.queue_name("missing"),
                            "destination_type": "queue", "routing_key": "k", "arguments": {}}]},
             400, "bad_request", "binding"),
            ("definitions with an inequivalent queue", "POST", "/api/definitions",
             {"queues": [{"name": queue, "durable": True, "auto_delete": False, "arguments": {}},
                         {"name": new_queue, "durable": True, "auto_delete": False, "arguments": {}}]},
             400, "bad_request", "inequivalent"),
            ("definitions for another vhost", "POST", "/api/definitions",
             {"queues": [{"name": new_queue, "vhost": "other", "durable": True, "arguments": {}}]},
             400, "bad_request", "vhost"),
            ("definitions wrong type", "POST", "/api/definitions", {"queues": {"name": new_queue}}, 400,
             "bad_request", "queues"),
            ("method not allowed", "PATCH", qp, {}, 405, None, None),
            ("unknown route", "GET", "/api/nothing-here", None, 404, None, None),
            ("browse unknown queue", "GET", f"/api/depot/queues/%2F/{q(new_queue)}/messages", None, 404, None, None),
            ("browse with a bad regex", "GET", f"/api/depot/queues/%2F/{q(queue)}/messages?regex=true&filter=%28",
             None, 400, "bad_request", "regular expression"),
            ("browse with a bad limit", "GET", f"/api/depot/queues/%2F/{q(queue)}/messages?limit=0", None, 400,
             "bad_request", "limit"),
            ("message id not a number", "GET", f"/api/depot/queues/%2F/{q(queue)}/messages/abc", None, 400,
             "bad_request", None),
            ("move without target", "POST", f"/api/depot/queues/%2F/{q(queue)}/move", {}, 400, "bad_request",
             "target"),
            ("move to unknown queue", "POST", f"/api/depot/queues/%2F/{q(queue)}/move", {"target": new_queue}, 404,
             None, new_queue),
            ("ids not a list", "POST", f"/api/depot/queues/%2F/{q(queue)}/delete", {"ids": "1,2"}, 400,
             "bad_request", "ids"),
            ("unknown task", "GET", "/api/depot/tasks/424242", None, 404, None, None),
        ]
        for label, method, path, body, status, error, reason in table:
            with self.subTest(label):
                before = self.state()
                if isinstance(body, bytes):
                    reply = self.http.request(method, path, raw=body)
                else:
                    reply = self.http.request(method, path, body=body)
                self.assert_error(reply, status, error, reason)
                self.assertEqual(self.state(), before, f"{label}: a rejected request changed something")
        # Still there, untouched, after all of it.
        info = self.queue_info(queue)
        self.assertEqual((info["messages"], info["arguments"]), (1, {"x-max-length": 10}))
        self.assert_error(self.http.get(f"/api/queues/%2F/{q(new_queue)}"), 404)


if __name__ == "__main__":
    unittest.main()
