#!/usr/bin/python3
"""Memory per queued message and restart time.

    bench_memory [--messages N] [--runs R] [--depot PATH] [--body BYTES]

Starts `depot --headless` on a fresh data directory and free loopback ports,
publishes N persistent messages (default 1,000,000 of 100 bytes) into one
durable queue with python3-pika (basic_publish without confirms, then one
publish with confirms so that all are known to have arrived), waits 5 s and
reads the process's VmRSS; stops it with SIGTERM, starts it again on the same
directory and times the start to the first AMQP connection accepted
(recovery included), checks that every message is back, and reads VmRSS
again 2 s later. Prints each run and the medians (docs/performance.md,
"Memory per queued message").
"""

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import pika  # Debian's python3-pika


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


class Depot:
    def __init__(self, binary, data_dir, port):
        self.port = port
        started = time.monotonic()
        self.proc = subprocess.Popen(
            [binary, "--headless", "--data-dir", data_dir, "--amqp-port", str(port),
             "--http-port", "0", "--sqs-port", "0", "--kafka-port", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = started + 120
        while True:
            if self.proc.poll() is not None:
                raise SystemExit(f"depot exited with {self.proc.returncode}: {self.proc.stderr.read().decode()}")
            try:
                self.conn = pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", port))
                break
            except pika.exceptions.AMQPConnectionError:
                if time.monotonic() > deadline:
                    raise SystemExit("depot did not accept an AMQP connection within 120 s")
                time.sleep(0.01)
        self.ready_seconds = time.monotonic() - started

    def stop(self):
        self.conn.close()
        self.proc.terminate()
        if self.proc.wait(60) != 0:
            raise SystemExit(f"depot stopped with {self.proc.returncode}")


def one_run(binary, messages, body_size):
    data_dir = tempfile.mkdtemp(prefix="bench_memory-")
    try:
        port = free_port()
        depot = Depot(binary, data_dir, port)
        ch = depot.conn.channel()
        ch.queue_declare("bench_memory", durable=True)
        body = b"x" * body_size
        props = pika.BasicProperties(delivery_mode=2)
        for _ in range(messages - 1):
            ch.basic_publish("", "bench_memory", body, props)
        ch.confirm_delivery()
        ch.basic_publish("", "bench_memory", body, props)
        time.sleep(5)
        queued = rss_mb(depot.proc.pid)
        depot.stop()
        depot = Depot(binary, data_dir, port)
        count = depot.conn.channel().queue_declare("bench_memory", passive=True).method.message_count
        if count != messages:
            raise SystemExit(f"after the restart the queue holds {count} messages, not {messages}")
        time.sleep(2)
        after = rss_mb(depot.proc.pid)
        ready = depot.ready_seconds
        depot.stop()
        return queued, ready, after
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--body", type=int, default=100, help="body size in bytes")
    parser.add_argument("--depot", default=os.environ.get("DEPOT_BINARY"))
    args = parser.parse_args()
    if not args.depot or not os.access(args.depot, os.X_OK):
        raise SystemExit("no depot binary: pass --depot PATH or set DEPOT_BINARY")
    if args.messages < 1 or args.runs < 1 or args.body < 0:
        raise SystemExit("--messages and --runs must be at least 1, --body at least 0")
    print(f"{args.messages} persistent messages of {args.body} bytes in one durable queue, {args.runs} runs; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    results = []
    for run in range(1, args.runs + 1):
        queued, ready, after = one_run(args.depot, args.messages, args.body)
        results.append((queued, ready, after))
        print(f"  run {run}: RSS queued {queued:.0f} MB | restart to ready {ready:.2f} s | "
              f"RSS after the restart {after:.0f} MB; load {os.getloadavg()[0]:.2f}")
        sys.stdout.flush()
    med = [statistics.median(r[i] for r in results) for i in range(3)]
    print(f"median: RSS queued {med[0]:.0f} MB | restart to ready {med[1]:.2f} s | RSS after the restart {med[2]:.0f} MB")


if __name__ == "__main__":
    main()
