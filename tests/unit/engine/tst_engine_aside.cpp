// Undo for the window's Delete and Purge (Engine::setAside): the messages
// leave their queue (not delivered, not counted) for AsideHoldMs; restoring
// puts them back in their order with everything they had; when the time
// runs out (or at a clean quit) they are removed for good; after a crash
// during the undo time they are back in their queue.

#include "EngineTestSupport.h"

#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

namespace {

// What a user sees of a queue, in delivery order: enough to tell a message
// restored with anything changed (id, body, headers, enqueue time, state).
struct Seen
{
    MessageId id = 0;
    QByteArray body;
    MessageProperties properties;
    qint64 enqueuedAt = 0;
    quint8 priority = 0;
    bool operator==(const Seen &) const = default;
};

QList<Seen> seen(const Engine &engine, const QString &queue)
{
    QList<Seen> out;
    for (const MessageView &v : engine.browse(queue, 0, 1'000'000))
        out.append({v.state.id, v.state.content->body, v.state.content->properties, v.state.enqueuedAt, v.state.priority});
    return out;
}

void fill(Engine &engine, const QString &queue, int n, const QString &prefix = QStringLiteral("m"))
{
    for (int i = 0; i < n; ++i) {
        MessageProperties p = persistent();
        p.headers = QVariantMap{{QStringLiteral("n"), i}};
        p.correlationId = QStringLiteral("c%1").arg(i);
        PublishOptions options;
        options.priority = quint8(i % 3);
        QVERIFY(engine.publish(QString(), queue, p, QStringLiteral("%1 %2").arg(prefix).arg(i).toUtf8(), options).routed);
    }
}

QList<MessageId> idsAt(const Engine &engine, const QString &queue, const QList<int> &positions)
{
    const QList<MessageView> views = engine.browse(queue, 0, 1'000'000);
    QList<MessageId> ids;
    for (int p : positions)
        ids.append(views.at(p).state.id);
    return ids;
}

} // namespace

class TestEngineAside final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setAsideLeavesTheQueueAndRestoreBringsItBackAsItWas();
    void purgeSetAsideRestoresAroundNewMessages();
    void setAsideMessagesAreNotDelivered();
    void theUndoTimeRunningOutRemovesThemForGood();
    void aCrashDuringTheUndoTimeBringsThemBack();
    void aCleanQuitRemovesThem();
    void anAmqpPurgeMeanwhileLeavesTheSetAsideRows();
    void pagedOutBodiesComeBack();
    void aDeletedQueueCannotBeRestored();
};

void TestEngineAside::setAsideLeavesTheQueueAndRestoreBringsItBackAsItWas()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"), {{QStringLiteral("x-max-priority"), 2}});
    fill(engine, QStringLiteral("q"), 10);
    const QList<Seen> before = seen(engine, QStringLiteral("q"));

    const auto r = engine.setAside(QStringLiteral("q"), idsAt(engine, QStringLiteral("q"), {1, 4, 8}));
    QVERIFY(r.ok());
    QCOMPARE(r.value.count, 3u);
    QCOMPARE(r.value.queue, QStringLiteral("q"));
    QCOMPARE(r.value.until, *clock.ms + Engine::AsideHoldMs);
    QVERIFY(r.value.token != 0);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 7u);
    QCOMPARE(engine.asideCount(), 3u);
    QList<Seen> left = before;
    for (int p : {8, 4, 1})
        left.removeAt(p);
    QCOMPARE(seen(engine, QStringLiteral("q")), left);

    clock.advance(engine, Engine::AsideHoldMs - 1);
    const auto restored = engine.restoreAside(r.value.token);
    QVERIFY2(restored.ok(), qPrintable(restored.error.text));
    QCOMPARE(restored.value, 3u);
    QCOMPARE(seen(engine, QStringLiteral("q")), before);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 10u);
    QCOMPARE(engine.asideCount(), 0u);
    // Once only.
    QCOMPARE(engine.restoreAside(r.value.token).error.kind, ErrorKind::NotFound);
}

