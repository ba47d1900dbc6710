#!/usr/bin/python3
"""Depot at its open-file limit: warned at start-up, waiting clients served later.

Starts the real `depot --headless --in-memory` with RLIMIT_NOFILE (soft and
hard) set low, so depot cannot raise it, then:

1. depot's log must warn that the limit is too low for its connection limit;
2. python3-pika clients connect until depot runs out of descriptors (the
   next one times out: its socket waits in the kernel's backlog);
3. HTTP keep-alive clients hold descriptors until the HTTP listener rests
   too, and a few more raw sockets send the AMQP protocol header and get no
   answer while depot is at the limit;
   and depot must not spin on the failing accept() meanwhile;
4. some pika connections and the HTTP clients close; every waiting HTTP
   client must then get its answer, every waiting raw socket
   connection.start (depot resumed accepting instead of staying paused for
   good), a new pika connection must open, and depot must still run.

Usage: fd_limit_test.py [--depot PATH] [--limit N]   (default $DEPOT_BINARY)
Exit code 0 on success, 1 on a failed check, 2 when it cannot run.
"""

import argparse
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time

import pika
from pika.adapters.utils.connection_workflow import AMQPConnectorException

# What a failed pika connect raises: protocol errors and connector timeouts.
CONNECT_ERRORS = (pika.exceptions.AMQPError, AMQPConnectorException)

PROTOCOL_HEADER = b"AMQP\x00\x00\x09\x01"
# Depot's HTTP listener rests with this many descriptors left (broker/net/AcceptGuard.h).
DESCRIPTOR_HEADROOM = 32
HTTP_REQUEST = (b"GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Authorization: Basic Z3Vlc3Q6Z3Vlc3Q=\r\nConnection: keep-alive\r\n\r\n")


