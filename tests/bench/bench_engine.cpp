// Engine benchmark: publish -> deliver -> ack of 100-byte persistent messages
// on a durable queue, through the real Engine and Store, for each durability
// mode and for --in-memory. Prints msgs/s per run and the median of the runs.
//
//   bench_engine [--messages N] [--runs R] [--batch B] [--only cycle|backlog]
//
// The driver plays both a publisher and a consumer on the broker thread (this
// one): it publishes in batches of B, lets the engine deliver to a consumer
// with prefetch, acks each batch with one multiple-ack, and keeps the event
// loop turning so the store's writer thread commits in groups. A run ends when
// every message is acked and the store reports all of it committed.
//
// A second figure, "backlog": the same number of messages published and
// committed first, then delivered with prefetch 2B and each batch acked only
// once the store has committed the turn that delivered it, as a consumer
// further away than one commit would. This is the case where delivery
// records cannot be merged with their acks: every delivery costs its own
// UPDATE (see docs/ARCHITECTURE.md, durability).

#include "broker/engine/Engine.h"
#include "broker/store/Store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>

using namespace depot;

namespace {

class CollectingSink final : public DeliverySink
{
public:
    void deliver(const Delivery &delivery) override
    {
        lastTag = delivery.deliveryTag;
        ++received;
    }
    void consumerCancelled(const QString &) override { }

