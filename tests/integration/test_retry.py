"""Retries with backoff (x-retry-delays) and pausing a queue, with pika.

- A queue with `x-retry-delays: [300, 600]`: a consumer that nacks with
  requeue=true sees the message again no sooner than 300 ms, then 600 ms
  later, and the next nack dead-letters it with x-death reason
  delivery_limit. While it waits, the HTTP API counts it as delayed and
  shows its due time. Bad lists are refused with 406 naming the argument.
  The schedule survives a SIGKILL for a persistent message.
- Pausing over the HTTP API (`POST /api/depot/queues/{vhost}/{name}/pause`
  and `/resume`): an attached consumer gets nothing while publishing goes on,
  basic.get finds the queue empty, resuming delivers; a durable queue stays
  paused across a restart.

- Retry controls over Depot's HTTP routes while a pika consumer nacks with
  requeue: Retry now delivers the waiting message at once with its attempts
  kept, Give up puts it in the dead-letter queue with x-death reason
  delivery_limit, Reset attempts and Retry all waiting now, and the schedule
  replaced (and removed) on the queue, applying to the next return.

Only lower bounds of time are asserted (each gap at least its delay).
"""

import decimal
import time
import unittest

from depot_harness import BrokerTestCase, depot_only, import_client, wait_get, wait_until
from test_http_api import HttpClient, q


def retry_arguments(delays, dlq=None):
    arguments = {"x-retry-delays": delays}
    if dlq:
        arguments["x-dead-letter-exchange"] = ""
        arguments["x-dead-letter-routing-key"] = dlq
    return arguments


