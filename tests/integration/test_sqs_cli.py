"""SQS queues seen from outside the SQS API, and the AWS CLI.

- An SQS queue is a Depot queue: the management HTTP API and /metrics report
  it with its depths (ready, in flight) as the SQS client changes them.
- The AWS CLI (v1, where it is installed: Debian 12 does not package it)
  against Depot's SQS listener. Its botocore is newer than Debian's
  python3-boto3 and speaks AWS JSON 1.0, so this also covers the JSON
  protocol from Python. Expected values come from AWS's documentation
  (MD5 of the body, the NonExistentQueue query code), not from Depot.
"""

import base64
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import urllib.request
import uuid

from depot_harness import SqsTestCase, wait_until
from sqs_support import md5_hex, md5_of_attributes


def queue_name(prefix):
    return f"depot-it-{prefix}-{uuid.uuid4().hex[:12]}"


class SqsQueuesInHttpApiAndMetricsTest(SqsTestCase):
    def http_get(self, path, auth=True):
        request = urllib.request.Request(f"http://127.0.0.1:{self.depot.http_port}{path}")
        if auth:
            token = base64.b64encode(b"guest:guest").decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read().decode()

    def queue_json(self, name):
        return json.loads(self.http_get(f"/api/queues/%2F/{name}"))

    def metric(self, family, name):
        for line in self.http_get("/metrics", auth=False).splitlines():
            if line.startswith(f'{family}{{vhost="/",queue="{name}"}} '):
                return float(line.rsplit(" ", 1)[1])
        return None

    def test_depths_follow_sends_receives_and_deletes(self):
        sqs = self.boto3_client()
        name = queue_name("api")
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        self.addCleanup(sqs.delete_queue, QueueUrl=url)
        for i in range(3):
            sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
        wait_until(lambda: self.queue_json(name).get("messages_ready") == 3, message="3 ready in the HTTP API")
        self.assertEqual(self.metric("depot_queue_messages_ready", name), 3.0)
        self.assertEqual(self.metric("depot_queue_messages_unacked", name), 0.0)

        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2, VisibilityTimeout=60)["Messages"]
        self.assertEqual(len(received), 2)
        wait_until(lambda: self.queue_json(name).get("messages_unacknowledged") == 2, message="2 in flight in the HTTP API")
        queue = self.queue_json(name)
        self.assertEqual(queue["messages_ready"], 1)
        self.assertEqual(queue["messages"], 3)
        self.assertEqual(self.metric("depot_queue_messages_ready", name), 1.0)
        self.assertEqual(self.metric("depot_queue_messages_unacked", name), 2.0)

        for m in received:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        wait_until(lambda: self.queue_json(name).get("messages") == 1, message="1 left after the deletes")
        self.assertEqual(self.metric("depot_queue_messages_unacked", name), 0.0)

    def test_a_deleted_queue_leaves_both(self):
        sqs = self.boto3_client()
        name = queue_name("gone")
        url = sqs.create_queue(QueueName=name)["QueueUrl"]
        self.assertIsNotNone(self.metric("depot_queue_messages_ready", name))
        sqs.delete_queue(QueueUrl=url)
        wait_until(lambda: self.metric("depot_queue_messages_ready", name) is None, message="the queue gone from /metrics")
        with self.assertRaises(urllib.error.HTTPError) as caught:
            self.queue_json(name)
        self.assertEqual(caught.exception.code, 404)


@unittest.skipUnless(shutil.which("aws"), "the AWS CLI is not installed (Debian 12 does not package it)")
class AwsCliTest(SqsTestCase):
    def setUp(self):
        super().setUp()
        self.home = tempfile.mkdtemp(prefix="depot-it-awscli-")
        self.addCleanup(shutil.rmtree, self.home, True)

    def aws(self, *args, check=True):
        env = dict(os.environ, AWS_ACCESS_KEY_ID="test", AWS_SECRET_ACCESS_KEY="test",
                   AWS_DEFAULT_REGION="us-east-1", AWS_CONFIG_FILE=os.path.join(self.home, "config"),
                   AWS_SHARED_CREDENTIALS_FILE=os.path.join(self.home, "credentials"), HOME=self.home,
                   AWS_PAGER="")
        result = subprocess.run(["aws", "--endpoint-url", self.sqs_endpoint, "--output", "json", "sqs", *args],
                                capture_output=True, text=True, env=env, timeout=120)
        if check and result.returncode != 0:
            self.fail(f"aws sqs {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    def test_create_send_receive_delete(self):
        name = queue_name("cli")
        url = json.loads(self.aws("create-queue", "--queue-name", name).stdout)["QueueUrl"]
        self.addCleanup(self.aws, "delete-queue", "--queue-url", url, check=False)
        self.assertEqual(url, f"{self.sqs_endpoint}/000000000000/{name}")
        self.assertEqual(json.loads(self.aws("get-queue-url", "--queue-name", name).stdout)["QueueUrl"], url)

        body = "order 10003 für Frances"
        attributes = {"kind": {"DataType": "String", "StringValue": "order"},
                      "n": {"DataType": "Number", "StringValue": "3"}}
        sent = json.loads(self.aws("send-message", "--queue-url", url, "--message-body", body,
                                   "--message-attributes", json.dumps(attributes)).stdout)
        self.assertEqual(sent["MD5OfMessageBody"], md5_hex(body.encode()))
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_attributes(attributes))

        received = json.loads(self.aws("receive-message", "--queue-url", url, "--attribute-names", "All",
                                       "--message-attribute-names", "All", "--wait-time-seconds", "5").stdout)
        self.assertEqual(len(received["Messages"]), 1)
        message = received["Messages"][0]
        self.assertEqual(message["Body"], body)
        self.assertEqual(message["MessageId"], sent["MessageId"])
        self.assertEqual(message["MD5OfBody"], md5_hex(body.encode()))
        self.assertEqual(message["MessageAttributes"], attributes)
        self.assertEqual(message["Attributes"]["ApproximateReceiveCount"], "1")

        self.aws("delete-message", "--queue-url", url, "--receipt-handle", message["ReceiptHandle"])
        counts = json.loads(self.aws("get-queue-attributes", "--queue-url", url, "--attribute-names",
                                     "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible").stdout)
        self.assertEqual(counts["Attributes"], {"ApproximateNumberOfMessages": "0",
                                                "ApproximateNumberOfMessagesNotVisible": "0"})

    def test_batch_with_a_failed_entry(self):
        name = queue_name("clibatch")
        url = json.loads(self.aws("create-queue", "--queue-name", name).stdout)["QueueUrl"]
        self.addCleanup(self.aws, "delete-queue", "--queue-url", url, check=False)
        entries = [{"Id": "a", "MessageBody": "first"}, {"Id": "b", "MessageBody": "second"},
                   {"Id": "c", "MessageBody": "x", "DelaySeconds": 901}]
        result = json.loads(self.aws("send-message-batch", "--queue-url", url, "--entries",
                                     json.dumps(entries)).stdout)
        self.assertEqual(sorted(e["Id"] for e in result["Successful"]), ["a", "b"])
        self.assertEqual([(f["Id"], f["SenderFault"], f["Code"]) for f in result["Failed"]],
                         [("c", True, "InvalidParameterValue")])

    def test_missing_queue_is_the_aws_error(self):
        result = self.aws("get-queue-url", "--queue-name", queue_name("missing"), check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("AWS.SimpleQueueService.NonExistentQueue", result.stderr)


if __name__ == "__main__":
    unittest.main()
