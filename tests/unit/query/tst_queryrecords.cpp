// The query language over Kafka records (broker/query, docs/query.md,
// "Topics"): what each record field and operator matches on real record
// values (keys, values, headers, tombstones), what a query naming a field
// records do not have is told, and which topics a query rules out by name.

#include "broker/kafka/codec/RecordBatch.h"
#include "broker/query/Query.h"

#include <QDateTime>
#include <QTest>

using namespace depot;
using namespace depot::query;

namespace {

constexpr qint64 Now = 1'800'000'000'000;

struct TestRecord
{
    QString topic;
    qint32 partition = 0;
    qint64 offset = 0;
    qint64 timestamp = 0;
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;
    QList<kafka::RecordHeader> headers;
    RecordRef ref() const { return RecordRef{topic, partition, offset, timestamp, key, value, headers}; }
};

TestRecord order()
{
    TestRecord r;
    r.topic = QStringLiteral("orders.eu");
    r.partition = 2;
    r.offset = 1041;
    r.timestamp = Now - 15 * 60 * 1000;   // 15 minutes ago
    r.key = QByteArray(R"({"region":"eu","id":10003})");
    r.value = QByteArray(R"({"customer":"frances","total":42.5,"items":[{"sku":"A-1"}]})");
    r.headers = {{QStringLiteral("tenant"), QByteArray("globex")}, {QStringLiteral("tenant"), QByteArray("acme")},
        {QStringLiteral("trace"), std::nullopt}};
    return r;
}

TestRecord tombstone()
{
    TestRecord r;
    r.topic = QStringLiteral("users");
    r.partition = 0;
    r.offset = 7;
    r.timestamp = Now - 1000;
    r.key = QByteArray("user-9");
    return r;
}

Query parsed(const QString &text)
{
    QueryError error;
    const Query q = Query::parse(text, &error, Over::Records);
    if (!q.isValid())
        qWarning("%s", qPrintable(error.text()));
    return q;
}

} // namespace

class TestQueryRecords final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesRecords_data();
    void matchesRecords();
    void messageFieldsAreRefusedByName_data();
    void messageFieldsAreRefusedByName();
    void queriesKeepToTheirKind();
    void topicConditionsRuleOutTopics_data();
    void topicConditionsRuleOutTopics();
    void pickNamesByPattern();
};

void TestQueryRecords::matchesRecords_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("order");
    QTest::addColumn<bool>("tombstone");
    QTest::newRow("empty") << "" << true << true;
    QTest::newRow("topic =") << R"(topic = "orders.eu")" << true << false;
    QTest::newRow("topic like") << R"(topic like "orders.*")" << true << false;
    QTest::newRow("partition") << "partition = 2" << true << false;
    QTest::newRow("offset range") << "offset >= 1000 and offset < 2000" << true << false;
    QTest::newRow("offset in") << "offset in (7, 8)" << false << true;
    QTest::newRow("timestamp ms") << QStringLiteral("timestamp < %1").arg(Now - 60000) << true << false;
    QTest::newRow("timestamp iso") << QStringLiteral("timestamp > \"%1\"")
            .arg(QDateTime::fromMSecsSinceEpoch(Now - 60000, Qt::UTC).toString(Qt::ISODateWithMs))
                                   << false << true;
    QTest::newRow("age") << "age > 10m" << true << false;
    QTest::newRow("size") << "size > 20" << true << false;
    QTest::newRow("size of a tombstone") << "size = 0" << false << true;
    QTest::newRow("bare string in the value") << R"("FRANCES")" << true << false;
    QTest::newRow("bare string not in the key") << R"("user-9")" << false << false;
    QTest::newRow("value contains") << R"(value contains "frances")" << true << false;
    QTest::newRow("body is the value") << R"(body ~ "total.:4")" << true << false;
    QTest::newRow("value path") << R"(value.customer = "frances" and value.total > 40)" << true << false;
    QTest::newRow("body path") << R"(body.items[0].sku = "A-1")" << true << false;
    QTest::newRow("value null") << "value = null" << false << true;
    QTest::newRow("null is there") << "value exists" << true << true;
    QTest::newRow("key text") << R"(key = "user-9")" << false << true;
    QTest::newRow("key regex") << R"(key ~ "^user-\d+$")" << false << true;
    QTest::newRow("key path") << "key.id = 10003" << true << false;
    QTest::newRow("key exists") << "key exists" << true << true;
    QTest::newRow("header: the last of its key") << R"(headers.tenant = "acme")" << true << false;
    QTest::newRow("header: not the first") << R"(headers.tenant = "globex")" << false << false;
    QTest::newRow("header null") << "headers.trace = null" << true << false;
    QTest::newRow("header missing") << "headers.tenant exists" << true << false;
    QTest::newRow("or and not") << R"(partition = 0 or not value.customer = "x")" << true << true;
}

void TestQueryRecords::matchesRecords()
{
    QFETCH(QString, query);
    QFETCH(bool, order);
    QFETCH(bool, tombstone);
    const Query q = parsed(query);
    QVERIFY(q.isValid());
    const TestRecord o = ::order();
    const TestRecord t = ::tombstone();
    QCOMPARE(q.matchesRecord(o.ref(), Now), order);
    QCOMPARE(q.matchesRecord(t.ref(), Now), tombstone);
}