void TestEngineAside::purgeSetAsideRestoresAroundNewMessages()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    fill(engine, QStringLiteral("q"), 5, QStringLiteral("old"));
    const QList<Seen> before = seen(engine, QStringLiteral("q"));
    const auto r = engine.setAsideAll(QStringLiteral("q"));
    QCOMPARE(r.value.count, 5u);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    fill(engine, QStringLiteral("q"), 2, QStringLiteral("new"));
    const QList<Seen> arrived = seen(engine, QStringLiteral("q"));
    QVERIFY(engine.restoreAside(r.value.token).ok());
    // Where they were: ahead of what arrived meanwhile.
    QCOMPARE(seen(engine, QStringLiteral("q")), before + arrived);
    // An empty queue sets nothing aside: there is nothing to undo.
    Engine other;
    declare(other, QStringLiteral("empty"));
    const auto none = other.setAsideAll(QStringLiteral("empty"));
    QVERIFY(none.ok());
    QCOMPARE(none.value.count, 0u);
    QCOMPARE(none.value.token, 0u);
    QCOMPARE(engine.setAsideAll(QStringLiteral("nope")).error.kind, ErrorKind::NotFound);
}

void TestEngineAside::setAsideMessagesAreNotDelivered()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    fill(engine, QStringLiteral("q"), 3);
    const auto r = engine.setAsideAll(QStringLiteral("q"));
    RecordingSink sink;
    const SessionId s = engine.openSession(engine.openConnection({}), &sink);
    QVERIFY(engine.consume(s, consumeSpec(QStringLiteral("q"), 0, true)).ok());
    QVERIFY(sink.deliveries.isEmpty());
    // Restored: delivered at once, in their order.
    QVERIFY(engine.restoreAside(r.value.token).ok());
    QCOMPARE(sink.bodies(), (QStringList{QStringLiteral("m 0"), QStringLiteral("m 1"), QStringLiteral("m 2")}));
}

void TestEngineAside::theUndoTimeRunningOutRemovesThemForGood()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        declare(run.engine(), QStringLiteral("q"), {}, true);
        fill(run.engine(), QStringLiteral("q"), 4);
        run.commit();
        const auto r = run.engine().setAside(QStringLiteral("q"), idsAt(run.engine(), QStringLiteral("q"), {0, 2}));
        QCOMPARE(r.value.count, 2u);
        clock.advance(run.engine(), Engine::AsideHoldMs);
        QCOMPARE(run.engine().asideCount(), 0u);
        const auto late = run.engine().restoreAside(r.value.token);
        QCOMPARE(late.error.kind, ErrorKind::NotFound);
        QVERIFY(late.error.text.contains(QStringLiteral("undo time ran out")));
        run.stop();
    }
    StoredEngine run(dir.path(), clock);
    QCOMPARE(browseBodies(run.engine(), QStringLiteral("q")), (QStringList{QStringLiteral("m 1"), QStringLiteral("m 3")}));
}

void TestEngineAside::aCrashDuringTheUndoTimeBringsThemBack()
{
    QTemporaryDir dir;
    FakeClock clock;
    QList<Seen> before;
    {
        StoredEngine run(dir.path(), clock);
        declare(run.engine(), QStringLiteral("q"), {}, true);
        fill(run.engine(), QStringLiteral("q"), 6);
        run.commit();
        before = seen(run.engine(), QStringLiteral("q"));
        QCOMPARE(run.engine().setAside(QStringLiteral("q"), idsAt(run.engine(), QStringLiteral("q"), {5})).value.count, 1u);
        QCOMPARE(run.engine().setAsideAll(QStringLiteral("q")).value.count, 5u);
        fill(run.engine(), QStringLiteral("q"), 1, QStringLiteral("later"));
        run.stop(); // killed: no clean quit
    }
    StoredEngine run(dir.path(), clock);
    QList<Seen> expected = before;
    expected.append(seen(run.engine(), QStringLiteral("q")).constLast());
    QCOMPARE(seen(run.engine(), QStringLiteral("q")), expected);
    QCOMPARE(expected.constLast().body, QByteArray("later 0"));
    QCOMPARE(run.engine().asideCount(), 0u);
}

