// Retries with backoff (x-retry-delays): a message a consumer gives back with
// requeue waits the next delay of the list among the queue's delayed
// messages, and past the list is dead-lettered with reason delivery_limit.
// The wait survives a restart for persistent messages. Time is a fake clock.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

const QString kDelays = QStringLiteral("x-retry-delays");

QVariantMap retryArgs(const QVariantList &delays, bool withDlx = true)
{
    QVariantMap args{{kDelays, delays}};
    if (withDlx) {
        args.insert(QStringLiteral("x-dead-letter-exchange"), QString());
        args.insert(QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq"));
    }
    return args;
}

} // namespace

class TestEngineRetry final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void badDelaysAreRefused_data();
    void badDelaysAreRefused();
    void redeclareComparesDelaysByValue();
    void nackWaitsEachDelayThenDeadLetters();
    void rejectWithRequeueWaitsToo();
    void requeueFalseDeadLettersAtOnce();
    void withoutDlxTheLastReturnDrops();
    void channelCloseReturnsAtOnceButCounts();
    void zeroDelayReturnsAtOnce();
    void waitingMessageComesBackToAFullQueue();
    void scheduleSurvivesRestart();
    void overdueAfterRestartIsReady();
};

void TestEngineRetry::badDelaysAreRefused_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("why");
    QTest::addRow("not a list") << QVariant(300) << QStringLiteral("expected a list");
    QTest::addRow("string") << QVariant(QStringLiteral("300,600")) << QStringLiteral("expected a list");
    QTest::addRow("empty") << QVariant(QVariantList{}) << QStringLiteral("empty");
    QTest::addRow("negative") << QVariant(QVariantList{300, -1}) << QStringLiteral("delay 2 is -1 ms");
    QTest::addRow("fraction") << QVariant(QVariantList{1.5}) << QStringLiteral("delay 1 is not an integer");
    QTest::addRow("text item") << QVariant(QVariantList{QStringLiteral("5")})
                               << QStringLiteral("delay 1 is not an integer");
    QTest::addRow("too long") << QVariant(QVariantList{qint64(40'000'000'000)}) << QStringLiteral("not between 0");
}

void TestEngineRetry::badDelaysAreRefused()
{
    QFETCH(QVariant, value);
    QFETCH(QString, why);
    Engine engine;
    const auto r = engine.declareQueue(queueDef(QStringLiteral("q"), {{kDelays, value}}), false);
    QCOMPARE(r.error.kind, ErrorKind::InvalidArgument); // AMQP 406 PRECONDITION_FAILED
    QVERIFY2(
        r.error.text.contains(QStringLiteral("invalid arg 'x-retry-delays' for queue 'q'")), qPrintable(r.error.text));
    QVERIFY2(r.error.text.contains(why), qPrintable(r.error.text));
    QVERIFY(!engine.queue(QStringLiteral("q")));
}

void TestEngineRetry::redeclareComparesDelaysByValue()
{
    Engine engine;
    declare(engine, QStringLiteral("q"), {{kDelays, QVariantList{300, 600}}});
    // The same delays in other integer widths (clients differ) are equivalent.
    QVERIFY(
        engine.declareQueue(queueDef(QStringLiteral("q"), {{kDelays, QVariantList{qint64(300), quint16(600)}}}), false)
            .ok());
    const auto other = engine.declareQueue(queueDef(QStringLiteral("q"), {{kDelays, QVariantList{300}}}), false);
    QCOMPARE(other.error.kind, ErrorKind::PreconditionFailed);
    QVERIFY2(other.error.text.contains(kDelays), qPrintable(other.error.text));
    QCOMPARE(engine.declareQueue(queueDef(QStringLiteral("q"), {}), false).error.kind, ErrorKind::PreconditionFailed);
}

void TestEngineRetry::nackWaitsEachDelayThenDeadLetters()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"), retryArgs({300, 600}));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("work"), 1)).ok());
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    QCOMPARE(sink.deliveries.size(), 1);
    const qint64 start = *clock.ms;

    // First return: held back 300 ms, counted as delayed, its due time shown.
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    QCOMPARE(sink.deliveries.size(), 1);
    auto info = engine.queue(QStringLiteral("work"));
    QCOMPARE(info->ready, 1u);
    QCOMPARE(info->delayed, 1u);
    QCOMPARE(info->unacked, 0u);
    const QList<MessageView> waiting = engine.browse(QStringLiteral("work"), 0, 10);
    QCOMPARE(waiting.size(), 1);
    QCOMPARE(waiting.at(0).state.readyAt, start + 300);
    QCOMPARE(waiting.at(0).state.deliveryCount, 1u);
    clock.advance(engine, 299);
    QCOMPARE(sink.deliveries.size(), 1);
    clock.advance(engine, 1);
    QCOMPARE(sink.deliveries.size(), 2);
    QVERIFY(sink.deliveries.at(1).redelivered);
    QCOMPARE(sink.deliveries.at(1).deliveryCount, 2u);
    QCOMPARE(engine.queue(QStringLiteral("work"))->delayed, 0u);

    // Second return: the second delay.
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    clock.advance(engine, 599);
    QCOMPARE(sink.deliveries.size(), 2);
    clock.advance(engine, 1);
    QCOMPARE(sink.deliveries.size(), 3);

    // Third return: the list is used up, so it is dead-lettered.
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    info = engine.queue(QStringLiteral("work"));
    QCOMPARE(info->ready + info->unacked, 0u);
    const QList<MessageView> dead = engine.browse(QStringLiteral("dlq"), 0, 10);
    QCOMPARE(dead.size(), 1);
    const DeathHistory &deaths = dead.at(0).state.content->deaths;
    QCOMPARE(deaths.records.size(), 1);
    QCOMPARE(deaths.records.at(0).reason, DeathReason::DeliveryLimit);
    QCOMPARE(deaths.records.at(0).queue, QStringLiteral("work"));
    QCOMPARE(sink.deliveries.size(), 3);
}

void TestEngineRetry::rejectWithRequeueWaitsToo()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("work"), retryArgs({1000}, false));
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    GettingClient client(engine);
    const auto got = client.get(QStringLiteral("work"));
    QVERIFY(got);
    QVERIFY(engine.reject(client.session(), got->deliveryTag, true).ok());
    QVERIFY(!client.get(QStringLiteral("work"))); // waiting, not visible
    clock.advance(engine, 1000);
    const auto again = client.get(QStringLiteral("work"));
    QVERIFY(again);
    QCOMPARE(again->deliveryCount, 2u);
}

