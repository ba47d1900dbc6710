"""Harness for Depot's integration suites.

Every suite drives a broker with real clients nobody here wrote. By default
the broker is the real `depot --headless --in-memory` (or `--data-dir DIR`
for durability tests) started on free loopback ports; the binary comes from
DEPOT_BINARY (CTest passes it). It is ready when it prints a line starting
with "depot ready:" (or, failing that, when its AMQP port accepts
connections), and it is stopped with SIGTERM after the test class, which
must exit 0.

With DEPOT_TEST_TARGET=rabbitmq the same tests run against the RabbitMQ
already listening on 127.0.0.1:5672 (guest/guest). That is how every test
here was proved right: Depot must behave as RabbitMQ does. Each test uses
unique names (a uuid suffix) and the harness deletes the queues and
exchanges it created afterwards. Tests that only Depot can pass (delayed
messages, x-delivery-limit on classic queues, restarts of the process) are
marked with @depot_only and are skipped, with that reason, on RabbitMQ.

A client library or tool that is missing makes the test FAIL with a message
naming the Debian package or npm module to install; it never skips.
"""

import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid

TARGET = os.environ.get("DEPOT_TEST_TARGET", "depot").strip().lower() or "depot"
if TARGET not in ("depot", "rabbitmq"):
    raise SystemExit(f"DEPOT_TEST_TARGET must be 'depot' or 'rabbitmq', not {TARGET!r}")

RABBITMQ_HOST = os.environ.get("DEPOT_RABBITMQ_HOST", "127.0.0.1")
RABBITMQ_PORT = int(os.environ.get("DEPOT_RABBITMQ_PORT", "5672"))
# RabbitMQ's management plugin (rabbitmq-plugins enable rabbitmq_management).
RABBITMQ_HTTP_PORT = int(os.environ.get("DEPOT_RABBITMQ_HTTP_PORT", "15672"))

READY_PREFIX = "depot ready:"
START_TIMEOUT = float(os.environ.get("DEPOT_START_TIMEOUT", "20"))
STOP_TIMEOUT = 20.0


def on_rabbitmq():
    return TARGET == "rabbitmq"


def can_restart():
    return not on_rabbitmq() or os.environ.get("DEPOT_TEST_RABBITMQ_RESTART") == "1"


def depot_only(reason):
    """Marks a test that only Depot is expected to pass (told why)."""
    return unittest.skipIf(on_rabbitmq(), f"Depot-only: {reason}")


def import_client(module, package):
    """Imports a client library, or fails the test naming the package.

    Debian installs python3-pika and python3-kombu for /usr/bin/python3; an
    interpreter from elsewhere (pyenv, a venv) does not see them, so their
    directory is tried as well before giving up.
    """
    try:
        return __import__(module)
    except ImportError:
        pass
    for extra in ("/usr/lib/python3/dist-packages",):
        if os.path.isdir(extra) and extra not in sys.path:
            sys.path.append(extra)
    try:
        return __import__(module)
    except ImportError as error:
        raise AssertionError(
            f"the Python module '{module}' is missing ({error}); install it with "
            f"`apt-get install {package}` (the project's test command does)") from None


def require_tool(name, package):
    path = shutil.which(name)
    if path is None:
        raise AssertionError(f"the tool '{name}' is not on PATH; install it with `apt-get install {package}` "
                             f"(the project's test command does)")
    return path


def unique(prefix):
    return f"depot-it.{prefix}.{uuid.uuid4().hex[:12]}"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_accepts(host, port, timeout=0.2):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


