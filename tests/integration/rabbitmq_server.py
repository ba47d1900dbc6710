"""A private RabbitMQ for the tests that look at a remote broker.

Starts Debian's rabbitmq-server (package rabbitmq-server) with its management
plugin on free loopback ports, with its own data directory, Erlang cookie,
node name and epmd port, so it never meets a RabbitMQ (or another test's)
already on the machine; waits until GET /api/overview answers; and stops it
and its epmd at the end.

Use from Python:

    with RabbitMQServer() as server:
        server.amqp_port, server.http_port, server.management_url ...

or share one per test class with RabbitMQTestCase (start-up takes ~40 s on a
loaded machine). From CTest (the C++ GUI tests) as a fixture:

    rabbitmq_server.py start STATE_FILE   # starts it, writes the ports, returns
    rabbitmq_server.py stop STATE_FILE    # stops it, removes its directory

STATE_FILE is a small JSON object: amqp_port, http_port, management_url,
amqp_url, user, password, dir and the environment it was started with.

A missing rabbitmq-server makes the start fail with a message naming the
Debian package; it never skips.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

RABBITMQ_BIN = os.environ.get("DEPOT_RABBITMQ_BIN", "/usr/lib/rabbitmq/bin")
START_TIMEOUT = float(os.environ.get("DEPOT_RABBITMQ_START_TIMEOUT", "240"))
STOP_TIMEOUT = 60.0
USER = "guest"
PASSWORD = "guest"


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def distinct_free_ports(count):
    ports = set()
    while len(ports) < count:
        ports.add(free_port())
    return sorted(ports)


class RabbitMQServer:
    """One private rabbitmq-server node; see the module's comment."""

    def __init__(self, base_dir=None, extra_config=""):
        self.base_dir = base_dir
        self.extra_config = extra_config
        self.process = None
        self.env = None
        self.amqp_port = self.http_port = self.dist_port = self.epmd_port = None
        self.node = None
        self._own_dir = False

    # ---- what the tests read ----
    @property
    def management_url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def amqp_url(self):
        return f"amqp://{USER}:{PASSWORD}@127.0.0.1:{self.amqp_port}/%2F"

    def state(self):
        return {
            "amqp_port": self.amqp_port,
            "http_port": self.http_port,
            "management_url": self.management_url,
            "amqp_url": self.amqp_url,
            "user": USER,
            "password": PASSWORD,
            "dir": self.base_dir,
            "env": {k: v for k, v in self.env.items() if k.startswith(("RABBITMQ_", "ERL_", "HOME"))},
            "pid": self.process.pid if self.process else None,
        }

    # ---- start and stop ----
    def start(self):
        server = os.path.join(RABBITMQ_BIN, "rabbitmq-server")
        if not os.access(server, os.X_OK):
            raise AssertionError(
                f"{server} is missing; install Debian's package rabbitmq-server "
                "(apt install rabbitmq-server)")
        if shutil.which("epmd") is None and not os.path.exists("/usr/bin/epmd"):
            raise AssertionError("epmd is missing; install Debian's package erlang-base")
        if self.base_dir is None:
            self.base_dir = tempfile.mkdtemp(prefix="depot-rabbitmq-")
            self._own_dir = True
        os.makedirs(self.base_dir, exist_ok=True)
        self.amqp_port, self.http_port, self.dist_port, self.epmd_port = distinct_free_ports(4)
        self.node = f"depot-test-{os.getpid()}-{self.amqp_port}@localhost"
        config = os.path.join(self.base_dir, "rabbitmq.conf")
        with open(config, "w") as f:
            f.write(
                f"listeners.tcp.default = 127.0.0.1:{self.amqp_port}\n"
                f"management.tcp.port = {self.http_port}\n"
                "management.tcp.ip = 127.0.0.1\n"
                "loopback_users = none\n"
                # Tests read rates: sample them often.
                "collect_statistics_interval = 1000\n"
                + self.extra_config)
        plugins = os.path.join(self.base_dir, "enabled_plugins")
        with open(plugins, "w") as f:
            f.write("[rabbitmq_management].\n")
        home = os.path.join(self.base_dir, "home")
        os.makedirs(home, exist_ok=True)
        env = dict(os.environ)
        env.update({
            "HOME": home,  # a fresh Erlang cookie
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_CONFIG_FILE": config,
            "RABBITMQ_ENABLED_PLUGINS_FILE": plugins,
            "RABBITMQ_MNESIA_BASE": os.path.join(self.base_dir, "mnesia"),
            "RABBITMQ_LOG_BASE": os.path.join(self.base_dir, "log"),
            "RABBITMQ_PID_FILE": os.path.join(self.base_dir, "rabbitmq.pid"),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "ERL_EPMD_PORT": str(self.epmd_port),
        })
        self.env = env
        self._log = open(os.path.join(self.base_dir, "server.out"), "wb")
        self.process = subprocess.Popen([server], env=env, stdout=self._log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"rabbitmq-server exited with {self.process.returncode}:\n{self.output()}")
            if self.api_ready():
                return self
            time.sleep(0.5)
        self.stop()
        raise AssertionError(f"rabbitmq-server did not answer on {self.management_url} in {START_TIMEOUT:.0f} s:\n"
                             + self.output())

    def output(self):
        try:
            with open(os.path.join(self.base_dir, "server.out"), "rb") as f:
                return f.read()[-4000:].decode("utf-8", "replace")
        except OSError:
            return ""

    def api_ready(self):
        try:
            self.api("GET", "/api/overview", timeout=2)
            return True
        except (OSError, urllib.error.URLError, ValueError):
            return False

    def api(self, method, path, body=None, timeout=10, user=USER, password=PASSWORD):
        """Calls the management API; the answer's JSON (None when empty)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.management_url + path, data=data, method=method)
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
        return json.loads(raw) if raw else None

    def ctl(self, *args):
        """rabbitmqctl against this node, with its environment."""
        return subprocess.run([os.path.join(RABBITMQ_BIN, "rabbitmqctl"), *args], env=self.env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=STOP_TIMEOUT,
                              check=False).stdout.decode("utf-8", "replace")

    def stop(self):
        if self.env is None:
            return
        if self.process is not None and self.process.poll() is None:
            try:
                self.ctl("stop")
            except subprocess.TimeoutExpired:
                pass
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        stop_node(self.env)
        if getattr(self, "_log", None):
            self._log.close()
            self._log = None
        if self._own_dir:
            shutil.rmtree(self.base_dir, ignore_errors=True)
        self.env = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def stop_node(env):
    """Ends what a start left behind: the node's epmd (its own port)."""
    subprocess.run(["epmd", "-kill"], env={**os.environ, "ERL_EPMD_PORT": env["ERL_EPMD_PORT"]},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=20)


