// Export and import over HTTP (broker/http/ExportRoutes.cpp): a streamed
// export that leaves the queue as it was, an import that restores every
// field, and imports that are refused whole (bad line, bad property, full
// queue, closed publish gate) with nothing imported.

#include "HttpTestSupport.h"
#include "broker/amqp/AmqpPublishOptions.h"
#include "broker/amqp/codec/FieldTable.h"
#include "broker/export/ExportFormat.h"
#include "broker/store/Store.h"

#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

MessageProperties richProperties(int i)
{
    MessageProperties p;
    p.contentType = QStringLiteral("application/json");
    p.deliveryMode = 2;
    p.priority = 4;
    p.messageId = QStringLiteral("m-%1").arg(i);
    p.correlationId = QStringLiteral("c-%1").arg(i);
    p.timestamp = 1'700'000'000 + i;
    p.headers = QVariantMap{
        {QStringLiteral("n"), QVariant::fromValue(qint16(i))},
        {QStringLiteral("big"), QVariant::fromValue(qint64(1) << 40)},
        {QStringLiteral("ratio"), QVariant::fromValue(0.25f)},
        {QStringLiteral("ok"), true},
        {QStringLiteral("raw"), QByteArray("\x01\x02", 2)},
        {QStringLiteral("when"), QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC)},
        {QStringLiteral("tags"), QVariantList{QStringLiteral("a"), QVariant::fromValue(quint8(2))}},
        {QStringLiteral("nested"), QVariantMap{{QStringLiteral("d"), QVariant::fromValue(Decimal{1, 15})}}},
    };
    return p;
}

QList<exportformat::ExportedMessage> readExport(const QByteArray &file, exportformat::Header *header = nullptr)
{
    QList<exportformat::ExportedMessage> out;
    exportformat::DecodeError error;
    const auto count
        = exportformat::decodeFile(file, header, &error, [&](exportformat::ExportedMessage &&m) { out.append(m); });
    if (!count)
        qWarning("%s", qPrintable(error.message()));
    return out;
}

QList<MessageView> all(Engine &engine, const QString &queue)
{
    return engine.browse(queue, 0, 100000);
}

bool sameContent(const MessageContent &a, const MessageContent &b)
{
    MessageContent x = a;
    MessageContent y = b;
    const QByteArray hx = x.properties.headers ? amqp::encodeFieldTable(*x.properties.headers) : QByteArray("-");
    const QByteArray hy = y.properties.headers ? amqp::encodeFieldTable(*y.properties.headers) : QByteArray("-");
    x.properties.headers.reset();
    y.properties.headers.reset();
    // Who published it is the history's (an actor number of this Depot),
    // not part of the message: the file does not carry it.
    x.publisher.reset();
    y.publisher.reset();
    return hx == hy && x == y;
}

} // namespace

class TestHttpExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void exportStreamsTheWholeQueueAndChangesNothing();
    void exportWithFilter();
    void exportRefusals();
    void requestPipelinedBehindAnExportIsNotAnswered();
    void importRestoresEveryField();
    void importRenewsIdsAndTimestampsOnRequest();
    void importThroughAnExchange();
    void badFilesImportNothing_data();
    void badFilesImportNothing();
    void fullQueueImportsNothing();
    void closedGateImportsNothing();
    void importCompletesOnceCommitted();
};

void TestHttpExport::exportStreamsTheWholeQueueAndChangesNothing()
{
    HttpFixture f;
    QVERIFY(f.listening);
    Engine &e = *f.engine;
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("orders"), true, false, false, {}, 0}, false).ok());
    const int n = 2500; // several slices
    for (int i = 0; i < n; ++i)
        e.publish(QString(), QStringLiteral("orders"), richProperties(i),
            i % 2 ? QByteArray(QByteArray("{\"i\":") + QByteArray::number(i) + '}')
                  : QByteArray(QByteArray("\xff\x00", 2) + QByteArray::number(i)));
    const QList<MessageView> before = all(e, QStringLiteral("orders"));
    const HttpResult r = f.client->get("/api/depot/queues/%2F/orders/export");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.headers.value("content-type"), QByteArray("application/x-ndjson"));
    exportformat::Header header;
    const auto messages = readExport(r.body, &header);
    QCOMPARE(messages.size(), n);
    QCOMPARE(header.queue, QStringLiteral("orders"));
    for (int i = 0; i < n; ++i) {
        QCOMPARE(messages.at(i).id, before.at(i).state.id);
        QVERIFY(sameContent(messages.at(i).content, *before.at(i).state.content));
    }
    // Non-destructive: the queue is as it was.
    const QList<MessageView> after = all(e, QStringLiteral("orders"));
    QCOMPARE(after.size(), n);
    QCOMPARE(after.first().state.id, before.first().state.id);
    QCOMPARE(after.first().state.deliveryCount, quint32(0));
    // And an empty queue exports its header alone.
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("empty"), true, false, false, {}, 0}, false).ok());
    const HttpResult empty = f.client->get("/api/depot/queues/%2F/empty/export");
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.body.count('\n'), 1);
}

