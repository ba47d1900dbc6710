// PublishGate: the one place that decides whether a producer may publish.
// Every producer asks it and, refused, answers in its own protocol's way:
// AMQP blocks the connection (connection.blocked), HTTP answers 503
// publishers_blocked, the window's publish (BrokerService::postProducer)
// gets the reason back, the demo traffic waits. Each case here publishes
// while an alarm is raised and checks that nothing got in.

#include "broker/amqp/AmqpServer.h"
#include "broker/core/BrokerService.h"
#include "broker/core/PublishGate.h"
#include "broker/demo/DemoTraffic.h"
#include "broker/engine/Engine.h"
#include "broker/http/HttpApi.h"
#include "broker/store/Store.h"
#include "tests/support/AnyFreePorts.h"
#include "tests/unit/amqpserver/RawAmqpClient.h"
#include "tests/unit/http/HttpTestSupport.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using depot::amqp::test::RawAmqpClient;
using depot::core::GatedPublish;
using depot::core::PublishGate;
using depot::core::PublishGateOptions;
using depot::test::HttpClient;

namespace {

const QString AlarmText = QStringLiteral("Depot: memory high-watermark reached");

// An engine over a store, one gate, and the AMQP server and HTTP API asking
// it, wired as the broker core wires them; torn down in the core's order.
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
        PublishGateOptions gateOptions;
        gateOptions.maxStorePendingBytes = maxStorePendingBytes;
        gate = std::make_unique<PublishGate>(*engine, gateOptions);
        if (!amqpListener.listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on loopback");
        amqp::AmqpServerOptions amqpOptions;
        amqpOptions.gate = gate.get();
        amqpServer = std::make_unique<amqp::AmqpServer>(*engine, amqpOptions);
        amqpServer->serve(&amqpListener);
        http::HttpApiOptions httpOptions;
        httpOptions.gate = gate.get();
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
        gate.reset();
        engine.reset();
        store->close();
    }

    QTemporaryDir dir;
    std::unique_ptr<store::Store> store;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<PublishGate> gate;
    QTcpServer amqpListener;
    std::unique_ptr<amqp::AmqpServer> amqpServer;
    std::unique_ptr<http::HttpApi> api;
    std::unique_ptr<HttpClient> client;
};

QJsonObject message(const QString &queue, const QString &payload, int deliveryMode = 2)
{
    return QJsonObject{{QStringLiteral("routing_key"), queue}, {QStringLiteral("payload"), payload},
        {QStringLiteral("payload_encoding"), QStringLiteral("string")},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("delivery_mode"), deliveryMode}}}};
}

quint64 ready(const Engine &engine, const QString &queue)
{
    const auto info = engine.queue(queue);
    return info ? info->ready : 0;
}

void declare(Engine &engine, const QString &name)
{
    QueueDef def;
    def.name = name;
    QVERIFY(!engine.declareQueue(def, false).error);
}

} // namespace

