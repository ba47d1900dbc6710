// Connection load: many idle clients and many busy ones at once against the
// real depot, with the window up (offscreen) and its lag measured.
//
//   bench_load [--idle N] [--busy N] [--seconds S] [--rate MSGS_PER_S]
//              [--window W] [--prefetch P] [--heartbeat S] [--size BYTES]
//              [--headless] [--tab NAME] [--own-session] [--depot PATH]
//
// What it does, with rabbitmq-c (Debian's librabbitmq) as the client:
//   1. starts depot on free ports with a fresh data dir: with the window
//      (QT_QPA_PLATFORM=offscreen unless set), DEPOT_UI_LAG_LOG and fresh
//      settings showing tab NAME (default: quick start, as on a first
//      start), or --headless;
//   2. opens N idle connections (handshake, heartbeat S seconds, channel 1
//      open); one thread answers their heartbeats for the whole run;
//   3. opens the busy connections. Busy connection i publishes persistent
//      messages with publisher confirms on channel 1 to its durable queue i
//      (at most W unconfirmed, RATE msg/s each, 0 = as fast as W allows) and
//      consumes queue i-1 on channel 2 with prefetch P and multiple acks, so
//      every message crosses from one socket to another;
//   4. after S seconds the publishers stop; every confirmed message must be
//      delivered exactly once, every idle connection must still answer a
//      basic.qos round trip, and no connection or channel may have been
//      closed by Depot.
// It prints connections held, throughput, publish-to-deliver latency, the
// window's event-loop lag (from the probe's log) and depot's RSS and CPU, and
// exits 1 on any error (2 when it cannot run at all). Nothing here asserts on
// a timing: the figures are reported, the counts are checked. The load
// average is printed with them: the figures depend on what else runs.
//
// Scheduling: by default depot runs in bench_load's session, so with the
// kernel's autogroup its threads share one scheduling group with the 100
// client threads. --own-session starts it with setsid, in a group of its own,
// as a desktop launcher would. Measured on 2 cores (2026-11-28) that was not
// better: the group as a whole gets only its share, and inside it the window
// waits for the broker thread, so lag and latency were higher than in the
// shared group. The shared group stays the default; both are in README.

#include "tests/support/TestSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSettings>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto PublishTick = std::chrono::milliseconds(10);

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "bench_load: %s\n", what.c_str());
    std::exit(2);
}

struct Options
{
    int idle = 1000;
    int busy = 100;
    int seconds = 60;
    int rate = 200; // per busy connection; 0 = as fast as the window allows
    quint64 window = 100; // unconfirmed publishes per busy connection
    quint16 prefetch = 100;
    quint16 heartbeat = 10; // idle connections
    int size = 100;
    bool headless = false;
    bool ownSession = false; // depot in a session (and so a scheduling group) of its own
    int tab = 4; // the window's tab shown: MainWindow::Tab (4 = quick start, what a first start shows)
    int drainSeconds = 60; // after the publishers stopped, for the last deliveries
};

// Every failure is kept with what it happened to; the run fails if any.
class Errors
{
public:
    void add(std::string what)
    {
        std::lock_guard lock(m_mutex);
        ++m_count;
        if (m_first.size() < 20)
            m_first.push_back(std::move(what));
    }
    int count() const
    {
        std::lock_guard lock(m_mutex);
        return m_count;
    }
    std::vector<std::string> first() const
    {
        std::lock_guard lock(m_mutex);
        return m_first;
    }

private:
    mutable std::mutex m_mutex;
    int m_count = 0;
    std::vector<std::string> m_first;
};

Errors g_errors;

std::string replyText(const amqp_rpc_reply_t &r)
{
    switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        return "ok";
    case AMQP_RESPONSE_NONE:
        return "no reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        return std::string("library error: ") + amqp_error_string2(r.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
            const auto *m = static_cast<amqp_connection_close_t *>(r.reply.decoded);
            return "connection closed by depot: " + std::to_string(m->reply_code) + " "
                + std::string(static_cast<const char *>(m->reply_text.bytes), m->reply_text.len);
        }
        if (r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            const auto *m = static_cast<amqp_channel_close_t *>(r.reply.decoded);
            return "channel closed by depot: " + std::to_string(m->reply_code) + " "
                + std::string(static_cast<const char *>(m->reply_text.bytes), m->reply_text.len);
        }
        return "server exception, method " + std::to_string(r.reply.id);
    }
    return "unknown reply";
}

