// The retry controls the user drives on top of x-retry-delays: Retry now (a
// waiting message is ready at once, its attempts kept), Retry all waiting
// now, Give up (dead-lettered now, reason delivery_limit; dropped without a
// dead-letter exchange), Reset attempts (the schedule starts over), and a
// queue's schedule changed in place. Stored messages keep each change across
// a restart. Time is a fake clock.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

const QString kDelays = QStringLiteral("x-retry-delays");
const QString kWork = QStringLiteral("work");
const QString kDlq = QStringLiteral("dlq");

QVariantMap retryArgs(const QVariantList &delays, bool withDlx = true)
{
    QVariantMap args{{kDelays, delays}};
    if (withDlx) {
        args.insert(QStringLiteral("x-dead-letter-exchange"), QString());
        args.insert(QStringLiteral("x-dead-letter-routing-key"), kDlq);
    }
    return args;
}

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

// Gets one message of `queue` and gives it back with requeue: with a
// schedule it then waits. Returns its id.
MessageId failOnce(Engine &engine, SessionId s, const QString &queue)
{
    const auto got = engine.get(s, queue, false);
    if (!got.ok() || !got.value)
        return 0;
    if (!engine.nack(s, got.value->deliveryTag, false, true).ok())
        return 0;
    return got.value->id;
}

const MessageView *find(const QList<MessageView> &views, MessageId id)
{
    for (const MessageView &v : views) {
        if (v.state.id == id)
            return &v;
    }
    return nullptr;
}

} // namespace

class TestEngineRetryControls final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryNowDeliversAtOnceKeepingItsAttempts();
    void retryNowRefusesWhatIsNotWaiting();
    void retryAllWaitingNowLeavesDelayedPublishes();
    void giveUpDeadLettersWithDeliveryLimit();
    void giveUpWithoutDlxDrops();
    void giveUpRefusesAnUnackedMessage();
    void resetAttemptsRestartsTheSchedule();
    void changesSurviveRestart();
    void scheduleChangesInPlace();
    void filterFindsWaitingMessages();
};

void TestEngineRetryControls::retryNowDeliversAtOnceKeepingItsAttempts()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kWork, retryArgs({60'000, 120'000}, false));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(kWork, 1)).ok());
    publishTo(engine, kWork, QStringLiteral("job"));
    QCOMPARE(sink.deliveries.size(), 1);
    const MessageId id = sink.deliveries.at(0).id;
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    QCOMPARE(engine.queue(kWork)->delayed, 1u);
    QCOMPARE(sink.deliveries.size(), 1);

    const auto r = engine.retryNow(kWork, id);
    QVERIFY2(r.ok(), qPrintable(r.error.text));
    // Delivered at once, a minute early, as its second attempt.
    QCOMPARE(sink.deliveries.size(), 2);
    QCOMPARE(sink.deliveries.at(1).id, id);
    QCOMPARE(sink.deliveries.at(1).deliveryCount, 2u);
    QVERIFY(sink.deliveries.at(1).redelivered);
    QCOMPARE(engine.queue(kWork)->delayed, 0u);
    // The next return waits the second delay: the attempts were kept.
    QVERIFY(engine.nack(s, sink.lastTag(), false, true).ok());
    QCOMPARE(engine.browse(kWork, 0, 10).at(0).state.readyAt, *clock.ms + 120'000);
}