void TestQueryRecords::messageFieldsAreRefusedByName_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("says");
    QTest::newRow("deaths") << "deaths.count > 2" << 1 << "Kafka records have no field 'deaths.count'";
    QTest::newRow("queue") << R"(offset > 1 and queue = "a")" << 16 << "Kafka records have no field 'queue'";
    QTest::newRow("a property") << R"(message_id = "m")" << 1 << "Kafka records have no field 'message_id'";
    QTest::newRow("unknown") << "valu = 1" << 1 << "unknown field 'valu'; fields of records are topic";
    QTest::newRow("deep header") << R"(headers.a.b = "x")" << 1 << "a record's header is headers.<key>";
    QTest::newRow("offset wants a number") << R"(offset = "5")" << 8 << "offset is a number";
    QTest::newRow("timestamp wants a time") << R"(timestamp > "yesterday")" << 11 << "ISO 8601";
    QTest::newRow("value cannot be ordered") << R"(value > "a")" << 7 << "cannot be ordered";
    QTest::newRow("exists on a fixed field") << "offset exists" << 8 << "every record has offset";
    QTest::newRow("key wants text or null") << "key = 5" << 5 << "key is text or null";
}

void TestQueryRecords::messageFieldsAreRefusedByName()
{
    QFETCH(QString, query);
    QFETCH(int, position);
    QFETCH(QString, says);
    QueryError error;
    const Query q = Query::parse(query, &error, Over::Records);
    QVERIFY(!q.isValid());
    QVERIFY2(error.message.contains(says), qPrintable(error.text()));
    QCOMPARE(error.position, qsizetype(position));
    const TestRecord o = order();
    QVERIFY(!q.matchesRecord(o.ref(), Now));
}

void TestQueryRecords::queriesKeepToTheirKind()
{
    // A query over messages names a record's field: told where to ask.
    QueryError error;
    QVERIFY(!Query::parse(QStringLiteral("offset > 5"), &error).isValid());
    QVERIFY2(error.message.contains(QStringLiteral("offset is a field of Kafka records")), qPrintable(error.text()));
    // A query parsed for one kind matches nothing of the other.
    const TestRecord o = order();
    QVERIFY(!Query::parse(QString(), &error).matchesRecord(o.ref(), Now));
    QueuedMessage m;
    m.content = std::make_shared<MessageContent>();
    QVERIFY(!parsed(QString()).matches(QStringLiteral("q"), m, Now));
    QVERIFY(!parsed(QString()).mayMatchQueue(QStringLiteral("q")));
    QVERIFY(!Query().mayMatchTopic(QStringLiteral("t")));
}

void TestQueryRecords::topicConditionsRuleOutTopics_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("orders");   // may match in "orders.eu"
    QTest::addColumn<bool>("users");    // may match in "users"
    QTest::newRow("no topic condition") << R"(value.customer = "x")" << true << true;
    QTest::newRow("topic =") << R"(topic = "users" and age > 1m)" << false << true;
    QTest::newRow("topic like") << R"(topic like "orders.*" and "frances")" << true << false;
    QTest::newRow("or with an unknown") << R"(topic = "users" or key = "x")" << true << true;
    QTest::newRow("not") << R"(not topic = "users")" << true << false;
}

void TestQueryRecords::topicConditionsRuleOutTopics()
{
    QFETCH(QString, query);
    QFETCH(bool, orders);
    QFETCH(bool, users);
    const Query q = parsed(query);
    QVERIFY(q.isValid());
    QCOMPARE(q.mayMatchTopic(QStringLiteral("orders.eu")), orders);
    QCOMPARE(q.mayMatchTopic(QStringLiteral("users")), users);
    const TestRecord o = order();
    const TestRecord t = tombstone();
    if (!orders)
        QVERIFY(!q.matchesRecord(o.ref(), Now));
    if (!users)
        QVERIFY(!q.matchesRecord(t.ref(), Now));
}

void TestQueryRecords::pickNamesByPattern()
{
    const QStringList all{QStringLiteral("audit"), QStringLiteral("orders.eu"), QStringLiteral("orders.us")};
    QString missing;
    QCOMPARE(pickNames(all, {}, &missing), all);
    QCOMPARE(pickNames(all, {QStringLiteral("orders.*")}, &missing),
        QStringList({QStringLiteral("orders.eu"), QStringLiteral("orders.us")}));
    QCOMPARE(pickNames(all, {QStringLiteral("orders.u?"), QStringLiteral("audit")}, &missing),
        QStringList({QStringLiteral("audit"), QStringLiteral("orders.us")}));
    QVERIFY(missing.isEmpty());
    QVERIFY(pickNames(all, {QStringLiteral("x.*")}, &missing).isEmpty());
    QVERIFY(missing.isEmpty());   // a pattern may pick none
    QVERIFY(pickNames(all, {QStringLiteral("orders")}, &missing).isEmpty());
    QCOMPARE(missing, QStringLiteral("orders"));
}

QTEST_GUILESS_MAIN(TestQueryRecords)
#include "tst_queryrecords.moc"