class RabbitMQTestCase(unittest.TestCase):
    """One private RabbitMQ for all tests of a class (class attribute `rabbit`)."""

    rabbit = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rabbit = RabbitMQServer().start()

    @classmethod
    def tearDownClass(cls):
        if cls.rabbit is not None:
            cls.rabbit.stop()
        super().tearDownClass()


def _fixture_start(state_file):
    base = state_file + ".d"
    shutil.rmtree(base, ignore_errors=True)
    server = RabbitMQServer(base_dir=base)
    server.start()
    with open(state_file + ".tmp", "w") as f:
        json.dump(server.state(), f, indent=1)
    os.replace(state_file + ".tmp", state_file)
    # The node runs on in its own session; the stop command ends it.
    server.process = None
    print(f"rabbitmq ready: amqp {server.amqp_port} http {server.http_port} ({state_file})")


def _fixture_stop(state_file):
    try:
        with open(state_file) as f:
            state = json.load(f)
    except (OSError, ValueError):
        print(f"no RabbitMQ to stop ({state_file} unreadable)")
        return
    env = {**os.environ, **state["env"]}
    subprocess.run([os.path.join(RABBITMQ_BIN, "rabbitmqctl"), "stop"], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False, timeout=STOP_TIMEOUT)
    pid = state.get("pid")
    deadline = time.monotonic() + STOP_TIMEOUT
    while pid and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except OSError:
            break
        # Reap it if it was ours; otherwise just wait for it to go.
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        time.sleep(0.2)
    else:
        if pid:
            try:
                os.killpg(pid, 9)
            except OSError:
                pass
    stop_node(env)
    os.remove(state_file)
    shutil.rmtree(state["dir"], ignore_errors=True)
    print("rabbitmq stopped")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("start", "stop"):
        raise SystemExit("usage: rabbitmq_server.py start|stop STATE_FILE")
    (_fixture_start if sys.argv[1] == "start" else _fixture_stop)(os.path.abspath(sys.argv[2]))
