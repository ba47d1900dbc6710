// Engine with a real Store: what survives a reopen, and paging of bodies.

#include "EngineTestSupport.h"

#include "broker/store/Store.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

class TestEnginePersistence final : public QObject
{
    Q_OBJECT

private:
    static std::unique_ptr<store::Store> openStore(const QTemporaryDir &dir)
    {
        QString error;
        auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
        if (!st)
            qFatal("cannot open store: %s", qPrintable(error));
        return st;
    }
    static void settle(Engine &engine, store::Store &st)
    {
        engine.flushStore();
        QVERIFY(st.flush());
        QCoreApplication::processEvents();   // committed() reaches the engine
    }

private Q_SLOTS:
    void survivesReopen();
    void confirmSequence();
    void pagingKeepsFewBodies();
    void transferFinishesOnlyWhenCommitted();
    void deliveredUnackedComesBackRedeliveredAfterCrash();
    void deliveryLimitCountsDeliveriesBeforeCrashes();
    void deliveryRecordsCostNoStatementWhenAckedInTheSameCommit();
    void alternateExchangeSurvivesReopen();
    void ttlAndDelayRunFromTheirRecoveredTimes();
};

void TestEnginePersistence::survivesReopen()
{
    QTemporaryDir dir;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        QVERIFY(engine.declareExchange({QStringLiteral("dx"), ExchangeType::Topic, true, false, false, {}}, false).ok());
        QVERIFY(engine.declareExchange({QStringLiteral("tx"), ExchangeType::Fanout, false, false, false, {}}, false).ok());
        declare(engine, QStringLiteral("durable"), {{QStringLiteral("x-max-priority"), 3}}, true);
        declare(engine, QStringLiteral("transient"), {}, false);
        QVERIFY(engine.bind({QStringLiteral("dx"), QStringLiteral("durable"), DestinationKind::Queue, QStringLiteral("a.*"), {}}).ok());
        QVERIFY(engine.bind({QStringLiteral("dx"), QStringLiteral("transient"), DestinationKind::Queue, QStringLiteral("#"), {}}).ok());
        for (int i = 0; i < 5; ++i)
            engine.publish(QStringLiteral("dx"), QStringLiteral("a.b"), persistent(), QStringLiteral("p%1").arg(i).toUtf8());
        engine.publish(QStringLiteral("dx"), QStringLiteral("a.b"), {}, "transient message");
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        const auto first = engine.get(s, QStringLiteral("durable"), false);
        QVERIFY(engine.ack(s, first.value->deliveryTag, false).ok());   // p0 acked
        const auto second = engine.get(s, QStringLiteral("durable"), false);
        QVERIFY(engine.reject(s, second.value->deliveryTag, true).ok());  // p1 requeued: count 1
        settle(engine, *st);
        st->close();
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    QVERIFY(engine.queue(QStringLiteral("durable")));
    QVERIFY(!engine.queue(QStringLiteral("transient")));
    QVERIFY(engine.declareExchange({QStringLiteral("dx"), ExchangeType::Topic, true, false, false, {}}, false).ok());
    QCOMPARE(engine.declareExchange({QStringLiteral("tx"), ExchangeType::Fanout, false, false, false, {}}, true).error.kind,
             ErrorKind::NotFound);
    QCOMPARE(engine.bindings().size(), 1);
    const QList<MessageView> views = engine.browse(QStringLiteral("durable"), 0, 100);
    QStringList bodies;
    for (const MessageView &v : views)
        bodies.append(QString::fromUtf8(v.state.content->body));
    // p0 was acked; the transient message was not written.
    QCOMPARE(bodies, (QStringList{QStringLiteral("p1"), QStringLiteral("p2"), QStringLiteral("p3"), QStringLiteral("p4")}));
    QCOMPARE(views.at(0).state.deliveryCount, 1u);
    QVERIFY(views.at(0).state.redelivered);
    QVERIFY(!views.at(1).state.redelivered);
    // New ids continue above the recovered ones; routing works through recovered bindings.
    QVERIFY(engine.publish(QStringLiteral("dx"), QStringLiteral("a.c"), persistent(), "p5").routed);
    const auto last = engine.browse(QStringLiteral("durable"), 4, 1).at(0);
    QVERIFY(last.state.id > views.last().state.id);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const auto got = engine.get(s, QStringLiteral("durable"), false);
    QCOMPARE(got.value->content->body, QByteArray("p1"));
    QCOMPARE(got.value->deliveryCount, 2u);
    QVERIFY(got.value->redelivered);
}