def got_http_answer(sock, timeout):
    """Whether an HTTP status line arrives within `timeout` seconds."""
    sock.settimeout(timeout)
    try:
        return sock.recv(16).startswith(b"HTTP/1.1 ")
    except (socket.timeout, OSError):
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    """user + system CPU time of a process, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fail(message):
    print(f"fd_limit_test: FAIL: {message}", flush=True)
    sys.exit(1)


def got_connection_start(sock, timeout):
    """True once a connection.start method frame (class 10, method 10) arrived."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while len(data) < 11 and time.monotonic() < deadline:
        try:
            chunk = sock.recv(4096)
        except socket.timeout:
            break
        if not chunk:
            return False
        data += chunk
    return len(data) >= 11 and data[0] == 1 and data[7:11] == b"\x00\x0a\x00\x0a"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--depot", default=os.environ.get("DEPOT_BINARY"))
    parser.add_argument("--limit", type=int, default=192, help="RLIMIT_NOFILE for depot")
    args = parser.parse_args()
    if not args.depot:
        print("fd_limit_test: pass --depot or set DEPOT_BINARY", file=sys.stderr)
        return 2

    amqp_port, http_port = free_port(), free_port()
    log = tempfile.NamedTemporaryFile(prefix="depot-fd-limit-", suffix=".log", delete=False)

    def limit_descriptors():
        resource.setrlimit(resource.RLIMIT_NOFILE, (args.limit, args.limit))

    depot = subprocess.Popen(
        [args.depot, "--headless", "--in-memory", "--amqp-port", str(amqp_port), "--http-port", str(http_port), "--sqs-port", "0", "--kafka-port", "0"],
        stdout=subprocess.PIPE, stderr=log, preexec_fn=limit_descriptors, text=True)
    held = []
    waiting = []
    waiting_http = []
    http_held = []
    try:
        line = depot.stdout.readline()
        if "depot ready:" not in line:
            fail(f"depot did not start: {line!r}; log in {log.name}")

        with open(log.name, encoding="utf-8", errors="replace") as f:
            startup = f.read()
        if f"open-file limit is {args.limit}" not in startup:
            fail(f"no warning about the open-file limit {args.limit} in depot's log:\n{startup}")

        # 2. Connect until depot has no descriptor left for the next client.
        params = pika.ConnectionParameters(host="127.0.0.1", port=amqp_port, heartbeat=0,
                                           socket_timeout=3, stack_timeout=3, connection_attempts=1)
        refused = None
        for _ in range(args.limit * 2):
            try:
                held.append(pika.BlockingConnection(params))
            except CONNECT_ERRORS as error:
                refused = error
                break
        if refused is None:
            fail(f"{len(held)} connections opened: depot never reached its open-file limit {args.limit}")
        if len(held) < args.limit // 2:
            fail(f"only {len(held)} connections with an open-file limit of {args.limit} ({refused!r})")
        print(f"fd_limit_test: {len(held)} connections held at RLIMIT_NOFILE {args.limit}, "
              f"the next one timed out ({type(refused).__name__})", flush=True)

        # 2b. The HTTP API's listener at the same limit: keep-alive clients
        # that each got an answer hold their descriptors until the next one
        # gets none (the HTTP listener rests too).
        for _ in range(DESCRIPTOR_HEADROOM * 4):
            s = socket.create_connection(("127.0.0.1", http_port), timeout=5)
            s.sendall(HTTP_REQUEST)
            if not got_http_answer(s, 1.0):
                waiting_http.append(s)
                break
            http_held.append(s)
        else:
            fail(f"{len(http_held)} HTTP clients answered: the HTTP listener never stopped at the open-file limit")
        for _ in range(3):
            s = socket.create_connection(("127.0.0.1", http_port), timeout=5)
            s.sendall(HTTP_REQUEST)
            waiting_http.append(s)
        print(f"fd_limit_test: {len(http_held)} HTTP clients answered, the next ones wait", flush=True)

        # 3. Clients that arrive now wait in the backlog.
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", amqp_port), timeout=5)
            s.sendall(PROTOCOL_HEADER)
            waiting.append(s)
        answered = sum(got_connection_start(s, 1.0) for s in waiting)
        if answered == len(waiting):
            fail("every waiting client was answered although depot is at its open-file limit")
        # Clients waiting must not make depot spin on a failing accept(): a
        # spinning broker thread burns a whole core (observed: 1.5 s of CPU in
        # 3 s on a loaded machine); a resting one next to nothing.
        spent = cpu_seconds(depot.pid)
        time.sleep(3)
        spent = cpu_seconds(depot.pid) - spent
        if spent > 1.0:
            fail(f"depot used {spent:.2f} s of CPU in 3 s while clients waited at the open-file limit (spinning)")

        # 4. Free some descriptors: the waiting clients must be served.
        for connection in held[:20]:
            connection.close()
        del held[:20]
        for s in http_held:
            s.close()
        unanswered = [s for s in waiting_http if not got_http_answer(s, 15.0)]
        if unanswered:
            fail(f"{len(unanswered)} of {len(waiting_http)} waiting HTTP clients were never answered after "
                 "descriptors were freed: the HTTP listener stopped for good")
        unserved = [s for s in waiting if not got_connection_start(s, 15.0)]
        if len(unserved) > answered:
            fail(f"{len(unserved)} of {len(waiting)} waiting clients never got connection.start "
                 "after connections closed: depot stopped accepting")
        try:
            extra = pika.BlockingConnection(params)
            extra.channel().queue_declare(queue="", exclusive=True)
            extra.close()
        except CONNECT_ERRORS as error:
            fail(f"a new connection after others closed failed: {error!r}")
        if depot.poll() is not None:
            fail(f"depot exited with code {depot.returncode}; log in {log.name}")

        with open(log.name, encoding="utf-8", errors="replace") as f:
            text = f.read()
        episodes = text.count("cannot accept more AMQP connections")
        if episodes < 1:
            fail("depot did not log that it could not accept connections")
        if "cannot accept more HTTP connections" not in text:
            fail("depot did not log that it could not accept HTTP connections")
        print(f"fd_limit_test: waiting clients served after 20 connections closed; "
              f"depot warned {episodes} time(s) about accept failing", flush=True)
    finally:
        for connection in held:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - the verdict is already decided
                pass
        for s in waiting + waiting_http + http_held:
            s.close()
        depot.terminate()
        try:
            depot.wait(30)
        except subprocess.TimeoutExpired:
            depot.kill()
            fail("depot did not stop within 30 s of SIGTERM")
    if depot.returncode != 0:
        fail(f"depot exited with code {depot.returncode} after SIGTERM; log in {log.name}")
    os.unlink(log.name)
    print("fd_limit_test: OK", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
