// Kafka benchmark: librdkafka (Debian's librdkafka-dev), a client nobody here
// wrote, against the real `depot --headless --kafka-port N`.
//
//   bench_kafka [--records N] [--runs R] [--partitions P] [--rate RECORDS_PER_S]
//               [--latency-seconds S] [--durability normal|fsync] [--depot PATH]
//
// Each run starts a fresh depot (free port, empty data dir, the durability
// given, `normal` by default), then:
//   produce   N records of 100 bytes to a new topic of P partitions (6, as in
//             Apache Kafka's published single-broker benchmark) with acks=all
//             and everything else as librdkafka has it by default (its
//             batching: linger.ms, batch.size, batch.num.messages; its sticky
//             partitioner for records without a key); timed from the first
//             produce call until the last delivery report came, each report
//             checked for success;
//   consume   the N records from the beginning with one consumer that assigns
//             itself every partition (a group id, which librdkafka needs, but
//             no group joined and nothing committed), timed from assign until the Nth record was returned;
//   latency   a producer at a steady RATE records/s (10,000) for S seconds (10)
//             after one second of warm-up, each record carrying the time it
//             was produced, and a consumer on another connection that notes
//             when each arrives: median, p99, p99.9 of the difference. Once
//             with librdkafka's default linger.ms (5 ms, which every record
//             waits for) and once with linger.ms=0.
// Per run it prints the figures, the load average before the run and the CPU
// each side used; at the end the medians over the runs.

#include "tests/support/TestSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <librdkafka/rdkafka.h>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
constexpr int RecordSize = 100;
constexpr double MiB = 1024.0 * 1024.0;

// The depot of the run under way, killed when the benchmark gives up: exit()
// runs no destructors, and a depot left behind would hold its port and CPU.
std::atomic<qint64> g_depotPid{0};

[[noreturn]] void fail(const std::string &what)
{
    std::fprintf(stderr, "bench_kafka: %s\n", what.c_str());
    if (const qint64 pid = g_depotPid.exchange(0))
        ::kill(pid_t(pid), SIGKILL);
    std::exit(2);
}

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return "?";
    const QList<QByteArray> fields = f.readAll().split(' ');
    return fields.size() >= 3 ? QByteArray(fields[0] + ' ' + fields[1] + ' ' + fields[2]).toStdString() : "?";
}

// CPU seconds (user + system) a process has used so far, from /proc/PID/stat.
double cpuSeconds(qint64 pid)
{
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray stat = f.readAll();
    // Fields after the command name (which may hold spaces) start after ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return 0;
    return double(fields[11].toLongLong() + fields[12].toLongLong()) / double(sysconf(_SC_CLK_TCK));
}

// How much of a core the depot process and this benchmark used over a phase.
class CpuMeter
{
public:
    explicit CpuMeter(qint64 depotPid)
        : m_pid(depotPid)
        , m_depot(cpuSeconds(depotPid))
        , m_self(cpuSeconds(getpid()))
        , m_start(Clock::now())
    {
    }
    // Share of a core each side used, and the depot's CPU time per record
    // (less dependent on what else runs on the machine than records/s).
    std::string report(quint64 records) const
    {
        const double wall = secondsSince(m_start);
        const double depot = cpuSeconds(m_pid) - m_depot;
        char text[128];
        std::snprintf(text, sizeof text, "cpu depot %3.0f%% bench %3.0f%%, depot %.2f us/record", 100 * depot / wall,
            100 * (cpuSeconds(getpid()) - m_self) / wall, 1e6 * depot / double(records));
        return text;
    }

private:
    qint64 m_pid;
    double m_depot;
    double m_self;
    Clock::time_point m_start;
};

