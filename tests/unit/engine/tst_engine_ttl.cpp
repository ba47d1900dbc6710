// Engine timers: message TTL, queue expiry and delayed delivery, on a fake clock.

#include "EngineTestSupport.h"

using namespace depot;
using namespace depot::test;

class TestEngineTtl final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ttl_data();
    void ttl();
    void expiresAnywhereInQueue();
    void noExpiryWhileUnacked();
    void ttlZeroOnlyForWaitingConsumer();
    void queueExpiry();
    void delayedDelivery();
};

void TestEngineTtl::ttl_data()
{
    QTest::addColumn<int>("queueTtl");        // -1 none
    QTest::addColumn<QString>("expiration");  // empty none
    QTest::addColumn<int>("expectedLife");
    QTest::addRow("queue ttl") << 1000 << QString() << 1000;
    QTest::addRow("message ttl") << -1 << QStringLiteral("300") << 300;
    QTest::addRow("min: message shorter") << 1000 << QStringLiteral("200") << 200;
    QTest::addRow("min: queue shorter") << 150 << QStringLiteral("5000") << 150;
}

void TestEngineTtl::ttl()
{
    QFETCH(int, queueTtl);
    QFETCH(QString, expiration);
    QFETCH(int, expectedLife);
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dead"));
    QVariantMap args{{QStringLiteral("x-dead-letter-exchange"), QString()},
                     {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dead")}};
    if (queueTtl >= 0)
        args[QStringLiteral("x-message-ttl")] = queueTtl;
    declare(engine, QStringLiteral("q"), args);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"), {}, {},
              expiration.isEmpty() ? PublishOptions() : withTtl(expiration.toLongLong()));
    clock.advance(engine, expectedLife - 1);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    clock.advance(engine, 1);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("dead"))->ready, 1u);
    engine.stats().sample(engine.now(), {});
    QCOMPARE(engine.stats().snapshot()->queues.value(QStringLiteral("q")).totals[Counter::Expired], 1u);
}

void TestEngineTtl::expiresAnywhereInQueue()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("long"), {}, {}, withTtl(10000));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("short"), {}, {}, withTtl(10));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("none"));
    clock.advance(engine, 10);
    QCOMPARE(browseBodies(engine, QStringLiteral("q")), (QStringList{QStringLiteral("long"), QStringLiteral("none")}));
}

void TestEngineTtl::noExpiryWhileUnacked()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), {{QStringLiteral("x-message-ttl"), 100}});
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("a"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("b"));
    const auto got = engine.get(s, QStringLiteral("q"), false);
    const auto got2 = engine.get(s, QStringLiteral("q"), false);
    clock.advance(engine, 500);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 2u);
    QVERIFY(engine.ack(s, got.value->deliveryTag, false).ok());
    // Requeued after its time: it expires instead of going back.
    QVERIFY(engine.reject(s, got2.value->deliveryTag, true).ok());
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
}

void TestEngineTtl::ttlZeroOnlyForWaitingConsumer()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), {{QStringLiteral("x-message-ttl"), 0}});
    publishTo(engine, QStringLiteral("q"), QStringLiteral("nobody"));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"))).ok());
    publishTo(engine, QStringLiteral("q"), QStringLiteral("taken"));
    QCOMPARE(sink.bodies(), QStringList{QStringLiteral("taken")});
}

void TestEngineTtl::queueExpiry()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), {{QStringLiteral("x-expires"), 1000}});
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    clock.advance(engine, 600);
    QVERIFY(engine.get(s, QStringLiteral("q"), true).ok());   // a get counts as use
    clock.advance(engine, 600);
    QVERIFY(engine.queue(QStringLiteral("q")));
    QVERIFY(engine.declareQueue(queueDef(QStringLiteral("q"), {{QStringLiteral("x-expires"), 1000}}), false).ok());
    clock.advance(engine, 999);
    QVERIFY(engine.queue(QStringLiteral("q")));
    const auto tag = engine.consume(s, consumeSpec(QStringLiteral("q")));
    clock.advance(engine, 5000);   // a consumer keeps it alive
    QVERIFY(engine.queue(QStringLiteral("q")));
    QVERIFY(engine.cancel(s, tag.value).ok());
    clock.advance(engine, 999);
    QVERIFY(engine.queue(QStringLiteral("q")));
    clock.advance(engine, 1);
    QVERIFY(!engine.queue(QStringLiteral("q")));
}

void TestEngineTtl::delayedDelivery()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    QVERIFY(engine.declareExchange({QStringLiteral("later"), ExchangeType::DelayedMessage, false, false, false,
                                    {{QStringLiteral("x-delayed-type"), QStringLiteral("direct")}}},
                                   false)
                .ok());
    declare(engine, QStringLiteral("q"));
    QVERIFY(engine.bind({QStringLiteral("later"), QStringLiteral("q"), DestinationKind::Queue, QStringLiteral("k"), {}}).ok());
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"), 0, true)).ok());
    PublishOptions delayed;
    delayed.delayMs = 500;
    QVERIFY(engine.publish(QStringLiteral("later"), QStringLiteral("k"), {}, "delayed", delayed).routed);
    QVERIFY(engine.publish(QStringLiteral("later"), QStringLiteral("k"), {}, "now").routed);
    QCOMPARE(sink.bodies(), QStringList{QStringLiteral("now")});
    const auto views = engine.browse(QStringLiteral("q"), 0, 10);
    QCOMPARE(views.size(), 1);
    QCOMPARE(views.at(0).state.readyAt, *clock.ms + 500);   // shown as delayed
    clock.advance(engine, 499);
    QCOMPARE(sink.deliveries.size(), 1);
    clock.advance(engine, 1);
    QCOMPARE(sink.bodies(), (QStringList{QStringLiteral("now"), QStringLiteral("delayed")}));
}

QTEST_GUILESS_MAIN(TestEngineTtl)
#include "tst_engine_ttl.moc"
