"""pika's asynchronous SelectConnection against Depot: connect, declare,
publish with confirms (every delivery tag confirmed, multiple acks allowed),
consume N messages with acks, close cleanly.

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ 3.10.8.
"""

import unittest

from depot_harness import BrokerTestCase, import_client

pika = import_client("pika", "python3-pika")

MESSAGES = 500


class AsyncFlow:
    """Callback chain: open -> channel -> confirm -> declare -> publish -> consume -> close."""

    def __init__(self, parameters, exchange, queue, count):
        self.parameters = parameters
        self.exchange = exchange
        self.queue = queue
        self.count = count
        self.confirmed = set()
        self.nacked = set()
        self.multiple_acks = 0
        self.received = []
        self.steps = []
        self.error = None
        self.closed_reason = None
        self.connection = None
        self.channel = None

    def run(self, timeout=60):
        self.connection = pika.SelectConnection(self.parameters, on_open_callback=self.on_open,
                                                on_open_error_callback=self.on_open_error,
                                                on_close_callback=self.on_closed)
        self.connection.ioloop.call_later(timeout, self.on_timeout)
        self.connection.ioloop.start()

    def fail(self, message):
        if self.error is None:
            self.error = message
        if self.connection.is_open:
            self.connection.close()
        else:
            self.connection.ioloop.stop()

    def on_timeout(self):
        self.fail(f"timed out at step {self.steps[-1] if self.steps else 'connect'}; "
                  f"confirmed {len(self.confirmed)}, received {len(self.received)}")

    def on_open_error(self, connection, error):
        self.error = f"could not connect: {error!r}"
        connection.ioloop.stop()

    def on_closed(self, connection, reason):
        self.closed_reason = reason
        connection.ioloop.stop()

    def on_open(self, connection):
        self.steps.append("open")
        connection.channel(on_open_callback=self.on_channel)

    def on_channel(self, channel):
        self.steps.append("channel")
        self.channel = channel
        channel.add_on_close_callback(self.on_channel_closed)
        channel.confirm_delivery(self.on_confirm, callback=self.on_confirm_select)

    def on_channel_closed(self, channel, reason):
        if self.steps[-1] != "done":
            self.fail(f"channel closed by the broker: {reason!r}")

    def on_confirm_select(self, frame):
        self.steps.append("confirm")
        self.channel.exchange_declare(self.exchange, exchange_type="topic", callback=self.on_exchange)

    def on_exchange(self, frame):
        self.steps.append("exchange")
        self.channel.queue_declare(self.queue, durable=True, callback=self.on_queue)

    def on_queue(self, frame):
        self.steps.append("queue")
        self.channel.queue_bind(self.queue, self.exchange, routing_key="jobs.#", callback=self.on_bind)

    def on_bind(self, frame):
        self.steps.append("publish")
        for i in range(self.count):
            self.channel.basic_publish(self.exchange, f"jobs.{i % 3}", b"job-%04d" % i,
                                       pika.BasicProperties(delivery_mode=2, message_id=str(i)))

    def on_confirm(self, frame):
        method = frame.method
        tags = range(1, method.delivery_tag + 1) if method.multiple else [method.delivery_tag]
        if method.multiple:
            self.multiple_acks += 1
        target = self.confirmed if isinstance(method, pika.spec.Basic.Ack) else self.nacked
        target.update(tag for tag in tags if tag not in self.confirmed and tag not in self.nacked)
        if self.nacked:
            self.fail(f"the broker nacked {sorted(self.nacked)[:5]}")
        elif len(self.confirmed) == self.count and self.steps[-1] == "publish":
            self.steps.append("consume")
            self.channel.basic_qos(prefetch_count=50, callback=self.on_qos)

    def on_qos(self, frame):
        self.channel.basic_consume(self.queue, self.on_message)

    def on_message(self, channel, method, properties, body):
        self.received.append(body)
        if len(self.received) % 10 == 0 or len(self.received) == self.count:
            channel.basic_ack(method.delivery_tag, multiple=True)
        if len(self.received) == self.count:
            self.steps.append("done")
            self.connection.close()


class PikaAsyncTest(BrokerTestCase):

    def test_publish_with_confirms_and_consume(self):
        exchange, queue = self.exchange_name("async"), self.queue_name("async")
        flow = AsyncFlow(self.pika_parameters(), exchange, queue, MESSAGES)
        flow.run()
        self.assertIsNone(flow.error, flow.error)
        self.assertEqual(flow.steps, ["open", "channel", "confirm", "exchange", "queue", "publish", "consume", "done"])
        self.assertEqual(flow.confirmed, set(range(1, MESSAGES + 1)))
        self.assertEqual(flow.received, [b"job-%04d" % i for i in range(MESSAGES)])
        # A clean close by the client: the reason is the client's own 200.
        self.assertIsInstance(flow.closed_reason, pika.exceptions.ConnectionClosedByClient)
        self.assertEqual(flow.closed_reason.reply_code, 200)
        # Everything was acked: nothing is left or comes back.
        connection = self.pika_connection()
        self.assertEqual(connection.channel().queue_declare(queue, passive=True).method.message_count, 0)


if __name__ == "__main__":
    unittest.main()
