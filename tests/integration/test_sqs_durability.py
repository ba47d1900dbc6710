"""SQS on a data dir (python3-boto3, the query protocol): queues, their
attributes and tags, messages, receive counts and FIFO deduplication survive
a restart of depot; SIGKILL during SendMessageBatch / ReceiveMessage /
DeleteMessageBatch traffic loses no message whose send was answered, and
in-flight messages come back after their visibility timeout.

AWS's promise (SQS Developer Guide): a message whose SendMessage succeeded is
stored redundantly and kept until deleted or past its retention period.
"""

import json
import threading
import time
import unittest

from depot_harness import wait_until
from test_sqs_boto3 import SqsCase, queue_name


class SqsRestartTest(SqsCase):

    data_dir = True

    def reconnect(self):
        self.sqs = self.boto3_client()

    def url_of(self, name):
        return self.sqs.get_queue_url(QueueName=name)["QueueUrl"]

    def test_queues_attributes_tags_and_messages_survive_a_restart(self):
        dlq_name, name = queue_name("dlq"), queue_name("keep")
        dlq = self.create(name=dlq_name)
        redrive = json.dumps({"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 5})
        url = self.create(name=name, attributes={"VisibilityTimeout": "7", "DelaySeconds": "0",
                                                 "MessageRetentionPeriod": "600", "RedrivePolicy": redrive},
                          tags={"team": "ops"})
        before = self.attributes(url)
        attrs = {"k": {"DataType": "Number.int", "StringValue": "7"},
                 "b": {"DataType": "Binary", "BinaryValue": b"\x00\xff"}}
        sent = [self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}", MessageAttributes=attrs)["MessageId"]
                for i in range(5)]
        self.restart_depot()
        self.reconnect()
        url = self.url_of(name)
        self._created.append(url)
        after = self.attributes(url)
        for key in ("VisibilityTimeout", "MessageRetentionPeriod", "QueueArn", "CreatedTimestamp"):
            self.assertEqual(after[key], before[key], key)
        self.assertEqual(json.loads(after["RedrivePolicy"])["deadLetterTargetArn"], self.arn(dlq))
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"team": "ops"})
        got = self.drain(url, 5)
        self.assertEqual(sorted(m["MessageId"] for m in got), sorted(sent))
        for m in got:
            self.assertEqual(m["MessageAttributes"], attrs)

    def test_attributes_set_later_and_tags_added_later_survive_a_restart(self):
        name = queue_name("setlater")
        url = self.create(name=name)
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "9", "DelaySeconds": "1"})
        self.sqs.tag_queue(QueueUrl=url, Tags={"added": "later"})
        self.restart_depot()
        self.reconnect()
        url = self.url_of(name)
        a = self.attributes(url)
        self.assertEqual((a["VisibilityTimeout"], a["DelaySeconds"]), ("9", "1"))
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url).get("Tags"), {"added": "later"})

    def test_in_flight_message_keeps_its_receive_count_over_a_restart(self):
        name = queue_name("inflight")
        url = self.create(name=name)
        self.sqs.send_message(QueueUrl=url, MessageBody="counted")
        first = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=2)[0]
        self.restart_depot()
        self.reconnect()
        url = self.url_of(name)
        again = self.receive_one(url, timeout=20)
        self.assertEqual(again["MessageId"], first["MessageId"])
        self.assertEqual(again["Attributes"]["ApproximateReceiveCount"], "2")

    def test_fifo_deduplication_window_survives_a_restart(self):
        name = queue_name("dedup", fifo=True)
        url = self.create(name=name, fifo=True)
        first = self.sqs.send_message(QueueUrl=url, MessageBody="once", MessageGroupId="g",
                                      MessageDeduplicationId="same")
        self.restart_depot()
        self.reconnect()
        url = self.url_of(name)
        again = self.sqs.send_message(QueueUrl=url, MessageBody="twice", MessageGroupId="g",
                                      MessageDeduplicationId="same")
        self.assertEqual(again["MessageId"], first["MessageId"])
        nxt = self.sqs.send_message(QueueUrl=url, MessageBody="next", MessageGroupId="g",
                                    MessageDeduplicationId="other")
        self.assertGreater(int(nxt["SequenceNumber"]), int(first["SequenceNumber"]))
        self.assertEqual([m["Body"] for m in self.drain(url, 3, timeout=5)], ["once", "next"])

    def test_kill_during_batch_traffic_loses_no_accepted_message(self):
        name = queue_name("crash")
        url = self.create(name=name, attributes={"VisibilityTimeout": "2"})
        accepted = set()        # bodies whose SendMessageBatch entry was answered Successful
        deleted = set()         # bodies whose DeleteMessageBatch entry was answered Successful
        unsure = set()          # bodies in a DeleteMessageBatch that the kill left unanswered
        stop = threading.Event()
        errors = []

        def producer():
            client = self.boto3_client(connect_timeout=2, read_timeout=10)
            n = 0
            while not stop.is_set():
                bodies = [f"p{n + i}" for i in range(10)]
                n += 10
                try:
                    result = client.send_message_batch(QueueUrl=url, Entries=[
                        {"Id": str(i), "MessageBody": b} for i, b in enumerate(bodies)])
                except Exception:
                    return          # depot is gone: what was not answered may or may not be stored
                for ok in result.get("Successful", []):
                    accepted.add(bodies[int(ok["Id"])])
                if result.get("Failed"):
                    errors.append(result["Failed"])

        def consumer():
            client = self.boto3_client(connect_timeout=2, read_timeout=10)
            while not stop.is_set():
                try:
                    messages = client.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                                      WaitTimeSeconds=1).get("Messages", [])
                except Exception:
                    return
                if not messages:
                    continue
                try:
                    result = client.delete_message_batch(QueueUrl=url, Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])
                except Exception:
                    unsure.update(m["Body"] for m in messages)
                    return
                for ok in result.get("Successful", []):
                    deleted.add(messages[int(ok["Id"])]["Body"])

        threads = [threading.Thread(target=producer), threading.Thread(target=producer),
                   threading.Thread(target=consumer)]
        for t in threads:
            t.start()
        wait_until(lambda: len(accepted) >= 500, timeout=60, message="500 accepted messages")
        self.restart_depot(kill=True)
        stop.set()
        for t in threads:
            t.join(30)
        self.assertEqual(errors, [])
        self.reconnect()
        url = self.url_of(name)
        remaining = set()
        deadline = time.monotonic() + 60
        expected = accepted - deleted - unsure
        # Messages in flight at the kill come back after their 2 s visibility timeout.
        while not expected <= remaining and time.monotonic() < deadline:
            for m in self.drain(url, max(10, len(expected - remaining)), timeout=5):
                remaining.add(m["Body"])
        missing = expected - remaining
        self.assertEqual(missing, set(), f"{len(missing)} accepted, undeleted messages lost, e.g. "
                                         f"{sorted(missing)[:5]}")


if __name__ == "__main__":
    unittest.main()
