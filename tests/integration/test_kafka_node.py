"""kafkajs 2 (npm) against Depot's Kafka listener: starts depot with
--kafka-port through the harness and runs node's built-in test runner on
node/kafka.test.js with DEPOT_KAFKA_BOOTSTRAP. The npm package comes into
node/node_modules (CTest's integration/node-install runs `npm install` there
first).
"""

import unittest

from depot_harness import DepotProcess, run_node_tests


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
        run_node_tests(self, "kafka.test.js", ["kafkajs"],
                       {"DEPOT_KAFKA_BOOTSTRAP": f"127.0.0.1:{self.depot.kafka_port}"}, timeout=250,
                       extra_args=["--test-concurrency=1"], describe=self.depot.describe)


if __name__ == "__main__":
    unittest.main()
