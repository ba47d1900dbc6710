"""Arguments and headers with broker meaning, driven by pika: each one Depot
accepts is honoured, or it is refused with 406 PRECONDITION_FAILED naming it
(docs/ARCHITECTURE.md, "Arguments, headers and options": the table cites
these tests).

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ
3.10.8 (Debian 12). Alternate exchanges and sender-selected distribution (CC,
BCC) behave there exactly as asserted here. The @depot_only tests are where
Depot refuses an argument RabbitMQ accepts and ignores (an unknown x-
argument) or one Depot does not implement (streams, consumer timeouts).
"""

import unittest

from depot_harness import BrokerTestCase, depot_only, import_client, wait_get, wait_until

pika = import_client("pika", "python3-pika")
from pika import exceptions as pex  # noqa: E402


def header_text(value):
    return value.decode() if isinstance(value, bytes) else value


class ArgumentsTestCase(BrokerTestCase):

    def setUp(self):
        super().setUp()
        self.connection = self.pika_connection()
        self.channel = self.connection.channel()

    def declare(self, prefix="q", channel=None, **kwargs):
        name = self.queue_name(prefix)
        (channel or self.channel).queue_declare(name, **kwargs)
        return name

    def exchange(self, prefix="x", exchange_type="direct", arguments=None, channel=None, durable=False):
        name = self.exchange_name(prefix)
        (channel or self.channel).exchange_declare(name, exchange_type=exchange_type, arguments=arguments,
                                                   durable=durable)
        return name

    def bodies(self, queue, channel=None):
        """Every message now in the queue (acked), in order."""
        channel = channel or self.channel
        out = []
        while True:
            method, properties, body = channel.basic_get(queue, auto_ack=True)
            if method is None:
                return out
            out.append((body, properties))

    def assert_refused(self, action, code, *fragments):
        """`action(channel)` on a fresh channel closes it with `code` and a text holding every fragment."""
        channel = self.connection.channel()
        with self.assertRaises(pex.ChannelClosedByBroker) as context:
            action(channel)
        self.assertEqual(context.exception.reply_code, code, context.exception)
        for fragment in fragments:
            self.assertIn(fragment, context.exception.reply_text)
        # Only the channel closed: the connection goes on.
        self.assertTrue(self.connection.is_open)
        return context.exception.reply_text


