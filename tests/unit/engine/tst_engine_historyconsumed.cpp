// Consuming without making stories (docs/ARCHITECTURE.md, "Message
// history"): a message published to one queue, delivered once and acked has
// no story made along the way; its lease keeps the delivery and the ack
// records the whole story as one compact record (one journal record when
// stored), which reads back as the four events a made story has: the same
// times, actors, consumer tag and delivery count, before and after a
// restart. Anything else that happens to a delivered message makes the
// story with the delivery first; a delivery not acked before a restart is
// still in the story after it, a compaction of the journal in between too.

#include "EngineTestSupport.h"
#include "HistoryTestSupport.h"

#include <QSqlQuery>

using namespace depot;
using namespace depot::test;

namespace {

using K = HistoryEventKind;

MessageProperties durableWithIds(const QString &messageId, const QString &correlationId = {})
{
    MessageProperties p;
    p.messageId = messageId;
    p.correlationId = correlationId;
    p.deliveryMode = 2;
    return p;
}

ConnectionId openNamed(Engine &engine, const QString &name)
{
    ConnectionInfo info;
    info.name = name;
    info.peer = QStringLiteral("127.0.0.1:4000");
    info.protocol = QStringLiteral("AMQP 0-9-1");
    return engine.openConnection(info);
}

// A session of `worker` consuming `queue` as `tag` into `sink`; 0 if the
// consume was refused.
SessionId consumeAs(Engine &engine, ConnectionId worker, RecordingSink &sink, const QString &queue, quint32 prefetch,
                    const QString &tag, bool noAck = false)
{
    const SessionId session = engine.openSession(worker, &sink);
    ConsumeSpec spec = consumeSpec(queue, prefetch, noAck);
    spec.consumerTag = tag;
    return engine.consume(session, spec).ok() ? session : SessionId{};
}

// "api" publishes one persistent message (message-id "r") to the durable
// queue "q", declared here; 20 ms later "first-worker" takes it as consumer
// "before" (prefetch 1) into `sink` and keeps it unacked. Its id (0 if that
// went otherwise); the worker's connection in *worker.
MessageId publishAndHoldOne(Engine &engine, FakeClock &clock, RecordingSink &sink, ConnectionId *worker = nullptr)
{
    declare(engine, QStringLiteral("q"), {}, true);
    MessageId id = 0;
    {
        const Engine::ActingAs acting = engine.actingAsConnection(openNamed(engine, QStringLiteral("api")));
        id = publishTo(engine, QStringLiteral("q"), QStringLiteral("x"), durableWithIds(QStringLiteral("r"))).messageId;
    }
    clock.advance(engine, 20);
    const ConnectionId taker = openNamed(engine, QStringLiteral("first-worker"));
    if (worker)
        *worker = taker;
    if (!consumeAs(engine, taker, sink, QStringLiteral("q"), 1, QStringLiteral("before")) || sink.deliveries.size() != 1)
        return 0;
    return id;
}

// The four events of a message published by `publisher` at `publishedAt`
// to the default exchange and `queue`, delivered to `consumerTag` of
// `worker` at `deliveredAt` (its `count`-th delivery), acked at `ackedAt`.
void checkConsumed(const MessageStory &story, const QString &queue, const QString &publisher, qint64 publishedAt,
                   const QString &worker, const QString &consumerTag, qint64 deliveredAt, quint32 count,
                   qint64 ackedAt, bool autoAck = false)
{
    QCOMPARE(historyKinds(story), (QList<K>{K::Published, K::Routed, K::Delivered, K::Acked}));
    const auto &ev = story.events;
    QCOMPARE(ev[0].event.at, publishedAt);
    QCOMPARE(ev[0].actor.name, publisher);
    QCOMPARE(ev[0].event.where, QString());
    QCOMPARE(ev[0].event.detail, queue);
    QCOMPARE(ev[1].event.at, publishedAt);
    QCOMPARE(ev[1].event.detail, queue);
    QCOMPARE(ev[1].actor.kind, HistoryActor::Kind::Broker);
    QCOMPARE(ev[2].event.at, deliveredAt);
    QCOMPARE(ev[2].event.where, queue);
    QCOMPARE(ev[2].event.detail, consumerTag);
    QCOMPARE(ev[2].event.count, count);
    QCOMPARE(ev[2].actor.name, worker);
    QCOMPARE(ev[2].actor.kind, HistoryActor::Kind::Connection);
    QCOMPARE(ev[3].event.at, ackedAt);
    QCOMPARE(ev[3].event.where, queue);
    QCOMPARE(ev[3].actor.name, worker);
    QVERIFY(!ev[3].event.flag);
    QCOMPARE(ev[3].event.reason, autoAck ? QStringLiteral("auto-ack") : QString());
    QCOMPARE(story.goneAt, ackedAt);
    QCOMPARE(story.queue, queue);
}

} // namespace

