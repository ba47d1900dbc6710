#!/usr/bin/env python3
"""SQS load driver: Depot's SQS listener under batch traffic and long polls.

    bench_sqs [--messages N] [--runs R] [--processes P] [--client raw|boto3|native]
              [--wake-samples S] [--depot PATH] [--only send,receive,wake]

Phases, each repeated R times (the median is reported):
  send      N messages of 100 bytes with SendMessageBatch (10 a call) from P
            processes, each on one keep-alive connection, to a standard queue;
  receive   the N messages taken with ReceiveMessage(MaxNumberOfMessages=10)
            and removed with DeleteMessageBatch from P processes;
  wake      a ReceiveMessage waiting with WaitTimeSeconds=20 on an empty queue
            and a SendMessage on another connection: from just before the send
            is written to the waiting receive's answer, p50/p99 over S samples.

Clients: `raw` (default) speaks AWS JSON 1.0 over http.client with keep-alive,
its request bodies made before the clock starts: the cheapest client Python
has, so that the figure is Depot's and not the client's; `boto3` is Debian's
python3-boto3 (query protocol), the real client, whose own CPU cost on a 2-core
machine shared with Depot is the limit it measures; `native` is
sqs_load_client (built beside this script from tests/bench/sqs_load_client.cpp):
the same JSON requests from P threads of one C++ process, whose CPU cost is a
small fraction of Python's, so that the send and receive figures measure Depot
with the machine's cores left to it (the wake phase then uses `raw`). Depot is
started by the
benchmark (`depot --headless --sqs-port` on free ports with a fresh data dir:
every send is stored before it is answered).
"""

import argparse
import http.client
import json
import multiprocessing
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid

BODY = "x" * 100


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Depot:
    def __init__(self, binary):
        self.dir = tempfile.mkdtemp(prefix="bench-sqs-")
        self.port = free_port()
        args = [binary, "--headless", "--data-dir", self.dir, "--amqp-port", str(free_port()),
                "--http-port", str(free_port()), "--sqs-port", str(self.port), "--kafka-port", "0"]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline().decode()
            if line.startswith("depot ready:"):
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                threading.Thread(target=self.process.stderr.read, daemon=True).start()
                return
            if not line and self.process.poll() is not None:
                break
        raise SystemExit(f"bench_sqs: depot did not start: {self.process.stderr.read().decode()[-2000:]}")

    def cpu_seconds(self):
        """Depot's user + system CPU time so far (Linux /proc)."""
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


# -- clients ------------------------------------------------------------------
class RawClient:
    """AWS JSON 1.0 on one keep-alive connection."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def call(self, action, payload):
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.connection.request("POST", "/", body, {"Content-Type": "application/x-amz-json-1.0",
                                                    "X-Amz-Target": f"AmazonSQS.{action}"})
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{action}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else {}

    def warm(self):
        self.call("ListQueues", {})

    def create_queue(self, name):
        return self.call("CreateQueue", {"QueueName": name})["QueueUrl"]

    def send_batches(self, url, batches):
        bodies = [json.dumps({"QueueUrl": url, "Entries": [{"Id": str(i), "MessageBody": BODY}
                                                           for i in range(size)]}).encode() for size in batches]
        start = time.perf_counter()
        for body in bodies:
            result = self.call("SendMessageBatch", body)
            if result.get("Failed"):
                raise RuntimeError(f"SendMessageBatch failed: {result['Failed'][:2]}")
        return start, time.perf_counter()

    def receive(self, url, wait=0):
        return self.call("ReceiveMessage", {"QueueUrl": url, "MaxNumberOfMessages": 10,
                                            "WaitTimeSeconds": wait}).get("Messages", [])

    def delete_batch(self, url, messages):
        self.call("DeleteMessageBatch", {"QueueUrl": url, "Entries": [
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]})

    def send(self, url, body):
        self.call("SendMessage", {"QueueUrl": url, "MessageBody": body})

    def long_poll(self, url):
        return self.call("ReceiveMessage", {"QueueUrl": url, "WaitTimeSeconds": 20}).get("Messages", [])


class Boto3Client:
    """Debian's python3-boto3 (query protocol); one client keeps its connections alive."""

    def __init__(self, port):
        sys.path.append("/usr/lib/python3/dist-packages")
        import boto3
        from botocore.config import Config
        self.sqs = boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                                aws_access_key_id="bench", aws_secret_access_key="bench",
                                config=Config(retries={"max_attempts": 1}, read_timeout=60))

    def warm(self):
        self.sqs.list_queues()

    def create_queue(self, name):
        return self.sqs.create_queue(QueueName=name)["QueueUrl"]

    def send_batches(self, url, batches):
        entries = [[{"Id": str(i), "MessageBody": BODY} for i in range(size)] for size in batches]
        start = time.perf_counter()
        for batch in entries:
            result = self.sqs.send_message_batch(QueueUrl=url, Entries=batch)
            if result.get("Failed"):
                raise RuntimeError(f"SendMessageBatch failed: {result['Failed'][:2]}")
        return start, time.perf_counter()

    def receive(self, url, wait=0):
        return self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=wait).get(
            "Messages", [])

    def delete_batch(self, url, messages):
        self.sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])

    def send(self, url, body):
        self.sqs.send_message(QueueUrl=url, MessageBody=body)

    def long_poll(self, url):
        return self.sqs.receive_message(QueueUrl=url, WaitTimeSeconds=20).get("Messages", [])