// `depot --headless` on a free Kafka port with a fresh data dir; every other
// listener off. Its output goes to a file in the data dir, so that nothing
// has to read a pipe while the benchmark runs.
class Depot
{
public:
    Depot(const QString &binary, const QString &durability)
    {
        if (!m_dir.isValid())
            fail("cannot create a temporary data dir");
        const QString dataDir = m_dir.filePath(QStringLiteral("data"));
        const QString log = m_dir.filePath(QStringLiteral("depot.log"));
        m_port = depot::test::freePort();
        m_process.setStandardOutputFile(log);
        m_process.setStandardErrorFile(log, QIODevice::Append);
        m_process.start(binary,
            {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir, QStringLiteral("--durability"),
                durability, QStringLiteral("--kafka-port"), QString::number(m_port), QStringLiteral("--amqp-port"),
                QStringLiteral("0"), QStringLiteral("--http-port"), QStringLiteral("0"), QStringLiteral("--sqs-port"),
                QStringLiteral("0")});
        if (!m_process.waitForStarted(10000))
            fail("cannot start " + binary.toStdString());
        g_depotPid = m_process.processId();
        QElapsedTimer started;
        started.start();
        QFile out(log);
        while (started.elapsed() < 30000) {
            if (out.open(QIODevice::ReadOnly)) {
                const QByteArray text = out.readAll();
                out.close();
                if (text.contains("depot ready:"))
                    return;
                if (m_process.state() == QProcess::NotRunning)
                    fail("depot exited: " + text.toStdString());
            }
            QThread::msleep(50);
        }
        fail("depot did not become ready within 30 s");
    }
    ~Depot()
    {
        g_depotPid = 0;
        m_process.terminate();
        if (!m_process.waitForFinished(60000))
            m_process.kill();
    }
    Depot(const Depot &) = delete;
    Depot &operator=(const Depot &) = delete;

    std::string bootstrap() const { return "127.0.0.1:" + std::to_string(m_port); }
    qint64 pid() const { return m_process.processId(); }

private:
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

// librdkafka's `debug` contexts for every client (--rdkafka-debug), empty: none.
std::string g_rdkafkaDebug;

// One librdkafka handle, destroyed with its configuration.
class Client
{
public:
    Client(rd_kafka_type_t type, const std::string &bootstrap,
        const std::vector<std::pair<std::string, std::string>> &settings,
        void (*deliveryReport)(rd_kafka_t *, const rd_kafka_message_t *, void *) = nullptr, void *opaque = nullptr)
    {
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        set(conf, "bootstrap.servers", bootstrap);
        for (const auto &[name, value] : settings)
            set(conf, name, value);
        if (!g_rdkafkaDebug.empty())
            set(conf, "debug", g_rdkafkaDebug);
        if (deliveryReport)
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryReport);
        rd_kafka_conf_set_opaque(conf, opaque);
        char error[512];
        m_rk = rd_kafka_new(type, conf, error, sizeof error);
        if (!m_rk) {
            rd_kafka_conf_destroy(conf);
            fail(std::string("rd_kafka_new: ") + error);
        }
        if (type == RD_KAFKA_CONSUMER)
            rd_kafka_poll_set_consumer(m_rk);
    }
    ~Client()
    {
        if (rd_kafka_type(m_rk) == RD_KAFKA_CONSUMER)
            rd_kafka_consumer_close(m_rk);
        rd_kafka_destroy(m_rk);
    }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    rd_kafka_t *get() const { return m_rk; }

    static void set(rd_kafka_conf_t *conf, const std::string &name, const std::string &value)
    {
        char error[512];
        if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), error, sizeof error) != RD_KAFKA_CONF_OK)
            fail("config " + name + "=" + value + ": " + error);
    }

    // Every partition of the topic, from the first record on.
    void assignAll(const std::string &topic, int partitions)
    {
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
        for (int p = 0; p < partitions; ++p)
            rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
        const rd_kafka_resp_err_t err = rd_kafka_assign(m_rk, list);
        rd_kafka_topic_partition_list_destroy(list);
        if (err)
            fail(std::string("assign: ") + rd_kafka_err2str(err));
    }

private:
    rd_kafka_t *m_rk = nullptr;
};