void TestEnginePersistence::confirmSequence()
{
    QTemporaryDir dir;
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    declare(engine, QStringLiteral("durable"), {}, true);
    declare(engine, QStringLiteral("transient"), {}, false);
    QCOMPARE(publishTo(engine, QStringLiteral("durable"), QStringLiteral("t")).confirmSequence, 0u);
    QCOMPARE(publishTo(engine, QStringLiteral("transient"), QStringLiteral("p"), persistent()).confirmSequence, 0u);
    const quint64 seq = publishTo(engine, QStringLiteral("durable"), QStringLiteral("p"), persistent()).confirmSequence;
    QVERIFY(seq > 0);
    quint64 committed = 0;
    connect(&engine, &Engine::committed, this, [&](quint64 s) { committed = s; });
    engine.flushStore();
    QTRY_VERIFY(committed >= seq);
}

void TestEnginePersistence::pagingKeepsFewBodies()
{
    QTemporaryDir dir;
    const int total = 100'000;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        declare(engine, QStringLiteral("big"), {}, true);
        for (int i = 0; i < total; ++i) {
            engine.publish(QString(), QStringLiteral("big"), persistent(), QByteArray::number(i).leftJustified(100, '.'));
            if (i % 5000 == 4999)
                QCoreApplication::processEvents();
        }
        settle(engine, *st);
        QCOMPARE(engine.queue(QStringLiteral("big"))->ready, quint64(total));
        QVERIFY2(engine.contentsInMemory(QStringLiteral("big")) <= 2500,
                 qPrintable(QString::number(engine.contentsInMemory(QStringLiteral("big")))));
        // Delivered in order with the right bodies, reading ahead in batches.
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        int next = 0;
        bool inOrder = true;
        sink.onDeliver = [&](const Delivery &d) {
            inOrder = inOrder && d.content->body == QByteArray::number(next).leftJustified(100, '.');
            ++next;
            engine.ack(d.session, d.deliveryTag, false);
        };
        QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("big"), 100)).ok());
        QCOMPARE(next, total);
        QVERIFY(inOrder);
        QCOMPARE(engine.queue(QStringLiteral("big"))->ready, 0u);
        settle(engine, *st);
        st->close();
    }
    // Acked messages do not come back.
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    QCOMPARE(engine.queue(QStringLiteral("big"))->ready, 0u);
}

void TestEnginePersistence::transferFinishesOnlyWhenCommitted()
{
    // A replay reported finished must already be durable: a kill right after
    // "done" must not put messages back where they came from.
    QTemporaryDir dir;
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    declare(engine, QStringLiteral("from"), {}, true);
    declare(engine, QStringLiteral("to"), {}, true);
    for (int i = 0; i < 3000; ++i)
        engine.publish(QString(), QStringLiteral("from"), persistent(), QByteArray::number(i));
    settle(engine, *st);

    TransferSpec spec;
    spec.source = QStringLiteral("from");
    spec.target = QStringLiteral("to");
    bool finished = false;
    bool durableAtFinish = false;
    quint64 done = 0;
    connect(&engine, &Engine::transferFinished, this, [&](const TransferReport &report) {
        finished = true;
        done = report.done;
        // Nothing is buffered now, so submit() names the last hand-over.
        durableAtFinish = st->committedSequence() >= st->submit();
    });
    QVERIFY(engine.startTransfer(spec).ok());
    QTRY_VERIFY_WITH_TIMEOUT(finished, 30000);
    QCOMPARE(done, 3000u);
    QVERIFY(durableAtFinish);
}

