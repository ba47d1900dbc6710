// The query language (broker/query, docs/query.md): what each field and
// operator matches on real message values, what a wrong query is told and
// where, and which queues a query rules out by their names alone.

#include "broker/engine/DeathRecord.h"
#include "broker/query/Query.h"

#include <QTest>

using namespace depot;
using namespace depot::query;

namespace {

constexpr qint64 Now = 1'800'000'000'000;

QueuedMessage orderMessage()
{
    auto c = std::make_shared<MessageContent>();
    c->exchange = QStringLiteral("orders");
    c->routingKey = QStringLiteral("eu.order.created");
    c->body = R"({"customer":"frances","total":42.5,"items":[{"sku":"A-1","qty":2},{"sku":"B-7","qty":1}],"gift":false,"note":null})";
    c->properties.contentType = QStringLiteral("application/json");
    c->properties.messageId = QStringLiteral("order-10003");
    c->properties.deliveryMode = 2;
    c->properties.timestamp = 1'700'000'000;
    c->properties.headers = QVariantMap{
        {QStringLiteral("x-tenant"), QStringLiteral("acme")},
        {QStringLiteral("x-retries"), 3},
        {QStringLiteral("raw"), QByteArray("bytes here")},
        {QStringLiteral("trace"), QVariantMap{{QStringLiteral("span"), QStringLiteral("s-9")}}},
        {QStringLiteral("tags"), QVariantList{QStringLiteral("red"), QStringLiteral("blue")}},
    };
    c->priority = 4;
    c->deaths.record(QStringLiteral("orders.work"), DeathReason::Rejected, Now - 5000, QStringLiteral("orders"),
        {QStringLiteral("eu.order.created")}, std::nullopt);
    c->deaths.record(QStringLiteral("orders.work"), DeathReason::Rejected, Now - 4000, QStringLiteral("orders"),
        {QStringLiteral("eu.order.created")}, std::nullopt);
    c->deaths.record(QStringLiteral("orders.retry"), DeathReason::Expired, Now - 3000, QStringLiteral("orders"),
        {QStringLiteral("eu.order.created")}, std::nullopt);
    QueuedMessage m;
    m.id = 77;
    m.content = c;
    m.bodySize = quint32(c->body.size());
    m.enqueuedAt = Now - 15 * 60 * 1000;   // 15 minutes ago
    m.deliveryCount = 2;
    m.redelivered = true;
    m.persistent = true;
    return m;
}

QueuedMessage plainMessage()
{
    auto c = std::make_shared<MessageContent>();
    c->exchange = QString();
    c->routingKey = QStringLiteral("jobs");
    c->body = "Timeout while calling the PAYMENT service";
    QueuedMessage m;
    m.id = 5;
    m.content = c;
    m.bodySize = quint32(c->body.size());
    m.enqueuedAt = Now - 2000;
    return m;
}

} // namespace

class TestQuery final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesTheOrder_data();
    void matchesTheOrder();
    void plainBodies_data();
    void plainBodies();
    void jsonBodies_data();
    void jsonBodies();
    void emptyQueryMatchesEverything();
    void errorsPointAtTheProblem_data();
    void errorsPointAtTheProblem();
    void queueConditionsRuleOutQueues_data();
    void queueConditionsRuleOutQueues();
    void copiesShareTheParsedQuery();
};