void TestHttpExport::exportWithFilter()
{
    HttpFixture f;
    Engine &e = *f.engine;
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0}, false).ok());
    for (int i = 0; i < 30; ++i)
        e.publish(QString(), QStringLiteral("q"), {}, i % 3 ? "customer=bob" : "customer=frances");
    const HttpResult r = f.client->get("/api/depot/queues/%2F/q/export?filter=FRANCES");
    QCOMPARE(r.status, 200);
    exportformat::Header header;
    const auto messages = readExport(r.body, &header);
    QCOMPARE(messages.size(), 10);
    QCOMPARE(header.filter, QStringLiteral("FRANCES"));
    const HttpResult regex
        = f.client->get("/api/depot/queues/%2F/q/export?filter=fran%5Bc%5Des&regex=true&case_sensitive=true");
    QCOMPARE(readExport(regex.body).size(), 10);
}

void TestHttpExport::exportRefusals()
{
    HttpFixture f;
    QCOMPARE(f.client->get("/api/depot/queues/%2F/ghost/export").status, 404);
    QCOMPARE(f.client->get("/api/depot/queues/other/ghost/export").status, 404);
    QVERIFY(f.engine->declareQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0}, false).ok());
    QCOMPARE(f.client->get("/api/depot/queues/%2F/q/export?filter=(&regex=true").status, 400);
    QCOMPARE(f.client->get("/api/depot/queues/%2F/q/export?regex=maybe").status, 400);
    QCOMPARE(f.client->send("GET", "/api/depot/queues/%2F/q/export", {}, {}).status, 401);
}

void TestHttpExport::requestPipelinedBehindAnExportIsNotAnswered()
{
    HttpFixture f;
    QVERIFY(f.engine->declareQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0}, false).ok());
    for (int i = 0; i < 2000; ++i)
        f.engine->publish(QString(), QStringLiteral("q"), {}, "m");
    QTcpSocket client;
    client.connectToHost(QHostAddress::LocalHost, f.api->port());
    QVERIFY(client.waitForConnected(5000));
    const QByteArray auth = "Authorization: Basic " + QByteArray("guest:guest").toBase64() + "\r\n";
    client.write("GET /api/depot/queues/%2F/q/export HTTP/1.1\r\nHost: 127.0.0.1\r\n" + auth
        + "\r\n"
          "GET /api/overview HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + auth + "\r\n");
    QByteArray answer;
    QObject::connect(&client, &QTcpSocket::readyRead, &client, [&] { answer += client.readAll(); });
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == QAbstractSocket::UnconnectedState, 10000);
    answer += client.readAll();
    QCOMPARE(answer.count("HTTP/1.1 "), 1); // the export's status line alone
    QVERIFY(answer.contains("Transfer-Encoding: chunked"));
    QVERIFY(answer.endsWith("\r\n0\r\n\r\n")); // and it ended with its last chunk
    QCOMPARE(answer.count("\"body\":\"m\""), 2000);
}

void TestHttpExport::importRestoresEveryField()
{
    HttpFixture f;
    Engine &e = *f.engine;
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("source"), true, false, false, {}, 0}, false).ok());
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("dead"), true, false, false, {}, 0}, false).ok());
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("target"), true, false, false, {}, 0}, false).ok());
    // Published as the AMQP adapter publishes: the properties' own TTL and
    // priority typed in the options (and so in the content), as import does.
    for (int i = 0; i < 50; ++i) {
        const MessageProperties properties = richProperties(i);
        e.publish(QString(), QStringLiteral("source"), properties,
            QByteArray(QByteArray("\x00\x01 body ", 8) + QByteArray::number(i)),
            amqpPublishOptions(e, QString(), properties).value);
    }
    // A dead letter, with its typed history.
    MessageContent dead;
    dead.routingKey = QStringLiteral("orders");
    dead.body = "died";
    dead.deaths.record(QStringLiteral("orders"), DeathReason::Rejected, 1'700'000'000'000, QString(),
        {QStringLiteral("orders")}, QStringLiteral("5000"));
    QVERIFY(e.publishToQueue(QStringLiteral("source"), dead).routed);
    const HttpResult exported = f.client->get("/api/depot/queues/%2F/source/export");
    QCOMPARE(exported.status, 200);

    const HttpResult r = f.client->send("POST", "/api/depot/queues/%2F/target/import", exported.body);
    QCOMPARE(r.status, 202);
    QVERIFY(r.headers.value("location").startsWith("/api/depot/tasks/"));
    QCOMPARE(r.object().value(QStringLiteral("action")).toString(), QStringLiteral("import"));
    QCOMPARE(r.object().value(QStringLiteral("done")).toInt(), 51);
    const HttpResult task = f.client->get(r.headers.value("location"));
    QCOMPARE(task.object().value(QStringLiteral("state")).toString(), QStringLiteral("completed"));

    const QList<MessageView> source = all(e, QStringLiteral("source"));
    const QList<MessageView> target = all(e, QStringLiteral("target"));
    QCOMPARE(target.size(), source.size());
    for (qsizetype i = 0; i < source.size(); ++i) {
        QVERIFY2(sameContent(*target.at(i).state.content, *source.at(i).state.content), qPrintable(QString::number(i)));
        QVERIFY(target.at(i).state.id != source.at(i).state.id); // a new copy in its new queue
        QCOMPARE(target.at(i).state.priority, source.at(i).state.priority);
    }
    QCOMPARE(target.last().state.content->deaths.originalQueue(), QStringLiteral("orders"));
    // The source is untouched.
    QCOMPARE(source.size(), 51);
}

