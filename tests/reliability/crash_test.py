#!/usr/bin/env python3
"""Crash test: Depot keeps every confirmed message through SIGKILLs (DESIGN.md §4).

Part 1, crash cycles. Publishers (publisher confirms, persistent messages
with a unique id in message_id and in the body, to a durable queue) and
consumers (manual acks) run in their own processes, each with its own
pika BlockingConnection, against `depot --headless --data-dir D`. At a random
moment in each cycle Depot is SIGKILLed and started again on the same data
dir; the clients reconnect and carry on. After the last cycle the publishers
stop, the consumers drain the queue, Depot is killed and restarted once more
(acked messages must not come back, beyond the allowed small window) and
whatever is left is drained too. Then:

  confirmed              ids whose confirm (basic.ack) arrived
  received               distinct ids delivered to a consumer
  lost                   confirmed but never received             -> FAIL if > 0
  duplicated             deliveries beyond the first of each id
  duplicated             deliveries beyond the first of each id, and how many
                         carried redelivered=true. One consumer in two holds its
                         acks: each loop turn it publishes a fence (persistent,
                         durable queue, confirms, same connection) and acks what
                         the previous fence covered. A delivery received before a
                         confirmed fence was recorded by Depot (it hands the
                         record to its store before sending the delivery, and
                         commits in order); every later delivery of that id must
                         carry redelivered=true                   -> FAIL if not
  acked-but-redelivered  ids delivered again after the consumer acked them
                         (allowed: at-least-once); "after a round trip" counts
                         those whose ack was followed by a completed
                         synchronous call on the same channel
  corrupt                bodies that do not match their id         -> FAIL
  phantom                ids no publisher ever sent                -> FAIL

Part 2, replay crashes. 10,000 persistent messages are published with
confirms to a durable queue with x-dead-letter-exchange, rejected without
requeue by a consumer so they land in the dead-letter queue, and then moved
out of it through the HTTP API (POST /api/depot/queues/%2F/<dlq>/move with a
target queue, or .../replay back to the queue each one died in). Depot is
SIGKILLed while the task runs (its progress polled at /api/depot/tasks/<id>,
killed once a random share between 20% and 80% is done), restarted, and both queues are
drained: every one of the messages must be in exactly one of them.

Part 3, query-driven replay crashes. As part 2, but the replay is driven by
a query (POST .../replay with {"query": ...}) that selects the dead letters
with an even message id: Depot is killed half-way as before, and after the
restart every selected message is in exactly one of the dead-letter queue and
the queue it died in, and every other one is still in the dead-letter queue,
once (nothing lost, nothing duplicated, nothing the query did not select
moved).

Exit code 0 when nothing was lost, 1 otherwise. The last lines are summaries:

  crash test: 5 cycles, 48210 confirmed, 48210 received, 0 lost, ...
  replay crash test: 1 runs, 10000 messages each, ... 0 lost, 0 in both ...
  query replay crash test: 1 runs, ... 0 lost, 0 in both, 0 unselected moved ...

Run:
  /usr/bin/python3 tests/reliability/crash_test.py --depot build/app/depot
  /usr/bin/python3 tests/reliability/crash_test.py --cycles 50 --replay-crashes 5 --depot build/app/depot
  /usr/bin/python3 tests/reliability/crash_test.py --cycles 0 --replay-crashes 0 --query-replay-crashes 10 ...
(or DEPOT_BINARY=... instead of --depot). python3-pika comes from Debian, so
use /usr/bin/python3, not a pyenv or venv interpreter.
"""

import argparse
import base64
import collections
import hashlib
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.dont_write_bytecode = True   # no __pycache__ in the source tree

import depot_harness  # noqa: E402  (the integration suites' DepotProcess)

pika = depot_harness.import_client("pika", "python3-pika")

WORK_QUEUE = "crash.work"
FENCE_QUEUE = "crash.fence"   # holding consumers' fences (x-max-length 1)


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


# -- message bodies ---------------------------------------------------------