void TestEngineRetry::requeueFalseDeadLettersAtOnce()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"), retryArgs({300, 600}));
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    GettingClient client(engine);
    const auto got = client.get(QStringLiteral("work"));
    QVERIFY(got && client.nack(*got, false));
    const QList<MessageView> dead = engine.browse(QStringLiteral("dlq"), 0, 10);
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.at(0).state.content->deaths.records.at(0).reason, DeathReason::Rejected);
    QCOMPARE(engine.queue(QStringLiteral("work"))->ready, 0u);
}

void TestEngineRetry::withoutDlxTheLastReturnDrops()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("work"), retryArgs({10}, false));
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    GettingClient client(engine);
    for (int attempt = 1; attempt <= 2; ++attempt) {
        clock.advance(engine, 10);
        QVERIFY2(client.getAndGiveBack(QStringLiteral("work")), qPrintable(QStringLiteral("attempt %1").arg(attempt)));
    }
    const auto info = engine.queue(QStringLiteral("work"));
    QCOMPARE(info->ready + info->unacked, 0u);
}

void TestEngineRetry::channelCloseReturnsAtOnceButCounts()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("work"), retryArgs({300, 600}, false));
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    const ConnectionId conn = engine.openConnection({});
    RecordingSink sink;
    const SessionId s = engine.openSession(conn, &sink);
    QVERIFY(engine.get(s, QStringLiteral("work"), false).value);
    engine.closeSession(s); // not a consumer's refusal: back at once
    QCOMPARE(engine.queue(QStringLiteral("work"))->delayed, 0u);
    const SessionId s2 = engine.openSession(conn, &sink);
    const auto got = engine.get(s2, QStringLiteral("work"), false);
    QVERIFY(got.value);
    QCOMPARE(got.value->deliveryCount, 2u);
    // The delivery that closed with the channel counted: this return waits
    // the second delay.
    QVERIFY(engine.nack(s2, got.value->deliveryTag, false, true).ok());
    const QList<MessageView> waiting = engine.browse(QStringLiteral("work"), 0, 10);
    QCOMPARE(waiting.size(), 1);
    QCOMPARE(waiting.at(0).state.readyAt, *clock.ms + 600);
}

