"""What the SQS suites share: AWS's MD5 of message attributes, raw requests
in both wire protocols, and an assertion on AWS errors raised by boto3.

Expected values come from AWS's API reference and botocore's service model
(botocore/data/sqs/2012-11-05/service-2.json): the query codes in its
`error.code` fields, the HTTP statuses in `httpStatusCode`, and the codes
@aws-sdk/client-sqs reads from the x-amzn-query-error header
(awsQueryCompatible).
"""

import hashlib
import json
import struct
import urllib.error
import urllib.parse
import urllib.request

ACCOUNT = "000000000000"
REGION = "us-east-1"

# The query-protocol code and HTTP status of each SQS error (the service
# model's awsQueryError traits, as @aws-sdk/client-sqs ships them:
# ReceiptHandleIsInvalid is 404 in both protocols), and the JSON __type name.
ERRORS = {
    "QueueDoesNotExist": ("AWS.SimpleQueueService.NonExistentQueue", 400),
    "QueueNameExists": ("QueueAlreadyExists", 400),
    "BatchEntryIdsNotDistinct": ("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
    "TooManyEntriesInBatchRequest": ("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
    "EmptyBatchRequest": ("AWS.SimpleQueueService.EmptyBatchRequest", 400),
    "InvalidBatchEntryId": ("AWS.SimpleQueueService.InvalidBatchEntryId", 400),
    "BatchRequestTooLong": ("AWS.SimpleQueueService.BatchRequestTooLong", 400),
    "MessageNotInflight": ("AWS.SimpleQueueService.MessageNotInflight", 400),
    "PurgeQueueInProgress": ("AWS.SimpleQueueService.PurgeQueueInProgress", 403),
    "UnsupportedOperation": ("AWS.SimpleQueueService.UnsupportedOperation", 400),
    "ReceiptHandleIsInvalid": ("ReceiptHandleIsInvalid", 404),
    "InvalidAttributeName": ("InvalidAttributeName", 400),
    "InvalidAttributeValue": ("InvalidAttributeValue", 400),
    "InvalidMessageContents": ("InvalidMessageContents", 400),
    "ResourceNotFoundException": ("ResourceNotFoundException", 404),
    # Common errors (AWS's "Common Errors" page): no shape in the model.
    "InvalidParameterValue": ("InvalidParameterValue", 400),
    "MissingParameter": ("MissingParameter", 400),
    "InvalidAction": ("InvalidAction", 400),
}


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def _length_prefixed(data):
    return struct.pack(">I", len(data)) + data


def md5_of_attributes(attributes):
    """AWS's MD5OfMessageAttributes: per attribute, sorted by name, the name,
    the DataType, a transport byte (1 string-like, 2 binary) and the value,
    each UTF-8 with a 4-byte big-endian length (the value too)."""
    digest = hashlib.md5()
    for name in sorted(attributes):
        attribute = attributes[name]
        data_type = attribute["DataType"]
        digest.update(_length_prefixed(name.encode("utf-8")))
        digest.update(_length_prefixed(data_type.encode("utf-8")))
        if "BinaryValue" in attribute:
            value = attribute["BinaryValue"]
            digest.update(b"\x02" + _length_prefixed(bytes(value)))
        else:
            digest.update(b"\x01" + _length_prefixed(attribute["StringValue"].encode("utf-8")))
    return digest.hexdigest()


def aws_error(error):
    """(code, HTTP status) of a botocore ClientError."""
    response = error.response
    return response.get("Error", {}).get("Code"), response.get("ResponseMetadata", {}).get("HTTPStatusCode")


class RawResponse:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def raw_request(url, body=None, headers=None, method="POST", timeout=30):
    """One HTTP request without an SDK (for what an SDK refuses to send)."""
    request = urllib.request.Request(url, data=body, headers=dict(headers or {}), method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return RawResponse(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return RawResponse(error.code, dict(error.headers), error.read())


def query_request(endpoint, params, path="/", method="POST"):
    """A query-protocol request (form-encoded), as the AWS CLI v1 sends it."""
    params = dict(params)
    params.setdefault("Version", "2012-11-05")
    encoded = urllib.parse.urlencode(params)
    if method == "GET":
        return raw_request(f"{endpoint}{path}?{encoded}", method="GET")
    return raw_request(f"{endpoint}{path}", encoded.encode(),
                       {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})


def json_request(endpoint, action, payload, path="/"):
    """An AWS JSON 1.0 request, as current SDKs send it."""
    return raw_request(f"{endpoint}{path}", json.dumps(payload).encode(),
                       {"Content-Type": "application/x-amz-json-1.0",
                        "X-Amz-Target": f"AmazonSQS.{action}"})


def xml_error_code(text):
    """The <Code> of a query-protocol ErrorResponse."""
    import xml.etree.ElementTree as ET
    root = ET.fromstring(text)
    for element in root.iter():
        if element.tag.split("}")[-1] == "Code":
            return element.text
    return None


def xml_find_all(text, tag):
    import xml.etree.ElementTree as ET
    root = ET.fromstring(text)
    return [element.text for element in root.iter() if element.tag.split("}")[-1] == tag]
