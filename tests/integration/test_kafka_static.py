"""Static group membership (group.instance.id, KIP-345) with librdkafka
(python3-confluent-kafka) against the real `depot --headless --kafka-port N`:

- a static member that restarts within its session takes its old place:
  a new member id, its old partitions, and no rebalance for the others
  (their assignment callbacks do not run, the group stays Stable);
- a second consumer started with the same instance id takes the place
  over and the first is fenced (librdkafka's fatal "fenced" error);
- LeaveGroup v3 by instance id alone removes a static member that went
  away without leaving; the group rebalances and the other member gets
  every partition; an instance id not in the group is UNKNOWN_MEMBER_ID,
  a stale member id with a current instance id FENCED_INSTANCE_ID.
"""

import struct
import time
import unittest

from depot_harness import DepotProcess, import_client
from test_kafka import raw_request

FENCED_INSTANCE_ID = 82
UNKNOWN_MEMBER_ID = 25


def kstring(s):
    if s is None:
        return struct.pack(">h", -1)
    data = s.encode()
    return struct.pack(">h", len(data)) + data


def leave_group_v3(port, group, members):
    """LeaveGroup v3 (LeaveGroupRequest.json): group id, members [member id, instance id].
    Returns (error, [(member id, instance id, error)])."""
    body = kstring(group) + struct.pack(">i", len(members))
    for member_id, instance_id in members:
        body += kstring(member_id) + kstring(instance_id)
    data, closed = raw_request(port, 13, 3, 7, body)
    assert not closed, "the broker closed the connection"
    at = 8   # size, correlation id
    throttle, error, count = struct.unpack(">ihi", data[at:at + 10])
    at += 10
    out = []
    for _ in range(count):
        fields = []
        for _ in range(2):
            (length,) = struct.unpack(">h", data[at:at + 2])
            at += 2
            fields.append(None if length < 0 else data[at:at + length].decode())
            at += max(length, 0)
        (member_error,) = struct.unpack(">h", data[at:at + 2])
        at += 2
        out.append((fields[0], fields[1], member_error))
    return error, out


def heartbeat_v3(port, group, generation, member_id, instance_id):
    body = kstring(group) + struct.pack(">i", generation) + kstring(member_id) + kstring(instance_id)
    data, closed = raw_request(port, 12, 3, 8, body)
    assert not closed
    return struct.unpack(">h", data[12:14])[0]   # size, correlation id, throttle


class KafkaStaticMembershipTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ck = import_client("confluent_kafka", "python3-confluent-kafka")
        cls.depot = DepotProcess(kafka=True).start()
        cls.bootstrap = f"127.0.0.1:{cls.depot.kafka_port}"

    @classmethod
    def tearDownClass(cls):
        code = cls.depot.stop()
        if code != 0:
            raise AssertionError(f"depot exited with {code}\n{cls.depot.describe()}")

    def admin(self):
        from confluent_kafka.admin import AdminClient
        return AdminClient({"bootstrap.servers": self.bootstrap})

    def create_topic(self, name, partitions):
        from confluent_kafka.admin import NewTopic
        admin = self.admin()   # kept while its future runs
        self.assertIsNone(admin.create_topics([NewTopic(name, partitions, 1)])[name].result(10))

    def consumer(self, group, instance, client, events=None, errors=None):
        config = {"bootstrap.servers": self.bootstrap, "group.id": group, "group.instance.id": instance,
                  "client.id": client, "auto.offset.reset": "earliest", "enable.auto.commit": False,
                  # Long enough that a restart falls within the session.
                  "session.timeout.ms": 45000}
        if errors is not None:
            config["error_cb"] = errors.append
        c = self.ck.Consumer(config)
        return c

    def subscribe(self, consumer, topic, events):
        consumer.subscribe([topic],
                           on_assign=lambda c, ps: events.append(("assign", sorted(p.partition for p in ps))),
                           on_revoke=lambda c, ps: events.append(("revoke", sorted(p.partition for p in ps))))

    def poll_until(self, consumers, done, seconds=40):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for c in consumers:
                c.poll(0.1)
            if done():
                return True
        return False

    def describe(self, group):
        return self.admin().list_groups(group, timeout=10)[0]

    def test_a_restarted_static_member_keeps_its_partitions_without_a_rebalance(self):
        topic, group = "static-topic", "static-group"
        self.create_topic(topic, 4)
        a_events, b_events = [], []
        a = self.consumer(group, "inst-a", "client-a")
        self.subscribe(a, topic, a_events)
        self.assertTrue(self.poll_until([a], lambda: len(a.assignment()) == 4))
        b = self.consumer(group, "inst-b", "client-b")
        self.subscribe(b, topic, b_events)
        self.assertTrue(self.poll_until(
            [a, b], lambda: len(a.assignment()) + len(b.assignment()) == 4 and b.assignment()
            and self.describe(group).state == "Stable"))
        a_parts = sorted(p.partition for p in a.assignment())
        b_parts = sorted(p.partition for p in b.assignment())
        described = self.describe(group)
        members = {m.client_id: m for m in described.members}
        self.assertEqual(sorted(members), ["client-a", "client-b"])
        old_b = members["client-b"].id
        self.assertTrue(old_b.startswith("inst-b-"), old_b)

        # b stops (a static member sends no LeaveGroup) and starts again.
        b.close()
        a_events.clear()
        self.assertEqual(self.describe(group).state, "Stable")
        b2_events = []
        b2 = self.consumer(group, "inst-b", "client-b2")
        self.subscribe(b2, topic, b2_events)
        self.assertTrue(self.poll_until([a, b2], lambda: b2.assignment()))
        self.assertEqual(sorted(p.partition for p in b2.assignment()), b_parts)
        # a keeps polling a while: no revoke, no assign, the same partitions.
        self.poll_until([a, b2], lambda: False, seconds=4)
        self.assertEqual(a_events, [])
        self.assertEqual(sorted(p.partition for p in a.assignment()), a_parts)
        described = self.describe(group)
        self.assertEqual(described.state, "Stable")
        members = {m.client_id: m.id for m in described.members}
        self.assertEqual(sorted(members), ["client-a", "client-b2"])
        new_b = members["client-b2"]
        self.assertNotEqual(new_b, old_b)
        self.assertTrue(new_b.startswith("inst-b-"), new_b)

        # The replaced member id is fenced; the current one is not.
        self.assertEqual(heartbeat_v3(self.depot.kafka_port, group, 2, old_b, "inst-b"), FENCED_INSTANCE_ID)
        error, answered = leave_group_v3(self.depot.kafka_port, group, [(old_b, "inst-b"), ("", "inst-gone")])
        self.assertEqual(error, 0)
        self.assertEqual(answered, [(old_b, "inst-b", FENCED_INSTANCE_ID), ("", "inst-gone", UNKNOWN_MEMBER_ID)])

        # b2 goes away without leaving; an administrator removes it by
        # instance id, and a takes every partition.
        b2.close()
        self.assertEqual(len(self.describe(group).members), 2)
        error, answered = leave_group_v3(self.depot.kafka_port, group, [("", "inst-b")])
        self.assertEqual((error, answered), (0, [("", "inst-b", 0)]))
        self.assertTrue(self.poll_until([a], lambda: len(a.assignment()) == 4))
        described = self.describe(group)
        self.assertEqual([m.client_id for m in described.members], ["client-a"])
        a.close()

    def test_a_second_consumer_with_the_same_instance_id_fences_the_first(self):
        topic, group = "fenced-topic", "fenced-group"
        self.create_topic(topic, 2)
        first_errors = []
        first = self.consumer(group, "inst-x", "first", errors=first_errors)
        first.subscribe([topic])
        self.assertTrue(self.poll_until([first], lambda: len(first.assignment()) == 2))
        second = self.consumer(group, "inst-x", "second")
        second.subscribe([topic])
        fatal = []

        def first_fenced():
            # librdkafka's fatal error comes as a poll result of code _FATAL.
            message = first.poll(0.1)
            if message is not None and message.error() and (
                    message.error().fatal() or message.error().code() == self.ck.KafkaError._FATAL):
                fatal.append(message.error())
            fatal.extend(e for e in first_errors if e.fatal() or e.code() == self.ck.KafkaError._FATAL)
            return fatal and len(second.assignment()) == 2

        self.assertTrue(self.poll_until([second], first_fenced),
                        f"first: {first_errors}, second holds {second.assignment()}")
        self.assertIn("fenced", fatal[0].str().lower())
        members = self.describe(group).members
        self.assertEqual([m.client_id for m in members], ["second"])
        second.close()
        first.close()


if __name__ == "__main__":
    unittest.main()