class TestEngineHistoryConsumed final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishDeliverAckJournalsOneRecordPerHandOver();
    void consumedStoryReadsAsTheFourEvents();
    void autoAckIsOneRecord();
    void otherEndsRecordTheDeliveryFirst();
    void deliveryBeforeARestartStaysInTheStory();
    void aStoryMadeBeforeARestartGoesOnWhenConsumed();
    void aCompactionKeepsTheDeliveriesOutNow();
    void capCountsConsumedStoriesAsFourEvents();
    void editOfAConsumedMessageLinksBoth();
};

void TestEngineHistoryConsumed::publishDeliverAckJournalsOneRecordPerHandOver()
{
    QTemporaryDir dir;
    FakeClock clock;
    constexpr int Count = 50;
    const qint64 publishedAt = *clock.ms;
    QList<MessageId> ids;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("orders"), {}, true);
        const ConnectionId publisher = openNamed(engine, QStringLiteral("checkout"));
        {
            const Engine::ActingAs acting = engine.actingAsConnection(publisher);
            for (int i = 0; i < Count; ++i)
                ids.append(publishTo(engine, QStringLiteral("orders"), QString::number(i),
                    durableWithIds(QStringLiteral("o-%1").arg(i), QStringLiteral("batch")))
                               .messageId);
        }
        run.commit();
        const quint64 published = engine.historyJournalRecords();
        QCOMPARE(published, 1u); // the publisher, once

        clock.advance(engine, 100);
        const ConnectionId worker = openNamed(engine, QStringLiteral("worker"));
        RecordingSink sink;
        const SessionId session = engine.openSession(worker, &sink);
        const auto tag = engine.consume(session, consumeSpec(QStringLiteral("orders"), Count));
        QVERIFY(tag.ok());
        QCOMPARE(sink.deliveries.size(), Count);
        run.commit();
        // One record per delivery (and the worker, once): no story made.
        const quint64 delivered = engine.historyJournalRecords();
        QCOMPARE(delivered - published, quint64(Count) + 1);

        clock.advance(engine, 50);
        for (const Delivery &d : std::as_const(sink.deliveries))
            QVERIFY(engine.ack(session, d.deliveryTag, false).ok());
        run.commit();
        // One record per ack: the whole story (it was four: publish,
        // delivered, acked, gone).
        QCOMPARE(engine.historyJournalRecords() - delivered, quint64(Count));

        const auto story = engine.messageHistory(ids[7]);
        QVERIFY(story);
        checkConsumed(*story, QStringLiteral("orders"), QStringLiteral("checkout"), publishedAt,
            QStringLiteral("worker"), tag.value, publishedAt + 100, 1, publishedAt + 150);
        QCOMPARE(story->messageId, QStringLiteral("o-7"));
        QCOMPARE(story->correlationId, QStringLiteral("batch"));
        run.stop();
    }
    // The same stories after a restart.
    *clock.ms += 1000;
    StoredEngine again(dir.path(), clock);
    HistoryQuery q;
    q.correlationId = QStringLiteral("batch");
    q.goneOnly = true;
    q.limit = 1000;
    const QList<MessageStory> found = again.engine().findHistory(q);
    QCOMPARE(found.size(), Count);
    const auto story = again.engine().messageHistory(ids[7]);
    QVERIFY(story);
    checkConsumed(*story, QStringLiteral("orders"), QStringLiteral("checkout"), publishedAt, QStringLiteral("worker"),
        story->events[2].event.detail, publishedAt + 100, 1, publishedAt + 150);
    QVERIFY(story->events[2].event.detail.startsWith(QStringLiteral("amq.ctag")));
}