void TestHttpExport::importRenewsIdsAndTimestampsOnRequest()
{
    HttpFixture f;
    Engine &e = *f.engine;
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("source"), true, false, false, {}, 0}, false).ok());
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("target"), true, false, false, {}, 0}, false).ok());
    e.publish(QString(), QStringLiteral("source"), richProperties(1), "x");
    MessageProperties none;
    e.publish(QString(), QStringLiteral("source"), none, "y");
    const QByteArray file = f.client->get("/api/depot/queues/%2F/source/export").body;
    QCOMPARE(
        f.client->send("POST", "/api/depot/queues/%2F/target/import?keep_ids=false&keep_timestamps=false", file).status,
        202);
    const QList<MessageView> target = all(e, QStringLiteral("target"));
    QCOMPARE(target.size(), 2);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QSet<QString> ids;
    for (const MessageView &v : target) {
        const MessageProperties &p = v.state.content->properties;
        QVERIFY(p.messageId && !p.messageId->isEmpty() && *p.messageId != QStringLiteral("m-1"));
        ids.insert(*p.messageId);
        QVERIFY(p.timestamp && qAbs(*p.timestamp - now) < 60);
    }
    QCOMPARE(ids.size(), 2);
    QCOMPARE(f.client->send("POST", "/api/depot/queues/%2F/target/import?keep_ids=perhaps", file).status, 400);
}

void TestHttpExport::importThroughAnExchange()
{
    HttpFixture f;
    Engine &e = *f.engine;
    QVERIFY(e.declareQueue(QueueDef{QStringLiteral("bound"), true, false, false, {}, 0}, false).ok());
    QVERIFY(e.bind(BindingDef{QStringLiteral("amq.direct"), QStringLiteral("bound"), DestinationKind::Queue,
                       QStringLiteral("k"), {}})
                .ok());
    exportformat::Header h;
    QByteArray file = exportformat::encodeHeader(h);
    for (const char *key : {"k", "elsewhere", "k"}) {
        exportformat::ExportedMessage m;
        m.content.routingKey = QString::fromLatin1(key);
        m.content.body = key;
        file += exportformat::encodeMessage(m);
    }
    const HttpResult r = f.client->send("POST", "/api/depot/exchanges/%2F/amq.direct/import", file);
    QCOMPARE(r.status, 202);
    QCOMPARE(r.object().value(QStringLiteral("done")).toInt(), 2);
    QCOMPARE(r.object().value(QStringLiteral("skipped")).toInt(), 1);
    const QList<MessageView> bound = all(e, QStringLiteral("bound"));
    QCOMPARE(bound.size(), 2);
    QCOMPARE(bound.first().state.content->exchange, QStringLiteral("amq.direct"));
    QCOMPARE(f.client->send("POST", "/api/depot/exchanges/%2F/ghost/import", file).status, 404);
}

void TestHttpExport::badFilesImportNothing_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("field");
    exportformat::ExportedMessage good;
    good.content.body = "fine";
    const QByteArray header = exportformat::encodeHeader({});
    const QByteArray ok = exportformat::encodeMessage(good);
    QByteArray unknown = ok;
    unknown.replace("\"body\":", "\"colour\":\"red\",\"body\":");
    QTest::addRow("unknown field") << QByteArray(header + ok + unknown + ok) << 3 << QStringLiteral("colour");
    QTest::addRow("not json") << QByteArray(header + ok + ok + "{oops\n") << 4 << QString();
    QTest::addRow("no header") << QByteArray(ok + ok) << 1 << QString();
    exportformat::ExportedMessage expiring = good;
    expiring.content.properties.expiration = QStringLiteral("soon");
    QTest::addRow("bad expiration") << QByteArray(header + ok + exportformat::encodeMessage(expiring)) << 3
                                    << QStringLiteral("properties");
}