void createTopic(const std::string &bootstrap, const std::string &topic, int partitions)
{
    Client admin(RD_KAFKA_PRODUCER, bootstrap, {});
    char error[512];
    rd_kafka_NewTopic_t *newTopic = rd_kafka_NewTopic_new(topic.c_str(), partitions, 1, error, sizeof error);
    if (!newTopic)
        fail(std::string("NewTopic: ") + error);
    rd_kafka_queue_t *queue = rd_kafka_queue_new(admin.get());
    rd_kafka_CreateTopics(admin.get(), &newTopic, 1, nullptr, queue);
    rd_kafka_event_t *event = rd_kafka_queue_poll(queue, 30000);
    if (!event)
        fail("CreateTopics got no answer within 30 s");
    if (rd_kafka_event_error(event))
        fail(std::string("CreateTopics: ") + rd_kafka_event_error_string(event));
    size_t count = 0;
    const rd_kafka_topic_result_t **results
        = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
    if (count != 1 || rd_kafka_topic_result_error(results[0]))
        fail("CreateTopics " + topic + ": "
            + (count ? std::string(rd_kafka_topic_result_error_string(results[0])) : "no result"));
    rd_kafka_event_destroy(event);
    rd_kafka_queue_destroy(queue);
    rd_kafka_NewTopic_destroy(newTopic);
}

// The producer's view of the topic, so that the timed phase does not include
// the first metadata round trip.
void awaitMetadata(rd_kafka_t *rk, rd_kafka_topic_t *rkt, int partitions)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        const rd_kafka_metadata_t *md = nullptr;
        if (rd_kafka_metadata(rk, 0, rkt, &md, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
            const bool ready = md->topic_cnt == 1 && md->topics[0].err == 0 && md->topics[0].partition_cnt == partitions;
            rd_kafka_metadata_destroy(md);
            if (ready)
                return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    fail("the topic's metadata did not show its partitions");
}

struct Deliveries
{
    quint64 delivered = 0;
    quint64 failed = 0;
    rd_kafka_resp_err_t firstError = RD_KAFKA_RESP_ERR_NO_ERROR;
};

void onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
{
    auto *d = static_cast<Deliveries *>(opaque);
    if (message->err) {
        if (!d->failed++)
            d->firstError = message->err;
    } else {
        ++d->delivered;
    }
}

// Hands one record to librdkafka, serving delivery reports while its queue
// is full (queue.buffering.max.messages, 100,000 by default).
void produceOne(rd_kafka_t *rk, rd_kafka_topic_t *rkt, void *payload, int flags)
{
    while (rd_kafka_produce(rkt, RD_KAFKA_PARTITION_UA, flags, payload, RecordSize, nullptr, 0, nullptr) == -1) {
        const rd_kafka_resp_err_t err = rd_kafka_last_error();
        if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL)
            fail(std::string("produce: ") + rd_kafka_err2str(err));
        rd_kafka_poll(rk, 1);
    }
}

void flushAll(rd_kafka_t *rk, const Deliveries &d, quint64 expected)
{
    while (d.delivered + d.failed < expected)
        rd_kafka_poll(rk, 100);
    if (d.failed)
        fail(std::to_string(d.failed) + " records failed, the first with: " + rd_kafka_err2str(d.firstError));
}

const std::vector<std::pair<std::string, std::string>> ProducerSettings = {{"acks", "all"}};
// librdkafka's consumer needs a group id even to assign partitions itself;
// the group is never joined (no subscribe) and nothing is committed.
const std::vector<std::pair<std::string, std::string>> ConsumerSettings
    = {{"group.id", "bench-kafka"}, {"enable.auto.commit", "false"}, {"enable.auto.offset.store", "false"}};

struct Throughput
{
    double recordsPerSecond = 0;
    std::string cpu;
};

Throughput produceAll(const Depot &depot, const std::string &topic, int partitions, quint64 records)
{
    Deliveries d;
    Client producer(RD_KAFKA_PRODUCER, depot.bootstrap(), ProducerSettings, onDelivery, &d);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(producer.get(), topic.c_str(), nullptr);
    awaitMetadata(producer.get(), rkt, partitions);
    // One payload for every record: librdkafka neither copies nor frees it
    // (flags 0), it stays valid until the last delivery report.
    static char payload[RecordSize];
    std::memset(payload, 'k', sizeof payload);
    const CpuMeter cpu(depot.pid());
    const auto start = Clock::now();
    for (quint64 i = 0; i < records; ++i) {
        produceOne(producer.get(), rkt, payload, 0);
        if ((i & 1023) == 0)
            rd_kafka_poll(producer.get(), 0);
    }
    flushAll(producer.get(), d, records);
    const double seconds = secondsSince(start);
    const Throughput t{double(records) / seconds, cpu.report(records)};
    rd_kafka_topic_destroy(rkt);
    return t;
}

