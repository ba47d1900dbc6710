"""node clients against Depot's SQS listener: @aws-sdk/client-sqs v3 (AWS JSON
1.0: X-Amz-Target, application/x-amz-json-1.0), sqs-producer and sqs-consumer.
Starts depot with --sqs-port through the harness and runs node's built-in test
runner on node/sqs.test.js and node/sqs-consumer.test.js with DEPOT_SQS_ENDPOINT.
The npm packages come into node/node_modules (CTest's integration/node-install
runs `npm install` there first).
"""

import unittest

from depot_harness import SqsTestCase, run_node_tests


class NodeSqsTest(SqsTestCase):

    def run_node_suite(self, script, modules):
        run_node_tests(self, script, modules, {"DEPOT_SQS_ENDPOINT": self.sqs_endpoint}, timeout=500,
                       extra_args=["--test-concurrency=1"])

    def test_aws_sdk_client_sqs_suite(self):
        self.run_node_suite("sqs.test.js", ["@aws-sdk/client-sqs"])

    def test_sqs_producer_and_consumer(self):
        self.run_node_suite("sqs-consumer.test.js", ["@aws-sdk/client-sqs", "sqs-consumer", "sqs-producer"])


if __name__ == "__main__":
    unittest.main()
