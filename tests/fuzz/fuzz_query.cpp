// Fuzzes the query language (broker/query): the text a user types in the
// window's query bar or sends to the HTTP API, run against a message whose
// body (a JSON one, often) is fuzzed too. The input is the query, a line
// break, then the body.
//
// Checked: a query that does not parse says where (a position inside the
// text, or just after it) and why, and matches nothing; one that parses
// runs on the message without crashing, "not (query)" parses too and gives
// the opposite answer, and a queue the query rules out by its name has no
// match. The same text is parsed for Kafka records too and run on a record
// whose value is the body: the same checks, with topics for queues.

#include "FuzzSupport.h"
#include "broker/kafka/codec/RecordBatch.h"
#include "broker/query/Query.h"

using namespace depot;
using namespace depot::fuzz;
using namespace depot::query;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = bytesOf(data, size);
    const qsizetype newline = input.indexOf('\n');
    const QString text = QString::fromUtf8(newline < 0 ? input : input.first(newline));
    const QByteArray body = newline < 0 ? QByteArray() : input.sliced(newline + 1).toByteArray();

    auto content = std::make_shared<MessageContent>();
    content->body = body;
    content->routingKey = QStringLiteral("eu.order");
    content->properties.headers = QVariantMap{{QStringLiteral("x-tenant"), QStringLiteral("acme")},
        {QStringLiteral("n"), 3}, {QStringLiteral("t"), QVariantMap{{QStringLiteral("k"), QStringLiteral("v")}}}};
    content->deaths.record(QStringLiteral("orders.work"), DeathReason::Rejected, 1000, QStringLiteral("orders"),
        {QStringLiteral("eu.order")}, std::nullopt);
    QueuedMessage m;
    m.id = 9;
    m.content = content;
    m.bodySize = quint32(body.size());
    m.enqueuedAt = 1000;
    const QString queue = QStringLiteral("orders.dlq");
    const qint64 now = 1'800'000'000'000;

    // Over a record whose value is the body.
    {
        const QString topic = QStringLiteral("orders.eu");
        const std::optional<QByteArray> key = QByteArray("k-1");
        const std::optional<QByteArray> value = body;
        const QList<kafka::RecordHeader> headers{{QStringLiteral("tenant"), QByteArray("acme")}, {QStringLiteral("t"), std::nullopt}};
        const RecordRef record{topic, 2, 41, 1000, key, value, headers};
        QueryError error;
        const Query q = Query::parse(text, &error, Over::Records);
        if (!q.isValid()) {
            DEPOT_FUZZ_CHECK(error.position >= 1 && error.position <= text.size() + 1);
            DEPOT_FUZZ_CHECK(!error.message.isEmpty());
            DEPOT_FUZZ_CHECK(!q.matchesRecord(record, now));
        } else {
            const bool hit = q.matchesRecord(record, now);
            if (!q.mayMatchTopic(topic))
                DEPOT_FUZZ_CHECK(!hit);
            DEPOT_FUZZ_CHECK(!q.matches(queue, m, now));
            if (!q.isEmpty()) {
                QueryError notError;
                const Query negated
                    = Query::parse(QStringLiteral("not (") + q.text() + QStringLiteral(")"), &notError, Over::Records);
                DEPOT_FUZZ_CHECK(negated.isValid());
                DEPOT_FUZZ_CHECK(negated.matchesRecord(record, now) == !hit);
            }
        }
    }

    QueryError error;
    const Query q = Query::parse(text, &error);
    if (!q.isValid()) {
        DEPOT_FUZZ_CHECK(error.position >= 1 && error.position <= text.size() + 1);
        DEPOT_FUZZ_CHECK(!error.message.isEmpty());
        DEPOT_FUZZ_CHECK(!q.matches(queue, m, now));
        return 0;
    }
    const bool hit = q.matches(queue, m, now);
    if (!q.mayMatchQueue(queue))
        DEPOT_FUZZ_CHECK(!hit);
    if (!q.isEmpty()) {
        QueryError notError;
        const Query negated = Query::parse(QStringLiteral("not (") + q.text() + QStringLiteral(")"), &notError);
        DEPOT_FUZZ_CHECK(negated.isValid());
        DEPOT_FUZZ_CHECK(negated.matches(queue, m, now) == !hit);
    }
    return 0;
}