Throughput consumeAll(const Depot &depot, const std::string &topic, int partitions, quint64 records)
{
    Client consumer(RD_KAFKA_CONSUMER, depot.bootstrap(), ConsumerSettings);
    rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(consumer.get());
    std::vector<rd_kafka_message_t *> batch(10000);
    quint64 received = 0;
    const CpuMeter cpu(depot.pid());
    const auto start = Clock::now();
    consumer.assignAll(topic, partitions);
    while (received < records) {
        const ssize_t n = rd_kafka_consume_batch_queue(queue, 1000, batch.data(), batch.size());
        if (n < 0)
            fail(std::string("consume: ") + rd_kafka_err2str(rd_kafka_last_error()));
        for (ssize_t i = 0; i < n; ++i) {
            if (batch[size_t(i)]->err)
                fail(std::string("consume: ") + rd_kafka_message_errstr(batch[size_t(i)]));
            if (batch[size_t(i)]->len != size_t(RecordSize))
                fail("a record of " + std::to_string(batch[size_t(i)]->len) + " bytes came back");
            ++received;
            rd_kafka_message_destroy(batch[size_t(i)]);
        }
        if (n == 0 && secondsSince(start) > 120)
            fail("consumed only " + std::to_string(received) + " of " + std::to_string(records) + " in 120 s");
    }
    const double seconds = secondsSince(start);
    const Throughput t{double(records) / seconds, cpu.report(records)};
    rd_kafka_queue_destroy(queue);
    return t;
}

struct Latency
{
    double p50Ms = 0;
    double p99Ms = 0;
    double p999Ms = 0;
    size_t samples = 0;
};

// The payload of a latency record: when it was produced, and whether it was
// sent during the warm-up second (not counted).
struct Stamp
{
    qint64 producedNs;
    char warmUp;
};

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

