// Leases through the engine: deadlines that run out (a requeue), extension,
// settlement and release by handle after the owner is gone, AMQP's leases
// without deadline, and deadlines that survive a restart.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

class TestEngineLeases final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expiredDeadlineRequeuesWithCountRaised();
    void expiryKeepsThePlaceInTheQueue();
    void expiryHonoursTheDeliveryLimit();
    void extensionMovesTheDeadline();
    void inspectionShowsTheDeadline();
    void extensionToZeroReleasesNow();
    void settleByHandleAfterOwnerSessionClosed();
    void releaseAfterOwnerIsGone();
    void amqpLeaseEndsWithItsSession();
    void ackByTagStillWorks();
    void deadlineSurvivesRestart();
    void deadlinePassedDuringStopIsReadyAgain();
};

void TestEngineLeases::expiredDeadlineRequeuesWithCountRaised()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    const auto leased = engine.lease(QStringLiteral("q"), 10, 30'000);
    QVERIFY(leased.ok());
    QCOMPARE(leased.value.size(), 1);
    const Delivery first = leased.value.at(0);
    QVERIFY(first.lease != 0);
    QCOMPARE(first.deliveryTag, 0u); // owned by nobody: no tag
    QCOMPARE(first.deliveryCount, 1u);
    QVERIFY(!first.redelivered);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 1u);

    clock.advance(engine, 29'999);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    clock.advance(engine, 1);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 0u);
    QCOMPARE(engine.leaseCount(), 0u);
    QCOMPARE(engine.settle(first.lease).error.kind, ErrorKind::NotFound);

    const auto again = engine.lease(QStringLiteral("q"), 10, 30'000);
    QCOMPARE(again.value.size(), 1);
    QCOMPARE(again.value.at(0).id, first.id);
    QVERIFY(again.value.at(0).redelivered);
    QCOMPARE(again.value.at(0).deliveryCount, 2u);
}

void TestEngineLeases::expiryKeepsThePlaceInTheQueue()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    for (const char *b : {"a", "b", "c"})
        publishTo(engine, QStringLiteral("q"), QString::fromLatin1(b));
    QCOMPARE(engine.lease(QStringLiteral("q"), 1, 1000).value.size(), 1); // "a"
    clock.advance(engine, 1000);
    QCOMPARE(browseBodies(engine, QStringLiteral("q")),
        (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
}

void TestEngineLeases::expiryHonoursTheDeliveryLimit()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("q"),
        {{QStringLiteral("x-delivery-limit"), 1}, {QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")}});
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    QCOMPARE(engine.lease(QStringLiteral("q"), 1, 100).value.size(), 1);
    clock.advance(engine, 100); // count 1: back
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(engine.lease(QStringLiteral("q"), 1, 100).value.size(), 1);
    clock.advance(engine, 100); // count 2 > limit 1: dead-lettered
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 1u);
}

void TestEngineLeases::extensionMovesTheDeadline()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    const LeaseHandle h = engine.lease(QStringLiteral("q"), 1, 1000).value.at(0).lease;
    clock.advance(engine, 900);
    QVERIFY(engine.extendLease(h, 5000).ok()); // now + 5 s
    clock.advance(engine, 4000); // past the first deadline
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.leasesWithDeadline(), 1u);
    clock.advance(engine, 1000);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(engine.extendLease(h, 1000).error.kind, ErrorKind::NotFound);
}

// The window's inspector shows when an in-flight SQS message becomes visible
// again: message() reports the lease's current deadline, none for a ready
// message or a lease held until settled.
void TestEngineLeases::inspectionShowsTheDeadline()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("n"));
    const Delivery d = engine.lease(QStringLiteral("q"), 1, 30'000).value.at(0);
    const auto leased = engine.message(QStringLiteral("q"), d.id);
    QVERIFY(leased);
    QVERIFY(leased->unacked);
    QCOMPARE(leased->leaseDeadline, *clock.ms + 30'000);
    clock.advance(engine, 1000);
    QVERIFY(engine.extendLease(d.lease, 5000).ok());
    QCOMPARE(engine.message(QStringLiteral("q"), d.id)->leaseDeadline, *clock.ms + 5000);
    const QList<MessageView> ready = engine.browse(QStringLiteral("q"), 0, 1);
    QCOMPARE(ready.size(), 1);
    QCOMPARE(engine.message(QStringLiteral("q"), ready.first().state.id)->leaseDeadline, 0);
    // An AMQP get: leased until acked, no deadline.
    GettingClient client(engine);
    const auto held = client.get(QStringLiteral("q"));
    QVERIFY(held);
    const auto heldView = engine.message(QStringLiteral("q"), held->id);
    QVERIFY(heldView && heldView->unacked);
    QCOMPARE(heldView->leaseDeadline, 0);
}

void TestEngineLeases::extensionToZeroReleasesNow()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    const LeaseHandle h = engine.lease(QStringLiteral("q"), 1, 60'000).value.at(0).lease;
    QVERIFY(engine.extendLease(h, 0).ok());
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(engine.leaseCount(), 0u);
}

void TestEngineLeases::settleByHandleAfterOwnerSessionClosed()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    GettingClient client(engine);
    const Delivery d = engine.lease(QStringLiteral("q"), 1, 60'000, client.session()).value.at(0);
    QVERIFY(d.deliveryTag != 0); // owned by the session: it has a tag too
    engine.closeSession(client.session());
    // A lease with a deadline outlives its owner: still leased, not requeued.
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 1u);
    QVERIFY(engine.settle(d.lease).ok());
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 0u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    clock.advance(engine, 60'000);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u); // gone for good
    QCOMPARE(engine.settle(d.lease).error.kind, ErrorKind::NotFound);
}

void TestEngineLeases::releaseAfterOwnerIsGone()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    GettingClient client(engine);
    const Delivery d = engine.lease(QStringLiteral("q"), 1, 60'000, client.session()).value.at(0);
    engine.closeConnection(client.connection());
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QVERIFY(engine.release(d.lease).ok());
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(engine.release(d.lease).error.kind, ErrorKind::NotFound);
    const auto again = engine.lease(QStringLiteral("q"), 1, 1000);
    QVERIFY(again.value.at(0).redelivered);
    QCOMPARE(again.value.at(0).deliveryCount, 2u);
}

void TestEngineLeases::amqpLeaseEndsWithItsSession()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    GettingClient client(engine);
    const auto got = client.get(QStringLiteral("q"));
    QVERIFY(got);
    QVERIFY(got->lease != 0);
    QCOMPARE(got->leaseDeadline, 0);
    engine.closeSession(client.session()); // releases (requeues) it, as always
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    // Its handle names nothing now: settling it cannot remove the requeued message.
    QCOMPARE(engine.settle(got->lease).error.kind, ErrorKind::NotFound);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
}

