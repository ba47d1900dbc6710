"""Debian's python3-boto3 against Depot's SQS listener: the query protocol
(botocore before 1.31.82 sends form-encoded Action=... requests and reads XML).

Every action of the SQS API and every error AWS documents for it, checked by
behaviour: what is sent is received with the same body, attributes and MD5s,
a visibility timeout that runs out makes a message receivable again, a long
poll returns when a message is sent, a redrive moves a message to its dead-
letter queue. Expected values come from AWS's API reference and botocore's
service model (error codes and HTTP statuses: sqs_support.ERRORS), never from
what Depot answers. Visibility timeouts are short (1-2 s); waits are generous
(wait_until), no assertion is on a time except that a long poll woken by a
send returns well before its WaitTimeSeconds.
"""

import json
import threading
import time
import unittest
import uuid
import warnings

from depot_harness import SqsTestCase, import_client, wait_until
from sqs_support import (ACCOUNT, ERRORS, REGION, aws_error, md5_hex, md5_of_attributes, query_request,
                         xml_error_code, xml_find_all)

botocore_exceptions = None


# A deliberate difference from AWS (docs/sqs.md): the test stays, skipped with
# the reason.
DIFFERENCE_PURGE_LIMIT = ("deliberate difference (docs/sqs.md): no PurgeQueueInProgress, a second PurgeQueue "
                          "within 60 s purges again")


def queue_name(prefix="q", fifo=False):
    return f"depot-it-{prefix}-{uuid.uuid4().hex[:12]}" + (".fifo" if fifo else "")