class TestPublishGate final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closesUnderAnAlarmWithItsText()
    {
        Engine engine(nullptr);
        PublishGate gate(engine, PublishGateOptions{});
        declare(engine, QStringLiteral("q"));
        QSignalSpy changed(&gate, &PublishGate::changed);
        QVERIFY(gate.refusal().isEmpty());

        engine.raiseAlarm(QStringLiteral("memory"), AlarmText);
        QCOMPARE(gate.refusal(), AlarmText);
        QCOMPARE(changed.count(), 1);
        const GatedPublish refused = gate.publish(QString(), QStringLiteral("q"), {}, "body");
        QCOMPARE(refused.refused, AlarmText);
        QCOMPARE(ready(engine, QStringLiteral("q")), quint64(0));

        // Two alarms: both texts, the alarms first in source order.
        engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("disk full"));
        QCOMPARE(gate.refusal(), QStringLiteral("disk full; ") + AlarmText);

        engine.clearAlarm(QStringLiteral("memory"));
        engine.clearAlarm(QStringLiteral("disk"));
        QVERIFY(!gate.closed());
        const GatedPublish accepted = gate.publish(QString(), QStringLiteral("q"), {}, "body");
        QVERIFY(accepted.refused.isEmpty());
        QVERIFY(accepted.result.routed);
        QCOMPARE(ready(engine, QStringLiteral("q")), quint64(1));
    }

    void bufferedBytesOfListenersCountTowardTheWatermark()
    {
        Engine engine(nullptr);
        PublishGateOptions options;
        options.memoryHighWatermark = 1000;
        PublishGate gate(engine, options);
        quint64 buffered = 0;
        auto owner = std::make_unique<QObject>();
        gate.addBufferedBytes(owner.get(), [&] { return buffered; });
        buffered = 5000; // a listener's clients are not reading
        gate.memoryWatermark()->sample();
        QVERIFY(gate.closed());
        QVERIFY(gate.refusal().contains(QStringLiteral("memory high-watermark")));
        // A listener that is gone holds nothing.
        owner.reset();
        gate.memoryWatermark()->sample();
        QVERIFY(!gate.closed());
    }

    void storeBytesOfAnyProducerCloseItForAll()
    {
        Broker b(1); // any uncommitted persistent body is over the bound
        QCOMPARE(
            b.client->put("/api/queues/%2F/durable-q", QJsonObject{{QStringLiteral("durable"), true}}).status, 201);
        QStringList reasons;
        connect(b.amqpServer.get(), &amqp::AmqpServer::connectionsChanged, this, [&] {
            if (b.amqpServer->publishersBlocked())
                reasons.append(b.amqpServer->blockReason());
        });
        const auto r = b.client->post(
            "/api/exchanges/%2F/amq.default/publish", message(QStringLiteral("durable-q"), QStringLiteral("payload")));
        QCOMPARE(r.status, 200);
        // The HTTP publish put the store behind, which blocks AMQP publishers
        // as their own publishes would ...
        QCOMPARE(reasons, QStringList{QStringLiteral("Depot's store is catching up with publishers")});
        // ... until the store committed it.
        QTRY_VERIFY_WITH_TIMEOUT(!b.gate->closed(), 5000);
        QVERIFY(!b.amqpServer->publishersBlocked());
        QCOMPARE(b.gate->pendingStoreBytes(), quint64(0));
        QCOMPARE(ready(*b.engine, QStringLiteral("durable-q")), quint64(1));
    }

    void amqpAndHttpAreRefusedUnderAnAlarm()
    {
        Broker b(64ull * 1024 * 1024);
        QCOMPARE(b.client->put("/api/queues/%2F/q", QJsonObject{}).status, 201);
        RawAmqpClient publisher(b.amqpListener.serverPort());
        QVERIFY(publisher.handshake());
        QVERIFY(publisher.openChannel(1));
        b.engine->raiseAlarm(QStringLiteral("memory"), AlarmText);
        // AMQP: connection.blocked with the gate's text.
        publisher.publish(1, QString(), QStringLiteral("q"), "amqp");
        const auto blocked = publisher.expect<amqp::ConnectionBlocked>();
        QVERIFY(blocked);
        QCOMPARE(blocked->reason, AlarmText);
        // HTTP: 503 publishers_blocked with the same words, nothing stored.
        auto r = b.client->post(
            "/api/exchanges/%2F/amq.default/publish", message(QStringLiteral("q"), QStringLiteral("http")));
        QCOMPARE(r.status, 503);
        QCOMPARE(r.object().value(QStringLiteral("error")).toString(), QStringLiteral("publishers_blocked"));
        QCOMPARE(r.object().value(QStringLiteral("reason")).toString(), AlarmText);
        QCOMPARE(ready(*b.engine, QStringLiteral("q")), quint64(0));
        // And both open again.
        b.engine->clearAlarm(QStringLiteral("memory"));
        QVERIFY(publisher.expect<amqp::ConnectionUnblocked>());
        r = b.client->post(
            "/api/exchanges/%2F/amq.default/publish", message(QStringLiteral("q"), QStringLiteral("http")));
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(ready(*b.engine, QStringLiteral("q")), quint64(2));
    }

    void theDemoWaitsWhileTheGateIsClosed()
    {
        Engine engine(nullptr);
        PublishGate gate(engine, PublishGateOptions{});
        engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("disk full"));
        demo::DemoTraffic::start(engine, gate);
        QVERIFY(demo::DemoTraffic::isRunning(engine));
        // The demo publishes every 100 ms when it may: several ticks pass
        // refused, and its queues (declared at start) stay empty.
        QTest::qWait(600);
        QCOMPARE(ready(engine, QStringLiteral("audit")), quint64(0));
        QCOMPARE(engine.queue(QStringLiteral("audit"))->def.name, QStringLiteral("audit"));
        engine.clearAlarm(QStringLiteral("disk"));
        QTRY_VERIFY_WITH_TIMEOUT(ready(engine, QStringLiteral("audit")) > 0, 10000);
        demo::DemoTraffic::stop(engine);
    }

    // The window publishes through BrokerService::postProducer, which hands it
    // the broker core's own gate: the one the AMQP and HTTP listeners ask.
    void theWindowsPublishIsRefusedUnderAnAlarm()
    {
        BrokerOptions options;
        options.inMemory = true;
        depot::test::anyFreePorts(options);
        BrokerService service(options);
        QSignalSpy started(&service, &BrokerService::started);
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(!started.isEmpty(), 20000);

        const auto onBroker = [&](std::function<void(Engine &, PublishGate &)> fn) {
            auto done = std::make_shared<QSemaphore>();
            QVERIFY(service.postProducer([done, fn](Engine &engine, PublishGate &gate) {
                fn(engine, gate);
                done->release();
            }));
            QVERIFY(done->tryAcquire(1, 20000));
        };
        GatedPublish refused;
        GatedPublish accepted;
        quint64 readyWhileRefused = 1;
        onBroker([&](Engine &engine, PublishGate &gate) {
            declare(engine, QStringLiteral("q"));
            engine.raiseAlarm(QStringLiteral("memory"), AlarmText);
            refused = gate.publish(QString(), QStringLiteral("q"), {}, "from the window");
            readyWhileRefused = ready(engine, QStringLiteral("q"));
            engine.clearAlarm(QStringLiteral("memory"));
            accepted = gate.publish(QString(), QStringLiteral("q"), {}, "from the window");
        });
        QCOMPARE(refused.refused, AlarmText);
        QCOMPARE(readyWhileRefused, quint64(0));
        QVERIFY(accepted.refused.isEmpty());
        QVERIFY(accepted.result.routed);

        // The AMQP listener of the same broker feels the same alarm.
        onBroker([](Engine &engine, PublishGate &) { engine.raiseAlarm(QStringLiteral("memory"), AlarmText); });
        RawAmqpClient publisher(service.port(QStringLiteral("amqp")));
        QVERIFY(publisher.handshake());
        QVERIFY(publisher.openChannel(1));
        publisher.publish(1, QString(), QStringLiteral("q"), "amqp");
        const auto blocked = publisher.expect<amqp::ConnectionBlocked>();
        QVERIFY(blocked);
        QCOMPARE(blocked->reason, AlarmText);
        service.stop();
    }
};

QTEST_GUILESS_MAIN(TestPublishGate)
#include "tst_publishgate.moc"