class AlternateExchangeTest(ArgumentsTestCase):
    """`alternate-exchange`: where an exchange sends what its bindings do not take."""

    def test_unroutable_messages_go_to_the_alternate_exchange(self):
        ae = self.exchange("ae", "fanout")
        kept = self.declare("kept")
        self.channel.queue_bind(kept, ae)
        main = self.exchange("main", "direct", {"alternate-exchange": ae})
        routed = self.declare("routed")
        self.channel.queue_bind(routed, main, "known")
        self.channel.basic_publish(main, "known", b"routed")
        self.channel.basic_publish(main, "unknown", b"unroutable")
        self.assertEqual([b for b, _ in self.bodies(routed)], [b"routed"])
        # Only what the exchange's own bindings missed went to the alternate.
        self.assertEqual([b for b, _ in self.bodies(kept)], [b"unroutable"])

    def test_alternate_exchanges_chain(self):
        last = self.exchange("last", "fanout")
        kept = self.declare("kept")
        self.channel.queue_bind(kept, last)
        middle = self.exchange("middle", "topic", {"alternate-exchange": last})
        other = self.declare("other")
        self.channel.queue_bind(other, middle, "never.*")
        first = self.exchange("first", "direct", {"alternate-exchange": middle})
        self.channel.basic_publish(first, "anything", b"through two alternates")
        self.assertEqual([b for b, _ in self.bodies(kept)], [b"through two alternates"])
        self.assertEqual(self.bodies(other), [])

    def test_a_loop_of_alternates_ends_and_a_mandatory_message_is_returned(self):
        a_name, b_name = self.exchange_name("loop-a"), self.exchange_name("loop-b")
        self.channel.exchange_declare(a_name, exchange_type="direct", arguments={"alternate-exchange": b_name})
        self.channel.exchange_declare(b_name, exchange_type="direct", arguments={"alternate-exchange": a_name})
        self.channel.confirm_delivery()
        # Not mandatory: dropped, and confirmed (RabbitMQ acks what routes nowhere).
        self.channel.basic_publish(a_name, "nowhere", b"dropped")
        with self.assertRaises(pex.UnroutableError) as context:
            self.channel.basic_publish(a_name, "nowhere", b"looping", mandatory=True)
        self.assertEqual(context.exception.messages[0].body, b"looping")
        self.assertTrue(self.channel.is_open)

    def test_mandatory_is_returned_only_when_the_whole_chain_routes_nowhere(self):
        ae = self.exchange("ae", "fanout")
        kept = self.declare("kept")
        self.channel.queue_bind(kept, ae)
        main = self.exchange("main", "direct", {"alternate-exchange": ae})
        missing = self.exchange("missing-ae", "direct", {"alternate-exchange": self.exchange_name("absent")})
        self.channel.confirm_delivery()
        # Routed by the alternate: confirmed, not returned.
        self.channel.basic_publish(main, "unknown", b"kept", mandatory=True)
        self.assertEqual([b for b, _ in self.bodies(kept)], [b"kept"])
        # An alternate exchange that does not exist routes nowhere.
        with self.assertRaises(pex.UnroutableError):
            self.channel.basic_publish(missing, "unknown", b"lost", mandatory=True)

    def test_a_message_routed_by_the_alternate_is_confirmed_and_delivered_as_published(self):
        ae = self.exchange("ae", "fanout", durable=True)
        kept = self.declare("kept", durable=True)
        self.channel.queue_bind(kept, ae)
        main = self.exchange("main", "direct", {"alternate-exchange": ae}, durable=True)
        self.channel.confirm_delivery()
        # Confirmed (acked, not returned) once the alternate's queue has it.
        self.channel.basic_publish(main, "unknown", b"persistent",
                                   pika.BasicProperties(delivery_mode=2, headers={"k": "v"}), mandatory=True)
        method, properties, body = wait_get(self.channel, kept, auto_ack=True)
        # An alternate exchange only routes: the delivery names the exchange and
        # key it was published with, and it is no dead letter (no x-death).
        self.assertEqual((method.exchange, method.routing_key, body), (main, "unknown", b"persistent"))
        self.assertEqual(properties.delivery_mode, 2)
        self.assertEqual(header_text(properties.headers["k"]), "v")
        self.assertNotIn("x-death", properties.headers)

    def test_an_alternate_declared_after_the_exchange_takes_effect_when_it_exists(self):
        ae_name = self.exchange_name("late-ae")
        main = self.exchange("main", "direct", {"alternate-exchange": ae_name})
        kept = self.declare("kept")
        # The alternate does not exist yet: the message is dropped.
        self.channel.basic_publish(main, "unknown", b"lost")
        self.channel.exchange_declare(ae_name, exchange_type="fanout")
        self.channel.queue_bind(kept, ae_name)
        self.channel.basic_publish(main, "unknown", b"kept")
        self.assertEqual([b for b, _ in self.bodies(kept)], [b"kept"])

    def test_an_exchange_reached_through_a_binding_uses_its_alternate(self):
        ae = self.exchange("ae", "fanout")
        kept = self.declare("kept")
        self.channel.queue_bind(kept, ae)
        inner = self.exchange("inner", "direct", {"alternate-exchange": ae})
        outer = self.exchange("outer", "fanout")
        self.channel.exchange_bind(inner, outer)
        self.channel.basic_publish(outer, "k", b"through outer")
        method, _, body = wait_get(self.channel, kept, auto_ack=True)
        self.assertEqual((body, method.exchange), (b"through outer", outer))

    def test_an_internal_exchange_can_be_the_alternate(self):
        ae = self.exchange_name("internal-ae")
        self.channel.exchange_declare(ae, exchange_type="fanout", internal=True)
        kept = self.declare("kept")
        self.channel.queue_bind(kept, ae)
        main = self.exchange("main", "direct", {"alternate-exchange": ae})
        self.channel.basic_publish(main, "unknown", b"kept")
        self.assertEqual([b for b, _ in self.bodies(kept)], [b"kept"])

    def test_the_alternate_routes_by_the_cc_keys_too(self):
        ae = self.exchange("ae", "direct")
        kept = self.declare("kept")
        self.channel.queue_bind(kept, ae, "copy")
        main = self.exchange("main", "direct", {"alternate-exchange": ae})
        self.channel.basic_publish(main, "unknown", b"by cc", pika.BasicProperties(headers={"CC": ["copy"]}))
        self.assertEqual([b for b, _ in self.bodies(kept)], [b"by cc"])

    def test_an_exchange_whose_bindings_matched_does_not_use_its_alternate(self):
        ae = self.exchange("ae", "fanout")
        kept = self.declare("kept")
        self.channel.queue_bind(kept, ae)
        main = self.exchange("main", "direct", {"alternate-exchange": ae})
        dead_end = self.exchange("dead-end", "direct")
        self.channel.exchange_bind(dead_end, main, "k")
        # main's binding matched (to an exchange that routes nowhere): RabbitMQ
        # does not consult main's alternate then.
        self.channel.basic_publish(main, "k", b"matched")
        self.channel.basic_publish(main, "other", b"unmatched")
        self.assertEqual([b for b, _ in self.bodies(kept)], [b"unmatched"])

    def test_dead_letters_follow_the_alternate_exchange(self):
        ae = self.exchange("ae", "fanout")
        kept = self.declare("kept")
        self.channel.queue_bind(kept, ae)
        dlx = self.exchange("dlx", "direct", {"alternate-exchange": ae})
        work = self.declare("work", arguments={"x-dead-letter-exchange": dlx})
        self.channel.basic_publish("", work, b"rejected")
        method, _, _ = self.channel.basic_get(work)
        self.channel.basic_reject(method.delivery_tag, requeue=False)
        _, properties, body = wait_get(self.channel, kept, auto_ack=True)
        self.assertEqual(body, b"rejected")
        self.assertEqual(header_text(properties.headers["x-death"][0]["queue"]), work)

    def test_value_must_be_a_string(self):
        name = self.exchange_name("bad-ae")
        self.assert_refused(lambda ch: ch.exchange_declare(name, arguments={"alternate-exchange": 5}), 406,
                            "alternate-exchange")

    def test_redeclaring_with_another_alternate_is_inequivalent(self):
        main = self.exchange("main", "direct", {"alternate-exchange": "one"})
        # The same again is fine.
        self.channel.exchange_declare(main, exchange_type="direct", arguments={"alternate-exchange": "one"})
        self.assert_refused(
            lambda ch: ch.exchange_declare(main, exchange_type="direct", arguments={"alternate-exchange": "two"}),
            406, "inequivalent arg 'alternate-exchange'")