void TestEngineHistoryConsumed::consumedStoryReadsAsTheFourEvents()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    const ConnectionId publisher = openNamed(engine, QStringLiteral("api"));
    const qint64 publishedAt = *clock.ms;
    MessageId first = 0;
    MessageId second = 0;
    {
        const Engine::ActingAs acting = engine.actingAsConnection(publisher);
        MessageProperties p;
        p.messageId = QStringLiteral("m-1");
        p.correlationId = QStringLiteral("c");
        first = publishTo(engine, QStringLiteral("q"), QStringLiteral("1"), p).messageId;
        p.messageId = QStringLiteral("m-2");
        second = publishTo(engine, QStringLiteral("q"), QStringLiteral("2"), p).messageId;
    }
    clock.advance(engine, 10);
    const ConnectionId worker = openNamed(engine, QStringLiteral("worker"));
    RecordingSink sink;
    const SessionId session = consumeAs(engine, worker, sink, QStringLiteral("q"), 10, QStringLiteral("billing-1"));
    QVERIFY(session);
    QCOMPARE(sink.deliveries.size(), 2);

    // Out on a delivery, not acked: read off the lease.
    const auto out = engine.messageHistory(first);
    QVERIFY(out);
    QCOMPARE(historyKinds(*out), (QList<K>{K::Published, K::Routed, K::Delivered}));
    QCOMPARE(out->events[2].event.detail, QStringLiteral("billing-1"));
    QCOMPARE(out->events[2].actor.name, QStringLiteral("worker"));
    QCOMPARE(out->goneAt, qint64(0));
    HistoryQuery byMessageId;
    byMessageId.messageId = QStringLiteral("m-2");
    QCOMPARE(engine.findHistory(byMessageId).size(), 1);
    QCOMPARE(historyKinds(engine.findHistory(byMessageId)[0]), (QList<K>{K::Published, K::Routed, K::Delivered}));

    clock.advance(engine, 5);
    QVERIFY(engine.ack(session, sink.deliveries[0].deliveryTag, false).ok());
    clock.advance(engine, 5);
    QVERIFY(engine.ack(session, sink.deliveries[1].deliveryTag, false).ok());
    const auto story = engine.messageHistory(first);
    QVERIFY(story);
    checkConsumed(*story, QStringLiteral("q"), QStringLiteral("api"), publishedAt, QStringLiteral("worker"),
        QStringLiteral("billing-1"), publishedAt + 10, 1, publishedAt + 15);
    QCOMPARE(story->ids, QList<MessageId>{first});
    QCOMPARE(story->messageId, QStringLiteral("m-1"));

    // Found by every key, newest gone first, once.
    HistoryQuery byCorrelation;
    byCorrelation.correlationId = QStringLiteral("c");
    const QList<MessageStory> both = engine.findHistory(byCorrelation);
    QCOMPARE(both.size(), 2);
    QCOMPARE(both[0].ids, QList<MessageId>{second});
    QCOMPARE(both[1].ids, QList<MessageId>{first});
    byMessageId.goneOnly = true;
    QCOMPARE(engine.findHistory(byMessageId).size(), 1);
    HistoryQuery byId;
    byId.id = second;
    QCOMPARE(engine.findHistory(byId).size(), 1);
    QCOMPARE(engine.findHistory(byId)[0].goneAt, publishedAt + 20);
}

void TestEngineHistoryConsumed::autoAckIsOneRecord()
{
    QTemporaryDir dir;
    FakeClock clock;
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    declare(engine, QStringLiteral("q"), {}, true);
    const ConnectionId publisher = openNamed(engine, QStringLiteral("api"));
    const qint64 publishedAt = *clock.ms;
    MessageId id = 0;
    {
        const Engine::ActingAs acting = engine.actingAsConnection(publisher);
        id = publishTo(engine, QStringLiteral("q"), QStringLiteral("x"), durableWithIds(QStringLiteral("a")))
                 .messageId;
    }
    run.commit();
    const quint64 before = engine.historyJournalRecords();
    clock.advance(engine, 3);
    const ConnectionId worker = openNamed(engine, QStringLiteral("worker"));
    RecordingSink sink;
    const SessionId session = consumeAs(engine, worker, sink, QStringLiteral("q"), 0, QStringLiteral("fast"), true);
    QVERIFY(session);
    QCOMPARE(sink.deliveries.size(), 1);
    run.commit();
    QCOMPARE(engine.historyJournalRecords() - before, 2u); // the worker and the story
    const auto story = engine.messageHistory(id);
    QVERIFY(story);
    checkConsumed(*story, QStringLiteral("q"), QStringLiteral("api"), publishedAt, QStringLiteral("worker"),
        QStringLiteral("fast"), publishedAt + 3, 1, publishedAt + 3, true);
}