// A crash (kill -9) as the engine sees it: whatever was committed stays, the
// engine never returns its unacked messages, and nothing it did not write
// before gets written. Closing the store first makes any later engine write a
// no-op, so the engine and its sessions can then be dropped as they are.
void TestEnginePersistence::deliveredUnackedComesBackRedeliveredAfterCrash()
{
    QTemporaryDir dir;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        declare(engine, QStringLiteral("durable"), {}, true);
        for (int i = 0; i < 4; ++i)
            publishTo(engine, QStringLiteral("durable"), QStringLiteral("m%1").arg(i), persistent());
        settle(engine, *st);   // published and committed before any delivery
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        // m0 by basic.get and m1 to a consumer, neither acked; m2 got and acked.
        QVERIFY(engine.get(s, QStringLiteral("durable"), false).value);
        QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("durable"), 1)).ok());
        QCOMPARE(sink.bodies(), QStringList{QStringLiteral("m1")});
        const auto m2 = engine.get(s, QStringLiteral("durable"), false);
        QCOMPARE(m2.value->content->body, QByteArray("m2"));
        QVERIFY(engine.ack(s, m2.value->deliveryTag, false).ok());
        settle(engine, *st);
        st->close();   // the kill: m0 and m1 are still out, never returned
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    const QList<MessageView> views = engine.browse(QStringLiteral("durable"), 0, 100);
    QCOMPARE(views.size(), 3);
    QCOMPARE(views.at(0).state.content->body, QByteArray("m0"));
    QVERIFY(views.at(0).state.redelivered);
    QCOMPARE(views.at(0).state.deliveryCount, 1u);
    QCOMPARE(views.at(1).state.content->body, QByteArray("m1"));
    QVERIFY(views.at(1).state.redelivered);
    QCOMPARE(views.at(1).state.deliveryCount, 1u);
    QCOMPARE(views.at(2).state.content->body, QByteArray("m3"));
    QVERIFY(!views.at(2).state.redelivered);
    QCOMPARE(views.at(2).state.deliveryCount, 0u);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const auto again = engine.get(s, QStringLiteral("durable"), false);
    QCOMPARE(again.value->content->body, QByteArray("m0"));
    QVERIFY(again.value->redelivered);
    QCOMPARE(again.value->deliveryCount, 2u);
}

// Delivery limit N allows N+1 deliveries; deliveries cut short by crashes
// count like returned ones, so crashing Depot cannot dodge the limit.
void TestEnginePersistence::deliveryLimitCountsDeliveriesBeforeCrashes()
{
    QTemporaryDir dir;
    const QVariantMap args{{QStringLiteral("x-delivery-limit"), 2},
                           {QStringLiteral("x-dead-letter-exchange"), QString()},
                           {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dead")}};
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        declare(engine, QStringLiteral("limited"), args, true);
        declare(engine, QStringLiteral("dead"), {}, true);
        publishTo(engine, QStringLiteral("limited"), QStringLiteral("poison"), persistent());
        settle(engine, *st);
        st->close();
    }
    // Three deliveries, each ended by a crash before the ack.
    for (quint32 delivery = 1; delivery <= 3; ++delivery) {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        QCOMPARE(engine.queue(QStringLiteral("dead"))->ready, 0u);
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("limited"), 1)).ok());
        QCOMPARE(sink.deliveries.size(), 1);
        QCOMPARE(sink.deliveries.at(0).deliveryCount, delivery);
        QCOMPARE(sink.deliveries.at(0).redelivered, delivery > 1);
        settle(engine, *st);
        st->close();
    }
    // The third was the last the limit allows: the restart dead-letters it.
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    QCOMPARE(engine.queue(QStringLiteral("limited"))->ready, 0u);
    const QList<MessageView> dead = engine.browse(QStringLiteral("dead"), 0, 10);
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.at(0).state.content->body, QByteArray("poison"));
    QCOMPARE(dead.at(0).state.content->deaths.first->reason, DeathReason::DeliveryLimit);
    // ... durably: its move to the dead-letter queue was written.
    settle(engine, *st);
    st->close();
    auto st2 = openStore(dir);
    Engine engine2(st2.get());
    engine2.recover();
    QCOMPARE(engine2.queue(QStringLiteral("limited"))->ready, 0u);
    QCOMPARE(engine2.queue(QStringLiteral("dead"))->ready, 1u);
}

void TestEnginePersistence::deliveryRecordsCostNoStatementWhenAckedInTheSameCommit()
{
    QTemporaryDir dir;
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    declare(engine, QStringLiteral("durable"), {}, true);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("durable"), 0)).ok());
    // Published, delivered and acked in one turn: one hand-over.
    for (int i = 0; i < 100; ++i)
        publishTo(engine, QStringLiteral("durable"), QStringLiteral("m%1").arg(i), persistent());
    QCOMPARE(sink.deliveries.size(), 100);
    QVERIFY(engine.ack(s, sink.lastTag(), true).ok());
    settle(engine, *st);
    QCOMPARE(st->stats().deliveryRecords, 100u);
    QCOMPARE(st->stats().deliveryUpdates, 0u);
    // Published and delivered in one turn, acked later: the delivery state
    // goes into the inserted rows, still without an UPDATE.
    sink.clear();
    for (int i = 0; i < 10; ++i)
        publishTo(engine, QStringLiteral("durable"), QStringLiteral("n%1").arg(i), persistent());
    settle(engine, *st);
    QCOMPARE(st->stats().deliveryUpdates, 0u);
    QVERIFY(engine.ack(s, sink.lastTag(), true).ok());
    settle(engine, *st);
    QCOMPARE(st->stats().deliveryRecords, 110u);
    QCOMPARE(st->stats().deliveryUpdates, 0u);
    QCOMPARE(engine.queue(QStringLiteral("durable"))->ready, 0u);
}

