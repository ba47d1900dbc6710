// The queue kinds SQS needs, in the engine's own terms: x-queue-type sqs and
// sqs-fifo, retention, a queue's default delay, the delayed count, the id of
// the enqueued copy, long-poll watches, the receive limit checked when a
// message is leased, purge of leased messages.

#include "EngineTestSupport.h"
#include "broker/engine/QueueArguments.h"
#include "broker/store/Store.h"

#include <QCoreApplication>
#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

QVariantMap sqsArgs(QVariantMap more = {})
{
    more.insert(QStringLiteral("x-queue-type"), QStringLiteral("sqs"));
    return more;
}

} // namespace

class TestEngineSqs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void queueKindArguments_data();
    void queueKindArguments();
    void redeclareWithOtherRetentionFails();
    void publishResultNamesTheEnqueuedCopy();
    void defaultDelayAppliesWhenThePublishNamesNone();
    void delayedCountIsShown();
    void retentionDropsWithoutDeadLettering();
    void sqsQueuesCountReceives();
    void watchWakesOnceAfterThePublish();
    void watchWakesAtOnceWhenReady();
    void watchWakesWhenTimeMakesAMessageReady();
    void unwatchedNeverWakes();
    void watchWakesWhenTheQueueGoes();
    void receiveLimitMovesToTheDeadLetterQueueAtLeaseTime();
    void receiveLimitAppliesToEveryWayOfTaking();
    void purgeTakesLeasedMessagesToo();
    void fifoOrdersAndBlocksPerGroup();
    void fifoGroupOpensWhenTheLeaseRunsOut();
    void standardQueueCarriesGroupsWithoutBlocking();
    void fifoSequenceNumbers();
    void fifoDeduplicationWindow();
    void fifoDeduplicationPerGroup();
    void fifoStateSurvivesRestart();
    void argumentsChangeInPlace();
};