// One client connection with channel 1 open; nullptr-like when it failed
// (the reason is in g_errors).
class Client
{
public:
    Client(const std::string &label, int port, quint16 heartbeat)
        : m_label(label)
    {
        m_conn = amqp_new_connection();
        amqp_socket_t *socket = amqp_tcp_socket_new(m_conn);
        timeval connectTimeout{30, 0};
        if (!socket || amqp_socket_open_noblock(socket, "127.0.0.1", port, &connectTimeout) != AMQP_STATUS_OK) {
            g_errors.add(label + ": cannot connect");
            return;
        }
        // A Depot that stops answering makes this an error, not a hang.
        timeval rpcTimeout{30, 0};
        amqp_set_handshake_timeout(m_conn, &rpcTimeout);
        amqp_set_rpc_timeout(m_conn, &rpcTimeout);
        amqp_table_entry_t property;
        property.key = amqp_cstring_bytes("connection_name");
        property.value.kind = AMQP_FIELD_KIND_UTF8;
        property.value.value.bytes = amqp_cstring_bytes(m_label.c_str());
        amqp_table_t properties{1, &property};
        const amqp_rpc_reply_t login = amqp_login_with_properties(
            m_conn, "/", 0, 131072, heartbeat, &properties, AMQP_SASL_METHOD_PLAIN, "guest", "guest");
        if (login.reply_type != AMQP_RESPONSE_NORMAL) {
            g_errors.add(label + ": login failed: " + replyText(login));
            return;
        }
        if (!openChannel(1))
            return;
        m_ok = true;
    }
    ~Client()
    {
        if (m_ok) {
            const amqp_rpc_reply_t r = amqp_connection_close(m_conn, AMQP_REPLY_SUCCESS);
            if (r.reply_type != AMQP_RESPONSE_NORMAL)
                g_errors.add(m_label + ": connection.close failed: " + replyText(r));
        }
        amqp_destroy_connection(m_conn);
    }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    bool ok() const { return m_ok; }
    void lost() { m_ok = false; }
    amqp_connection_state_t get() const { return m_conn; }
    const std::string &label() const { return m_label; }

    bool openChannel(amqp_channel_t channel)
    {
        amqp_channel_open(m_conn, channel);
        return check("channel.open");
    }
    // The last RPC succeeded; otherwise records why and marks the client lost.
    bool check(const char *what)
    {
        const amqp_rpc_reply_t r = amqp_get_rpc_reply(m_conn);
        if (r.reply_type == AMQP_RESPONSE_NORMAL)
            return true;
        g_errors.add(m_label + ": " + what + " failed: " + replyText(r));
        m_ok = false;
        return false;
    }

private:
    std::string m_label;
    amqp_connection_state_t m_conn = nullptr;
    bool m_ok = false;
};

// The body every busy publisher sends: who, which, when; padded to --size.
struct Stamp
{
    quint32 sender;
    quint64 sequence;
    qint64 sentNs;
};

// What a busy connection did; read by main once its thread has finished.
struct BusyResult
{
    quint64 published = 0;
    quint64 confirmed = 0;
    std::vector<quint8> receivedFrom; // index = sequence of the sender feeding this connection
    quint64 received = 0;
    std::vector<float> latencyMs;
};

struct BusyShared
{
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::atomic<bool> stopPublishing{false};
    std::vector<std::atomic<qint64>> finalPublished; // -1 while still publishing
    explicit BusyShared(int n)
        : finalPublished(size_t(n))
    {
        for (auto &f : finalPublished)
            f = -1;
    }
};

std::string queueName(const std::string &run, int i)
{
    return "load." + run + "." + std::to_string(i);
}

