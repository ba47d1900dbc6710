#!/usr/bin/env python3
"""Disk fault test: Depot on a data dir that fills up or turns read-only.

Needs root (it mounts file systems); without root it reports SKIP with the
reason and exits 77 (CTest's SKIP_RETURN_CODE). Every mount it makes is
undone whatever happens (lazy unmount in a finally).

Scenario "full". A 24 MB tmpfs is the data dir of the real
`depot --headless --data-dir DIR`. Publisher threads (pika, publisher
confirms, persistent messages with a unique message_id, to a durable queue)
run until the file system is full. Then:
  - confirms stop (none arrives while the disk alarm is raised),
  - /api/overview lists the "disk" alarm, /api/nodes sets disk_free_alarm,
    /metrics has depot_alarm{source="disk"} 1,
  - the log says once what failed ("Depot cannot write to DIR/depot.db:
    database or disk is full ..."),
  - a publisher that publishes meanwhile gets connection.blocked with that
    text (and connection.unblocked once the alarm clears).
The file system is then grown (mount -o remount,size=256m) and Depot must
resume by itself: confirms flow again, the alarm is cleared, the log says so
once. Finally Depot is SIGKILLed, restarted on the same dir and the queue is
drained: every confirmed message must be there (lost = 0).

Scenario "read-only". Linux refuses to remount a file system read-only while
a process has files on it open for writing (mount fails with EBUSY; the test
checks that this is still so), and `blockdev --setro` under a mounted file
system only makes the kernel warn ("Trying to write to read-only
block-device") while every write still goes through, so a data dir can only
turn read-only under a running Depot the way it does in real life: the
kernel forces it after an error. The test puts the data dir on ext4 in a
loop device mounted with errors=remount-ro and raises an ext4 error through
/sys/fs/ext4/<dev>/trigger_fs_error, the path ext4 takes when it finds its
metadata damaged: it aborts its journal, writes its superblock and only then
refuses writes with EROFS. Depot runs with --durability fsync here: a file
system that dies under a process loses what was not fsynced, as a power cut
does (docs/running.md, durability). A sync that was waiting for its data when the
journal aborted can return success for a transaction the journal then
dropped; Depot's check after each commit (docs/ARCHITECTURE.md, durability)
is what keeps such a commit unconfirmed. Asserted: confirms stop, the alarm
and log name the read-only file system, Depot keeps running and answers;
SIGTERM then stops it promptly saying how many unconfirmed changes it could
not write. The kernel does not let that ext4 mount become writable again, so
the operator's path follows: unmount, e2fsck, mount, start Depot: every
confirmed message is there (lost = 0).

Scenario "io-error". The storage under the data dir fails writes: the ext4
image of the loop device lives, sparse, on a small tmpfs that the test then
fills, so every write to a block the image has not used yet fails with an
I/O error (thin-provisioned storage that ran out behaves so). Asserted:
confirms stop, the alarm names depot.db, Depot keeps running; once the tmpfs
has room again, Depot resumes by itself if ext4 is still writable, or keeps
the alarm if ext4 aborted its journal and turned read-only (so far it always
did); SIGTERM, unmount, e2fsck, mount, start: every confirmed message is
there (lost = 0).

Scenario "start". Depot refuses to start on a read-only data dir, and on a
full one, with one clear line and a non-zero exit; when the file system is
writable again (remount,rw) it starts and has everything.

Figures are printed at the end, e.g.
  disk fault test (full): 5210 confirmed before the disk filled, ... resumed 1.4 s after the file system grew ...
Run (--scenario NAME, repeatable, runs only those; --repeat N runs them N
times on fresh file systems, as `./scripts/depot reliability` does with
read-only):
  sudo DEPOT_BINARY=build/app/depot /usr/bin/python3 tests/reliability/disk_fault_test.py
  sudo DEPOT_BINARY=build/app/depot /usr/bin/python3 tests/reliability/disk_fault_test.py --scenario read-only --repeat 20
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.dont_write_bytecode = True

import depot_harness  # noqa: E402

SKIP = 77
QUEUE = "disk.fault"


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(args, check_ok=True):
    result = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check_ok and result.returncode != 0:
        raise Failure(f"{' '.join(args)} failed ({result.returncode}): {result.stderr.strip()}")
    return result


def wait_for(predicate, timeout, what, interval=0.05):
    try:
        return depot_harness.wait_until(predicate, timeout, interval, what)
    except AssertionError as error:
        raise Failure(str(error)) from None


# -- mounts ---------------------------------------------------------------------

class Mounts:
    """Every mount point made here; unmount_all() undoes them (lazily)."""

    def __init__(self):
        self.points = []
        self.loops = []

    def tmpfs(self, path, size):
        run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", path])
        self.points.append(path)

    def ext4_loop(self, image, path, size_mb):
        with open(image, "wb") as f:
            f.truncate(size_mb * 1024 * 1024)
        run(["mkfs.ext4", "-q", "-F", image])
        device = run(["losetup", "-f", "--show", image]).stdout.strip()
        self.loops.append(device)
        run(["mount", "-o", "errors=remount-ro", device, path])
        self.points.append(path)
        return device

    def unmount(self, path):
        run(["umount", path])
        self.points.remove(path)

    def unmount_all(self):
        for path in reversed(self.points):
            subprocess.run(["umount", "-l", path], stderr=subprocess.DEVNULL)
        self.points = []
        for device in self.loops:
            subprocess.run(["losetup", "-d", device], stderr=subprocess.DEVNULL)
        self.loops = []


def free_bytes(path):
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


# -- Depot and its HTTP API -------------------------------------------------------

def http_get(port, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={
        "Authorization": "Basic " + base64.b64encode(b"guest:guest").decode()})
    with urllib.request.urlopen(request, timeout=5) as reply:
        body = reply.read()
    return json.loads(body) if path.startswith("/api") else body.decode()


def disk_alarm(port):
    """The disk alarm's text, or None when it is not raised."""
    for alarm in http_get(port, "/api/overview").get("depot_alarms", []):
        if alarm.get("source") == "disk":
            return alarm.get("text", "")
    return None


