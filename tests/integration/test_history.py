"""The life story of every message (docs/http-api.md, "Message history"),
against the real `depot --headless` with pika as the client:

- publish -> reject -> dead-letter -> replay (an HTTP replay task) -> ack
  reads back as those events, in that order, each with the right actor (the
  client's named connection, the broker, the HTTP user);
- a message that is gone is found by its correlation-id, and an unroutable
  one returned to its mandatory publisher has a story too;
- a persistent message's story, and a gone one's, survive a restart;
- --history off records nothing (no journal rows in the database either);
- --history-retention and --history-max-events forget gone stories.

Depot's own feature: skipped against RabbitMQ.
"""

import base64
import json
import os
import sqlite3
import tempfile
import unittest
import urllib.error
import urllib.parse
import urllib.request

from depot_harness import DataDirDepotTestCase, DepotProcess, depot_only, import_client, unique, wait_until

pika = import_client("pika", "python3-pika")


def http(depot, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{depot.http_port}{path}", data=data, method=method)
    request.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def connect(depot, name):
    parameters = pika.ConnectionParameters(host="127.0.0.1", port=depot.amqp_port,
                                           credentials=pika.PlainCredentials("guest", "guest"),
                                           client_properties={"connection_name": name})
    return pika.BlockingConnection(parameters)


def persistent(**properties):
    return pika.BasicProperties(delivery_mode=2, **properties)


def search(depot, **params):
    status, body = http(depot, "GET", "/api/depot/history?" + urllib.parse.urlencode(params))
    assert status == 200, (status, body)
    return body


def kinds(story):
    return [e["event"] for e in story["events"]]


@depot_only("message history is Depot's own")
class HistoryStoryTest(DataDirDepotTestCase):
    tmp_prefix = "depot-history-"

    def setUp(self):
        self.connection = connect(self.depot, "orders-service")
        self.channel = self.connection.channel()

    def tearDown(self):
        if self.connection.is_open:
            self.connection.close()

    def queue_depth(self, name):
        status, body = http(self.depot, "GET", f"/api/queues/%2F/{urllib.parse.quote(name, safe='')}")
        self.assertEqual(status, 200, body)
        return body["messages"]

    def dead_letter_pair(self):
        work, dlq = unique("work"), unique("dlq")
        self.channel.queue_declare(dlq, durable=True)
        self.channel.queue_declare(work, durable=True, arguments={
            "x-dead-letter-exchange": "", "x-dead-letter-routing-key": dlq})
        return work, dlq

    def test_publish_reject_dead_letter_replay_ack_in_order_with_actors(self):
        work, dlq = self.dead_letter_pair()
        order = unique("order-10003")
        self.channel.confirm_delivery()
        self.channel.basic_publish("", work, b'{"order": 10003}', persistent(message_id=order))

        method, _, _ = self.channel.basic_get(work)
        self.assertIsNotNone(method)
        self.channel.basic_reject(method.delivery_tag, requeue=False)
        wait_until(lambda: self.queue_depth(dlq) == 1, message="the dead letter in " + dlq)

        status, task = http(self.depot, "POST", f"/api/depot/queues/%2F/{urllib.parse.quote(dlq, safe='')}/replay", {})
        self.assertEqual(status, 202, task)
        wait_until(lambda: http(self.depot, "GET", f"/api/depot/tasks/{task['id']}")[1]["state"] == "completed",
                   message="the replay task")
        method, _, body = self.channel.basic_get(work)
        self.assertEqual(body, b'{"order": 10003}')
        self.channel.basic_ack(method.delivery_tag)

        wait_until(lambda: search(self.depot, message_id=order, gone="true"), message="the story of a gone message")
        [story] = search(self.depot, message_id=order)
        self.assertTrue(story["gone"], story)
        self.assertEqual(kinds(story), ["published", "routed", "delivered", "rejected", "dead_lettered", "replayed",
                                        "delivered", "acked"])
        published, routed, delivered, rejected, dead, replayed, again, acked = story["events"]

        client = published["actor"]
        self.assertEqual((client["kind"], client["name"], client["user"], client["protocol"]),
                         ("connection", "orders-service", "guest", "AMQP 0-9-1"))
        self.assertTrue(client["address"].startswith("127.0.0.1:"), client)
        self.assertEqual((published["exchange"], published["routing_key"]), ("", work))
        self.assertEqual(routed["queues"], [work])
        self.assertEqual((delivered["actor"], delivered["queue"], delivered["delivery_count"]), (client, work, 1))
        self.assertEqual((rejected["actor"], rejected["queue"], rejected["requeue"]), (client, work, False))
        self.assertEqual((dead["actor"]["kind"], dead["from"], dead["to"], dead["reason"]),
                         ("broker", work, [dlq], "rejected"))
        self.assertEqual((replayed["actor"]["kind"], replayed["actor"]["user"], replayed["from"], replayed["to"]),
                         ("http", "guest", dlq, work))
        self.assertEqual((again["actor"], again["queue"]), (client, work))
        self.assertEqual((acked["actor"], acked["queue"]), (client, work))
        times = [e["at"] for e in story["events"]]
        self.assertEqual(times, sorted(times))

        # Three ids (work, dlq, work again): each finds the same story.
        self.assertEqual(len(story["ids"]), 3)
        self.assertEqual(replayed["linked_id"], story["ids"][2])
        for message_id in story["ids"]:
            status, same = http(self.depot, "GET", f"/api/depot/messages/{message_id}/history")
            self.assertEqual(status, 200, same)
            self.assertEqual(kinds(same), kinds(story))

    def test_gone_message_found_by_correlation_id(self):
        queue = unique("replies")
        self.channel.queue_declare(queue)
        correlation = unique("corr")
        self.channel.basic_publish("", queue, b"reply", pika.BasicProperties(correlation_id=correlation))
        wait_until(lambda: self.channel.basic_get(queue, auto_ack=True)[0] is not None, message="the reply")

        [story] = search(self.depot, correlation_id=correlation, gone="true")
        self.assertEqual(story["correlation_id"], correlation)
        self.assertEqual(kinds(story), ["published", "routed", "delivered", "acked"])
        self.assertEqual(story["events"][-1]["reason"], "auto-ack")
        self.assertEqual(search(self.depot, correlation_id=unique("nobody")), [])

    def test_unroutable_mandatory_message_has_a_story(self):
        exchange = unique("nowhere")
        self.channel.exchange_declare(exchange, "direct")
        returned = []
        self.channel.add_on_return_callback(lambda *args: returned.append(args))
        lost = unique("lost")
        self.channel.basic_publish(exchange, "no.binding", b"x", pika.BasicProperties(message_id=lost),
                                   mandatory=True)
        self.connection.process_data_events(time_limit=0.5)
        [story] = search(self.depot, message_id=lost)
        self.assertEqual(kinds(story), ["published", "unroutable"])
        self.assertEqual((story["events"][1]["exchange"], story["events"][1]["routing_key"],
                          story["events"][1]["returned"]), (exchange, "no.binding", True))

    def test_errors_are_clear(self):
        self.assertEqual(http(self.depot, "GET", "/api/depot/messages/abc/history")[0], 400)
        status, body = http(self.depot, "GET", "/api/depot/messages/987654321/history")
        self.assertEqual(status, 404)
        self.assertIn("987654321", body["reason"])
        self.assertEqual(http(self.depot, "GET", "/api/depot/history")[0], 400)
        status, body = http(self.depot, "GET", "/api/depot/history?message_id=x&colour=red")
        self.assertEqual(status, 400)
        self.assertIn("colour", body["reason"])


@depot_only("message history is Depot's own")
class HistoryRestartTest(unittest.TestCase):
    def test_story_of_persistent_and_gone_messages_survives_restart(self):
        with tempfile.TemporaryDirectory(prefix="depot-history-restart-") as tmp:
            depot = DepotProcess(data_dir=os.path.join(tmp, "data")).start()
            try:
                connection = connect(depot, "billing")
                channel = connection.channel()
                queue, paid = unique("invoices"), unique("paid")
                channel.queue_declare(queue, durable=True)
                channel.queue_declare(paid, durable=True)
                channel.confirm_delivery()
                kept, acked = unique("kept"), unique("acked")
                channel.basic_publish("", queue, b"1", persistent(message_id=kept))
                channel.basic_publish("", paid, b"2", persistent(message_id=acked))
                first, _, _ = channel.basic_get(queue)
                channel.basic_reject(first.delivery_tag, requeue=True)
                wait_until(lambda: search(depot, message_id=kept)[0]["events"][-1]["event"] == "rejected",
                           message="the requeue recorded")
                second, _, body = channel.basic_get(paid)
                self.assertEqual(body, b"2")
                channel.basic_ack(second.delivery_tag)
                wait_until(lambda: search(depot, message_id=acked, gone="true"), message="the ack recorded")
                connection.close()
                before_kept = search(depot, message_id=kept)
                before_acked = search(depot, message_id=acked)
                self.assertEqual(depot.stop(), 0)

                depot.start()
                after_kept = search(depot, message_id=kept)
                after_acked = search(depot, message_id=acked)
                self.assertEqual(after_kept, before_kept)
                self.assertEqual(kinds(after_kept[0]), ["published", "routed", "delivered", "rejected"])
                self.assertFalse(after_kept[0]["gone"])
                self.assertEqual(after_kept[0]["events"][0]["actor"]["name"], "billing")
                self.assertEqual(after_acked, before_acked)
                self.assertEqual(kinds(after_acked[0]), ["published", "routed", "delivered", "acked"])
                self.assertTrue(after_acked[0]["gone"])
            finally:
                if depot.running():
                    self.assertEqual(depot.stop(), 0)


    def test_story_of_a_persistent_message_survives_kill_9(self):
        with tempfile.TemporaryDirectory(prefix="depot-history-kill-") as tmp:
            depot = DepotProcess(data_dir=os.path.join(tmp, "data")).start()
            try:
                connection = connect(depot, "crash-client")
                channel = connection.channel()
                queue, done = unique("crash"), unique("done")
                channel.queue_declare(queue, durable=True)
                channel.queue_declare(done, durable=True)
                channel.confirm_delivery()
                kept, acked = unique("kept"), unique("acked")
                channel.basic_publish("", queue, b"1", persistent(message_id=kept))
                channel.basic_publish("", done, b"2", persistent(message_id=acked))
                first, _, _ = channel.basic_get(queue)
                channel.basic_reject(first.delivery_tag, requeue=True)
                second, _, _ = channel.basic_get(done)
                channel.basic_ack(second.delivery_tag)
                # The store commits hand-overs in order: once a later publish
                # is confirmed, the reject's and the ack's records are on disk.
                channel.basic_publish("", done, b"3", persistent(message_id=unique("later")))
                depot.kill()

                depot.start()
                story = search(depot, message_id=kept)
                self.assertEqual(len(story), 1, story)
                self.assertEqual(kinds(story[0]), ["published", "routed", "delivered", "rejected"])
                self.assertEqual(story[0]["events"][0]["actor"]["name"], "crash-client")
                self.assertFalse(story[0]["gone"])
                gone = search(depot, message_id=acked, gone="true")
                self.assertEqual(len(gone), 1, gone)
                self.assertEqual(kinds(gone[0]), ["published", "routed", "delivered", "acked"])
            finally:
                if depot.running():
                    self.assertEqual(depot.stop(), 0)

    def test_sqs_send_names_the_caller(self):
        boto3 = import_client("boto3", "python3-boto3")
        tmp = tempfile.TemporaryDirectory(prefix="depot-history-sqs-")
        self.addCleanup(tmp.cleanup)
        depot = DepotProcess(data_dir=os.path.join(tmp.name, "data"), sqs=True).start()
        self.addCleanup(lambda: depot.running() and depot.stop())
        sqs = boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{depot.sqs_port}", region_name="us-east-1",
                           aws_access_key_id="AKIDHISTORY", aws_secret_access_key="secret")
        url = sqs.create_queue(QueueName=unique("sqs-history").replace(".", "-"))["QueueUrl"]
        sent = sqs.send_message(QueueUrl=url, MessageBody="hello")["MessageId"]
        story = search(depot, message_id=sent)
        self.assertEqual(len(story), 1, story)
        actor = story[0]["events"][0]["actor"]
        self.assertEqual(story[0]["events"][0]["event"], "published")
        self.assertEqual((actor["kind"], actor["name"], actor["user"], actor["address"]),
                         ("sqs", "SendMessage", "AKIDHISTORY", "127.0.0.1"))