def make_body(message_id, rng):
    """id|size|digest|padding; the digest covers id and padding."""
    roll = rng.random()
    if roll < 0.01:
        size = rng.randint(64 * 1024, 256 * 1024)
    elif roll < 0.2:
        size = rng.randint(1000, 8000)
    else:
        size = rng.randint(0, 600)
    seed = hashlib.sha256(message_id.encode()).hexdigest().encode()
    padding = (seed * (size // len(seed) + 1))[:size]
    digest = hashlib.sha256(message_id.encode() + padding).hexdigest()[:16]
    return f"{message_id}|{size}|{digest}|".encode() + padding


def check_body(body):
    """Returns the id in the body when the body is intact, else None."""
    try:
        head, size, digest, padding = body.split(b"|", 3)
        message_id = head.decode()
        if int(size) != len(padding):
            return None
        if hashlib.sha256(head + padding).hexdigest()[:16] != digest.decode():
            return None
        return message_id
    except Exception:
        return None


def connection_parameters(port):
    return pika.ConnectionParameters(
        host="127.0.0.1", port=port, credentials=pika.PlainCredentials("guest", "guest"),
        connection_attempts=1, socket_timeout=3, stack_timeout=6, blocked_connection_timeout=30,
        heartbeat=30)


def close_quietly(connection):
    try:
        if connection is not None and connection.is_open:
            connection.close()
    except Exception:
        pass


# -- worker processes ---------------------------------------------------------

class Shared:
    """What the orchestrator shares with the worker processes."""

    def __init__(self):
        self.port = multiprocessing.Value("i", 0)      # 0 while Depot is down
        self.stop_publishers = multiprocessing.Event()
        self.stop_consumers = multiprocessing.Event()
        self.pause_consumers = multiprocessing.Event()   # lets a backlog build up
        self.confirmed = multiprocessing.Value("q", 0)
        self.delivered = multiprocessing.Value("q", 0)


def wait_for_port(shared, stop_event):
    while not stop_event.is_set():
        port = shared.port.value
        if port:
            return port
        time.sleep(0.02)
    return 0


def publisher_main(index, shared, record_path, seed):
    rng = random.Random(seed)
    seq = 0
    errors = collections.Counter()
    with open(record_path, "w", buffering=1 << 16) as rec:
        while not shared.stop_publishers.is_set():
            port = wait_for_port(shared, shared.stop_publishers)
            if not port:
                break
            connection = None
            try:
                connection = pika.BlockingConnection(connection_parameters(port))
                channel = connection.channel()
                channel.confirm_delivery()
                channel.queue_declare(WORK_QUEUE, durable=True)
                while not shared.stop_publishers.is_set():
                    seq += 1
                    message_id = f"p{index}-{seq}"
                    body = make_body(message_id, rng)
                    rec.write(f"P {message_id}\n")
                    try:
                        channel.basic_publish(
                            exchange="", routing_key=WORK_QUEUE, body=body, mandatory=True,
                            properties=pika.BasicProperties(delivery_mode=2, message_id=message_id,
                                                            content_type="application/octet-stream"))
                    except pika.exceptions.UnroutableError:
                        rec.write(f"U {message_id}\n")
                        errors["unroutable"] += 1
                        continue
                    except pika.exceptions.NackError:
                        rec.write(f"N {message_id}\n")
                        errors["nack"] += 1
                        continue
                    rec.write(f"C {message_id}\n")
                    with shared.confirmed.get_lock():
                        shared.confirmed.value += 1
            except Exception as error:   # Depot killed, or it closed us: reconnect
                errors[type(error).__name__] += 1
                if not isinstance(error, (pika.exceptions.AMQPError, OSError)):
                    rec.write(f"E {type(error).__name__}: {error!r}\n")
                    traceback.print_exc()
                time.sleep(0.02)
            finally:
                close_quietly(connection)
        rec.write("ERRORS " + json.dumps(dict(errors)) + "\n")


def consumer_main(index, shared, record_path, prefetch):
    """Consumes with manual acks. Even-numbered consumers ack each message at
    once. Odd-numbered ones hold theirs: each loop turn they publish a fence
    (a persistent message to a durable queue, on a second channel with
    confirms) and once it is confirmed ack what the previous fence covered,
    so at any kill they hold messages whose delivery Depot has certainly
    recorded (see read_records)."""
    holding = index % 2 == 1
    errors = collections.Counter()
    with open(record_path, "w", buffering=1 << 16) as rec:
        held = []          # (delivery tag, id) received and not acked, oldest first
        covered = 0        # how many of `held` the last confirmed fence covers

        def on_message(channel, method, properties, body):
            message_id = check_body(body)
            now = time.monotonic()
            if message_id is None or message_id != properties.message_id:
                rec.write(f"X {properties.message_id} {now:.6f} {body[:80]!r}\n")
                channel.basic_ack(method.delivery_tag)
                return
            rec.write(f"R {message_id} {now:.6f} {int(bool(method.redelivered))}\n")
            if holding:
                held.append((method.delivery_tag, message_id))
                return
            channel.basic_ack(method.delivery_tag)
            rec.write(f"A {message_id} {time.monotonic():.6f}\n")
            with shared.delivered.get_lock():
                shared.delivered.value += 1

        def ack_held(channel, count):
            if count == 0:
                return
            channel.basic_ack(held[count - 1][0], multiple=True)
            now = time.monotonic()
            for _, message_id in held[:count]:
                rec.write(f"A {message_id} {now:.6f}\n")
            del held[:count]
            with shared.delivered.get_lock():
                shared.delivered.value += count

        while not shared.stop_consumers.is_set():
            port = wait_for_port(shared, shared.stop_consumers)
            if not port:
                break
            connection = None
            held.clear()       # unacked on a connection that died: Depot takes them back
            covered = 0
            try:
                connection = pika.BlockingConnection(connection_parameters(port))
                rec.write(f"O {time.monotonic():.6f}\n")   # a new connection
                channel = connection.channel()
                channel.basic_qos(prefetch_count=prefetch)
                channel.queue_declare(WORK_QUEUE, durable=True)
                if holding:
                    fence_channel = connection.channel()
                    fence_channel.confirm_delivery()
                    fence_channel.queue_declare(FENCE_QUEUE, durable=True, arguments={"x-max-length": 1})
                channel.basic_consume(WORK_QUEUE, on_message, auto_ack=False)
                while not shared.stop_consumers.is_set():
                    if shared.pause_consumers.is_set():
                        # Deliveries already sent wait in the socket, unacked.
                        time.sleep(0.05)
                        continue
                    connection.process_data_events(time_limit=0.1)
                    if holding and held:
                        # Depot hands a delivery's record to its store before
                        # sending the delivery, and commits in order: the
                        # confirm of a publish sent after receiving a message
                        # proves its delivery record durable.
                        rec.write(f"B {time.monotonic():.6f}\n")
                        fenced = len(held)
                        fence_channel.basic_publish(
                            exchange="", routing_key=FENCE_QUEUE, body=b"fence",
                            properties=pika.BasicProperties(delivery_mode=2))
                        rec.write(f"F {time.monotonic():.6f}\n")
                        ack_held(channel, covered)
                        covered = fenced - covered
                    # A reply on the same channel means every earlier ack was
                    # read by Depot.
                    channel.queue_declare(WORK_QUEUE, durable=True, passive=True)
                    rec.write(f"S {time.monotonic():.6f}\n")
                if holding and held:
                    ack_held(channel, len(held))
                    channel.queue_declare(WORK_QUEUE, durable=True, passive=True)
                    rec.write(f"S {time.monotonic():.6f}\n")
            except Exception as error:
                errors[type(error).__name__] += 1
                if not isinstance(error, (pika.exceptions.AMQPError, OSError)):
                    rec.write(f"E {type(error).__name__}: {error!r}\n")
                    traceback.print_exc()
                time.sleep(0.02)
            finally:
                close_quietly(connection)
        rec.write("ERRORS " + json.dumps(dict(errors)) + "\n")


# -- the orchestrator ---------------------------------------------------------

class Failure(Exception):
    pass


class Depot:
    """Depot on a data dir, killed and restarted; remembers crashes it did not cause."""

    def __init__(self, data_dir, durability):
        extra = ["--durability", durability] if durability else []
        self.process = depot_harness.DepotProcess(data_dir=data_dir, extra_args=extra)
        self.starts = 0
        self.start_seconds = []

    def start(self):
        began = time.monotonic()
        self.process.start()
        self.start_seconds.append(time.monotonic() - began)
        self.starts += 1
        return self

    @property
    def amqp_port(self):
        return self.process.amqp_port

    @property
    def http_port(self):
        return self.process.http_port

    def kill_while_starting(self, delay):
        """Starts Depot on the data dir and SIGKILLs it after delay seconds,
        whether or not it finished recovering (it must start normally after)."""
        args = [self.process.binary, "--headless", "--amqp-port", str(depot_harness.free_port()),
                "--http-port", str(depot_harness.free_port()), "--sqs-port", "0", "--kafka-port", "0", "--data-dir", self.process.data_dir]
        args += self.process.extra_args
        child = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        time.sleep(delay)
        child.kill()
        output = child.communicate()[0].decode("utf-8", "replace")
        return "depot ready:" in output

    def check_alive(self, when):
        if not self.process.running():
            code = self.process.process.returncode if self.process.process else None
            raise Failure(f"Depot exited by itself ({when}, exit code {code})\n{self.process.describe()}")

    def kill(self):
        self.process.kill()

    def stop(self):
        code = self.process.stop()
        if code != 0:
            raise Failure(f"Depot exited with {code} on SIGTERM (expected 0)\n{self.process.describe()}")


def open_channel(port):
    connection = pika.BlockingConnection(connection_parameters(port))
    return connection, connection.channel()


def queue_depth(port, queue):
    connection, channel = open_channel(port)
    try:
        ok = channel.queue_declare(queue, durable=True, passive=True)
        return ok.method.message_count
    finally:
        close_quietly(connection)


def drain_queue(port, queue, on_body, idle_seconds=1.5, prefetch=1000):
    """Consumes everything in queue (acking in batches) until it stays empty."""
    connection, channel = open_channel(port)
    count = 0
    try:
        channel.basic_qos(prefetch_count=prefetch)
        last_tag = None
        for method, properties, body in channel.consume(queue, auto_ack=False, inactivity_timeout=idle_seconds):
            if method is None:
                if last_tag is not None:
                    channel.basic_ack(last_tag, multiple=True)
                    last_tag = None
                if channel.queue_declare(queue, durable=True, passive=True).method.message_count == 0:
                    break
                continue
            on_body(properties, body, method)
            count += 1
            last_tag = method.delivery_tag
            if count % 200 == 0:
                channel.basic_ack(last_tag, multiple=True)
                last_tag = None
        channel.cancel()
    finally:
        close_quietly(connection)
    return count


def parse_range(text):
    if "-" in text:
        low, high = text.split("-", 1)
        return float(low), float(high)
    value = float(text)
    return value, value


def run_cycles(args, depot_binary, rng, work_dir):
    data_dir = os.path.join(work_dir, "crash-data")
    records = os.path.join(work_dir, "crash-records")
    os.makedirs(data_dir)
    os.makedirs(records)
    depot = Depot(data_dir, args.durability).start()
    log(f"crash cycles: Depot up ({depot.process.ready_line})")
    connection, channel = open_channel(depot.amqp_port)
    channel.queue_declare(WORK_QUEUE, durable=True)
    close_quietly(connection)

    shared = Shared()
    shared.port.value = depot.amqp_port
    workers = []
    for i in range(args.publishers):
        path = os.path.join(records, f"publisher-{i}.txt")
        p = multiprocessing.Process(target=publisher_main, args=(i, shared, path, rng.randrange(1 << 30)),
                                    name=f"publisher-{i}", daemon=True)
        workers.append(("publisher", p, path))
    for i in range(args.consumers):
        path = os.path.join(records, f"consumer-{i}.txt")
        p = multiprocessing.Process(target=consumer_main, args=(i, shared, path, args.prefetch),
                                    name=f"consumer-{i}", daemon=True)
        workers.append(("consumer", p, path))
    for _, p, _ in workers:
        p.start()

    low, high = parse_range(args.seconds_per_cycle)
    problems = []
    kill_times = []
    started = time.monotonic()
    try:
        for cycle in range(1, args.cycles + 1):
            seconds = rng.uniform(low, high)
            if cycle > 1 and rng.random() < 0.1:
                # Now and then a kill straight after the restart: during the
                # clients' reconnects and the first writes after recovery.
                seconds = rng.uniform(0.0, 0.3)
            # One cycle in three the consumers pause, so that some kills hit a
            # backlog of thousands of messages (most of them paged out).
            paused = cycle < args.cycles and rng.random() < 1 / 3
            if paused:
                shared.pause_consumers.set()
            else:
                shared.pause_consumers.clear()
            confirmed_before = shared.confirmed.value
            delivered_before = shared.delivered.value
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                depot.check_alive(f"cycle {cycle}, before its kill")
                time.sleep(0.02)
            depot.check_alive(f"cycle {cycle}, at its kill")
            try:
                depth = queue_depth(depot.amqp_port, WORK_QUEUE)
            except Exception as error:
                raise Failure(f"cycle {cycle}: Depot did not answer a queue.declare before its kill ({error!r})")
            shared.port.value = 0
            kill_times.append(time.monotonic())
            depot.kill()
            kill_times[-1] = (kill_times[-1] + time.monotonic()) / 2
            confirmed = shared.confirmed.value - confirmed_before
            delivered = shared.delivered.value - delivered_before
            early = ""
            if rng.random() < 0.1:
                # Killed again while starting: recovering, or just after.
                delay = rng.uniform(0.005, 0.2)
                ready = depot.kill_while_starting(delay)
                early = f"; killed again {delay * 1000:.0f} ms into a start ({'after' if ready else 'before'} ready)"
            depot.start()
            shared.port.value = depot.amqp_port
            log(f"cycle {cycle}/{args.cycles}: killed after {seconds:.2f} s "
                f"({confirmed} confirmed, {delivered} delivered this cycle, {depth} ready at the kill"
                f"{', consumers paused' if paused else ''}); "
                f"restarted in {depot.start_seconds[-1]:.2f} s{early}")
            if confirmed == 0 and seconds >= 1.0:
                problems.append(f"cycle {cycle}: no publish was confirmed in {seconds:.2f} s")

        # Drain: publishers stop, consumers empty the queue.
        shared.pause_consumers.clear()
        shared.stop_publishers.set()
        for kind, p, _ in workers:
            if kind == "publisher":
                p.join(timeout=30)
                if p.is_alive():
                    problems.append(f"{p.name} still waiting 30 s after being told to stop "
                                    f"(a publish whose confirm never came?)")
                    p.terminate()
                    p.join()
        log(f"publishers stopped: {shared.confirmed.value} confirmed; draining")
        drain_deadline = time.monotonic() + args.drain_timeout
        stable_since = None
        last_delivered = -1
        while True:
            depot.check_alive("while draining")
            depth = queue_depth(depot.amqp_port, WORK_QUEUE)
            delivered = shared.delivered.value
            if depth == 0 and delivered == last_delivered:
                stable_since = stable_since or time.monotonic()
                if time.monotonic() - stable_since >= 1.0:
                    break
            else:
                stable_since = None
            last_delivered = delivered
            if time.monotonic() > drain_deadline:
                problems.append(f"the queue did not drain within {args.drain_timeout:.0f} s "
                                f"({depth} messages still ready)")
                break
            time.sleep(0.2)
    finally:
        shared.stop_publishers.set()
        shared.stop_consumers.set()
        for _, p, _ in workers:
            p.join(timeout=30)
            if p.is_alive():
                problems.append(f"{p.name} did not stop within 30 s")
                p.terminate()
                p.join()
    for _, p, _ in workers:
        if p.exitcode != 0:
            problems.append(f"{p.name} exited with {p.exitcode}")

    # One more kill after the drain: what was acked must stay gone.
    depot.check_alive("after the drain")
    kill_times.append(time.monotonic())
    depot.kill()
    kill_times[-1] = (kill_times[-1] + time.monotonic()) / 2
    with open(os.path.join(records, "kills.txt"), "w") as f:
        f.writelines(f"K {k:.6f}\n" for k in kill_times)
    depot.start()
    late = []

    def on_late(properties, body, method):
        late.append((check_body(body), properties.message_id, time.monotonic(), bool(method.redelivered)))
    left = queue_depth(depot.amqp_port, WORK_QUEUE)
    if left:
        drain_queue(depot.amqp_port, WORK_QUEUE, on_late)
    log(f"after the final kill: {left} messages back in the queue")
    depot.stop()
    elapsed = time.monotonic() - started
    return analyse_cycles(args, records, late, problems, elapsed, depot, kill_times)


def read_records(records):
    attempted, confirmed, nacked, unroutable = set(), set(), set(), set()
    deliveries = []        # (id, time, redelivered flag, consumer)
    # Deliveries whose record Depot had certainly committed: received before a
    # fence ("B") whose confirm ("F") came on the same connection.
    fenced = set()         # indexes into deliveries
    # An ack counts once a later reply came on the same connection (an "S"
    # line): Depot had read it. Acks written just before the connection died
    # (a kill, or deliveries read late from a dead socket) may never have
    # arrived; they are kept apart.
    acks = {}              # id -> time of its first ack that Depot certainly read
    unsure_acks = {}       # id -> time of its first ack with no reply after it
    corrupt = []
    worker_errors = collections.Counter()
    unexpected = []
    for name in sorted(os.listdir(records)):
        pending_acks = []
        unfenced = []      # deliveries on this connection since the last fence began
        in_fence = []      # deliveries a fence in flight covers

        def settle_pending(read):
            for mid, when in pending_acks:
                if read:
                    acks[mid] = min(acks.get(mid, when), when)
                else:
                    unsure_acks.setdefault(mid, when)
            pending_acks.clear()
        with open(os.path.join(records, name)) as f:
            for line in f:
                kind, _, rest = line.rstrip("\n").partition(" ")
                if kind == "P":
                    attempted.add(rest)
                elif kind == "C":
                    confirmed.add(rest)
                elif kind == "N":
                    nacked.add(rest)
                elif kind == "U":
                    unroutable.add(rest)
                elif kind == "R":
                    mid, when, redelivered = rest.split(" ")
                    unfenced.append(len(deliveries))
                    deliveries.append((mid, float(when), redelivered == "1", name))
                elif kind == "B":
                    in_fence, unfenced = unfenced, []
                elif kind == "F":
                    fenced.update(in_fence)
                    in_fence = []
                elif kind == "A":
                    mid, when = rest.split(" ")
                    pending_acks.append((mid, float(when)))
                elif kind == "S":
                    settle_pending(True)
                elif kind == "O":
                    settle_pending(False)
                    unfenced, in_fence = [], []
                elif kind == "X":
                    corrupt.append(rest)
                elif kind == "ERRORS":
                    worker_errors.update(json.loads(rest))
                elif kind == "E":
                    unexpected.append(f"{name}: {rest}")
        settle_pending(False)
    return (attempted, confirmed, nacked, unroutable, deliveries, fenced, acks, unsure_acks, corrupt, worker_errors,
            unexpected)


def analyse_cycles(args, records, late, problems, elapsed, depot, kill_times):
    (attempted, confirmed, nacked, unroutable, deliveries, fenced, acks, unsure_acks, corrupt,
     worker_errors, unexpected) = read_records(records)
    for mid, message_id, when, redelivered in late:
        if mid is None or mid != message_id:
            corrupt.append(f"{message_id} (after the final kill)")
        else:
            deliveries.append((mid, when, redelivered, "final-drain"))
    received_count = collections.Counter(mid for mid, _, _, _ in deliveries)
    received = set(received_count)
    lost = sorted(confirmed - received)
    phantom = sorted(received - attempted)
    duplicated = sum(n - 1 for n in received_count.values())
    # Deliveries after the first of an id: how many carried redelivered=true.
    # One that follows a fenced delivery of its id must: Depot had recorded
    # that delivery durably (or, with no kill between, still held it in
    # memory as delivered). After an unfenced one it may not: the kill can
    # have come before the delivery's record was committed.
    seen = set()
    after_fenced = set()
    repeats = flagged = 0
    fenced_repeats = fenced_flagged = 0
    unflagged_after_fence = []     # (id, time of the repeat, consumer)
    for index in sorted(range(len(deliveries)), key=lambda i: deliveries[i][1]):
        mid, when, redelivered, who = deliveries[index]
        if mid in seen:
            repeats += 1
            flagged += 1 if redelivered else 0
            if mid in after_fenced:
                fenced_repeats += 1
                fenced_flagged += 1 if redelivered else 0
                if not redelivered:
                    unflagged_after_fence.append((mid, when, who))
        seen.add(mid)
        if index in fenced:
            after_fenced.add(mid)
    redelivered_after_ack = set()
    without_kill = {}      # id -> (ack time, delivery time, consumer) with no kill in between
    for mid, when, _, who in deliveries:
        if mid in acks and when > acks[mid]:
            redelivered_after_ack.add(mid)
            if not any(acks[mid] < k < when for k in kill_times):
                without_kill.setdefault(mid, (acks[mid], when, who))
    unsure_redelivered = len({mid for mid, when, _, _ in deliveries if mid in unsure_acks and when > unsure_acks[mid]})
    # How long before the kill that undid it each such ack was sent.
    ages = []
    for mid in redelivered_after_ack:
        later = [k for k in kill_times if k > acks[mid]]
        if later:
            ages.append(later[0] - acks[mid])
    ages.sort()

    def age(q):
        if not ages:
            return "-"
        return f"{ages[min(len(ages) - 1, int(q * len(ages)))] * 1000:.0f} ms"
    came_back_late = len(late)
    unconfirmed_received = len(received & (attempted - confirmed))

    print()
    print(f"  cycles                        {args.cycles} ({elapsed:.1f} s, Depot started {depot.starts} times, "
          f"median start {sorted(depot.start_seconds)[len(depot.start_seconds) // 2]:.2f} s)")
    print(f"  publishes attempted           {len(attempted)}")
    print(f"  confirmed                     {len(confirmed)}")
    print(f"  nacked / unroutable           {len(nacked)} / {len(unroutable)}")
    print(f"  received (distinct ids)       {len(received)} ({unconfirmed_received} of them never confirmed)")
    print(f"  lost (confirmed, never seen)  {len(lost)}")
    print(f"  duplicated deliveries         {duplicated} ({flagged} of them flagged redelivered)")
    print(f"    after a fenced delivery     {fenced_repeats} ({fenced_flagged} flagged redelivered; "
          f"must be all); after an unfenced one {repeats - fenced_repeats} "
          f"({flagged - fenced_flagged} flagged; the rest were delivered too shortly before a kill)")
    print(f"    deliveries fenced           {len(fenced)} of {len(deliveries)}")
    print(f"  acked                         {len(acks)} (besides, {len(unsure_acks)} acks went out on a connection "
          f"that died before its next reply; {unsure_redelivered} of those messages came back, as they may)")
    print(f"  acked-but-redelivered         {len(redelivered_after_ack)}")
    print(f"    their ack was sent before the kill by: median {age(0.5)}, p99 {age(0.99)}, max {age(1.0)}")
    print(f"  redelivered after an ack with no kill in between: {len(without_kill)}")
    print(f"  back after the final kill     {came_back_late}")
    print(f"  corrupt / phantom             {len(corrupt)} / {len(phantom)}")
    print(f"  client errors (reconnects)    {dict(worker_errors)}")
    failed = False
    if lost:
        failed = True
        print(f"FAIL: {len(lost)} confirmed messages were never delivered, e.g. {lost[:10]}")
    if without_kill:
        failed = True
        sample = sorted(without_kill.items(), key=lambda item: item[1][0])[:5]
        print(f"FAIL: {len(without_kill)} acked messages were delivered again without any kill in between, e.g. "
              + "; ".join(f"{mid} acked at {a:.3f}, delivered again at {d:.3f} to {who}" for mid, (a, d, who) in sample))
    if unflagged_after_fence:
        failed = True
        print(f"FAIL: {len(unflagged_after_fence)} deliveries without redelivered=true of messages whose earlier "
              f"delivery a confirmed fence had covered (so its record was committed), e.g. "
              + "; ".join(f"{mid} at {when:.3f} to {who}" for mid, when, who in unflagged_after_fence[:5]))
    if corrupt:
        failed = True
        print(f"FAIL: {len(corrupt)} corrupt bodies, e.g. {corrupt[:5]}")
    if phantom:
        failed = True
        print(f"FAIL: {len(phantom)} ids nobody published, e.g. {phantom[:10]}")
    if unroutable:
        failed = True
        print(f"FAIL: {len(unroutable)} publishes to the durable queue came back unroutable "
              f"(the queue was missing after a restart?)")
    for text in unexpected:
        failed = True
        print(f"FAIL: unexpected client error {text}")
    for text in problems:
        failed = True
        print(f"FAIL: {text}")
    summary = (f"crash test: {args.cycles} cycles, {len(confirmed)} confirmed, {len(received)} received, "
               f"{len(lost)} lost, {duplicated} duplicated ({flagged} flagged redelivered; "
               f"{fenced_flagged} of {fenced_repeats} after a fenced delivery), "
               f"{len(redelivered_after_ack)} acked-but-redelivered")
    return not failed, summary


# -- replay crash ----------------------------------------------------------------

class Http:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"
        self.auth = "Basic " + base64.b64encode(b"guest:guest").decode()

    def call(self, method, path, body=None, timeout=10):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Authorization", self.auth)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)


def publish_confirmed(port, queue, ids, rng):
    connection, channel = open_channel(port)
    try:
        channel.confirm_delivery()
        for message_id in ids:
            channel.basic_publish(exchange="", routing_key=queue, body=make_body(message_id, rng), mandatory=True,
                                  properties=pika.BasicProperties(delivery_mode=2, message_id=message_id))
    finally:
        close_quietly(connection)


def publisher_batch_main(port, queue, ids, seed):
    try:
        publish_confirmed(port, queue, ids, random.Random(seed))
    except Exception:
        traceback.print_exc()
        sys.exit(1)


def reject_all(port, queue, count):
    """Consumes count messages and rejects them without requeue (dead-lettering them)."""
    connection, channel = open_channel(port)
    seen = 0
    try:
        channel.basic_qos(prefetch_count=1000)
        for method, _, _ in channel.consume(queue, auto_ack=False, inactivity_timeout=5):
            if method is None:
                raise Failure(f"only {seen} of {count} messages arrived to be rejected")
            seen += 1
            if seen % 250 == 0 or seen == count:
                channel.basic_nack(method.delivery_tag, multiple=True, requeue=False)
            if seen == count:
                break
        channel.cancel()
    finally:
        close_quietly(connection)


def wait_depth(port, queue, want, timeout=30):
    deadline = time.monotonic() + timeout
    depth = None
    while time.monotonic() < deadline:
        depth = queue_depth(port, queue)
        if depth == want:
            return
        time.sleep(0.1)
    raise Failure(f"queue {queue} holds {depth} messages, expected {want} within {timeout} s")


# Part 3's selection: the dead letters whose id ends in an even digit.
REPLAY_QUERY = 'deaths.count >= 1 and message_id ~ "[02468]$"'


def selected_by_query(message_id):
    return message_id[-1] in "02468"


def replay_run(args, run, rng, work_dir, misses, mode):
    """One replay crash; returns a dict of figures. misses: runs that finished before their kill.
    mode: "move" (to another queue), "replay" (back where each died) or "query" (a replay of
    the dead letters REPLAY_QUERY selects)."""
    data_dir = os.path.join(work_dir, f"replay-data-{run}")
    os.makedirs(data_dir)
    depot = Depot(data_dir, args.durability).start()
    n = args.replay_messages
    work, dlx, dlq, other = "replay.work", "replay.dlx", "replay.dlq", "replay.target"
    # replay sends each dead letter back to the queue it died in (from x-death).
    target = other if mode == "move" else work
    connection, channel = open_channel(depot.amqp_port)
    channel.exchange_declare(dlx, "direct", durable=True)
    channel.queue_declare(dlq, durable=True)
    channel.queue_bind(dlq, dlx, routing_key=work)
    channel.queue_declare(work, durable=True, arguments={"x-dead-letter-exchange": dlx})
    channel.queue_declare(other, durable=True)
    close_quietly(connection)

    ids = [f"r{run}-{i}" for i in range(n)]
    began = time.monotonic()
    parts = 4
    procs = [multiprocessing.Process(target=publisher_batch_main,
                                     args=(depot.amqp_port, work, ids[k::parts], rng.randrange(1 << 30)))
             for k in range(parts)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise Failure(f"publishing the {n} messages to be dead-lettered failed (exit {p.exitcode})")
    publish_seconds = time.monotonic() - began
    reject_all(depot.amqp_port, work, n)
    wait_depth(depot.amqp_port, dlq, n)
    wait_depth(depot.amqp_port, work, 0)
    # Dead-lettering becomes durable a moment after the broker shows it (no
    # client waits for it); a clean restart makes the dead letters sit in the
    # store as they would after a while, so that the kill below lands in the
    # move and nowhere else.
    depot.stop()
    depot.start()
    wait_depth(depot.amqp_port, dlq, n, timeout=5)
    wait_depth(depot.amqp_port, work, 0, timeout=5)

    http = Http(depot.http_port)
    action, body = {"move": ("move", {"target": other}), "replay": ("replay", {}),
                    "query": ("replay", {"query": REPLAY_QUERY})}[mode]
    status, task = http.call("POST", f"/api/depot/queues/%2F/{dlq}/{action}", body)
    if status != 202:
        raise Failure(f"POST {mode} answered {status}: {task}")
    task_id = task["id"]
    started = time.monotonic()
    # Kill once the task reports a random share (20%..80%) done, while it
    # still runs; after a run that finished between two polls, the next one
    # aims lower.
    kill_share = rng.uniform(0.2, 0.4 if misses else 0.8)
    killed_at = None
    while True:
        _, info = http.call("GET", f"/api/depot/tasks/{task_id}")
        total = info.get("total") or (n // 2 if mode == "query" else n)
        if info["state"] != "running":
            break
        if info["done"] >= kill_share * total:
            killed_at = info
            break
    depot.check_alive(f"replay run {run}, before its kill")
    depot.kill()
    if killed_at is None:
        misses.append(time.monotonic() - started)
        depot.start()
        depot.stop()
        log(f"replay run {run}: the {mode} finished ({info['done']}/{info['total']}) in "
            f"{misses[-1] * 1000:.0f} ms, between two polls; the next run aims at 20%..40%")
        return {"mode": mode, "killed": False}
    depot.start()
    source_depth = queue_depth(depot.amqp_port, dlq)
    target_depth = queue_depth(depot.amqp_port, target)

    where = collections.defaultdict(list)
    corrupt = []

    def collect(queue_name):
        def on_body(properties, body, method):
            mid = check_body(body)
            if mid is None or mid != properties.message_id:
                corrupt.append(properties.message_id)
            else:
                where[mid].append(queue_name)
        return on_body
    drain_queue(depot.amqp_port, dlq, collect(dlq))
    drain_queue(depot.amqp_port, target, collect(target))
    outside = []
    if target != work:
        # Neither the dead-letter queue nor the target: back where they died.
        drain_queue(depot.amqp_port, work, lambda properties, body, method: outside.append(properties.message_id))
    depot.stop()
    expected = set(ids)
    lost = sorted(expected - set(where) - set(outside))
    in_both = sorted(mid for mid, qs in where.items() if len(set(qs)) > 1)
    twice_in_one = sorted(mid for mid, qs in where.items() if len(qs) > len(set(qs)))
    phantom = sorted(set(where) - expected)
    # A query-driven replay moves only what the query selected.
    unselected_moved = sorted(mid for mid, qs in where.items()
                              if mode == "query" and not selected_by_query(mid) and target in qs)
    if mode == "query":
        selected = sum(1 for mid in ids if selected_by_query(mid))
        if killed_at.get("total") not in (None, 0, selected):
            raise Failure(f"the query selected {killed_at.get('total')} dead letters, expected {selected}")
    result = {
        "mode": mode, "killed": True, "done_at_kill": killed_at["done"], "total": killed_at.get("total"),
        "source_depth": source_depth, "target_depth": target_depth, "lost": lost, "in_both": in_both,
        "twice_in_one": twice_in_one, "phantom": phantom, "corrupt": corrupt, "outside": sorted(outside),
        "unselected_moved": unselected_moved,
        "publish_seconds": publish_seconds,
    }
    log(f"replay run {run}: {mode} of {n} dead letters killed at {killed_at['done']}/{killed_at.get('total')} "
        f"(task state {killed_at['state']}); after restart {source_depth} in {dlq}, {target_depth} in {target}; "
        f"{len(lost)} lost, {len(in_both)} in both, {len(twice_in_one)} twice in one queue, "
        f"{len(phantom)} phantom, {len(corrupt)} corrupt"
        + (f", {len(outside)} back in {work}" if target != work else "")
        + (f", {len(unselected_moved)} the query did not select moved" if mode == "query" else "")
        + f" (publishing took {publish_seconds:.1f} s)")
    return result


def run_replays(args, rng, work_dir, query=False):
    misses = []
    results = []
    attempts = 0
    wanted = args.query_replay_crashes if query else args.replay_crashes
    while len([r for r in results if r["killed"]]) < wanted:
        attempts += 1
        if attempts > wanted * 3 + 2:
            break
        mode = "query" if query else ("move" if attempts % 2 == 1 else "replay")
        results.append(replay_run(args, attempts + (1000 if query else 0), rng, work_dir, misses, mode))
    killed = [r for r in results if r["killed"]]
    failed = False
    lost = sum(len(r["lost"]) for r in killed)
    both = sum(len(r["in_both"]) for r in killed)
    twice = sum(len(r["twice_in_one"]) for r in killed)
    phantom = sum(len(r["phantom"]) for r in killed)
    outside = sum(len(r["outside"]) for r in killed)
    corrupt = sum(len(r["corrupt"]) for r in killed)
    unselected = sum(len(r["unselected_moved"]) for r in killed)
    for r in killed:
        if (r["lost"] or r["in_both"] or r["twice_in_one"] or r["phantom"] or r["corrupt"] or r["outside"]
                or r["unselected_moved"]):
            failed = True
            print(f"FAIL: replay run ({r['mode']}, killed at {r['done_at_kill']}/{r['total']}): "
                  f"lost {r['lost'][:10]} in both {r['in_both'][:10]} twice {r['twice_in_one'][:10]} "
                  f"phantom {r['phantom'][:10]} corrupt {r['corrupt'][:5]} "
                  f"in neither queue {r['outside'][:10]} moved though not selected {r['unselected_moved'][:10]}")
    if len(killed) < wanted:
        failed = True
        print(f"FAIL: only {len(killed)} of {wanted} {'query ' if query else ''}replay runs "
              f"were killed while the task ran")
    points = ", ".join(f"{r['mode']}@{r['done_at_kill']}/{r['total']}" for r in killed)
    summary = (f"{'query ' if query else ''}replay crash test: {len(killed)} runs, {args.replay_messages} "
               f"messages each, killed at [{points}], "
               f"{lost} lost, {both} in both queues, {outside} in neither, {twice} duplicated, "
               f"{phantom + corrupt} corrupt/phantom"
               + (f", {unselected} unselected moved" if query else ""))
    return not failed, summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--depot", default=os.environ.get("DEPOT_BINARY", ""),
                        help="the depot executable (default: $DEPOT_BINARY)")
    parser.add_argument("--cycles", type=int, default=5, help="kill/restart cycles (default 5)")
    parser.add_argument("--seconds-per-cycle", default="1-4",
                        help="seconds of traffic before each kill: N or LOW-HIGH, random in between (default 1-4)")
    parser.add_argument("--replay-crashes", type=int, default=None,
                        help="replay runs killed half-way (default 1; 5 when --cycles >= 20; 0 skips)")
    parser.add_argument("--query-replay-crashes", type=int, default=None,
                        help="query-driven replay runs killed half-way (default 1; 5 when --cycles >= 20; 0 skips)")
    parser.add_argument("--replay-messages", type=int, default=10000)
    parser.add_argument("--publishers", type=int, default=2)
    parser.add_argument("--consumers", type=int, default=2)
    parser.add_argument("--prefetch", type=int, default=50)
    parser.add_argument("--durability", choices=["normal", "fsync"], default=None,
                        help="passed to depot --durability (default: Depot's own default)")
    parser.add_argument("--drain-timeout", type=float, default=120)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the data dirs and records")
    args = parser.parse_args()
    if args.replay_crashes is None:
        args.replay_crashes = 5 if args.cycles >= 20 else 1
    if args.query_replay_crashes is None:
        args.query_replay_crashes = 5 if args.cycles >= 20 else 1
    if not args.depot:
        parser.error("name the depot executable with --depot or DEPOT_BINARY")
    os.environ["DEPOT_BINARY"] = os.path.abspath(args.depot)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    work_dir = tempfile.mkdtemp(prefix="depot-crash-")
    log(f"seed {seed}; work dir {work_dir}; depot {os.environ['DEPOT_BINARY']}")
    summaries = []
    ok = True
    try:
        if args.cycles > 0:
            try:
                passed, summary = run_cycles(args, args.depot, rng, work_dir)
            except Failure as error:
                passed, summary = False, f"crash test: aborted: {error}"
            ok &= passed
            summaries.append(summary)
        if args.replay_crashes > 0:
            try:
                passed, summary = run_replays(args, rng, work_dir)
            except Failure as error:
                passed, summary = False, f"replay crash test: aborted: {error}"
            ok &= passed
            summaries.append(summary)
        if args.query_replay_crashes > 0:
            try:
                passed, summary = run_replays(args, rng, work_dir, query=True)
            except Failure as error:
                passed, summary = False, f"query replay crash test: aborted: {error}"
            ok &= passed
            summaries.append(summary)
    finally:
        if args.keep or not ok:
            log(f"data dirs and records kept in {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    print()
    for summary in summaries:
        print(summary)
    print(f"crash test {'PASSED' if ok else 'FAILED'} (seed {seed})")
    return 0 if ok else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
