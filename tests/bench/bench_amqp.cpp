// AMQP load driver: the same independent client library (rabbitmq-c,
// Debian's librabbitmq) against Depot and, when it is listening, against
// RabbitMQ, in one run.
//
//   bench_amqp [--messages N] [--runs R] [--window W] [--prefetch P]
//              [--rate MSGS_PER_S] [--latency-seconds S]
//              [--depot PATH] [--rabbitmq-port PORT] [--no-rabbitmq]
//              [--phases LIST] [--keep-queues] [--batched-writes]
//
// Phases, each repeated R times (the median is reported; --phases runs only
// some, e.g. to profile one):
//   persistent  N persistent 100-byte messages to a durable queue with
//               publisher confirms, at most W unconfirmed at a time;
//   transient   N transient 100-byte messages to a transient queue, no
//               confirms; the phase ends when a queue.declare (passive), sent
//               after the last publish on the same channel, reports N;
//   consume     the N transient messages consumed with prefetch P and a
//               multiple ack every P/4 messages;
//   combined    one producer and one consumer at once, on two connections:
//               N transient messages published flat out while the consumer
//               (as above) takes them; msg/s from the first publish to the
//               N-th delivery;
//   latency     a publisher at a fixed moderate rate and a consumer on
//               another connection; p50/p99 of publish-to-deliver time.
// Publishers send each frame with its own send(), rabbitmq-c's pattern; with
// --batched-writes they encode frames themselves and write up to 64 KiB per
// send, as clients that buffer their output do.
// With --retry-delays LIST (comma-separated ms, e.g. 1 or 100,1000) it measures
// instead what x-retry-delays costs, on Depot alone: consume (above) and a
// nack-heavy consume (every second first delivery nacked with requeue, the
// rest and every redelivery acked one by one), each on a queue without and
// on one with that list, alternating, R times; medians in deliveries/s.
//
// Depot is started by the benchmark (`depot --headless` on free ports with a
// fresh data dir, durability normal); RabbitMQ must already listen on
// 127.0.0.1:5672 (guest/guest).

#include "tests/support/TestSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/socket.h>

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "bench_amqp: %s\n", what.c_str());
    std::exit(2);
}

void checkReply(amqp_connection_state_t conn, const char *what)
{
    const amqp_rpc_reply_t r = amqp_get_rpc_reply(conn);
    if (r.reply_type != AMQP_RESPONSE_NORMAL)
        fail(std::string(what) + " failed (reply type " + std::to_string(r.reply_type) + ")");
}

