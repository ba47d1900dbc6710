#!/usr/bin/python3
"""Makes rabbitmq-<version>-policies.json and rabbitmq-<version>-policies-queues.json
from a real RabbitMQ (Debian's rabbitmq-server with rabbitmq_management):
queues, an exchange and policies set through its HTTP API, then its
definitions export and what its /api/queues shows for each queue (policy,
operator_policy, effective_policy_definition, arguments). test_policies.py
imports the first into Depot and expects the second.

Usage: make_rabbitmq_policies.py [HTTP_PORT]   (default 15672, guest/guest)
It removes what it created afterwards.
"""

import base64
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 15672
HERE = os.path.dirname(os.path.abspath(__file__))

QUEUES = [
    ("rmq.orders", {}),
    ("rmq.orders.dlq", {}),
    ("rmq.jobs", {"x-max-length": 2}),
    ("rmq.quorum", {"x-queue-type": "quorum"}),
    ("rmq.plain", {}),
]
POLICIES = [
    ("orders-limit", r"^rmq\.orders$", "queues", 1,
     {"max-length": 3, "dead-letter-exchange": "", "dead-letter-routing-key": "rmq.orders.dlq",
      "message-ttl": 60000}),
    ("jobs", r"^rmq\.jobs", "queues", 2, {"max-length": 10, "expires": 3600000, "overflow": "reject-publish"}),
    ("lazy-rest", r"^rmq\.orders", "queues", 0, {"queue-mode": "lazy"}),
    ("quorum-limit", r"^rmq\.quorum$", "queues", 0, {"delivery-limit": 5}),
    ("events-ae", r"^rmq\.events$", "exchanges", 0, {"alternate-exchange": "rmq.unrouted"}),
]


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=data, method=method)
    req.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
    req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as r:
        text = r.read()
        return json.loads(text) if text else None


def q(name):
    return urllib.parse.quote(name, safe="")


def main():
    version = call("GET", "/api/overview")["rabbitmq_version"]
    try:
        for name, arguments in QUEUES:
            call("PUT", f"/api/queues/%2F/{q(name)}", {"durable": True, "arguments": arguments})
        call("PUT", "/api/exchanges/%2F/rmq.events", {"type": "topic", "durable": True})
        call("PUT", "/api/exchanges/%2F/rmq.unrouted", {"type": "fanout", "durable": True})
        for name, pattern, apply_to, priority, definition in POLICIES:
            call("PUT", f"/api/policies/%2F/{q(name)}",
                 {"pattern": pattern, "apply-to": apply_to, "priority": priority, "definition": definition})
        # RabbitMQ applies policies asynchronously, and its management API
        # shows them with the next statistics (every 5 s): wait for them.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            infos = [call("GET", f"/api/queues/%2F/{q(name)}") for name, _ in QUEUES]
            if all(i.get("effective_policy_definition") is not None for i in infos) and \
                    call("GET", f"/api/queues/%2F/{q('rmq.orders')}").get("policy") == "orders-limit":
                break
            time.sleep(1)
        else:
            raise SystemExit("RabbitMQ did not show the policies on its queues within 60 s")
        time.sleep(6)
        definitions = call("GET", "/api/definitions")
        names = {name for name, _ in QUEUES}
        definitions["queues"] = [x for x in definitions["queues"] if x["name"] in names]
        definitions["exchanges"] = [x for x in definitions["exchanges"] if x["name"].startswith("rmq.")]
        definitions["bindings"] = [x for x in definitions["bindings"] if x["source"].startswith("rmq.")]
        definitions["policies"] = [x for x in definitions["policies"] if x["name"] in {p[0] for p in POLICIES}]
        queues = []
        for name, _ in QUEUES:
            info = call("GET", f"/api/queues/%2F/{q(name)}")
            queues.append({key: info.get(key) for key in
                           ("name", "policy", "operator_policy", "effective_policy_definition", "arguments")})
        exchange = call("GET", "/api/exchanges/%2F/rmq.events")
        queues_path = os.path.join(HERE, f"rabbitmq-{version}-policies-queues.json")
        with open(os.path.join(HERE, f"rabbitmq-{version}-policies.json"), "w") as f:
            json.dump(definitions, f, indent=2, sort_keys=True)
            f.write("\n")
        with open(queues_path, "w") as f:
            json.dump(queues, f, indent=2, sort_keys=True)
            f.write("\n")
        print(json.dumps({key: exchange.get(key) for key in ("name", "policy", "effective_policy_definition")}))
    finally:
        for name, *_ in POLICIES:
            try:
                call("DELETE", f"/api/policies/%2F/{q(name)}")
            except urllib.error.HTTPError:
                pass
        for name, _ in QUEUES:
            try:
                call("DELETE", f"/api/queues/%2F/{q(name)}")
            except urllib.error.HTTPError:
                pass
        for name in ("rmq.events", "rmq.unrouted"):
            try:
                call("DELETE", f"/api/exchanges/%2F/{name}")
            except urllib.error.HTTPError:
                pass


if __name__ == "__main__":
    main()