@depot_only("x-retry-delays and pausing are Depot's own")
class RetryDelays(BrokerTestCase):
    def http(self):
        return HttpClient(self.host, self.broker.http_port)

    def test_bad_delays_are_refused_with_406_naming_the_argument(self):
        pika = import_client("pika", "python3-pika")
        connection = self.pika_connection()
        for bad in ("300,600", [], [300, -1], [decimal.Decimal("1.5")], ["5"], 300):
            with self.subTest(value=bad):
                channel = connection.channel()
                name = self.queue_name("bad")
                with self.assertRaises(pika.exceptions.ChannelClosedByBroker) as caught:
                    channel.queue_declare(name, arguments={"x-retry-delays": bad})
                self.assertEqual(caught.exception.reply_code, 406)
                self.assertIn("x-retry-delays", caught.exception.reply_text)
        # Nothing was declared.
        channel = connection.channel()
        with self.assertRaises(pika.exceptions.ChannelClosedByBroker) as caught:
            channel.queue_declare(name, passive=True)
        self.assertEqual(caught.exception.reply_code, 404)

    def test_nacks_wait_each_delay_then_dead_letter_with_delivery_limit(self):
        connection = self.pika_connection()
        channel = connection.channel()
        dlq = self.queue_name("dlq")
        work = self.queue_name("work")
        channel.queue_declare(dlq)
        channel.queue_declare(work, arguments=retry_arguments([300, 600], dlq))
        channel.basic_publish("", work, b"job")
        seen = []   # (monotonic time, delivery count) per delivery

        def on_message(ch, method, properties, body):
            self.assertEqual(body, b"job")
            seen.append((time.monotonic(), method.redelivered))
            ch.basic_nack(method.delivery_tag, requeue=True)

        channel.basic_consume(work, on_message)
        http = self.http()
        checked_waiting = False
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            connection.process_data_events(time_limit=0.05)
            if len(seen) == 1 and not checked_waiting:
                # Waiting for its retry: delayed, with its due time.
                info = http.get(f"/api/queues/%2F/{q(work)}").json()
                if info["messages_delayed"] == 1:
                    listed = http.get(f"/api/depot/queues/%2F/{q(work)}/messages").json()
                    item = listed["items"][0]
                    self.assertGreater(item["ready_at"], 0)
                    self.assertEqual(item["delivery_count"], 1)
                    checked_waiting = True
            if http.get(f"/api/queues/%2F/{q(dlq)}").json()["messages"] == 1 and len(seen) == 3:
                break
        self.assertEqual(len(seen), 3, seen)
        self.assertTrue(checked_waiting, "never saw the message waiting in the HTTP API")
        self.assertFalse(seen[0][1])
        self.assertTrue(seen[1][1] and seen[2][1])
        self.assertGreaterEqual(seen[1][0] - seen[0][0], 0.3)
        self.assertGreaterEqual(seen[2][0] - seen[1][0], 0.6)
        channel.cancel()

        method, properties, body = wait_get(channel, dlq, auto_ack=True)
        self.assertEqual(body, b"job")
        death = properties.headers["x-death"][0]
        self.assertEqual(death["reason"], "delivery_limit")
        self.assertEqual(death["queue"], work)
        self.assertEqual(properties.headers["x-first-death-reason"], "delivery_limit")
        info = http.get(f"/api/queues/%2F/{q(work)}").json()
        self.assertEqual(info["messages"], 0)

    def test_reject_without_requeue_still_dead_letters_at_once(self):
        connection = self.pika_connection()
        channel = connection.channel()
        dlq = self.queue_name("dlq")
        work = self.queue_name("work")
        channel.queue_declare(dlq)
        channel.queue_declare(work, arguments=retry_arguments([60000], dlq))
        channel.basic_publish("", work, b"bad")
        method, _, _ = wait_get(channel, work)
        channel.basic_reject(method.delivery_tag, requeue=False)
        _, properties, body = wait_get(channel, dlq, auto_ack=True)
        self.assertEqual(body, b"bad")
        self.assertEqual(properties.headers["x-death"][0]["reason"], "rejected")

    def test_http_get_with_requeue_does_not_hold_the_message_back(self):
        connection = self.pika_connection()
        channel = connection.channel()
        work = self.queue_name("work")
        channel.queue_declare(work, arguments=retry_arguments([60000]))
        channel.basic_publish("", work, b"look")
        http = self.http()
        wait_until(lambda: http.get(f"/api/queues/%2F/{q(work)}").json()["messages"] == 1)
        got = http.post(f"/api/queues/%2F/{q(work)}/get",
                        {"count": 1, "ackmode": "ack_requeue_true", "encoding": "auto"}).json()
        self.assertEqual(got[0]["payload"], "look")
        # A look over HTTP is not a consumer's failure: ready at once.
        _, _, body = wait_get(channel, work, auto_ack=True, timeout=2)
        self.assertEqual(body, b"look")


