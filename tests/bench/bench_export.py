#!/usr/bin/python3
"""Exporting a queue of a million messages.

    bench_export [--messages N] [--runs R] [--depot PATH] [--body BYTES]

Starts `depot --headless` on a fresh data directory and free loopback ports
and fills two queues with N messages of BYTES bytes each (default 1,000,000
of 100) with python3-pika: `bench_export.stored`, durable, persistent
messages (most of their bodies paged out to the store by then, so the export
reads them back from SQLite), and `bench_export.memory`, transient messages
in memory. Then, R times for each queue, alternating:

  http  GET /api/depot/queues/%2F/{queue}/export, the answer read as it
        streams and its lines counted (a header and N messages, checked);
  cli   `depot export --queue Q --output FILE`, the command line's export to
        a file (0600), its lines counted afterwards.

Prints each run in messages/s (N over the time from the request to the last
byte) and the medians. Issue 15 asks 1,000,000 100-byte messages exported at
200,000 msg/s or more (docs/performance.md, "Export").
"""

import argparse
import base64
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

import pika  # Debian's python3-pika

QUEUES = {"stored": "bench_export.stored", "memory": "bench_export.memory"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_depot(binary, data_dir, amqp_port, http_port):
    proc = subprocess.Popen(
        [binary, "--headless", "--data-dir", data_dir, "--amqp-port", str(amqp_port),
         "--http-port", str(http_port), "--sqs-port", "0", "--kafka-port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"depot exited with {proc.returncode}: {proc.stderr.read().decode()}")
        try:
            return proc, pika.BlockingConnection(pika.ConnectionParameters("127.0.0.1", amqp_port))
        except pika.exceptions.AMQPConnectionError:
            if time.monotonic() > deadline:
                raise SystemExit("depot did not accept an AMQP connection within 120 s")
            time.sleep(0.01)


def fill(conn, queue, durable, messages, body_size):
    ch = conn.channel()
    ch.queue_declare(queue, durable=durable)
    body = b"x" * body_size
    props = pika.BasicProperties(delivery_mode=2 if durable else 1, content_type="text/plain")
    for _ in range(messages - 1):
        ch.basic_publish("", queue, body, props)
    ch.confirm_delivery()
    ch.basic_publish("", queue, body, props)
    count = ch.queue_declare(queue, passive=True).method.message_count
    if count != messages:
        raise SystemExit(f"queue {queue} holds {count} messages, not {messages}")
    ch.close()


def export_http(http_port, queue, messages):
    conn = http.client.HTTPConnection("127.0.0.1", http_port, timeout=300)
    auth = base64.b64encode(b"guest:guest").decode()
    started = time.monotonic()
    conn.request("GET", f"/api/depot/queues/%2F/{queue}/export", headers={"Authorization": "Basic " + auth})
    response = conn.getresponse()
    if response.status != 200:
        raise SystemExit(f"export of {queue}: HTTP {response.status} {response.read()[:200]!r}")
    lines = 0
    size = 0
    while True:
        chunk = response.read(1 << 20)
        if not chunk:
            break
        lines += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.monotonic() - started
    conn.close()
    if lines != messages + 1:
        raise SystemExit(f"export of {queue}: {lines} lines, not {messages + 1}")
    return seconds, size


def export_cli(binary, http_port, queue, messages, out_dir):
    path = os.path.join(out_dir, f"{queue}.jsonl")
    started = time.monotonic()
    done = subprocess.run([binary, "export", "--queue", queue, "--output", path,
                           "--url", f"http://127.0.0.1:{http_port}"],
                          capture_output=True, text=True, timeout=600)
    seconds = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"depot export {queue}: exit {done.returncode}: {done.stderr.strip()}")
    with open(path, "rb") as f:
        lines = sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b""))
    size = os.path.getsize(path)
    os.remove(path)
    if lines != messages + 1:
        raise SystemExit(f"depot export {queue}: {lines} lines, not {messages + 1}")
    return seconds, size


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
    data_dir = tempfile.mkdtemp(prefix="bench_export-")
    out_dir = tempfile.mkdtemp(prefix="bench_export-out-")
    amqp_port, http_port = free_port(), free_port()
    proc, conn = start_depot(args.depot, data_dir, amqp_port, http_port)
    try:
        print(f"{args.messages} messages of {args.body} bytes per queue, {args.runs} runs; "
              f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
        started = time.monotonic()
        fill(conn, QUEUES["stored"], True, args.messages, args.body)
        fill(conn, QUEUES["memory"], False, args.messages, args.body)
        print(f"  filled in {time.monotonic() - started:.0f} s")
        time.sleep(3)   # the store's last commits and paging settle
        rates = {(kind, path): [] for kind in QUEUES for path in ("http", "cli")}
        for run in range(1, args.runs + 1):
            for kind, queue in QUEUES.items():
                for path in ("http", "cli"):
                    if path == "http":
                        seconds, size = export_http(http_port, queue, args.messages)
                    else:
                        seconds, size = export_cli(args.depot, http_port, queue, args.messages, out_dir)
                    rate = args.messages / seconds
                    rates[(kind, path)].append(rate)
                    print(f"  run {run}: {kind:6} {path:4} {seconds:6.2f} s  {rate:9,.0f} msg/s  "
                          f"{size / seconds / 1e6:6.1f} MB/s; load {os.getloadavg()[0]:.2f}")
                    sys.stdout.flush()
        print("medians:")
        for (kind, path), values in rates.items():
            print(f"  {kind:6} {path:4} {statistics.median(values):9,.0f} msg/s "
                  f"(from {min(values):,.0f} to {max(values):,.0f})")
    finally:
        try:
            conn.close()
        except Exception:
            pass
        proc.terminate()
        proc.wait(60)
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