@depot_only("message history is Depot's own")
class HistorySettingsTest(unittest.TestCase):
    def run_depot(self, tmp, *args):
        depot = DepotProcess(data_dir=os.path.join(tmp, "data"), extra_args=args).start()
        self.addCleanup(lambda: depot.running() and depot.stop())
        return depot

    def publish_and_consume(self, depot, queue, message_ids):
        connection = connect(depot, "settings")
        channel = connection.channel()
        channel.queue_declare(queue, durable=True)
        channel.confirm_delivery()
        for message_id in message_ids:
            channel.basic_publish("", queue, b"x", persistent(message_id=message_id))
            method, _, _ = channel.basic_get(queue)
            channel.basic_ack(method.delivery_tag)
        connection.close()

    def test_history_off_records_nothing(self):
        with tempfile.TemporaryDirectory(prefix="depot-history-off-") as tmp:
            depot = self.run_depot(tmp, "--history", "off")
            self.publish_and_consume(depot, unique("quiet"), [unique("m")])
            status, body = http(depot, "GET", "/api/depot/history?message_id=anything")
            self.assertEqual(status, 404)
            self.assertIn("history is off", body["reason"])
            self.assertEqual(http(depot, "GET", "/api/depot/messages/1/history")[0], 404)
            self.assertEqual(depot.stop(), 0)
            with sqlite3.connect(os.path.join(tmp, "data", "depot.db")) as db:
                self.assertEqual(db.execute("SELECT count(*) FROM history_journal").fetchone()[0], 0)

    def test_bad_settings_are_refused(self):
        for args, text in ((["--history", "maybe"], "--history must be on or off"),
                           (["--history-retention", "soon"], "--history-retention needs a duration"),
                           (["--history-max-events", "-3"], "--history-max-events must be a whole number")):
            depot = DepotProcess(extra_args=args)
            with self.assertRaises(AssertionError) as caught:
                depot.start()
            self.assertIn(text, str(caught.exception) + str(depot.output()))

    def test_event_cap_forgets_the_oldest_gone_stories(self):
        with tempfile.TemporaryDirectory(prefix="depot-history-cap-") as tmp:
            # Each story here is 4 events: a cap of 9 keeps the newest two.
            depot = self.run_depot(tmp, "--history-max-events", "9")
            ids = [unique("capped") for _ in range(4)]
            self.publish_and_consume(depot, unique("capped"), ids)
            found = [bool(search(depot, message_id=m)) for m in ids]
            self.assertEqual(found, [False, False, True, True])

    def test_retention_forgets_gone_stories_and_keeps_live_ones(self):
        with tempfile.TemporaryDirectory(prefix="depot-history-retention-") as tmp:
            depot = self.run_depot(tmp, "--history-retention", "0s")
            queue = unique("short")
            gone, live = unique("gone"), unique("live")
            self.publish_and_consume(depot, queue, [gone])
            connection = connect(depot, "settings")
            channel = connection.channel()
            channel.confirm_delivery()
            channel.basic_publish("", queue, b"y", persistent(message_id=live))
            connection.close()
            self.assertEqual(search(depot, message_id=gone), [])
            self.assertEqual(kinds(search(depot, message_id=live)[0]), ["published", "routed"])


if __name__ == "__main__":
    unittest.main()
