// The queue kinds SQS needs, in the engine's own terms: x-queue-type sqs and
// sqs-fifo, retention, a queue's default delay, the delayed count, the id of
// the enqueued copy, long-poll watches, the receive limit checked when a
// message is leased, purge of leased messages.

#include "EngineTestSupport.h"
#include "broker/engine/QueueArguments.h"

#include <QCoreApplication>

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

QTEST_GUILESS_MAIN(TestEngineSqs)
#include "tst_engine_sqs.moc"
