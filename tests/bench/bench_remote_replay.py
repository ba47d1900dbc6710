#!/usr/bin/env python3
"""Remote replay benchmark: the window's replay of dead letters on a real RabbitMQ.

    bench_remote_replay [--messages N] [--runs R] [--batch B[,B...]]
                        [--lanes L[,L...]] [--method auto|tx|confirms] [--window W]
                        [--amqp-port PORT] [--tool PATH]

Makes N dead letters on a RabbitMQ (persistent messages published to a
durable queue with a dead-letter exchange and rejected with
basic.reject(requeue=False) by python3-pika, so they carry RabbitMQ's own
x-death), then times remote_transfer_tool (the RemoteTransfer code the window
runs on its worker thread) replaying all of them back to the queue their
x-death names, from its start to its exit, and checks that every one arrived
and none is left. Repeated R times for each batch size; prints each run's
msg/s and the median, with the machine's load average (the figures depend on
the disk's fsync and on what else runs). With several batch sizes or lane
counts, the runs of the combinations alternate (one run of each in turn), so
that a change in the machine's load falls on all of them alike.

RabbitMQ is Debian's rabbitmq-server, started by the benchmark on its own
ports and data directory (tests/integration/rabbitmq_server.py) and stopped
at the end; --amqp-port uses one already running instead (guest/guest).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
SOURCE_DIR = os.environ.get("DEPOT_SOURCE_DIR", "@DEPOT_SOURCE_DIR@")
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "integration"))

import pika  # noqa: E402  (Debian's python3-pika)
from rabbitmq_server import PASSWORD, USER, RabbitMQServer  # noqa: E402


def connect(port):
    return pika.BlockingConnection(pika.ConnectionParameters(
        "127.0.0.1", port, "/", pika.PlainCredentials(USER, PASSWORD)))


def dead_letters(port, name, count):
    conn = connect(port)
    ch = conn.channel()
    dlq = name + ".dlq"
    ch.queue_declare(dlq, durable=True)
    ch.queue_declare(name, durable=True, arguments={
        "x-dead-letter-exchange": "", "x-dead-letter-routing-key": dlq})
    ch.confirm_delivery()
    for i in range(count):
        ch.basic_publish("", name, f"{name}-{i}".encode(), pika.BasicProperties(delivery_mode=2))
    ch.basic_qos(prefetch_count=500)
    rejected = 0
    for method, _props, _body in ch.consume(name, inactivity_timeout=30):
        if method is None:
            break
        ch.basic_reject(method.delivery_tag, requeue=False)
        rejected += 1
        if rejected == count:
            break
    ch.cancel()
    for _ in range(1200):
        if ch.queue_declare(dlq, passive=True).method.message_count == count:
            break
        time.sleep(0.1)
    held = ch.queue_declare(dlq, passive=True).method.message_count
    conn.close()
    if held != count:
        raise SystemExit(f"only {held} of {count} dead letters reached {dlq}")


def counts(port, name):
    conn = connect(port)
    ch = conn.channel()
    out = (ch.queue_declare(name, passive=True).method.message_count,
           ch.queue_declare(name + ".dlq", passive=True).method.message_count)
    ch.queue_delete(name)
    ch.queue_delete(name + ".dlq")
    conn.close()
    return out


def one_run(args, port, name, batch, lanes):
    dead_letters(port, name, args.messages)
    cmd = [args.tool, f"--method={args.method}", f"--batch={batch}", f"--window={args.window}", f"--lanes={lanes}",
           f"amqp://127.0.0.1:{port}", USER, PASSWORD, name + ".dlq"]
    started = time.monotonic()
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    took = time.monotonic() - started
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or f"done={args.messages} " not in summary:
        raise SystemExit(f"the replay failed: {summary} {done.stderr}")
    back, left = counts(port, name)
    if back != args.messages or left != 0:
        raise SystemExit(f"after the replay {back} are back and {left} still dead (expected {args.messages} and 0)")
    method = summary.split("method=")[1].split()[0]
    return args.messages / took, method


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", default="256", help="messages per transaction; a list runs each")
    parser.add_argument("--lanes", default="2", help="transactions in flight (connections); a list runs each")
    parser.add_argument("--method", default="auto", choices=["auto", "tx", "confirms"])
    parser.add_argument("--window", type=int, default=1, help="publishes in flight with confirms")
    parser.add_argument("--amqp-port", type=int, default=0, help="use this RabbitMQ instead of starting one")
    parser.add_argument("--tool", default=os.path.join(HERE, "..", "integration", "remote_transfer_tool"))
    args = parser.parse_args()
    if not os.access(args.tool, os.X_OK):
        raise SystemExit(f"no remote_transfer_tool at {args.tool} (build the remote_transfer_tool target)")
    server = None
    port = args.amqp_port
    if not port:
        print("starting a private RabbitMQ (rabbitmq-server) ...", flush=True)
        server = RabbitMQServer().start()
        port = server.amqp_port
    try:
        print(f"replaying {args.messages} persistent dead letters back to their queue, "
              f"method {args.method}, {args.runs} runs each; load average at the start "
              f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores", flush=True)
        combos = [(int(b), int(n)) for b in args.batch.split(",") for n in args.lanes.split(",")]
        rates = {c: [] for c in combos}
        for run in range(args.runs):
            for batch, lanes in combos:
                rate, method = one_run(args, port, f"bench-{os.getpid()}-{batch}-{lanes}-{run}", batch, lanes)
                rates[(batch, lanes)].append(rate)
                print(f"  batch {batch} lanes {lanes} run {run + 1}: {rate:,.0f} msg/s ({method}); "
                      f"load {os.getloadavg()[0]:.2f}", flush=True)
        for (batch, lanes), r in rates.items():
            print(f"batch {batch} lanes {lanes}: median {statistics.median(r):,.0f} msg/s "
                  f"(min {min(r):,.0f}, max {max(r):,.0f})", flush=True)
        print(f"load average now {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()
