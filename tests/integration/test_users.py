"""Stored users: created over the HTTP API, kept hashed in the data dir.

The real `depot --headless` on a data dir of its own: a user created with
PUT /api/users/{name} logs in with pika, still does after depot restarts on
the same directory, is refused with a wrong password (403 ACCESS_REFUSED,
as RabbitMQ answers), travels through a definitions export and import
into another depot, and is managed by Debian's rabbitmqadmin. No file in the
data dir ever holds a plaintext password.

Depot-only: it restarts depot on the same data dir and reads its files.
"""

import base64
import hashlib
import json
import os
import shutil
import stat
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request
import uuid

from depot_harness import DepotProcess, depot_only, free_port, import_client, require_tool


def rabbit_sha256(password, salt=None):
    """RabbitMQ's rabbit_password_hashing_sha256, computed here independently."""
    salt = salt if salt is not None else os.urandom(4)
    return base64.b64encode(salt + hashlib.sha256(salt + password.encode()).digest()).decode()


@depot_only("restarts depot on the same data dir and reads its files")
class UsersTest(unittest.TestCase):
    def setUp(self):
        self.dirs = []
        self.depots = []
        self.data_dir = self.new_dir()
        self.depot = self.start(self.data_dir)

    def tearDown(self):
        for depot in self.depots:
            code = depot.stop()
            if code not in (0, None):
                self.fail(f"depot exited with {code}\n{depot.describe()}")
        for d in self.dirs:
            shutil.rmtree(d, ignore_errors=True)

    # -- helpers ------------------------------------------------------------
    def new_dir(self):
        d = tempfile.mkdtemp(prefix="depot-users-")
        self.dirs.append(d)
        return d

    def start(self, data_dir=None, extra_args=()):
        depot = DepotProcess(data_dir=data_dir, extra_args=extra_args).start()
        self.depots.append(depot)
        return depot

    def restart(self):
        self.assertEqual(self.depot.stop(), 0, self.depot.describe())
        self.depots.remove(self.depot)
        self.depot = self.start(self.data_dir)

    def http(self, method, path, body=None, user="guest", password="guest", depot=None):
        depot = depot or self.depot
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{depot.http_port}{path}", data=data, method=method)
        request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                raw = reply.read()
                return reply.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, json.loads(raw) if raw else None

    def connect(self, user, password, depot=None):
        pika = import_client("pika", "python3-pika")
        depot = depot or self.depot
        return pika.BlockingConnection(pika.ConnectionParameters(
            host="127.0.0.1", port=depot.amqp_port, credentials=pika.PlainCredentials(user, password),
            connection_attempts=1, socket_timeout=10, blocked_connection_timeout=10))

    def round_trip(self, user, password, depot=None):
        """Logs in with pika and moves one message through a queue."""
        connection = self.connect(user, password, depot)
        try:
            channel = connection.channel()
            queue = channel.queue_declare("", exclusive=True).method.queue
            channel.basic_publish("", queue, b"as " + user.encode())
            method, _, body = channel.basic_get(queue, auto_ack=True)
            self.assertIsNotNone(method)
            self.assertEqual(body, b"as " + user.encode())
        finally:
            connection.close()

    def assert_refused(self, user, password, depot=None):
        pika = import_client("pika", "python3-pika")
        with self.assertRaises(pika.exceptions.ProbableAuthenticationError) as context:
            self.connect(user, password, depot)
        text = str(context.exception)
        self.assertIn("403", text)
        self.assertIn("ACCESS_REFUSED", text)
        self.assertIn("Login was refused", text)

    @staticmethod
    def name(prefix):
        return f"{prefix}-{uuid.uuid4().hex[:8]}"

    # -- tests --------------------------------------------------------------
    def test_a_user_created_over_http_logs_in_and_survives_a_restart(self):
        user, password = self.name("app"), "pw-" + uuid.uuid4().hex
        status, _ = self.http("PUT", f"/api/users/{user}", {"password": password, "tags": ""})
        self.assertEqual(status, 201)
        self.round_trip(user, password)
        # Updating (here only the tags) answers 204 and keeps the password.
        status, _ = self.http("PUT", f"/api/users/{user}", {"tags": "monitoring"})
        self.assertEqual(status, 204)

        status, shown = self.http("GET", f"/api/users/{user}")
        self.assertEqual(status, 200)
        self.assertEqual(shown["name"], user)
        self.assertEqual(shown["tags"], ["monitoring"])
        self.assertEqual(shown["hashing_algorithm"], "depot_pbkdf2_sha256")
        self.assertTrue(shown["password_hash"])
        self.assertNotIn("password", shown)
        self.assertNotIn(password, json.dumps(self.http("GET", "/api/users")[1]))

        self.restart()
        self.round_trip(user, password)
        status, whoami = self.http("GET", "/api/whoami", user=user, password=password)
        self.assertEqual((status, whoami), (200, {"name": user, "tags": ["monitoring"]}))

    def test_amqplain_logins_use_the_stored_users(self):
        # py-amqp (kombu's transport) with RabbitMQ's AMQPLAIN mechanism.
        amqp = import_client("amqp", "python3-amqp")
        user, password = self.name("plain"), "ap-" + uuid.uuid4().hex
        self.assertEqual(self.http("PUT", f"/api/users/{user}", {"password": password})[0], 201)

        def login(pw):
            connection = amqp.Connection(host=f"127.0.0.1:{self.depot.amqp_port}", userid=user, password=pw,
                                         login_method="AMQPLAIN", connect_timeout=10)
            connection.connect()
            return connection

        connection = login(password)
        try:
            channel = connection.channel()
            queue, _, _ = channel.queue_declare("", exclusive=True)
            channel.basic_publish(amqp.Message(b"via amqplain"), routing_key=queue)
            message = channel.basic_get(queue, no_ack=True)
            self.assertEqual(message.body, b"via amqplain")
        finally:
            connection.close()
        with self.assertRaises(amqp.exceptions.AccessRefused) as context:
            login("wrong")
        self.assertIn("Login was refused using authentication mechanism AMQPLAIN", str(context.exception))

    def test_wrong_passwords_are_refused_with_readable_text(self):
        user, password = self.name("app"), "right-" + uuid.uuid4().hex
        self.assertEqual(self.http("PUT", f"/api/users/{user}", {"password": password})[0], 201)
        for attempt in range(3):   # the second and third come from the cache of refusals
            with self.subTest(attempt=attempt):
                self.assert_refused(user, "wrong")
        self.assert_refused("nobody-" + uuid.uuid4().hex, password)
        status, body = self.http("GET", "/api/whoami", user=user, password="wrong")
        self.assertEqual(status, 401)
        self.assertEqual(body["reason"], "Login failed")
        self.round_trip(user, password)

    def test_no_plaintext_password_reaches_the_data_dir(self):
        secrets = {}
        for how in ("http", "import"):
            secrets[self.name(how)] = f"plaintext-{how}-{uuid.uuid4().hex}"
        http_user, import_user = list(secrets)
        self.assertEqual(self.http("PUT", f"/api/users/{http_user}",
                                   {"password": secrets[http_user], "tags": "administrator"})[0], 201)
        status, body = self.http("POST", "/api/definitions",
                                 {"users": [{"name": import_user, "password": secrets[import_user], "tags": ""}]})
        self.assertEqual(status, 204, body)
        for user, password in secrets.items():
            self.round_trip(user, password)
        # The command-line account of another run must not be written either.
        self.assertEqual(self.depot.stop(), 0)
        self.depots.remove(self.depot)
        cmdline_password = "cmdline-" + uuid.uuid4().hex
        self.depot = self.start(self.data_dir, ["--user", "operator", "--password", cmdline_password])
        self.round_trip("operator", cmdline_password)
        self.round_trip(http_user, secrets[http_user])
        self.assertEqual(self.depot.stop(), 0)
        self.depots.remove(self.depot)

        users_file = os.path.join(self.data_dir, "users.json")
        self.assertEqual(stat.S_IMODE(os.stat(users_file).st_mode) & 0o077, 0, "users.json is readable by others")
        files = [os.path.join(root, f) for root, _, names in os.walk(self.data_dir) for f in names]
        self.assertIn(users_file, files)
        for path in files:
            with open(path, "rb") as f:
                content = f.read()
            for password in list(secrets.values()) + [cmdline_password]:
                self.assertNotIn(password.encode(), content, f"{path} holds a plaintext password")
        with open(users_file) as f:
            stored = {u["name"]: u for u in json.load(f)["users"]}
        self.assertEqual(set(stored), set(secrets))   # the command-line account is not stored
        self.depot = self.start(self.data_dir)

    def test_definitions_carry_users_to_another_depot(self):
        native, native_pw = self.name("native"), "n-" + uuid.uuid4().hex
        imported, imported_pw = self.name("rabbit"), "r-" + uuid.uuid4().hex
        self.assertEqual(self.http("PUT", f"/api/users/{native}", {"password": native_pw, "tags": "administrator"})[0],
                         201)
        # A hash computed as RabbitMQ computes it, given without an algorithm
        # (RabbitMQ assumes its SHA-256 then).
        self.assertEqual(self.http("PUT", f"/api/users/{imported}",
                                   {"password_hash": rabbit_sha256(imported_pw), "tags": ""})[0], 201)
        self.round_trip(imported, imported_pw)

        status, exported = self.http("GET", "/api/definitions")
        self.assertEqual(status, 200)
        users = {u["name"]: u for u in exported["users"]}
        self.assertEqual(users[native]["hashing_algorithm"], "depot_pbkdf2_sha256")
        self.assertEqual(users[imported]["hashing_algorithm"], "rabbit_password_hashing_sha256")
        self.assertNotIn("guest", users)   # the command-line account is not exported
        for u in users.values():
            self.assertNotIn("password", u)
        self.assertIn({"user": imported, "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"},
                      exported["permissions"])

        other = self.start(self.new_dir())
        status, body = self.http("POST", "/api/definitions", exported, depot=other)
        self.assertEqual(status, 204, body)
        self.round_trip(native, native_pw, depot=other)
        self.round_trip(imported, imported_pw, depot=other)
        self.assert_refused(native, imported_pw, depot=other)

    def test_an_import_with_a_bad_user_changes_nothing(self):
        queue = self.name("q")
        good = self.name("good")
        bad_docs = {
            "unknown algorithm": {"name": self.name("u"), "password_hash": rabbit_sha256("x"),
                                  "hashing_algorithm": "rabbit_password_hashing_md5"},
            "malformed hash": {"name": self.name("u"), "password_hash": "bm90IGEgaGFzaA==",
                               "hashing_algorithm": "rabbit_password_hashing_sha256"},
            "no name": {"password": "x"},
        }
        for case, bad in bad_docs.items():
            with self.subTest(case=case):
                doc = {"queues": [{"name": queue, "durable": True, "auto_delete": False, "arguments": {}}],
                       "users": [{"name": good, "password": "pw", "tags": ""}, bad]}
                status, body = self.http("POST", "/api/definitions", doc)
                self.assertEqual(status, 400, body)
                self.assertIn("users[1]", body["reason"])
                self.assertEqual(self.http("GET", f"/api/queues/%2F/{queue}")[0], 404)
                self.assertEqual(self.http("GET", f"/api/users/{good}")[0], 404)

        # A file exported from RabbitMQ holds guest; Depot running as guest
        # skips that entry and imports the rest.
        doc = {"users": [{"name": "guest", "password_hash": rabbit_sha256("other"),
                          "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ["administrator"]},
                         {"name": good, "password_hash": rabbit_sha256("pw"),
                          "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": "management"}]}
        self.assertEqual(self.http("POST", "/api/definitions", doc)[0], 204)
        self.round_trip("guest", "guest")
        self.round_trip(good, "pw")

    def test_refusals_say_why(self):
        admin, admin_pw = self.name("admin"), "a-" + uuid.uuid4().hex
        watcher, watcher_pw = self.name("watcher"), "w-" + uuid.uuid4().hex
        app, app_pw = self.name("app"), "p-" + uuid.uuid4().hex
        self.assertEqual(self.http("PUT", f"/api/users/{admin}", {"password": admin_pw, "tags": "administrator"})[0], 201)
        self.assertEqual(self.http("PUT", f"/api/users/{watcher}", {"password": watcher_pw, "tags": ["monitoring"]})[0], 201)
        self.assertEqual(self.http("PUT", f"/api/users/{app}", {"password": app_pw})[0], 201)

        status, body = self.http("DELETE", f"/api/users/{admin}", user=admin, password=admin_pw)
        self.assertEqual(status, 400)
        self.assertIn("cannot delete yourself", body["reason"])
        for method, payload in (("DELETE", None), ("PUT", {"password": "new"})):
            status, body = self.http(method, "/api/users/guest", payload, user=admin, password=admin_pw)
            self.assertEqual(status, 400)
            self.assertIn("account given on the command line", body["reason"])
        # A monitoring user uses the API but does not manage users; a user
        # without tags uses AMQP only.
        self.assertEqual(self.http("GET", "/api/queues", user=watcher, password=watcher_pw)[0], 200)
        status, body = self.http("GET", "/api/users", user=watcher, password=watcher_pw)
        self.assertEqual((status, body["reason"]), (401, "Not administrator user"))
        status, body = self.http("GET", "/api/definitions", user=watcher, password=watcher_pw)
        self.assertEqual((status, body["reason"]), (401, "Not administrator user"))
        status, body = self.http("GET", "/api/queues", user=app, password=app_pw)
        self.assertEqual((status, body["reason"]), (401, "Not management user"))
        self.round_trip(app, app_pw)

        status, body = self.http("PUT", f"/api/users/{self.name('x')}", {"password_hash": "%%%"})
        self.assertEqual(status, 400)
        self.assertIn("base64", body["reason"])
        status, body = self.http("PUT", f"/api/users/{self.name('x')}", {"password": "a", "password_hash": ""})
        self.assertEqual(status, 400)
        self.assertIn("not both", body["reason"])
        self.assertEqual(self.http("GET", "/api/users/nobody-here")[0], 404)
        self.assertEqual(self.http("DELETE", "/api/users/nobody-here")[0], 404)

        # Another administrator may delete this one, who is refused from then on.
        self.assertEqual(self.http("DELETE", f"/api/users/{admin}")[0], 204)
        self.assertEqual(self.http("GET", "/api/whoami", user=admin, password=admin_pw)[0], 401)
        self.assert_refused(admin, admin_pw)

    def test_rabbitmqadmin_declares_lists_and_deletes_users(self):
        tool = require_tool("rabbitmqadmin", "rabbitmq-server")
        user, password = self.name("ops"), "o-" + uuid.uuid4().hex

        def admin(*args, as_user="guest", as_password="guest", expect=0):
            command = [tool, "-H", "127.0.0.1", "-P", str(self.depot.http_port), "-u", as_user, "-p", as_password]
            command += list(args)
            result = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, expect,
                             f"$ {' '.join(command)}\nexit {result.returncode}\n{result.stdout}\n{result.stderr}")
            return result.stdout + result.stderr

        self.assertIn("user declared", admin("declare", "user", f"name={user}", f"password={password}",
                                             "tags=administrator"))
        listed = json.loads(admin("-f", "raw_json", "list", "users"))
        mine = [u for u in listed if u["name"] == user]
        self.assertEqual(len(mine), 1)
        self.assertEqual(mine[0]["tags"], ["administrator"])
        self.assertNotIn(password, json.dumps(listed))
        self.assertRegex(admin("list", "users", "name", "tags"), rf"\| {user}\s+\| administrator\s+\|")
        # The new administrator manages the broker with rabbitmqadmin too.
        admin("list", "queues", as_user=user, as_password=password)
        self.round_trip(user, password)

        self.assertIn("user deleted", admin("delete", "user", f"name={user}"))
        self.assertNotIn(user, admin("list", "users", "name"))
        out = admin("list", "queues", as_user=user, as_password=password, expect=1)
        self.assertIn("Access refused", out)

    def test_in_memory_users_are_gone_after_a_restart(self):
        depot = self.start(extra_args=())   # no data dir: --in-memory
        user, password = self.name("tmp"), "t-" + uuid.uuid4().hex
        self.assertEqual(self.http("PUT", f"/api/users/{user}", {"password": password}, depot=depot)[0], 201)
        self.round_trip(user, password, depot=depot)
        self.assertEqual(depot.stop(), 0)
        self.depots.remove(depot)
        depot = self.start()
        self.assert_refused(user, password, depot=depot)

    def test_a_damaged_users_file_stops_the_start_and_is_kept(self):
        data_dir = self.new_dir()
        users_file = os.path.join(data_dir, "users.json")
        damaged = b'{"version": 1, "users": [{"name": "a", "password_hash": "x", "hashing_algorithm": "md5"}]}'
        with open(users_file, "wb") as f:
            f.write(damaged)
        # Run directly and waited for: depot binds its ports before it reads
        # the data dir, so the harness could take it for started.
        result = subprocess.run([os.environ["DEPOT_BINARY"], "--headless", "--data-dir", data_dir,
                                 "--amqp-port", str(free_port()), "--http-port", str(free_port()), "--sqs-port", "0", "--kafka-port", "0"],
                                stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
        self.assertNotEqual(result.returncode, 0, result.stdout + result.stderr)
        err = result.stderr
        self.assertIn(f"the users file {users_file} cannot be used", err)
        self.assertIn("unknown hashing_algorithm 'md5'", err)
        with open(users_file, "rb") as f:
            self.assertEqual(f.read(), damaged)


if __name__ == "__main__":
    unittest.main()
