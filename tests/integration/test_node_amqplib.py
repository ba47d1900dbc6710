"""node's amqplib against Depot: starts the broker through the harness and
runs node's built-in test runner on node/amqplib.test.js with DEPOT_AMQP_URL.
amqplib comes from the npm registry into node/node_modules (CTest's
integration/node-install runs `npm install` there first).

Proved against RabbitMQ: DEPOT_TEST_TARGET=rabbitmq passes against RabbitMQ 3.10.8.
"""

import unittest

from depot_harness import BrokerTestCase, run_node_tests


class NodeAmqplibTest(BrokerTestCase):

    def test_amqplib_suite(self):
        run_node_tests(self, "amqplib.test.js", ["amqplib"],
                       {"DEPOT_AMQP_URL": f"amqp://guest:guest@{self.host}:{self.port}"}, timeout=90)


if __name__ == "__main__":
    unittest.main()
