"""The depot executable's heap on transparent huge pages (app/HugePageHeap.cpp).

A queue that grows by hundreds of megabytes used to take one page fault per
4 KiB page on the broker thread; with tcmalloc's memory asked for in whole,
aligned 2 MiB pages marked MADV_HUGEPAGE it takes one per 2 MiB
(docs/performance.md, "Huge pages for the heap"). Checked on the real
`depot --headless`: pika publishes 160 MiB of transient messages, the
process's AnonHugePages (/proc/PID/smaps_rollup) must cover most of it, and
every message comes back intact. With DEPOT_HUGE_PAGES=0 the same run must
show (almost) none where the kernel only gives huge pages on request: that
proves the first check measures Depot's doing, not the kernel's default.

Skipped where it cannot be seen: a kernel without transparent huge pages
(or set to never), a depot built with another malloc (the sanitizer builds
keep the system's), no smaps_rollup.

Depot-only: RabbitMQ's heap is Erlang's.
"""

import hashlib
import os
import unittest

from depot_harness import DepotProcess, import_client, unique

pika = import_client("pika", "python3-pika")

THP_SETTING = "/sys/kernel/mm/transparent_hugepage/enabled"
MESSAGES = 5000
BODY = 32 * 1024          # 5,000 x 32 KiB = 160 MiB


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

    def fill_and_measure(self, env):
        """Publishes MESSAGES transient bodies, returns (AnonHugePages KiB,
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
        for i in range(MESSAGES):
            channel.basic_publish("", queue, body_of(i), pika.BasicProperties(delivery_mode=1, message_id=str(i)))
        self.assertEqual(channel.queue_declare(queue, passive=True).method.message_count, MESSAGES)
        huge = smaps_kib(pid, "AnonHugePages")
        rss = smaps_kib(pid, "Rss")
        seen = set()
        for method, properties, body in channel.consume(queue, auto_ack=False, inactivity_timeout=30):
            self.assertIsNotNone(method, f"only {len(seen)} of {MESSAGES} messages came back")
            i = int(properties.message_id)
            self.assertEqual(body, body_of(i), f"message {i} came back changed")
            seen.add(i)
            channel.basic_ack(method.delivery_tag)
            if len(seen) == MESSAGES:
                break
        channel.cancel()
        self.assertEqual(seen, set(range(MESSAGES)))
        return huge, rss

    def test_a_growing_queue_lives_on_huge_pages(self):
        huge, rss = self.fill_and_measure({})
        queued_kib = MESSAGES * BODY // 1024
        self.assertGreaterEqual(huge, queued_kib * 3 // 4,
                                f"{huge} KiB of {rss} KiB resident are huge pages with {queued_kib} KiB queued")

    def test_without_it_the_kernel_gives_none_on_its_own(self):
        if thp_mode() != "madvise":
            self.skipTest(f"transparent huge pages are '{thp_mode()}' here: the kernel's default is not 'madvise'")
        huge, rss = self.fill_and_measure({"DEPOT_HUGE_PAGES": "0"})
        self.assertLess(huge, 32 * 1024, f"{huge} KiB of {rss} KiB resident are huge pages with DEPOT_HUGE_PAGES=0")


if __name__ == "__main__":
    unittest.main()