void TestQuery::matchesTheOrder_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("expected");
    // The issue's own example, and its parts.
    QTest::newRow("example") << R"(body.customer = "frances" and deaths.count > 2 and age > 10m)" << true;
    QTest::newRow("example, younger") << R"(body.customer = "frances" and age > 20m)" << false;
    QTest::newRow("json string") << R"(body.customer = "frances")" << true;
    QTest::newRow("json string case counts") << R"(body.customer = "Frances")" << false;
    QTest::newRow("json string !=") << R"(body.customer != "ann")" << true;
    QTest::newRow("json number >") << R"(body.total > 40)" << true;
    QTest::newRow("json number = exact") << R"(body.total = 42.5)" << true;
    QTest::newRow("json number <=") << R"(body.total <= 42)" << false;
    QTest::newRow("json array index") << R"(body.items[1].sku = "B-7")" << true;
    QTest::newRow("json array dot index") << R"(body.items.0.qty = 2)" << true;
    QTest::newRow("json index past the end") << R"(body.items[5].sku exists)" << false;
    QTest::newRow("json bool") << R"(body.gift = false)" << true;
    QTest::newRow("json null") << R"(body.note = null)" << true;
    QTest::newRow("json null exists") << R"(body.note exists)" << true;
    QTest::newRow("json missing key") << R"(body.coupon exists)" << false;
    QTest::newRow("json missing key compares false") << R"(body.coupon != "x")" << false;
    QTest::newRow("json not missing") << R"(not body.coupon exists)" << true;
    QTest::newRow("json kinds differ") << R"(body.total = "42.5")" << false;
    QTest::newRow("json object exists") << R"(body.items exists)" << true;
    QTest::newRow("json quoted key") << R"(body."customer" = "frances")" << true;
    QTest::newRow("json regex") << R"(body.items[0].sku ~ "^A-\d$")" << true;
    QTest::newRow("body contains any case") << R"(body contains "FRANCES")" << true;
    QTest::newRow("bare string") << R"("frances")" << true;
    QTest::newRow("bare string absent") << R"("nobody")" << false;
    QTest::newRow("queue =") << R"(queue = "orders.dlq")" << true;
    QTest::newRow("queue like") << R"(queue like "orders.*")" << true;
    QTest::newRow("queue like anchored") << R"(queue like "orders")" << false;
    QTest::newRow("queue in") << R"(queue in ("a", "orders.dlq"))" << true;
    QTest::newRow("exchange") << R"(exchange = "orders")" << true;
    QTest::newRow("routing key regex") << R"(routing_key ~ "^eu\.")" << true;
    QTest::newRow("routing key not regex") << R"(routing_key !~ "^us\.")" << true;
    QTest::newRow("size") << R"(size > 100)" << true;
    QTest::newRow("size unit") << R"(size < 1kb)" << true;
    QTest::newRow("age") << R"(age >= 15m)" << true;
    QTest::newRow("age in hours") << R"(age < 1h)" << true;
    QTest::newRow("delivery count") << R"(delivery_count = 2)" << true;
    QTest::newRow("redelivered") << R"(redelivered = true)" << true;
    QTest::newRow("persistent") << R"(persistent = false)" << false;
    QTest::newRow("priority") << R"(priority >= 4)" << true;
    QTest::newRow("id") << R"(id = 77)" << true;
    QTest::newRow("group missing") << R"(group = "g")" << false;
    QTest::newRow("property") << R"(properties.content_type = "application/json")" << true;
    QTest::newRow("property by its name") << R"(message_id = "order-10003")" << true;
    QTest::newRow("property any case") << R"(Properties.Message_Id contains "10003")" << true;
    QTest::newRow("property number") << R"(properties.delivery_mode = 2)" << true;
    QTest::newRow("property timestamp") << R"(timestamp > 1600000000)" << true;
    QTest::newRow("property absent") << R"(properties.reply_to exists)" << false;
    QTest::newRow("header text") << R"(headers.x-tenant = "acme")" << true;
    QTest::newRow("header name case counts") << R"(headers.X-Tenant exists)" << false;
    QTest::newRow("header number") << R"(headers.x-retries >= 3)" << true;
    QTest::newRow("header bytes as text") << R"(headers.raw contains "here")" << true;
    QTest::newRow("header table") << R"(headers.trace.span = "s-9")" << true;
    QTest::newRow("header list") << R"(headers.tags[1] = "blue")" << true;
    QTest::newRow("header in") << R"(headers.x-tenant in ("acme", "globex"))" << true;
    QTest::newRow("deaths count") << R"(deaths.count = 3)" << true;
    QTest::newRow("deaths reason is the latest") << R"(deaths.reason = "expired")" << true;
    QTest::newRow("deaths reason older") << R"(deaths.reason = "rejected")" << false;
    QTest::newRow("deaths reason any case") << R"(deaths.reason = "EXPIRED")" << true;
    QTest::newRow("deaths queue") << R"(deaths.queue = "orders.retry")" << true;
    QTest::newRow("original queue") << R"(original_queue = "orders.work")" << true;
    QTest::newRow("or") << R"(body.customer = "ann" or body.customer = "frances")" << true;
    QTest::newRow("and binds tighter") << R"(id = 1 and id = 2 or id = 77)" << true;
    QTest::newRow("parentheses") << R"(id = 1 and (id = 2 or id = 77))" << false;
    QTest::newRow("not") << R"(not redelivered = true)" << false;
    QTest::newRow("keywords any case") << R"(ID = 77 AND NOT Body.gift = TRUE)" << true;
}

