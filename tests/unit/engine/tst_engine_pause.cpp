// Pausing a queue (Engine::setQueuePaused): delivery stops for consumers,
// get and lease while publishing goes on; resuming delivers what waited; a
// durable queue stays paused across a restart.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

std::unique_ptr<store::Store> openStore(const QTemporaryDir &dir)
{
    QString error;
    auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
    if (!st)
        qFatal("cannot open store: %s", qPrintable(error));
    return st;
}

void commit(Engine &engine, store::Store &st)
{
    engine.flushStore();
    QVERIFY(st.flush());
    QCoreApplication::processEvents();
}

} // namespace

class TestEnginePause final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void consumersGetNothingWhilePaused();
    void getAndLeaseFindNothingWhilePaused();
    void acksAndRequeuesGoOnWhilePaused();
    void longPollWakesOnResume();
    void unknownQueue();
    void pausedStateSurvivesRestart();
    void redeclareKeepsPaused();
};

void TestEnginePause::consumersGetNothingWhilePaused()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"))).ok());
    publishTo(engine, QStringLiteral("q"), QStringLiteral("before"));
    QCOMPARE(sink.bodies(), QStringList{QStringLiteral("before")});

    const auto paused = engine.setQueuePaused(QStringLiteral("q"), true);
    QVERIFY(paused.ok());
    QVERIFY(paused.value.paused);
    QVERIFY(engine.queue(QStringLiteral("q"))->paused);
    for (int i = 0; i < 3; ++i)
        QVERIFY(publishTo(engine, QStringLiteral("q"), QStringLiteral("p%1").arg(i)).routed);
    QCOMPARE(sink.deliveries.size(), 1); // still attached, given nothing
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 3u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->consumers, 1u);
    // Pausing again changes nothing.
    QVERIFY(engine.setQueuePaused(QStringLiteral("q"), true).ok());
    QCOMPARE(sink.deliveries.size(), 1);

    const auto resumed = engine.setQueuePaused(QStringLiteral("q"), false);
    QVERIFY(resumed.ok());
    QVERIFY(!resumed.value.paused);
    QCOMPARE(sink.bodies(),
        (QStringList{QStringLiteral("before"), QStringLiteral("p0"), QStringLiteral("p1"), QStringLiteral("p2")}));
}

void TestEnginePause::getAndLeaseFindNothingWhilePaused()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    QVERIFY(engine.setQueuePaused(QStringLiteral("q"), true).ok());
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const auto got = engine.get(s, QStringLiteral("q"), false);
    QVERIFY(got.ok());
    QVERIFY(!got.value);
    const auto leased = engine.lease(QStringLiteral("q"), 10, 1000);
    QVERIFY(leased.ok());
    QVERIFY(leased.value.isEmpty());
    // Browsing is a look, not a delivery: the window still shows it.
    QCOMPARE(browseBodies(engine, QStringLiteral("q")), QStringList{QStringLiteral("m")});
    QVERIFY(engine.setQueuePaused(QStringLiteral("q"), false).ok());
    QVERIFY(engine.get(s, QStringLiteral("q"), false).value);
}

void TestEnginePause::acksAndRequeuesGoOnWhilePaused()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"))).ok());
    publishTo(engine, QStringLiteral("q"), QStringLiteral("a"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("b"));
    QCOMPARE(sink.deliveries.size(), 2);
    QVERIFY(engine.setQueuePaused(QStringLiteral("q"), true).ok());
    QVERIFY(engine.ack(s, sink.deliveries.at(0).deliveryTag, false).ok());
    QVERIFY(engine.nack(s, sink.deliveries.at(1).deliveryTag, false, true).ok());
    // The requeued one waits in the queue rather than going out again.
    QCOMPARE(sink.deliveries.size(), 2);
    const auto info = engine.queue(QStringLiteral("q"));
    QCOMPARE(info->ready, 1u);
    QCOMPARE(info->unacked, 0u);
}

void TestEnginePause::longPollWakesOnResume()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    QVERIFY(engine.setQueuePaused(QStringLiteral("q"), true).ok());
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    int woken = 0;
    engine.watchReady(QStringLiteral("q"), [&woken] { ++woken; });
    QCoreApplication::processEvents();
    QCOMPARE(woken, 0); // a paused queue has nothing to lease
    publishTo(engine, QStringLiteral("q"), QStringLiteral("n"));
    QCoreApplication::processEvents();
    QCOMPARE(woken, 0);
    QVERIFY(engine.setQueuePaused(QStringLiteral("q"), false).ok());
    QCoreApplication::processEvents();
    QCOMPARE(woken, 1);
}

void TestEnginePause::unknownQueue()
{
    Engine engine;
    const auto r = engine.setQueuePaused(QStringLiteral("nope"), true);
    QCOMPARE(r.error.kind, ErrorKind::NotFound);
}

void TestEnginePause::pausedStateSurvivesRestart()
{
    QTemporaryDir dir;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        declare(engine, QStringLiteral("paused"), {}, true);
        declare(engine, QStringLiteral("running"), {}, true);
        QVERIFY(engine.setQueuePaused(QStringLiteral("paused"), true).ok());
        QVERIFY(engine.setQueuePaused(QStringLiteral("running"), true).ok());
        QVERIFY(engine.setQueuePaused(QStringLiteral("running"), false).ok());
        publishTo(engine, QStringLiteral("paused"), QStringLiteral("m"), persistent());
        commit(engine, *st);
        st->close();
    }
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        QVERIFY(engine.queue(QStringLiteral("paused"))->paused);
        QVERIFY(!engine.queue(QStringLiteral("running"))->paused);
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("paused"))).ok());
        QCOMPARE(sink.deliveries.size(), 0);
        QVERIFY(engine.setQueuePaused(QStringLiteral("paused"), false).ok());
        QCOMPARE(sink.bodies(), QStringList{QStringLiteral("m")});
        QVERIFY(engine.ack(s, sink.lastTag(), false).ok());
        commit(engine, *st);
        st->close();
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    QVERIFY(!engine.queue(QStringLiteral("paused"))->paused);
}

void TestEnginePause::redeclareKeepsPaused()
{
    // A change of the queue's stored definition (SQS SetQueueAttributes)
    // rewrites its row: the pause stays.
    QTemporaryDir dir;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        declare(engine, QStringLiteral("q"), {}, true);
        QVERIFY(engine.setQueuePaused(QStringLiteral("q"), true).ok());
        commit(engine, *st);
        QVERIFY(engine.setQueueArguments(QStringLiteral("q"), {{QStringLiteral("x-message-ttl"), 60000}}).ok());
        commit(engine, *st);
        st->close();
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    QVERIFY(engine.queue(QStringLiteral("q"))->paused);
    QCOMPARE(engine.queue(QStringLiteral("q"))->def.arguments.value(QStringLiteral("x-message-ttl")).toInt(), 60000);
}

QTEST_GUILESS_MAIN(TestEnginePause)
#include "tst_engine_pause.moc"