def log_lines(depot, needle):
    out, err = depot.output()
    return [line for line in (out + err).splitlines() if needle in line]


# -- clients ------------------------------------------------------------------------

class Publishers:
    """Threads publishing persistent messages with confirms, each on its own
    connection; they record which ids were confirmed and any
    connection.blocked / unblocked they are told."""

    def __init__(self, port, count, body_size, tag):
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.confirmed = []          # ids, in confirm order
        self.confirm_times = []      # monotonic time of each confirm
        self.nacked = []
        self.blocked = []            # (time, reason)
        self.unblocked = []          # time
        self.errors = []
        self.body_size = body_size
        self.threads = [threading.Thread(target=self._main, args=(f"{tag}{i}",), daemon=True)
                        for i in range(count)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def confirmed_count(self):
        with self.lock:
            return len(self.confirmed)

    def last_confirm_time(self):
        with self.lock:
            return self.confirm_times[-1] if self.confirm_times else None

    def _main(self, name):
        connection = None
        try:
            connection = pika.BlockingConnection(pika.ConnectionParameters(
                host="127.0.0.1", port=self.port, credentials=pika.PlainCredentials("guest", "guest"),
                blocked_connection_timeout=None, heartbeat=0, socket_timeout=10))
            connection.add_on_connection_blocked_callback(
                lambda _c, frame: self._note_blocked(frame.method.reason))
            connection.add_on_connection_unblocked_callback(lambda _c, _f: self._note_unblocked())
            channel = connection.channel()
            channel.confirm_delivery()
            channel.queue_declare(QUEUE, durable=True)
            padding = os.urandom(self.body_size // 2).hex().encode()
            seq = 0
            while not self.stop.is_set():
                seq += 1
                message_id = f"{name}-{seq}"
                try:
                    channel.basic_publish("", QUEUE, message_id.encode() + b"|" + padding,
                                          pika.BasicProperties(delivery_mode=2, message_id=message_id))
                except pika.exceptions.NackError:
                    with self.lock:
                        self.nacked.append(message_id)
                    continue
                with self.lock:
                    self.confirmed.append(message_id)
                    self.confirm_times.append(time.monotonic())
        except Exception as error:   # Depot killed under us at the end is expected
            if not self.stop.is_set():
                with self.lock:
                    self.errors.append(f"{type(error).__name__}: {error}")
        finally:
            try:
                if connection is not None and connection.is_open:
                    connection.close()
            except Exception:
                pass

    def _note_blocked(self, reason):
        with self.lock:
            self.blocked.append((time.monotonic(), reason))

    def _note_unblocked(self):
        with self.lock:
            self.unblocked.append(time.monotonic())

    def finish(self, timeout=10):
        self.stop.set()
        for t in self.threads:
            t.join(timeout)


def drain(port):
    """Every message_id in the queue (consumed and acked), with the crash
    test's drain loop."""
    import crash_test  # noqa: E402  (imports pika, which main() has checked by now)

    ids = []

    def keep(properties, body, _method):
        head = body.split(b"|", 1)[0].decode()
        check(head == properties.message_id, f"message {properties.message_id} has the body of {head}")
        ids.append(properties.message_id)

    remaining = crash_test.queue_depth(port, QUEUE)
    crash_test.drain_queue(port, QUEUE, keep, idle_seconds=2)
    log(f"drained {len(ids)} messages (queue said {remaining})")
    return ids


def check_nothing_lost(publishers, ids, scenario, fault_at=None):
    confirmed = set(publishers.confirmed)
    got = set(ids)
    lost = confirmed - got
    duplicated = len(ids) - len(got)
    unconfirmed_kept = len(got - confirmed)
    log(f"{scenario}: {len(confirmed)} confirmed, {len(got)} recovered, {len(lost)} lost, "
        f"{unconfirmed_kept} unconfirmed but kept, {duplicated} duplicated")
    if lost and fault_at is not None:
        with publishers.lock:
            when = {i: t for i, t in zip(publishers.confirmed, publishers.confirm_times)}
        log("lost messages were confirmed at (seconds after the fault): "
            + ", ".join(f"{i} {when[i] - fault_at:+.4f}" for i in sorted(lost)[:10]))
    check(not lost, f"{scenario}: {len(lost)} confirmed messages lost, e.g. {sorted(lost)[:5]}")
    return len(lost)


# -- scenarios ----------------------------------------------------------------------

def wait_until_stalled(publishers, depot, port, what):
    """Waits for the disk alarm; returns (alarm text, confirmed count then)."""
    def alarm():
        if not depot.running():
            raise Failure(f"Depot exited while the disk was failing\n{depot.describe()}")
        return disk_alarm(port)
    text = wait_for(alarm, 60, f"the disk alarm ({what})", interval=0.1)
    return text, publishers.confirmed_count()


def assert_confirms_stopped(publishers, count_at_alarm, seconds=2.0):
    time.sleep(seconds)
    now = publishers.confirmed_count()
    check(now == count_at_alarm,
          f"{now - count_at_alarm} confirms arrived while the disk alarm was raised: nothing can be durable then")


def scenario_full(args, mounts, workdir, figures):
    data = os.path.join(workdir, "full")
    os.makedirs(data)
    mounts.tmpfs(data, "24m")
    depot = depot_harness.DepotProcess(data_dir=data).start()
    publishers = None
    try:
        port, http = depot.amqp_port, depot.http_port
        check(disk_alarm(http) is None, "a disk alarm is raised on an empty disk")
        started = time.monotonic()
        publishers = Publishers(port, args.publishers, 16 * 1024, "full").start()
        text, at_alarm = wait_until_stalled(publishers, depot, http, "tmpfs filling up")
        filled_after = time.monotonic() - started
        log(f"disk alarm after {filled_after:.1f} s and {at_alarm} confirms: {text}")
        path = os.path.join(data, "depot.db")
        check(path in text and "full" in text, f"the alarm does not name {path} and a full disk: {text!r}")
        assert_confirms_stopped(publishers, at_alarm)
        check(depot.running(), "Depot exited on a full disk")

        node = http_get(http, "/api/nodes")[0]
        check(node.get("disk_free_alarm") is True, f"/api/nodes: disk_free_alarm is not set: {node}")
        metrics = http_get(http, "/metrics")
        check('depot_alarm{source="disk"} 1' in metrics, "/metrics: depot_alarm{source=\"disk\"} is not 1")
        failed_lines = log_lines(depot, "depot.broker: Depot cannot write to")
        check(len(failed_lines) == 1, f"the log should say once that Depot cannot write, it says: {failed_lines}")
        late = expect_blocked(port, data, "full")

        grown = time.monotonic()
        run(["mount", "-o", "remount,size=256m", data])
        log(f"file system grown to 256 MB ({free_bytes(data) // (1024 * 1024)} MB free)")
        wait_for(lambda: publishers.confirmed_count() > at_alarm, 30, "confirms after the disk grew")
        resumed = publishers.last_confirm_time() - grown
        wait_for(lambda: disk_alarm(http) is None, 10, "the disk alarm to clear")
        cleared = time.monotonic() - grown
        late.wait(lambda: late.unblocked, 10, "connection.unblocked once the alarm cleared")
        late.close()
        check(len(log_lines(depot, "depot.broker: Depot writes to")) >= 1, "the log does not say that Depot writes again")
        check(len(log_lines(depot, "depot.broker: Depot cannot write to")) == 1, "the log repeats the failure")
        check('depot_alarm{source="disk"} 0' in http_get(http, "/metrics"), "/metrics still has the disk alarm")
        log(f"resumed {resumed:.2f} s after the file system grew (alarm cleared after {cleared:.2f} s)")
        time.sleep(1.5)   # confirms flowing again
        publishers.finish()
        check(not publishers.errors, f"publishers failed: {publishers.errors}")
        depot.kill()
        depot.start()
        ids = drain(depot.amqp_port)
        lost = check_nothing_lost(publishers, ids, "full")
        figures.append(f"disk fault test (full): disk full after {filled_after:.1f} s with {at_alarm} confirmed; "
                       f"publishers blocked with the alarm text while full; "
                       f"resumed {resumed:.2f} s after the file system grew; {len(publishers.confirmed)} confirmed, "
                       f"{lost} lost after kill -9")
    finally:
        if publishers:
            publishers.finish(2)
        depot.kill()


class LatePublisher:
    """A connection that publishes while the alarm is raised: Depot blocks a
    connection when it publishes (as RabbitMQ does), so this one must be told
    connection.blocked with the alarm's text, and connection.unblocked once
    the alarm clears. Its message carries no confirm."""

    def __init__(self, port, tag):
        self.blocked = []
        self.unblocked = False
        self.connection = pika.BlockingConnection(pika.ConnectionParameters(
            host="127.0.0.1", port=port, credentials=pika.PlainCredentials("guest", "guest"),
            blocked_connection_timeout=None, heartbeat=0, socket_timeout=10))
        self.connection.add_on_connection_blocked_callback(
            lambda _c, frame: self.blocked.append(frame.method.reason))
        self.connection.add_on_connection_unblocked_callback(lambda _c, _f: setattr(self, "unblocked", True))
        channel = self.connection.channel()
        message_id = f"late-{tag}"
        channel.basic_publish("", QUEUE, message_id.encode() + b"|",
                              pika.BasicProperties(delivery_mode=2, message_id=message_id))

    def wait(self, predicate, timeout, what):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.connection.process_data_events(time_limit=0.1)
            if predicate():
                return
        raise Failure(f"timed out after {timeout:.0f} s waiting for {what}")

    def close(self):
        try:
            if self.connection.is_open:
                self.connection.close()
        except Exception:
            pass


def expect_blocked(port, data, tag):
    # The alarm's text may change while the fault goes on (a failing file
    # system first reports an I/O error, then that it is read-only); the
    # start, which names the file, stays.
    text = f"Depot cannot write to {os.path.join(data, 'depot.db')}: "
    late = LatePublisher(port, tag)
    late.wait(lambda: late.blocked, 5, "connection.blocked for a publisher while the disk alarm is raised")
    check(any(text in reason for reason in late.blocked),
          f"connection.blocked does not carry the alarm text {text!r}: {late.blocked}")
    log(f"a publisher got connection.blocked: {late.blocked[0]}")
    return late


def scenario_read_only(args, mounts, workdir, figures):
    data = os.path.join(workdir, "ro")
    os.makedirs(data)
    try:
        device = mounts.ext4_loop(os.path.join(workdir, "ro.img"), data, 96)
    except Failure as error:
        figures.append(f"disk fault test (read-only): SKIPPED, no loop device or ext4 here ({error})")
        log(figures[-1])
        return
    trigger = f"/sys/fs/ext4/{os.path.basename(device)}/trigger_fs_error"
    check(os.path.exists(trigger), f"{trigger} is missing")
    depot = depot_harness.DepotProcess(data_dir=data, extra_args=["--durability", "fsync"]).start()
    publishers = None
    try:
        http = depot.http_port
        publishers = Publishers(depot.amqp_port, args.publishers, 2048, "ro").start()
        wait_for(lambda: publishers.confirmed_count() >= 300, 30, "300 confirms")

        # What the brief would do, and Linux refuses while Depot has its files open.
        refused = run(["mount", "-o", "remount,ro", data], check_ok=False)
        check(refused.returncode != 0, "the kernel let a file system with files open for writing go read-only")
        log(f"mount -o remount,ro refused while Depot runs, as Linux does: {refused.stderr.strip().splitlines()[0]}")

        with open(trigger, "w") as f:
            f.write("depot disk fault test\n")
        turned = time.monotonic()
        text, at_alarm = wait_until_stalled(publishers, depot, http, "ext4 turned read-only")
        log(f"disk alarm {time.monotonic() - turned:.2f} s after the file system turned read-only: {text}")
        check("Read-only file system" in text or "readonly" in text,
              f"the alarm does not say the file system is read-only: {text!r}")
        assert_confirms_stopped(publishers, at_alarm)
        failed_lines = log_lines(depot, "depot.broker: Depot cannot write to")
        check(1 <= len(failed_lines) <= 2,
              f"the log should say once that Depot cannot write (twice when the reason changed): {failed_lines}")
        # Depot reads nothing from a blocked connection (as RabbitMQ), so this
        # one is left open; Depot's shutdown closes it.
        late = expect_blocked(depot.amqp_port, data, "ro")
        check(http_get(http, "/api/nodes")[0].get("disk_free_alarm") is True, "/api/nodes: no disk_free_alarm")

        stopping = time.monotonic()
        code = depot.stop()
        stop_seconds = time.monotonic() - stopping
        check(code is not None and stop_seconds < 15, f"Depot did not stop promptly on SIGTERM ({stop_seconds:.1f} s)")
        check(log_lines(depot, "uncommitted changes"), "the log does not say what could not be written at shutdown")
        log(f"SIGTERM with the file system read-only: exit {code} after {stop_seconds:.1f} s; "
            f"{log_lines(depot, 'uncommitted changes')[0].strip()}")
        publishers.finish()
        late.close()

        # The kernel keeps an ext4 whose journal aborted read-only; the
        # operator unmounts, checks and mounts it again.
        mounts.unmount(data)
        fsck = run(["e2fsck", "-fy", device], check_ok=False)
        check(fsck.returncode in (0, 1), f"e2fsck failed ({fsck.returncode}): {fsck.stdout}{fsck.stderr}")
        run(["mount", "-o", "errors=remount-ro", device, data])
        mounts.points.append(data)
        depot.start()
        ids = drain(depot.amqp_port)
        lost = check_nothing_lost(publishers, ids, "read-only", fault_at=turned)
        figures.append(f"disk fault test (read-only): {at_alarm} confirmed before ext4 turned read-only; "
                       f"publishers blocked while read-only; "
                       f"SIGTERM exit after {stop_seconds:.1f} s; {lost} lost after e2fsck and restart")
    finally:
        if publishers:
            publishers.finish(2)
        depot.kill()


def ext4_state(device):
    """'read-only' once ext4 has turned itself read-only after an error, else 'writable'."""
    try:
        with open(f"/proc/fs/ext4/{os.path.basename(device)}/options") as f:
            options = f.read()
    except OSError:
        return "unknown"
    return "read-only" if ("emergency_ro" in options or "shutdown" in options) else "writable"


def scenario_io_error(args, mounts, workdir, figures):
    """The storage under the data dir fails writes (I/O errors) under a
    running Depot: ext4 in a loop device whose image lives, sparse, on a
    small tmpfs, which is then filled from outside, so every write to a block
    the image has not used yet fails, as on thin-provisioned storage that ran
    out; rewrites of blocks already there still work."""
    backing = os.path.join(workdir, "io-backing")
    data = os.path.join(workdir, "io")
    os.makedirs(backing)
    os.makedirs(data)
    mounts.tmpfs(backing, "48m")
    try:
        device = mounts.ext4_loop(os.path.join(backing, "io.img"), data, 96)
    except Failure as error:
        figures.append(f"disk fault test (io-error): SKIPPED, no loop device or ext4 here ({error})")
        log(figures[-1])
        return
    depot = depot_harness.DepotProcess(data_dir=data, extra_args=["--durability", "fsync"]).start()
    publishers = None
    filler = os.path.join(backing, "filler")
    try:
        http = depot.http_port
        publishers = Publishers(depot.amqp_port, args.publishers, 2048, "io").start()
        wait_for(lambda: publishers.confirmed_count() >= 300, 30, "300 confirms")
        with open(filler, "wb", buffering=0) as f:
            try:
                while True:
                    f.write(b"\0" * (1 << 20))
            except OSError:
                pass
        failing = time.monotonic()
        text, at_alarm = wait_until_stalled(publishers, depot, http, "the storage failing writes")
        log(f"disk alarm {time.monotonic() - failing:.2f} s after the storage filled up: {text}")
        check(os.path.join(data, "depot.db") in text, f"the alarm does not name depot.db: {text!r}")
        assert_confirms_stopped(publishers, at_alarm)
        check(depot.running(), "Depot exited when its storage failed")

        # The storage has room again. ext4 either kept going (Depot then
        # resumes by itself) or aborted its journal and turned read-only
        # (then it stays so until it is checked).
        os.remove(filler)
        state = ext4_state(device)
        resumed = False
        if state == "writable":
            try:
                wait_for(lambda: publishers.confirmed_count() > at_alarm, 10, "confirms once the storage had room")
                wait_for(lambda: disk_alarm(http) is None, 10, "the disk alarm to clear")
                resumed = True
            except Failure:
                state = ext4_state(device)
                check(state == "read-only", "Depot did not resume although ext4 is still writable")
        log(f"storage has room again; ext4 is {state}, Depot {'resumed' if resumed else 'keeps the alarm'}")

        stopping = time.monotonic()
        code = depot.stop()
        stop_seconds = time.monotonic() - stopping
        check(code is not None and stop_seconds < 15, f"Depot did not stop promptly on SIGTERM ({stop_seconds:.1f} s)")
        publishers.finish()
        mounts.unmount(data)
        fsck = run(["e2fsck", "-fy", device], check_ok=False)
        check(fsck.returncode in (0, 1), f"e2fsck failed ({fsck.returncode}): {fsck.stdout}{fsck.stderr}")
        run(["mount", "-o", "errors=remount-ro", device, data])
        mounts.points.append(data)
        depot.start()
        ids = drain(depot.amqp_port)
        lost = check_nothing_lost(publishers, ids, "io-error", fault_at=failing)
        figures.append(f"disk fault test (io-error): {at_alarm} confirmed before the storage failed writes; "
                       f"publishers blocked while it failed; ext4 {state}, Depot "
                       f"{'resumed by itself' if resumed else 'kept the alarm'} once it had room; "
                       f"{len(publishers.confirmed)} confirmed, {lost} lost after e2fsck and restart")
    finally:
        if publishers:
            publishers.finish(2)
        depot.kill()
        if os.path.exists(filler):
            os.remove(filler)


def start_refused(data, needle):
    process = subprocess.run([os.environ["DEPOT_BINARY"], "--headless", "--data-dir", data,
                              "--amqp-port", str(depot_harness.free_port()),
                              "--http-port", str(depot_harness.free_port()), "--sqs-port", "0", "--kafka-port", "0"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30,
                             env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    check(process.returncode != 0, f"Depot started on a data dir that is {needle}:\n{process.stdout}")
    check(needle in process.stdout, f"Depot's refusal does not say '{needle}':\n{process.stdout}")
    line = [line for line in process.stdout.splitlines() if needle in line][0].strip()
    log(f"refused with exit code {process.returncode}: {line}")
    return process.returncode


def scenario_start(args, mounts, workdir, figures):
    data = os.path.join(workdir, "start")
    os.makedirs(data)
    mounts.tmpfs(data, "8m")
    depot = depot_harness.DepotProcess(data_dir=data).start()
    publishers = Publishers(depot.amqp_port, 1, 1024, "start").start()
    wait_for(lambda: publishers.confirmed_count() >= 100, 30, "100 confirms")
    publishers.finish()
    check(depot.stop() == 0, "Depot did not stop cleanly")

    run(["mount", "-o", "remount,ro", data])
    ro_code = start_refused(data, "read-only")
    run(["mount", "-o", "remount,rw", data])

    filler = os.path.join(data, "filler")
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * (1 << 16))
                f.flush()
        except OSError:
            pass
    full_code = start_refused(data, "full")
    os.remove(filler)

    depot.start()
    ids = drain(depot.amqp_port)
    lost = check_nothing_lost(publishers, ids, "start")
    depot.stop()
    figures.append(f"disk fault test (start): refused a read-only data dir (exit {ro_code}) and a full one "
                   f"(exit {full_code}); started once writable, {lost} lost")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--depot", help="the depot executable (default: $DEPOT_BINARY)")
    parser.add_argument("--publishers", type=int, default=3)
    parser.add_argument("--scenario", action="append", choices=["full", "read-only", "io-error", "start"],
                        help="run only these (default: all)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the scenarios this many times, each on fresh file systems (the read-only "
                             "scenario meets the moment ext4 drops a synced commit in some runs only)")
    args = parser.parse_args()
    if args.depot:
        os.environ["DEPOT_BINARY"] = os.path.abspath(args.depot)

    if os.geteuid() != 0:
        print("SKIP: the disk fault test mounts file systems and needs root (run it with sudo)", flush=True)
        return SKIP
    for tool in ("mount", "umount"):
        if shutil.which(tool) is None:
            print(f"SKIP: '{tool}' is not installed", flush=True)
            return SKIP
    global pika
    pika = depot_harness.import_client("pika", "python3-pika")

    workdir = tempfile.mkdtemp(prefix="depot-disk-")
    mounts = Mounts()
    figures = []
    try:
        probe = os.path.join(workdir, "probe")
        os.makedirs(probe)
        try:
            mounts.tmpfs(probe, "1m")
            mounts.unmount(probe)
        except Failure as error:
            print(f"SKIP: cannot mount a tmpfs here (a container without CAP_SYS_ADMIN?): {error}", flush=True)
            return SKIP
        scenarios = args.scenario or ["full", "read-only", "io-error", "start"]
        for round_ in range(max(1, args.repeat)):
            rounddir = os.path.join(workdir, f"round{round_ + 1}")
            os.makedirs(rounddir)
            for name in scenarios:
                log(f"--- scenario {name}" + (f", round {round_ + 1} of {args.repeat}" if args.repeat > 1 else "")
                    + " ---")
                {"full": scenario_full, "read-only": scenario_read_only, "io-error": scenario_io_error,
                 "start": scenario_start}[name](args, mounts, rounddir, figures)
    except Failure as error:
        for line in figures:
            print(line)
        print(f"FAIL: {error}", flush=True)
        return 1
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        mounts.unmount_all()
        shutil.rmtree(workdir, ignore_errors=True)
    for line in figures:
        print(line)
    return 0


pika = None

if __name__ == "__main__":
    sys.exit(main())