// One busy connection: publisher on channel 1, consumer on channel 2, one
// thread, one socket.
void runBusy(int index, int port, const std::string &run, const Options &o, BusyShared &shared, BusyResult &result)
{
    const int busy = o.busy;
    const int source = (index + busy - 1) % busy;
    Client c("bench_load busy " + std::to_string(index), port, 30);
    auto giveUp = [&] {
        shared.finalPublished[size_t(index)] = qint64(result.published);
        shared.ready++;
    };
    if (!c.ok())
        return giveUp();
    amqp_connection_state_t conn = c.get();
    const std::string ownQueue = queueName(run, index);
    const std::string sourceQueue = queueName(run, source);
    amqp_confirm_select(conn, 1);
    if (!c.check("confirm.select") || !c.openChannel(2))
        return giveUp();
    amqp_basic_qos(conn, 2, 0, o.prefetch, 0);
    if (!c.check("basic.qos"))
        return giveUp();
    amqp_basic_consume(conn, 2, amqp_cstring_bytes(sourceQueue.c_str()), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    if (!c.check("basic.consume"))
        return giveUp();
    shared.ready++;
    while (!shared.go)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));

    std::string body(size_t(std::max<int>(o.size, int(sizeof(Stamp)))), 'b');
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG;
    props.delivery_mode = 2;
    std::vector<quint8> confirmedFlags{0}; // index = delivery tag on channel 1
    quint64 confirmedUpTo = 0; // every tag up to here is confirmed
    bool publishing = true;
    const auto interval = o.rate > 0 ? std::chrono::nanoseconds(1000000000LL / o.rate) : std::chrono::nanoseconds(0);
    auto nextPublish = Clock::now();
    std::chrono::steady_clock::time_point drainDeadline{};

    // The delivery being assembled on channel 2.
    bool inDelivery = false;
    quint64 deliveryTag = 0;
    std::string deliveryBody;
    size_t deliverySize = 0;
    quint64 lastUnacked = 0;
    quint64 unackedCount = 0;
    Clock::time_point firstUnackedAt{};

    auto markConfirmed = [&](quint64 tag) {
        if (tag == 0 || tag > result.published) {
            g_errors.add(c.label() + ": confirm for unknown tag " + std::to_string(tag));
            return;
        }
        if (!confirmedFlags[tag]) {
            confirmedFlags[tag] = 1;
            ++result.confirmed;
        }
    };
    auto onDelivered = [&] {
        Stamp stamp{};
        if (deliveryBody.size() < sizeof stamp) {
            g_errors.add(c.label() + ": short body (" + std::to_string(deliveryBody.size()) + " bytes)");
            return;
        }
        std::memcpy(&stamp, deliveryBody.data(), sizeof stamp);
        const qint64 now = Clock::now().time_since_epoch().count();
        if (stamp.sender != quint32(source)) {
            g_errors.add(c.label() + ": message from sender " + std::to_string(stamp.sender) + " on queue of "
                + std::to_string(source));
            return;
        }
        if (stamp.sequence == 0 || stamp.sequence > (1ull << 32)) {
            g_errors.add(c.label() + ": message with sequence " + std::to_string(stamp.sequence));
            return;
        }
        if (result.receivedFrom.size() <= stamp.sequence)
            result.receivedFrom.resize(size_t(stamp.sequence) * 2, 0);
        if (result.receivedFrom[stamp.sequence]++ != 0)
            g_errors.add(c.label() + ": message " + std::to_string(stamp.sequence) + " of sender "
                + std::to_string(source) + " delivered again");
        ++result.received;
        result.latencyMs.push_back(float(double(now - stamp.sentNs) / 1e6));
    };
    // A whole message arrived: check it, and hold its tag for the next batch ack.
    auto finishDelivery = [&] {
        onDelivered();
        inDelivery = false;
        if (lastUnacked == 0)
            firstUnackedAt = Clock::now();
        lastUnacked = deliveryTag;
        ++unackedCount;
    };

    for (;;) {
        const auto now = Clock::now();
        if (publishing && shared.stopPublishing) {
            publishing = false;
            drainDeadline = now + std::chrono::seconds(o.drainSeconds);
        }
        if (publishing) {
            // After a stall, catch up by at most a window's worth, not in one burst.
            if (o.rate > 0 && nextPublish < now - interval * qint64(o.window))
                nextPublish = now - interval * qint64(o.window);
            while (result.published - result.confirmed < o.window && (o.rate == 0 || nextPublish <= now)) {
                const Stamp stamp{quint32(index), result.published + 1, Clock::now().time_since_epoch().count()};
                std::memcpy(body.data(), &stamp, sizeof stamp);
                const int status = amqp_basic_publish(conn, 1, amqp_empty_bytes, amqp_cstring_bytes(ownQueue.c_str()),
                    0, 0, &props, amqp_bytes_t{body.size(), body.data()});
                if (status != AMQP_STATUS_OK) {
                    g_errors.add(c.label() + ": basic.publish failed: " + amqp_error_string2(status));
                    c.lost();
                    return giveUp();
                }
                ++result.published;
                confirmedFlags.push_back(0);
                nextPublish += interval;
            }
        } else {
            std::atomic<qint64> &mine = shared.finalPublished[size_t(index)];
            if (mine < 0 && result.confirmed == result.published) {
                mine = qint64(result.published);
            } else if (mine < 0 && now > drainDeadline) {
                g_errors.add(c.label() + ": " + std::to_string(result.published - result.confirmed)
                    + " publishes not confirmed within " + std::to_string(o.drainSeconds) + " s");
                mine = qint64(result.published);
            }
            if (mine >= 0) {
                // Done once everything the source connection published is here.
                const qint64 expected = shared.finalPublished[size_t(source)];
                if (expected >= 0 && result.received >= quint64(expected) && lastUnacked == 0 && !inDelivery)
                    break;
                if (now > drainDeadline) {
                    g_errors.add(c.label() + ": " + std::to_string(result.received) + " of "
                        + (expected >= 0 ? std::to_string(expected) : std::string("?")) + " messages from sender "
                        + std::to_string(source) + " arrived within " + std::to_string(o.drainSeconds)
                        + " s of the end");
                    break;
                }
            }
        }

        // Wait for frames until the next publish is due (at most 50 ms).
        std::chrono::microseconds wait = std::chrono::milliseconds(50);
        if (publishing && result.published - result.confirmed < o.window) {
            // Due publishes go out together at most every tick: a hundred
            // threads waking for each message would be the bottleneck.
            const auto untilNext = std::chrono::duration_cast<std::chrono::microseconds>(nextPublish - Clock::now());
            wait = std::clamp(
                untilNext, o.rate > 0 ? std::chrono::microseconds(PublishTick) : std::chrono::microseconds(0), wait);
        }
        if (lastUnacked != 0)
            wait = std::min(wait,
                std::chrono::duration_cast<std::chrono::microseconds>(
                    std::max(Clock::duration(0), firstUnackedAt + PublishTick - Clock::now())));
        timeval timeout{0, suseconds_t(wait.count())};
        bool first = true;
        while (first || amqp_frames_enqueued(conn) || amqp_data_in_buffer(conn)) {
            amqp_frame_t frame;
            const int status = amqp_simple_wait_frame_noblock(conn, &frame, first ? &timeout : nullptr);
            first = false;
            if (status == AMQP_STATUS_TIMEOUT)
                break;
            if (status != AMQP_STATUS_OK) {
                g_errors.add(c.label() + ": connection lost: " + amqp_error_string2(status));
                c.lost();
                return giveUp();
            }
            if (frame.frame_type == AMQP_FRAME_METHOD) {
                const amqp_method_number_t id = frame.payload.method.id;
                if (id == AMQP_BASIC_ACK_METHOD && frame.channel == 1) {
                    const auto *ack = static_cast<amqp_basic_ack_t *>(frame.payload.method.decoded);
                    if (ack->multiple) {
                        for (quint64 tag = confirmedUpTo + 1; tag <= ack->delivery_tag; ++tag)
                            markConfirmed(tag);
                    } else {
                        markConfirmed(ack->delivery_tag);
                    }
                    while (confirmedUpTo < result.published && confirmedFlags[confirmedUpTo + 1])
                        ++confirmedUpTo;
                } else if (id == AMQP_BASIC_NACK_METHOD) {
                    g_errors.add(c.label() + ": a publish was nacked");
                } else if (id == AMQP_BASIC_DELIVER_METHOD && frame.channel == 2) {
                    const auto *deliver = static_cast<amqp_basic_deliver_t *>(frame.payload.method.decoded);
                    if (deliver->redelivered)
                        g_errors.add(c.label() + ": redelivered message (no connection was lost)");
                    inDelivery = true;
                    deliveryTag = deliver->delivery_tag;
                    deliveryBody.clear();
                } else if (id == AMQP_CHANNEL_CLOSE_METHOD || id == AMQP_CONNECTION_CLOSE_METHOD) {
                    amqp_rpc_reply_t r{};
                    r.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
                    r.reply = frame.payload.method;
                    g_errors.add(c.label() + ": " + replyText(r));
                    c.lost();
                    return giveUp();
                } else {
                    g_errors.add(c.label() + ": unexpected method " + std::to_string(id) + " on channel "
                        + std::to_string(frame.channel));
                }
            } else if (frame.frame_type == AMQP_FRAME_HEADER && inDelivery) {
                deliverySize = size_t(frame.payload.properties.body_size);
                if (deliverySize == 0) {
                    finishDelivery();
                }
            } else if (frame.frame_type == AMQP_FRAME_BODY && inDelivery) {
                deliveryBody.append(
                    static_cast<const char *>(frame.payload.body_fragment.bytes), frame.payload.body_fragment.len);
                if (deliveryBody.size() >= deliverySize) {
                    finishDelivery();
                }
            }
        }
        // One multiple ack for a batch: when half the prefetch is waiting, a
        // tick after the first of them, or at the end.
        if (lastUnacked != 0
            && (unackedCount >= std::max<quint64>(1, o.prefetch / 2) || !publishing
                || Clock::now() - firstUnackedAt >= PublishTick)) {
            if (amqp_basic_ack(conn, 2, lastUnacked, 1) != AMQP_STATUS_OK) {
                g_errors.add(c.label() + ": basic.ack failed");
                c.lost();
                return giveUp();
            }
            lastUnacked = 0;
            unackedCount = 0;
        }
        amqp_maybe_release_buffers(conn);
    }
    amqp_channel_close(conn, 2, AMQP_REPLY_SUCCESS);
    c.check("channel.close");
}

