"""The depot executable's heap on transparent huge pages (app/HugePageHeap.cpp).

A queue that grows by hundreds of megabytes used to take one page fault per
4 KiB page on the broker thread; once tcmalloc has taken 256 MiB from the
system, what it takes more is asked for in whole, aligned 2 MiB pages marked
MADV_HUGEPAGE and takes one fault per 2 MiB (docs/performance.md, "Huge pages
for the heap"). Below that the heap stays on 4 KiB pages: a heap of
connections and small queues touches its memory sparsely, and a huge page
is resident whole. Checked on the real `depot --headless`, pika publishing
transient 32 KiB messages and consuming them all back intact:

- DEPOT_HUGE_PAGES=1 (huge pages after 1 MiB): a 160 MiB queue is mostly on
  huge pages;
- the default: the same queue is not (under 256 MiB), a 400 MiB one is, for
  what it took past 256 MiB;
- DEPOT_HUGE_PAGES=0: none, where the kernel gives huge pages only on
  request: that proves the checks measure Depot's doing, not the kernel's;
- a DEPOT_HUGE_PAGES that is not a number is refused by name (and they are off).

Skipped where it cannot be seen: a kernel without transparent huge pages
(or set to never), a depot built with another malloc (the sanitizer builds
keep the system's), no smaps_rollup.

Depot-only: RabbitMQ's heap is Erlang's.
"""

import hashlib
import os
import subprocess
import unittest

from depot_harness import DepotProcess, import_client, unique

pika = import_client("pika", "python3-pika")

THP_SETTING = "/sys/kernel/mm/transparent_hugepage/enabled"
BODY = 32 * 1024
SMALL = 5000              # 5,000 x 32 KiB = 160 MiB
LARGE = 12800             # 400 MiB


def thp_mode():
    try:
        with open(THP_SETTING) as f:
            text = f.read()
    except OSError:
        return None
    for word in text.split():
        if word.startswith("[") and word.endswith("]"):
            return word[1:-1]
    return None


def smaps_kib(pid, field):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/smaps_rollup")


def uses_tcmalloc(pid):
    with open(f"/proc/{pid}/maps") as f:
        return "libtcmalloc" in f.read()


def body_of(i):
    seed = hashlib.sha256(str(i).encode()).digest()
    return (seed * (BODY // len(seed) + 1))[:BODY]


class HugePageHeapTest(unittest.TestCase):
    def setUp(self):
        if thp_mode() in (None, "never"):
            self.skipTest(f"transparent huge pages are off here ({THP_SETTING})")
        if not os.path.exists(f"/proc/{os.getpid()}/smaps_rollup"):
            self.skipTest("no /proc/PID/smaps_rollup on this kernel")

    def fill_and_measure(self, env, messages):
        """Publishes `messages` transient bodies, returns (AnonHugePages KiB,
        RSS KiB) while they are queued, then consumes and checks them all."""
        depot = DepotProcess(env=env).start()
        self.addCleanup(depot.stop)
        pid = depot.process.pid
        if not uses_tcmalloc(pid):
            self.skipTest("this depot is not built with tcmalloc (DEPOT_MALLOC, or a sanitizer build)")
        queue = unique("heap")
        parameters = pika.ConnectionParameters(host="127.0.0.1", port=depot.amqp_port,
                                               credentials=pika.PlainCredentials("guest", "guest"),
                                               connection_attempts=1, socket_timeout=30)
        connection = pika.BlockingConnection(parameters)
        self.addCleanup(lambda: connection.is_open and connection.close())
        channel = connection.channel()
        channel.queue_declare(queue, durable=False)
        channel.confirm_delivery()
        for i in range(messages):
            channel.basic_publish("", queue, body_of(i), pika.BasicProperties(delivery_mode=1, message_id=str(i)))
        self.assertEqual(channel.queue_declare(queue, passive=True).method.message_count, messages)
        huge = smaps_kib(pid, "AnonHugePages")
        rss = smaps_kib(pid, "Rss")
        seen = set()
        for method, properties, body in channel.consume(queue, auto_ack=False, inactivity_timeout=30):
            self.assertIsNotNone(method, f"only {len(seen)} of {messages} messages came back")
            i = int(properties.message_id)
            self.assertEqual(body, body_of(i), f"message {i} came back changed")
            seen.add(i)
            channel.basic_ack(method.delivery_tag)
            if len(seen) == messages:
                break
        channel.cancel()
        self.assertEqual(seen, set(range(messages)))
        return huge, rss

    def test_a_growing_queue_lives_on_huge_pages(self):
        huge, rss = self.fill_and_measure({"DEPOT_HUGE_PAGES": "1"}, SMALL)
        queued_kib = SMALL * BODY // 1024
        self.assertGreaterEqual(huge, queued_kib * 3 // 4,
                                f"{huge} KiB of {rss} KiB resident are huge pages with {queued_kib} KiB queued")

    def require_madvise(self):
        if thp_mode() != "madvise":
            self.skipTest(f"transparent huge pages are '{thp_mode()}' here: the kernel's default is not 'madvise'")

    def test_by_default_a_heap_under_256_mib_stays_on_small_pages(self):
        self.require_madvise()
        huge, rss = self.fill_and_measure({}, SMALL)
        self.assertLess(huge, 16 * 1024, f"{huge} KiB of {rss} KiB resident are huge pages, {SMALL} messages queued")

    def test_by_default_what_the_heap_takes_past_256_mib_is_on_huge_pages(self):
        huge, rss = self.fill_and_measure({}, LARGE)
        queued_kib = LARGE * BODY // 1024
        self.assertGreaterEqual(huge, (queued_kib - 256 * 1024) // 2,
                                f"{huge} KiB of {rss} KiB resident are huge pages with {queued_kib} KiB queued")

    def test_without_it_the_kernel_gives_none_on_its_own(self):
        self.require_madvise()
        huge, rss = self.fill_and_measure({"DEPOT_HUGE_PAGES": "0"}, LARGE)
        self.assertLess(huge, 16 * 1024, f"{huge} KiB of {rss} KiB resident are huge pages with DEPOT_HUGE_PAGES=0")


class HugePageSettingTest(unittest.TestCase):
    def test_a_setting_that_is_not_a_number_is_refused_by_name(self):
        binary = os.environ["DEPOT_BINARY"]
        linked = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
        if "libtcmalloc" not in linked:
            self.skipTest("this depot is not built with tcmalloc (DEPOT_MALLOC, or a sanitizer build)")
        run = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                             env={**os.environ, "DEPOT_HUGE_PAGES": "lots"})
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("DEPOT_HUGE_PAGES='lots' is not a number of MiB", run.stderr)
        self.assertIn("huge pages are off", run.stderr)
        quiet = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                               env={**os.environ, "DEPOT_HUGE_PAGES": "64"})
        self.assertNotIn("DEPOT_HUGE_PAGES", quiet.stderr)


if __name__ == "__main__":
    unittest.main()
