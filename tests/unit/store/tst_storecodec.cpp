// Round trips and damaged input for the store's column encodings.

#include "broker/store/StoreCodec.h"

#include <QtTest>

using namespace depot;
using namespace depot::store;

namespace {

QVariantMap nestedHeaders()
{
    QVariantMap inner{{QStringLiteral("level"), 2}, {QStringLiteral("bytes"), QByteArray("\x00\x01\xff", 3)}};
    QVariantList list{1, QStringLiteral("two"), QVariantMap{{QStringLiteral("three"), 3.5}}, QVariantList{}};
    QVariantMap death{{QStringLiteral("reason"), QStringLiteral("rejected")}, {QStringLiteral("count"), qint64(4)},
        {QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC)}};
    return {
        {QStringLiteral("x-death"), QVariantList{death}},
        {QStringLiteral("nested"), inner},
        {QStringLiteral("list"), list},
        {QStringLiteral("bool"), true},
        {QStringLiteral("empty-string"), QString()},
        {QStringLiteral("decimal"), QVariant::fromValue(Decimal{2, 12345})},
        {QStringLiteral("raw"), QVariant::fromValue(RawString{QByteArray("\xc3\x28", 2)})},
        {QStringLiteral("ünïcode"), QStringLiteral("日本語")},
    };
}

// A dead letter's typed history (schema version 2), every field set.
MessageContent withDeaths()
{
    MessageContent c;
    c.routingKey = QStringLiteral("dead");
    c.body = "poison";
    c.properties.headers = QVariantMap{{QStringLiteral("app"), QStringLiteral("shop")}};
    c.deaths.record(QStringLiteral("work"), DeathReason::Rejected, 1'700'000'000'123, QStringLiteral("orders"),
        {QStringLiteral("eu"), QStringLiteral("cc.audit")}, QStringLiteral("60000"));
    c.deaths.record(QStringLiteral("retry"), DeathReason::Expired, 1'700'000'001'000, QString(), {}, std::nullopt);
    c.deaths.record(QStringLiteral("work"), DeathReason::Rejected, 1'700'000'002'000, QString(),
        {QStringLiteral("work")}, std::nullopt);
    c.deaths.asPublished = QVariantMap{{QStringLiteral("x-death"), QStringLiteral("as a client sent it")}};
    return c;
}

MessageContent allProperties()
{
    MessageContent c;
    c.exchange = QStringLiteral("orders");
    c.routingKey = QStringLiteral("eu.created");
    MessageProperties &p = c.properties;
    p.contentType = QStringLiteral("application/json");
    p.contentEncoding = QStringLiteral("gzip");
    p.headers = nestedHeaders();
    p.deliveryMode = 2;
    p.priority = 9;
    p.correlationId = QStringLiteral("corr-1");
    p.replyTo = QStringLiteral("amq.rabbitmq.reply-to");
    p.expiration = QStringLiteral("60000");
    p.messageId = QStringLiteral("m-42");
    p.timestamp = 1700000000;
    p.type = QStringLiteral("order.created");
    p.userId = QStringLiteral("guest");
    p.appId = QStringLiteral("shop");
    p.clusterId = QStringLiteral("c1");
    c.body = QByteArray("{\"id\":42}");
    return c;
}

} // namespace

