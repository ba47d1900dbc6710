// A message moved, copied, replayed or dead-lettered keeps where and when it
// was first enqueued (MessageContent::origin) beside the time it arrived
// where it is now, also across a restart; one still in its first queue has
// none.

#include "EngineTestSupport.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

class TestEngineOrigin final : public QObject
{
    Q_OBJECT

private:
    static MessageView only(Engine &engine, const QString &queue)
    {
        const QList<MessageView> views = engine.browse(queue, 0, 10);
        if (views.size() != 1)
            qFatal("queue %s holds %d messages, not 1", qPrintable(queue), int(views.size()));
        return views.first();
    }
    static TransferSpec spec(const QString &source, const QString &target,
        TransferSpec::Mode mode = TransferSpec::Mode::Move)
    {
        TransferSpec s;
        s.source = source;
        s.target = target;
        s.mode = mode;
        return s;
    }
    static const QVariantMap &deadLettered()
    {
        static const QVariantMap args{{QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("work.dlq")}};
        return args;
    }

private Q_SLOTS:
    void aMessageInItsFirstQueueHasNone();
    void moveAndCopyKeepTheFirstEnqueueTime();
    void deadLetterAndReplayKeepIt();
    void givingUpARetryKeepsIt();
    void itSurvivesARestart();
};

void TestEngineOrigin::aMessageInItsFirstQueueHasNone()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("a"));
    publishTo(engine, QStringLiteral("a"), QStringLiteral("m"));
    const MessageView v = only(engine, QStringLiteral("a"));
    QVERIFY(!v.state.content->origin);
    QCOMPARE(v.state.enqueuedAt, *clock.ms);
}

void TestEngineOrigin::moveAndCopyKeepTheFirstEnqueueTime()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    for (const char *q : {"a", "b", "c", "copies"})
        declare(engine, QLatin1String(q));
    publishTo(engine, QStringLiteral("a"), QStringLiteral("m"));
    const qint64 published = *clock.ms;

    clock.advance(engine, 5000);
    QVERIFY(engine.transfer(spec(QStringLiteral("a"), QStringLiteral("b"))).ok());
    MessageView v = only(engine, QStringLiteral("b"));
    QCOMPARE(v.state.enqueuedAt, published + 5000); // it arrived here now ...
    QCOMPARE(v.state.content->origin, std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("a"), published}));

    // ... and a second move keeps the first queue, not the one before.
    clock.advance(engine, 1000);
    QVERIFY(engine.transfer(spec(QStringLiteral("b"), QStringLiteral("c"))).ok());
    v = only(engine, QStringLiteral("c"));
    QCOMPARE(v.state.enqueuedAt, published + 6000);
    QCOMPARE(v.state.content->origin, std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("a"), published}));

    // A copy carries it; the copied message, still where it was, has none.
    publishTo(engine, QStringLiteral("b"), QStringLiteral("n"));
    const qint64 second = *clock.ms;
    clock.advance(engine, 2000);
    QVERIFY(engine.transfer(spec(QStringLiteral("b"), QStringLiteral("copies"), TransferSpec::Mode::Copy)).ok());
    QCOMPARE(only(engine, QStringLiteral("copies")).state.content->origin,
        std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("b"), second}));
    QVERIFY(!only(engine, QStringLiteral("b")).state.content->origin);
}

void TestEngineOrigin::deadLetterAndReplayKeepIt()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("work.dlq"));
    declare(engine, QStringLiteral("work"), deadLettered());
    publishTo(engine, QStringLiteral("work"), QStringLiteral("m"));
    const qint64 published = *clock.ms;
    const MessageOrigin first{QStringLiteral("work"), published};

    clock.advance(engine, 3000);
    GettingClient client(engine);
    const auto d = client.get(QStringLiteral("work"));
    QVERIFY(d && client.nack(*d, false));
    MessageView v = only(engine, QStringLiteral("work.dlq"));
    QCOMPARE(v.state.enqueuedAt, published + 3000);
    QCOMPARE(v.state.content->origin, std::optional<MessageOrigin>(first));

    // Replayed to where it came from: back in its first queue, it still
    // says when it first arrived there.
    clock.advance(engine, 4000);
    QVERIFY(engine.transfer(spec(QStringLiteral("work.dlq"), QString())).ok());
    v = only(engine, QStringLiteral("work"));
    QCOMPARE(v.state.enqueuedAt, published + 7000);
    QCOMPARE(v.state.content->origin, std::optional<MessageOrigin>(first));

    // Rejected again: the same.
    const auto again = client.get(QStringLiteral("work"));
    QVERIFY(again && client.nack(*again, false));
    QCOMPARE(only(engine, QStringLiteral("work.dlq")).state.content->origin, std::optional<MessageOrigin>(first));
}

void TestEngineOrigin::givingUpARetryKeepsIt()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("work.dlq"));
    QVariantMap args = deadLettered();
    args.insert(QStringLiteral("x-retry-delays"), QVariantList{1000, 2000});
    declare(engine, QStringLiteral("work"), args);
    publishTo(engine, QStringLiteral("work"), QStringLiteral("m"));
    const qint64 published = *clock.ms;
    clock.advance(engine, 500);
    QVERIFY(engine.giveUp(QStringLiteral("work"), only(engine, QStringLiteral("work")).state.id).ok());
    QCOMPARE(only(engine, QStringLiteral("work.dlq")).state.content->origin,
        std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("work"), published}));
}

// Stored with the message: after a restart a moved message (its body read
// back from the store) and a dead letter still say where they started.
void TestEngineOrigin::itSurvivesARestart()
{
    QTemporaryDir dir;
    FakeClock clock;
    const qint64 published = *clock.ms;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("a"), {}, true);
        declare(engine, QStringLiteral("b"), {}, true);
        declare(engine, QStringLiteral("work.dlq"), {}, true);
        declare(engine, QStringLiteral("work"), deadLettered(), true);
        publishTo(engine, QStringLiteral("a"), QStringLiteral("moved"), persistent());
        publishTo(engine, QStringLiteral("work"), QStringLiteral("died"), persistent());
        run.commit(); // the move rewrites a committed row
        clock.advance(engine, 5000);
        QVERIFY(engine.transfer(spec(QStringLiteral("a"), QStringLiteral("b"))).ok());
        GettingClient client(engine);
        const auto d = client.get(QStringLiteral("work"));
        QVERIFY(d && client.nack(*d, false));
        run.stop();
    }
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    MessageView moved = only(engine, QStringLiteral("b"));
    QCOMPARE(moved.state.content->body, QByteArray("moved"));
    QCOMPARE(moved.state.enqueuedAt, published + 5000);
    QCOMPARE(moved.state.content->origin, std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("a"), published}));
    QCOMPARE(only(engine, QStringLiteral("work.dlq")).state.content->origin,
        std::optional<MessageOrigin>(MessageOrigin{QStringLiteral("work"), published}));
    QVERIFY(engine.queue(QStringLiteral("a"))->ready == 0);
}

QTEST_GUILESS_MAIN(TestEngineOrigin)
#include "tst_engine_origin.moc"