class SenderSelectedDistributionTest(ArgumentsTestCase):
    """CC and BCC headers: copies to more routing keys on the same exchange."""

    def setUp(self):
        super().setUp()
        self.x = self.exchange("x", "direct")
        self.a = self.declare("a")
        self.b = self.declare("b")
        self.c = self.declare("c")
        self.channel.queue_bind(self.a, self.x, "a")
        self.channel.queue_bind(self.b, self.x, "b")
        self.channel.queue_bind(self.c, self.x, "c")

    def publish(self, routing_key, headers, exchange=None, **kwargs):
        self.channel.basic_publish(self.x if exchange is None else exchange, routing_key, b"m",
                                   pika.BasicProperties(headers=headers), **kwargs)

    def test_cc_copies_to_another_queue_and_stays_in_the_headers(self):
        self.publish("a", {"CC": ["b"]})
        for queue in (self.a, self.b):
            got = self.bodies(queue)
            self.assertEqual(len(got), 1, queue)
            self.assertEqual([header_text(k) for k in got[0][1].headers["CC"]], ["b"])
        self.assertEqual(self.bodies(self.c), [])

    def test_bcc_copies_and_is_removed_before_delivery(self):
        self.publish("a", {"BCC": ["b"], "CC": ["c"], "keep": "me"})
        for queue in (self.a, self.b, self.c):
            got = self.bodies(queue)
            self.assertEqual(len(got), 1, queue)
            headers = got[0][1].headers
            self.assertNotIn("BCC", headers)
            self.assertEqual(header_text(headers["keep"]), "me")
            self.assertIn("CC", headers)

    def test_a_returned_message_has_no_bcc_either(self):
        returned = []
        self.channel.add_on_return_callback(lambda _ch, method, properties, body: returned.append(properties))
        self.publish("nobody", {"CC": ["nobody-cc"], "BCC": ["nobody-bcc"], "keep": "me"}, mandatory=True)
        wait_until(lambda: self.connection.process_data_events(0.05) or returned, message="basic.return")
        headers = returned[0].headers
        self.assertNotIn("BCC", headers)
        self.assertEqual([header_text(k) for k in headers["CC"]], ["nobody-cc"])
        self.assertEqual(header_text(headers["keep"]), "me")

    def test_a_queue_reached_by_several_keys_gets_one_copy(self):
        self.publish("a", {"CC": ["a", "b", "b"], "BCC": ["a", "b"]})
        self.assertEqual(len(self.bodies(self.a)), 1)
        self.assertEqual(len(self.bodies(self.b)), 1)

    def test_entries_that_are_not_strings_are_skipped(self):
        self.publish("a", {"CC": [5, "b"]})
        self.assertEqual(len(self.bodies(self.b)), 1)

    def test_cc_on_the_default_and_topic_exchanges(self):
        self.publish(self.a, {"CC": [self.b]}, exchange="")
        self.assertEqual(len(self.bodies(self.a)), 1)
        self.assertEqual(len(self.bodies(self.b)), 1)
        topic = self.exchange("t", "topic")
        self.channel.queue_bind(self.c, topic, "orders.#")
        self.publish("audit", {"BCC": ["orders.eu.new"]}, exchange=topic)
        self.assertEqual(len(self.bodies(self.c)), 1)

    def test_mandatory_is_not_returned_when_a_cc_key_routes(self):
        self.channel.confirm_delivery()
        self.publish("nobody", {"CC": ["b"]}, mandatory=True)
        self.assertEqual(len(self.bodies(self.b)), 1)
        with self.assertRaises(pex.UnroutableError):
            self.publish("nobody", {"CC": ["nobody-either"]}, mandatory=True)

    def test_cc_that_is_not_an_array_refuses_the_message(self):
        def publish(channel):
            channel.basic_publish(self.x, "a", b"m", pika.BasicProperties(headers={"CC": "b"}))
            channel.basic_get(self.a)   # the refusal arrives before this answer
        self.assert_refused(publish, 406, "CC")
        self.assertEqual(self.bodies(self.a), [])
        self.assertEqual(self.bodies(self.b), [])

    def test_dead_letters_keep_their_cc_routes(self):
        dlx = self.exchange("dlx", "direct")
        dead_a, dead_b = self.declare("dead-a"), self.declare("dead-b")
        self.channel.queue_bind(dead_a, dlx, "a")
        self.channel.queue_bind(dead_b, dlx, "b")
        work = self.declare("work", arguments={"x-dead-letter-exchange": dlx})
        self.channel.queue_bind(work, self.x, "a")
        self.publish("a", {"CC": ["b"]})
        self.bodies(self.a)
        self.bodies(self.b)
        method, _, _ = self.channel.basic_get(work)
        self.channel.basic_reject(method.delivery_tag, requeue=False)
        # Dead-lettered with every routing key it was published with.
        wait_get(self.channel, dead_a, auto_ack=True)
        wait_get(self.channel, dead_b, auto_ack=True)