void TestQuery::matchesTheOrder()
{
    QFETCH(QString, query);
    QFETCH(bool, expected);
    QueryError error;
    const Query q = Query::parse(query, &error);
    QVERIFY2(q.isValid(), qPrintable(error.text()));
    QCOMPARE(q.matches(QStringLiteral("orders.dlq"), orderMessage(), Now), expected);
}

void TestQuery::plainBodies_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("expected");
    QTest::newRow("json path on text") << R"(body.customer exists)" << false;
    QTest::newRow("json path != on text") << R"(body.customer != "x")" << false;
    QTest::newRow("no deaths") << R"(deaths.count = 0)" << true;
    QTest::newRow("no death reason") << R"(deaths.reason exists or deaths.reason != "expired")" << false;
    QTest::newRow("no headers") << R"(headers.x exists)" << false;
    QTest::newRow("regex on body, case") << R"(body ~ "timeout")" << false;
    QTest::newRow("regex on body, (?i)") << R"(body ~ "(?i)timeout")" << true;
    QTest::newRow("like on body") << R"(body like "Timeout*service")" << true;
    QTest::newRow("young") << R"(age < 500ms)" << false;
    QTest::newRow("two seconds") << R"(age >= 2s)" << true;
    QTest::newRow("empty exchange") << R"(exchange = "")" << true;
}

void TestQuery::plainBodies()
{
    QFETCH(QString, query);
    QFETCH(bool, expected);
    QueryError error;
    const Query q = Query::parse(query, &error);
    QVERIFY2(q.isValid(), qPrintable(error.text()));
    QCOMPARE(q.matches(QStringLiteral("jobs"), plainMessage(), Now), expected);
}

void TestQuery::jsonBodies_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("expected");
    const QByteArray nested = R"({"a":{"x":"}]{[\"","list":[1,{"k":"v"},[2,3]]},"b":{"c":"found"}})";
    QTest::newRow("skips strings with brackets") << nested << R"(body.b.c = "found")" << true;
    QTest::newRow("nested list") << nested << R"(body.a.list[2][1] = 3)" << true;
    QTest::newRow("object in list") << nested << R"(body.a.list[1].k = "v")" << true;
    QTest::newRow("escaped quote in value") << nested << R"(body.a.x = "}]{[\"")" << true;
    QTest::newRow("escaped key") << QByteArray(R"({"na\u006de":"ok"})") << R"(body.name = "ok")" << true;
    QTest::newRow("unicode escape in value") << QByteArray(R"({"city":"Z\u00fcrich"})") << QString::fromUtf8("body.city = \"Zürich\"") << true;
    QTest::newRow("surrogate pair") << QByteArray(R"({"e":"\ud83d\ude00"})") << QString::fromUtf8("body.e = \"\U0001F600\"") << true;
    QTest::newRow("utf-8 value") << QString::fromUtf8(R"({"city":"Zürich"})").toUtf8() << QString::fromUtf8("body.city = \"Zürich\"") << true;
    QTest::newRow("number key on object") << QByteArray(R"({"0":"zero"})") << R"(body.0 = "zero")" << true;
    QTest::newRow("spaces everywhere") << QByteArray(" { \"a\" :\n [ 1 , 2 ] } ") << R"(body.a[1] = 2)" << true;
    QTest::newRow("exponent") << QByteArray(R"({"n":1.5e3})") << R"(body.n = 1500)" << true;
    QTest::newRow("negative") << QByteArray(R"({"n":-2})") << R"(body.n < 0)" << true;
    QTest::newRow("first duplicate wins") << QByteArray(R"({"k":1,"k":2})") << R"(body.k = 1)" << true;
    QTest::newRow("broken after the value") << QByteArray(R"({"k":"v","rest":)") << R"(body.k = "v")" << true;
    QTest::newRow("broken before the value") << QByteArray(R"({"j":[1,2,"k":"v"})") << R"(body.k exists)" << false;
    QTest::newRow("not JSON") << QByteArray("k=v") << R"(body.k exists)" << false;
    QTest::newRow("empty body") << QByteArray() << R"(body.k exists)" << false;
    QTest::newRow("top-level array") << QByteArray(R"([{"k":"v"}])") << R"(body[0].k = "v")" << true;
    QTest::newRow("path into a string") << QByteArray(R"({"k":"v"})") << R"(body.k.x exists)" << false;
    QTest::newRow("true is not 1") << QByteArray(R"({"b":true})") << R"(body.b = 1)" << false;
    QTest::newRow("bare number") << QByteArray(R"({"b":12x})") << R"(body.b exists)" << false;
    QTest::newRow("contains in a value") << QByteArray(R"({"msg":"Payment TIMEOUT"})") << R"(body.msg contains "timeout")" << true;
    QTest::newRow("contains non-ASCII") << QString::fromUtf8("Grüße aus Köln").toUtf8() << QString::fromUtf8("\"KÖLN\"") << true;
    QTest::newRow("bare ASCII any case") << QByteArray("Grüße aus Köln") << QStringLiteral("body contains \"AUS\"") << true;
}