// One AMQP connection with channel 1 open.
class Connection
{
public:
    Connection(const std::string &host, int port)
    {
        m_conn = amqp_new_connection();
        amqp_socket_t *socket = amqp_tcp_socket_new(m_conn);
        if (!socket || amqp_socket_open(socket, host.c_str(), port) != AMQP_STATUS_OK)
            fail("cannot connect to " + host + ":" + std::to_string(port));
        const amqp_rpc_reply_t login = amqp_login(m_conn, "/", 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
        if (login.reply_type != AMQP_RESPONSE_NORMAL)
            fail("login failed");
        amqp_channel_open(m_conn, 1);
        checkReply(m_conn, "channel.open");
    }
    ~Connection()
    {
        amqp_channel_close(m_conn, 1, AMQP_REPLY_SUCCESS);
        amqp_connection_close(m_conn, AMQP_REPLY_SUCCESS);
        amqp_destroy_connection(m_conn);
    }
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    amqp_connection_state_t get() const { return m_conn; }

    void declare(const std::string &queue, bool durable, amqp_table_t arguments = amqp_empty_table)
    {
        amqp_queue_declare(m_conn, 1, amqp_cstring_bytes(queue.c_str()), 0, durable ? 1 : 0, 0, 0, arguments);
        checkReply(m_conn, "queue.declare");
    }
    quint32 messageCount(const std::string &queue)
    {
        amqp_queue_declare_ok_t *ok
            = amqp_queue_declare(m_conn, 1, amqp_cstring_bytes(queue.c_str()), 1, 0, 0, 0, amqp_empty_table);
        checkReply(m_conn, "queue.declare passive");
        return ok ? ok->message_count : 0;
    }
    void remove(const std::string &queue)
    {
        amqp_queue_delete(m_conn, 1, amqp_cstring_bytes(queue.c_str()), 0, 0);
        checkReply(m_conn, "queue.delete");
    }

private:
    amqp_connection_state_t m_conn = nullptr;
};

struct Options
{
    quint64 messages = 100000;
    int runs = 3;
    quint64 window = 1000;
    quint32 prefetch = 1000;
    int rate = 2000;
    int latencySeconds = 5;
    // Which phases run (--phases): all by default. consume reads what
    // transient published, so asking for consume runs transient too.
    bool persistent = true;
    bool transient = true;
    bool consume = true;
    bool combined = true;
    bool latency = true;
    // --keep-queues: the phases' queues are not deleted after each run, so
    // that a profile of the depot process holds the phases alone.
    bool keepQueues = false;
    // --batched-writes: publishers write many messages per send (Publisher).
    bool batchedWrites = false;
};

// Publishes messages to `queue` through the default exchange on channel 1.
// By default through rabbitmq-c's amqp_basic_publish, which sends each frame
// with its own send() (rabbitmq-c's own pattern: three per message). With
// `batched` the frames are encoded here and written up to 64 KiB at a time,
// as clients that buffer their output do (amqplib, pika's asynchronous
// connections, kafka-style producers): the broker then gets many messages
// per read. flush() writes what is buffered; it must come before waiting for
// an answer.
class Publisher
{
public:
    Publisher(amqp_connection_state_t conn, const std::string &queue, quint8 deliveryMode, bool batched)
        : m_conn(conn), m_queue(queue), m_deliveryMode(deliveryMode), m_batched(batched)
    {
        if (queue.size() > 255)
            fail("queue name too long for a short string");
        m_out.reserve(kFlushAt + 4096);
    }
    ~Publisher() { flush(); }
    Publisher(const Publisher &) = delete;
    Publisher &operator=(const Publisher &) = delete;

    void publish(const char *body, std::size_t size)
    {
        if (!m_batched) {
            amqp_basic_properties_t props{};
            props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
            props.delivery_mode = m_deliveryMode;
            if (amqp_basic_publish(m_conn, 1, amqp_empty_bytes, amqp_cstring_bytes(m_queue.c_str()), 0, 0, &props,
                    amqp_bytes_t{size, const_cast<char *>(body)})
                != AMQP_STATUS_OK)
                fail("basic.publish failed");
            return;
        }
        // basic.publish: class 60, method 40, ticket, exchange "", routing
        // key, no mandatory/immediate.
        const std::size_t method = frameStart(1, 4 + 2 + 1 + 1 + m_queue.size() + 1);
        put16(60);
        put16(40);
        put16(0);
        m_out.push_back(0);
        m_out.push_back(char(m_queue.size()));
        m_out.append(m_queue);
        m_out.push_back(0);
        frameEnd(method);
        // Content header: class 60, weight 0, body size, delivery-mode only.
        const std::size_t header = frameStart(2, 2 + 2 + 8 + 2 + 1);
        put16(60);
        put16(0);
        put32(0);
        put32(quint32(size));
        put16(0x1000);
        m_out.push_back(char(m_deliveryMode));
        frameEnd(header);
        const std::size_t content = frameStart(3, size);
        m_out.append(body, size);
        frameEnd(content);
        if (m_out.size() >= kFlushAt)
            flush();
    }

    void flush()
    {
        std::size_t done = 0;
        const int fd = amqp_get_sockfd(m_conn);
        while (done < m_out.size()) {
            const ssize_t n = ::send(fd, m_out.data() + done, m_out.size() - done, MSG_NOSIGNAL);
            if (n > 0) {
                done += std::size_t(n);
            } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                pollfd p{fd, POLLOUT, 0};
                ::poll(&p, 1, 1000);
            } else {
                fail(std::string("send failed: ") + std::strerror(errno));
            }
        }
        m_out.clear();
    }

private:
    static constexpr std::size_t kFlushAt = 64 * 1024;