void TestEngineHistoryConsumed::otherEndsRecordTheDeliveryFirst()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    const ConnectionId worker = openNamed(engine, QStringLiteral("worker"));
    RecordingSink sink;
    const SessionId session = engine.openSession(worker, &sink);
    const MessageId nacked = publishTo(engine, QStringLiteral("q"), QStringLiteral("n")).messageId;
    const MessageId closed = publishTo(engine, QStringLiteral("q"), QStringLiteral("c")).messageId;
    const qint64 deliveredAt = *clock.ms + 7;
    clock.advance(engine, 7);
    ConsumeSpec spec = consumeSpec(QStringLiteral("q"), 2);
    spec.consumerTag = QStringLiteral("t");
    QVERIFY(engine.consume(session, spec).ok());
    QCOMPARE(sink.deliveries.size(), 2);
    clock.advance(engine, 7);
    // A nack with requeue: the story is made, the delivery before the refusal.
    QVERIFY(engine.nack(session, sink.deliveries[0].deliveryTag, false, true).ok());
    auto story = engine.messageHistory(nacked);
    QVERIFY(story);
    QCOMPARE(historyKinds(*story), (QList<K>{K::Published, K::Routed, K::Delivered, K::Rejected, K::Delivered}));
    QCOMPARE(story->events[2].event.at, deliveredAt);
    QCOMPARE(story->events[2].event.detail, QStringLiteral("t"));
    QCOMPARE(story->events[2].event.count, 1u);
    QVERIFY(story->events[3].event.flag);
    QCOMPARE(story->events[4].event.count, 2u); // redelivered to the same consumer
    // The channel goes: its unacked deliveries come back, said why.
    engine.closeSession(session);
    story = engine.messageHistory(closed);
    QVERIFY(story);
    QCOMPARE(historyKinds(*story), (QList<K>{K::Published, K::Routed, K::Delivered, K::Rejected}));
    QCOMPARE(story->events[2].event.at, deliveredAt);
    QCOMPARE(story->events[3].event.reason, QStringLiteral("channel closed"));
    QCOMPARE(story->events[3].actor.name, QStringLiteral("worker"));
    // Purged while out on a delivery (the window's purge of unacked too):
    // delivered, then purged.
    const SessionId again = engine.openSession(worker, &sink);
    sink.clear();
    QVERIFY(engine.consume(again, spec).ok());
    QCOMPARE(sink.deliveries.size(), 2);
    const MessageId third = publishTo(engine, QStringLiteral("q"), QStringLiteral("3")).messageId;
    const SessionId thirdSession = engine.openSession(worker, &sink);
    QVERIFY(engine.get(thirdSession, QStringLiteral("q"), false).value);
    QVERIFY(engine.purgeQueue(QStringLiteral("q"), 0, Engine::Purge::LeasedToo).ok());
    story = engine.messageHistory(third);
    QVERIFY(story);
    QCOMPARE(historyKinds(*story), (QList<K>{K::Published, K::Routed, K::Delivered, K::Purged}));
    QCOMPARE(story->events[2].event.detail, QString()); // a get
    QVERIFY(story->goneAt > 0);
}

void TestEngineHistoryConsumed::deliveryBeforeARestartStaysInTheStory()
{
    QTemporaryDir dir;
    FakeClock clock;
    const qint64 publishedAt = *clock.ms;
    MessageId id = 0;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        RecordingSink sink;
        id = publishAndHoldOne(engine, clock, sink);
        QVERIFY(id);
        run.stop(); // killed before the ack
    }
    *clock.ms += 1000;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        const auto waiting = engine.messageHistory(id);
        QVERIFY(waiting);
        QCOMPARE(historyKinds(*waiting), (QList<K>{K::Published, K::Routed, K::Delivered}));
        QCOMPARE(waiting->events[2].event.detail, QStringLiteral("before"));
        QCOMPARE(waiting->events[2].actor.name, QStringLiteral("first-worker"));
        QCOMPARE(waiting->events[2].event.at, publishedAt + 20);
        const ConnectionId worker = openNamed(engine, QStringLiteral("second-worker"));
        RecordingSink sink;
        const SessionId session = consumeAs(engine, worker, sink, QStringLiteral("q"), 1, QStringLiteral("after"));
        QVERIFY(session);
        QCOMPARE(sink.deliveries.size(), 1);
        QVERIFY(sink.deliveries[0].redelivered);
        QVERIFY(engine.ack(session, sink.deliveries[0].deliveryTag, false).ok());
        run.stop();
    }
    StoredEngine last(dir.path(), clock);
    const auto story = last.engine().messageHistory(id);
    QVERIFY(story);
    QCOMPARE(historyKinds(*story), (QList<K>{K::Published, K::Routed, K::Delivered, K::Delivered, K::Acked}));
    QCOMPARE(story->events[0].actor.name, QStringLiteral("api"));
    QCOMPARE(story->events[2].event.detail, QStringLiteral("before"));
    QCOMPARE(story->events[2].actor.name, QStringLiteral("first-worker"));
    QCOMPARE(story->events[3].event.detail, QStringLiteral("after"));
    QCOMPARE(story->events[3].event.count, 2u);
    QCOMPARE(story->events[4].actor.name, QStringLiteral("second-worker"));
    QVERIFY(story->goneAt > 0);
}