void TestEngineLeases::ackByTagStillWorks()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    for (int i = 0; i < 4; ++i)
        publishTo(engine, QStringLiteral("q"), QString::number(i));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"))).ok());
    QCOMPARE(sink.deliveries.size(), 4);
    // One settled by handle in the middle; the tags around it still work.
    QVERIFY(engine.settle(sink.deliveries.at(1).lease).ok());
    QCOMPARE(engine.ack(s, sink.deliveries.at(1).deliveryTag, false).error.kind, ErrorKind::PreconditionFailed);
    QVERIFY(engine.ack(s, sink.deliveries.at(2).deliveryTag, true).ok()); // 1 and 3
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 1u);
    QVERIFY(engine.nack(s, sink.deliveries.at(3).deliveryTag, false, true).ok());
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 1u); // redelivered to the consumer at once
    QCOMPARE(sink.deliveries.size(), 5);
    QVERIFY(sink.deliveries.at(4).redelivered);
    QVERIFY(engine.ack(s, 0, true).ok());
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 0u);
    QCOMPARE(engine.leaseCount(), 0u);
}

void TestEngineLeases::deadlineSurvivesRestart()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("q"), {}, true);
        publishTo(engine, QStringLiteral("q"), QStringLiteral("leased"), persistent());
        publishTo(engine, QStringLiteral("q"), QStringLiteral("extended"), persistent());
        publishTo(engine, QStringLiteral("q"), QStringLiteral("settled"), persistent());
        const auto leased = engine.lease(QStringLiteral("q"), 3, 10'000);
        QCOMPARE(leased.value.size(), 3);
        QVERIFY(engine.extendLease(leased.value.at(1).lease, 20'000).ok());
        QVERIFY(engine.settle(leased.value.at(2).lease).ok());
        run.stop();
    }
    *clock.ms += 5'000; // time passes while Depot is stopped
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    // Both still leased (by nobody) until their deadlines; the settled one is gone.
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 2u);
    QCOMPARE(engine.leasesWithDeadline(), 2u);
    clock.advance(engine, 5'000); // the first deadline
    QCOMPARE(browseBodies(engine, QStringLiteral("q")).first(), QStringLiteral("leased"));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    clock.advance(engine, 10'000); // the extended one
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 2u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 0u);
    const auto again = engine.lease(QStringLiteral("q"), 2, 1000);
    QCOMPARE(again.value.size(), 2);
    QVERIFY(again.value.at(0).redelivered);
    QCOMPARE(again.value.at(0).deliveryCount, 2u);
    QCOMPARE(QString::fromUtf8(again.value.at(1).content->body), QStringLiteral("extended"));
    // Settled again in the restarted engine: nothing comes back after another restart.
    QVERIFY(engine.settle(again.value.at(0).lease).ok());
    QVERIFY(engine.settle(again.value.at(1).lease).ok());
    run.commit();
}

void TestEngineLeases::deadlinePassedDuringStopIsReadyAgain()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("q"), {}, true);
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m"), persistent());
        QCOMPARE(engine.lease(QStringLiteral("q"), 1, 10'000).value.size(), 1);
        run.stop();
    }
    *clock.ms += 60'000;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
        QCOMPARE(engine.leaseCount(), 0u);
        const auto again = engine.lease(QStringLiteral("q"), 1, 10'000);
        QVERIFY(again.value.at(0).redelivered);
        QCOMPARE(again.value.at(0).deliveryCount, 2u);
        run.stop();
    }
    // The stale deadline row was forgotten at the first restart: the second
    // lease's own deadline is the one that counts.
    *clock.ms += 5'000;
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.leaseCount(), 1u);
}

QTEST_GUILESS_MAIN(TestEngineLeases)
#include "tst_engine_leases.moc"