void TestEngineSqs::queueKindArguments_data()
{
    QTest::addColumn<QVariantMap>("arguments");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("kind");
    QTest::addRow("classic") << QVariantMap{} << true << int(QueueArguments::Kind::Classic);
    QTest::addRow("sqs") << sqsArgs() << true << int(QueueArguments::Kind::Sqs);
    QTest::addRow("sqs-fifo") << QVariantMap{{QStringLiteral("x-queue-type"), QStringLiteral("sqs-fifo")}} << true
                              << int(QueueArguments::Kind::SqsFifo);
    QTest::addRow("unknown kind") << QVariantMap{{QStringLiteral("x-queue-type"), QStringLiteral("sqs-lifo")}} << false
                                  << 0;
    QTest::addRow("retention min") << sqsArgs({{QStringLiteral("x-message-retention"), 60'000}}) << true
                                   << int(QueueArguments::Kind::Sqs);
    QTest::addRow("retention below") << sqsArgs({{QStringLiteral("x-message-retention"), 59'999}}) << false << 0;
    QTest::addRow("retention above") << sqsArgs({{QStringLiteral("x-message-retention"), 1'209'600'001LL}}) << false
                                     << 0;
    QTest::addRow("retention text") << sqsArgs({{QStringLiteral("x-message-retention"), QStringLiteral("60000")}})
                                    << false << 0;
    QTest::addRow("delay max") << sqsArgs({{QStringLiteral("x-default-delay"), 900'000}}) << true
                               << int(QueueArguments::Kind::Sqs);
    QTest::addRow("delay above") << sqsArgs({{QStringLiteral("x-default-delay"), 900'001}}) << false << 0;
    QTest::addRow("delay negative") << sqsArgs({{QStringLiteral("x-default-delay"), -1}}) << false << 0;
    QTest::addRow("dedup on standard") << sqsArgs({{QStringLiteral("x-deduplication-window"), 1000}}) << false << 0;
    QTest::addRow("dedup scope bad") << QVariantMap{{QStringLiteral("x-queue-type"), QStringLiteral("sqs-fifo")},
        {QStringLiteral("x-deduplication-scope"), QStringLiteral("everything")}}
                                     << false << 0;
    QTest::addRow("dedup scope group") << QVariantMap{{QStringLiteral("x-queue-type"), QStringLiteral("sqs-fifo")},
        {QStringLiteral("x-deduplication-scope"), QStringLiteral("messageGroup")}}
                                       << true << int(QueueArguments::Kind::SqsFifo);
}

void TestEngineSqs::queueKindArguments()
{
    QFETCH(QVariantMap, arguments);
    QFETCH(bool, valid);
    QFETCH(int, kind);
    QString error;
    const auto parsed = QueueArguments::parse(arguments, QStringLiteral("q"), &error);
    QCOMPARE(parsed.has_value(), valid);
    if (!valid) {
        QVERIFY(!error.isEmpty());
        Engine engine;
        const auto r = engine.declareQueue(queueDef(QStringLiteral("q"), arguments), false);
        QCOMPARE(r.error.kind, ErrorKind::InvalidArgument);
        return;
    }
    QCOMPARE(int(parsed->kind), kind);
    if (parsed->isFifo()) {
        QCOMPARE(parsed->deduplicationWindowMs, 300'000); // AWS's five minutes unless told
        QCOMPARE(parsed->deduplicationPerGroup,
            arguments.value(QStringLiteral("x-deduplication-scope")) == QStringLiteral("messageGroup"));
    }
}

void TestEngineSqs::redeclareWithOtherRetentionFails()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs({{QStringLiteral("x-message-retention"), 60'000}}));
    const auto r = engine.declareQueue(
        queueDef(QStringLiteral("q"), sqsArgs({{QStringLiteral("x-message-retention"), 120'000}})), false);
    QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
    QVERIFY2(r.error.text.contains(QStringLiteral("x-message-retention")), qPrintable(r.error.text));
}

void TestEngineSqs::publishResultNamesTheEnqueuedCopy()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs());
    const PublishResult first = publishTo(engine, QStringLiteral("q"), QStringLiteral("a"));
    const PublishResult second = publishTo(engine, QStringLiteral("q"), QStringLiteral("b"));
    QVERIFY(first.messageId != 0);
    QVERIFY(second.messageId > first.messageId);
    const auto view = engine.message(QStringLiteral("q"), second.messageId);
    QVERIFY(view);
    QCOMPARE(view->state.content->body, QByteArray("b"));
    // Nothing enqueued: nothing named.
    QCOMPARE(publishTo(engine, QStringLiteral("nowhere"), QStringLiteral("c")).messageId, 0u);
}

void TestEngineSqs::defaultDelayAppliesWhenThePublishNamesNone()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), sqsArgs({{QStringLiteral("x-default-delay"), 5'000}}));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("queue default")); // delayMs -1
    PublishOptions now;
    now.delayMs = 0;
    publishTo(engine, QStringLiteral("q"), QStringLiteral("at once"), {}, {}, now);
    PublishOptions longer;
    longer.delayMs = 10'000;
    publishTo(engine, QStringLiteral("q"), QStringLiteral("own delay"), {}, {}, longer);

    auto leaseBodies = [&] {
        QStringList out;
        for (const Delivery &d : engine.lease(QStringLiteral("q"), 10, 60'000).value)
            out.append(QString::fromUtf8(d.content->body));
        return out;
    };
    QCOMPARE(leaseBodies(), QStringList{QStringLiteral("at once")});
    clock.advance(engine, 4'999);
    QCOMPARE(leaseBodies(), QStringList{});
    clock.advance(engine, 1);
    QCOMPARE(leaseBodies(), QStringList{QStringLiteral("queue default")});
    clock.advance(engine, 5'000);
    QCOMPARE(leaseBodies(), QStringList{QStringLiteral("own delay")});

    // A queue without a default: -1 means at once.
    declare(engine, QStringLiteral("plain"));
    publishTo(engine, QStringLiteral("plain"), QStringLiteral("m"));
    QCOMPARE(engine.queue(QStringLiteral("plain"))->delayed, 0u);
    QCOMPARE(engine.lease(QStringLiteral("plain"), 1, 1000).value.size(), 1);
}

void TestEngineSqs::delayedCountIsShown()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), sqsArgs());
    PublishOptions later;
    later.delayMs = 1'000;
    publishTo(engine, QStringLiteral("q"), QStringLiteral("later"), {}, {}, later);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("now"));
    QCOMPARE(engine.queue(QStringLiteral("q"))->delayed, 1u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 2u); // ready counts the delayed one, as before
    clock.advance(engine, 1'000);
    QCOMPARE(engine.queue(QStringLiteral("q"))->delayed, 0u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 2u);
}

void TestEngineSqs::retentionDropsWithoutDeadLettering()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("q"),
        sqsArgs({{QStringLiteral("x-message-retention"), 60'000}, {QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")},
            {QStringLiteral("x-delivery-limit"), 5}}));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("old"));
    PublishOptions delayed;
    delayed.delayMs = 30'000; // retention counts from the send, not from when it became visible
    publishTo(engine, QStringLiteral("q"), QStringLiteral("delayed"), {}, {}, delayed);
    clock.advance(engine, 30'000);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("young"));
    // A leased message past its retention is gone when its lease ends.
    QCOMPARE(engine.lease(QStringLiteral("q"), 1, 40'000).value.size(), 1); // "old"
    clock.advance(engine, 30'000); // "delayed" is 60 s old
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 1u);
    clock.advance(engine, 10'000); // the lease of "old" ends after its retention
    QCOMPARE(browseBodies(engine, QStringLiteral("q")), QStringList{QStringLiteral("young")});
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 0u);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 0u);
    clock.advance(engine, 20'000);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 0u);

    // A classic queue with a TTL still dead-letters what expires.
    declare(engine, QStringLiteral("classic"),
        {{QStringLiteral("x-message-ttl"), 1'000}, {QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")}});
    publishTo(engine, QStringLiteral("classic"), QStringLiteral("m"));
    clock.advance(engine, 1'000);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 1u);
}

void TestEngineSqs::sqsQueuesCountReceives()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs());
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    const auto leased = engine.lease(QStringLiteral("q"), 1, 1000);
    QCOMPARE(leased.value.size(), 1);
    QVERIFY(leased.value.at(0).countsDeliveries);
}

void TestEngineSqs::watchWakesOnceAfterThePublish()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs());
    int woken = 0;
    const quint64 watch = engine.watchReady(QStringLiteral("q"), [&] { ++woken; });
    QVERIFY(watch != 0);
    QCoreApplication::processEvents();
    QCOMPARE(woken, 0); // nothing ready: it waits
    publishTo(engine, QStringLiteral("q"), QStringLiteral("a"));
    QCOMPARE(woken, 0); // never from inside the publish
    QCoreApplication::processEvents();
    QCOMPARE(woken, 1);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("b"));
    QCoreApplication::processEvents();
    QCOMPARE(woken, 1); // once: the watch is gone
    QCOMPARE(engine.watchCount(), 0u);
    QCOMPARE(engine.watchReady(QStringLiteral("nowhere"), [&] { ++woken; }), 0u);
}

void TestEngineSqs::watchWakesAtOnceWhenReady()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs());
    publishTo(engine, QStringLiteral("q"), QStringLiteral("a"));
    bool woken = false;
    engine.watchReady(QStringLiteral("q"), [&] { woken = true; });
    QVERIFY(!woken);
    QCoreApplication::processEvents();
    QVERIFY(woken);
}

void TestEngineSqs::watchWakesWhenTimeMakesAMessageReady()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), sqsArgs({{QStringLiteral("x-default-delay"), 1'000}}));
    int woken = 0;
    engine.watchReady(QStringLiteral("q"), [&] { ++woken; });
    publishTo(engine, QStringLiteral("q"), QStringLiteral("later"));
    QCoreApplication::processEvents();
    QCOMPARE(woken, 0); // delayed: not ready yet
    clock.advance(engine, 1'000);
    QCoreApplication::processEvents();
    QCOMPARE(woken, 1);

    // A lease that runs out, and one released, make the message ready again.
    const auto leased = engine.lease(QStringLiteral("q"), 1, 500);
    QCOMPARE(leased.value.size(), 1);
    engine.watchReady(QStringLiteral("q"), [&] { ++woken; });
    QCoreApplication::processEvents();
    QCOMPARE(woken, 1);
    clock.advance(engine, 500);
    QCoreApplication::processEvents();
    QCOMPARE(woken, 2);
    const auto again = engine.lease(QStringLiteral("q"), 1, 500);
    QCOMPARE(again.value.size(), 1);
    engine.watchReady(QStringLiteral("q"), [&] { ++woken; });
    QVERIFY(engine.release(again.value.at(0).lease).ok());
    QCoreApplication::processEvents();
    QCOMPARE(woken, 3);
}

void TestEngineSqs::unwatchedNeverWakes()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs());
    bool first = false;
    bool second = false;
    const quint64 a = engine.watchReady(QStringLiteral("q"), [&] { first = true; });
    const quint64 b = engine.watchReady(QStringLiteral("q"), [&] { second = true; });
    engine.unwatchReady(a);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    engine.unwatchReady(b); // its wake is already queued: still not called
    QCoreApplication::processEvents();
    QVERIFY(!first);
    QVERIFY(!second);
    QCOMPARE(engine.watchCount(), 0u);
}

void TestEngineSqs::watchWakesWhenTheQueueGoes()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs());
    bool woken = false;
    engine.watchReady(QStringLiteral("q"), [&] { woken = true; });
    QVERIFY(engine.deleteQueue(QStringLiteral("q"), false, false).ok());
    QCoreApplication::processEvents();
    QVERIFY(woken);
}

void TestEngineSqs::receiveLimitMovesToTheDeadLetterQueueAtLeaseTime()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"), sqsArgs());
    declare(engine, QStringLiteral("q"),
        sqsArgs({{QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")},
            {QStringLiteral("x-delivery-limit"), 2}}));
    PublishOptions o;
    o.groupKey = QStringLiteral("g");
    publishTo(engine, QStringLiteral("q"), QStringLiteral("poison"), {}, {}, o);
    for (quint32 receive = 1; receive <= 2; ++receive) {
        const auto leased = engine.lease(QStringLiteral("q"), 10, 1'000);
        QCOMPARE(leased.value.size(), 1);
        QCOMPARE(leased.value.at(0).deliveryCount, receive);
        clock.advance(engine, 1'000);
        // Back in its queue after the last allowed receive, as SQS keeps it.
        QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
        QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 0u);
    }
    // The third receive would pass maxReceiveCount 2: moved instead.
    QCOMPARE(engine.lease(QStringLiteral("q"), 10, 1'000).value.size(), 0);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 1u);
    const auto moved = engine.lease(QStringLiteral("dlq"), 1, 1'000);
    QCOMPARE(moved.value.size(), 1);
    const MessageContent &c = *moved.value.at(0).content;
    QCOMPARE(c.body, QByteArray("poison"));
    QCOMPARE(c.groupKey, QStringLiteral("g"));
    QCOMPARE(c.deaths.records.size(), 1);
    QCOMPARE(c.deaths.records.at(0).reason, DeathReason::DeliveryLimit);
    QCOMPARE(c.deaths.records.at(0).queue, QStringLiteral("q"));
    QCOMPARE(c.deaths.originalQueue(), QStringLiteral("q"));
    QCOMPARE(moved.value.at(0).deliveryCount, 1u); // a new message in the DLQ

    // Rejected (nack without requeue) on an SQS kind: gone, not dead-lettered.
    SessionId s = engine.openSession(engine.openConnection({}), nullptr);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("rejected"));
    const auto got = engine.get(s, QStringLiteral("q"), false);
    QVERIFY(got.value);
    QVERIFY(engine.reject(s, got.value->deliveryTag, false).ok());
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->unacked, 1u);
}

void TestEngineSqs::receiveLimitAppliesToEveryWayOfTaking()
{
    Engine engine;
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("q"),
        sqsArgs({{QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")},
            {QStringLiteral("x-delivery-limit"), 1}}));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("m"));
    const LeaseHandle h = engine.lease(QStringLiteral("q"), 1, 60'000).value.at(0).lease;
    QVERIFY(engine.release(h).ok()); // released after its one allowed receive: still in q
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
    // A consumer would be its second delivery: it gets nothing, the DLQ gets it.
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"))).ok());
    QCOMPARE(sink.deliveries.size(), 0);
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 1u);
}

void TestEngineSqs::purgeTakesLeasedMessagesToo()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), sqsArgs());
    for (const char *b : {"a", "b", "c"})
        publishTo(engine, QStringLiteral("q"), QString::fromLatin1(b));
    const auto leased = engine.lease(QStringLiteral("q"), 2, 60'000);
    QCOMPARE(leased.value.size(), 2);
    // As before: ready ones only.
    QCOMPARE(engine.purgeQueue(QStringLiteral("q")).value, 1u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 2u);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("d"));
    QCOMPARE(engine.purgeQueue(QStringLiteral("q"), 0, Engine::Purge::LeasedToo).value, 3u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->unacked, 0u);
    QCOMPARE(engine.leaseCount(), 0u);
    QCOMPARE(engine.settle(leased.value.at(0).lease).error.kind, ErrorKind::NotFound);
    QCOMPARE(engine.extendLease(leased.value.at(1).lease, 1'000).error.kind, ErrorKind::NotFound);
    QVERIFY(engine.browse(QStringLiteral("q"), 0, 10).isEmpty());
}

namespace {

QVariantMap fifoArgs(QVariantMap more = {})
{
    more.insert(QStringLiteral("x-queue-type"), QStringLiteral("sqs-fifo"));
    return more;
}

PublishOptions inGroup(const QString &group, const QString &deduplicationId = QString())
{
    PublishOptions o;
    o.groupKey = group;
    o.deduplicationId = deduplicationId;
    return o;
}

QStringList bodiesOf(const QList<Delivery> &deliveries)
{
    QStringList out;
    for (const Delivery &d : deliveries)
        out.append(QString::fromUtf8(d.content->body));
    return out;
}

} // namespace

void TestEngineSqs::fifoOrdersAndBlocksPerGroup()
{
    Engine engine;
    declare(engine, QStringLiteral("f"), fifoArgs());
    const QString f = QStringLiteral("f");
    for (const char *m : {"A1", "A2", "B1", "A3", "B2"})
        publishTo(engine, f, QString::fromLatin1(m), {}, {}, inGroup(QString(QLatin1Char(m[0]))));
    const auto a1 = engine.lease(f, 1, 60'000).value;
    QCOMPARE(bodiesOf(a1), QStringList{QStringLiteral("A1")});
    // A is blocked while A1 is leased; one call takes all it can of B, in order.
    const auto b = engine.lease(f, 10, 60'000).value;
    QCOMPARE(bodiesOf(b), (QStringList{QStringLiteral("B1"), QStringLiteral("B2")}));
    QCOMPARE(engine.lease(f, 10, 60'000).value.size(), 0);
    bool woken = false;
    engine.watchReady(f, [&] { woken = true; });
    QVERIFY(engine.settle(a1.at(0).lease).ok());
    QCoreApplication::processEvents();
    QVERIFY(woken); // settling A1 opened group A
    const auto rest = engine.lease(f, 10, 60'000).value;
    QCOMPARE(bodiesOf(rest), (QStringList{QStringLiteral("A2"), QStringLiteral("A3")}));
    // A2 released while A3 is still leased: A stays blocked, nothing overtakes.
    QVERIFY(engine.release(rest.at(0).lease).ok());
    QCOMPARE(engine.queue(f)->ready, 1u);
    QCOMPARE(engine.lease(f, 10, 60'000).value.size(), 0);
    QVERIFY(engine.settle(rest.at(1).lease).ok());
    const auto again = engine.lease(f, 10, 60'000).value;
    QCOMPARE(bodiesOf(again), QStringList{QStringLiteral("A2")});
    QCOMPARE(again.at(0).deliveryCount, 2u);
}

void TestEngineSqs::fifoGroupOpensWhenTheLeaseRunsOut()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("f"), fifoArgs());
    publishTo(engine, QStringLiteral("f"), QStringLiteral("1"), {}, {}, inGroup(QStringLiteral("g")));
    publishTo(engine, QStringLiteral("f"), QStringLiteral("2"), {}, {}, inGroup(QStringLiteral("g")));
    QCOMPARE(bodiesOf(engine.lease(QStringLiteral("f"), 1, 1'000).value), QStringList{QStringLiteral("1")});
    QCOMPARE(engine.lease(QStringLiteral("f"), 1, 1'000).value.size(), 0);
    clock.advance(engine, 1'000);
    // The same message again, not the next one.
    QCOMPARE(bodiesOf(engine.lease(QStringLiteral("f"), 1, 1'000).value), QStringList{QStringLiteral("1")});
}

void TestEngineSqs::standardQueueCarriesGroupsWithoutBlocking()
{
    Engine engine;
    declare(engine, QStringLiteral("s"), sqsArgs());
    publishTo(engine, QStringLiteral("s"), QStringLiteral("1"), {}, {}, inGroup(QStringLiteral("g")));
    publishTo(engine, QStringLiteral("s"), QStringLiteral("2"), {}, {}, inGroup(QStringLiteral("g")));
    const auto first = engine.lease(QStringLiteral("s"), 1, 1'000).value;
    QCOMPARE(first.at(0).content->groupKey, QStringLiteral("g"));
    QCOMPARE(first.at(0).sequence, 0u);
    QCOMPARE(engine.lease(QStringLiteral("s"), 1, 1'000).value.size(), 1);
}

void TestEngineSqs::fifoSequenceNumbers()
{
    Engine engine;
    declare(engine, QStringLiteral("f"), fifoArgs());
    declare(engine, QStringLiteral("other"), fifoArgs());
    const PublishResult r1
        = publishTo(engine, QStringLiteral("f"), QStringLiteral("1"), {}, {}, inGroup(QStringLiteral("a")));
    publishTo(engine, QStringLiteral("other"), QStringLiteral("x"), {}, {}, inGroup(QStringLiteral("a")));
    const PublishResult r2
        = publishTo(engine, QStringLiteral("f"), QStringLiteral("2"), {}, {}, inGroup(QStringLiteral("b")));
    QVERIFY(r1.sequence != 0);
    QVERIFY(r2.sequence > r1.sequence);
    const auto leased = engine.lease(QStringLiteral("f"), 10, 1'000).value;
    QCOMPARE(leased.size(), 2);
    QCOMPARE(leased.at(0).sequence, r1.sequence);
    QCOMPARE(leased.at(1).sequence, r2.sequence);
    QCOMPARE(publishTo(engine, QStringLiteral("nowhere"), QStringLiteral("y")).sequence, 0u);
}

void TestEngineSqs::fifoDeduplicationWindow()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("f"), fifoArgs());
    MessageProperties props;
    props.messageId = QStringLiteral("uuid-1");
    const PublishResult first = publishTo(engine, QStringLiteral("f"), QStringLiteral("once"), props, {},
        inGroup(QStringLiteral("g"), QStringLiteral("d")));
    QVERIFY(!first.duplicateOf);
    clock.advance(engine, 299'999);
    props.messageId = QStringLiteral("uuid-2");
    const PublishResult again = publishTo(engine, QStringLiteral("f"), QStringLiteral("twice"), props, {},
        inGroup(QStringLiteral("other"), QStringLiteral("d")));
    QVERIFY(again.routed);
    QVERIFY(again.duplicateOf);
    QCOMPARE(again.duplicateOf->messageId, first.messageId);
    QCOMPARE(again.duplicateOf->publisherMessageId, QStringLiteral("uuid-1"));
    QCOMPARE(again.sequence, first.sequence);
    QCOMPARE(engine.queue(QStringLiteral("f"))->ready, 1u);
    // Without a deduplication id nothing is deduplicated.
    publishTo(engine, QStringLiteral("f"), QStringLiteral("free"), {}, {}, inGroup(QStringLiteral("g")));
    publishTo(engine, QStringLiteral("f"), QStringLiteral("free"), {}, {}, inGroup(QStringLiteral("g")));
    QCOMPARE(engine.queue(QStringLiteral("f"))->ready, 3u);
    clock.advance(engine, 1); // five minutes after the first: out of the window
    const PublishResult later = publishTo(engine, QStringLiteral("f"), QStringLiteral("later"), {}, {},
        inGroup(QStringLiteral("g"), QStringLiteral("d")));
    QVERIFY(!later.duplicateOf);
    QCOMPARE(engine.queue(QStringLiteral("f"))->ready, 4u);
}

void TestEngineSqs::fifoDeduplicationPerGroup()
{
    Engine engine;
    declare(engine, QStringLiteral("f"),
        fifoArgs({{QStringLiteral("x-deduplication-scope"), QStringLiteral("messageGroup")}}));
    QVERIFY(!publishTo(
        engine, QStringLiteral("f"), QStringLiteral("1"), {}, {}, inGroup(QStringLiteral("a"), QStringLiteral("d")))
                 .duplicateOf);
    QVERIFY(!publishTo(
        engine, QStringLiteral("f"), QStringLiteral("2"), {}, {}, inGroup(QStringLiteral("b"), QStringLiteral("d")))
                 .duplicateOf);
    QVERIFY(publishTo(
        engine, QStringLiteral("f"), QStringLiteral("3"), {}, {}, inGroup(QStringLiteral("a"), QStringLiteral("d")))
                .duplicateOf);
    QCOMPARE(engine.queue(QStringLiteral("f"))->ready, 2u);
}

void TestEngineSqs::fifoStateSurvivesRestart()
{
    QTemporaryDir dir;
    FakeClock clock;
    auto open = [&] {
        QString error;
        auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
        if (!st)
            qFatal("cannot open store: %s", qPrintable(error));
        return st;
    };
    auto commit = [](Engine &engine, store::Store &st) {
        engine.flushStore();
        QVERIFY(st.flush());
        QCoreApplication::processEvents();
    };
    PublishResult first;
    {
        auto st = open();
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        declare(engine, QStringLiteral("f"), fifoArgs(), true);
        first = publishTo(engine, QStringLiteral("f"), QStringLiteral("A1"), persistent(), {},
            inGroup(QStringLiteral("A"), QStringLiteral("d1")));
        publishTo(engine, QStringLiteral("f"), QStringLiteral("A2"), persistent(), {},
            inGroup(QStringLiteral("A"), QStringLiteral("d2")));
        publishTo(engine, QStringLiteral("f"), QStringLiteral("B1"), persistent(), {},
            inGroup(QStringLiteral("B"), QStringLiteral("d3")));
        QCOMPARE(bodiesOf(engine.lease(QStringLiteral("f"), 1, 60'000).value), QStringList{QStringLiteral("A1")});
        commit(engine, *st);
        st->close();
    }
    *clock.ms += 10'000; // while Depot is stopped
    auto st = open();
    Engine engine(st.get());
    engine.setClock(clock.clock());
    engine.recover();
    // A1 is still leased (by nobody): group A stays blocked.
    QCOMPARE(bodiesOf(engine.lease(QStringLiteral("f"), 10, 60'000).value), QStringList{QStringLiteral("B1")});
    // The window holds: d1 is a duplicate of the first message, with its sequence.
    const PublishResult dup = publishTo(engine, QStringLiteral("f"), QStringLiteral("A1 again"), persistent(), {},
        inGroup(QStringLiteral("A"), QStringLiteral("d1")));
    QVERIFY(dup.duplicateOf);
    QCOMPARE(dup.duplicateOf->messageId, first.messageId);
    QCOMPARE(dup.sequence, first.sequence);
    // New messages get higher sequence numbers than any before the restart.
    const PublishResult next = publishTo(engine, QStringLiteral("f"), QStringLiteral("C1"), persistent(), {},
        inGroup(QStringLiteral("C"), QStringLiteral("d4")));
    QVERIFY(next.sequence > first.sequence);
    commit(engine, *st);
    // After the window (five minutes from the first send) d1 is new again.
    clock.advance(engine, 290'000);
    QVERIFY(!publishTo(engine, QStringLiteral("f"), QStringLiteral("A1 new"), persistent(), {},
        inGroup(QStringLiteral("A"), QStringLiteral("d1")))
                 .duplicateOf);
    commit(engine, *st);
}

void TestEngineSqs::argumentsChangeInPlace()
{
    QTemporaryDir dir;
    FakeClock clock;
    auto open = [&] {
        QString error;
        auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
        if (!st)
            qFatal("cannot open store: %s", qPrintable(error));
        return st;
    };
    const QVariantMap changed = sqsArgs({{QStringLiteral("x-default-delay"), 5'000},
        {QStringLiteral("x-sqs-Tags"), QVariantMap{{QStringLiteral("k"), 1}}}});
    {
        auto st = open();
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        declare(engine, QStringLiteral("q"), sqsArgs(), true);
        QCOMPARE(engine.setQueueArguments(QStringLiteral("nowhere"), sqsArgs()).error.kind, ErrorKind::NotFound);
        QCOMPARE(engine.setQueueArguments(QStringLiteral("q"), fifoArgs()).error.kind, ErrorKind::PreconditionFailed);
        QCOMPARE(engine.setQueueArguments(QStringLiteral("q"), sqsArgs({{QStringLiteral("x-default-delay"), -5}}))
                     .error.kind,
            ErrorKind::InvalidArgument);
        const auto r = engine.setQueueArguments(QStringLiteral("q"), changed);
        QVERIFY2(r.ok(), qPrintable(r.error.text));
        QCOMPARE(r.value.def.arguments, changed);
        publishTo(engine, QStringLiteral("q"), QStringLiteral("m"), persistent());
        QCOMPARE(engine.queue(QStringLiteral("q"))->delayed, 1u); // the new default delay applies
        // A redeclare now compares with the new arguments.
        QVERIFY(engine.declareQueue(queueDef(QStringLiteral("q"), changed, true), false).ok());
        engine.flushStore();
        QVERIFY(st->flush());
        st->close();
    }
    auto st = open();
    Engine engine(st.get());
    engine.setClock(clock.clock());
    engine.recover();
    QCOMPARE(engine.queue(QStringLiteral("q"))->def.arguments, changed); // stored
    publishTo(engine, QStringLiteral("q"), QStringLiteral("n"));
    QCOMPARE(engine.queue(QStringLiteral("q"))->delayed, 2u);
}

QTEST_GUILESS_MAIN(TestEngineSqs)
#include "tst_engine_sqs.moc"