class TestStoreCodec final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contentRoundTrip_data()
    {
        QTest::addColumn<MessageContent>("content");
        QTest::addRow("nothing set") << MessageContent{};
        QTest::addRow("all properties, nested headers") << allProperties();
        MessageContent emptyButPresent;
        emptyButPresent.properties.contentType = QString();
        emptyButPresent.properties.headers = QVariantMap();
        emptyButPresent.properties.messageId = QString();
        emptyButPresent.properties.timestamp = 0;
        emptyButPresent.properties.priority = 0;
        QTest::addRow("empty but present") << emptyButPresent;
        MessageContent large;
        large.routingKey = QStringLiteral("big");
        large.body = QByteArray(5 * 1024 * 1024, 'x');
        large.body[12345] = '\0';
        QTest::addRow("5 MB body") << large;
        MessageContent binary;
        binary.body = QByteArray("\x00\x80\xff\x00", 4);
        binary.exchange = QStringLiteral("ü");
        QTest::addRow("binary body, non-ASCII exchange") << binary;
        MessageContent longKey;
        longKey.routingKey = QString(300, QLatin1Char('k')); // length needs a multi-byte varint
        QTest::addRow("long routing key") << longKey;
        QTest::addRow("dead-letter history") << withDeaths();
        MessageContent firstOnly;
        firstOnly.deaths.first = FirstDeath{QStringLiteral("q"), DeathReason::DeliveryLimit, QString()};
        QTest::addRow("a first death only") << firstOnly;
        MessageContent grouped = withDeaths();
        grouped.groupKey = QStringLiteral("group-ü");
        grouped.deduplicationId = QString(200, QLatin1Char('d'));
        QTest::addRow("group key and deduplication id") << grouped;
        MessageContent groupOnly;
        groupOnly.groupKey = QStringLiteral("g");
        QTest::addRow("group key only") << groupOnly;
        MessageContent dedupOnly;
        dedupOnly.deduplicationId = QStringLiteral("d");
        QTest::addRow("deduplication id only") << dedupOnly;
        MessageContent typed;
        typed.ttlMs = 0; // a TTL of 0 is one, not none
        typed.priority = 255;
        QTest::addRow("typed TTL 0 and priority 255") << typed;
        MessageContent typedTtl = withDeaths();
        typedTtl.ttlMs = qint64(1) << 40; // a multi-byte varint
        typedTtl.groupKey = QStringLiteral("g");
        QTest::addRow("typed TTL beside the history and a group") << typedTtl;
        MessageContent typedPriority = allProperties();
        typedPriority.priority = 3; // not the property's
        QTest::addRow("typed priority apart from the property") << typedPriority;
        MessageContent moved = withDeaths();
        moved.origin = MessageOrigin{QStringLiteral("orders-ü"), qint64(1) << 41};
        moved.ttlMs = 5;
        QTest::addRow("where it was first enqueued, beside the others") << moved;
        MessageContent originOnly;
        originOnly.origin = MessageOrigin{QString(), 0};
        QTest::addRow("an origin of no name at time 0") << originOnly;
        MessageContent published = moved;
        published.publisher = 0xffffffffu; // the widest actor number
        QTest::addRow("its publisher, beside the others") << published;
        MessageContent byTheBroker;
        byTheBroker.publisher = 0; // the broker is one, not none
        QTest::addRow("published by the broker (actor 0)") << byTheBroker;
    }
    void contentRoundTrip()
    {
        QFETCH(MessageContent, content);
        const QByteArray bytes = codec::encodeContent(content);
        const ContentPtr decoded = codec::decodeContent(bytes);
        QVERIFY(decoded);
        QCOMPARE(*decoded, content);
        // Absent stays absent, empty stays empty.
        QCOMPARE(decoded->properties.contentType.has_value(), content.properties.contentType.has_value());
        QCOMPARE(decoded->properties.headers.has_value(), content.properties.headers.has_value());
    }

    void appendReusesBuffer()
    {
        std::vector<char> buffer;
        const MessageContent a = allProperties();
        codec::appendContent(a, buffer);
        const size_t first = buffer.size();
        codec::appendContent(a, buffer);
        QCOMPARE(buffer.size(), first * 2);
        QCOMPARE(QByteArray(buffer.data() + first, qsizetype(first)), codec::encodeContent(a));
    }

    void damagedContentIsRejected_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QByteArray good = codec::encodeContent(allProperties());
        QTest::addRow("empty") << QByteArray();
        QTest::addRow("wrong format byte") << (QByteArray(1, '\x07') + good.mid(1));
        QTest::addRow("unknown property bit") << (good.left(2) + QByteArray(1, '\x80') + good.mid(3));
        QTest::addRow("truncated by one") << good.left(good.size() - 1);
        QTest::addRow("truncated in half") << good.left(good.size() / 2);
        QTest::addRow("trailing garbage") << (good + QByteArray("zz"));
        QTest::addRow("huge length") << QByteArray("\x01\x00\x00\xff\xff\xff\xff\x0f", 8);
        // The history follows the properties; the reason byte follows its
        // record's queue name.
        QByteArray deaths = codec::encodeContent(withDeaths());
        const qsizetype reasonAt = deaths.indexOf("retry") + 5;
        QVERIFY(reasonAt > 5);
        QCOMPARE(deaths.at(reasonAt), char(DeathReason::Expired));
        deaths[reasonAt] = '\x09';
        QTest::addRow("unknown death reason") << deaths;
        QTest::addRow("history truncated") << codec::encodeContent(withDeaths()).left(40);
    }
    void damagedContentIsRejected()
    {
        QFETCH(QByteArray, bytes);
        QVERIFY(!codec::decodeContent(bytes));
    }

    void stateRoundTrip_data()
    {
        QTest::addColumn<qint64>("enqueuedAt");
        QTest::addColumn<qint64>("expiresAt");
        QTest::addColumn<quint32>("deliveryCount");
        QTest::addColumn<bool>("redelivered");
        QTest::addRow("zeros") << qint64(0) << qint64(0) << 0u << false;
        QTest::addRow("typical") << qint64(1700000000123) << qint64(1700000060123) << 3u << true;
        QTest::addRow("extremes") << std::numeric_limits<qint64>::min() << std::numeric_limits<qint64>::max()
                                  << std::numeric_limits<quint32>::max() << true;
    }
    void stateRoundTrip()
    {
        QFETCH(qint64, enqueuedAt);
        QFETCH(qint64, expiresAt);
        QFETCH(quint32, deliveryCount);
        QFETCH(bool, redelivered);
        codec::State s{enqueuedAt, expiresAt, 77, 1000000, deliveryCount, 7, redelivered, false};
        char buffer[codec::StateSize];
        codec::encodeState(s, buffer);
        const auto decoded = codec::decodeState(QByteArrayView(buffer, codec::StateSize));
        QVERIFY(decoded);
        QCOMPARE(*decoded, s);
    }
    void damagedStateIsRejected()
    {
        char buffer[codec::StateSize] = {};
        QVERIFY(!codec::decodeState(QByteArrayView(buffer, codec::StateSize - 1)));
        QVERIFY(!codec::decodeState(QByteArray(codec::StateSize + 1, '\0')));
        buffer[33] = char(0x80); // unknown flag bit
        QVERIFY(!codec::decodeState(QByteArrayView(buffer, codec::StateSize)));
    }

    void definitionsRoundTrip()
    {
        QueueDef q{QStringLiteral("orders"), true, true, false, nestedHeaders(), 17};
        QCOMPARE(codec::decodeQueueDef(codec::encodeQueueDef(q)), std::optional<QueueDef>(q));
        for (auto type : {ExchangeType::Direct, ExchangeType::Fanout, ExchangeType::Topic, ExchangeType::Headers,
                 ExchangeType::DelayedMessage}) {
            ExchangeDef e{QStringLiteral("ex"), type, false, true, true,
                {{QStringLiteral("x-delayed-type"), QStringLiteral("topic")}}};
            QCOMPARE(codec::decodeExchangeDef(codec::encodeExchangeDef(e)), std::optional<ExchangeDef>(e));
        }
        const QVariantMap args = nestedHeaders();
        QCOMPARE(codec::decodeArguments(codec::encodeArguments(args)), std::optional<QVariantMap>(args));
        // Deterministic: bindings are unique on these bytes.
        QCOMPARE(codec::encodeArguments(args), codec::encodeArguments(QVariantMap(args)));
    }
    void damagedDefinitionsAreRejected()
    {
        const QByteArray q = codec::encodeQueueDef(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
        QVERIFY(!codec::decodeQueueDef(q.left(q.size() - 3)));
        QVERIFY(!codec::decodeQueueDef(QByteArray(QByteArray(1, 0x09) + q.mid(1))));
        QVERIFY(!codec::decodeQueueDef(QByteArray(q + QByteArray(1, 0x78))));
        QByteArray e = codec::encodeExchangeDef(ExchangeDef{});
        QVERIFY(!codec::decodeExchangeDef(e.left(5)));
        QVERIFY(!codec::decodeExchangeDef(QByteArray()));
        QVERIFY(!codec::decodeArguments(QByteArray("\x00\x00\x00\x05", 4)));
    }
};

QTEST_GUILESS_MAIN(TestStoreCodec)
#include "tst_storecodec.moc"
