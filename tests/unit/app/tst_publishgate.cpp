// sharePublishGate: the broker's wiring that makes a publish over the HTTP API
// obey what blocks AMQP publishers and count toward the store's bound on
// bytes it has not committed yet.

#include "broker/BrokerCore.h"
#include "broker/amqp/AmqpServer.h"
#include "broker/engine/Engine.h"
#include "broker/http/HttpApi.h"
#include "broker/store/Store.h"
#include "tests/unit/amqpserver/RawAmqpClient.h"
#include "tests/unit/http/HttpTestSupport.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using depot::amqp::test::RawAmqpClient;
using depot::test::HttpClient;

namespace {

// An engine over a store, its AMQP server and its HTTP API wired as the
// broker wires them; torn down in the broker's order.
struct Broker
{
    explicit Broker(quint64 maxStorePendingBytes)
    {
        QString error;
        store = store::Store::open(dir.path(), store::Durability::Normal, &error);
        if (!store)
            qFatal("cannot open the test store: %s", qPrintable(error));
        engine = std::make_unique<Engine>(store.get());
        engine->recover();
        if (!amqpListener.listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on loopback");
        amqp::AmqpServerOptions amqpOptions;
        amqpOptions.maxStorePendingBytes = maxStorePendingBytes;
        amqpServer = std::make_unique<amqp::AmqpServer>(*engine, amqpOptions);
        amqpServer->serve(&amqpListener);
        http::HttpApiOptions httpOptions;
        sharePublishGate(*amqpServer, httpOptions);
        api = std::make_unique<http::HttpApi>(*engine, httpOptions);
        if (!api->listen(QHostAddress::LocalHost, 0, &error))
            qFatal("%s", qPrintable(error));
        client = std::make_unique<HttpClient>(api->port());
    }
    ~Broker()
    {
        client.reset();
        amqpServer.reset();
        api.reset();
        engine.reset();
        store->close();
    }

    QTemporaryDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Engine> engine;
    QTcpServer amqpListener;
    std::unique_ptr<amqp::AmqpServer> amqpServer;
    std::unique_ptr<http::HttpApi> api;
    std::unique_ptr<HttpClient> client;
};

QJsonObject persistentMessage(const QString &queue, const QString &payload)
{
    return QJsonObject{{QStringLiteral("routing_key"), queue}, {QStringLiteral("payload"), payload},
        {QStringLiteral("payload_encoding"), QStringLiteral("string")},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("delivery_mode"), 2}}}};
}

} // namespace

class TestPublishGate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void httpBytesCountTowardTheStoreBound()
    {
        Broker b(1); // any uncommitted persistent body is over the bound
        QCOMPARE(
            b.client->put("/api/queues/%2F/durable-q", QJsonObject{{QStringLiteral("durable"), true}}).status, 201);
        // Every time the AMQP server's blocking changes, note why.
        QStringList reasons;
        connect(b.amqpServer.get(), &amqp::AmqpServer::connectionsChanged, this, [&] {
            if (b.amqpServer->publishersBlocked())
                reasons.append(b.amqpServer->blockReason());
        });
        const auto r = b.client->post("/api/exchanges/%2F/amq.default/publish",
            persistentMessage(QStringLiteral("durable-q"), QStringLiteral("payload")));
        QCOMPARE(r.status, 200);
        // The HTTP publish put the store behind, which blocks AMQP publishers
        // as their own publishes would ...
        QCOMPARE(reasons, QStringList{QStringLiteral("Depot's store is catching up with publishers")});
        // ... until the store committed it.
        QTRY_VERIFY_WITH_TIMEOUT(!b.amqpServer->publishersBlocked(), 5000);
        QCOMPARE(b.amqpServer->storePressure().pendingBytes(), quint64(0));
        QCOMPARE(b.engine->queue(QStringLiteral("durable-q"))->ready, quint64(1));
    }

    void amqpBlockingRefusesHttpPublishes()
    {
        Broker b(64ull * 1024 * 1024);
        QCOMPARE(b.client->put("/api/queues/%2F/q", QJsonObject{}).status, 201);
        RawAmqpClient publisher(b.amqpListener.serverPort());
        QVERIFY(publisher.handshake());
        QVERIFY(publisher.openChannel(1));
        const QString text = QStringLiteral("Depot: memory high-watermark reached");
        b.engine->raiseAlarm(QStringLiteral("memory"), text);
        // Both ways in are closed, with the same words.
        publisher.publish(1, QString(), QStringLiteral("q"), "amqp");
        const auto blocked = publisher.expect<amqp::ConnectionBlocked>();
        QVERIFY(blocked);
        QCOMPARE(blocked->reason, text);
        auto r = b.client->post(
            "/api/exchanges/%2F/amq.default/publish", persistentMessage(QStringLiteral("q"), QStringLiteral("http")));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.object().value(QStringLiteral("reason")).toString(), text);
        QCOMPARE(b.engine->queue(QStringLiteral("q"))->ready, quint64(0));
        // And both open again.
        b.engine->clearAlarm(QStringLiteral("memory"));
        QVERIFY(publisher.expect<amqp::ConnectionUnblocked>());
        r = b.client->post(
            "/api/exchanges/%2F/amq.default/publish", persistentMessage(QStringLiteral("q"), QStringLiteral("http")));
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(b.engine->queue(QStringLiteral("q"))->ready, quint64(2));
    }
};

QTEST_GUILESS_MAIN(TestPublishGate)
#include "tst_publishgate.moc"