void TestEngineRetryControls::retryNowRefusesWhatIsNotWaiting()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kWork, retryArgs({60'000}, false));
    publishTo(engine, kWork, QStringLiteral("ready"));
    PublishOptions delayed;
    delayed.delayMs = 30'000;
    publishTo(engine, kWork, QStringLiteral("delayed"), {}, QString(), delayed);
    publishTo(engine, kWork, QStringLiteral("taken"));
    const QList<MessageView> views = engine.browse(kWork, 0, 10);
    QCOMPARE(views.size(), 3);
    MessageId ready = 0;
    MessageId delayedId = 0;
    MessageId taken = 0;
    for (const MessageView &v : views) {
        const QByteArray body = v.state.content->body;
        (body == "ready" ? ready : body == "delayed" ? delayedId : taken) = v.state.id;
    }
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.get(s, kWork, false).value); // "ready"
    const auto got = engine.get(s, kWork, false); // "taken", now unacked
    QCOMPARE(got.value->id, taken);
    QVERIFY(engine.nack(s, 1, false, true).ok()); // "ready" returned: it waits now
    (void)ready;

    auto r = engine.retryNow(kWork, delayedId);
    QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
    QVERIFY2(r.error.text.contains(QStringLiteral("never delivered")), qPrintable(r.error.text));
    r = engine.retryNow(kWork, taken);
    QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
    QVERIFY2(r.error.text.contains(QStringLiteral("not settled")), qPrintable(r.error.text));
    QCOMPARE(engine.retryNow(kWork, 999'999).error.kind, ErrorKind::NotFound);
    QCOMPARE(engine.retryNow(QStringLiteral("nowhere"), ready).error.kind, ErrorKind::NotFound);
    // A ready message is not waiting either.
    publishTo(engine, kWork, QStringLiteral("fresh"));
    const MessageId fresh = engine.browse(kWork, 0, 1).at(0).state.id;
    r = engine.retryNow(kWork, fresh);
    QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
    QVERIFY2(r.error.text.contains(QStringLiteral("ready already")), qPrintable(r.error.text));
    // Nothing moved.
    QCOMPARE(engine.queue(kWork)->delayed, 2u);
}

void TestEngineRetryControls::retryAllWaitingNowLeavesDelayedPublishes()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kWork, retryArgs({60'000}, false));
    publishTo(engine, kWork, QStringLiteral("a"));
    publishTo(engine, kWork, QStringLiteral("b"));
    PublishOptions delayed;
    delayed.delayMs = 30'000;
    publishTo(engine, kWork, QStringLiteral("later"), {}, QString(), delayed);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(failOnce(engine, s, kWork));
    QVERIFY(failOnce(engine, s, kWork));
    QCOMPARE(engine.queue(kWork)->delayed, 3u);

    const auto r = engine.retryAllWaitingNow(kWork);
    QVERIFY(r.ok());
    QCOMPARE(r.value, 2u);
    QCOMPARE(engine.queue(kWork)->delayed, 1u);
    // Back in publish order, each on its second attempt; the delayed
    // publish still waits for its delay.
    auto got = engine.get(s, kWork, true);
    QCOMPARE(got.value->content->body, QByteArray("a"));
    QCOMPARE(got.value->deliveryCount, 2u);
    got = engine.get(s, kWork, true);
    QCOMPARE(got.value->content->body, QByteArray("b"));
    QVERIFY(!engine.get(s, kWork, true).value);
    QCOMPARE(engine.retryAllWaitingNow(kWork).value, 0u);
    QCOMPARE(engine.retryAllWaitingNow(QStringLiteral("nowhere")).error.kind, ErrorKind::NotFound);
}

void TestEngineRetryControls::giveUpDeadLettersWithDeliveryLimit()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kDlq);
    declare(engine, kWork, retryArgs({60'000, 60'000, 60'000}));
    publishTo(engine, kWork, QStringLiteral("waiting"));
    publishTo(engine, kWork, QStringLiteral("ready"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const MessageId waiting = failOnce(engine, s, kWork);
    QVERIFY(waiting);
    const MessageId ready = engine.browse(kWork, 0, 1).at(0).state.id;

    // A waiting message: dead-lettered now, not after its last attempt.
    auto r = engine.giveUp(kWork, waiting);
    QVERIFY2(r.ok(), qPrintable(r.error.text));
    QList<MessageView> dead = engine.browse(kDlq, 0, 10);
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.at(0).state.content->body, QByteArray("waiting"));
    const DeathHistory &deaths = dead.at(0).state.content->deaths;
    QCOMPARE(deaths.records.size(), 1);
    QCOMPARE(deaths.records.at(0).reason, DeathReason::DeliveryLimit);
    QCOMPARE(deathReasonName(deaths.records.at(0).reason), QStringLiteral("delivery_limit"));
    QCOMPARE(deaths.records.at(0).queue, kWork);
    QCOMPARE(engine.queue(kWork)->delayed, 0u);

    // A ready one too.
    r = engine.giveUp(kWork, ready);
    QVERIFY2(r.ok(), qPrintable(r.error.text));
    QCOMPARE(engine.queue(kWork)->ready, 0u);
    dead = engine.browse(kDlq, 0, 10);
    QCOMPARE(dead.size(), 2);
    QCOMPARE(dead.at(1).state.content->body, QByteArray("ready"));
    QCOMPARE(engine.giveUp(kWork, ready).error.kind, ErrorKind::NotFound);
}

void TestEngineRetryControls::giveUpWithoutDlxDrops()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kDlq);
    declare(engine, kWork, retryArgs({60'000}, false));
    publishTo(engine, kWork, QStringLiteral("job"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const MessageId id = failOnce(engine, s, kWork);
    QVERIFY(engine.giveUp(kWork, id).ok());
    const auto info = engine.queue(kWork);
    QCOMPARE(info->ready + info->unacked, 0u);
    QCOMPARE(engine.queue(kDlq)->ready, 0u);
}

void TestEngineRetryControls::giveUpRefusesAnUnackedMessage()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kDlq);
    declare(engine, kWork, retryArgs({60'000}));
    publishTo(engine, kWork, QStringLiteral("job"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const auto got = engine.get(s, kWork, false);
    QVERIFY(got.value);
    for (const auto &r : {engine.giveUp(kWork, got.value->id), engine.resetAttempts(kWork, got.value->id)}) {
        QCOMPARE(r.error.kind, ErrorKind::PreconditionFailed);
        QVERIFY2(r.error.text.contains(QStringLiteral("not settled")), qPrintable(r.error.text));
    }
    // Its consumer still settles it.
    QVERIFY(engine.ack(s, got.value->deliveryTag, false).ok());
    QCOMPARE(engine.queue(kDlq)->ready, 0u);
}

void TestEngineRetryControls::resetAttemptsRestartsTheSchedule()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kDlq);
    declare(engine, kWork, retryArgs({100, 200}));
    publishTo(engine, kWork, QStringLiteral("job"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const MessageId id = failOnce(engine, s, kWork);
    clock.advance(engine, 100);
    QCOMPARE(failOnce(engine, s, kWork), id);
    // Two attempts made, waiting 200 ms; one more return would dead-letter it.
    QCOMPARE(engine.browse(kWork, 0, 1).at(0).state.deliveryCount, 2u);
    QCOMPARE(engine.queue(kWork)->delayed, 1u);

    const auto r = engine.resetAttempts(kWork, id);
    QVERIFY2(r.ok(), qPrintable(r.error.text));
    const MessageView view = engine.browse(kWork, 0, 1).at(0);
    QCOMPARE(view.state.deliveryCount, 0u);
    QCOMPARE(view.state.readyAt, qint64(0)); // no attempt made: nothing to wait after
    QCOMPARE(engine.queue(kWork)->delayed, 0u);
    // The schedule starts again from its first delay.
    auto got = engine.get(s, kWork, false);
    QVERIFY(got.value);
    QCOMPARE(got.value->deliveryCount, 1u);
    QVERIFY(engine.nack(s, got.value->deliveryTag, false, true).ok());
    QCOMPARE(engine.browse(kWork, 0, 1).at(0).state.readyAt, *clock.ms + 100);
    clock.advance(engine, 100);
    QCOMPARE(failOnce(engine, s, kWork), id);
    QCOMPARE(engine.browse(kDlq, 0, 10).size(), 0);

    // A ready message that was delivered before starts over too.
    clock.advance(engine, 200);
    QVERIFY(engine.retryNow(kWork, id).error.kind == ErrorKind::PreconditionFailed); // ready already
    QCOMPARE(engine.browse(kWork, 0, 1).at(0).state.deliveryCount, 2u);
    QVERIFY(engine.resetAttempts(kWork, id).ok());
    QCOMPARE(engine.browse(kWork, 0, 1).at(0).state.deliveryCount, 0u);
}

void TestEngineRetryControls::changesSurviveRestart()
{
    QTemporaryDir dir;
    FakeClock clock;
    MessageId retried = 0;
    MessageId reset = 0;
    MessageId givenUp = 0;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        declare(engine, kDlq, {}, true);
        declare(engine, kWork, retryArgs({600'000, 600'000}), true);
        for (const char *body : {"retried", "reset", "given-up"})
            publishTo(engine, kWork, QString::fromLatin1(body), persistent());
        commit(engine, *st);
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        retried = failOnce(engine, s, kWork);
        reset = failOnce(engine, s, kWork);
        givenUp = failOnce(engine, s, kWork);
        commit(engine, *st);
        QCOMPARE(engine.queue(kWork)->delayed, 3u);
        QVERIFY(engine.retryNow(kWork, retried).ok());
        QVERIFY(engine.resetAttempts(kWork, reset).ok());
        QVERIFY(engine.giveUp(kWork, givenUp).ok());
        commit(engine, *st);
        st->close(); // as a kill: nothing else happens before the restart
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.setClock(clock.clock());
    engine.recover();
    const auto info = engine.queue(kWork);
    QCOMPARE(info->ready, 2u);
    QCOMPARE(info->delayed, 0u); // nothing waits ten minutes any more
    const QList<MessageView> views = engine.browse(kWork, 0, 10);
    const MessageView *r = find(views, retried);
    const MessageView *z = find(views, reset);
    QVERIFY(r && z);
    QCOMPARE(r->state.deliveryCount, 1u);
    QCOMPARE(r->state.readyAt, qint64(0));
    QCOMPARE(z->state.deliveryCount, 0u);
    QVERIFY(!find(views, givenUp));
    const QList<MessageView> dead = engine.browse(kDlq, 0, 10);
    QCOMPARE(dead.size(), 1);
    QCOMPARE(dead.at(0).state.content->body, QByteArray("given-up"));
    QCOMPARE(dead.at(0).state.content->deaths.records.at(0).reason, DeathReason::DeliveryLimit);
}

void TestEngineRetryControls::scheduleChangesInPlace()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        declare(engine, kWork, retryArgs({1'000}), true);
        publishTo(engine, kWork, QStringLiteral("job"), persistent());
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        QVERIFY(failOnce(engine, s, kWork));
        const qint64 due = engine.browse(kWork, 0, 1).at(0).state.readyAt;

        // Refused like a declaration's, naming the argument; nothing changes.
        auto r = engine.setRetryDelays(kWork, {300, -5});
        QCOMPARE(r.error.kind, ErrorKind::InvalidArgument);
        QVERIFY2(r.error.text.contains(QStringLiteral("invalid arg 'x-retry-delays'")), qPrintable(r.error.text));
        QVERIFY2(r.error.text.contains(QStringLiteral("delay 2 is -5 ms")), qPrintable(r.error.text));
        QCOMPARE(engine.queue(kWork)->def.arguments.value(kDelays).toList(), QVariantList{1'000});
        QCOMPARE(engine.setRetryDelays(QStringLiteral("nowhere"), {300}).error.kind, ErrorKind::NotFound);

        r = engine.setRetryDelays(kWork, {5'000, 30'000});
        QVERIFY2(r.ok(), qPrintable(r.error.text));
        QCOMPARE(r.value.def.arguments.value(kDelays).toList(), (QVariantList{5'000, 30'000}));
        // The other arguments stay.
        QCOMPARE(r.value.def.arguments.value(QStringLiteral("x-dead-letter-routing-key")).toString(), kDlq);
        // A waiting message keeps its due time; its next return uses the new list.
        QCOMPARE(engine.browse(kWork, 0, 1).at(0).state.readyAt, due);
        clock.advance(engine, 1'000);
        QVERIFY(failOnce(engine, s, kWork));
        QCOMPARE(engine.browse(kWork, 0, 1).at(0).state.readyAt, *clock.ms + 30'000);
        // A redeclaration is compared with the arguments the queue has now.
        QCOMPARE(engine.declareQueue(queueDef(kWork, retryArgs({1'000}), true), false).error.kind,
            ErrorKind::PreconditionFailed);
        QVERIFY(engine.declareQueue(queueDef(kWork, retryArgs({5'000, 30'000}), true), false).ok());
        commit(engine, *st);
        st->close();
    }
    {
        auto st = openStore(dir);
        Engine engine(st.get());
        engine.setClock(clock.clock());
        engine.recover();
        QCOMPARE(engine.queue(kWork)->def.arguments.value(kDelays).toList(), (QVariantList{5'000, 30'000}));
        // An empty list removes the schedule: returns come back at once.
        const auto r = engine.setRetryDelays(kWork, {});
        QVERIFY2(r.ok(), qPrintable(r.error.text));
        QVERIFY(!r.value.def.arguments.contains(kDelays));
        clock.advance(engine, 30'000);
        RecordingSink sink;
        const SessionId s = engine.openSession(engine.openConnection({}), &sink);
        QVERIFY(failOnce(engine, s, kWork));
        QCOMPARE(engine.queue(kWork)->delayed, 0u);
        commit(engine, *st);
        st->close();
    }
    auto st = openStore(dir);
    Engine engine(st.get());
    engine.recover();
    QVERIFY(!engine.queue(kWork)->def.arguments.contains(kDelays));
}

void TestEngineRetryControls::filterFindsWaitingMessages()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, kWork, retryArgs({60'000}, false));
    publishTo(engine, kWork, QStringLiteral("order 1"));
    publishTo(engine, kWork, QStringLiteral("order 2"));
    publishTo(engine, kWork, QStringLiteral("invoice 3"));
    PublishOptions delayed;
    delayed.delayMs = 30'000;
    publishTo(engine, kWork, QStringLiteral("order 4"), {}, QString(), delayed);
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    const MessageId first = failOnce(engine, s, kWork);
    failOnce(engine, s, kWork); // order 2 waits
    // Not waiting: invoice 3 (ready), order 4 (a delayed publish).
    MessageFilter waiting;
    waiting.waitingRetry = true;
    QVERIFY(!waiting.isEmpty());
    QList<MessageView> found = engine.browse(kWork, 0, 10, waiting);
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.at(0).state.content->body, QByteArray("order 1"));
    QCOMPARE(found.at(1).state.content->body, QByteArray("order 2"));
    // With text as well: both must hold.
    waiting.text = QStringLiteral("2");
    found = engine.browse(kWork, 0, 10, waiting);
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.at(0).state.content->body, QByteArray("order 2"));
    // Once retried it no longer waits.
    QVERIFY(engine.retryNow(kWork, first).ok());
    waiting.text.clear();
    QCOMPARE(engine.browse(kWork, 0, 10, waiting).size(), 1);
}

QTEST_GUILESS_MAIN(TestEngineRetryControls)
#include "tst_engine_retrycontrols.moc"
