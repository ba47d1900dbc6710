// XDeath: the typed dead-letter history rendered as RabbitMQ's x-death headers
// (bit for bit: count long, time timestamp, routing-keys array of longstr,
// names longstr), and x-death headers a publisher sends taken into a typed
// history without changing what goes out again.

#include "CodecTestUtil.h"
#include "broker/amqp/codec/FieldTable.h"
#include "broker/amqp/codec/XDeath.h"

#include <QDateTime>
#include <QTest>

using namespace depot;
using namespace depot::amqp;
using depot::amqp::test::hex;
using depot::amqp::test::strictDifference;

namespace {

const QString kXDeath = QStringLiteral("x-death");

DeathHistory oneRejection()
{
    DeathHistory h;
    h.record(QStringLiteral("work"), DeathReason::Rejected, 1'700'000'000'123, QString(), {QStringLiteral("work")},
        std::nullopt);
    return h;
}

// A history as a Depot without typed records stored it: the x-death headers
// it built (the same construction, step by step), as pika hands them back.
QVariantMap canonicalHeaders()
{
    QVariantMap first{
        {QStringLiteral("count"), QVariant::fromValue<qint64>(2)},
        {QStringLiteral("reason"), QStringLiteral("expired")},
        {QStringLiteral("queue"), QStringLiteral("retry")},
        {QStringLiteral("time"), QDateTime::fromSecsSinceEpoch(1'700'000'100, Qt::UTC)},
        {QStringLiteral("exchange"), QStringLiteral("dlx")},
        {QStringLiteral("routing-keys"), QVariantList{QStringLiteral("work")}},
        {QStringLiteral("original-expiration"), QStringLiteral("500")},
    };
    QVariantMap second{
        {QStringLiteral("count"), QVariant::fromValue<qint64>(1)},
        {QStringLiteral("reason"), QStringLiteral("rejected")},
        {QStringLiteral("queue"), QStringLiteral("work")},
        {QStringLiteral("time"), QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC)},
        {QStringLiteral("exchange"), QStringLiteral("orders")},
        {QStringLiteral("routing-keys"), QVariantList{QStringLiteral("eu"), QStringLiteral("cc.audit")}},
    };
    return QVariantMap{
        {QStringLiteral("app"), QStringLiteral("shop")},
        {kXDeath, QVariantList{first, second}},
        {QStringLiteral("x-first-death-reason"), QStringLiteral("rejected")},
        {QStringLiteral("x-first-death-queue"), QStringLiteral("work")},
        {QStringLiteral("x-first-death-exchange"), QStringLiteral("orders")},
        {QStringLiteral("x-last-death-reason"), QStringLiteral("expired")},
        {QStringLiteral("x-last-death-queue"), QStringLiteral("retry")},
        {QStringLiteral("x-last-death-exchange"), QStringLiteral("dlx")},
    };
}

} // namespace

class TestXDeath final : public QObject
{
    Q_OBJECT

private slots:
    void renderBitForBit();
    void renderKeepsTheOtherHeaders();
    void nothingToRender();
    void takeCanonicalHistory();
    void takeWhatAClientRetypedKeepsItsForm();
    void takeUnreadableHistoryLosesNothing_data();
    void takeUnreadableHistoryLosesNothing();
    void takenHistoryContinues();
};

void TestXDeath::renderBitForBit()
{
    // The field table RabbitMQ (and Depot before typed records) sends for one
    // rejection from "work" published to the default exchange: every type
    // tag is checked (l count, S strings, A routing-keys, T whole seconds).
    const QByteArray expected = hex("0000012e 07782d6465617468 41 0000006e 46 00000069"
                                    " 05636f756e74 6c 0000000000000001"
                                    " 0865786368616e6765 53 00000000"
                                    " 057175657565 53 00000004 776f726b"
                                    " 06726561736f6e 53 00000008 72656a6563746564"
                                    " 0c726f7574696e672d6b657973 41 00000009 53 00000004 776f726b"
                                    " 0474696d65 54 000000006553f100"
                                    " 16782d66697273742d64656174682d65786368616e6765 53 00000000"
                                    " 13782d66697273742d64656174682d7175657565 53 00000004 776f726b"
                                    " 14782d66697273742d64656174682d726561736f6e 53 00000008 72656a6563746564"
                                    " 15782d6c6173742d64656174682d65786368616e6765 53 00000000"
                                    " 12782d6c6173742d64656174682d7175657565 53 00000004 776f726b"
                                    " 13782d6c6173742d64656174682d726561736f6e 53 00000008 72656a6563746564");
    QCOMPARE(encodeFieldTable(xdeath::render(oneRejection())).toHex(' '), expected.toHex(' '));
}

void TestXDeath::renderKeepsTheOtherHeaders()
{
    MessageContent content;
    content.properties.headers = QVariantMap{{QStringLiteral("app"), QStringLiteral("shop")},
        // a header of a history's name set by a producer that
        // does not know histories gives way to the history
        {QStringLiteral("x-last-death-queue"), QStringLiteral("stale")}};
    content.deaths = oneRejection();
    const std::optional<QVariantMap> headers = xdeath::renderedHeaders(content);
    QVERIFY(headers);
    QCOMPARE(headers->value(QStringLiteral("app")).toString(), QStringLiteral("shop"));
    QCOMPARE(headers->value(QStringLiteral("x-last-death-queue")).toString(), QStringLiteral("work"));
    QCOMPARE(headers->size(), 8);
    const QVariantMap entry = headers->value(kXDeath).toList().at(0).toMap();
    QCOMPARE(entry.value(QStringLiteral("count")).typeId(), QMetaType::LongLong);
    QCOMPARE(entry.value(QStringLiteral("time")).typeId(), QMetaType::QDateTime);
    QCOMPARE(entry.value(QStringLiteral("time")).toDateTime().toSecsSinceEpoch(), 1'700'000'000);
    // The stored content is left as it is.
    QCOMPARE(
        content.properties.headers->value(QStringLiteral("x-last-death-queue")).toString(), QStringLiteral("stale"));
    QCOMPARE(xdeath::renderedProperties(content).headers, headers);
}

void TestXDeath::nothingToRender()
{
    MessageContent content;
    QCOMPARE(xdeath::renderedHeaders(content), std::optional<QVariantMap>());
    content.properties.headers = QVariantMap{{QStringLiteral("x-death"), QStringLiteral("mine")}};
    // No history: a producer's own header of that name goes out untouched.
    QCOMPARE(xdeath::renderedHeaders(content), content.properties.headers);
    QVERIFY(xdeath::render(DeathHistory()).isEmpty());
}

void TestXDeath::takeCanonicalHistory()
{
    const QVariantMap published = canonicalHeaders();
    QVariantMap headers = published;
    const DeathHistory h = xdeath::takeHistory(headers);
    // Only the history's fields leave the headers.
    QCOMPARE(headers, (QVariantMap{{QStringLiteral("app"), QStringLiteral("shop")}}));
    QCOMPARE(h.records.size(), 2);
    QCOMPARE(h.records[0].queue, QStringLiteral("retry"));
    QCOMPARE(h.records[0].reason, DeathReason::Expired);
    QCOMPARE(h.records[0].count, 2);
    QCOMPARE(h.records[0].originalExpiration, std::optional<QString>(QStringLiteral("500")));
    QCOMPARE(h.records[1].routingKeys, (QStringList{QStringLiteral("eu"), QStringLiteral("cc.audit")}));
    QCOMPARE(h.records[1].timeMs, 1'700'000'000'000);
    QVERIFY(h.first);
    QCOMPARE(h.first->exchange, QStringLiteral("orders"));
    QCOMPARE(h.originalQueue(), QStringLiteral("work"));
    // Typed records reproduce it exactly: nothing kept verbatim.
    QVERIFY(h.asPublished.isEmpty());
    MessageContent content;
    content.properties.headers = headers;
    content.deaths = h;
    QCOMPARE(strictDifference(*xdeath::renderedHeaders(content), published), QString());
    QCOMPARE(encodeFieldTable(*xdeath::renderedHeaders(content)), encodeFieldTable(published));
}

void TestXDeath::takeWhatAClientRetypedKeepsItsForm()
{
    // pika sends an int that fits 32 bits back as a signed 32-bit int.
    QVariantMap published = canonicalHeaders();
    QVariantList deaths = published.value(kXDeath).toList();
    QVariantMap newest = deaths[0].toMap();
    newest.insert(QStringLiteral("count"), qint32(2));
    deaths[0] = newest;
    published.insert(kXDeath, deaths);
    QVariantMap headers = published;
    const DeathHistory h = xdeath::takeHistory(headers);
    QCOMPARE(h.records.size(), 2);
    QCOMPARE(h.records[0].count, 2); // typed all the same
    QVERIFY(!h.asPublished.isEmpty());
    MessageContent content;
    content.properties.headers = headers;
    content.deaths = h;
    // ... and it goes out as it came in, int32 included.
    QCOMPARE(strictDifference(*xdeath::renderedHeaders(content), published), QString());
}

void TestXDeath::takeUnreadableHistoryLosesNothing_data()
{
    QTest::addColumn<QVariant>("xDeath");
    QTest::addColumn<int>("typedRecords");
    QTest::addRow("a string") << QVariant(QStringLiteral("not a history")) << 0;
    QTest::addRow("a table") << QVariant(QVariantMap{{QStringLiteral("queue"), QStringLiteral("q")}}) << 0;
    QTest::addRow("unknown reason") << QVariant(QVariantList{QVariantMap{
        {QStringLiteral("queue"), QStringLiteral("q")}, {QStringLiteral("reason"), QStringLiteral("gone fishing")}}})
                                    << 0;
    QTest::addRow("extra field") << QVariant(QVariantList{QVariantMap{{QStringLiteral("queue"), QStringLiteral("q")},
        {QStringLiteral("reason"), QStringLiteral("rejected")},
        {QStringLiteral("count"), QVariant::fromValue<qint64>(1)},
        {QStringLiteral("time"), QDateTime::fromSecsSinceEpoch(5, Qt::UTC)}, {QStringLiteral("exchange"), QString()},
        {QStringLiteral("routing-keys"), QVariantList{}}, {QStringLiteral("note"), QStringLiteral("mine")}}})
                                 << 1;
    QTest::addRow("bytes for names") << QVariant(QVariantList{
        QVariantMap{{QStringLiteral("queue"), QByteArray("q")}, {QStringLiteral("reason"), QByteArray("expired")}}})
                                     << 1;
}

void TestXDeath::takeUnreadableHistoryLosesNothing()
{
    QFETCH(QVariant, xDeath);
    QFETCH(int, typedRecords);
    const QVariantMap published{{kXDeath, xDeath}, {QStringLiteral("other"), 7}};
    QVariantMap headers = published;
    const DeathHistory h = xdeath::takeHistory(headers);
    QCOMPARE(h.records.size(), typedRecords);
    QCOMPARE(h.asPublished.size(), 1);
    MessageContent content;
    content.properties.headers = headers;
    content.deaths = h;
    QCOMPARE(strictDifference(*xdeath::renderedHeaders(content), published), QString());
}

void TestXDeath::takenHistoryContinues()
{
    // A retry handler republished a dead letter (pika's int32 count); it dies
    // in the same queue for the same reason again: count 2, as before.
    QVariantMap headers = canonicalHeaders();
    QVariantList deaths = headers.value(kXDeath).toList();
    QVariantMap work = deaths[1].toMap();
    work.insert(QStringLiteral("count"), qint32(1));
    deaths[1] = work;
    headers.insert(kXDeath, deaths);
    DeathHistory h = xdeath::takeHistory(headers);
    h.record(QStringLiteral("work"), DeathReason::Rejected, 1'800'000'000'000, QString(), {QStringLiteral("work")},
        std::nullopt);
    const QVariantMap rendered = xdeath::render(h);
    const QVariantList out = rendered.value(kXDeath).toList();
    QCOMPARE(out.size(), 2);
    QCOMPARE(out[0].toMap().value(QStringLiteral("queue")).toString(), QStringLiteral("work"));
    QCOMPARE(out[0].toMap().value(QStringLiteral("count")), QVariant::fromValue<qint64>(2));
    QCOMPARE(out[0].toMap().value(QStringLiteral("count")).typeId(), QMetaType::LongLong);
    QCOMPARE(rendered.value(QStringLiteral("x-first-death-queue")).toString(), QStringLiteral("work"));
    QCOMPARE(rendered.value(QStringLiteral("x-last-death-reason")).toString(), QStringLiteral("rejected"));
}

QTEST_GUILESS_MAIN(TestXDeath)
#include "tst_xdeath.moc"
