// The query language's evaluator (broker/query) over a million messages in
// memory, with nothing else of Depot in the way: the cost a query adds per
// message looked at. Issue 15 asks a query over 1,000,000 messages with a
// body JSON predicate to finish within 1.5 s in memory; the engine's scan
// around it (in slices on the broker thread) comes on top.
//
// Bodies are ~100-byte JSON orders; one in 50 is for "frances". Each query
// runs R times over all messages; the median time and messages/s are
// reported, with the matches (the same every round).
//
//   bench_query [--messages N] [--rounds R]

#include "broker/engine/DeathRecord.h"
#include "broker/query/Query.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace depot;

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

std::vector<QueuedMessage> makeMessages(int count, qint64 now)
{
    static const char *const customers[] = {"ann", "bob", "carla", "dmitri", "eve"};
    std::vector<QueuedMessage> messages;
    messages.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        auto c = std::make_shared<MessageContent>();
        const char *customer = i % 50 == 0 ? "frances" : customers[i % 5];
        c->body = QStringLiteral(R"({"order":%1,"customer":"%2","total":%3,"currency":"EUR","lines":%4})")
                      .arg(i)
                      .arg(QLatin1String(customer))
                      .arg(10 + i % 90)
                      .arg(1 + i % 4)
                      .toUtf8();
        c->exchange = QStringLiteral("orders");
        c->routingKey = QStringLiteral("order.created");
        if (i % 7 == 0) {
            for (int d = 0; d < 3; ++d)
                c->deaths.record(QStringLiteral("orders.work"), DeathReason::Rejected, now - 60000,
                    QStringLiteral("orders"), {QStringLiteral("order.created")}, std::nullopt);
        }
        QueuedMessage m;
        m.id = MessageId(i + 1);
        m.content = std::move(c);
        m.bodySize = quint32(m.content->body.size());
        m.enqueuedAt = now - qint64(i % 1200) * 1000;
        messages.push_back(std::move(m));
    }
    return messages;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The query evaluator over messages in memory."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("messages"), QStringLiteral("Messages per round."), QStringLiteral("N"),
        QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("rounds"), QStringLiteral("Rounds per query."), QStringLiteral("R"),
        QStringLiteral("5")});
    parser.process(app);
    const int count = parser.value(QStringLiteral("messages")).toInt();
    const int rounds = parser.value(QStringLiteral("rounds")).toInt();
    if (count <= 0 || rounds <= 0) {
        std::fprintf(stderr, "bench_query: --messages and --rounds must be positive\n");
        return 2;
    }

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const std::vector<QueuedMessage> messages = makeMessages(count, now);
    const QString queue = QStringLiteral("orders.dlq");
    const QStringList queries = {
        QStringLiteral(R"(body.customer = "frances")"),
        QStringLiteral(R"(body.customer = "frances" and deaths.count > 2 and age > 10m)"),
        QStringLiteral(R"("frances")"),
        QStringLiteral(R"(routing_key = "order.created" and deaths.count > 2)"),
        QStringLiteral(R"(body ~ "\"total\":9[0-9]")"),
    };
    std::printf("%d messages of ~%lld bytes, %d rounds; medians\n", count,
        static_cast<long long>(messages.front().content->body.size()), rounds);
    std::printf("%-70s %10s %14s %10s\n", "query", "ms", "messages/s", "matches");
    for (const QString &text : queries) {
        depot::query::QueryError error;
        const auto q = depot::query::Query::parse(text, &error);
        if (!q.isValid()) {
            std::fprintf(stderr, "bench_query: %s: %s\n", qPrintable(text), qPrintable(error.text()));
            return 1;
        }
        std::vector<double> times;
        qint64 matches = 0;
        for (int r = 0; r < rounds; ++r) {
            QElapsedTimer timer;
            timer.start();
            qint64 found = 0;
            for (const QueuedMessage &m : messages)
                found += q.matches(queue, m, now) ? 1 : 0;
            times.push_back(double(timer.nsecsElapsed()) / 1e6);
            matches = found;
        }
        const double ms = median(times);
        std::printf("%-70s %10.1f %14.0f %10lld\n", qPrintable(text), ms, count / (ms / 1000.0),
            static_cast<long long>(matches));
    }
    return 0;
}