// A message read back at start-up is marked as having no story made yet,
// although its story may be in the journal (here: it was requeued before
// the restart). Its delivery and ack after the restart continue that story:
// they are not recorded as a compact record of a publish, a delivery and an
// ack beside it (Entry::recovered; handOut asks the history book for those).
void TestEngineHistoryConsumed::aStoryMadeBeforeARestartGoesOnWhenConsumed()
{
    QTemporaryDir dir;
    FakeClock clock;
    MessageId id = 0;
    QList<K> before;
    QList<K> after;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        RecordingSink sink;
        id = publishAndHoldOne(engine, clock, sink);
        QVERIFY(id);
        engine.closeSession(sink.deliveries[0].session); // requeued: its story is made
        const auto story = engine.messageHistory(id);
        QVERIFY(story);
        before = historyKinds(*story);
        QCOMPARE(before.size(), 4);
        QCOMPARE(before[2], K::Delivered);
        after = before;
        after << K::Delivered << K::Acked;
        run.stop();
    }
    *clock.ms += 1000;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        const ConnectionId worker = openNamed(engine, QStringLiteral("second-worker"));
        RecordingSink sink;
        const SessionId session = consumeAs(engine, worker, sink, QStringLiteral("q"), 1, QStringLiteral("after"));
        QVERIFY(session);
        QCOMPARE(sink.deliveries.size(), 1);
        QVERIFY(engine.ack(session, sink.deliveries[0].deliveryTag, false).ok());
        const auto story = engine.messageHistory(id);
        QVERIFY(story);
        QCOMPARE(historyKinds(*story), after);
        run.stop();
    }
    StoredEngine last(dir.path(), clock);
    const auto story = last.engine().messageHistory(id);
    QVERIFY(story);
    QCOMPARE(historyKinds(*story), after);
    QCOMPARE(story->events[4].event.detail, QStringLiteral("after"));
    QCOMPARE(story->events[4].actor.name, QStringLiteral("second-worker"));
    QVERIFY(story->goneAt > 0);
}

void TestEngineHistoryConsumed::aCompactionKeepsTheDeliveriesOutNow()
{
    // A message out on a delivery, its story not made yet, has that delivery
    // only in its lease and in a journal record: a compaction of the
    // journal (everything kept in one row, the rows before it dropped) must
    // write it again, or a restart forgets who had it.
    QTemporaryDir dir;
    FakeClock clock;
    const qint64 publishedAt = *clock.ms;
    MessageId id = 0;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        HistorySettings settings;
        settings.maxEvents = 1000;   // consumed stories are forgotten soon: garbage
        engine.setHistorySettings(settings);
        declare(engine, QStringLiteral("bulk"), {}, true);
        RecordingSink sink;
        ConnectionId worker = 0;
        id = publishAndHoldOne(engine, clock, sink, &worker);
        QVERIFY(id);
        run.commit();

        // Enough consumed and forgotten stories for a compaction (8 MiB of
        // forgotten records): auto-acked, one journal record each.
        const ConnectionId publisher = openNamed(engine, QStringLiteral("bulk-publisher"));
        RecordingSink bulkSink;
        QVERIFY(consumeAs(engine, worker, bulkSink, QStringLiteral("bulk"), 0, QStringLiteral("bulk"), true));
        for (int round = 0; round < 12; ++round) {
            const Engine::ActingAs acting = engine.actingAsConnection(publisher);
            for (int i = 0; i < 5000; ++i)
                publishTo(engine, QStringLiteral("bulk"), QStringLiteral("b"), durableWithIds(QString()));
            run.commit();
        }
        QCOMPARE(bulkSink.deliveries.size(), 60'000);
        const qint64 before = journalRows(dir.path());
        QVERIFY2(before > 10, qPrintable(QString::number(before)));
        engine.pruneHistory();
        run.commit();
        QCOMPARE(journalRows(dir.path()), qint64(1));   // compacted
        run.stop();   // killed before the ack
    }
    *clock.ms += 1000;
    StoredEngine run(dir.path(), clock);
    const auto story = run.engine().messageHistory(id);
    QVERIFY(story);
    QCOMPARE(historyKinds(*story), (QList<K>{K::Published, K::Routed, K::Delivered}));
    QCOMPARE(story->events[0].actor.name, QStringLiteral("api"));
    QCOMPARE(story->events[2].event.detail, QStringLiteral("before"));
    QCOMPARE(story->events[2].actor.name, QStringLiteral("first-worker"));
    QCOMPARE(story->events[2].event.at, publishedAt + 20);
}