class QueueArgumentsTest(ArgumentsTestCase):
    """Queue arguments Depot accepts without effect, as RabbitMQ does, and those it refuses."""

    def test_arguments_rabbitmq_knows_that_change_nothing_on_one_node_are_accepted(self):
        quorum = {"x-queue-type": "quorum"}
        for arguments in ({"x-queue-mode": "lazy"}, {"x-queue-mode": "default"}, {"x-queue-version": 2},
                          {"x-queue-master-locator": "client-local"}, {"x-ha-policy": "all"},
                          dict(quorum, **{"x-queue-leader-locator": "balanced"}),
                          dict(quorum, **{"x-quorum-initial-group-size": 3}),
                          dict(quorum, **{"x-max-in-memory-length": 10})):
            queue = self.declare("accepted", arguments=arguments, durable="x-queue-type" in arguments)
            self.channel.basic_publish("", queue, b"still a queue")
            # (RabbitMQ's quorum queues take a moment to show a message.)
            self.assertEqual(wait_get(self.channel, queue, auto_ack=True)[2], b"still a queue", arguments)

    def test_arguments_of_one_queue_type_are_refused_on_the_other(self):
        for arguments, durable in (({"x-queue-leader-locator": "balanced"}, False),
                                   ({"x-quorum-initial-group-size": 3}, False),
                                   ({"x-dead-letter-strategy": "at-most-once"}, False),
                                   ({"x-queue-type": "quorum", "x-queue-mode": "lazy"}, True)):
            key = [k for k in arguments if k != "x-queue-type"][0]
            self.assert_refused(lambda ch: ch.queue_declare(self.queue_name(), arguments=arguments, durable=durable),
                                406, f"invalid arg '{key}'")

    def test_arguments_without_the_x_prefix_are_kept(self):
        queue = self.declare("plain", arguments={"owner": "billing"})
        self.channel.basic_publish("", queue, b"m")
        self.assertEqual(len(self.bodies(queue)), 1)

    def test_checked_values_of_accepted_arguments(self):
        # RabbitMQ checks these values too (406).
        self.assert_refused(lambda ch: ch.queue_declare(self.queue_name(), arguments={"x-queue-mode": "eager"}),
                            406, "x-queue-mode")
        self.assert_refused(lambda ch: ch.queue_declare(self.queue_name(), arguments={"x-queue-version": 3}),
                            406, "x-queue-version")
        self.assert_refused(lambda ch: ch.queue_declare(self.queue_name(), arguments={"x-max-priority": 256}),
                            406, "x-max-priority")

    @depot_only("RabbitMQ accepts and ignores an unknown x- argument; Depot refuses it")
    def test_an_unknown_x_argument_is_refused_naming_it(self):
        name = self.queue_name()
        text = self.assert_refused(lambda ch: ch.queue_declare(name, arguments={"x-made-up": 1}), 406,
                                   "invalid arg 'x-made-up'", name)
        self.assertIn("unknown argument", text)
        # Nothing was created.
        self.assert_refused(lambda ch: ch.queue_declare(name, passive=True), 404)

    @depot_only("RabbitMQ has streams (x-max-age ...), consumer timeouts and at-least-once dead-lettering")
    def test_rabbitmq_arguments_depot_does_not_implement_are_refused(self):
        quorum = {"x-queue-type": "quorum"}
        # Stream arguments on a queue that is not a stream (test_streams.py has streams).
        for key, value, why, extra in (("x-max-age", "1D", "stream", {}),
                                       ("x-stream-max-segment-size-bytes", 1000, "stream", {}),
                                       ("x-stream-filter-size-bytes", 16, "stream", {}),
                                       ("x-initial-cluster-size", 3, "stream", {}),
                                       ("x-consumer-timeout", 60000, "consumer timeout", {}),
                                       ("x-dead-letter-strategy", "at-least-once", "at-most-once", quorum)):
            arguments = dict(extra, **{key: value})
            self.assert_refused(lambda ch: ch.queue_declare(self.queue_name(), arguments=arguments,
                                                            durable=bool(extra)), 406, f"invalid arg '{key}'", why)

    def test_at_most_once_dead_lettering_is_what_depot_does(self):
        dlx = self.exchange("dlx", "fanout")
        dlq = self.declare("dlq")
        self.channel.queue_bind(dlq, dlx)
        work = self.declare("work", durable=True, arguments={"x-queue-type": "quorum", "x-dead-letter-exchange": dlx,
                                                             "x-dead-letter-strategy": "at-most-once"})
        self.channel.basic_publish("", work, b"m")
        method, _, _ = wait_get(self.channel, work)
        self.channel.basic_reject(method.delivery_tag, requeue=False)
        self.assertEqual(wait_get(self.channel, dlq, auto_ack=True)[2], b"m")

    @depot_only("RabbitMQ accepts and ignores an unknown x- argument on a redeclaration too")
    def test_a_redeclaration_with_an_unknown_argument_is_refused(self):
        queue = self.declare("q")
        self.assert_refused(lambda ch: ch.queue_declare(queue, arguments={"x-made-up": True}), 406, "x-made-up")