void TestEngineAside::aCleanQuitRemovesThem()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        declare(run.engine(), QStringLiteral("q"), {}, true);
        fill(run.engine(), QStringLiteral("q"), 3);
        run.commit();
        QCOMPARE(run.engine().setAside(QStringLiteral("q"), idsAt(run.engine(), QStringLiteral("q"), {1})).value.count, 1u);
        run.engine().discardAllAside();
        QCOMPARE(run.engine().asideCount(), 0u);
        run.stop();
    }
    StoredEngine run(dir.path(), clock);
    QCOMPARE(browseBodies(run.engine(), QStringLiteral("q")), (QStringList{QStringLiteral("m 0"), QStringLiteral("m 2")}));
}

// AMQP's queue.purge removes at once (RabbitMQ's semantics), but only what
// is in the queue: what the window set aside keeps its rows, so Undo (or a
// crash) still brings it back.
void TestEngineAside::anAmqpPurgeMeanwhileLeavesTheSetAsideRows()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        declare(run.engine(), QStringLiteral("q"), {}, true);
        fill(run.engine(), QStringLiteral("q"), 3);
        run.commit();
        const auto r = run.engine().setAside(QStringLiteral("q"), idsAt(run.engine(), QStringLiteral("q"), {0}));
        QCOMPARE(run.engine().purgeQueue(QStringLiteral("q")).value, 2u);
        run.commit();
        QVERIFY(run.engine().restoreAside(r.value.token).ok());
        QCOMPARE(browseBodies(run.engine(), QStringLiteral("q")), QStringList{QStringLiteral("m 0")});
        run.stop();
    }
    StoredEngine run(dir.path(), clock);
    QCOMPARE(browseBodies(run.engine(), QStringLiteral("q")), QStringList{QStringLiteral("m 0")});
}

// A purge of a queue deeper than the bodies kept in memory: the bodies the
// store holds leave memory while set aside and are read back after Undo.
void TestEngineAside::pagedOutBodiesComeBack()
{
    QTemporaryDir dir;
    FakeClock clock;
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    declare(engine, QStringLiteral("deep"), {}, true);
    constexpr int Count = 3000;
    fill(engine, QStringLiteral("deep"), Count);
    run.commit();
    const QList<Seen> before = seen(engine, QStringLiteral("deep"));
    QVERIFY(engine.bodiesInMemory() > 0); // the queue's head kept its bodies ...
    const auto r = engine.setAsideAll(QStringLiteral("deep"));
    QCOMPARE(engine.bodiesInMemory(), 0u); // ... which the store holds: set aside, they leave memory
    QCOMPARE(r.value.count, quint64(Count));
    QVERIFY(engine.restoreAside(r.value.token).ok());
    QCOMPARE(seen(engine, QStringLiteral("deep")), before);
    GettingClient client(engine);
    for (int i = 0; i < Count; ++i) {
        const auto d = client.get(QStringLiteral("deep"));
        QVERIFY(d);
        QCOMPARE(d->content->body, before.at(i).body);
        QVERIFY(client.ack(*d));
    }
}

void TestEngineAside::aDeletedQueueCannotBeRestored()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    fill(engine, QStringLiteral("q"), 2);
    const auto r = engine.setAsideAll(QStringLiteral("q"));
    QVERIFY(engine.deleteQueue(QStringLiteral("q"), false, false).ok());
    declare(engine, QStringLiteral("q")); // another queue of the same name
    const auto restored = engine.restoreAside(r.value.token);
    QCOMPARE(restored.error.kind, ErrorKind::NotFound);
    QVERIFY(restored.error.text.contains(QStringLiteral("'q' was deleted")));
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 0u);
    QCOMPARE(engine.asideCount(), 0u);
}

QTEST_GUILESS_MAIN(TestEngineAside)
#include "tst_engine_aside.moc"
