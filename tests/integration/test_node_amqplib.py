"""node's amqplib against Depot: starts the broker through the harness and
runs node's built-in test runner on node/amqplib.test.js with DEPOT_AMQP_URL.
amqplib comes from the npm registry into node/node_modules (CTest's
integration/node-install runs `npm install` there first).

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ 3.10.8.
"""

import os
import re
import shutil
import subprocess
import unittest

from depot_harness import BrokerTestCase

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "node")


class NodeAmqplibTest(BrokerTestCase):

    def test_amqplib_suite(self):
        node = os.environ.get("DEPOT_NODE") or shutil.which("node") or shutil.which("nodejs")
        self.assertTrue(node and os.path.exists(node),
                        "node is missing: apt-get install nodejs npm (the project's test command does)")
        self.assertTrue(os.path.isdir(os.path.join(NODE_DIR, "node_modules", "amqplib")),
                        "amqplib is missing: run `npm install` in tests/integration/node "
                        "(CTest's integration/node-install does)")
        env = dict(os.environ, DEPOT_AMQP_URL=f"amqp://guest:guest@{self.host}:{self.port}")
        result = subprocess.run([node, "--test", "amqplib.test.js"], cwd=NODE_DIR, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
        output = result.stdout.decode("utf-8", "replace")
        print(output)
        self.assertEqual(result.returncode, 0, "node's amqplib suite failed:\n" + output)
        self.assertIn("# fail 0", output)
        # A runner that found no tests also exits 0 with "# fail 0": make sure
        # some ran (a renamed file, a syntax the runner skips).
        ran = re.search(r"^# tests (\d+)$", output, re.MULTILINE)
        self.assertTrue(ran, "node's test runner printed no '# tests N' line:\n" + output)
        self.assertGreater(int(ran.group(1)), 0, "node's test runner ran no tests:\n" + output)


if __name__ == "__main__":
    unittest.main()