void TestEngineRetry::zeroDelayReturnsAtOnce()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"), retryArgs({0}));
    publishTo(engine, QStringLiteral("work"), QStringLiteral("job"));
    GettingClient client(engine);
    QVERIFY(client.getAndGiveBack(QStringLiteral("work")));
    QVERIFY(client.getAndGiveBack(QStringLiteral("work"))); // at once, no waiting
    QCOMPARE(engine.browse(QStringLiteral("dlq"), 0, 10).size(), 1);
}

void TestEngineRetry::waitingMessageComesBackToAFullQueue()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    QVariantMap args = retryArgs({100}, false);
    args.insert(QStringLiteral("x-max-length"), 1);
    args.insert(QStringLiteral("x-overflow"), QStringLiteral("reject-publish"));
    declare(engine, QStringLiteral("work"), args);
    publishTo(engine, QStringLiteral("work"), QStringLiteral("first"));
    GettingClient client(engine);
    QVERIFY(client.getAndGiveBack(QStringLiteral("work")));
    // While it waits, the queue takes another publish up to its length...
    QVERIFY(!publishTo(engine, QStringLiteral("work"), QStringLiteral("second")).rejected);
    // ...and the waiting one, accepted long ago, still comes back.
    clock.advance(engine, 100);
    QCOMPARE(engine.queue(QStringLiteral("work"))->ready, 2u);
    QCOMPARE(
        browseBodies(engine, QStringLiteral("work")), (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
}

void TestEngineRetry::scheduleSurvivesRestart()
{
    QTemporaryDir dir;
    FakeClock clock;
    qint64 due = 0;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("dlq"), {}, true);
        declare(engine, QStringLiteral("work"), retryArgs({5'000, 60'000}), true);
        publishTo(engine, QStringLiteral("work"), QStringLiteral("job"), persistent());
        run.commit();
        GettingClient client(engine);
        QVERIFY(client.getAndGiveBack(QStringLiteral("work")));
        due = *clock.ms + 5'000;
        run.stop();
    }
    *clock.ms += 1'000;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        const auto info = engine.queue(QStringLiteral("work"));
        QCOMPARE(info->ready, 1u);
        QCOMPARE(info->delayed, 1u); // still waiting
        QCOMPARE(engine.browse(QStringLiteral("work"), 0, 10).at(0).state.readyAt, due);
        GettingClient client(engine);
        QVERIFY(!client.get(QStringLiteral("work")));
        clock.advance(engine, due - *clock.ms);
        const auto got = client.get(QStringLiteral("work"));
        QVERIFY(got);
        QCOMPARE(got->deliveryCount, 2u);
        // The second return waits the second delay, and that is stored too.
        QVERIFY(client.nack(*got, true));
        due = *clock.ms + 60'000;
        run.stop();
    }
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    QCOMPARE(engine.browse(QStringLiteral("work"), 0, 10).at(0).state.readyAt, due);
    QCOMPARE(engine.queue(QStringLiteral("work"))->delayed, 1u);
    clock.advance(engine, 60'000);
    GettingClient client(engine);
    const auto got = client.get(QStringLiteral("work"));
    QVERIFY(got);
    QCOMPARE(got->deliveryCount, 3u);
    // Past the list: dead-lettered, after restarts as without them.
    QVERIFY(client.nack(*got, true));
    QCOMPARE(engine.browse(QStringLiteral("dlq"), 0, 10).size(), 1);
}

void TestEngineRetry::overdueAfterRestartIsReady()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("work"), retryArgs({5'000}, false), true);
        publishTo(engine, QStringLiteral("work"), QStringLiteral("job"), persistent());
        GettingClient client(engine);
        QVERIFY(client.getAndGiveBack(QStringLiteral("work")));
        run.stop();
    }
    *clock.ms += 10'000; // its time came while Depot was stopped
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    QCOMPARE(engine.queue(QStringLiteral("work"))->delayed, 0u);
    GettingClient client(engine);
    const auto got = client.get(QStringLiteral("work"));
    QVERIFY(got);
    QVERIFY(got->redelivered);
    QCOMPARE(got->deliveryCount, 2u);
}

QTEST_GUILESS_MAIN(TestEngineRetry)
#include "tst_engine_retry.moc"