CLIENTS = {"raw": RawClient, "boto3": Boto3Client}


# -- phases -------------------------------------------------------------------
def _send_worker(kind, port, url, batches, barrier, out):
    client = CLIENTS[kind](port)
    client.warm()       # connected before the clock starts
    barrier.wait()
    out.put(client.send_batches(url, batches))


def _receive_worker(kind, port, url, barrier, out, stop_at):
    client = CLIENTS[kind](port)
    barrier.wait()
    start = time.perf_counter()
    taken = 0
    empty = 0
    while empty < 3:
        messages = client.receive(url)
        if not messages:
            empty += 1
            continue
        empty = 0
        client.delete_batch(url, messages)
        taken += len(messages)
    out.put((start, time.perf_counter(), taken))


def phase_send(kind, port, url, messages, processes):
    per = messages // processes
    barrier = multiprocessing.Barrier(processes)
    out = multiprocessing.Queue()
    workers = []
    for p in range(processes):
        count = per if p < processes - 1 else messages - per * (processes - 1)
        batches = [10] * (count // 10) + ([count % 10] if count % 10 else [])
        workers.append(multiprocessing.Process(target=_send_worker, args=(kind, port, url, batches, barrier, out)))
    for w in workers:
        w.start()
    spans = [out.get() for _ in workers]
    for w in workers:
        w.join()
        if w.exitcode != 0:
            raise SystemExit("bench_sqs: a send worker failed")
    return messages / (max(e for _, e in spans) - min(s for s, _ in spans))


def phase_receive(kind, port, url, messages, processes):
    barrier = multiprocessing.Barrier(processes)
    out = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_receive_worker, args=(kind, port, url, barrier, out, messages))
               for _ in range(processes)]
    for w in workers:
        w.start()
    spans = [out.get() for _ in workers]
    for w in workers:
        w.join()
        if w.exitcode != 0:
            raise SystemExit("bench_sqs: a receive worker failed")
    taken = sum(t for _, _, t in spans)
    if taken < messages:
        raise SystemExit(f"bench_sqs: only {taken} of {messages} messages received")
    # The last empty receives are not work: end at the last worker's last delete is close enough
    # (three empty short polls cost well under a millisecond each).
    return taken / (max(e for _, e, _ in spans) - min(s for s, _, _ in spans))


def native_client():
    here = os.path.dirname(os.path.realpath(__file__))
    binary = os.environ.get("SQS_LOAD_CLIENT", os.path.join(here, "sqs_load_client"))
    if not os.access(binary, os.X_OK):
        raise SystemExit(f"bench_sqs: --client native needs {binary} (build the sqs_load_client target)")
    return binary