void TestEnginePersistence::alternateExchangeSurvivesReopen()
{
    QTemporaryDir dir;
    const QVariantMap ae{{QStringLiteral("alternate-exchange"), QStringLiteral("ae")}};
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.recover();
        QVERIFY(
            engine.declareExchange({QStringLiteral("ae"), ExchangeType::Fanout, true, false, false, {}}, false).ok());
        QVERIFY(
            engine.declareExchange({QStringLiteral("main"), ExchangeType::Direct, true, false, false, ae}, false).ok());
        declare(engine, QStringLiteral("kept"), {}, true);
        QVERIFY(
            engine.bind({QStringLiteral("ae"), QStringLiteral("kept"), DestinationKind::Queue, QString(), {}}).ok());
        settle(engine, *st);
        st->close();
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    // The argument came back with the exchange, and routes.
    QVERIFY(engine.publish(QStringLiteral("main"), QStringLiteral("nobody"), persistent(), "kept").routed);
    QCOMPARE(engine.queue(QStringLiteral("kept"))->ready, 1u);
    // It still counts for equivalence.
    QCOMPARE(engine.declareExchange({QStringLiteral("main"), ExchangeType::Direct, true, false, false, {}}, false)
                 .error.kind,
        ErrorKind::PreconditionFailed);
    QVERIFY(engine.declareExchange({QStringLiteral("main"), ExchangeType::Direct, true, false, false, ae}, false).ok());
}

// A message's expiry and a delayed message's due time are stored; after a
// restart those recovered times, not the restart, decide when the message
// expires and when it is delivered.
void TestEnginePersistence::ttlAndDelayRunFromTheirRecoveredTimes()
{
    QTemporaryDir dir;
    FakeClock clock;
    const QVariantMap dlx{{QStringLiteral("x-dead-letter-exchange"), QString()},
                          {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dead")}};
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        declare(engine, QStringLiteral("dead"), {}, true);
        declare(engine, QStringLiteral("work"), dlx, true);
        PublishOptions ttl;
        ttl.ttlMs = 10'000;
        publishTo(engine, QStringLiteral("work"), QStringLiteral("expiring"), persistent(), QString(), ttl);
        PublishOptions later;
        later.delayMs = 20'000;
        publishTo(engine, QStringLiteral("work"), QStringLiteral("delayed"), persistent(), QString(), later);
        settle(engine, *st);
        st->close();
    }
    *clock.ms += 4'000; // the restart took 4 s
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.setClock(clock.clock());
    engine.recover();
    QCOMPARE(engine.queue(QStringLiteral("work"))->ready, 2u);
    QCOMPARE(engine.queue(QStringLiteral("work"))->delayed, 1u);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    // 9.999 s after the publish: not expired yet, the delayed one not due.
    clock.advance(engine, 5'999);
    QCOMPARE(engine.queue(QStringLiteral("work"))->ready, 2u);
    QCOMPARE(engine.queue(QStringLiteral("dead"))->ready, 0u);
    // 10 s after the publish (not after the restart): expired, dead-lettered.
    clock.advance(engine, 1);
    QCOMPARE(engine.queue(QStringLiteral("dead"))->ready, 1u);
    QCOMPARE(engine.queue(QStringLiteral("work"))->ready, 1u);
    const auto dead = engine.browse(QStringLiteral("dead"), 0, 1);
    QCOMPARE(dead.at(0).state.content->body, QByteArray("expiring"));
    QCOMPARE(dead.at(0).state.content->deaths.records.at(0).reason, DeathReason::Expired);
    // The delayed one is not handed out before its time ...
    clock.advance(engine, 9'999);
    const auto early = engine.get(s, QStringLiteral("work"), true);
    QVERIFY(early.ok() && !early.value);
    // ... and is at 20 s after the publish.
    clock.advance(engine, 1);
    const auto due = engine.get(s, QStringLiteral("work"), true);
    QVERIFY(due.ok() && due.value);
    QCOMPARE(due.value->content->body, QByteArray("delayed"));
}

QTEST_GUILESS_MAIN(TestEnginePersistence)
#include "tst_engine_persistence.moc"