    void put16(quint16 v)
    {
        m_out.push_back(char(v >> 8));
        m_out.push_back(char(v & 0xff));
    }
    void put32(quint32 v)
    {
        put16(quint16(v >> 16));
        put16(quint16(v & 0xffff));
    }
    // Type, channel 1 and the payload's size; returns where the payload ends.
    std::size_t frameStart(quint8 type, std::size_t payload)
    {
        m_out.push_back(char(type));
        put16(1);
        put32(quint32(payload));
        return m_out.size() + payload;
    }
    void frameEnd(std::size_t expectedEnd)
    {
        if (m_out.size() != expectedEnd)
            fail("a frame was encoded with the wrong size");
        m_out.push_back(char(0xCE));
    }

    amqp_connection_state_t m_conn;
    std::string m_queue;
    quint8 m_deliveryMode;
    bool m_batched;
    std::string m_out;
};

double publishPersistentWithConfirms(const std::string &host, int port, const std::string &queue, const Options &o)
{
    Connection c(host, port);
    c.declare(queue, true);
    amqp_confirm_select(c.get(), 1);
    checkReply(c.get(), "confirm.select");

    const std::string body(100, 'p');
    Publisher publisher(c.get(), queue, 2, o.batchedWrites);

    quint64 published = 0;
    quint64 confirmed = 0;
    const auto start = Clock::now();
    while (confirmed < o.messages) {
        while (published < o.messages && published - confirmed < o.window) {
            publisher.publish(body.data(), body.size());
            ++published;
        }
        publisher.flush();
        // Wait for at least one confirm, then take whatever else is buffered.
        do {
            amqp_frame_t frame;
            if (amqp_simple_wait_frame(c.get(), &frame) != AMQP_STATUS_OK)
                fail("waiting for confirms failed");
            if (frame.frame_type != AMQP_FRAME_METHOD)
                continue;
            if (frame.payload.method.id == AMQP_BASIC_ACK_METHOD) {
                const auto *ack = static_cast<amqp_basic_ack_t *>(frame.payload.method.decoded);
                // One channel: confirms arrive in publish order, single or multiple.
                confirmed = std::max<quint64>(confirmed, ack->delivery_tag);
            } else if (frame.payload.method.id == AMQP_BASIC_NACK_METHOD) {
                fail("a persistent message was nacked");
            }
        } while (amqp_frames_enqueued(c.get()) || amqp_data_in_buffer(c.get()));
        amqp_maybe_release_buffers(c.get());
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return double(o.messages) / seconds;
}

double publishTransient(const std::string &host, int port, const std::string &queue, const Options &o,
    amqp_table_t arguments = amqp_empty_table)
{
    Connection c(host, port);
    c.declare(queue, false, arguments);
    const std::string body(100, 't');
    const auto start = Clock::now();
    {
        Publisher publisher(c.get(), queue, 1, o.batchedWrites);
        for (quint64 i = 0; i < o.messages; ++i)
            publisher.publish(body.data(), body.size());
    }
    // Publishes on one channel are handled in order: once this answers with
    // every message counted, the broker has them all.
    quint32 count = 0;
    for (int attempt = 0; attempt < 10000 && count < o.messages; ++attempt) {
        count = c.messageCount(queue);
        if (count < o.messages)
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (count < o.messages)
        fail("transient messages missing: " + std::to_string(count) + " of " + std::to_string(o.messages));
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return double(o.messages) / seconds;
}

// Consumes N messages with prefetch P and a multiple ack every P/4; `ready`
// runs once the consumer is registered. Returns when the N-th has arrived.
Clock::time_point consumeN(const std::string &host, int port, const std::string &queue, const Options &o,
    const std::function<void()> &ready)
{
    Connection c(host, port);
    amqp_basic_qos(c.get(), 1, 0, quint16(std::min<quint32>(o.prefetch, 65535)), 0);
    checkReply(c.get(), "basic.qos");
    amqp_basic_consume(c.get(), 1, amqp_cstring_bytes(queue.c_str()), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    checkReply(c.get(), "basic.consume");
    ready();
    const quint64 ackEvery = std::max<quint32>(1, o.prefetch / 4);
    quint64 received = 0;
    quint64 lastTag = 0;
    while (received < o.messages) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(c.get());
        const amqp_rpc_reply_t r = amqp_consume_message(c.get(), &envelope, nullptr, 0);
        if (r.reply_type != AMQP_RESPONSE_NORMAL)
            fail("consume failed");
        lastTag = envelope.delivery_tag;
        amqp_destroy_envelope(&envelope);
        ++received;
        if (received % ackEvery == 0 || received == o.messages)
            amqp_basic_ack(c.get(), 1, lastTag, 1);
    }
    return Clock::now();
}

double consumeAll(const std::string &host, int port, const std::string &queue, const Options &o)
{
    Clock::time_point start;
    const Clock::time_point end = consumeN(host, port, queue, o, [&start] { start = Clock::now(); });
    return double(o.messages) / std::chrono::duration<double>(end - start).count();
}

// x-retry-delays as a queue.declare argument (an array of 64-bit integers).
struct RetryArguments
{
    explicit RetryArguments(const std::vector<qint64> &delays)
    {
        for (qint64 d : delays) {
            amqp_field_value_t v{};
            v.kind = AMQP_FIELD_KIND_I64;
            v.value.i64 = d;
            items.push_back(v);
        }
        entry.key = amqp_cstring_bytes("x-retry-delays");
        entry.value.kind = AMQP_FIELD_KIND_ARRAY;
        entry.value.value.array.num_entries = int(items.size());
        entry.value.value.array.entries = items.data();
        table.num_entries = 1;
        table.entries = &entry;
    }
    RetryArguments(const RetryArguments &) = delete;
    RetryArguments &operator=(const RetryArguments &) = delete;

    std::vector<amqp_field_value_t> items;
    amqp_table_entry_t entry{};
    amqp_table_t table{};
};

// Consumes until every message is acked: every second first delivery is
// nacked with requeue (it comes back, at once or after the queue's retry
// delay, and is acked then). Returns deliveries per second.
double consumeWithNacks(const std::string &host, int port, const std::string &queue, const Options &o)
{
    Connection c(host, port);
    amqp_basic_qos(c.get(), 1, 0, quint16(std::min<quint32>(o.prefetch, 65535)), 0);
    checkReply(c.get(), "basic.qos");
    amqp_basic_consume(c.get(), 1, amqp_cstring_bytes(queue.c_str()), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    checkReply(c.get(), "basic.consume");
    quint64 acked = 0;
    quint64 deliveries = 0;
    quint64 firstDeliveries = 0;
    const auto start = Clock::now();
    while (acked < o.messages) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(c.get());
        const amqp_rpc_reply_t r = amqp_consume_message(c.get(), &envelope, nullptr, 0);
        if (r.reply_type != AMQP_RESPONSE_NORMAL)
            fail("consume failed");
        ++deliveries;
        if (!envelope.redelivered && firstDeliveries++ % 2 == 1) {
            amqp_basic_nack(c.get(), 1, envelope.delivery_tag, 0, 1);
        } else {
            amqp_basic_ack(c.get(), 1, envelope.delivery_tag, 0);
            ++acked;
        }
        amqp_destroy_envelope(&envelope);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return double(deliveries) / seconds;
}

double median(std::vector<double> v);

// What x-retry-delays costs: the same consumes on a queue without and one
// with the list, alternating.
void measureRetryCost(const std::string &host, int port, const Options &o, const std::vector<qint64> &delays)
{
    const RetryArguments withDelays(delays);
    std::vector<double> consumePlain, consumeRetry, nackPlain, nackRetry;
    for (int run = 1; run <= o.runs; ++run) {
        for (const bool retry : {false, true}) {
            const amqp_table_t arguments = retry ? withDelays.table : amqp_empty_table;
            const std::string suffix = QUuid::createUuid().toString(QUuid::Id128).left(12).toStdString();
            const std::string cq = "bench.consume." + suffix;
            const std::string nq = "bench.nack." + suffix;
            publishTransient(host, port, cq, o, arguments);
            const double consume = consumeAll(host, port, cq, o);
            publishTransient(host, port, nq, o, arguments);
            const double nack = consumeWithNacks(host, port, nq, o);
            {
                Connection cleanup(host, port);
                cleanup.remove(cq);
                cleanup.remove(nq);
            }
            (retry ? consumeRetry : consumePlain).push_back(consume);
            (retry ? nackRetry : nackPlain).push_back(nack);
            std::printf("  run %d %-18s consume with acks %9.0f msg/s | nack-heavy %9.0f deliveries/s\n", run,
                retry ? "x-retry-delays:" : "no retry delays:", consume, nack);
            std::fflush(stdout);
        }
    }
    std::printf("\n%-34s %14s %14s %8s\n", "median", "no delays", "retry delays", "change");
    auto row = [](const char *label, double plain, double retry) {
        std::printf("%-34s %14.0f %14.0f %+7.1f%%\n", label, plain, retry, (retry / plain - 1) * 100);
    };
    row("consume with acks msg/s", median(consumePlain), median(consumeRetry));
    row("nack-heavy deliveries/s", median(nackPlain), median(nackRetry));
}

struct Latency
{
    double p50Ms = 0;
    double p99Ms = 0;
};

Latency measureLatency(const std::string &host, int port, const std::string &queue, const Options &o)
{
    {
        Connection setup(host, port);
        setup.declare(queue, false);
    }
    const quint64 total = quint64(o.rate) * quint64(o.latencySeconds);
    std::vector<double> samples;
    samples.reserve(total);
    std::atomic<bool> consumerReady{false};

    std::thread consumer([&] {
        Connection c(host, port);
        amqp_basic_qos(c.get(), 1, 0, 1000, 0);
        checkReply(c.get(), "basic.qos");
        amqp_basic_consume(c.get(), 1, amqp_cstring_bytes(queue.c_str()), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
        checkReply(c.get(), "basic.consume");
        consumerReady = true;
        for (quint64 i = 0; i < total; ++i) {
            amqp_envelope_t envelope;
            amqp_maybe_release_buffers(c.get());
            const amqp_rpc_reply_t r = amqp_consume_message(c.get(), &envelope, nullptr, 0);
            if (r.reply_type != AMQP_RESPONSE_NORMAL)
                fail("latency consume failed");
            const auto now = Clock::now().time_since_epoch().count();
            qint64 sent = 0;
            if (envelope.message.body.len >= sizeof sent)
                std::memcpy(&sent, envelope.message.body.bytes, sizeof sent);
            samples.push_back(double(now - sent) / 1e6);
            amqp_basic_ack(c.get(), 1, envelope.delivery_tag, 0);
            amqp_destroy_envelope(&envelope);
        }
    });
    while (!consumerReady)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));

    {
        Connection p(host, port);
        std::string body(100, 'l');
        amqp_basic_properties_t props{};
        props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
        props.delivery_mode = 1;
        const auto interval = std::chrono::nanoseconds(1000000000LL / o.rate);
        auto next = Clock::now();
        for (quint64 i = 0; i < total; ++i) {
            std::this_thread::sleep_until(next);
            next += interval;
            const qint64 now = Clock::now().time_since_epoch().count();
            std::memcpy(body.data(), &now, sizeof now);
            if (amqp_basic_publish(p.get(), 1, amqp_empty_bytes, amqp_cstring_bytes(queue.c_str()), 0, 0, &props,
                    amqp_bytes_t{body.size(), body.data()})
                != AMQP_STATUS_OK)
                fail("latency publish failed");
        }
        consumer.join();
    }
    {
        Connection cleanup(host, port);
        cleanup.remove(queue);
    }
    std::sort(samples.begin(), samples.end());
    auto pct = [&](double p) { return samples.empty() ? 0.0 : samples[size_t(p * double(samples.size() - 1))]; };
    return {pct(0.50), pct(0.99)};
}

double publishAndConsume(const std::string &host, int port, const std::string &queue, const Options &o)
{
    {
        Connection setup(host, port);
        setup.declare(queue, false);
    }
    std::atomic<bool> consumerReady{false};
    Clock::time_point end;
    std::thread consumer([&] { end = consumeN(host, port, queue, o, [&consumerReady] { consumerReady = true; }); });
    while (!consumerReady)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const auto start = Clock::now();
    {
        Connection p(host, port);
        const std::string body(100, 'c');
        {
            Publisher publisher(p.get(), queue, 1, o.batchedWrites);
            for (quint64 i = 0; i < o.messages; ++i)
                publisher.publish(body.data(), body.size());
        }
        consumer.join();
    }
    {
        Connection cleanup(host, port);
        cleanup.remove(queue);
    }
    return double(o.messages) / std::chrono::duration<double>(end - start).count();
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

struct Figures
{
    double persistent = 0;
    double transient = 0;
    double consume = 0;
    double combined = 0;
    Latency latency;
};

Figures measure(const char *name, const std::string &host, int port, const Options &o)
{
    std::vector<double> persistent, transient, consume, combined;
    std::vector<Latency> latencies;
    for (int run = 1; run <= o.runs; ++run) {
        const std::string suffix = QUuid::createUuid().toString(QUuid::Id128).left(12).toStdString();
        const std::string pq = "bench.persistent." + suffix;
        const std::string tq = "bench.transient." + suffix;
        persistent.push_back(o.persistent ? publishPersistentWithConfirms(host, port, pq, o) : 0);
        transient.push_back(o.transient ? publishTransient(host, port, tq, o) : 0);
        consume.push_back(o.consume ? consumeAll(host, port, tq, o) : 0);
        if ((o.persistent || o.transient) && !o.keepQueues) {
            Connection cleanup(host, port);
            if (o.persistent)
                cleanup.remove(pq);
            cleanup.remove(tq);
        }
        combined.push_back(o.combined ? publishAndConsume(host, port, "bench.combined." + suffix, o) : 0);
        latencies.push_back(o.latency ? measureLatency(host, port, "bench.latency." + suffix, o) : Latency{});
        std::printf("  %-8s run %d: persistent+confirms %9.0f msg/s | transient publish %9.0f msg/s | consume %9.0f "
                    "msg/s | publish+consume %9.0f msg/s | latency p50 %.2f ms p99 %.2f ms\n",
            name, run, persistent.back(), transient.back(), consume.back(), combined.back(), latencies.back().p50Ms,
            latencies.back().p99Ms);
        std::fflush(stdout);
    }
    std::vector<double> p50, p99;
    for (const Latency &l : latencies) {
        p50.push_back(l.p50Ms);
        p99.push_back(l.p99Ms);
    }
    return {median(persistent), median(transient), median(consume), median(combined), {median(p50), median(p99)}};
}

bool listening(int port)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    return socket.waitForConnected(500);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("messages"), QStringLiteral("Messages per phase."), QStringLiteral("N"),
            QStringLiteral("100000")},
        {QStringLiteral("runs"), QStringLiteral("Runs per broker."), QStringLiteral("R"), QStringLiteral("3")},
        {QStringLiteral("window"), QStringLiteral("Unconfirmed publishes in flight."), QStringLiteral("W"),
            QStringLiteral("1000")},
        {QStringLiteral("prefetch"), QStringLiteral("Consumer prefetch."), QStringLiteral("P"), QStringLiteral("1000")},
        {QStringLiteral("rate"), QStringLiteral("Latency phase rate, msgs/s."), QStringLiteral("RATE"),
            QStringLiteral("2000")},
        {QStringLiteral("latency-seconds"), QStringLiteral("Latency phase length."), QStringLiteral("S"),
            QStringLiteral("5")},
        {QStringLiteral("depot"), QStringLiteral("The depot binary (default: $DEPOT_BINARY)."), QStringLiteral("PATH")},
        {QStringLiteral("rabbitmq-port"), QStringLiteral("RabbitMQ's AMQP port."), QStringLiteral("PORT"),
            QStringLiteral("5672")},
        {QStringLiteral("no-rabbitmq"), QStringLiteral("Measure Depot only.")},
        {QStringLiteral("keep-queues"),
            QStringLiteral("Do not delete the phases' queues after each run (deleting is not measured, but a profile "
                           "of the depot process would include it).")},
        {QStringLiteral("phases"),
            QStringLiteral("Run only these phases (comma-separated: persistent, transient, consume, combined, "
                           "latency; consume brings transient along). The others print 0."),
            QStringLiteral("LIST")},
        {QStringLiteral("batched-writes"),
            QStringLiteral("Publishers encode their frames and write up to 64 KiB of them per send, as clients that "
                           "buffer their output do, instead of rabbitmq-c's send per frame (persistent, transient "
                           "and combined phases; latency stays one message at a time).")},
        {QStringLiteral("history-cost"),
            QStringLiteral("Measure what message history costs instead (Depot only): persistent publish+confirms "
                           "against one Depot with --history on and one with --history off, runs alternating.")},
        {QStringLiteral("retry-delays"),
            QStringLiteral("Measure what x-retry-delays costs instead (Depot only), with this list of ms."),
            QStringLiteral("LIST")},
    });
    parser.process(app);
    Options o;
    o.messages = parser.value(QStringLiteral("messages")).toULongLong();
    o.runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());
    o.window = std::max<quint64>(1, parser.value(QStringLiteral("window")).toULongLong());
    o.prefetch = std::max<quint32>(1, parser.value(QStringLiteral("prefetch")).toUInt());
    o.rate = std::max(1, parser.value(QStringLiteral("rate")).toInt());
    o.latencySeconds = std::max(1, parser.value(QStringLiteral("latency-seconds")).toInt());
    if (parser.isSet(QStringLiteral("phases"))) {
        const QStringList known{QStringLiteral("persistent"), QStringLiteral("transient"), QStringLiteral("consume"),
            QStringLiteral("combined"), QStringLiteral("latency")};
        const QStringList asked = parser.value(QStringLiteral("phases")).split(u',', Qt::SkipEmptyParts);
        for (const QString &phase : asked) {
            if (!known.contains(phase.trimmed()))
                fail("unknown phase '" + phase.toStdString() + "' in --phases (known: "
                    + known.join(u", ").toStdString() + ")");
        }
        auto has = [&asked](const char *phase) {
            return std::any_of(asked.begin(), asked.end(),
                [phase](const QString &p) { return p.trimmed() == QLatin1StringView(phase); });
        };
        o.persistent = has("persistent");
        o.consume = has("consume");
        o.transient = has("transient") || o.consume;
        o.combined = has("combined");
        o.latency = has("latency");
    }
    o.keepQueues = parser.isSet(QStringLiteral("keep-queues"));
    o.batchedWrites = parser.isSet(QStringLiteral("batched-writes"));
    QString depot = parser.value(QStringLiteral("depot"));
    if (depot.isEmpty())
        depot = depot::test::depotBinary();
    if (depot.isEmpty())
        fail("no depot binary: pass --depot or set DEPOT_BINARY");

    // One `depot --headless` on a fresh data dir and free ports, ready.
    struct RunningDepot
    {
        QTemporaryDir dataDir;
        quint16 amqpPort = 0;
        QProcess process;
    };
    auto startDepot = [&depot](RunningDepot &r, const QStringList &extra) {
        r.amqpPort = depot::test::freePort();
        const quint16 httpPort = depot::test::freePort();
        r.process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        r.process.start(depot,
            QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"), r.dataDir.path(),
                QStringLiteral("--amqp-port"), QString::number(r.amqpPort), QStringLiteral("--http-port"),
                QString::number(httpPort), QStringLiteral("--sqs-port"), QStringLiteral("0"),
                QStringLiteral("--kafka-port"), QStringLiteral("0")}
                + extra);
        QElapsedTimer started;
        started.start();
        QByteArray out;
        while (!out.contains("depot ready:") && started.elapsed() < 30000) {
            r.process.waitForReadyRead(200);
            out += r.process.readAllStandardOutput();
            if (r.process.state() == QProcess::NotRunning)
                fail("depot exited: " + out.toStdString());
        }
        if (!out.contains("depot ready:"))
            fail("depot did not become ready");
    };

    if (parser.isSet(QStringLiteral("history-cost"))) {
        RunningDepot on;
        RunningDepot off;
        startDepot(on, {QStringLiteral("--history"), QStringLiteral("on")});
        startDepot(off, {QStringLiteral("--history"), QStringLiteral("off")});
        std::printf("message history cost with rabbitmq-c %s: %llu persistent messages of 100 bytes with "
                    "confirms, window %llu, %d runs alternating\n",
            amqp_version(), (unsigned long long)o.messages, (unsigned long long)o.window, o.runs);
        std::vector<double> withHistory, without;
        for (int run = 1; run <= o.runs; ++run) {
            // Alternating which goes first, so drift (the disk, other load) hits both alike.
            for (int i = 0; i < 2; ++i) {
                const bool history = (run + i) % 2 == 0;
                const std::string q = "bench.history." + std::to_string(run);
                const double rate
                    = publishPersistentWithConfirms("127.0.0.1", history ? on.amqpPort : off.amqpPort, q, o);
                (history ? withHistory : without).push_back(rate);
                std::printf("  run %d: history %-3s %9.0f msg/s\n", run, history ? "on" : "off", rate);
            }
        }
        const double a = median(without);
        const double b = median(withHistory);
        std::printf("\nmedian persistent publish+confirms: history off %.0f msg/s, on %.0f msg/s: cost %.1f%%\n", a,
            b, 100.0 * (a - b) / a);
        for (RunningDepot *r : {&on, &off}) {
            r->process.terminate();
            r->process.waitForFinished(30000);
        }
        return 0;
    }

    RunningDepot running;
    startDepot(running, {});
    const quint16 amqpPort = running.amqpPort;
    QProcess &process = running.process;

    if (parser.isSet(QStringLiteral("retry-delays"))) {
        std::vector<qint64> delays;
        for (const QString &ms : parser.value(QStringLiteral("retry-delays")).split(u',', Qt::SkipEmptyParts))
            delays.push_back(ms.trimmed().toLongLong());
        if (delays.empty())
            fail("--retry-delays needs a list of milliseconds");
        std::printf("x-retry-delays cost with rabbitmq-c %s: %llu messages of 100 bytes, %d runs, prefetch %u, "
                    "delays %s ms\n",
            amqp_version(), (unsigned long long)o.messages, o.runs, o.prefetch,
            qPrintable(parser.value(QStringLiteral("retry-delays"))));
        measureRetryCost("127.0.0.1", amqpPort, o, delays);
        process.terminate();
        process.waitForFinished(30000);
        return 0;
    }

    std::printf("AMQP benchmark with rabbitmq-c %s (%s): %llu messages of 100 bytes per phase, %d runs, window %llu, "
                "prefetch %u, latency at %d msg/s for %d s\n",
        amqp_version(), o.batchedWrites ? "publishers write up to 64 KiB per send" : "a send per frame",
        (unsigned long long)o.messages, o.runs, (unsigned long long)o.window, o.prefetch, o.rate,
        o.latencySeconds);
    const Figures d = measure("depot", "127.0.0.1", amqpPort, o);
    process.terminate();
    process.waitForFinished(30000);

    std::optional<Figures> r;
    const int rabbitPort = parser.value(QStringLiteral("rabbitmq-port")).toInt();
    if (!parser.isSet(QStringLiteral("no-rabbitmq")) && listening(rabbitPort))
        r = measure("rabbitmq", "127.0.0.1", rabbitPort, o);
    else
        std::printf("  RabbitMQ is not listening on 127.0.0.1:%d: measuring Depot only\n", rabbitPort);

    std::printf("\n%-34s %12s %12s %8s\n", "median", "depot", "rabbitmq", "ratio");
    auto row = [&](const char *label, double dv, std::optional<double> rv, bool higherIsBetter) {
        if (rv)
            std::printf("%-34s %12.0f %12.0f %7.1fx\n", label, dv, *rv, higherIsBetter ? dv / *rv : *rv / dv);
        else
            std::printf("%-34s %12.0f %12s %8s\n", label, dv, "-", "-");
    };
    auto rowMs = [&](const char *label, double dv, std::optional<double> rv) {
        if (rv)
            std::printf("%-34s %12.2f %12.2f %7.1fx\n", label, dv, *rv, *rv / dv);
        else
            std::printf("%-34s %12.2f %12s %8s\n", label, dv, "-", "-");
    };
    row("persistent publish+confirms msg/s", d.persistent, r ? std::optional(r->persistent) : std::nullopt, true);
    row("transient publish msg/s", d.transient, r ? std::optional(r->transient) : std::nullopt, true);
    row("consume with acks msg/s", d.consume, r ? std::optional(r->consume) : std::nullopt, true);
    row("publish+consume at once msg/s", d.combined, r ? std::optional(r->combined) : std::nullopt, true);
    rowMs("latency p50 ms", d.latency.p50Ms, r ? std::optional(r->latency.p50Ms) : std::nullopt);
    rowMs("latency p99 ms", d.latency.p99Ms, r ? std::optional(r->latency.p99Ms) : std::nullopt);
    std::printf("(ratio: how many times better Depot is; for latency RabbitMQ/Depot)\n");
    return 0;
}