    quint64 lastTag = 0;
    quint64 received = 0;
};

// CPU time of the whole process (every thread: broker and store writer), in
// ns; on a shared machine it says more about a change's cost than msgs/s.
qint64 processCpuNs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ns = [](const timeval &tv) { return qint64(tv.tv_sec) * 1000000000 + qint64(tv.tv_usec) * 1000; };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

// The store a mode runs on ("normal", "fsync"), or none for "in-memory".
std::unique_ptr<store::Store> openStore(const char *mode, const QString &dir)
{
    if (qstrcmp(mode, "in-memory") == 0)
        return nullptr;
    QString error;
    auto st = store::Store::open(
        dir, qstrcmp(mode, "fsync") == 0 ? store::Durability::Fsync : store::Durability::Normal, &error);
    if (!st) {
        std::fprintf(stderr, "bench_engine: %s\n", qPrintable(error));
        std::exit(2);
    }
    return st;
}

QueueDef declareDurable(Engine &engine, const QString &name)
{
    QueueDef def;
    def.name = name;
    def.durable = true;
    if (auto r = engine.declareQueue(def, false); !r.ok()) {
        std::fprintf(stderr, "bench_engine: declare failed: %s\n", qPrintable(r.error.text));
        std::exit(2);
    }
    return def;
}

struct RunResult
{
    double publishDeliverAck = 0;   // msgs/s for the whole cycle
    double publishConfirmed = 0;    // msgs/s until the store committed every publish
    double cpuNsPerMessage = 0;     // process CPU per message over the cycle
};

RunResult runOnce(const char *mode, quint64 messages, quint64 batch)
{
    QTemporaryDir dir;
    std::unique_ptr<store::Store> st = openStore(mode, dir.path());
    Engine engine(st.get());
    engine.recover();

    const QueueDef def = declareDurable(engine, QStringLiteral("bench"));
    CollectingSink sink;
    const ConnectionId conn = engine.openConnection({});
    const SessionId session = engine.openSession(conn, &sink);
    ConsumeSpec spec;
    spec.queue = def.name;
    spec.prefetch = quint32(batch * 2);
    if (auto r = engine.consume(session, spec); !r.ok()) {
        std::fprintf(stderr, "bench_engine: consume failed: %s\n", qPrintable(r.error.text));
        std::exit(2);
    }

    quint64 committed = 0;
    QObject::connect(&engine, &Engine::committed, &engine, [&](quint64 seq) { committed = seq; });

    MessageProperties props;
    props.deliveryMode = 2;
    const QByteArray body(100, 'x');
    quint64 lastConfirm = 0;
    quint64 acked = 0;
    qint64 publishConfirmedNs = 0;

    const qint64 cpuStart = processCpuNs();
    QElapsedTimer timer;
    timer.start();
    for (quint64 sent = 0; sent < messages;) {
        const quint64 n = std::min(batch, messages - sent);
        for (quint64 i = 0; i < n; ++i) {
            const PublishResult r = engine.publish(QString(), def.name, props, body);
            lastConfirm = std::max(lastConfirm, r.confirmSequence);
        }
        sent += n;
        if (sink.lastTag > 0 && sink.received > acked) {
            engine.ack(session, sink.lastTag, true);
            acked = sink.received;
        }
        QCoreApplication::processEvents();
    }
    // Drain: deliveries still outstanding, commits still in flight.
    QElapsedTimer guard;
    guard.start();
    while ((acked < messages || committed < lastConfirm) && guard.elapsed() < 120000) {
        if (sink.received > acked) {
            engine.ack(session, sink.lastTag, true);
            acked = sink.received;
        }
        if (committed >= lastConfirm && publishConfirmedNs == 0)
            publishConfirmedNs = timer.nsecsElapsed();
        engine.flushStore();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    const qint64 totalNs = timer.nsecsElapsed();
    const qint64 cpuNs = processCpuNs() - cpuStart;
    if (publishConfirmedNs == 0)
        publishConfirmedNs = totalNs;
    if (acked < messages) {
        std::fprintf(stderr, "bench_engine: only %llu of %llu messages acked\n", (unsigned long long)acked,
                     (unsigned long long)messages);
        std::exit(3);
    }
    engine.closeConnection(conn);
    if (st)
        st->close();
    return {double(messages) * 1e9 / double(totalNs), double(messages) * 1e9 / double(publishConfirmedNs),
            double(cpuNs) / double(messages)};
}

// msgs/s from the first delivery of a committed backlog to the last ack
// committed, and the process CPU per message over that time.
std::pair<double, double> runBacklog(const char *mode, quint64 messages, quint64 batch)
{
    QTemporaryDir dir;
    std::unique_ptr<store::Store> st = openStore(mode, dir.path());
    Engine engine(st.get());
    engine.recover();
    const QueueDef def = declareDurable(engine, QStringLiteral("backlog"));
    quint64 committed = 0;
    QObject::connect(&engine, &Engine::committed, &engine, [&](quint64 seq) { committed = seq; });
    MessageProperties props;
    props.deliveryMode = 2;
    const QByteArray body(100, 'x');
    for (quint64 i = 0; i < messages; ++i) {
        engine.publish(QString(), def.name, props, body);
        if (i % batch == batch - 1)
            QCoreApplication::processEvents();
    }
    if (st && !st->flush(120000)) {
        std::fprintf(stderr, "bench_engine: the backlog was not committed\n");
        std::exit(3);
    }
    QCoreApplication::processEvents();

    CollectingSink sink;
    const ConnectionId conn = engine.openConnection({});
    const SessionId session = engine.openSession(conn, &sink);
    ConsumeSpec spec;
    spec.queue = def.name;
    spec.prefetch = quint32(batch * 2);
    const qint64 cpuStart = processCpuNs();
    QElapsedTimer timer;
    timer.start();
    if (auto r = engine.consume(session, spec); !r.ok()) {
        std::fprintf(stderr, "bench_engine: consume failed: %s\n", qPrintable(r.error.text));
        std::exit(2);
    }
    // (last tag delivered, store sequence that holds its delivery records);
    // tags run 1, 2, ... on this session, so the last tag acked is the count.
    std::pair<quint64, quint64> waiting{sink.lastTag, engine.flushStore()};
    quint64 acked = 0;
    quint64 lastAckSeq = 0;
    QElapsedTimer guard;
    guard.start();
    while ((acked < messages || (st && committed < lastAckSeq)) && guard.elapsed() < 120000) {
        if (waiting.first == 0 && sink.lastTag > acked)
            waiting = {sink.lastTag, engine.flushStore()};
        if (waiting.first > 0 && (!st || committed >= waiting.second)) {
            engine.ack(session, waiting.first, true);   // frees credit: the next batch is delivered here
            acked = waiting.first;
            lastAckSeq = engine.flushStore();
            waiting = {sink.lastTag > acked ? sink.lastTag : 0, lastAckSeq};
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    const qint64 ns = timer.nsecsElapsed();
    const qint64 cpuNs = processCpuNs() - cpuStart;
    if (acked < messages) {
        std::fprintf(stderr, "bench_engine: backlog: only %llu of %llu messages acked\n", (unsigned long long)acked,
                     (unsigned long long)messages);
        std::exit(3);
    }
    engine.closeConnection(conn);
    if (st)
        st->close();
    return {double(messages) * 1e9 / double(ns), double(cpuNs) / double(messages)};
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("messages"), QStringLiteral("Messages per run."), QStringLiteral("N"),
                      QStringLiteral("200000")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Runs per mode."), QStringLiteral("R"),
                      QStringLiteral("3")});
    parser.addOption({QStringLiteral("batch"), QStringLiteral("Publish batch between acks."), QStringLiteral("B"),
                      QStringLiteral("500")});
    parser.addOption({QStringLiteral("only"), QStringLiteral("Run one figure only: cycle or backlog."),
                      QStringLiteral("FIGURE")});
    parser.process(app);
    const quint64 messages = parser.value(QStringLiteral("messages")).toULongLong();
    const int runs = parser.value(QStringLiteral("runs")).toInt();
    const quint64 batch = parser.value(QStringLiteral("batch")).toULongLong();

    std::printf("engine publish->deliver->ack, %llu persistent 100-byte messages, durable queue, %d runs\n",
                (unsigned long long)messages, runs);
    const QString only = parser.value(QStringLiteral("only"));
    for (const char *mode : {"normal", "fsync", "in-memory"}) {
        if (only == QLatin1StringView("backlog"))
            break;
        std::vector<double> cycle, confirmed, cpu;
        for (int i = 0; i < runs; ++i) {
            const RunResult r = runOnce(mode, messages, batch);
            cycle.push_back(r.publishDeliverAck);
            confirmed.push_back(r.publishConfirmed);
            cpu.push_back(r.cpuNsPerMessage);
            std::printf("  %-9s run %d: %10.0f msgs/s publish->deliver->ack, %10.0f msgs/s published+committed, "
                        "%6.0f ns CPU/msg\n",
                        mode, i + 1, r.publishDeliverAck, r.publishConfirmed, r.cpuNsPerMessage);
            std::fflush(stdout);
        }
        std::printf("engine %-9s median: %10.0f msgs/s publish->deliver->ack, %10.0f msgs/s published+committed, "
                    "%6.0f ns CPU/msg\n",
                    mode, median(cycle), median(confirmed), median(cpu));
        std::fflush(stdout);
    }
    for (const char *mode : {"normal", "fsync", "in-memory"}) {
        if (only == QLatin1StringView("cycle"))
            break;
        std::vector<double> drained, cpu;
        for (int i = 0; i < runs; ++i) {
            const auto [rate, cpuPerMessage] = runBacklog(mode, messages, batch);
            drained.push_back(rate);
            cpu.push_back(cpuPerMessage);
            std::printf("  %-9s backlog run %d: %10.0f msgs/s delivered and acked, each ack after its delivery "
                        "was committed, %6.0f ns CPU/msg\n", mode, i + 1, rate, cpuPerMessage);
            std::fflush(stdout);
        }
        std::printf("engine %-9s backlog median: %10.0f msgs/s, %6.0f ns CPU/msg\n", mode, median(drained),
                    median(cpu));
        std::fflush(stdout);
    }
    return 0;
}