// Answers the idle connections' heartbeats (librabbitmq sends one when due
// and reads what arrived) once a second; anything but a heartbeat is an
// error: an idle connection must stay quiet and open.
void keepIdle(std::vector<std::unique_ptr<Client>> &idle, std::atomic<bool> &stop)
{
    while (!stop) {
        for (auto &client : idle) {
            if (!client->ok())
                continue;
            timeval zero{0, 0};
            amqp_frame_t frame;
            const int status = amqp_simple_wait_frame_noblock(client->get(), &frame, &zero);
            if (status == AMQP_STATUS_TIMEOUT)
                continue;
            if (status != AMQP_STATUS_OK) {
                g_errors.add(client->label() + ": connection lost: " + amqp_error_string2(status));
                client->lost();
                continue;
            }
            if (frame.frame_type == AMQP_FRAME_METHOD) {
                amqp_rpc_reply_t r{};
                r.reply_type = AMQP_RESPONSE_SERVER_EXCEPTION;
                r.reply = frame.payload.method;
                g_errors.add(client->label() + ": unexpected frame on an idle connection: " + replyText(r));
                client->lost();
            }
            amqp_maybe_release_buffers(client->get());
        }
        for (int i = 0; i < 10 && !stop; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

double percentile(std::vector<double> &v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const auto rank = size_t(std::max(1.0, std::ceil(p * double(v.size())))) - 1;
    return v[std::min(rank, v.size() - 1)];
}

// depot's CPU time so far (user + system), in seconds, and its resident memory.
struct ProcessSample
{
    double cpuSeconds = 0;
    quint64 rssKiB = 0;
    quint64 peakRssKiB = 0;
};

// utime + stime of a /proc/.../stat file, in seconds.
double cpuSeconds(const QString &statPath)
{
    QFile stat(statPath);
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    // The fields after the command name (which may hold spaces), from the state on.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() <= 12)
        return 0;
    return double(fields[11].toULongLong() + fields[12].toULongLong()) / double(sysconf(_SC_CLK_TCK));
}

// CPU seconds of depot's threads by name: the GUI (main) thread, depot-broker,
// depot-store; the rest summed as "other".
std::map<QByteArray, double> threadCpu(qint64 pid)
{
    std::map<QByteArray, double> cpu;
    const QDir tasks(QStringLiteral("/proc/%1/task").arg(pid));
    for (const QString &tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        QByteArray name = comm.open(QIODevice::ReadOnly) ? comm.readAll().trimmed() : QByteArray();
        if (tid == QString::number(pid))
            name = "main (window)";
        else if (name != "depot-broker" && name != "depot-store")
            name = "other";
        cpu[name] += cpuSeconds(tasks.filePath(tid + QStringLiteral("/stat")));
    }
    return cpu;
}

ProcessSample sampleProcess(qint64 pid)
{
    ProcessSample s;
    s.cpuSeconds = cpuSeconds(QStringLiteral("/proc/%1/stat").arg(pid));
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                s.rssKiB = line.mid(6).trimmed().split(' ').value(0).toULongLong();
            else if (line.startsWith("VmHWM:"))
                s.peakRssKiB = line.mid(6).trimmed().split(' ').value(0).toULongLong();
        }
    }
    return s;
}

struct LagFigures
{
    int seconds = 0;
    std::vector<double> lags;
    double worstSecondP99 = 0;
};

// The probe's lines whose second ended within [fromMs, toMs] (Unix ms).
LagFigures readLagLog(const QString &path, qint64 fromMs, qint64 toMs)
{
    LagFigures f;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return f;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> fields = line.split(' ');
        bool ok = false;
        const qint64 at = fields.value(0).toLongLong(&ok);
        if (!ok || at < fromMs || at > toMs)
            continue;
        ++f.seconds;
        for (const QByteArray &field : fields) {
            if (field.startsWith("p99="))
                f.worstSecondP99 = std::max(f.worstSecondP99, field.mid(4).toDouble());
            if (field.startsWith("lags=")) {
                for (const QByteArray &lag : field.mid(5).split(','))
                    f.lags.push_back(lag.toDouble());
            }
        }
    }
    return f;
}

