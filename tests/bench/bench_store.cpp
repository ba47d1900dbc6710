// Store group-commit throughput: persistent 100-byte messages inserted through
// the public Store API the way the engine does it (insertMessage during a
// turn of the event loop, hand-over at the end of the turn, confirmation on
// committed(seq)), then acknowledged (removeMessage).
//
//   bench_store [--messages N] [--per-turn K] [--runs R] [--dir PATH]
//
// Prints one line per run and the median per durability setting.

#include "broker/store/Store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <map>
#include <cstdio>

using namespace depot;
using namespace depot::store;

namespace {

struct RunResult
{
    double insertPerSecond = 0;
    double ackPerSecond = 0;
    quint64 transactions = 0;
    quint64 submissions = 0;
    double maxCommitMs = 0;
};

// Runs `work(i)` for i in [0, total) in turns of `perTurn`, letting the event
// loop run between turns, until `done()` holds.
void runTurns(quint64 total, quint64 perTurn, const std::function<void(quint64)> &work,
              const std::function<bool()> &done, const std::function<bool()> &mayProduce = [] { return true; })
{
    QEventLoop loop;
    quint64 next = 0;
    QTimer turn;
    turn.setInterval(0);
    QObject::connect(&turn, &QTimer::timeout, &loop, [&] {
        if (!mayProduce())
            return;   // publishers wait for confirms
        const quint64 end = std::min(total, next + perTurn);
        for (; next < end; ++next)
            work(next);
        if (next == total)
            turn.stop();
        if (next == total && done())
            loop.quit();
    });
    QTimer check;
    check.setInterval(1);
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (next == total && done())
            loop.quit();
    });
    turn.start();
    check.start();
    loop.exec();
}

RunResult runOnce(const QString &dir, Durability durability, quint64 messages, quint64 perTurn, quint64 window)
{
    QString error;
    auto store = Store::open(dir, durability, &error);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        std::exit(1);
    }
    const RecoveredState recovered = store->recover();
    const qint64 queueId = store->putQueue(QueueDef{QStringLiteral("bench"), true, false, false, {}, 0});

    auto content = std::make_shared<MessageContent>();
    content->exchange = QString();
    content->routingKey = QStringLiteral("bench");
    content->properties.deliveryMode = 2;
    content->body = QByteArray(100, 'b');

    quint64 lastSubmitted = 0;
    quint64 lastCommitted = 0;
    // Messages inserted per sequence, to know how many await their commit.
    std::map<quint64, quint64> insertedBy;
    QObject::connect(store.get(), &Store::committed, store.get(), [&](quint64 seq) { lastCommitted = seq; });

    const MessageId firstId = recovered.maxMessageId + 1;
    RunResult result;
    QElapsedTimer timer;
    timer.start();
    runTurns(
        messages, perTurn,
        [&](quint64 i) {
            // Each message is a fresh content object, as each publish is.
            QueuedMessage m;
            m.id = firstId + i;
            m.content = (i % 2) ? content : std::make_shared<MessageContent>(*content);
            m.enqueuedAt = 1700000000000 + qint64(i);
            m.bodySize = 100;
            m.persistent = true;
            store->insertMessage(queueId, m);
            lastSubmitted = store->pendingSequence();
            insertedBy[lastSubmitted] = firstId + i;
        },
        [&] { return lastCommitted >= lastSubmitted; },
        [&] {
            if (!window)
                return true;
            auto it = insertedBy.upper_bound(lastCommitted);
            const quint64 confirmedUpTo = it == insertedBy.begin() ? firstId - 1 : std::prev(it)->second;
            insertedBy.erase(insertedBy.begin(), it == insertedBy.begin() ? it : std::prev(it));
            const quint64 produced = insertedBy.empty() ? confirmedUpTo : insertedBy.rbegin()->second;
            return produced - confirmedUpTo < window;
        });
    result.insertPerSecond = double(messages) * 1e9 / double(timer.nsecsElapsed());
    const Store::Stats afterInsert = store->stats();

    timer.restart();
    runTurns(
        messages, perTurn,
        [&](quint64 i) {
            store->removeMessage(firstId + i);
            lastSubmitted = store->pendingSequence();
        },
        [&] { return lastCommitted >= lastSubmitted; });
    result.ackPerSecond = double(messages) * 1e9 / double(timer.nsecsElapsed());
    result.transactions = afterInsert.transactions;
    result.submissions = afterInsert.submissions;
    result.maxCommitMs = afterInsert.maxCommitMs;
    store->close();
    return result;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Depot store group-commit benchmark"));
    parser.addHelpOption();
    QCommandLineOption messagesOption(QStringLiteral("messages"), QStringLiteral("Messages per run."),
                                      QStringLiteral("N"), QStringLiteral("500000"));
    QCommandLineOption perTurnOption(QStringLiteral("per-turn"), QStringLiteral("Messages per event-loop turn."),
                                     QStringLiteral("K"), QStringLiteral("1000"));
    QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("Runs per setting."), QStringLiteral("R"),
                                  QStringLiteral("3"));
    QCommandLineOption dirOption(QStringLiteral("dir"), QStringLiteral("Directory for the databases."),
                                 QStringLiteral("PATH"));
    QCommandLineOption windowOption(QStringLiteral("window"),
                                    QStringLiteral("Unconfirmed messages allowed in flight (0 = unlimited)."),
                                    QStringLiteral("W"), QStringLiteral("20000"));
    parser.addOptions({messagesOption, perTurnOption, runsOption, dirOption, windowOption});
    parser.process(app);
    const quint64 messages = parser.value(messagesOption).toULongLong();
    const quint64 perTurn = qMax<quint64>(1, parser.value(perTurnOption).toULongLong());
    const int runs = qMax(1, parser.value(runsOption).toInt());
    const quint64 window = parser.value(windowOption).toULongLong();

    QTemporaryDir temporary(parser.isSet(dirOption) ? parser.value(dirOption) + QStringLiteral("/bench-XXXXXX")
                                                    : QDir::tempPath() + QStringLiteral("/depot-bench-XXXXXX"));
    std::printf("store benchmark: %llu persistent 100-byte messages per run, %llu per event-loop turn, at most %llu "
                "unconfirmed in flight (0 = unlimited), %d runs\n",
                static_cast<unsigned long long>(messages), static_cast<unsigned long long>(perTurn),
                static_cast<unsigned long long>(window), runs);
    for (auto [durability, name] : {std::pair{Durability::Normal, "normal"}, std::pair{Durability::Fsync, "fsync"}}) {
        std::vector<double> inserts, acks;
        for (int r = 0; r < runs; ++r) {
            const QString dir = temporary.path() + QStringLiteral("/%1-%2").arg(QLatin1String(name)).arg(r);
            const RunResult res = runOnce(dir, durability, messages, perTurn, window);
            inserts.push_back(res.insertPerSecond);
            acks.push_back(res.ackPerSecond);
            std::printf("  durability=%-6s run %d: insert %9.0f msgs/s  ack %9.0f msgs/s  (%llu hand-overs in %llu "
                        "transactions, slowest commit %.1f ms)\n",
                        name, r + 1, res.insertPerSecond, res.ackPerSecond,
                        static_cast<unsigned long long>(res.submissions),
                        static_cast<unsigned long long>(res.transactions), res.maxCommitMs);
            std::fflush(stdout);
        }
        std::printf("durability=%s: insert (commit) median %.0f msgs/s, ack (remove) median %.0f msgs/s\n", name,
                    median(inserts), median(acks));
        std::fflush(stdout);
    }
    return 0;
}