void TestQuery::jsonBodies()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, query);
    QFETCH(bool, expected);
    QueryError error;
    const Query q = Query::parse(query, &error);
    QVERIFY2(q.isValid(), qPrintable(error.text()));
    QueuedMessage m = plainMessage();
    auto c = std::make_shared<MessageContent>(*m.content);
    c->body = body;
    m.content = c;
    QCOMPARE(q.matches(QStringLiteral("jobs"), m, Now), expected);
}

void TestQuery::emptyQueryMatchesEverything()
{
    QueryError error;
    const Query q = Query::parse(QStringLiteral("   "), &error);
    QVERIFY(q.isValid());
    QVERIFY(q.isEmpty());
    QVERIFY(q.matches(QStringLiteral("jobs"), plainMessage(), Now));
    QVERIFY(Query().matches(QStringLiteral("jobs"), plainMessage(), Now));
    QVERIFY(!Query::parse(QStringLiteral("id = 5"), &error).isEmpty());
}

void TestQuery::errorsPointAtTheProblem_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("says");
    QTest::newRow("unknown field") << "bdy.customer = 1" << 1 << "unknown field 'bdy.customer'";
    QTest::newRow("no value") << "body.customer =" << 16 << "expected a value after '='";
    QTest::newRow("no operator") << "body.customer" << 14 << "expected an operator after body.customer";
    QTest::newRow("age wants a duration") << "age > 10" << 5 << "age is compared with a duration";
    QTest::newRow("unknown unit") << "age > 10y" << 7 << "unknown unit 'y'";
    QTest::newRow("size wants bytes") << "size > 10m" << 6 << "size is compared with a number of bytes";
    QTest::newRow("unclosed string") << "queue = \"orders" << 9 << "has no closing \"";
    QTest::newRow("unclosed parenthesis") << "(id = 1 or id = 2" << 18 << "expected ')' to close the '(' at 1";
    QTest::newRow("empty parentheses") << "()" << 2 << "expected a condition";
    QTest::newRow("dangling and") << "id = 1 and" << 11 << "expected a field, a string";
    QTest::newRow("two conditions without and") << "id = 1 id = 2" << 8 << "expected 'and', 'or' or the end";
    QTest::newRow("bad regex") << "body ~ \"(\"" << 6 << "the regular expression is not valid";
    QTest::newRow("regex wants a string") << "routing_key ~ 5" << 13 << "'~' takes a \"string\"";
    QTest::newRow("number field, text value") << "delivery_count = \"2\"" << 16 << "delivery_count is a number";
    QTest::newRow("text field, number value") << "queue = 5" << 7 << "queue is text";
    QTest::newRow("bool field") << "redelivered = 1" << 13 << "redelivered is true or false";
    QTest::newRow("bool cannot be ordered") << "redelivered > true" << 13 << "cannot be ordered";
    QTest::newRow("contains on a number") << "size contains \"1\"" << 6 << "size is not text";
    QTest::newRow("exists on a fixed field") << "queue exists" << 7 << "every message has queue";
    QTest::newRow("unknown reason") << "deaths.reason = \"timeout\"" << 15 << "deaths.reason is one of";
    QTest::newRow("unknown property") << "properties.colour = \"red\"" << 1 << "'properties.colour' is not a property";
    QTest::newRow("headers alone") << "headers = 1" << 1 << "'headers' needs a header's name";
    QTest::newRow("deaths alone") << "deaths.when > 1" << 1 << "use deaths.count";
    QTest::newRow("in without list") << "queue in \"a\"" << 10 << "expected '(' and a list";
    QTest::newRow("in unclosed") << "queue in (\"a\" \"b\")" << 15 << "expected ',' or ')'";
    QTest::newRow("stray character") << "id = 1 & id = 2" << 8 << "unexpected character '&'";
    QTest::newRow("bad index") << "body.items[x] = 1" << 12 << "expected an index";
    QTest::newRow("huge index") << "body.items[99999999999999999999] = 1" << 12 << "expected an index";
    QTest::newRow("position counts leading spaces") << "   age > 3" << 8 << "age is compared";
}