class ExchangeAndBindingArgumentsTest(ArgumentsTestCase):

    @depot_only("RabbitMQ accepts and ignores unknown exchange arguments")
    def test_an_unknown_x_argument_is_refused_naming_it(self):
        name = self.exchange_name()
        self.assert_refused(lambda ch: ch.exchange_declare(name, arguments={"x-made-up": 1}), 406,
                            "invalid arg 'x-made-up'", name)
        self.assert_refused(lambda ch: ch.exchange_declare(name, passive=True), 404)

    @depot_only("RabbitMQ ignores x-delayed-type on other exchange types")
    def test_x_delayed_type_belongs_to_delayed_exchanges(self):
        self.assert_refused(
            lambda ch: ch.exchange_declare(self.exchange_name(), "direct", arguments={"x-delayed-type": "direct"}),
            406, "x-delayed-type")

    def test_an_exchange_argument_without_the_x_prefix_is_kept(self):
        x = self.exchange("plain", "fanout", {"owner": "billing"})
        queue = self.declare()
        self.channel.queue_bind(queue, x)
        self.channel.basic_publish(x, "", b"m")
        self.assertEqual(len(self.bodies(queue)), 1)

    def test_an_x_match_that_is_not_all_or_any_is_refused(self):
        headers = self.exchange("h", "headers")
        queue = self.declare()
        self.assert_refused(lambda ch: ch.queue_bind(queue, headers, arguments={"x-match": "most", "a": 1}), 406,
                            "x-match")
        # A valid one binds.
        self.channel.queue_bind(queue, headers, arguments={"x-match": "any", "a": 1})