void TestHttpExport::badFilesImportNothing()
{
    QFETCH(QByteArray, file);
    QFETCH(int, line);
    QFETCH(QString, field);
    HttpFixture f;
    QVERIFY(f.engine->declareQueue(QueueDef{QStringLiteral("target"), true, false, false, {}, 0}, false).ok());
    const HttpResult r = f.client->send("POST", "/api/depot/queues/%2F/target/import", file);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.object().value(QStringLiteral("line")).toInt(), line);
    QCOMPARE(r.object().value(QStringLiteral("field")).toString(), field);
    QVERIFY2(r.object().value(QStringLiteral("reason")).toString().startsWith(QStringLiteral("line %1").arg(line)),
        r.body.constData());
    QCOMPARE(f.engine->queue(QStringLiteral("target"))->ready, quint64(0));
}

void TestHttpExport::fullQueueImportsNothing()
{
    HttpFixture f;
    QVERIFY(f.engine
                ->declareQueue(QueueDef{QStringLiteral("small"), true, false, false,
                                   {{QStringLiteral("x-max-length"), 2},
                                       {QStringLiteral("x-overflow"), QStringLiteral("reject-publish")}},
                                   0},
                    false)
                .ok());
    QByteArray file = exportformat::encodeHeader({});
    for (int i = 0; i < 3; ++i)
        file += exportformat::encodeMessage({});
    const HttpResult r = f.client->send("POST", "/api/depot/queues/%2F/small/import", file);
    QCOMPARE(r.status, 400);
    QVERIFY2(r.object().value(QStringLiteral("reason")).toString().contains(QStringLiteral("x-max-length")),
        r.body.constData());
    QCOMPARE(f.engine->queue(QStringLiteral("small"))->ready, quint64(0));
}

void TestHttpExport::closedGateImportsNothing()
{
    HttpFixture f;
    QVERIFY(f.engine->declareQueue(QueueDef{QStringLiteral("target"), true, false, false, {}, 0}, false).ok());
    const QByteArray file = exportformat::encodeHeader({}) + exportformat::encodeMessage({});
    f.engine->raiseAlarm(QStringLiteral("disk"), QStringLiteral("the disk is full"));
    const HttpResult r = f.client->send("POST", "/api/depot/queues/%2F/target/import", file);
    QCOMPARE(r.status, 503);
    QCOMPARE(r.object().value(QStringLiteral("error")).toString(), QStringLiteral("publishers_blocked"));
    QCOMPARE(f.engine->queue(QStringLiteral("target"))->ready, quint64(0));
    f.engine->clearAlarm(QStringLiteral("disk"));
    QCOMPARE(f.client->send("POST", "/api/depot/queues/%2F/target/import", file).status, 202);
    QCOMPARE(f.engine->queue(QStringLiteral("target"))->ready, quint64(1));
}

void TestHttpExport::importCompletesOnceCommitted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString error;
    auto store = store::Store::open(dir.path(), store::Durability::Normal, &error);
    QVERIFY2(store, qPrintable(error));
    {
        HttpFixture f({}, store.get());
        QVERIFY(f.engine->declareQueue(QueueDef{QStringLiteral("durable"), true, false, false, {}, 0}, false).ok());
        exportformat::ExportedMessage m;
        m.content.properties.deliveryMode = 2;
        m.content.body = "kept";
        QByteArray file = exportformat::encodeHeader({});
        for (int i = 0; i < 100; ++i)
            file += exportformat::encodeMessage(m);
        const HttpResult r = f.client->send("POST", "/api/depot/queues/%2F/durable/import", file);
        QCOMPARE(r.status, 202);
        // Running until the store has committed the batch, then completed.
        const QByteArray location = r.headers.value("location");
        QTRY_COMPARE_WITH_TIMEOUT(f.client->get(location).object().value(QStringLiteral("state")).toString(),
            QStringLiteral("completed"), 10000);
        QVERIFY(store->committedSequence() >= 1);
    }
    store->close();
    store.reset();
    // Reopened, every message is there.
    auto again = store::Store::open(dir.path(), store::Durability::Normal, &error);
    QVERIFY2(again, qPrintable(error));
    Engine engine(again.get());
    engine.recover();
    QCOMPARE(engine.queue(QStringLiteral("durable"))->ready, quint64(100));
}

QTEST_GUILESS_MAIN(TestHttpExport)
#include "tst_httpexport.moc"
