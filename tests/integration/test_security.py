"""What a web page or another local user can do to Depot: nothing uninvited.

The real `depot --headless`, spoken to with Python's http.client so that the
Host, Origin and Referer headers are exactly what a browser under DNS
rebinding or a cross-site form would send:

- a request whose Host is not this machine (attacker.example: a page whose
  own name was made to resolve to 127.0.0.1) gets 403 for GET and for every
  state-changing route family, and changes nothing;
- a state-changing request from another origin gets 403 even with a good Host;
- --allowed-host and --allowed-origin let a name or a page in, and only then
  are CORS headers sent;
- the data directory is 0700 and its files 0600 under umask 022; an existing
  loose directory is tightened (one log line); another user's is refused.

docs/security.md describes the threat model these check.
"""

import base64
import http.client
import json
import os
import stat
import subprocess
import tempfile
import unittest

from depot_harness import DepotProcess, depot_only, unique

AUTH = "Basic " + base64.b64encode(b"guest:guest").decode()
ATTACKER = "attacker.example"


def request(port, method, path, body=None, host=None, origin=None, referer=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Authorization": AUTH}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if origin is not None:
        headers["Origin"] = origin
    if referer is not None:
        headers["Referer"] = referer
    # skip_host: send exactly the Host given (a rebinding browser's).
    conn.putrequest(method, path, skip_host=host is not None, skip_accept_encoding=True)
    if host is not None:
        conn.putheader("Host", host)
    data = json.dumps(body).encode() if body is not None else b""
    for name, value in headers.items():
        conn.putheader(name, value)
    conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    reply = conn.getresponse()
    payload = reply.read()
    result = (reply.status, {k.lower(): v for k, v in reply.getheaders()}, payload)
    conn.close()
    return result


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@depot_only("checks Depot's own defences")
class RebindingAndCrossSite(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess().start()
        cls.port = cls.depot.http_port

    @classmethod
    def tearDownClass(cls):
        cls.depot.stop()

    def call(self, method, path, body=None, **headers):
        return request(self.port, method, path, body=body, **headers)

    def queue_names(self):
        status, _, payload = self.call("GET", "/api/queues")
        self.assertEqual(status, 200)
        return sorted(q["name"] for q in json.loads(payload))

    def fingerprint(self):
        out = []
        for path in ("/api/queues", "/api/exchanges", "/api/bindings", "/api/users"):
            status, _, payload = self.call("GET", path)
            self.assertEqual(status, 200, path)
            items = json.loads(payload)
            out.append(sorted(json.dumps({k: v for k, v in i.items()
                                          if k in ("name", "source", "destination", "routing_key", "messages")},
                                         sort_keys=True) for i in items))
        return out

    def test_the_two_requests_of_the_report_are_refused_and_create_nothing(self):
        name = unique("pwned")
        status, _, payload = self.call("GET", "/api/queues", host=f"{ATTACKER}:15672")
        self.assertEqual(status, 403)
        reply = json.loads(payload)
        self.assertEqual(reply["error"], "forbidden")
        self.assertIn("attacker.example", reply["reason"])
        status, headers, _ = self.call("PUT", f"/api/queues/%2F/{name}", {"durable": True},
                                       host=f"{ATTACKER}:15672", origin=f"http://{ATTACKER}:15672")
        self.assertEqual(status, 403)
        self.assertNotIn("access-control-allow-origin", headers)
        self.assertNotIn(name, self.queue_names())

    def test_every_route_family_refuses_a_foreign_host(self):
        # One queue with a message, so a purge or a delete would show.
        queue = unique("kept")
        self.assertEqual(self.call("PUT", f"/api/queues/%2F/{queue}", {"durable": False})[0], 201)
        self.assertEqual(self.call("POST", "/api/exchanges/%2F/amq.default/publish",
                                   {"properties": {}, "routing_key": queue, "payload": "x",
                                    "payload_encoding": "string"})[0], 200)
        before = self.fingerprint()
        calls = [
            ("GET", "/api/overview", None),
            ("GET", "/metrics", None),
            ("GET", f"/api/queues/%2F/{queue}", None),
            ("GET", f"/api/depot/queues/%2F/{queue}/messages", None),
            ("PUT", f"/api/queues/%2F/{unique('new')}", {"durable": True}),
            ("DELETE", f"/api/queues/%2F/{queue}", None),
            ("DELETE", f"/api/queues/%2F/{queue}/contents", None),
            ("POST", f"/api/queues/%2F/{queue}/get", {"count": 1, "ackmode": "ack_requeue_false",
                                                     "encoding": "auto"}),
            ("PUT", f"/api/exchanges/%2F/{unique('x')}", {"type": "fanout"}),
            ("POST", "/api/exchanges/%2F/amq.default/publish",
             {"properties": {}, "routing_key": queue, "payload": "y", "payload_encoding": "string"}),
            ("POST", f"/api/bindings/%2F/e/amq.fanout/q/{queue}", {"routing_key": ""}),
            ("PUT", f"/api/users/{unique('u')}", {"password": "p", "tags": "administrator"}),
            ("POST", "/api/definitions", {"queues": [{"name": unique("def"), "vhost": "/", "durable": True,
                                                      "auto_delete": False, "arguments": {}}]}),
            ("POST", f"/api/depot/queues/%2F/{queue}/replay", {}),
        ]
        for method, path, body in calls:
            for host in (ATTACKER, f"{ATTACKER}:{self.port}", f"localhost.{ATTACKER}"):
                with self.subTest(method=method, path=path, host=host):
                    status, _, payload = self.call(method, path, body, host=host,
                                                   origin=f"http://{host}" if method != "GET" else None)
                    self.assertEqual(status, 403, payload)
        self.assertEqual(self.fingerprint(), before)

    def test_cross_site_state_changes_are_refused_with_a_good_host(self):
        queue = unique("cs")
        for origin, referer in ((f"http://{ATTACKER}", None), ("null", None), (None, f"http://{ATTACKER}/x")):
            with self.subTest(origin=origin, referer=referer):
                status, headers, payload = self.call("PUT", f"/api/queues/%2F/{queue}", {"durable": True},
                                                     host=f"127.0.0.1:{self.port}", origin=origin, referer=referer)
                self.assertEqual(status, 403, payload)
                self.assertIn("--allowed-origin", json.loads(payload)["reason"])
                self.assertNotIn("access-control-allow-origin", headers)
        self.assertNotIn(queue, self.queue_names())

    def test_a_cross_site_read_gets_no_cors_header(self):
        status, headers, _ = self.call("GET", "/api/queues", host=f"127.0.0.1:{self.port}",
                                       origin=f"http://{ATTACKER}")
        self.assertEqual(status, 200)   # a page may send it; the browser hides the answer
        self.assertNotIn("access-control-allow-origin", headers)

    def test_programs_without_origin_still_work(self):
        queue = unique("ok")
        for host in (None, f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"[::1]:{self.port}", "LOCALHOST"):
            with self.subTest(host=host):
                status, _, payload = self.call("GET", "/api/overview", host=host)
                self.assertEqual(status, 200, payload)
        self.assertEqual(self.call("PUT", f"/api/queues/%2F/{queue}", {"durable": False},
                                   host=f"localhost:{self.port}")[0], 201)
        self.assertIn(queue, self.queue_names())
        self.assertEqual(self.call("DELETE", f"/api/queues/%2F/{queue}")[0], 204)


@depot_only("checks Depot's own options")
class AllowedHostsAndOrigins(unittest.TestCase):
    def test_an_allowed_host_and_origin_are_answered_with_cors(self):
        depot = DepotProcess(extra_args=["--allowed-host", "depot.test",
                                         "--allowed-origin", "http://localhost:3000"]).start()
        try:
            port = depot.http_port
            status, _, _ = request(port, "GET", "/api/overview", host=f"depot.test:{port}")
            self.assertEqual(status, 200)
            self.assertEqual(request(port, "GET", "/api/overview", host="other.test")[0], 403)
            queue = unique("dash")
            status, headers, payload = request(port, "PUT", f"/api/queues/%2F/{queue}", {"durable": False},
                                               origin="http://localhost:3000")
            self.assertEqual(status, 201, payload)
            self.assertEqual(headers.get("access-control-allow-origin"), "http://localhost:3000")
            status, headers, _ = request(port, "OPTIONS", f"/api/queues/%2F/{queue}",
                                         origin="http://localhost:3000")
            self.assertEqual(status, 204)
            self.assertIn("DELETE", headers.get("access-control-allow-methods", ""))
            status, headers, _ = request(port, "PUT", f"/api/queues/%2F/{unique('no')}", {"durable": False},
                                         origin="http://localhost:3001")
            self.assertEqual(status, 403)
            self.assertNotIn("access-control-allow-origin", headers)
        finally:
            depot.stop()

    def test_bad_values_are_refused_at_start_naming_the_option(self):
        binary = os.environ["DEPOT_BINARY"]
        for args, words in ((["--allowed-origin", "localhost:3000"], "--allowed-origin"),
                            (["--allowed-origin", "http://localhost:3000/app"], "more than an origin"),
                            (["--allowed-host", "depot.test:8080"], "--allowed-host"),
                            (["--allowed-host", "http://depot.test"], "not a host name")):
            with self.subTest(args=args):
                run = subprocess.run([binary, "--headless", "--in-memory", "--amqp-port", "0", "--http-port", "0", "--sqs-port", "0", "--kafka-port", "0"]
                                     + args, capture_output=True, text=True, timeout=30)
                self.assertEqual(run.returncode, 2, run.stderr)
                self.assertIn(words, run.stderr)


@depot_only("checks Depot's own files")
class PrivateDataDirectory(unittest.TestCase):
    def start(self, data_dir):
        old = os.umask(0o022)   # the common default, which would leave files world-readable
        try:
            return DepotProcess(data_dir=data_dir).start()
        finally:
            os.umask(old)

    def test_a_fresh_data_dir_and_its_files_are_private(self):
        with tempfile.TemporaryDirectory() as root:
            data = os.path.join(root, "depot-data")
            depot = self.start(data)
            try:
                queue = unique("durable")
                self.assertEqual(request(depot.http_port, "PUT", f"/api/queues/%2F/{queue}", {"durable": True})[0],
                                 201)
                self.assertEqual(request(depot.http_port, "POST", "/api/exchanges/%2F/amq.default/publish",
                                         {"properties": {"delivery_mode": 2}, "routing_key": queue,
                                          "payload": "secret", "payload_encoding": "string"})[0], 200)
                self.assertEqual(mode(data), 0o700)
                names = sorted(os.listdir(data))
                self.assertIn("depot.db", names)
                self.assertIn("depot.lock", names)
                for name in names:
                    with self.subTest(file=name):
                        self.assertEqual(mode(os.path.join(data, name)), 0o600)
            finally:
                depot.stop()

    def test_an_existing_loose_data_dir_is_tightened_and_logged(self):
        with tempfile.TemporaryDirectory() as root:
            data = os.path.join(root, "loose")
            os.mkdir(data)
            os.chmod(data, 0o755)
            depot = self.start(data)
            depot.stop()   # a clean stop writes nothing more
            depot2 = self.start(data)
            try:
                self.assertEqual(mode(data), 0o700)
                for name in os.listdir(data):
                    self.assertEqual(mode(os.path.join(data, name)), 0o600, name)
            finally:
                depot2.stop()
            _, err = depot.output()
            self.assertIn("was readable by other users (mode 0755); it is now 0700", err)
            _, err2 = depot2.output()
            self.assertNotIn("readable by other users", err2)

    def test_loose_files_of_an_older_depot_are_tightened(self):
        with tempfile.TemporaryDirectory() as root:
            data = os.path.join(root, "old")
            depot = self.start(data)
            depot.stop()
            os.chmod(os.path.join(data, "depot.db"), 0o644)
            depot = self.start(data)
            try:
                self.assertEqual(mode(os.path.join(data, "depot.db")), 0o600)
            finally:
                depot.stop()

    @unittest.skipUnless(os.geteuid() == 0, "needs root to give a directory to another user")
    def test_another_users_data_dir_is_refused(self):
        with tempfile.TemporaryDirectory() as root:
            os.chmod(root, 0o755)
            data = os.path.join(root, "theirs")
            os.mkdir(data)
            os.chown(data, 65534, 65534)
            run = subprocess.run([os.environ["DEPOT_BINARY"], "--headless", "--data-dir", data,
                                  "--amqp-port", "0", "--http-port", "0", "--sqs-port", "0", "--kafka-port", "0"],
                                 capture_output=True, text=True, timeout=30)
            self.assertNotEqual(run.returncode, 0)
            lines = [line for line in run.stderr.splitlines() if line.strip()]
            self.assertEqual(len(lines), 1, run.stderr)
            self.assertIn("belongs to another user", lines[0])
            self.assertEqual(os.listdir(data), [])   # nothing written there


if __name__ == "__main__":
    unittest.main()