void TestQuery::errorsPointAtTheProblem()
{
    QFETCH(QString, query);
    QFETCH(int, position);
    QFETCH(QString, says);
    QueryError error;
    const Query q = Query::parse(query, &error);
    QVERIFY(!q.isValid());
    QVERIFY2(error.message.contains(says), qPrintable(error.text()));
    QCOMPARE(error.position, qsizetype(position));
    QVERIFY(error.text().startsWith(QStringLiteral("at %1: ").arg(position)));
    // A query that did not parse matches nothing, rather than everything.
    QVERIFY(!q.matches(QStringLiteral("orders.dlq"), orderMessage(), Now));
    QVERIFY(!q.mayMatchQueue(QStringLiteral("orders.dlq")));
}

void TestQuery::queueConditionsRuleOutQueues_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("orders");   // may match in "orders.dlq"
    QTest::addColumn<bool>("jobs");     // may match in "jobs"
    QTest::newRow("no queue condition") << R"(body.customer = "x")" << true << true;
    QTest::newRow("queue =") << R"(queue = "jobs" and age > 1m)" << false << true;
    QTest::newRow("queue like") << R"(queue like "orders.*" and "frances")" << true << false;
    QTest::newRow("or with an unknown") << R"(queue = "jobs" or body.x = 1)" << true << true;
    QTest::newRow("not") << R"(not queue = "jobs")" << true << false;
    QTest::newRow("in") << R"(queue in ("jobs", "mail"))" << false << true;
    QTest::newRow("regex") << R"(queue ~ "dlq$")" << true << false;
}

void TestQuery::queueConditionsRuleOutQueues()
{
    QFETCH(QString, query);
    QFETCH(bool, orders);
    QFETCH(bool, jobs);
    QueryError error;
    const Query q = Query::parse(query, &error);
    QVERIFY2(q.isValid(), qPrintable(error.text()));
    QCOMPARE(q.mayMatchQueue(QStringLiteral("orders.dlq")), orders);
    QCOMPARE(q.mayMatchQueue(QStringLiteral("jobs")), jobs);
    // Never wrong in the other direction: a queue it rules out has no match.
    if (!orders)
        QVERIFY(!q.matches(QStringLiteral("orders.dlq"), orderMessage(), Now));
    if (!jobs)
        QVERIFY(!q.matches(QStringLiteral("jobs"), plainMessage(), Now));
}

void TestQuery::copiesShareTheParsedQuery()
{
    QueryError error;
    Query a = Query::parse(QStringLiteral("body.customer = \"frances\""), &error);
    const Query b = a;
    a = Query::parse(QStringLiteral("id = 5"), &error);
    QVERIFY(b.matches(QStringLiteral("q"), orderMessage(), Now));
    QVERIFY(!a.matches(QStringLiteral("q"), orderMessage(), Now));
    QCOMPARE(b.text(), QStringLiteral("body.customer = \"frances\""));
}

QTEST_GUILESS_MAIN(TestQuery)
#include "tst_query.moc"