class SqsCase(SqsTestCase):
    """One depot for the class; each test makes its own queues and deletes them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        global botocore_exceptions
        import_client("boto3", "python3-boto3")
        from botocore import exceptions
        # botocore keeps its pooled sockets open until the client is collected.
        warnings.filterwarnings("ignore", category=ResourceWarning)
        botocore_exceptions = exceptions

    def setUp(self):
        super().setUp()
        self.sqs = self.boto3_client()
        self.addCleanup(self._delete_queues)
        self._created = []

    def _delete_queues(self):
        if not self.depot.running():
            return
        client = self.boto3_client()
        for url in self._created:
            try:
                client.delete_queue(QueueUrl=url)
            except Exception:
                pass

    # -- helpers ----------------------------------------------------------
    def create(self, prefix="q", fifo=False, attributes=None, tags=None, name=None):
        name = name or queue_name(prefix, fifo)
        attributes = dict(attributes or {})
        if fifo:
            attributes.setdefault("FifoQueue", "true")
        kwargs = dict(QueueName=name, Attributes=attributes)
        if tags:
            kwargs["tags"] = tags
        url = self.sqs.create_queue(**kwargs)["QueueUrl"]
        self._created.append(url)
        return url

    def arn(self, url):
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    def attributes(self, url, *names):
        return self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=list(names) or ["All"])["Attributes"]

    def counts(self, url):
        """(visible, in flight): ApproximateNumberOfMessages and ...NotVisible."""
        a = self.attributes(url, "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")
        return int(a["ApproximateNumberOfMessages"]), int(a["ApproximateNumberOfMessagesNotVisible"])

    def delayed(self, url):
        return int(self.attributes(url, "ApproximateNumberOfMessagesDelayed")["ApproximateNumberOfMessagesDelayed"])

    def assertAwsError(self, shape, call, *args, **kwargs):
        code, status = ERRORS[shape]
        with self.assertRaises(botocore_exceptions.ClientError) as caught:
            call(*args, **kwargs)
        self.assertEqual(aws_error(caught.exception), (code, status), caught.exception.response)
        return caught.exception

    def receive(self, url, **kwargs):
        kwargs.setdefault("AttributeNames", ["All"])
        kwargs.setdefault("MessageAttributeNames", ["All"])
        return self.sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])

    def received_once_a_visibility_timeout_ran_out(self, url):
        """The messages receivable once a 1 s visibility timeout begun now has
        run out on Depot's own clock: a witness message received with that
        timeout has come back (waited for with a deadline, not for a time that
        ought to be enough). Whatever else came meanwhile is returned; the
        witness is deleted."""
        self.sqs.send_message(QueueUrl=url, MessageBody="visibility witness")
        others = []

        def witness(messages):
            found = [m for m in messages if m["Body"] == "visibility witness"]
            others.extend(m for m in messages if m["Body"] != "visibility witness")
            return found[0] if found else None
        first = witness(self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=5, VisibilityTimeout=1))
        self.assertIsNotNone(first, "the witness message was not received")
        back = wait_until(lambda: witness(self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1,
                                                       VisibilityTimeout=60)),
                          timeout=30, interval=0.05, message="the witness message back after its 1 s")
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=back["ReceiptHandle"])
        others.extend(self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1))
        return [m["Body"] for m in others]

    def receive_one(self, url, timeout=15.0, **kwargs):
        """Receives until one message comes (a visibility or delay that ends, a move)."""
        found = []

        def probe():
            found.extend(self.receive(url, MaxNumberOfMessages=1, WaitTimeSeconds=1, **kwargs))
            return bool(found)
        wait_until(probe, timeout=timeout, interval=0.05, message=f"a message in {url}")
        return found[0]

    def drain(self, url, expected, timeout=20.0, delete=True):
        """Receives (and deletes) until `expected` messages came; returns them in order."""
        got = []
        deadline = time.monotonic() + timeout
        while len(got) < expected and time.monotonic() < deadline:
            messages = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
            got.extend(messages)
            if delete and messages:
                self.sqs.delete_message_batch(QueueUrl=url, Entries=[
                    {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])
        return got


class Md5HelperTest(unittest.TestCase):
    """The suites' own MD5OfMessageAttributes against AWS's published examples
    (Developer Guide: SellerName = Example Store), so a wrong helper cannot
    pass a wrong Depot."""

    def test_aws_examples(self):
        self.assertEqual(md5_of_attributes({"SellerName": {"DataType": "String", "StringValue": "Example Store"}}),
                         "cd28f3b68aeee4b2eac9c66f2f694b58")
        self.assertEqual(md5_of_attributes({"ordinal": {"DataType": "Number", "StringValue": "1"},
                                            "category": {"DataType": "String", "StringValue": "test"}}),
                         "d21ae90c49061e927f57df5f5d72be1f")


class QueryProtocolTest(SqsCase):

    def test_client_speaks_the_query_protocol(self):
        # The suite is about the query protocol: Debian's botocore has it;
        # a newer one (1.31.82+) speaks JSON and would test the wrong thing.
        self.assertEqual(self.sqs.meta.service_model.protocol, "query",
                         "install Debian's python3-boto3 and run this with /usr/bin/python3")

    def test_raw_query_post_and_get_are_answered_in_xml(self):
        name = queue_name("raw")
        response = query_request(self.sqs_endpoint, {"Action": "CreateQueue", "QueueName": name})
        self.assertEqual(response.status, 200, response.text())
        url = xml_find_all(response.text(), "QueueUrl")[0]
        self._created.append(url)
        self.assertTrue(xml_find_all(response.text(), "RequestId"), response.text())
        # GET with the parameters in the query string, as AWS accepts.
        response = query_request(self.sqs_endpoint, {"Action": "GetQueueUrl", "QueueName": name}, method="GET")
        self.assertEqual(response.status, 200, response.text())
        self.assertEqual(xml_find_all(response.text(), "QueueUrl"), [url])

    def test_unknown_action_and_missing_parameter(self):
        response = query_request(self.sqs_endpoint, {"Action": "NoSuchAction"})
        self.assertEqual((xml_error_code(response.text()), response.status), ERRORS["InvalidAction"],
                         response.text())
        # SendMessage without MessageBody: boto3 refuses to send it, a raw request can.
        url = self.create("missing")
        response = query_request(self.sqs_endpoint, {"Action": "SendMessage", "QueueUrl": url})
        self.assertEqual((xml_error_code(response.text()), response.status), ERRORS["MissingParameter"],
                         response.text())
        self.assertEqual(self.counts(url), (0, 0))
        # The listener still answers on the same client afterwards.
        self.assertIn(url, self.sqs.list_queues(QueueNamePrefix=url.rsplit("/", 1)[1]).get("QueueUrls", []))

    def test_oversize_request_is_refused_and_nothing_is_stored(self):
        url = self.create("oversize")
        body = "x" * (3 * 1024 * 1024)     # beyond the largest message and batch AWS takes
        response = query_request(self.sqs_endpoint, {"Action": "SendMessage", "QueueUrl": url,
                                                     "MessageBody": body})
        self.assertGreaterEqual(response.status, 400, response.text()[:500])
        self.assertLess(response.status, 500, response.text()[:500])
        self.assertEqual(self.counts(url), (0, 0))
        self.sqs.send_message(QueueUrl=url, MessageBody="after")
        self.assertEqual(self.receive_one(url)["Body"], "after")


class QueueActionsTest(SqsCase):

    def test_create_get_url_list_delete(self):
        name = queue_name("life")
        url = self.create(name=name)
        self.assertEqual(url, f"{self.sqs_endpoint}/{ACCOUNT}/{name}")
        self.assertEqual(self.sqs.get_queue_url(QueueName=name)["QueueUrl"], url)
        self.assertEqual(self.sqs.list_queues(QueueNamePrefix=name).get("QueueUrls"), [url])
        self.sqs.delete_queue(QueueUrl=url)
        wait_until(lambda: not self.sqs.list_queues(QueueNamePrefix=name).get("QueueUrls"), timeout=10,
                   message="the deleted queue gone from ListQueues")
        self.assertAwsError("QueueDoesNotExist", self.sqs.get_queue_url, QueueName=name)
        self.assertAwsError("QueueDoesNotExist", self.sqs.send_message, QueueUrl=url, MessageBody="x")

    def test_list_queues_without_match_has_no_queue_urls(self):
        self.assertNotIn("QueueUrls", self.sqs.list_queues(QueueNamePrefix=queue_name("nothing")))

    def test_bare_queue_name_where_a_url_is_expected(self):
        name = queue_name("bare")
        self.create(name=name)
        self.sqs.send_message(QueueUrl=name, MessageBody="by name")
        self.assertEqual(self.receive(name, WaitTimeSeconds=2)[0]["Body"], "by name")

    def test_create_is_idempotent_but_not_with_other_attributes(self):
        name = queue_name("same")
        url = self.create(name=name, attributes={"VisibilityTimeout": "40"})
        self.assertEqual(self.sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "40"})["QueueUrl"],
                         url)
        self.assertAwsError("QueueNameExists", self.sqs.create_queue, QueueName=name,
                            Attributes={"VisibilityTimeout": "41"})
        self.assertEqual(self.attributes(url, "VisibilityTimeout")["VisibilityTimeout"], "40")

    def test_list_queues_pages_with_max_results_and_next_token(self):
        prefix = queue_name("page")
        urls = {self.create(name=f"{prefix}-{i}") for i in range(5)}
        seen, token, pages = [], None, 0
        while True:
            kwargs = dict(QueueNamePrefix=prefix, MaxResults=2)
            if token:
                kwargs["NextToken"] = token
            page = self.sqs.list_queues(**kwargs)
            pages += 1
            self.assertLessEqual(len(page.get("QueueUrls", [])), 2)
            seen.extend(page.get("QueueUrls", []))
            token = page.get("NextToken")
            if not token:
                break
            self.assertLess(pages, 10)
        self.assertEqual(sorted(seen), sorted(urls))
        self.assertGreaterEqual(pages, 3)

    def test_get_queue_attributes_all_on_a_new_standard_queue(self):
        before = int(time.time())
        name = queue_name("attrs")
        url = self.create(name=name)
        a = self.attributes(url)
        # AWS's defaults (CreateQueue reference; 1 MiB maximum since 2025;
        # SSE-SQS on by default for new queues).
        expected = {
            "QueueArn": f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}",
            "ApproximateNumberOfMessages": "0",
            "ApproximateNumberOfMessagesNotVisible": "0",
            "VisibilityTimeout": "30",
            "MaximumMessageSize": "1048576",
            "MessageRetentionPeriod": "345600",
            "DelaySeconds": "0",
            "ReceiveMessageWaitTimeSeconds": "0",
            "SqsManagedSseEnabled": "true",
        }
        for key, value in expected.items():
            self.assertEqual(a.get(key), value, f"{key} in {a}")
        for key in ("CreatedTimestamp", "LastModifiedTimestamp"):
            self.assertRegex(a[key], r"^\d+$")          # seconds since the epoch
            self.assertLessEqual(abs(int(a[key]) - before), 120, key)
        for absent in ("RedrivePolicy", "Policy", "FifoQueue", "ContentBasedDeduplication"):
            self.assertNotIn(absent, a)
        # One name asks for that one only.
        self.assertEqual(self.attributes(url, "DelaySeconds"), {"DelaySeconds": "0"})
        self.assertAwsError("InvalidAttributeName", self.sqs.get_queue_attributes, QueueUrl=url,
                            AttributeNames=["NoSuchAttribute"])

    def test_set_queue_attributes_in_range_and_refused_out_of_range(self):
        url = self.create("set")
        created = int(self.attributes(url, "CreatedTimestamp")["CreatedTimestamp"])
        good = {"VisibilityTimeout": "60", "MaximumMessageSize": "2048", "MessageRetentionPeriod": "120",
                "DelaySeconds": "5", "ReceiveMessageWaitTimeSeconds": "3"}
        self.sqs.set_queue_attributes(QueueUrl=url, Attributes=good)
        a = self.attributes(url)
        for key, value in good.items():
            self.assertEqual(a[key], value, key)
        self.assertGreaterEqual(int(a["LastModifiedTimestamp"]), created)
        # AWS's ranges: one past each end is refused and changes nothing.
        for key, value in (("VisibilityTimeout", "43201"), ("VisibilityTimeout", "-1"),
                           ("MaximumMessageSize", "1023"), ("MaximumMessageSize", "1048577"),
                           ("MessageRetentionPeriod", "59"), ("MessageRetentionPeriod", "1209601"),
                           ("DelaySeconds", "901"), ("ReceiveMessageWaitTimeSeconds", "21"),
                           ("VisibilityTimeout", "ten")):
            self.assertAwsError("InvalidAttributeValue", self.sqs.set_queue_attributes, QueueUrl=url,
                                Attributes={key: value})
        self.assertAwsError("InvalidAttributeName", self.sqs.set_queue_attributes, QueueUrl=url,
                            Attributes={"NoSuchAttribute": "1"})
        a = self.attributes(url)
        for key, value in good.items():
            self.assertEqual(a[key], value, f"{key} changed by a refused SetQueueAttributes")
        # The same ranges at CreateQueue.
        self.assertAwsError("InvalidAttributeValue", self.sqs.create_queue, QueueName=queue_name("bad"),
                            Attributes={"DelaySeconds": "901"})

    def test_approximate_counts_follow_the_messages(self):
        url = self.create("counts")
        self.sqs.send_message(QueueUrl=url, MessageBody="a")
        self.sqs.send_message(QueueUrl=url, MessageBody="b")
        wait_until(lambda: self.counts(url) == (2, 0), timeout=10, message="2 visible")
        self.receive(url, MaxNumberOfMessages=1, VisibilityTimeout=300)
        wait_until(lambda: self.counts(url) == (1, 1), timeout=10, message="1 visible, 1 in flight")

    def test_approximate_number_of_messages_delayed(self):
        url = self.create("delayedcount")
        self.assertEqual(self.attributes(url)["ApproximateNumberOfMessagesDelayed"], "0")
        self.sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=300)
        self.sqs.send_message(QueueUrl=url, MessageBody="now")
        wait_until(lambda: self.delayed(url) == 1, timeout=10, message="1 delayed")
        self.assertEqual(self.counts(url), (1, 0))

    def test_tags_at_create_tag_untag_and_list(self):
        url = self.create("tags", tags={"team": "billing", "env": "test"})
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"team": "billing", "env": "test"})
        self.sqs.tag_queue(QueueUrl=url, Tags={"env": "prod", "owner": "me"})
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"],
                         {"team": "billing", "env": "prod", "owner": "me"})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["team", "owner"])
        self.assertEqual(self.sqs.list_queue_tags(QueueUrl=url)["Tags"], {"env": "prod"})
        self.sqs.untag_queue(QueueUrl=url, TagKeys=["env"])
        self.assertNotIn("Tags", self.sqs.list_queue_tags(QueueUrl=url))

    def test_add_and_remove_permission_are_kept_in_the_policy(self):
        url = self.create("perm")
        arn = self.arn(url)
        self.sqs.add_permission(QueueUrl=url, Label="let-them-send", AWSAccountIds=["111122223333"],
                                Actions=["SendMessage"])
        policy = json.loads(self.attributes(url, "Policy")["Policy"])
        self.assertEqual(policy["Version"], "2012-10-17")
        statements = {s["Sid"]: s for s in policy["Statement"]}
        self.assertIn("let-them-send", statements)
        statement = statements["let-them-send"]
        self.assertEqual(statement["Effect"], "Allow")
        self.assertEqual(statement["Resource"], arn)
        # AWS's generated policy: one action or principal is a string.
        self.assertEqual(statement["Action"], "SQS:SendMessage")
        self.assertEqual(statement["Principal"], {"AWS": "arn:aws:iam::111122223333:root"})
        self.sqs.remove_permission(QueueUrl=url, Label="let-them-send")
        policy = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Policy"]).get("Attributes", {}).get(
            "Policy")
        if policy:
            self.assertNotIn("let-them-send", [s.get("Sid") for s in json.loads(policy).get("Statement", [])])

    def test_purge_empties_the_queue(self):
        url = self.create("purge")
        for i in range(3):
            self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
        wait_until(lambda: self.counts(url) == (3, 0), timeout=10, message="3 visible")
        self.sqs.purge_queue(QueueUrl=url)
        wait_until(lambda: self.counts(url) == (0, 0), timeout=10, message="an empty queue after purge")
        self.assertEqual(self.receive(url, WaitTimeSeconds=1), [])
        self.sqs.send_message(QueueUrl=url, MessageBody="after")
        self.assertEqual(self.receive_one(url)["Body"], "after")
        self.assertAwsError("QueueDoesNotExist", self.sqs.purge_queue, QueueUrl=url + "-missing")

    def test_purge_empties_in_flight_messages_too(self):
        url = self.create("purgeinflight")
        for i in range(3):
            self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}")
        self.assertEqual(len(self.receive(url, MaxNumberOfMessages=1, VisibilityTimeout=1)), 1)
        self.sqs.purge_queue(QueueUrl=url)
        wait_until(lambda: self.counts(url) == (0, 0), timeout=10, message="an empty queue after purge")
        # Past the in-flight message's visibility timeout: it must not come back.
        self.assertEqual(self.received_once_a_visibility_timeout_ran_out(url), [])
        self.assertEqual(self.counts(url), (0, 0))

    @unittest.skip(DIFFERENCE_PURGE_LIMIT)
    def test_purge_twice_within_sixty_seconds(self):
        url = self.create("purge2")
        self.sqs.purge_queue(QueueUrl=url)
        self.assertAwsError("PurgeQueueInProgress", self.sqs.purge_queue, QueueUrl=url)


class MessageTest(SqsCase):

    ATTRIBUTES = {
        "text": {"DataType": "String", "StringValue": "héllo wörld ✓"},
        "count": {"DataType": "Number", "StringValue": "42"},
        "ratio": {"DataType": "Number.float", "StringValue": "0.25"},
        "blob": {"DataType": "Binary", "BinaryValue": bytes(range(256))},
        "kind": {"DataType": "String.custom", "StringValue": "x"},
        "raw": {"DataType": "Binary.gzip", "BinaryValue": b"\x1f\x8b\x00"},
    }

    def test_send_then_receive_keeps_body_attributes_and_md5s(self):
        url = self.create("roundtrip")
        body = "Grüße 𝄞 <xml> & \"quotes\"\n\ttab"
        before_ms = int(time.time() * 1000)
        sent = self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageAttributes=self.ATTRIBUTES)
        self.assertEqual(sent["MD5OfMessageBody"], md5_hex(body.encode("utf-8")))
        self.assertEqual(sent["MD5OfMessageAttributes"], md5_of_attributes(self.ATTRIBUTES))
        self.assertRegex(sent["MessageId"], r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
        self.assertNotIn("SequenceNumber", sent)      # standard queues have none
        m = self.receive(url, WaitTimeSeconds=5)[0]
        self.assertEqual(m["Body"], body)
        self.assertEqual(m["MessageId"], sent["MessageId"])
        self.assertEqual(m["MD5OfBody"], sent["MD5OfMessageBody"])
        self.assertEqual(m["MD5OfMessageAttributes"], sent["MD5OfMessageAttributes"])
        self.assertEqual(m["MessageAttributes"], self.ATTRIBUTES)
        self.assertTrue(m["ReceiptHandle"])
        a = m["Attributes"]
        self.assertEqual(a["ApproximateReceiveCount"], "1")
        self.assertTrue(a["SenderId"])
        for key in ("SentTimestamp", "ApproximateFirstReceiveTimestamp"):
            self.assertRegex(a[key], r"^\d+$")                # milliseconds since the epoch
            self.assertLessEqual(abs(int(a[key]) - before_ms), 120_000, key)
        self.assertLessEqual(int(a["SentTimestamp"]), int(a["ApproximateFirstReceiveTimestamp"]))
        for absent in ("MessageGroupId", "SequenceNumber", "MessageDeduplicationId", "DeadLetterQueueSourceArn"):
            self.assertNotIn(absent, a)

    def test_message_without_attributes_has_no_attribute_keys(self):
        url = self.create("plain")
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="plain")
        self.assertNotIn("MD5OfMessageAttributes", sent)
        m = self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=5)["Messages"][0]
        for absent in ("MessageAttributes", "MD5OfMessageAttributes", "Attributes"):
            self.assertNotIn(absent, m)

    def test_receive_chooses_attributes_by_name_and_prefix(self):
        url = self.create("names")
        attrs = {"app.one": {"DataType": "String", "StringValue": "1"},
                 "app.two": {"DataType": "Number", "StringValue": "2"},
                 "other": {"DataType": "String", "StringValue": "3"}}
        self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes=attrs)
        m = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=0, MessageAttributeNames=["app.*"],
                         AttributeNames=["SentTimestamp"])[0]
        self.assertEqual(set(m["MessageAttributes"]), {"app.one", "app.two"})
        self.assertEqual(set(m["Attributes"]), {"SentTimestamp"})
        m = self.receive_one(url, MessageAttributeNames=["other"], AttributeNames=["ApproximateReceiveCount"])
        self.assertEqual(m["MessageAttributes"], {"other": attrs["other"]})
        self.assertEqual(set(m["Attributes"]), {"ApproximateReceiveCount"})

    def test_aws_trace_header_is_a_system_attribute(self):
        url = self.create("trace")
        trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
        system = {"AWSTraceHeader": {"DataType": "String", "StringValue": trace}}
        sent = self.sqs.send_message(QueueUrl=url, MessageBody="t", MessageSystemAttributes=system)
        self.assertEqual(sent["MD5OfMessageSystemAttributes"], md5_of_attributes(system))
        m = self.receive(url, WaitTimeSeconds=5)[0]
        self.assertEqual(m["Attributes"]["AWSTraceHeader"], trace)

    def test_invalid_characters_are_refused_and_nothing_stored(self):
        url = self.create("chars")
        for body in ("bell\x07", "nul\x00", "\ufffe"):
            self.assertAwsError("InvalidMessageContents", self.sqs.send_message, QueueUrl=url, MessageBody=body)
        self.assertEqual(self.counts(url), (0, 0))
        # The allowed edges pass: tab, newline, CR, U+D7FF, U+E000, U+10FFFF.
        body = "\t\n\r\ud7ff\ue000\U0010ffff"
        self.sqs.send_message(QueueUrl=url, MessageBody=body)
        self.assertEqual(self.receive(url, WaitTimeSeconds=5)[0]["Body"], body)

    def test_maximum_message_size_counts_body_and_attributes(self):
        url = self.create("size", attributes={"MaximumMessageSize": "1024"})
        self.sqs.send_message(QueueUrl=url, MessageBody="x" * 1024)
        self.assertAwsError("InvalidParameterValue", self.sqs.send_message, QueueUrl=url, MessageBody="x" * 1025)
        self.assertAwsError("InvalidParameterValue", self.sqs.send_message, QueueUrl=url, MessageBody="x" * 1000,
                            MessageAttributes={"a": {"DataType": "String", "StringValue": "y" * 100}})
        wait_until(lambda: self.counts(url)[0] == 1, timeout=10, message="only the message that fits")
        self.assertEqual(len(self.drain(url, 1)), 1)

    def test_empty_body_is_refused(self):
        url = self.create("empty")
        self.assertAwsError("MissingParameter", self.sqs.send_message, QueueUrl=url, MessageBody="")

    def test_delay_per_message(self):
        url = self.create("delay")
        self.sqs.send_message(QueueUrl=url, MessageBody="late", DelaySeconds=2)
        self.assertEqual(self.receive(url, MaxNumberOfMessages=10), [])
        self.assertEqual(self.receive_one(url)["Body"], "late")
        self.assertAwsError("InvalidParameterValue", self.sqs.send_message, QueueUrl=url, MessageBody="x",
                            DelaySeconds=901)

    def test_delay_per_queue(self):
        queue = self.create("qdelay", attributes={"DelaySeconds": "2"})
        self.sqs.send_message(QueueUrl=queue, MessageBody="queue-late")
        self.sqs.send_message(QueueUrl=queue, MessageBody="now", DelaySeconds=0)   # the message's own wins
        self.assertEqual([m["Body"] for m in self.receive(queue, MaxNumberOfMessages=10, WaitTimeSeconds=1)],
                         ["now"])
        self.assertEqual(self.receive_one(queue)["Body"], "queue-late")

    def test_visibility_expiry_makes_a_message_receivable_again(self):
        url = self.create("vis")
        self.sqs.send_message(QueueUrl=url, MessageBody="again")
        first = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=1)[0]
        self.assertEqual(first["Attributes"]["ApproximateReceiveCount"], "1")
        second = self.receive_one(url, VisibilityTimeout=30)
        self.assertEqual(second["MessageId"], first["MessageId"])
        self.assertEqual(second["Body"], "again")
        self.assertEqual(second["Attributes"]["ApproximateReceiveCount"], "2")
        self.assertNotEqual(second["ReceiptHandle"], first["ReceiptHandle"])
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"])
        wait_until(lambda: self.counts(url) == (0, 0), timeout=10, message="the deleted message gone")

    def test_first_receive_timestamp_on_every_receive(self):
        url = self.create("firstrecv")
        self.sqs.send_message(QueueUrl=url, MessageBody="again")
        first = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=1)[0]
        second = self.receive_one(url, VisibilityTimeout=30)
        self.assertEqual(second["Attributes"]["ApproximateFirstReceiveTimestamp"],
                         first["Attributes"]["ApproximateFirstReceiveTimestamp"])

    def test_queue_visibility_timeout_applies_when_receive_gives_none(self):
        url = self.create("qvis", attributes={"VisibilityTimeout": "1"})
        self.sqs.send_message(QueueUrl=url, MessageBody="q")
        self.receive(url, WaitTimeSeconds=5)
        self.assertEqual(self.receive_one(url)["Attributes"]["ApproximateReceiveCount"], "2")

    def test_change_message_visibility_releases_and_extends(self):
        url = self.create("cmv")
        self.sqs.send_message(QueueUrl=url, MessageBody="m")
        m = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=300)[0]
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=0)
        m = self.receive_one(url, VisibilityTimeout=1)
        self.assertEqual(m["Attributes"]["ApproximateReceiveCount"], "2")
        # Extended from 1 s to 300 s: it stays invisible past its first timeout.
        self.sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=300)
        self.assertEqual(self.received_once_a_visibility_timeout_ran_out(url), [])
        self.assertEqual(self.counts(url), (0, 1))
        self.assertAwsError("InvalidParameterValue", self.sqs.change_message_visibility, QueueUrl=url,
                            ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=43201)

    def test_change_visibility_of_a_message_no_longer_in_flight(self):
        url = self.create("notinflight")
        self.sqs.send_message(QueueUrl=url, MessageBody="m")
        m = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=1)[0]
        wait_until(lambda: self.counts(url) == (1, 0), timeout=15, message="the message visible again")
        self.assertAwsError("MessageNotInflight", self.sqs.change_message_visibility, QueueUrl=url,
                            ReceiptHandle=m["ReceiptHandle"], VisibilityTimeout=10)

    def test_bad_receipt_handles(self):
        url = self.create("badhandle")
        for call, extra in ((self.sqs.delete_message, {}), (self.sqs.change_message_visibility,
                                                           {"VisibilityTimeout": 5})):
            with self.assertRaises(botocore_exceptions.ClientError) as caught:
                call(QueueUrl=url, ReceiptHandle="not-a-receipt-handle", **extra)
            self.assertEqual(aws_error(caught.exception)[0], "ReceiptHandleIsInvalid")

    def test_bad_receipt_handles_status(self):
        url = self.create("badhandle")
        self.assertAwsError("ReceiptHandleIsInvalid", self.sqs.delete_message, QueueUrl=url,
                            ReceiptHandle="not-a-receipt-handle")
        self.assertAwsError("ReceiptHandleIsInvalid", self.sqs.change_message_visibility, QueueUrl=url,
                            ReceiptHandle="not-a-receipt-handle", VisibilityTimeout=5)

    def test_receive_limits(self):
        url = self.create("limits")
        for n in (0, 11):
            self.assertAwsError("InvalidParameterValue", self.sqs.receive_message, QueueUrl=url,
                                MaxNumberOfMessages=n)
        self.assertAwsError("InvalidParameterValue", self.sqs.receive_message, QueueUrl=url, WaitTimeSeconds=21)
        self.assertAwsError("InvalidParameterValue", self.sqs.receive_message, QueueUrl=url, VisibilityTimeout=43201)
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(10)])
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i + 10)}
                                                           for i in range(5)])
        got = []
        deadline = time.monotonic() + 20
        while len(got) < 15 and time.monotonic() < deadline:
            batch = self.receive(url, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=300)
            self.assertLessEqual(len(batch), 10)
            got.extend(batch)
        self.assertEqual(sorted(int(m["Body"]) for m in got), list(range(15)))

    def test_long_poll_returns_when_a_message_is_sent(self):
        url = self.create("longpoll")
        result = {}

        def poll():
            started = time.monotonic()
            result["messages"] = self.boto3_client().receive_message(QueueUrl=url, WaitTimeSeconds=20).get(
                "Messages", [])
            result["elapsed"] = time.monotonic() - started
        thread = threading.Thread(target=poll)
        thread.start()
        time.sleep(1.0)
        self.assertTrue(thread.is_alive(), "a 20 s long poll on an empty queue returned at once")
        self.sqs.send_message(QueueUrl=url, MessageBody="wake up")
        thread.join(30)
        self.assertEqual([m["Body"] for m in result["messages"]], ["wake up"])
        # Woken by the send, not by its 20 s running out (generous margin).
        self.assertLess(result["elapsed"], 15.0)

    def test_long_poll_on_an_empty_queue_returns_nothing(self):
        url = self.create("emptypoll")
        self.assertNotIn("Messages", self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1))

    def test_queue_receive_wait_time_makes_receives_long_polls(self):
        url = self.create("qwait", attributes={"ReceiveMessageWaitTimeSeconds": "20"})
        result = {}

        def poll():
            result["messages"] = self.boto3_client().receive_message(QueueUrl=url).get("Messages", [])
        thread = threading.Thread(target=poll)
        thread.start()
        time.sleep(1.0)
        self.sqs.send_message(QueueUrl=url, MessageBody="waited")
        thread.join(30)
        self.assertEqual([m["Body"] for m in result["messages"]], ["waited"])

    def test_delete_message_removes_it_for_good(self):
        url = self.create("delete")
        self.sqs.send_message(QueueUrl=url, MessageBody="bye")
        m = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=1)[0]
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
        self.assertEqual(self.received_once_a_visibility_timeout_ran_out(url), [])
        self.assertEqual(self.counts(url), (0, 0))


class BatchTest(SqsCase):

    def test_send_message_batch_round_trip(self):
        url = self.create("batch")
        entries = [{"Id": f"e-{i}", "MessageBody": f"body {i}",
                    "MessageAttributes": {"n": {"DataType": "Number", "StringValue": str(i)}}} for i in range(10)]
        result = self.sqs.send_message_batch(QueueUrl=url, Entries=entries)
        self.assertNotIn("Failed", result)
        self.assertEqual(sorted(e["Id"] for e in result["Successful"]), sorted(e["Id"] for e in entries))
        by_id = {e["Id"]: e for e in entries}
        for ok in result["Successful"]:
            entry = by_id[ok["Id"]]
            self.assertEqual(ok["MD5OfMessageBody"], md5_hex(entry["MessageBody"].encode()))
            self.assertEqual(ok["MD5OfMessageAttributes"], md5_of_attributes(entry["MessageAttributes"]))
        ids = {ok["MessageId"]: by_id[ok["Id"]]["MessageBody"] for ok in result["Successful"]}
        got = self.drain(url, 10)
        self.assertEqual({m["MessageId"]: m["Body"] for m in got}, ids)
        for m in got:
            self.assertEqual(m["MessageAttributes"]["n"]["StringValue"], m["Body"].split()[1])
        wait_until(lambda: self.counts(url) == (0, 0), timeout=10, message="all deleted")

    def test_batch_with_one_bad_entry_fails_only_that_entry(self):
        url = self.create("partial")
        result = self.sqs.send_message_batch(QueueUrl=url, Entries=[
            {"Id": "good", "MessageBody": "fine"},
            {"Id": "bad", "MessageBody": "bell\x07"}])
        self.assertEqual([e["Id"] for e in result["Successful"]], ["good"])
        self.assertEqual([e["Id"] for e in result["Failed"]], ["bad"])
        self.assertTrue(result["Failed"][0]["SenderFault"])
        self.assertTrue(result["Failed"][0]["Code"])
        self.assertEqual([m["Body"] for m in self.drain(url, 1)], ["fine"])

    def test_batch_errors_store_nothing(self):
        url = self.create("batcherr")
        eleven = [{"Id": str(i), "MessageBody": "x"} for i in range(11)]
        self.assertAwsError("TooManyEntriesInBatchRequest", self.sqs.send_message_batch, QueueUrl=url, Entries=eleven)
        self.assertAwsError("BatchEntryIdsNotDistinct", self.sqs.send_message_batch, QueueUrl=url,
                            Entries=[{"Id": "a", "MessageBody": "1"}, {"Id": "a", "MessageBody": "2"}])
        for bad_id in ("has space", "x" * 81, "dot.ted"):
            self.assertAwsError("InvalidBatchEntryId", self.sqs.send_message_batch, QueueUrl=url,
                                Entries=[{"Id": bad_id, "MessageBody": "1"}])
        big = "y" * (200 * 1024)        # 10 x 200 KiB: past the 1 MiB a batch may carry
        self.assertAwsError("BatchRequestTooLong", self.sqs.send_message_batch, QueueUrl=url,
                            Entries=[{"Id": str(i), "MessageBody": big} for i in range(10)])
        self.assertEqual(self.counts(url), (0, 0))
        for call, key in ((self.sqs.delete_message_batch, "ReceiptHandle"),
                          (self.sqs.change_message_visibility_batch, "ReceiptHandle")):
            self.assertAwsError("TooManyEntriesInBatchRequest", call, QueueUrl=url,
                                Entries=[{"Id": str(i), key: "h"} for i in range(11)])
            self.assertAwsError("BatchEntryIdsNotDistinct", call, QueueUrl=url,
                                Entries=[{"Id": "a", key: "h1"}, {"Id": "a", key: "h2"}])
            self.assertAwsError("InvalidBatchEntryId", call, QueueUrl=url, Entries=[{"Id": "no!", key: "h1"}])

    def test_empty_batches(self):
        url = self.create("emptybatch")
        for call in (self.sqs.send_message_batch, self.sqs.delete_message_batch,
                     self.sqs.change_message_visibility_batch):
            self.assertAwsError("EmptyBatchRequest", call, QueueUrl=url, Entries=[])
        # Without the parameter at all (a raw request): the same error.
        response = query_request(self.sqs_endpoint, {"Action": "SendMessageBatch", "QueueUrl": url})
        self.assertEqual((xml_error_code(response.text()), response.status), ERRORS["EmptyBatchRequest"],
                         response.text())

    def test_delete_message_batch_with_a_bad_handle(self):
        url = self.create("delbatch")
        self.sqs.send_message(QueueUrl=url, MessageBody="m")
        m = self.receive(url, WaitTimeSeconds=5, VisibilityTimeout=1)[0]
        result = self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": "ok", "ReceiptHandle": m["ReceiptHandle"]},
            {"Id": "bad", "ReceiptHandle": "not-a-receipt-handle"}])
        self.assertEqual([e["Id"] for e in result["Successful"]], ["ok"])
        self.assertEqual([(e["Id"], e["Code"], e["SenderFault"]) for e in result["Failed"]],
                         [("bad", "ReceiptHandleIsInvalid", True)])
        self.assertEqual(self.received_once_a_visibility_timeout_ran_out(url), [])
        self.assertEqual(self.counts(url), (0, 0))

    def test_change_message_visibility_batch(self):
        url = self.create("cmvbatch")
        self.sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(i), "MessageBody": str(i)} for i in range(3)])
        got = []
        wait_until(lambda: got.extend(self.receive(url, MaxNumberOfMessages=10, VisibilityTimeout=300)) or
                   len(got) == 3, timeout=15, message="3 messages")
        result = self.sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
            {"Id": "zero", "ReceiptHandle": got[0]["ReceiptHandle"], "VisibilityTimeout": 0},
            {"Id": "bad", "ReceiptHandle": "not-a-receipt-handle", "VisibilityTimeout": 0}])
        self.assertEqual([e["Id"] for e in result["Successful"]], ["zero"])
        self.assertEqual([(e["Id"], e["Code"]) for e in result["Failed"]], [("bad", "ReceiptHandleIsInvalid")])
        again = self.receive_one(url)
        self.assertEqual(again["MessageId"], got[0]["MessageId"])
        self.assertEqual(again["Attributes"]["ApproximateReceiveCount"], "2")


class RedriveTest(SqsCase):

    def test_dead_letter_reaches_the_dlq(self):
        dlq = self.create("dlq")
        source = self.create("src", attributes={"RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 1})})
        sent = self.sqs.send_message(QueueUrl=source, MessageBody="poison")
        self.receive_one(source, VisibilityTimeout=1)

        def moved():
            self.receive(source, WaitTimeSeconds=1, VisibilityTimeout=1)
            return self.counts(dlq)[0] == 1
        wait_until(moved, timeout=30, message="the message moved to the DLQ")
        dead = self.receive_one(dlq, timeout=20)
        self.assertEqual((dead["Body"], dead["MessageId"]), ("poison", sent["MessageId"]))
        self.assertEqual(dead["Attributes"]["DeadLetterQueueSourceArn"], self.arn(source))
        self.assertEqual(self.counts(source), (0, 0))
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"], [source])
        self.assertAwsError("QueueDoesNotExist", self.sqs.list_dead_letter_source_queues,
                            QueueUrl=dlq + "-missing")

    def test_message_moves_to_dlq_after_max_receive_count(self):
        dlq = self.create("dlq")
        dlq_arn = self.arn(dlq)
        source = self.create("src", attributes={"RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})})
        policy = json.loads(self.attributes(source, "RedrivePolicy")["RedrivePolicy"])
        self.assertEqual(policy["deadLetterTargetArn"], dlq_arn)
        self.assertEqual(int(policy["maxReceiveCount"]), 2)
        sent = self.sqs.send_message(QueueUrl=source, MessageBody="poison")
        for count in ("1", "2"):
            m = self.receive_one(source, VisibilityTimeout=1)
            self.assertEqual(m["Attributes"]["ApproximateReceiveCount"], count)
        # The third receive would pass maxReceiveCount: the message goes to the DLQ instead
        # (AWS moves it on that receive; it is not returned from the source).
        def moved():
            for m in self.receive(source, WaitTimeSeconds=1, VisibilityTimeout=1):
                self.assertNotEqual(m["MessageId"], sent["MessageId"], "received past maxReceiveCount")
            return self.counts(dlq)[0] == 1
        wait_until(moved, timeout=20, message="the message moved to the DLQ")
        dead = self.receive_one(dlq, timeout=20)
        self.assertEqual(dead["Body"], "poison")
        self.assertEqual(dead["MessageId"], sent["MessageId"])
        self.assertEqual(dead["Attributes"]["DeadLetterQueueSourceArn"], self.arn(source))
        self.assertEqual(self.receive(source, WaitTimeSeconds=1), [])
        self.assertEqual(self.sqs.list_dead_letter_source_queues(QueueUrl=dlq)["queueUrls"], [source])
        self.assertAwsError("QueueDoesNotExist", self.sqs.list_dead_letter_source_queues,
                            QueueUrl=dlq + "-missing")

    def test_redrive_allow_policy_deny_all_refuses_a_source(self):
        dlq = self.create("denydlq", attributes={"RedriveAllowPolicy": json.dumps({"redrivePermission": "denyAll"})})
        source = self.create("denysrc")
        with self.assertRaises(botocore_exceptions.ClientError):
            self.sqs.set_queue_attributes(QueueUrl=source, Attributes={"RedrivePolicy": json.dumps(
                {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 1})})
        self.assertNotIn("RedrivePolicy", self.attributes(source))

    def test_message_move_task_returns_dead_letters_to_their_source(self):
        # Debian's botocore predates StartMessageMoveTask (2023): raw query requests.
        dlq = self.create("movedlq")
        source = self.create("movesrc", attributes={"RedrivePolicy": json.dumps(
            {"deadLetterTargetArn": self.arn(dlq), "maxReceiveCount": 1})})
        self.sqs.send_message_batch(QueueUrl=source, Entries=[{"Id": str(i), "MessageBody": f"d{i}"}
                                                              for i in range(3)])
        for _ in range(3):
            self.receive_one(source, VisibilityTimeout=1)
        deadline = time.monotonic() + 40
        while self.counts(dlq)[0] < 3 and time.monotonic() < deadline:
            self.receive(source, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=1)
        self.assertEqual(self.counts(dlq)[0], 3)
        response = query_request(self.sqs_endpoint, {"Action": "StartMessageMoveTask", "SourceArn": self.arn(dlq)})
        self.assertEqual(response.status, 200, response.text())
        handle = xml_find_all(response.text(), "TaskHandle")
        self.assertTrue(handle and handle[0], response.text())
        bodies = sorted(m["Body"] for m in self.drain(source, 3, timeout=30))
        self.assertEqual(bodies, ["d0", "d1", "d2"])

        def completed():
            r = query_request(self.sqs_endpoint, {"Action": "ListMessageMoveTasks", "SourceArn": self.arn(dlq)})
            return "COMPLETED" in xml_find_all(r.text(), "Status") and r
        listed = wait_until(completed, timeout=20, message="the move task COMPLETED")
        self.assertIn("3", xml_find_all(listed.text(), "ApproximateNumberOfMessagesMoved"))
        # A finished task cannot be cancelled; an unknown handle is not found.
        response = query_request(self.sqs_endpoint, {"Action": "CancelMessageMoveTask", "TaskHandle": "nonsense"})
        self.assertEqual((xml_error_code(response.text()), response.status), ERRORS["ResourceNotFoundException"],
                         response.text())


class FifoTest(SqsCase):

    def test_fifo_attributes_and_name_rules(self):
        url = self.create("fifo", fifo=True)
        a = self.attributes(url)
        self.assertEqual(a["FifoQueue"], "true")
        self.assertEqual(a["ContentBasedDeduplication"], "false")
        self.assertEqual(a.get("DeduplicationScope"), "queue")
        self.assertEqual(a.get("FifoThroughputLimit"), "perQueue")
        # FifoQueue needs a .fifo name.
        with self.assertRaises(botocore_exceptions.ClientError):
            self.sqs.create_queue(QueueName=queue_name("nofifo"), Attributes={"FifoQueue": "true"})

    def test_a_fifo_name_needs_fifo_queue(self):
        # AWS: a standard queue's name has no '.', so a .fifo name without
        # FifoQueue=true is refused, with the standard queue's name message.
        name = queue_name("nofifo", fifo=True)
        for attributes in ({}, {"FifoQueue": "false"}):
            try:
                url = self.sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
            except botocore_exceptions.ClientError as error:
                self.assertEqual(aws_error(error), ERRORS["InvalidParameterValue"])
                self.assertEqual(error.response["Error"]["Message"],
                                 "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length")
                continue
            self._created.append(url)
            self.fail(f"{name} was created with {attributes}")
        self.assertAwsError("QueueDoesNotExist", self.sqs.get_queue_url, QueueName=name)

    def test_order_within_a_group_and_sequence_numbers(self):
        url = self.create("order", fifo=True)
        sequences = []
        for i in range(20):
            sent = self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}", MessageGroupId="g",
                                         MessageDeduplicationId=f"d{i}")
            self.assertRegex(sent["SequenceNumber"], r"^\d+$")
            sequences.append(int(sent["SequenceNumber"]))
        self.assertEqual(sequences, sorted(sequences))
        self.assertEqual(len(set(sequences)), 20)
        got = self.drain(url, 20)
        self.assertEqual([m["Body"] for m in got], [f"m{i}" for i in range(20)])
        self.assertEqual([int(m["Attributes"]["SequenceNumber"]) for m in got], sequences)
        self.assertEqual({m["Attributes"]["MessageGroupId"] for m in got}, {"g"})
        self.assertEqual([m["Attributes"]["MessageDeduplicationId"] for m in got], [f"d{i}" for i in range(20)])

    def test_a_group_is_blocked_while_one_of_its_messages_is_in_flight(self):
        url = self.create("block", fifo=True)
        for group, body in (("a", "a1"), ("a", "a2"), ("b", "b1")):
            self.sqs.send_message(QueueUrl=url, MessageBody=body, MessageGroupId=group,
                                  MessageDeduplicationId=body)
        first = self.receive(url, MaxNumberOfMessages=1, VisibilityTimeout=300, WaitTimeSeconds=5)
        self.assertEqual([m["Body"] for m in first], ["a1"])
        rest = self.receive(url, MaxNumberOfMessages=10, VisibilityTimeout=300, WaitTimeSeconds=1)
        self.assertEqual([m["Body"] for m in rest], ["b1"])       # a2 waits behind a1
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])
        self.assertEqual(self.receive_one(url)["Body"], "a2")

    def test_deduplication_id_and_content_based_deduplication(self):
        url = self.create("dedup", fifo=True)
        one = self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="g", MessageDeduplicationId="same")
        two = self.sqs.send_message(QueueUrl=url, MessageBody="y", MessageGroupId="g", MessageDeduplicationId="same")
        self.assertEqual(two["MessageId"], one["MessageId"])
        self.assertEqual([m["Body"] for m in self.drain(url, 2, timeout=4)], ["x"])
        cbd = self.create("cbd", fifo=True, attributes={"ContentBasedDeduplication": "true"})
        for _ in range(3):
            self.sqs.send_message(QueueUrl=cbd, MessageBody="same body", MessageGroupId="g")
        self.sqs.send_message(QueueUrl=cbd, MessageBody="other body", MessageGroupId="g")
        got = self.drain(cbd, 4, timeout=4)
        self.assertEqual([m["Body"] for m in got], ["same body", "other body"])
        import hashlib
        self.assertEqual(got[0]["Attributes"]["MessageDeduplicationId"],
                         hashlib.sha256(b"same body").hexdigest())

    def test_deduplication_scope_message_group(self):
        url = self.create("scope", fifo=True, attributes={"DeduplicationScope": "messageGroup",
                                                          "FifoThroughputLimit": "perMessageGroupId"})
        a = self.attributes(url)
        self.assertEqual((a["DeduplicationScope"], a["FifoThroughputLimit"]), ("messageGroup", "perMessageGroupId"))
        for group in ("g1", "g2", "g1"):
            self.sqs.send_message(QueueUrl=url, MessageBody=group, MessageGroupId=group, MessageDeduplicationId="d")
        self.assertEqual(sorted(m["Body"] for m in self.drain(url, 3, timeout=4)), ["g1", "g2"])
        # AWS: perMessageGroupId is allowed only when DeduplicationScope is messageGroup.
        self.assertAwsError("InvalidAttributeValue", self.sqs.set_queue_attributes, QueueUrl=url,
                            Attributes={"DeduplicationScope": "queue"})
        name = queue_name("scope2", fifo=True)
        self.assertAwsError("InvalidAttributeValue", self.sqs.create_queue, QueueName=name,
                            Attributes={"FifoQueue": "true", "FifoThroughputLimit": "perMessageGroupId"})
        self.assertAwsError("QueueDoesNotExist", self.sqs.get_queue_url, QueueName=name)

    def test_fifo_send_errors(self):
        url = self.create("fifoerr", fifo=True)
        self.assertAwsError("MissingParameter", self.sqs.send_message, QueueUrl=url, MessageBody="x",
                            MessageDeduplicationId="d")
        self.assertAwsError("InvalidParameterValue", self.sqs.send_message, QueueUrl=url, MessageBody="x",
                            MessageGroupId="g")      # neither a dedup id nor content-based dedup
        self.assertAwsError("InvalidParameterValue", self.sqs.send_message, QueueUrl=url, MessageBody="x",
                            MessageGroupId="g", MessageDeduplicationId="d", DelaySeconds=5)
        self.assertEqual(self.counts(url), (0, 0))

    def test_receive_request_attempt_id_returns_the_same_messages(self):
        url = self.create("attempt", fifo=True)
        for i in range(3):
            self.sqs.send_message(QueueUrl=url, MessageBody=f"m{i}", MessageGroupId="g",
                                  MessageDeduplicationId=f"d{i}")
        first = self.receive(url, MaxNumberOfMessages=2, VisibilityTimeout=300, WaitTimeSeconds=5,
                             ReceiveRequestAttemptId="attempt-1")
        self.assertTrue(first)
        again = self.receive(url, MaxNumberOfMessages=2, VisibilityTimeout=300, ReceiveRequestAttemptId="attempt-1")
        self.assertEqual([m["MessageId"] for m in again], [m["MessageId"] for m in first])
        self.assertEqual([m["ReceiptHandle"] for m in again], [m["ReceiptHandle"] for m in first])
        # Once one of them is deleted the attempt is over: a retry is a new receive.
        self.sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])
        after = self.receive(url, MaxNumberOfMessages=2, VisibilityTimeout=300, ReceiveRequestAttemptId="attempt-1")
        self.assertNotIn(first[0]["MessageId"], [m["MessageId"] for m in after])

    def test_message_group_id_on_a_standard_queue_is_carried(self):
        url = self.create("fair")
        self.sqs.send_message(QueueUrl=url, MessageBody="x", MessageGroupId="tenant-1")
        m = self.receive(url, WaitTimeSeconds=5)[0]
        self.assertEqual(m["Attributes"]["MessageGroupId"], "tenant-1")


class SignatureTest(SqsCase):
    """Bound beyond loopback, every request needs a valid SigV4 made with the
    broker's account (its name the access key id, its password the secret);
    the codes and the 403 are AWS's (Common Errors)."""

    USER, PASSWORD = "sqs-tester", "s3cret-Pa55"

    @classmethod
    def setUpClass(cls):
        # The class's own depot, bound to every address, with an account.
        cls.extra_args = ["--bind", "0.0.0.0", "--user", cls.USER, "--password", cls.PASSWORD]
        super().setUpClass()

    def signed_client(self, key, secret):
        boto3 = import_client("boto3", "python3-boto3")
        from botocore.config import Config
        return boto3.client("sqs", endpoint_url=self.sqs_endpoint, region_name="us-east-1",
                            aws_access_key_id=key, aws_secret_access_key=secret,
                            config=Config(retries={"max_attempts": 1}))

    def setUp(self):
        super().setUp()
        self.sqs = self.signed_client(self.USER, self.PASSWORD)

    def test_valid_signature_is_served_and_others_change_nothing(self):
        name = queue_name("signed")
        url = self.create(name=name)
        self.sqs.send_message(QueueUrl=url, MessageBody="signed")
        for key, secret, code in ((self.USER, "wrong", "SignatureDoesNotMatch"),
                                  ("nobody", self.PASSWORD, "InvalidClientTokenId")):
            client = self.signed_client(key, secret)
            with self.assertRaises(botocore_exceptions.ClientError) as caught:
                client.send_message(QueueUrl=url, MessageBody="forged")
            self.assertEqual(aws_error(caught.exception), (code, 403))
            with self.assertRaises(botocore_exceptions.ClientError):
                client.delete_queue(QueueUrl=url)
        response = query_request(self.sqs_endpoint, {"Action": "DeleteQueue", "QueueUrl": url})
        self.assertEqual((xml_error_code(response.text()), response.status), ("MissingAuthenticationToken", 403),
                         response.text())
        self.assertEqual([m["Body"] for m in self.drain(url, 2, timeout=4)], ["signed"])


if __name__ == "__main__":
    unittest.main()