Latency measureLatency(const Depot &depot, const std::string &topic, int partitions, int rate, int seconds,
    const std::string &lingerMs)
{
    createTopic(depot.bootstrap(), topic, partitions);
    const quint64 expected = quint64(rate) * quint64(seconds + 1);
    std::vector<double> samples;
    samples.reserve(size_t(rate) * size_t(seconds));
    std::atomic<bool> consumerReady{false};
    std::atomic<quint64> arrived{0};
    std::thread consumerThread([&] {
        Client consumer(RD_KAFKA_CONSUMER, depot.bootstrap(), ConsumerSettings);
        consumer.assignAll(topic, partitions);
        consumerReady = true;
        const auto start = Clock::now();
        while (arrived < expected && secondsSince(start) < seconds + 60) {
            rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer.get(), 100);
            if (!m)
                continue;
            const qint64 now = nowNs();
            if (m->err)
                fail(std::string("latency consume: ") + rd_kafka_message_errstr(m));
            Stamp stamp;
            std::memcpy(&stamp, m->payload, sizeof stamp);
            if (!stamp.warmUp)
                samples.push_back(double(now - stamp.producedNs) / 1e6);
            ++arrived;
            rd_kafka_message_destroy(m);
        }
    });
    while (!consumerReady)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));

    Deliveries d;
    std::vector<std::pair<std::string, std::string>> settings = ProducerSettings;
    if (!lingerMs.empty())
        settings.emplace_back("linger.ms", lingerMs);
    Client producer(RD_KAFKA_PRODUCER, depot.bootstrap(), settings, onDelivery, &d);
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(producer.get(), topic.c_str(), nullptr);
    awaitMetadata(producer.get(), rkt, partitions);
    char payload[RecordSize] = {};
    const auto start = Clock::now();
    const auto warmUpEnd = start + std::chrono::seconds(1);
    quint64 sent = 0;
    while (sent < expected) {
        const quint64 due = std::min<quint64>(expected, quint64(secondsSince(start) * rate) + 1);
        for (; sent < due; ++sent) {
            const Stamp stamp{nowNs(), char(Clock::now() < warmUpEnd)};
            std::memcpy(payload, &stamp, sizeof stamp);
            produceOne(producer.get(), rkt, payload, RD_KAFKA_MSG_F_COPY);
        }
        rd_kafka_poll(producer.get(), 0);
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    flushAll(producer.get(), d, expected);
    consumerThread.join();
    rd_kafka_topic_destroy(rkt);
    if (arrived < expected)
        fail("latency: only " + std::to_string(arrived) + " of " + std::to_string(expected) + " records arrived");
    std::sort(samples.begin(), samples.end());
    auto pct = [&](double p) { return samples.empty() ? 0.0 : samples[size_t(p * double(samples.size() - 1))]; };
    return {pct(0.50), pct(0.99), pct(0.999), samples.size()};
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

void printThroughput(const char *phase, const Throughput &t)
{
    std::printf("  %s %9.0f records/s %6.1f MB/s  (%s)\n", phase, t.recordsPerSecond,
        t.recordsPerSecond * RecordSize / MiB, t.cpu.c_str());
    std::fflush(stdout);
}

std::string defaultOf(const char *name)
{
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    char value[256];
    size_t size = sizeof value;
    const bool ok = rd_kafka_conf_get(conf, name, value, &size) == RD_KAFKA_CONF_OK;
    rd_kafka_conf_destroy(conf);
    return ok ? value : "?";
}

struct Options
{
    quint64 records = 2000000;
    int runs = 5;
    int partitions = 6;
    int rate = 10000;
    int latencySeconds = 10;
    QString durability = QStringLiteral("normal");
    QString depot;
    // Which phases run (--phases): consume needs produce before it.
    bool produce = true;
    bool consume = true;
    bool latency = true;
};

void run(const Options &o)
{
    std::printf("Kafka benchmark with librdkafka %s: %llu records of %d bytes, %d partitions, acks=all, %d runs, "
                "durability %s, latency at %d records/s for %d s\n",
        rd_kafka_version_str(), (unsigned long long)o.records, RecordSize, o.partitions, o.runs,
        qPrintable(o.durability), o.rate, o.latencySeconds);
    std::printf("librdkafka defaults in use: linger.ms %s, batch.size %s, batch.num.messages %s, "
                "queue.buffering.max.messages %s, sticky.partitioning.linger.ms %s, compression %s; consumer "
                "fetch.max.bytes %s, max.partition.fetch.bytes %s, fetch.wait.max.ms %s\n",
        defaultOf("linger.ms").c_str(), defaultOf("batch.size").c_str(), defaultOf("batch.num.messages").c_str(),
        defaultOf("queue.buffering.max.messages").c_str(), defaultOf("sticky.partitioning.linger.ms").c_str(),
        defaultOf("compression.codec").c_str(), defaultOf("fetch.max.bytes").c_str(),
        defaultOf("max.partition.fetch.bytes").c_str(), defaultOf("fetch.wait.max.ms").c_str());
    std::vector<double> produce, consume, p50, p99, p999, p50l0, p99l0, p999l0;
    for (int r = 1; r <= o.runs; ++r) {
        std::printf("run %d (load average before: %s)\n", r, loadAverage().c_str());
        const Depot depot(o.depot, o.durability);
        const std::string topic = "bench-" + std::to_string(r);
        if (o.produce) {
            createTopic(depot.bootstrap(), topic, o.partitions);
            const Throughput p = produceAll(depot, topic, o.partitions, o.records);
            produce.push_back(p.recordsPerSecond);
            printThroughput("produce", p);
        }
        if (o.consume) {
            const Throughput c = consumeAll(depot, topic, o.partitions, o.records);
            consume.push_back(c.recordsPerSecond);
            printThroughput("consume", c);
        }
        for (const char *linger : {"", "0"}) {
            if (!o.latency)
                break;
            const bool byDefault = !*linger;
            const Latency l = measureLatency(depot, topic + (byDefault ? "-latency" : "-latency0"), o.partitions,
                o.rate, o.latencySeconds, linger);
            (byDefault ? p50 : p50l0).push_back(l.p50Ms);
            (byDefault ? p99 : p99l0).push_back(l.p99Ms);
            (byDefault ? p999 : p999l0).push_back(l.p999Ms);
            std::printf("  latency, linger.ms %-7s p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  (%zu records)\n",
                byDefault ? "default" : linger, l.p50Ms, l.p99Ms, l.p999Ms, l.samples);
            std::fflush(stdout);
        }
    }
    std::printf("\nmedians of %d runs:\n", o.runs);
    std::printf("  produce (acks=all)          %9.0f records/s  %6.1f MB/s\n", median(produce),
        median(produce) * RecordSize / MiB);
    std::printf("  consume                     %9.0f records/s  %6.1f MB/s\n", median(consume),
        median(consume) * RecordSize / MiB);
    std::printf("  latency, linger.ms default  p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms\n", median(p50), median(p99),
        median(p999));
    std::printf("  latency, linger.ms 0        p50 %.2f ms  p99 %.2f ms  p99.9 %.2f ms\n", median(p50l0),
        median(p99l0), median(p999l0));
    std::printf("(MB/s: record values only, 2^20 bytes, as Kafka's own tools count)\n");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("records"), QStringLiteral("Records to produce and consume per run."), QStringLiteral("N"),
            QStringLiteral("2000000")},
        {QStringLiteral("runs"), QStringLiteral("Runs, each with a fresh depot."), QStringLiteral("R"),
            QStringLiteral("5")},
        {QStringLiteral("partitions"), QStringLiteral("Partitions of each topic."), QStringLiteral("P"),
            QStringLiteral("6")},
        {QStringLiteral("rate"), QStringLiteral("Latency phase rate, records/s."), QStringLiteral("RATE"),
            QStringLiteral("10000")},
        {QStringLiteral("latency-seconds"), QStringLiteral("Latency phase length (after 1 s of warm-up)."),
            QStringLiteral("S"), QStringLiteral("10")},
        {QStringLiteral("durability"), QStringLiteral("depot --durability: normal or fsync."), QStringLiteral("MODE"),
            QStringLiteral("normal")},
        {QStringLiteral("depot"), QStringLiteral("The depot binary (default: $DEPOT_BINARY)."), QStringLiteral("PATH")},
        {QStringLiteral("phases"),
            QStringLiteral("Comma-separated phases to run: produce, consume (needs produce), latency."),
            QStringLiteral("LIST"), QStringLiteral("produce,consume,latency")},
        {QStringLiteral("rdkafka-debug"), QStringLiteral("librdkafka's debug contexts for every client (e.g. fetch)."),
            QStringLiteral("CONTEXTS")},
    });
    parser.process(app);
    Options o;
    bool ok = true;
    auto positive = [&](const char *name) {
        bool good = false;
        const qint64 v = parser.value(QString::fromLatin1(name)).toLongLong(&good);
        if (!good || v < 1) {
            std::fprintf(stderr, "bench_kafka: --%s must be a positive whole number, not '%s'\n", name,
                qPrintable(parser.value(QString::fromLatin1(name))));
            ok = false;
        }
        return v;
    };
    o.records = quint64(positive("records"));
    o.runs = int(positive("runs"));
    o.partitions = int(positive("partitions"));
    o.rate = int(positive("rate"));
    o.latencySeconds = int(positive("latency-seconds"));
    o.durability = parser.value(QStringLiteral("durability"));
    if (o.durability != QLatin1String("normal") && o.durability != QLatin1String("fsync")) {
        std::fprintf(stderr, "bench_kafka: --durability must be normal or fsync, not '%s'\n", qPrintable(o.durability));
        ok = false;
    }
    const QStringList phases = parser.value(QStringLiteral("phases")).split(u',', Qt::SkipEmptyParts);
    for (const QString &phase : phases) {
        if (phase != QLatin1String("produce") && phase != QLatin1String("consume") && phase != QLatin1String("latency")) {
            std::fprintf(stderr, "bench_kafka: --phases: unknown phase '%s' (produce, consume, latency)\n",
                qPrintable(phase));
            ok = false;
        }
    }
    o.produce = phases.contains(QLatin1String("produce"));
    o.consume = phases.contains(QLatin1String("consume"));
    o.latency = phases.contains(QLatin1String("latency"));
    if (o.consume && !o.produce) {
        std::fprintf(stderr, "bench_kafka: --phases: consume reads what produce wrote; give produce too\n");
        ok = false;
    }
    if (!ok)
        return 2;
    g_rdkafkaDebug = parser.value(QStringLiteral("rdkafka-debug")).toStdString();
    o.depot = parser.value(QStringLiteral("depot"));
    if (o.depot.isEmpty())
        o.depot = depot::test::depotBinary();
    if (o.depot.isEmpty())
        fail("no depot binary: pass --depot or set DEPOT_BINARY");
    run(o);
    return 0;
}