class DepotProcess:
    """One run of the real depot executable on free loopback ports."""

    def __init__(self, data_dir=None, extra_args=(), headless=True, env=None, sqs=False, kafka=False):
        self.binary = os.environ.get("DEPOT_BINARY", "")
        if not self.binary or not os.path.isfile(self.binary) or not os.access(self.binary, os.X_OK):
            raise AssertionError(f"DEPOT_BINARY must name the built depot executable (it is {self.binary!r}); "
                                 f"CTest sets it, or export it by hand")
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.headless = headless        # False: with the window (offscreen unless QT_QPA_PLATFORM says)
        self.env = dict(env or {})
        self.host = "127.0.0.1"
        self.amqp_port = None
        self.http_port = None
        self.sqs = sqs                  # True: also the SQS listener, on a free port (--sqs-port)
        self.sqs_port = None
        # True: the Kafka listener on a free port (--kafka-port N); "default":
        # no --kafka-port, so on Kafka's 9092 (one test only: suites run side
        # by side); False: off (--kafka-port 0) unless extra_args give a port.
        self.kafka = kafka
        self.kafka_port = None
        self.process = None
        self.ready_line = None
        self._stdout_lines = []
        self._stderr_chunks = []
        self._lock = threading.Lock()

    # -- output -----------------------------------------------------------
    def _pump(self, stream, sink):
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace")
            with self._lock:
                sink.append(line)
        stream.close()

    def output(self):
        with self._lock:
            return "".join(self._stdout_lines), "".join(self._stderr_chunks)

    def describe(self):
        out, err = self.output()
        return f"--- depot stdout ---\n{out[-4000:]}\n--- depot stderr ---\n{err[-4000:]}"

    # -- life cycle -------------------------------------------------------
    def start(self):
        last_error = None
        for _ in range(5):   # a free port can be taken between probe and bind
            ok, last_error = self._start_once()
            if ok:
                return self
            _, err = self.output()
            if "port" not in err.lower():
                break       # not a port clash: retrying would not help
        raise AssertionError(f"depot did not start: {last_error}\n{self.describe()}")

    def _start_once(self):
        self.amqp_port = free_port()
        self.http_port = free_port()
        while self.http_port == self.amqp_port:
            self.http_port = free_port()
        args = [self.binary] + (["--headless"] if self.headless else [])
        args += ["--amqp-port", str(self.amqp_port), "--http-port", str(self.http_port)]
        if self.sqs:
            self.sqs_port = free_port()
            while self.sqs_port in (self.amqp_port, self.http_port):
                self.sqs_port = free_port()
            args += ["--sqs-port", str(self.sqs_port)]
        elif depot_has_sqs():
            # SQS listens on 9324 by default: a suite that does not use it
            # turns it off, so that suites running at once do not clash there.
            args += ["--sqs-port", "0"]
        if self.kafka == "default":
            self.kafka_port = 9092
        elif self.kafka:
            self.kafka_port = free_port()
            while self.kafka_port in (self.amqp_port, self.http_port, self.sqs_port):
                self.kafka_port = free_port()
            args += ["--kafka-port", str(self.kafka_port)]
        elif depot_has_kafka() and "--kafka-port" not in self.extra_args:
            # Kafka listens on 9092 by default: off for a suite that does not
            # use it, so that suites running at once do not clash there.
            args += ["--kafka-port", "0"]
        args += ["--data-dir", self.data_dir] if self.data_dir else ["--in-memory"]
        args += self.extra_args
        env = dict(os.environ)
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        env.update(self.env)
        self._stdout_lines = []
        self._stderr_chunks = []
        self.ready_line = None
        self.process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env)
        threading.Thread(target=self._pump, args=(self.process.stdout, self._stdout_lines), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.process.stderr, self._stderr_chunks), daemon=True).start()
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            with self._lock:
                ready = [line for line in self._stdout_lines if line.startswith(READY_PREFIX)]
            if ready:
                self.ready_line = ready[0].strip()
                return True, None
            code = self.process.poll()
            if code is not None:
                self.process = None
                return False, f"depot exited with code {code} before it was ready"
            # Only the readiness line counts: depot binds its ports before it
            # reads the data dir (a taken port is reported first), so an
            # accepting port does not mean recovery is done or will succeed.
            time.sleep(0.05)
        self.kill()
        return False, f"no '{READY_PREFIX}' line within {START_TIMEOUT:.0f} s"

    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        """SIGTERM; returns the exit code (None when it had to be killed)."""
        if self.process is None:
            return 0
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return None

    def http(self, method, path, body=None, params=None, auth=True, timeout=60):
        """(status, body bytes) of one request to the HTTP API as guest.

        body: a dict or list is sent as JSON, bytes as they are; params are
        added as the query string; auth=False sends no credentials."""
        query = urllib.parse.urlencode(params or {})
        url = f"http://127.0.0.1:{self.http_port}{path}" + (f"?{query}" if query else "")
        data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
        request = urllib.request.Request(url, data=data, method=method)
        if isinstance(body, (dict, list)):
            request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def kill(self):
        """SIGKILL, as a crash or power cut would."""
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.poll() is None:
            process.kill()
        process.wait()


