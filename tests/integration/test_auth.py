"""Credentials: `depot --user NAME --password SECRET` (or DEPOT_PASSWORD).

The real `depot --headless` started with an account of its own: pika logs in
with it, guest is refused (403 ACCESS_REFUSED, as RabbitMQ answers a failed
login to clients that announce authentication_failure_close), a wrong password
is refused, and the HTTP API accepts the same account and refuses guest with
401. Depot-only: it starts Depot with flags RabbitMQ does not have.
"""

import base64
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import urllib.error
import urllib.request

from depot_harness import DepotProcess, free_port, import_client


class AuthTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.depot = DepotProcess(extra_args=["--user", "alice", "--password", "s3cret"])
        cls.depot.start()

    @classmethod
    def tearDownClass(cls):
        code = cls.depot.stop()
        if code != 0:
            raise AssertionError(f"depot exited with {code}: {cls.depot.output()}")

    def connect(self, user, password):
        pika = import_client("pika", "python3-pika")
        return pika.BlockingConnection(pika.ConnectionParameters(
            host="127.0.0.1", port=self.depot.amqp_port, credentials=pika.PlainCredentials(user, password),
            connection_attempts=1, socket_timeout=5))

    def http(self, path, user, password):
        request = urllib.request.Request(f"http://127.0.0.1:{self.depot.http_port}{path}")
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=5) as reply:
                return reply.status, json.loads(reply.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def test_the_configured_account_works_over_amqp(self):
        connection = self.connect("alice", "s3cret")
        try:
            channel = connection.channel()
            channel.queue_declare("auth-check", auto_delete=True)
            channel.basic_publish("", "auth-check", b"hello")
            method, _, body = channel.basic_get("auth-check", auto_ack=True)
            self.assertIsNotNone(method)
            self.assertEqual(body, b"hello")
        finally:
            connection.close()

    def test_guest_and_wrong_passwords_are_refused_over_amqp(self):
        pika = import_client("pika", "python3-pika")
        for user, password in (("guest", "guest"), ("alice", "wrong"), ("bob", "s3cret")):
            with self.subTest(user=user, password=password):
                with self.assertRaises(pika.exceptions.ProbableAuthenticationError) as context:
                    self.connect(user, password)
                self.assertIn("ACCESS_REFUSED", str(context.exception))

    def test_http_api_uses_the_same_account(self):
        status, body = self.http("/api/whoami", "alice", "s3cret")
        self.assertEqual(status, 200)
        self.assertEqual(body["name"], "alice")
        for user, password in (("guest", "guest"), ("alice", "wrong")):
            with self.subTest(user=user):
                status, body = self.http("/api/whoami", user, password)
                self.assertEqual(status, 401)
                self.assertIn("error", body)

    def test_password_from_the_environment(self):
        env_depot = DepotProcess(extra_args=["--user", "carol"])
        os.environ["DEPOT_PASSWORD"] = "from-env"
        try:
            env_depot.start()
        finally:
            del os.environ["DEPOT_PASSWORD"]
        try:
            pika = import_client("pika", "python3-pika")
            connection = pika.BlockingConnection(pika.ConnectionParameters(
                host="127.0.0.1", port=env_depot.amqp_port, credentials=pika.PlainCredentials("carol", "from-env"),
                connection_attempts=1, socket_timeout=5))
            connection.close()
        finally:
            self.assertEqual(env_depot.stop(), 0)

    def test_stored_users_do_not_open_other_addresses(self):
        # Binding beyond loopback needs a command-line account other than
        # guest; a stored user does not count (it can be deleted while depot
        # runs, and the check must not depend on a file's contents).
        data_dir = tempfile.mkdtemp(prefix="depot-auth-")
        try:
            salt = os.urandom(4)
            password_hash = base64.b64encode(salt + hashlib.sha256(salt + b"pw").digest()).decode()
            with open(os.path.join(data_dir, "users.json"), "w") as f:
                json.dump({"version": 1, "users": [{"name": "admin", "password_hash": password_hash,
                                                    "hashing_algorithm": "rabbit_password_hashing_sha256",
                                                    "tags": ["administrator"]}]}, f)
            result = subprocess.run([os.environ["DEPOT_BINARY"], "--headless", "--data-dir", data_dir,
                                     "--bind", "0.0.0.0", "--amqp-port", str(free_port()),
                                     "--http-port", str(free_port()), "--sqs-port", "0", "--kafka-port", "0"],
                                    stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 2, result.stdout + result.stderr)
            self.assertIn("--bind 0.0.0.0 would expose Depot beyond this machine with the guest account",
                          result.stderr)
        finally:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