class ConsumerArgumentsTest(ArgumentsTestCase):

    def test_x_cancel_on_ha_failover_is_accepted(self):
        queue = self.declare()
        received = []
        self.channel.basic_consume(queue, lambda ch, m, p, b: received.append(b), auto_ack=True,
                                   arguments={"x-cancel-on-ha-failover": True})
        self.channel.basic_publish("", queue, b"m")
        wait_until(lambda: self.connection.process_data_events(time_limit=0) or received, message="the delivery")
        self.assertEqual(received, [b"m"])

    def test_stream_offset_on_a_queue_that_is_not_a_stream_is_refused(self):
        # RabbitMQ: "invalid arg 'x-stream-offset' for queue ... of queue type rabbit_classic_queue".
        queue = self.declare()
        self.assert_refused(lambda ch: ch.basic_consume(queue, lambda *a: None, arguments={"x-stream-offset": "first"}),
                            406, "invalid arg 'x-stream-offset'")

    @depot_only("RabbitMQ ignores unknown consumer arguments")
    def test_stream_and_unknown_consumer_arguments_are_refused(self):
        queue = self.declare()
        for key, value in (("x-stream-filter", "eu"), ("x-made-up", 1)):
            self.assert_refused(
                lambda ch: ch.basic_consume(queue, lambda *a: None, arguments={key: value}), 406,
                f"invalid arg '{key}'")

    def test_x_cancel_on_ha_failover_must_be_a_boolean(self):
        queue = self.declare()
        self.assert_refused(
            lambda ch: ch.basic_consume(queue, lambda *a: None, arguments={"x-cancel-on-ha-failover": "yes"}), 406,
            "invalid arg 'x-cancel-on-ha-failover'")

if __name__ == "__main__":
    unittest.main()
