"""kafkajs 2 (npm) against Depot's Kafka listener: starts depot with
--kafka-port through the harness and runs node's built-in test runner on
node/kafka.test.js with DEPOT_KAFKA_BOOTSTRAP. The npm package comes into
node/node_modules (CTest's integration/node-install runs `npm install` there
first).
"""

import os
import re
import shutil
import subprocess
import unittest

from depot_harness import DepotProcess

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_DIR = os.path.join(HERE, "node")


class KafkajsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(kafka=True).start()

    @classmethod
    def tearDownClass(cls):
        code = cls.depot.stop()
        if code != 0:
            raise AssertionError(f"depot exited with {code}\n{cls.depot.describe()}")

    def test_kafkajs_suite(self):
        node = os.environ.get("DEPOT_NODE") or shutil.which("node") or shutil.which("nodejs")
        self.assertTrue(node and os.path.exists(node),
                        "node is missing: apt-get install nodejs npm (the project's test command does)")
        self.assertTrue(os.path.isdir(os.path.join(NODE_DIR, "node_modules", "kafkajs")),
                        "kafkajs is missing: run `npm install` in tests/integration/node "
                        "(CTest's integration/node-install does)")
        env = dict(os.environ, DEPOT_KAFKA_BOOTSTRAP=f"127.0.0.1:{self.depot.kafka_port}")
        result = subprocess.run([node, "--test", "--test-concurrency=1", "kafka.test.js"], cwd=NODE_DIR, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=250)
        output = result.stdout.decode("utf-8", "replace")
        print(output)
        self.assertEqual(result.returncode, 0, "node's kafka.test.js failed:\n" + output + self.depot.describe())
        self.assertIn("# fail 0", output)
        ran = re.search(r"^# tests (\d+)$", output, re.MULTILINE)
        self.assertTrue(ran, "node's test runner printed no '# tests N' line:\n" + output)
        self.assertGreater(int(ran.group(1)), 0, "node's test runner ran no tests:\n" + output)


if __name__ == "__main__":
    unittest.main()