class Broker:
    """Where the tests connect: a Depot process, or the running RabbitMQ."""

    def __init__(self, data_dir=None):
        self.depot = None
        if on_rabbitmq():
            self.host, self.port = RABBITMQ_HOST, RABBITMQ_PORT
            self.http_port = RABBITMQ_HTTP_PORT
            if not port_accepts(self.host, self.port, timeout=2):
                raise AssertionError(f"DEPOT_TEST_TARGET=rabbitmq but nothing listens on {self.host}:{self.port}; "
                                     f"start it with `rabbitmq-server &`")
        else:
            self.depot = DepotProcess(data_dir=data_dir).start()
            self.host, self.port = self.depot.host, self.depot.amqp_port
            self.http_port = self.depot.http_port

    @property
    def url(self):
        return f"amqp://guest:guest@{self.host}:{self.port}/%2F"

    def restart(self, kill=False):
        """Stops (SIGTERM, or SIGKILL when kill) and starts Depot again on the same data dir.

        Against RabbitMQ (only with DEPOT_TEST_RABBITMQ_RESTART=1, as it
        disturbs everyone else using it) a clean restart is
        `rabbitmqctl stop_app; rabbitmqctl start_app`, and a kill is a SIGKILL
        of its Erlang VM followed by a fresh `rabbitmq-server`.
        """
        if self.depot is None:
            if kill:
                self._kill_and_restart_rabbitmq()
                return
            for action in ("stop_app", "start_app"):
                subprocess.run(["rabbitmqctl", action], check=True, stdout=subprocess.DEVNULL, timeout=120)
            wait_until(lambda: port_accepts(self.host, self.port), timeout=60, message="RabbitMQ back")
            return
        if kill:
            self.depot.kill()
        else:
            code = self.depot.stop()
            assert code == 0, f"depot exited with {code} on SIGTERM\n{self.depot.describe()}"
        self.depot.start()
        self.host, self.port = self.depot.host, self.depot.amqp_port
        self.http_port = self.depot.http_port

    def _kill_and_restart_rabbitmq(self):
        """SIGKILL of RabbitMQ's Erlang VM (found by its pid), then a fresh
        `rabbitmq-server` in the background (DEPOT_TEST_RABBITMQ_RESTART=1 only)."""
        result = subprocess.run(["rabbitmqctl", "eval", "os:getpid()."], check=True, stdout=subprocess.PIPE,
                                timeout=60)
        pid = int(result.stdout.decode().strip().strip('"'))
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: not port_accepts(self.host, self.port), timeout=30, message="RabbitMQ gone")
        with open(os.path.join(tempfile.gettempdir(), "depot-it-rabbitmq.log"), "ab") as log:
            subprocess.Popen(["rabbitmq-server"], stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        # RabbitMQ opens its AMQP listener once it has booted and recovered.
        wait_until(lambda: port_accepts(self.host, self.port), timeout=120, interval=0.5, message="RabbitMQ back")

    def close(self):
        """Stops Depot with SIGTERM; returns a message when it did not exit 0."""
        if self.depot is None:
            return None
        code = self.depot.stop()
        if code != 0:
            return f"depot exited with {code} on SIGTERM (expected 0)\n{self.depot.describe()}"
        return None


class DataDirDepotTestCase(unittest.TestCase):
    """A test class sharing one Depot on a data dir in a fresh temp dir
    (tmp_prefix names it); the Depot must end cleanly (exit 0) after the class."""

    tmp_prefix = "depot-it-"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory(prefix=cls.tmp_prefix)
        cls.depot = DepotProcess(data_dir=os.path.join(cls.tmp.name, "data")).start()

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.depot.running():
                code = cls.depot.stop()
                assert code == 0, f"depot exited with {code}\n{cls.depot.describe()}"
        finally:
            cls.tmp.cleanup()
            super().tearDownClass()


class BrokerTestCase(unittest.TestCase):
    """A test class sharing one broker; each test's names are cleaned up after it."""

    data_dir = False        # True: Depot runs with --data-dir in a fresh temp dir
    broker = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._data_dir_path = tempfile.mkdtemp(prefix="depot-it-") if cls.data_dir else None
        cls.broker = Broker(data_dir=cls._data_dir_path)

    @classmethod
    def tearDownClass(cls):
        problem = cls.broker.close() if cls.broker else None
        if cls._data_dir_path:
            shutil.rmtree(cls._data_dir_path, ignore_errors=True)
        super().tearDownClass()
        if problem:
            raise AssertionError(problem)

    def setUp(self):
        super().setUp()
        self._queues = []
        self._exchanges = []
        self.addCleanup(self._delete_created)

    # Names this test creates; deleted afterwards (RabbitMQ outlives the test).
    def queue_name(self, prefix="q"):
        name = unique(prefix)
        self._queues.append(name)
        return name

    def exchange_name(self, prefix="x"):
        name = unique(prefix)
        self._exchanges.append(name)
        return name

    @property
    def host(self):
        return self.broker.host

    @property
    def port(self):
        return self.broker.port

    @property
    def url(self):
        return self.broker.url

    def pika_parameters(self, **overrides):
        pika = import_client("pika", "python3-pika")
        options = dict(host=self.host, port=self.port, credentials=pika.PlainCredentials("guest", "guest"),
                       connection_attempts=3, retry_delay=0.5, socket_timeout=5, blocked_connection_timeout=30)
        options.update(overrides)
        return pika.ConnectionParameters(**options)

    def pika_connection(self, **overrides):
        pika = import_client("pika", "python3-pika")
        connection = pika.BlockingConnection(self.pika_parameters(**overrides))
        self.addCleanup(self._close_quietly, connection)
        return connection

    @staticmethod
    def _close_quietly(connection):
        try:
            if connection.is_open:
                connection.close()
        except Exception:
            pass

    def _delete_created(self):
        if not (self._queues or self._exchanges):
            return
        if self.broker.depot is not None and not self.broker.depot.running():
            return
        pika = import_client("pika", "python3-pika")
        try:
            connection = pika.BlockingConnection(self.pika_parameters(connection_attempts=1))
        except Exception:
            return
        try:
            channel = connection.channel()
            for kind, names in (("queue", self._queues), ("exchange", self._exchanges)):
                for name in names:
                    try:
                        if kind == "queue":
                            channel.queue_delete(name)
                        else:
                            channel.exchange_delete(name)
                    except Exception:
                        if connection.is_closed:
                            return
                        channel = connection.channel()
        finally:
            self._close_quietly(connection)


def wait_until(predicate, timeout=5.0, interval=0.05, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")


def wait_get(channel, queue, auto_ack=False, timeout=5.0):
    """pika basic.get until a message arrives: publishes from another channel
    or connection, and dead-lettering, reach the queue asynchronously."""
    found = []

    def probe():
        method, properties, body = channel.basic_get(queue, auto_ack=auto_ack)
        if method is not None:
            found.append((method, properties, body))
        return bool(found)
    wait_until(probe, timeout=timeout, message=f"a message in {queue}")
    return found[0]


# -- node ------------------------------------------------------------------
# The node suites (test_node_amqplib, test_sqs_node, test_kafka_node) run
# node's built-in test runner on a script in node/ against the depot the
# Python test started.

NODE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node")


def node_summary(output):
    """The counts of node's test runner's closing lines ('# tests 12',
    '# pass 12', ...), by name; a count it did not print is missing."""
    return {name: int(count) for name, count in re.findall(r"^# (tests|suites|pass|fail|cancelled|skipped|todo) (\d+)$",
                                                            output, re.MULTILINE)}


def run_node_tests(test, script, modules, env, timeout, extra_args=(), describe=lambda: ""):
    """Runs `node --test [extra_args] script` in node/ with env added and fails
    `test` unless it passed: exit code 0, and the runner's own summary says
    tests ran (N > 0), passed (> 0) and none failed or was cancelled, and
    tests the script declares passed. A runner that finds no tests (a
    renamed file, a syntax it skips) also exits 0 with '# fail 0', and node
    20 even counts such a file as one passed test, so the counts alone do
    not show that anything ran."""
    node = os.environ.get("DEPOT_NODE") or shutil.which("node") or shutil.which("nodejs")
    test.assertTrue(node and os.path.exists(node),
                    "node is missing: apt-get install nodejs npm (the project's test command does)")
    for module in modules:
        test.assertTrue(os.path.isdir(os.path.join(NODE_DIR, "node_modules", *module.split("/"))),
                        f"{module} is missing: run `npm install` in tests/integration/node "
                        f"(CTest's integration/node-install does)")
    result = subprocess.run([node, "--test", *extra_args, script], cwd=NODE_DIR, env=dict(os.environ, **env),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    output = result.stdout.decode("utf-8", "replace")
    print(output)
    test.assertEqual(result.returncode, 0, f"node's {script} failed:\n" + output + describe())
    counts = node_summary(output)
    test.assertIn("tests", counts, f"node's test runner printed no '# tests N' line for {script}:\n" + output)
    test.assertGreater(counts["tests"], 0, f"node's test runner ran no tests in {script}:\n" + output)
    test.assertGreater(counts.get("pass", 0), 0, f"no test of {script} passed:\n" + output)
    test.assertEqual(counts.get("fail"), 0, output)
    test.assertEqual(counts.get("cancelled", 0), 0, output)
    # node 20 counts a file that declares no test as one passing test named
    # after the file: the tests that passed must have names of their own.
    passed = [name for name in re.findall(r"^ok \d+ - (.*)$", output, re.MULTILINE)
              if "# SKIP" not in name and "# TODO" not in name and not name.endswith(script)]
    test.assertTrue(passed, f"no test declared in {script} passed (the runner counted the file itself):\n" + output)
    return counts


# -- SQS ------------------------------------------------------------------
# The SQS suites (test_sqs_*.py) start depot with --sqs-port on a free port
# and drive it with Debian's python3-boto3 (the query protocol) and node's
# @aws-sdk/client-sqs (AWS JSON 1.0). A depot built without the SQS listener
# does not know --sqs-port: those suites are then skipped, saying so.

_HELP = None


def _depot_help():
    """The depot under test's --help text (asked once), empty if it cannot run."""
    global _HELP
    if _HELP is None:
        binary = os.environ.get("DEPOT_BINARY", "")
        try:
            result = subprocess.run([binary, "--help"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, timeout=30,
                                    env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
            _HELP = result.stdout
        except (OSError, subprocess.SubprocessError):
            _HELP = b""
    return _HELP


def depot_has_sqs():
    """True when the depot under test offers --sqs-port (asked through --help)."""
    return b"--sqs-port" in _depot_help()


def depot_has_kafka():
    """True when the depot under test offers --kafka-port (asked through --help)."""
    return b"--kafka-port" in _depot_help()


class SqsTestCase(unittest.TestCase):
    """A test class sharing one depot with its SQS listener on a free port."""

    data_dir = False        # True: --data-dir in a fresh temp dir (restart tests)
    depot = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if on_rabbitmq():
            raise unittest.SkipTest("Depot-only: RabbitMQ has no SQS API")
        if not depot_has_sqs():
            raise unittest.SkipTest("not built yet: the SQS listener (depot has no --sqs-port)")
        cls._data_dir_path = tempfile.mkdtemp(prefix="depot-it-sqs-") if cls.data_dir else None
        cls.depot = DepotProcess(data_dir=cls._data_dir_path, sqs=True,
                                 extra_args=getattr(cls, "extra_args", ())).start()

    @classmethod
    def tearDownClass(cls):
        problem = None
        if cls.depot is not None:
            code = cls.depot.stop()
            if code != 0:
                problem = f"depot exited with {code} on SIGTERM (expected 0)\n{cls.depot.describe()}"
        if getattr(cls, "_data_dir_path", None):
            shutil.rmtree(cls._data_dir_path, ignore_errors=True)
        super().tearDownClass()
        if problem:
            raise AssertionError(problem)

    @classmethod
    def restart_depot(cls, kill=False):
        """SIGTERM (or SIGKILL) and a new start on the same data dir and ports."""
        if kill:
            cls.depot.kill()
        else:
            code = cls.depot.stop()
            assert code == 0, f"depot exited with {code} on SIGTERM\n{cls.depot.describe()}"
        cls.depot.start()

    @property
    def sqs_endpoint(self):
        return f"http://127.0.0.1:{self.depot.sqs_port}"

    def boto3_client(self, **config):
        """A boto3 SQS client for this depot; Debian's python3-boto3 speaks the query protocol."""
        boto3 = import_client("boto3", "python3-boto3")
        from botocore.config import Config
        options = dict(retries={"max_attempts": 1}, read_timeout=60, connect_timeout=10)
        options.update(config)
        client = boto3.client("sqs", endpoint_url=self.sqs_endpoint, region_name="us-east-1",
                              aws_access_key_id="test", aws_secret_access_key="test",
                              config=Config(**options))
        return client