// The first line of a /proc file, trimmed ("" when unreadable).
std::string procLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readLine().trimmed().toStdString();
}

// The 1, 5 and 15 minute load averages: the machine is shared, so every
// figure is printed with how busy it was.
std::string loadAverage()
{
    const QList<QByteArray> fields = QByteArray::fromStdString(procLine(QStringLiteral("/proc/loadavg"))).split(' ');
    return fields.size() >= 3 ? QByteArray(fields[0] + ' ' + fields[1] + ' ' + fields[2]).toStdString() : std::string("?");
}

void raiseOwnFileLimit(quint64 needed)
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        fail("cannot read the open-file limit");
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    getrlimit(RLIMIT_NOFILE, &limit);
    if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed)
        fail("the open-file limit (" + std::to_string(limit.rlim_cur) + ") is too low for " + std::to_string(needed)
            + " client sockets; raise it with ulimit -Hn");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Holds many idle and busy AMQP connections against depot."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("idle"), QStringLiteral("Idle connections."), QStringLiteral("N"), QStringLiteral("1000")},
        {QStringLiteral("busy"), QStringLiteral("Busy connections (publish and consume)."), QStringLiteral("N"),
            QStringLiteral("100")},
        {QStringLiteral("seconds"), QStringLiteral("How long the busy connections publish."), QStringLiteral("S"),
            QStringLiteral("60")},
        {QStringLiteral("rate"), QStringLiteral("Messages/s per busy connection, 0 = as fast as the window allows."),
            QStringLiteral("RATE"), QStringLiteral("200")},
        {QStringLiteral("window"), QStringLiteral("Unconfirmed publishes per busy connection."), QStringLiteral("W"),
            QStringLiteral("100")},
        {QStringLiteral("prefetch"), QStringLiteral("Consumer prefetch."), QStringLiteral("P"), QStringLiteral("100")},
        {QStringLiteral("heartbeat"), QStringLiteral("Heartbeat of the idle connections, seconds."),
            QStringLiteral("S"), QStringLiteral("10")},
        {QStringLiteral("size"), QStringLiteral("Message size in bytes (at least 24)."), QStringLiteral("BYTES"),
            QStringLiteral("100")},
        {QStringLiteral("headless"), QStringLiteral("Run depot --headless (no window, no lag figures).")},
        {QStringLiteral("tab"),
            QStringLiteral("The window's tab shown during the run: messages, exchanges, connections, charts or "
                           "quickstart (what a first start shows)."),
            QStringLiteral("NAME"), QStringLiteral("quickstart")},
        {QStringLiteral("own-session"),
            QStringLiteral("Start depot in a session of its own (setsid), so it is scheduled apart from the clients.")},
        {QStringLiteral("depot"), QStringLiteral("The depot binary (default: $DEPOT_BINARY)."), QStringLiteral("PATH")},
    });
    parser.process(app);
    Options o;
    auto number = [&](const char *name, int min, int max) {
        bool ok = false;
        const int v = parser.value(QLatin1StringView(name)).toInt(&ok);
        if (!ok || v < min || v > max)
            fail(std::string("--") + name + " must be a number from " + std::to_string(min) + " to "
                + std::to_string(max));
        return v;
    };
    o.idle = number("idle", 0, 100000);
    o.busy = number("busy", 1, 10000);
    o.seconds = number("seconds", 1, 86400);
    o.rate = number("rate", 0, 1000000);
    o.window = quint64(number("window", 1, 1000000));
    o.prefetch = quint16(number("prefetch", 1, 65535));
    o.heartbeat = quint16(number("heartbeat", 0, 3600));
    o.size = number("size", int(sizeof(Stamp)), 1 << 20);
    o.headless = parser.isSet(QStringLiteral("headless"));
    o.ownSession = parser.isSet(QStringLiteral("own-session"));
    const QStringList tabs{QStringLiteral("messages"), QStringLiteral("exchanges"), QStringLiteral("connections"),
        QStringLiteral("charts"), QStringLiteral("quickstart")};
    o.tab = int(tabs.indexOf(parser.value(QStringLiteral("tab"))));
    if (o.tab < 0)
        fail("--tab must be one of " + tabs.join(QStringLiteral(", ")).toStdString());
    QString depot = parser.value(QStringLiteral("depot"));
    if (depot.isEmpty())
        depot = depot::test::depotBinary();
    if (depot.isEmpty())
        fail("no depot binary: pass --depot or set DEPOT_BINARY");
    raiseOwnFileLimit(quint64(o.idle + o.busy) + 64);

    QTemporaryDir dir;
    if (!dir.isValid())
        fail("cannot create a temporary directory");
    const QString lagLog = dir.filePath(QStringLiteral("ui-lag.log"));
    const QString depotLog = dir.filePath(QStringLiteral("depot.log"));
    const quint16 amqpPort = depot::test::freePort();
    const quint16 httpPort = depot::test::freePort();
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QStringList arguments{QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("data")),
        QStringLiteral("--amqp-port"), QString::number(amqpPort), QStringLiteral("--http-port"),
        QString::number(httpPort), QStringLiteral("--sqs-port"), QStringLiteral("0"), QStringLiteral("--kafka-port"), QStringLiteral("0")};
    if (o.headless) {
        arguments.prepend(QStringLiteral("--headless"));
    } else {
        if (!env.contains(QStringLiteral("QT_QPA_PLATFORM")))
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("DEPOT_UI_LAG_LOG"), lagLog);
        // depot's settings live in the run's directory: the user's saved
        // layout does not change what is measured, and the tab is chosen.
        // QSettings here, with depot's (empty) organisation and name, finds
        // the file depot will read.
        const QString config = dir.filePath(QStringLiteral("config"));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(config));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config);
        QString settingsFile;
        {
            QSettings settings(QSettings::NativeFormat, QSettings::UserScope, QString(), QStringLiteral("Depot"));
            settingsFile = settings.fileName();
            QDir().mkpath(QFileInfo(settingsFile).absolutePath());
            settings.setValue(QStringLiteral("window/tab"), o.tab);
        }
        // (status() may say AccessError here although the file is written:
        // the file read back is what counts.)
        if (QSettings(settingsFile, QSettings::IniFormat).value(QStringLiteral("window/tab"), -1).toInt() != o.tab)
            fail("cannot write depot's settings to " + settingsFile.toStdString());
    }
    process.setProcessEnvironment(env);
    process.setStandardErrorFile(depotLog);
    if (o.ownSession) {
        // What a desktop launcher does: the application gets a session, and
        // with sched_autogroup (or a systemd scope) a scheduling group, of its
        // own, instead of sharing one with the clients' threads.
        process.setChildProcessModifier([] { ::setsid(); });
    }
    process.start(depot, arguments);
    QElapsedTimer started;
    started.start();
    QByteArray out;
    while (!out.contains("depot ready:") && started.elapsed() < 60000) {
        process.waitForReadyRead(200);
        out += process.readAllStandardOutput();
        if (process.state() == QProcess::NotRunning) {
            QFile log(depotLog);
            log.open(QIODevice::ReadOnly);
            fail("depot exited: " + out.toStdString() + log.readAll().toStdString());
        }
    }
    if (!out.contains("depot ready:"))
        fail("depot did not become ready within 60 s");
    const qint64 pid = process.processId();

    const std::string shown = o.headless ? std::string("--headless")
                                         : "with the window (lag probe on, tab " + tabs.at(o.tab).toStdString() + ")";
    std::printf("Connection load (rabbitmq-c %s) against depot %s: %d idle connections (heartbeat %u s), %d busy "
                "(persistent %d-byte messages with confirms, %s, window %llu, prefetch %u), %d s\n",
        amqp_version(), shown.c_str(), o.idle, unsigned(o.heartbeat),
        o.busy, o.size, o.rate > 0 ? (std::to_string(o.rate) + " msg/s each").c_str() : "as fast as the window allows",
        static_cast<unsigned long long>(o.window), unsigned(o.prefetch), o.seconds);
    const std::string depotGroup = procLine(QStringLiteral("/proc/%1/autogroup").arg(pid));
    const std::string ownGroup = procLine(QStringLiteral("/proc/self/autogroup"));
    std::printf("  depot in %s session: scheduling group %s (bench_load's: %s); load average %s\n",
        o.ownSession ? "its own" : "bench_load's", depotGroup.empty() ? "?" : depotGroup.c_str(),
        ownGroup.empty() ? "?" : ownGroup.c_str(), loadAverage().c_str());
    std::fflush(stdout);

    const qint64 loadStartMs = QDateTime::currentMSecsSinceEpoch();
    // 1. Idle connections, opened one after the other.
    std::vector<std::unique_ptr<Client>> idle;
    idle.reserve(size_t(o.idle));
    const auto idleStart = Clock::now();
    for (int i = 0; i < o.idle; ++i)
        idle.push_back(std::make_unique<Client>("bench_load idle " + std::to_string(i), amqpPort, o.heartbeat));
    const double idleOpenSeconds = std::chrono::duration<double>(Clock::now() - idleStart).count();
    const auto idleOpened = size_t(std::count_if(idle.begin(), idle.end(), [](const auto &c) { return c->ok(); }));
    std::printf("  %zu of %d idle connections open in %.1f s\n", idleOpened, o.idle, idleOpenSeconds);
    std::fflush(stdout);
    std::atomic<bool> stopKeeping{false};
    std::thread keeper(keepIdle, std::ref(idle), std::ref(stopKeeping));

    // 2. Busy connections.
    const std::string run = QUuid::createUuid().toString(QUuid::Id128).left(12).toStdString();
    {
        Client setup("bench_load setup", amqpPort, 0);
        if (!setup.ok())
            fail("cannot open the setup connection");
        for (int i = 0; i < o.busy; ++i) {
            amqp_queue_declare(
                setup.get(), 1, amqp_cstring_bytes(queueName(run, i).c_str()), 0, 1, 0, 0, amqp_empty_table);
            if (!setup.check("queue.declare"))
                fail("cannot declare the busy connections' queues");
        }
    }
    BusyShared shared(o.busy);
    std::vector<BusyResult> results(size_t(o.busy));
    std::vector<std::thread> busy;
    busy.reserve(size_t(o.busy));
    for (int i = 0; i < o.busy; ++i)
        busy.emplace_back(
            runBusy, i, int(amqpPort), std::cref(run), std::cref(o), std::ref(shared), std::ref(results[size_t(i)]));
    while (shared.ready < o.busy)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const ProcessSample before = sampleProcess(pid);
    const ProcessSample selfBefore = sampleProcess(qint64(getpid()));
    const std::map<QByteArray, double> threadsBefore = threadCpu(pid);
    const auto busyStart = Clock::now();
    const qint64 busyStartMs = QDateTime::currentMSecsSinceEpoch();
    shared.go = true;
    std::this_thread::sleep_until(busyStart + std::chrono::seconds(o.seconds));
    shared.stopPublishing = true;
    const ProcessSample during = sampleProcess(pid);
    const std::string loadDuring = loadAverage();
    const ProcessSample selfDuring = sampleProcess(qint64(getpid()));
    const std::map<QByteArray, double> threadsDuring = threadCpu(pid);
    const double busySeconds = std::chrono::duration<double>(Clock::now() - busyStart).count();
    for (std::thread &t : busy)
        t.join();
    const double drainSeconds = std::chrono::duration<double>(Clock::now() - busyStart).count() - busySeconds;

    // 3. Every idle connection must still answer.
    stopKeeping = true;
    keeper.join();
    size_t idleHeld = 0;
    for (auto &client : idle) {
        if (!client->ok())
            continue;
        amqp_basic_qos(client->get(), 1, 0, 10, 0);
        if (client->check("basic.qos at the end"))
            ++idleHeld;
    }
    idle.clear(); // connection.close on each
    const qint64 loadEndMs = QDateTime::currentMSecsSinceEpoch();

    // 4. Every confirmed message delivered exactly once.
    quint64 published = 0, confirmed = 0, received = 0, missing = 0;
    std::vector<double> latencies;
    int busyHeld = 0;
    for (int s = 0; s < o.busy; ++s) {
        const BusyResult &sender = results[size_t(s)];
        const BusyResult &receiver = results[size_t((s + 1) % o.busy)];
        published += sender.published;
        confirmed += sender.confirmed;
        received += receiver.received;
        for (quint64 seq = 1; seq <= sender.published; ++seq) {
            if (seq >= receiver.receivedFrom.size() || receiver.receivedFrom[seq] == 0)
                ++missing;
        }
        for (quint64 seq = sender.published + 1; seq < receiver.receivedFrom.size(); ++seq) {
            if (receiver.receivedFrom[seq] != 0)
                g_errors.add("sender " + std::to_string(s) + ": message " + std::to_string(seq)
                    + " delivered but never published");
        }
        if (sender.confirmed != sender.published)
            g_errors.add("sender " + std::to_string(s) + ": " + std::to_string(sender.published - sender.confirmed)
                + " publishes not confirmed");
        if (sender.published > 0 && sender.confirmed == sender.published)
            ++busyHeld;
        for (float l : receiver.latencyMs)
            latencies.push_back(double(l));
    }
    if (missing > 0)
        g_errors.add(std::to_string(missing) + " confirmed messages never delivered");
    if (idleHeld != size_t(o.idle))
        g_errors.add(std::to_string(size_t(o.idle) - idleHeld) + " idle connections were lost");
    if (process.state() != QProcess::Running)
        g_errors.add("depot exited during the run");

    const ProcessSample after = sampleProcess(pid);
    process.terminate();
    if (!process.waitForFinished(60000)) {
        g_errors.add("depot did not stop within 60 s of SIGTERM");
        process.kill();
        process.waitForFinished(10000);
    } else if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        g_errors.add("depot exited with code " + std::to_string(process.exitCode()) + " after SIGTERM");
    }

    std::printf("  connections held: %zu of %d idle, %d of %d busy\n", idleHeld, o.idle, busyHeld, o.busy);
    std::printf("  messages: %llu published, %llu confirmed, %llu delivered (%llu missing); %.0f msg/s published "
                "and %.0f msg/s delivered over %.1f s, %.1f s to drain\n",
        static_cast<unsigned long long>(published), static_cast<unsigned long long>(confirmed),
        static_cast<unsigned long long>(received), static_cast<unsigned long long>(missing),
        double(published) / busySeconds, double(received) / (busySeconds + drainSeconds), busySeconds, drainSeconds);
    const double p50 = percentile(latencies, 0.50), p99 = percentile(latencies, 0.99);
    std::printf("  publish-to-deliver latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", p50, p99,
        latencies.empty() ? 0.0 : latencies.back());
    std::printf("  depot: %.0f%% CPU (of one core) while busy, RSS %.1f MiB at the end of the busy phase "
                "(%.1f MiB before it), peak %.1f MiB\n",
        100.0 * (during.cpuSeconds - before.cpuSeconds) / busySeconds, double(during.rssKiB) / 1024.0,
        double(before.rssKiB) / 1024.0, double(std::max({during.rssKiB, after.rssKiB, after.peakRssKiB})) / 1024.0);
    std::printf("  depot's threads while busy:");
    for (const auto &[name, seconds] : threadsDuring) {
        const auto was = threadsBefore.find(name);
        const double used = seconds - (was == threadsBefore.end() ? 0.0 : was->second);
        std::printf(" %s %.0f%%", name.constData(), 100.0 * used / busySeconds);
    }
    std::printf("\n");
    std::printf("  bench_load itself (the clients, same machine): %.0f%% CPU while busy; load average at the end "
                "of the busy phase %s\n",
        100.0 * (selfDuring.cpuSeconds - selfBefore.cpuSeconds) / busySeconds, loadDuring.c_str());
    if (!o.headless) {
        LagFigures all = readLagLog(lagLog, loadStartMs, loadEndMs + 1000);
        LagFigures busyLag = readLagLog(lagLog, busyStartMs + 1000, busyStartMs + qint64(busySeconds * 1000));
        if (all.lags.empty())
            g_errors.add("the window's lag log has no samples (" + lagLog.toStdString() + ")");
        const double allMax = all.lags.empty() ? 0 : *std::max_element(all.lags.begin(), all.lags.end());
        const double busyMax = busyLag.lags.empty() ? 0 : *std::max_element(busyLag.lags.begin(), busyLag.lags.end());
        const size_t busySamples = busyLag.lags.size();
        const double busyP50 = percentile(busyLag.lags, 0.50), busyP99 = percentile(busyLag.lags, 0.99);
        const size_t allSamples = all.lags.size();
        const double allP50 = percentile(all.lags, 0.50), allP99 = percentile(all.lags, 0.99);
        std::printf("  window event-loop lag (50 ms timer), busy phase: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                    "(%zu samples)\n",
            busyP50, busyP99, busyMax, busySamples);
        std::printf("  window event-loop lag, whole run incl. connecting and closing: p50 %.2f ms, p99 %.2f ms, "
                    "max %.2f ms (%zu samples)\n",
            allP50, allP99, allMax, allSamples);
    }

    // depot's own warnings, for the reader (not a failure by themselves).
    QFile log(depotLog);
    int warnings = 0;
    if (log.open(QIODevice::ReadOnly | QIODevice::Text)) {
        for (const QByteArray &line : log.readAll().split('\n')) {
            if (line.contains(" warning ") || line.contains(" critical ")) {
                if (++warnings <= 5)
                    std::printf("  depot said: %s\n", line.constData());
            }
        }
    }
    if (warnings > 5)
        std::printf("  (%d warnings from depot in all)\n", warnings);

    const int errors = g_errors.count();
    if (errors == 0) {
        std::printf("  errors: 0\n");
        return 0;
    }
    std::printf("  errors: %d\n", errors);
    for (const std::string &e : g_errors.first())
        std::printf("    %s\n", e.c_str());
    return 1;
}