@depot_only("the retry controls are Depot's own")
class RetryControls(BrokerTestCase):
    """Retry now, Give up and the schedule changed over Depot's HTTP routes,
    while a pika consumer nacks with requeue."""

    def http(self):
        return HttpClient(self.host, self.broker.http_port)

    def waiting_message(self, channel, connection, work, received):
        """Publishes one message; the consumer nacks its first delivery with
        requeue, so it waits a minute. Returns its Depot id."""
        channel.basic_publish("", work, b"job")
        http = self.http()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            connection.process_data_events(time_limit=0.05)
            if received and http.get(f"/api/queues/%2F/{q(work)}").json()["messages_delayed"] == 1:
                break
        self.assertEqual(len(received), 1, received)
        items = http.get(f"/api/depot/queues/%2F/{q(work)}/messages").json()["items"]
        self.assertEqual(len(items), 1)
        self.assertEqual(items[0]["delivery_count"], 1)
        self.assertGreater(items[0]["ready_at"], 0)
        return items[0]["id"]

    def test_retry_now_delivers_at_once_and_give_up_dead_letters(self):
        connection = self.pika_connection()
        channel = connection.channel()
        dlq = self.queue_name("dlq")
        work = self.queue_name("work")
        channel.queue_declare(dlq)
        channel.queue_declare(work, arguments=retry_arguments([60000, 60000, 60000], dlq))
        received = []   # (delivery tag, redelivered) per delivery; the first is nacked

        def on_message(ch, method, properties, body):
            received.append((method.delivery_tag, method.redelivered))
            if len(received) == 1:
                ch.basic_nack(method.delivery_tag, requeue=True)

        channel.basic_consume(work, on_message)
        http = self.http()
        message_id = self.waiting_message(channel, connection, work, received)

        # Retry now: delivered at once, a minute early, as its second attempt.
        started = time.monotonic()
        reply = http.post(f"/api/depot/queues/%2F/{q(work)}/messages/{message_id}/retry")
        self.assertEqual(reply.status, 204, reply)
        while len(received) < 2 and time.monotonic() - started < 10:
            connection.process_data_events(time_limit=0.05)
        self.assertEqual(len(received), 2, received)
        self.assertTrue(received[1][1])   # redelivered
        # Held by the consumer now: the others refuse it.
        reply = http.post(f"/api/depot/queues/%2F/{q(work)}/messages/{message_id}/give-up")
        self.assertEqual(reply.status, 400, reply)
        self.assertIn("not settled", reply.json()["reason"])
        channel.basic_nack(received[1][0], requeue=True)   # its second attempt fails too
        wait_until(lambda: http.get(f"/api/queues/%2F/{q(work)}").json()["messages_delayed"] == 1)
        item = http.get(f"/api/depot/queues/%2F/{q(work)}/messages").json()["items"][0]
        self.assertEqual(item["delivery_count"], 2)   # the attempts were kept

        # Give up: in the dead-letter queue now, with the reason delivery_limit.
        reply = http.post(f"/api/depot/queues/%2F/{q(work)}/messages/{message_id}/give-up")
        self.assertEqual(reply.status, 204, reply)
        self.assertEqual(http.get(f"/api/queues/%2F/{q(work)}").json()["messages"], 0)
        dead_channel = self.pika_connection().channel()
        method, properties, body = wait_get(dead_channel, dlq, auto_ack=True)
        self.assertEqual(body, b"job")
        death = properties.headers["x-death"][0]
        self.assertEqual(death["reason"], "delivery_limit")
        self.assertEqual(death["queue"], work)
        self.assertEqual(death["count"], 1)
        self.assertEqual(properties.headers["x-first-death-reason"], "delivery_limit")
        self.assertEqual(len(received), 2)   # never delivered again from work
        channel.cancel()

    def test_retry_all_waiting_and_reset_attempts(self):
        connection = self.pika_connection()
        channel = connection.channel()
        work = self.queue_name("work")
        channel.queue_declare(work, arguments=retry_arguments([60000]))
        for body in (b"a", b"b"):
            channel.basic_publish("", work, body)
        http = self.http()
        for _ in range(2):
            method, _, _ = wait_get(channel, work)
            channel.basic_nack(method.delivery_tag, requeue=True)
        wait_until(lambda: http.get(f"/api/queues/%2F/{q(work)}").json()["messages_delayed"] == 2)
        first = http.get(f"/api/depot/queues/%2F/{q(work)}/messages").json()["items"][0]["id"]
        reply = http.post(f"/api/depot/queues/%2F/{q(work)}/messages/{first}/reset-attempts")
        self.assertEqual(reply.status, 204, reply)
        reply = http.post(f"/api/depot/queues/%2F/{q(work)}/retry-waiting")
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(reply.json()["retried"], 1)   # the reset one was ready already
        bodies = []
        for _ in range(2):   # both ready now, not in a minute
            method, _, body = wait_get(channel, work, timeout=5)
            self.assertTrue(method.redelivered)
            bodies.append(body)
            channel.basic_ack(method.delivery_tag)
        self.assertEqual(bodies, [b"a", b"b"])

    def test_schedule_changed_over_http_applies_to_the_next_return(self):
        pika = import_client("pika", "python3-pika")
        connection = self.pika_connection()
        channel = connection.channel()
        work = self.queue_name("work")
        channel.queue_declare(work, arguments=retry_arguments([60000]))
        http = self.http()
        reply = http.put(f"/api/depot/queues/%2F/{q(work)}/retry-delays", {"delays": [300, 600]})
        self.assertEqual(reply.status, 200, reply)
        self.assertEqual(reply.json()["arguments"]["x-retry-delays"], [300, 600])
        reply = http.put(f"/api/depot/queues/%2F/{q(work)}/retry-delays", {"delays": [300, -1]})
        self.assertEqual(reply.status, 400, reply)
        self.assertIn("x-retry-delays", reply.json()["reason"])
        channel.basic_publish("", work, b"job")
        method, _, _ = wait_get(channel, work)
        returned = time.monotonic()
        channel.basic_nack(method.delivery_tag, requeue=True)
        method, _, _ = wait_get(channel, work, timeout=10)   # 300 ms now, not a minute
        self.assertGreaterEqual(time.monotonic() - returned, 0.3)
        channel.basic_ack(method.delivery_tag)
        # A redeclaration is compared with the arguments the queue has now
        # (as RabbitMQ compares any other): the old list is inequivalent.
        redeclare = connection.channel()
        with self.assertRaises(pika.exceptions.ChannelClosedByBroker) as caught:
            redeclare.queue_declare(work, arguments=retry_arguments([60000]))
        self.assertEqual(caught.exception.reply_code, 406)
        connection.channel().queue_declare(work, arguments=retry_arguments([300, 600]))
        reply = http.delete(f"/api/depot/queues/%2F/{q(work)}/retry-delays")
        self.assertEqual(reply.status, 200, reply)
        self.assertNotIn("x-retry-delays", reply.json()["arguments"])


