"""Debian's rabbitmqadmin (shipped in the rabbitmq-server package) against Depot.

rabbitmqadmin is RabbitMQ's own command-line client for the management HTTP
API. A script written for RabbitMQ runs it unchanged against Depot's
--http-port:

    rabbitmqadmin -H 127.0.0.1 -P <http port> -u guest -p guest list queues

Each test runs the real tool and checks its exit code and what it prints
(tables, tsv, raw_json), and what Depot then holds, through the same tool.
"""

import json
import os
import shutil
import subprocess
import tempfile
import unittest

from depot_harness import BrokerTestCase, DepotProcess, depot_only, import_client, require_tool, unique, wait_until


class RabbitmqadminTest(BrokerTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tool = require_tool("rabbitmqadmin", "rabbitmq-server")

    def admin(self, *args, port=None, user="guest", password="guest", expect=0):
        """Runs rabbitmqadmin; returns its stdout, after checking the exit code."""
        command = [self.tool, "-H", self.host, "-P", str(port or self.broker.http_port), "-u", user, "-p", password]
        command += list(args)
        result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, expect,
                         f"$ {' '.join(command)}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}")
        return result.stdout + result.stderr if expect else result.stdout

    def rows(self, *args, port=None):
        """A listing in tsv: a list of dicts by column name."""
        out = self.admin("-f", "tsv", *args, port=port).strip("\n ")
        if not out or out == "No items":
            return []
        lines = out.splitlines()
        header = lines[0].split("\t")
        return [dict(zip(header, line.split("\t"))) for line in lines[1:]]

    def raw(self, *args, port=None):
        return json.loads(self.admin("-f", "raw_json", *args, port=port))

    def queues(self, port=None):
        return {row["name"]: row for row in self.rows("list", "queues", "name", "messages", "durable", port=port)}

    def test_declare_list_publish_get_delete(self):
        queue = self.queue_name()
        exchange = self.exchange_name()
        out = self.admin("declare", "queue", f"name={queue}", "durable=true",
                         'arguments={"x-max-length": 5, "x-message-ttl": 60000}')
        self.assertIn("queue declared", out)
        self.assertIn("exchange declared", self.admin("declare", "exchange", f"name={exchange}", "type=topic",
                                                      "durable=false"))
        self.assertIn("binding declared", self.admin("declare", "binding", f"source={exchange}",
                                                     f"destination={queue}", "routing_key=orders.#"))

        # The default table format, as a user reads it.
        table = self.admin("list", "queues")
        self.assertRegex(table, r"\|\s+name\s+\|\s+messages\s+\|")
        self.assertRegex(table, rf"\| {queue}\s+\| 0\s+\|")
        listed = self.queues()
        self.assertEqual(listed[queue], {"name": queue, "messages": "0", "durable": "True"})
        shown = self.raw("list", "queues", "name", "arguments")
        self.assertIn({"name": queue, "arguments": {"x-max-length": 5, "x-message-ttl": 60000}}, shown)

        exchanges = {row["name"]: row["type"] for row in self.rows("list", "exchanges", "name", "type")}
        self.assertEqual(exchanges[exchange], "topic")
        self.assertEqual(exchanges["amq.topic"], "topic")
        bindings = self.rows("list", "bindings", "source", "destination", "routing_key")
        self.assertIn({"source": exchange, "destination": queue, "routing_key": "orders.#"}, bindings)
        self.assertIn({"source": "", "destination": queue, "routing_key": queue}, bindings)

        self.assertIn("Message published", self.admin("publish", f"exchange={exchange}", "routing_key=orders.new",
                                                      "payload=first order"))
        self.assertIn("Message published", self.admin("publish", f"routing_key={queue}", "payload=second"))
        unrouted = self.admin("publish", f"exchange={exchange}", "routing_key=invoices.new", "payload=lost")
        self.assertIn("NOT routed", unrouted)
        self.assertEqual(self.queues()[queue]["messages"], "2")

        # Requeueing get: both come back, nothing leaves the queue.
        peek = self.raw("get", f"queue={queue}", "ackmode=ack_requeue_true", "count=2")
        self.assertEqual([(m["payload"], m["exchange"], m["routing_key"], m["redelivered"]) for m in peek],
                         [("first order", exchange, "orders.new", False), ("second", "", queue, False)])
        table = self.admin("get", f"queue={queue}", "ackmode=reject_requeue_true", "count=1")
        self.assertIn("first order", table)
        self.assertIn("| True", table)                      # redelivered now
        self.assertEqual(self.queues()[queue]["messages"], "2")
        taken = self.raw("get", f"queue={queue}", "ackmode=ack_requeue_false", "count=1")
        self.assertEqual([m["payload"] for m in taken], ["first order"])
        self.assertEqual(self.queues()[queue]["messages"], "1")
        dropped = self.raw("get", f"queue={queue}", "ackmode=reject_requeue_false", "count=5")
        self.assertEqual([m["payload"] for m in dropped], ["second"])
        self.assertEqual(self.queues()[queue]["messages"], "0")
        self.assertIn("No items", self.admin("get", f"queue={queue}", "ackmode=ack_requeue_false"))

        self.assertIn("queue deleted", self.admin("delete", "queue", f"name={queue}"))
        self.assertNotIn(queue, self.queues())
        self.assertIn("exchange deleted", self.admin("delete", "exchange", f"name={exchange}"))

    def test_list_and_close_connections(self):
        """`rabbitmqadmin list connections` shows a pika connection, and
        `close connection name=...` closes it (the client gets 320)."""
        pika = import_client("pika", "python3-pika")
        label = self.queue_name("app")
        connection = self.pika_connection(client_properties={"connection_name": label})
        connection.channel()
        mine = []
        for _ in range(50):
            mine = [row for row in self.rows("list", "connections", "name", "user_provided_name", "user")
                    if row["user_provided_name"] == label]
            if mine:
                break
            connection.process_data_events(time_limit=0.1)
        self.assertEqual(len(mine), 1, self.admin("list", "connections"))
        self.assertEqual(mine[0]["user"], "guest")
        self.assertIn("connection closed", self.admin("close", "connection", f"name={mine[0]['name']}"))
        with self.assertRaises(pika.exceptions.ConnectionClosedByBroker) as closed:
            for _ in range(100):
                connection.process_data_events(time_limit=0.1)
        self.assertEqual(closed.exception.reply_code, 320)

    def test_purge_and_overview(self):
        queue = self.queue_name()
        self.admin("declare", "queue", f"name={queue}", "durable=false")
        for i in range(3):
            self.admin("publish", f"routing_key={queue}", f"payload=m{i}")
        overview = self.raw("show", "overview")
        self.assertGreaterEqual(overview[0]["queue_totals"]["messages"], 3)
        self.assertIn("queue purged", self.admin("purge", "queue", f"name={queue}"))
        self.assertEqual(self.queues()[queue]["messages"], "0")
        self.assertEqual(self.rows("list", "vhosts", "name"), [{"name": "/"}])

    @depot_only("imports into a second, fresh Depot")
    def test_export_then_import_into_a_fresh_depot(self):
        queue = self.queue_name("defs")
        dlq = self.queue_name("defs-dlq")
        exchange = self.exchange_name("defs")
        self.admin("declare", "queue", f"name={dlq}", "durable=true")
        self.admin("declare", "queue", f"name={queue}", "durable=true",
                   f'arguments={{"x-dead-letter-exchange": "", "x-dead-letter-routing-key": "{dlq}"}}')
        self.admin("declare", "exchange", f"name={exchange}", "type=direct", "durable=true")
        self.admin("declare", "binding", f"source={exchange}", f"destination={queue}", "routing_key=k1")
        workdir = tempfile.mkdtemp(prefix="depot-it-admin-")
        self.addCleanup(shutil.rmtree, workdir, True)
        path = os.path.join(workdir, "definitions.json")
        self.assertIn("Exported definitions", self.admin("export", path))
        with open(path, encoding="utf-8") as f:
            exported = json.load(f)
        self.assertIn({"name": queue, "vhost": "/", "durable": True, "auto_delete": False,
                       "arguments": {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": dlq}},
                      exported["queues"])
        self.assertIn(exchange, [x["name"] for x in exported["exchanges"]])
        self.assertIn((exchange, queue, "k1"), [(b["source"], b["destination"], b["routing_key"])
                                               for b in exported["bindings"]])

        other = DepotProcess().start()
        try:
            port = other.http_port
            self.assertEqual(self.rows("list", "queues", "name", port=port), [])
            self.assertIn("Uploaded definitions", self.admin("import", path, port=port))
            imported = self.raw("list", "queues", "name", "durable", "arguments", port=port)
            self.assertEqual(sorted(imported, key=lambda x: x["name"]),
                             sorted([{"name": dlq, "durable": True, "arguments": {}},
                                     {"name": queue, "durable": True,
                                      "arguments": {"x-dead-letter-exchange": "", "x-dead-letter-routing-key": dlq}}],
                                    key=lambda x: x["name"]))
            bindings = self.rows("list", "bindings", "source", "destination", "routing_key", port=port)
            self.assertIn({"source": exchange, "destination": queue, "routing_key": "k1"}, bindings)
            # The imported topology works: published through the exchange, got from the queue.
            self.admin("publish", f"exchange={exchange}", "routing_key=k1", "payload=after import", port=port)
            got = self.raw("get", f"queue={queue}", "ackmode=ack_requeue_false", port=port)
            self.assertEqual([m["payload"] for m in got], ["after import"])
        finally:
            self.assertEqual(other.stop(), 0, other.describe())

    def test_declare_list_delete_policy(self):
        queue = self.queue_name("pol")
        dlq = self.queue_name("pol-dlq")
        policy = unique("policy")
        self.addCleanup(lambda: subprocess.run(
            [self.tool, "-H", self.host, "-P", str(self.broker.http_port), "-u", "guest", "-p", "guest",
             "delete", "policy", f"name={policy}"], capture_output=True, timeout=60))
        self.admin("declare", "queue", f"name={dlq}", "durable=false")
        self.admin("declare", "queue", f"name={queue}", "durable=false")
        out = self.admin("declare", "policy", f"name={policy}", f"pattern=^{queue}$", "apply-to=queues",
                         "priority=5", f'definition={{"max-length": 1, "dead-letter-exchange": "", '
                                       f'"dead-letter-routing-key": "{dlq}"}}')
        self.assertIn("policy declared", out)
        listed = {row["name"]: row for row in self.rows("list", "policies", "name", "pattern", "apply-to",
                                                          "priority")}
        self.assertEqual(listed[policy], {"name": policy, "pattern": f"^{queue}$", "apply-to": "queues",
                                          "priority": "5"})
        shown = [p for p in self.raw("list", "policies") if p["name"] == policy][0]
        self.assertEqual(shown["definition"], {"max-length": 1, "dead-letter-exchange": "",
                                               "dead-letter-routing-key": dlq})
        # The queue list shows it, and the policy acts: one kept, the older dead-lettered.
        # raw_json: the tsv and table formats of rabbitmqadmin 3.10 cannot
        # print the null `policy` of queues without one (RabbitMQ's as Depot's).
        wait_until(lambda: {"name": queue, "policy": policy} in self.raw("list", "queues", "name", "policy"),
                   timeout=15, message="policy on the queue")
        self.admin("publish", f"routing_key={queue}", "payload=first")
        self.admin("publish", f"routing_key={queue}", "payload=second")
        wait_until(lambda: self.queues().get(dlq, {}).get("messages") == "1", timeout=15, message="one dead letter")
        self.assertEqual(self.queues()[queue]["messages"], "1")
        # A refused definition exits non-zero with the reason.
        bad = self.admin("declare", "policy", f"name={policy}-bad", "pattern=.*", 'definition={"made-up": 1}',
                         expect=1)
        self.assertIn("not recognised policy settings", bad)
        self.assertIn("policy deleted", self.admin("delete", "policy", f"name={policy}"))
        self.assertNotIn(policy, [p["name"] for p in self.raw("list", "policies")])
        self.assertIn("Not found", self.admin("delete", "policy", f"name={policy}", expect=1))

    def test_errors_exit_non_zero(self):
        missing = self.queue_name("missing")
        self.assertIn("Not found", self.admin("delete", "queue", f"name={missing}", expect=1))
        self.assertIn("Access refused", self.admin("list", "queues", password="wrong", expect=1))
        queue = self.queue_name()
        self.admin("declare", "queue", f"name={queue}", "durable=true", 'arguments={"x-max-length": 5}')
        # A redeclare that conflicts is refused with Depot's reason, and changes nothing.
        out = self.admin("declare", "queue", f"name={queue}", "durable=true", 'arguments={"x-max-length": 6}',
                         expect=1)
        self.assertIn("inequivalent arg 'x-max-length'", out)
        self.assertIn({"name": queue, "arguments": {"x-max-length": 5}}, self.raw("list", "queues", "name",
                                                                                  "arguments"))


if __name__ == "__main__":
    unittest.main()