void TestEngineHistoryConsumed::capCountsConsumedStoriesAsFourEvents()
{
    Engine engine;
    HistorySettings settings;
    settings.maxEvents = 11; // the two newest consumed ones (8 events), not a third
    engine.setHistorySettings(settings);
    declare(engine, QStringLiteral("q"));
    RecordingSink sink;
    const SessionId session = engine.openSession(engine.openConnection({}), &sink);
    const MessageId nacked = publishTo(engine, QStringLiteral("q"), QStringLiteral("n")).messageId;
    auto got = engine.get(session, QStringLiteral("q"), false);
    QVERIFY(got.ok() && got.value);
    QVERIFY(engine.nack(session, got.value->deliveryTag, false, true).ok());
    got = engine.get(session, QStringLiteral("q"), false);
    QVERIFY(engine.ack(session, got.value->deliveryTag, false).ok());
    QCOMPARE(engine.messageHistory(nacked)->events.size(), 6);
    QList<MessageId> ids;
    for (int i = 0; i < 4; ++i) {
        ids.append(publishTo(engine, QStringLiteral("q"), QStringLiteral("m")).messageId);
        got = engine.get(session, QStringLiteral("q"), false);
        QVERIFY(got.ok() && got.value && got.value->id == ids.last());
        QVERIFY(engine.ack(session, got.value->deliveryTag, false).ok());
        // Looked up as it goes: the lookup indexes the records, and the
        // index must not find those evicted after it was built.
        QVERIFY(engine.messageHistory(ids.last()));
    }
    // Oldest first, stories and consumed ones alike: 6 + 4 + 4 > 11.
    QVERIFY(!engine.messageHistory(nacked));
    QVERIFY(!engine.messageHistory(ids[0]));
    QVERIFY(!engine.messageHistory(ids[1]));
    QVERIFY(engine.messageHistory(ids[2]));
    QVERIFY(engine.messageHistory(ids[3]));
}

void TestEngineHistoryConsumed::editOfAConsumedMessageLinksBoth()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    RecordingSink sink;
    const SessionId session = engine.openSession(engine.openConnection({}), &sink);
    const MessageId old = publishTo(engine, QStringLiteral("q"), QStringLiteral("v1")).messageId;
    auto got = engine.get(session, QStringLiteral("q"), false);
    QVERIFY(got.ok() && got.value);
    QVERIFY(engine.ack(session, got.value->deliveryTag, false).ok());
    PublishOptions edited;
    edited.editedFrom = old;
    const MessageId copy = publishTo(engine, QStringLiteral("q"), QStringLiteral("v2"), {}, {}, edited).messageId;
    const auto oldStory = engine.messageHistory(old);
    QVERIFY(oldStory);
    QCOMPARE(historyKinds(*oldStory), (QList<K>{K::Published, K::Routed, K::Delivered, K::Acked, K::Edited}));
    QCOMPARE(oldStory->events[4].event.link, copy);
    const auto copyStory = engine.messageHistory(copy);
    QVERIFY(copyStory);
    QCOMPARE(copyStory->events.last().event.kind, K::Edited);
    QCOMPARE(copyStory->events.last().event.link, old);
    // Still one story for it, found once.
    HistoryQuery byId;
    byId.id = old;
    QCOMPARE(engine.findHistory(byId).size(), 1);
}

QTEST_GUILESS_MAIN(TestEngineHistoryConsumed)
#include "tst_engine_historyconsumed.moc"