@depot_only("x-retry-delays is Depot's own")
class RetryScheduleSurvivesKill(BrokerTestCase):
    data_dir = True

    def test_schedule_survives_sigkill(self):
        http = HttpClient(self.host, self.broker.http_port)
        connection = self.pika_connection()
        channel = connection.channel()
        work = self.queue_name("work")
        fence = self.queue_name("fence")
        channel.queue_declare(work, durable=True, arguments=retry_arguments([12000]))
        channel.queue_declare(fence, durable=True)
        pika = import_client("pika", "python3-pika")
        persistent = pika.BasicProperties(delivery_mode=2)
        channel.confirm_delivery()
        channel.basic_publish("", work, b"job", properties=persistent)
        method, _, _ = wait_get(channel, work)
        channel.basic_nack(method.delivery_tag, requeue=True)
        # A confirmed publish after the nack: its commit holds the schedule.
        channel.basic_publish("", fence, b"fence", properties=persistent)
        listed = http.get(f"/api/depot/queues/%2F/{q(work)}/messages").json()
        before = listed["items"][0]["ready_at"]
        self.assertGreater(before, 0)
        connection.close()

        self.broker.restart(kill=True)
        http = HttpClient(self.host, self.broker.http_port)
        info = http.get(f"/api/queues/%2F/{q(work)}").json()
        self.assertEqual(info["messages_delayed"], 1, info)
        listed = http.get(f"/api/depot/queues/%2F/{q(work)}/messages").json()
        after = listed["items"][0]
        self.assertEqual(after["ready_at"], before)
        self.assertEqual(after["delivery_count"], 1)

        connection = self.pika_connection()
        channel = connection.channel()
        method, properties, body = wait_get(channel, work, timeout=30)
        received_ms = time.time() * 1000
        self.assertEqual(body, b"job")
        self.assertTrue(method.redelivered)
        self.assertGreaterEqual(received_ms, before)
        channel.basic_ack(method.delivery_tag)