def phase_native(phase, port, url, messages, processes):
    result = subprocess.run([native_client(), phase, str(port), url, str(messages), str(processes)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench_sqs: sqs_load_client {phase} failed: {result.stderr.strip()}")
    taken, start, end = result.stdout.split()
    if int(taken) < messages:
        raise SystemExit(f"bench_sqs: only {taken} of {messages} messages received")
    return int(taken) / (float(end) - float(start))


def phase_wake(kind, port, url, samples):
    poller = CLIENTS[kind](port)
    sender = CLIENTS[kind](port)
    latencies = []
    for i in range(samples):
        result = {}

        def poll():
            result["messages"] = poller.long_poll(url)
            result["at"] = time.perf_counter()
        thread = threading.Thread(target=poll)
        thread.start()
        time.sleep(0.02)        # the receive is written and waiting in Depot
        sent_at = time.perf_counter()
        sender.send(url, f"wake-{i}")
        thread.join(30)
        messages = result.get("messages") or []
        if len(messages) != 1:
            raise SystemExit(f"bench_sqs: a long poll returned {len(messages)} messages")
        latencies.append((result["at"] - sent_at) * 1000.0)
        poller.delete_batch(url, messages)
    latencies.sort()
    return latencies[len(latencies) // 2], latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--client", choices=sorted(CLIENTS) + ["native"], default="raw")
    parser.add_argument("--wake-samples", type=int, default=200)
    parser.add_argument("--depot", default=os.environ.get("DEPOT_BINARY", ""))
    parser.add_argument("--only", default="send,receive,wake")
    args = parser.parse_args()
    if not args.depot or not os.access(args.depot, os.X_OK):
        raise SystemExit("bench_sqs: give the depot executable with --depot or DEPOT_BINARY")
    phases = set(args.only.split(","))
    multiprocessing.set_start_method("fork")
    results = {"send": [], "receive": [], "wake_p50": [], "wake_p99": []}
    print(f"bench_sqs: {args.messages} messages of 100 bytes, {args.processes} processes, client {args.client}, "
          f"{args.runs} runs", flush=True)
    native = args.client == "native"
    if native:
        native_client()
    kind = "raw" if native else args.client
    for run in range(args.runs):
        depot = Depot(args.depot)
        try:
            client = CLIENTS[kind](depot.port)
            url = client.create_queue(f"bench-{uuid.uuid4().hex[:8]}")
            line = [f"run {run + 1}:"]
            # Depot's CPU share of the phase's wall time says who the bottleneck is:
            # near 100 % of a core, Depot; well below, the clients (or the machine).
            if "send" in phases or "receive" in phases:
                cpu, wall = depot.cpu_seconds(), time.perf_counter()
                rate = (phase_native("send", depot.port, url, args.messages, args.processes) if native
                        else phase_send(kind, depot.port, url, args.messages, args.processes))
                share = (depot.cpu_seconds() - cpu) / (time.perf_counter() - wall) * 100
                results["send"].append(rate)
                line.append(f"send {rate:,.0f} msg/s (depot CPU {share:.0f} %)")
            if "receive" in phases:
                cpu, wall = depot.cpu_seconds(), time.perf_counter()
                rate = (phase_native("receive", depot.port, url, args.messages, args.processes) if native
                        else phase_receive(kind, depot.port, url, args.messages, args.processes))
                share = (depot.cpu_seconds() - cpu) / (time.perf_counter() - wall) * 100
                results["receive"].append(rate)
                line.append(f"receive+delete {rate:,.0f} msg/s (depot CPU {share:.0f} %)")
            if "wake" in phases:
                wake_url = client.create_queue(f"bench-wake-{uuid.uuid4().hex[:8]}")
                p50, p99 = phase_wake(kind, depot.port, wake_url, args.wake_samples)
                results["wake_p50"].append(p50)
                results["wake_p99"].append(p99)
                line.append(f"wake p50 {p50:.2f} ms p99 {p99:.2f} ms")
            print("  ".join(line), flush=True)
        finally:
            depot.stop()
    print("median:", flush=True)
    if results["send"]:
        print(f"  SendMessageBatch             {statistics.median(results['send']):>10,.0f} msg/s  (target 50,000)")
    if results["receive"]:
        print(f"  ReceiveMessage+DeleteBatch   {statistics.median(results['receive']):>10,.0f} msg/s  (target 30,000)")
    if results["wake_p50"]:
        print(f"  long-poll wake               p50 {statistics.median(results['wake_p50']):.2f} ms, "
              f"p99 {statistics.median(results['wake_p99']):.2f} ms  (target p99 <= 5 ms)")


if __name__ == "__main__":
    main()
