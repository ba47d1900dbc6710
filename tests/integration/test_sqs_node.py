"""node clients against Depot's SQS listener: @aws-sdk/client-sqs v3 (AWS JSON
1.0: X-Amz-Target, application/x-amz-json-1.0), sqs-producer and sqs-consumer.
Starts depot with --sqs-port through the harness and runs node's built-in test
runner on node/sqs.test.js and node/sqs-consumer.test.js with DEPOT_SQS_ENDPOINT.
The npm packages come into node/node_modules (CTest's integration/node-install
runs `npm install` there first).
"""

import os
import re
import shutil
import subprocess
import unittest

from depot_harness import SqsTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "node")


class NodeSqsTest(SqsTestCase):

    def run_node_suite(self, script, modules):
        node = os.environ.get("DEPOT_NODE") or shutil.which("node") or shutil.which("nodejs")
        self.assertTrue(node and os.path.exists(node),
                        "node is missing: apt-get install nodejs npm (the project's test command does)")
        for module in modules:
            self.assertTrue(os.path.isdir(os.path.join(NODE_DIR, "node_modules", *module.split("/"))),
                            f"{module} is missing: run `npm install` in tests/integration/node "
                            f"(CTest's integration/node-install does)")
        env = dict(os.environ, DEPOT_SQS_ENDPOINT=self.sqs_endpoint)
        result = subprocess.run([node, "--test", "--test-concurrency=1", script], cwd=NODE_DIR, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=500)
        output = result.stdout.decode("utf-8", "replace")
        print(output)
        self.assertEqual(result.returncode, 0, f"node's {script} failed:\n" + output)
        self.assertIn("# fail 0", output)
        # A runner that found no tests also exits 0 with "# fail 0": make sure
        # some ran (a renamed file, a syntax the runner skips).
        ran = re.search(r"^# tests (\d+)$", output, re.MULTILINE)
        self.assertTrue(ran, "node's test runner printed no '# tests N' line:\n" + output)
        self.assertGreater(int(ran.group(1)), 0, f"node's test runner ran no tests in {script}:\n" + output)

    def test_aws_sdk_client_sqs_suite(self):
        self.run_node_suite("sqs.test.js", ["@aws-sdk/client-sqs"])

    def test_sqs_producer_and_consumer(self):
        self.run_node_suite("sqs-consumer.test.js", ["@aws-sdk/client-sqs", "sqs-consumer", "sqs-producer"])


if __name__ == "__main__":
    unittest.main()