@depot_only("pausing a queue is Depot's own")
class PauseQueue(BrokerTestCase):
    def http(self):
        return HttpClient(self.host, self.broker.http_port)

    def test_pause_with_a_consumer_attached_then_resume(self):
        http = self.http()
        consumer_connection = self.pika_connection()
        consumer = consumer_connection.channel()
        name = self.queue_name("paused")
        consumer.queue_declare(name)
        received = []
        consumer.basic_consume(name, lambda ch, m, p, body: (received.append(body), ch.basic_ack(m.delivery_tag)))

        reply = http.post(f"/api/depot/queues/%2F/{q(name)}/pause")
        self.assertEqual(reply.status, 200, reply)
        self.assertTrue(reply.json()["paused"])
        self.assertTrue(http.get(f"/api/queues/%2F/{q(name)}").json()["paused"])

        publisher = self.pika_connection().channel()
        publisher.confirm_delivery()
        for i in range(3):
            publisher.basic_publish("", name, f"m{i}".encode())
        consumer_connection.process_data_events(time_limit=1.0)
        self.assertEqual(received, [])
        info = http.get(f"/api/queues/%2F/{q(name)}").json()
        self.assertEqual(info["messages_ready"], 3)
        self.assertEqual(info["consumers"], 1)
        # basic.get finds a paused queue empty.
        method, _, _ = publisher.basic_get(name)
        self.assertIsNone(method)

        reply = http.post(f"/api/depot/queues/%2F/{q(name)}/resume")
        self.assertEqual(reply.status, 200, reply)
        self.assertFalse(reply.json()["paused"])
        deadline = time.monotonic() + 10
        while len(received) < 3 and time.monotonic() < deadline:
            consumer_connection.process_data_events(time_limit=0.1)
        self.assertEqual(received, [b"m0", b"m1", b"m2"])
        self.assertFalse(http.get(f"/api/queues/%2F/{q(name)}").json()["paused"])

    def test_pause_routes_refuse_what_they_should(self):
        http = self.http()
        name = self.queue_name("guarded")
        self.pika_connection().channel().queue_declare(name)
        self.assertEqual(http.post("/api/depot/queues/%2F/no-such-queue/pause").status, 404)
        self.assertEqual(http.post(f"/api/depot/queues/other-vhost/{q(name)}/pause").status, 404)
        self.assertEqual(http.post(f"/api/depot/queues/%2F/{q(name)}/pause", auth=False).status, 401)
        cross_site = http.post(f"/api/depot/queues/%2F/{q(name)}/pause",
                               headers={"Origin": "http://attacker.example"})
        self.assertEqual(cross_site.status, 403, cross_site)
        self.assertFalse(http.get(f"/api/queues/%2F/{q(name)}").json()["paused"])


@depot_only("pausing a queue is Depot's own")
class PauseSurvivesRestart(BrokerTestCase):
    data_dir = True

    def test_paused_durable_queue_stays_paused(self):
        http = HttpClient(self.host, self.broker.http_port)
        channel = self.pika_connection().channel()
        name = self.queue_name("held")
        channel.queue_declare(name, durable=True)
        self.assertEqual(http.post(f"/api/depot/queues/%2F/{q(name)}/pause").status, 200)
        pika = import_client("pika", "python3-pika")
        channel.confirm_delivery()
        channel.basic_publish("", name, b"kept", properties=pika.BasicProperties(delivery_mode=2))
        for kill in (True, False):
            with self.subTest(kill=kill):
                self.broker.restart(kill=kill)
                http = HttpClient(self.host, self.broker.http_port)
                info = http.get(f"/api/queues/%2F/{q(name)}").json()
                self.assertTrue(info["paused"], info)
                self.assertEqual(info["messages_ready"], 1)
        channel = self.pika_connection().channel()
        method, _, _ = channel.basic_get(name)
        self.assertIsNone(method)
        self.assertEqual(http.post(f"/api/depot/queues/%2F/{q(name)}/resume").status, 200)
        _, _, body = wait_get(channel, name, auto_ack=True)
        self.assertEqual(body, b"kept")


if __name__ == "__main__":
    unittest.main()
