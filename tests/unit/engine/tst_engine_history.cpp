// Message life stories (History.h, HistoryBook): what the engine records
// for each message, who it names as the actor, what is kept after the
// message is gone (retention, cap), --history off, and what survives a
// restart through the store's journal, written as one row per hand-over.

#include "EngineTestSupport.h"
#include "HistoryTestSupport.h"

#include <QSqlQuery>

using namespace depot;
using namespace depot::test;

namespace {

QList<HistoryEventKind> kindsOf(const MessageStory &story)
{
    QList<HistoryEventKind> out;
    for (const HistoryEntry &e : story.events)
        out.append(e.event.kind);
    return out;
}

MessageProperties withIds(const QString &messageId, const QString &correlationId = QString(), bool durable = false)
{
    MessageProperties p;
    p.messageId = messageId;
    if (!correlationId.isEmpty())
        p.correlationId = correlationId;
    if (durable)
        p.deliveryMode = 2;
    return p;
}

HistoryActor httpUser(const QString &user)
{
    return HistoryActor{HistoryActor::Kind::Http, user, QStringLiteral("127.0.0.1"), user, QStringLiteral("HTTP")};
}

} // namespace

class TestEngineHistory final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishRejectDeadLetterReplayAck();
    void actorsOfConnectionsHttpAndTheBroker();
    void actorsNoStoryNamesAreFreed();
    void aStoryMadeLaterNamesItsPublisherAfterItsConnectionClosed();
    void unroutableMessagesHaveAStory();
    void copyForksTheStory();
    void editedCopiesLinkBothStories();
    void expiryPurgeAndDeleteEndStories();
    void goneMessagesFoundByProperties();
    void historyOffRecordsNothing();
    void capForgetsTheOldestGoneStories();
    void retentionForgetsGoneStoriesOnly();
    void storiesSurviveARestart();
    void journalIsOneRowPerHandOver();
    void requeueOnChannelCloseAndLeaseExpiryIsRecorded();
    void messagesOfAQueueThatGoesAreGoneLeasedToo();
    void aLargeQueueDeletedMakesOnlyTheStoriesTheCapKeeps();
};

void TestEngineHistory::publishRejectDeadLetterReplayAck()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("dlq"));
    declare(engine, QStringLiteral("work"),
        {{QStringLiteral("x-dead-letter-exchange"), QString()},
            {QStringLiteral("x-dead-letter-routing-key"), QStringLiteral("dlq")}});
    ConnectionInfo info;
    info.name = QStringLiteral("orders-service");
    info.peer = QStringLiteral("127.0.0.1:5000");
    info.user = QStringLiteral("guest");
    info.protocol = QStringLiteral("AMQP 0-9-1");
    const ConnectionId connection = engine.openConnection(info);
    RecordingSink sink;
    const SessionId session = engine.openSession(connection, &sink);

    MessageId first = 0;
    {
        const Engine::ActingAs acting = engine.actingAsConnection(connection);
        first = publishTo(engine, QStringLiteral("work"), QStringLiteral("order"), withIds(QStringLiteral("o-1")))
                    .messageId;
    }
    clock.advance(engine, 10);
    auto got = engine.get(session, QStringLiteral("work"), false);
    QVERIFY(got.ok() && got.value);
    QVERIFY(engine.reject(session, got.value->deliveryTag, false).ok());
    QCOMPARE(engine.queue(QStringLiteral("dlq"))->ready, 1u);
    clock.advance(engine, 10);
    {
        const Engine::ActingAs acting = engine.actingAs(httpUser(QStringLiteral("ops")));
        TransferSpec replay;
        replay.source = QStringLiteral("dlq");
        QCOMPARE(engine.transfer(replay).value.done, 1u);
    }
    got = engine.get(session, QStringLiteral("work"), false);
    QVERIFY(got.ok() && got.value);
    QVERIFY(engine.ack(session, got.value->deliveryTag, false).ok());

    const auto story = engine.messageHistory(first);
    QVERIFY(story);
    using K = HistoryEventKind;
    QCOMPARE(kindsOf(*story),
        (QList<K>{K::Published, K::Routed, K::Delivered, K::Rejected, K::DeadLettered, K::Replayed, K::Delivered,
            K::Acked}));
    QCOMPARE(story->ids.size(), 3);
    QCOMPARE(story->ids.front(), first);
    QVERIFY(story->goneAt > 0);
    QCOMPARE(story->messageId, QStringLiteral("o-1"));
    const auto &ev = story->events;
    QCOMPARE(ev[0].actor.name, QStringLiteral("orders-service"));
    QCOMPARE(ev[0].actor.address, QStringLiteral("127.0.0.1:5000"));
    QCOMPARE(ev[0].event.where, QString()); // the default exchange
    QCOMPARE(ev[0].event.detail, QStringLiteral("work"));
    QCOMPARE(ev[2].actor, ev[0].actor);
    QCOMPARE(ev[3].actor, ev[0].actor);
    QVERIFY(!ev[3].event.flag); // not requeued
    QCOMPARE(ev[4].actor.kind, HistoryActor::Kind::Broker);
    QCOMPARE(ev[4].event.where, QStringLiteral("work"));
    QCOMPARE(ev[4].event.detail, QStringLiteral("dlq"));
    QCOMPARE(ev[4].event.reason, QStringLiteral("rejected"));
    QCOMPARE(ev[5].actor, httpUser(QStringLiteral("ops")));
    QCOMPARE(ev[5].event.where, QStringLiteral("dlq"));
    QCOMPARE(ev[5].event.detail, QStringLiteral("work"));
    QCOMPARE(ev[5].event.link, story->ids.back());
    QCOMPARE(ev[7].actor, ev[0].actor);
    QCOMPARE(ev[7].event.at, ev[0].event.at + 20);
    // Every id it had names the same story.
    for (MessageId id : story->ids)
        QCOMPARE(kindsOf(*engine.messageHistory(id)), kindsOf(*story));
}

void TestEngineHistory::actorsOfConnectionsHttpAndTheBroker()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    ConnectionInfo info;
    info.peer = QStringLiteral("10.0.0.1:4000");
    const ConnectionId connection = engine.openConnection(info);
    // Without a scope the broker acts; scopes nest and end.
    const MessageId a = publishTo(engine, QStringLiteral("q"), QStringLiteral("a")).messageId;
    MessageId b = 0;
    MessageId c = 0;
    {
        const Engine::ActingAs outer = engine.actingAs(httpUser(QStringLiteral("u")));
        {
            const Engine::ActingAs inner = engine.actingAsConnection(connection);
            b = publishTo(engine, QStringLiteral("q"), QStringLiteral("b")).messageId;
        }
        c = publishTo(engine, QStringLiteral("q"), QStringLiteral("c")).messageId;
    }
    QCOMPARE(engine.messageHistory(a)->events[0].actor.kind, HistoryActor::Kind::Broker);
    const HistoryActor byConnection = engine.messageHistory(b)->events[0].actor;
    QCOMPARE(byConnection.kind, HistoryActor::Kind::Connection);
    QCOMPARE(byConnection.name, QStringLiteral("10.0.0.1:4000")); // no client name: its address
    QCOMPARE(engine.messageHistory(c)->events[0].actor, httpUser(QStringLiteral("u")));
}

void TestEngineHistory::actorsNoStoryNamesAreFreed()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    HistorySettings settings;
    settings.retentionMs = 1000;
    engine.setHistorySettings(settings);
    declare(engine, QStringLiteral("q"));
    QCOMPARE(engine.historyActorCount(), 0);
    // A connection is an actor while it is open...
    const ConnectionId idle = engine.openConnection({QStringLiteral("idle"), QStringLiteral("127.0.0.1:1"), {}, {}});
    QCOMPARE(engine.historyActorCount(), 1);
    engine.closeConnection(idle);
    QCOMPARE(engine.historyActorCount(), 0);
    // ... and an HTTP caller while its request runs, unless an event names it.
    {
        const Engine::ActingAs acting = engine.actingAs(httpUser(QStringLiteral("reader")));
        QCOMPARE(engine.historyActorCount(), 1);
    }
    QCOMPARE(engine.historyActorCount(), 0);

    // 50 short-lived connections publish one message each: their actors
    // outlive them while the stories name them.
    QList<MessageId> ids;
    for (int i = 0; i < 50; ++i) {
        const QString name = QStringLiteral("client-%1").arg(i);
        const ConnectionId c = engine.openConnection({name, QStringLiteral("127.0.0.1:%1").arg(1000 + i), {}, {}});
        {
            const Engine::ActingAs acting = engine.actingAsConnection(c);
            ids.append(publishTo(engine, QStringLiteral("q"), name).messageId);
        }
        engine.closeConnection(c);
    }
    {
        const Engine::ActingAs acting = engine.actingAs(httpUser(QStringLiteral("admin")));
        QCOMPARE(engine.deleteMessages(QStringLiteral("q"), {ids[0]}).value, 1u);
    }
    QCOMPARE(engine.historyActorCount(), 50 + 1);
    QCOMPARE(engine.messageHistory(ids[7])->events.front().actor.name, QStringLiteral("client-7"));

    // Gone and forgotten: the admin's actor goes with the stories. The 50
    // publishers stay: a message published to one queue has no story until
    // something else happens to it, only its publisher's number in its
    // content and row, so an actor that published such a message is held
    // for good (HistoryBook::pinActor).
    QCOMPARE(engine.purgeQueue(QStringLiteral("q")).value, 49u);
    QCOMPARE(engine.historyActorCount(), 50 + 1);
    clock.advance(engine, 2000);
    engine.pruneHistory();
    QVERIFY(!engine.messageHistory(ids[7]));
    QCOMPARE(engine.historyActorCount(), 50);

    // Numbers are used again, and name the new actor, never an old one.
    const ConnectionId next = engine.openConnection({QStringLiteral("next"), QStringLiteral("127.0.0.1:9"), {}, {}});
    MessageId id = 0;
    {
        const Engine::ActingAs acting = engine.actingAsConnection(next);
        id = publishTo(engine, QStringLiteral("q"), QStringLiteral("n")).messageId;
    }
    {
        const Engine::ActingAs acting = engine.actingAs(httpUser(QStringLiteral("admin")));
        QCOMPARE(engine.deleteMessages(QStringLiteral("q"), {id}).value, 1u);
    }
    const MessageStory story = *engine.messageHistory(id);
    QCOMPARE(story.events.front().actor.name, QStringLiteral("next"));
    QCOMPARE(story.events.back().actor.name, QStringLiteral("admin"));
    QCOMPARE(engine.historyActorCount(), 50 + 2);
}

// A message published to one queue has no story until something else
// happens to it; its publisher is a number in its content. The publishing
// connection closing must not free that number for the next actor to take.
void TestEngineHistory::aStoryMadeLaterNamesItsPublisherAfterItsConnectionClosed()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    const ConnectionId publisher
        = engine.openConnection({QStringLiteral("publisher"), QStringLiteral("127.0.0.1:1"), {}, {}});
    MessageId id = 0;
    {
        const Engine::ActingAs acting = engine.actingAsConnection(publisher);
        id = publishTo(engine, QStringLiteral("q"), QStringLiteral("kept")).messageId;
    }
    engine.closeConnection(publisher);
    const ConnectionId later = engine.openConnection({QStringLiteral("later"), QStringLiteral("127.0.0.1:2"), {}, {}});
    RecordingSink sink;
    const SessionId session = engine.openSession(later, &sink);
    {
        const Engine::ActingAs acting = engine.actingAsConnection(later);
        auto got = engine.get(session, QStringLiteral("q"), false);
        QVERIFY(got.ok() && got.value);
        QVERIFY(engine.ack(session, got.value->deliveryTag, false).ok());
    }
    const auto story = engine.messageHistory(id);
    QVERIFY(story);
    QCOMPARE(story->events.front().event.kind, HistoryEventKind::Published);
    QCOMPARE(story->events.front().actor.name, QStringLiteral("publisher"));
}

void TestEngineHistory::unroutableMessagesHaveAStory()
{
    Engine engine;
    QVERIFY(engine.declareExchange({QStringLiteral("x"), ExchangeType::Direct, false, false, false, {}}, false).ok());
    PublishOptions mandatory;
    mandatory.mandatory = true;
    const PublishResult r
        = publishTo(engine, QStringLiteral("nowhere"), QStringLiteral("lost"), withIds(QStringLiteral("lost-1")),
            QStringLiteral("x"), mandatory);
    QVERIFY(!r.routed);
    HistoryQuery q;
    q.messageId = QStringLiteral("lost-1");
    const QList<MessageStory> found = engine.findHistory(q);
    QCOMPARE(found.size(), 1);
    QCOMPARE(kindsOf(found[0]), (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Unroutable}));
    QVERIFY(found[0].events[1].event.flag); // returned to its mandatory publisher
    QCOMPARE(found[0].events[1].event.where, QStringLiteral("x"));
    QVERIFY(found[0].goneAt > 0);
}

void TestEngineHistory::copyForksTheStory()
{
    Engine engine;
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"));
    const MessageId id = publishTo(engine, QStringLiteral("a"), QStringLiteral("m")).messageId;
    TransferSpec copy;
    copy.source = QStringLiteral("a");
    copy.target = QStringLiteral("b");
    copy.mode = TransferSpec::Mode::Copy;
    QCOMPARE(engine.transfer(copy).value.done, 1u);
    const MessageStory original = *engine.messageHistory(id);
    QCOMPARE(original.events.back().event.kind, HistoryEventKind::Copied);
    const MessageId copyId = original.events.back().event.link;
    const MessageStory forked = *engine.messageHistory(copyId);
    QCOMPARE(forked.ids, QList<MessageId>{copyId});
    QCOMPARE(forked.queue, QStringLiteral("b"));
    QCOMPARE(kindsOf(forked),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed, HistoryEventKind::Copied}));
    QCOMPARE(forked.events.back().event.link, id);
    QCOMPARE(original.goneAt, qint64(0));
}

void TestEngineHistory::editedCopiesLinkBothStories()
{
    // Edit and resend through a fanout exchange: the edited message reaches
    // two queues, and the original's story names both copies.
    Engine engine;
    declare(engine, QStringLiteral("orders"));
    declare(engine, QStringLiteral("a"));
    declare(engine, QStringLiteral("b"));
    QVERIFY(engine.declareExchange(ExchangeDef{QStringLiteral("fan"), ExchangeType::Fanout, false, false, false, {}}, false).ok());
    for (const QString &q : {QStringLiteral("a"), QStringLiteral("b")})
        QVERIFY(engine.bind(BindingDef{QStringLiteral("fan"), q, DestinationKind::Queue, QString(), {}}).ok());
    const MessageId oldId = publishTo(engine, QStringLiteral("orders"), QStringLiteral("{\"n\":1}")).messageId;
    PublishOptions edited;
    edited.editedFrom = oldId;
    {
        const Engine::ActingAs acting = engine.actingAs(HistoryActor{HistoryActor::Kind::Window, {}, {}, {}, {}});
        QVERIFY(publishTo(engine, QString(), QStringLiteral("{\"n\":2}"), {}, QStringLiteral("fan"), edited).routed);
    }
    const MessageStory old = *engine.messageHistory(oldId);
    QList<MessageId> copies;
    for (const HistoryEntry &e : old.events) {
        if (e.event.kind != HistoryEventKind::Edited)
            continue;
        QVERIFY(e.event.reason.isEmpty()); // the original's side: "resent as"
        QCOMPARE(e.event.where, QStringLiteral("orders"));
        QCOMPARE(e.actor.kind, HistoryActor::Kind::Window);
        copies.append(e.event.link);
    }
    QCOMPARE(copies.size(), 2);
    QStringList queues;
    for (MessageId id : copies) {
        const MessageStory copy = *engine.messageHistory(id);
        QCOMPARE(kindsOf(copy), (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed,
                                    HistoryEventKind::Edited}));
        QCOMPARE(copy.events.back().event.link, oldId);
        QVERIFY(!copy.events.back().event.reason.isEmpty()); // the copy's side: "edited from"
        queues.append(copy.queue);
    }
    queues.sort();
    QCOMPARE(queues, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    // An ordinary publish links nothing.
    const MessageId plain = publishTo(engine, QStringLiteral("orders"), QStringLiteral("x")).messageId;
    QCOMPARE(kindsOf(*engine.messageHistory(plain)),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed}));
}

void TestEngineHistory::expiryPurgeAndDeleteEndStories()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("ttl"), {{QStringLiteral("x-message-ttl"), 100}});
    declare(engine, QStringLiteral("p"));
    const MessageId expiring = publishTo(engine, QStringLiteral("ttl"), QStringLiteral("e")).messageId;
    const MessageId purged = publishTo(engine, QStringLiteral("p"), QStringLiteral("1")).messageId;
    const MessageId deleted = publishTo(engine, QStringLiteral("p"), QStringLiteral("2")).messageId;
    clock.advance(engine, 200);
    {
        const Engine::ActingAs acting = engine.actingAs(httpUser(QStringLiteral("admin")));
        QCOMPARE(engine.deleteMessages(QStringLiteral("p"), {deleted}).value, 1u);
        QCOMPARE(engine.purgeQueue(QStringLiteral("p")).value, 1u);
    }
    const MessageStory e = *engine.messageHistory(expiring);
    QCOMPARE(e.events.back().event.kind, HistoryEventKind::Expired);
    QCOMPARE(e.events.back().actor.kind, HistoryActor::Kind::Broker);
    QVERIFY(e.goneAt > 0);
    const MessageStory p = *engine.messageHistory(purged);
    QCOMPARE(p.events.back().event.kind, HistoryEventKind::Purged);
    QCOMPARE(p.events.back().actor.name, QStringLiteral("admin"));
    const MessageStory d = *engine.messageHistory(deleted);
    QCOMPARE(d.events.back().event.kind, HistoryEventKind::Deleted);
    QVERIFY(p.goneAt > 0 && d.goneAt > 0);
}

void TestEngineHistory::goneMessagesFoundByProperties()
{
    Engine engine;
    declare(engine, QStringLiteral("q"));
    const ConnectionId connection = engine.openConnection({});
    RecordingSink sink;
    const SessionId session = engine.openSession(connection, &sink);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("1"), withIds(QStringLiteral("m-1"), QStringLiteral("c-1")));
    publishTo(engine, QStringLiteral("q"), QStringLiteral("2"), withIds(QStringLiteral("m-2"), QStringLiteral("c-1")));
    QCOMPARE(drain(engine, session, QStringLiteral("q")).size(), 1 + 1);
    publishTo(engine, QStringLiteral("q"), QStringLiteral("3"), withIds(QStringLiteral("m-3"), QStringLiteral("c-1")));

    HistoryQuery byCorrelation;
    byCorrelation.correlationId = QStringLiteral("c-1");
    QCOMPARE(engine.findHistory(byCorrelation).size(), 3);
    byCorrelation.goneOnly = true;
    const QList<MessageStory> gone = engine.findHistory(byCorrelation);
    QCOMPARE(gone.size(), 2);
    QCOMPARE(gone[0].messageId, QStringLiteral("m-2")); // newest gone first
    QCOMPARE(kindsOf(gone[0]),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed, HistoryEventKind::Delivered,
            HistoryEventKind::Acked}));
    QCOMPARE(gone[0].events.back().event.reason, QStringLiteral("auto-ack"));
    HistoryQuery nothing;
    QVERIFY(engine.findHistory(nothing).isEmpty());
}

void TestEngineHistory::historyOffRecordsNothing()
{
    QTemporaryDir dir;
    {
        auto st = openStore(dir.path());
        Engine engine(st.get());
        HistorySettings off;
        off.enabled = false;
        engine.setHistorySettings(off);
        engine.recover();
        declare(engine, QStringLiteral("q"), {}, true);
        const MessageId id
            = publishTo(engine, QStringLiteral("q"), QStringLiteral("x"), withIds(QStringLiteral("m"), {}, true))
                  .messageId;
        QVERIFY(id != 0);
        QVERIFY(!engine.messageHistory(id));
        HistoryQuery q;
        q.messageId = QStringLiteral("m");
        QVERIFY(engine.findHistory(q).isEmpty());
        commitStore(engine, *st);
        st->close();
    }
    QCOMPARE(journalRows(dir.path()), 0);
}

void TestEngineHistory::capForgetsTheOldestGoneStories()
{
    Engine engine;
    HistorySettings settings;
    settings.maxEvents = 9; // each story below has 4 events: the newest two stay
    engine.setHistorySettings(settings);
    declare(engine, QStringLiteral("q"));
    const ConnectionId connection = engine.openConnection({});
    RecordingSink sink;
    const SessionId session = engine.openSession(connection, &sink);
    QList<MessageId> ids;
    for (int i = 0; i < 4; ++i) {
        ids.append(publishTo(engine, QStringLiteral("q"), QStringLiteral("m")).messageId);
        QCOMPARE(drain(engine, session, QStringLiteral("q")).size(), 1);
    }
    QVERIFY(!engine.messageHistory(ids[0]));
    QVERIFY(!engine.messageHistory(ids[1]));
    QVERIFY(engine.messageHistory(ids[2]));
    QVERIFY(engine.messageHistory(ids[3]));
}

void TestEngineHistory::retentionForgetsGoneStoriesOnly()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    HistorySettings settings;
    settings.retentionMs = 60'000;
    engine.setHistorySettings(settings);
    declare(engine, QStringLiteral("q"));
    const ConnectionId connection = engine.openConnection({});
    RecordingSink sink;
    const SessionId session = engine.openSession(connection, &sink);
    const MessageId gone = publishTo(engine, QStringLiteral("q"), QStringLiteral("1")).messageId;
    QCOMPARE(drain(engine, session, QStringLiteral("q")).size(), 1);
    const MessageId live = publishTo(engine, QStringLiteral("q"), QStringLiteral("2")).messageId;
    clock.advance(engine, 59'000);
    engine.pruneHistory();
    QVERIFY(engine.messageHistory(gone));
    clock.advance(engine, 2'000);
    engine.pruneHistory();
    QVERIFY(!engine.messageHistory(gone));
    QVERIFY(engine.messageHistory(live)); // in its queue for as long as it is there
}

void TestEngineHistory::storiesSurviveARestart()
{
    QTemporaryDir dir;
    FakeClock clock;
    MessageId kept = 0;
    MessageId acked = 0;
    MessageId transient = 0;
    QList<HistoryEventKind> keptKinds;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("durable"), {}, true);
        declare(engine, QStringLiteral("done"), {}, true);
        ConnectionInfo info;
        info.name = QStringLiteral("billing");
        const ConnectionId connection = engine.openConnection(info);
        GettingClient client(engine);
        {
            const Engine::ActingAs acting = engine.actingAsConnection(connection);
            kept = publishTo(engine, QStringLiteral("durable"), QStringLiteral("k"), withIds(QStringLiteral("k"), {}, true))
                       .messageId;
            acked = publishTo(engine, QStringLiteral("done"), QStringLiteral("a"), withIds(QStringLiteral("a"), {}, true))
                        .messageId;
            transient = publishTo(engine, QStringLiteral("durable"), QStringLiteral("t"), withIds(QStringLiteral("t")))
                            .messageId;
        }
        const auto d = client.get(QStringLiteral("durable"));
        QVERIFY(d && d->id == kept);
        QVERIFY(client.nack(*d, true));
        const auto a = client.get(QStringLiteral("done"));
        QVERIFY(a && client.ack(*a));
        keptKinds = kindsOf(*engine.messageHistory(kept));
        run.stop();
    }
    StoredEngine again(dir.path(), clock);
    const auto k = again.engine().messageHistory(kept);
    QVERIFY(k);
    QCOMPARE(kindsOf(*k), keptKinds);
    QCOMPARE(k->goneAt, qint64(0));
    QCOMPARE(k->events[0].actor.name, QStringLiteral("billing"));
    QVERIFY(k->events[3].event.flag); // requeued
    const auto a = again.engine().messageHistory(acked);
    QVERIFY(a);
    QCOMPARE(a->events.back().event.kind, HistoryEventKind::Acked);
    QVERIFY(a->goneAt > 0);
    // A transient message is not kept across a restart, nor is its story.
    QVERIFY(!again.engine().messageHistory(transient));
    // The story goes on after the restart.
    const auto got = GettingClient(again.engine()).get(QStringLiteral("durable"));
    QVERIFY(got && got->id == kept);
    QCOMPARE(again.engine().messageHistory(kept)->events.back().event.kind, HistoryEventKind::Delivered);
}

void TestEngineHistory::journalIsOneRowPerHandOver()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        declare(run.engine(), QStringLiteral("q"), {}, true);
        run.commit();
        // A thousand persistent messages published: nothing journaled yet
        // (a publish makes no story: tst_engine_historylazy) ...
        for (int i = 0; i < 1000; ++i)
            publishTo(run.engine(), QStringLiteral("q"), QString::number(i), withIds(QString::number(i), {}, true));
        run.commit();
        QCOMPARE(journalRows(dir.path()), 0);
        // ... and all taken and acked in one event-loop turn: one journal row.
        GettingClient client(run.engine());
        for (int i = 0; i < 1000; ++i) {
            const auto d = client.get(QStringLiteral("q"));
            QVERIFY(d && client.ack(*d));
        }
        run.stop();
    }
    QCOMPARE(journalRows(dir.path()), 1);
    StoredEngine again(dir.path(), clock);
    HistoryQuery q;
    q.messageId = QStringLiteral("999");
    QCOMPARE(again.engine().findHistory(q).size(), 1);
}


void TestEngineHistory::requeueOnChannelCloseAndLeaseExpiryIsRecorded()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("q"));
    ConnectionInfo info;
    info.name = QStringLiteral("worker");
    const ConnectionId connection = engine.openConnection(info);
    RecordingSink sink;
    const SessionId session = engine.openSession(connection, &sink);
    const MessageId a = publishTo(engine, QStringLiteral("q"), QStringLiteral("a")).messageId;
    auto got = engine.get(session, QStringLiteral("q"), false);
    QVERIFY(got.ok() && got.value);
    // The channel closes with the delivery unacknowledged: it goes back.
    engine.closeSession(session);
    MessageStory story = *engine.messageHistory(a);
    QCOMPARE(kindsOf(story), (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed,
                                 HistoryEventKind::Delivered, HistoryEventKind::Rejected}));
    QVERIFY(story.events.back().event.flag); // requeued
    QCOMPARE(story.events.back().event.reason, QStringLiteral("channel closed"));
    QCOMPARE(story.events.back().actor.name, QStringLiteral("worker"));
    QCOMPARE(story.goneAt, 0);

    // A lease (an SQS receive) that runs out: the broker requeues it.
    const auto leased = engine.lease(QStringLiteral("q"), 1, 1000);
    QVERIFY(leased.ok() && leased.value.size() == 1);
    clock.advance(engine, 2000);
    story = *engine.messageHistory(a);
    QCOMPARE(story.events.back().event.kind, HistoryEventKind::Rejected);
    QVERIFY(story.events.back().event.flag);
    QCOMPARE(story.events.back().event.reason, QStringLiteral("lease expired"));
    QCOMPARE(story.events.back().actor.kind, HistoryActor::Kind::Broker);
    QCOMPARE(engine.queue(QStringLiteral("q"))->ready, 1u);
}

void TestEngineHistory::messagesOfAQueueThatGoesAreGoneLeasedToo()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("exp"), {{QStringLiteral("x-expires"), 1000}});
    const MessageId ready = publishTo(engine, QStringLiteral("exp"), QStringLiteral("r")).messageId;
    const MessageId leasedId = publishTo(engine, QStringLiteral("exp"), QStringLiteral("l")).messageId;
    Q_UNUSED(leasedId);
    const auto leased = engine.lease(QStringLiteral("exp"), 1, 60'000);
    QVERIFY(leased.ok() && leased.value.size() == 1);
    const MessageId inLease = leased.value.front().id;
    // Unused for its x-expires period: the queue goes, and with it both
    // messages, the one out on a lease too (it can never be settled now).
    clock.advance(engine, 5000);
    QVERIFY(!engine.queue(QStringLiteral("exp")));
    for (MessageId id : {ready, inLease}) {
        const MessageStory story = *engine.messageHistory(id);
        QVERIFY2(story.goneAt > 0, qPrintable(QString::number(id)));
        QCOMPARE(story.events.back().event.kind, HistoryEventKind::Deleted);
        QCOMPARE(story.events.back().event.reason, QStringLiteral("queue expired"));
    }
    HistoryQuery gone;
    gone.id = inLease;
    gone.goneOnly = true;
    QCOMPARE(engine.findHistory(gone).size(), 1);
}

// Deleting a queue ends every message's story at once; the book keeps the
// newest maxEvents events of gone messages, so of a queue far larger than
// that only the last messages' stories are made (their bodies read, their
// records journaled), each of at least three events: with a cap of 30,
// ten of 200. The others would be evicted as soon as made: the book reads
// the same as when every story was made and evicted.
void TestEngineHistory::aLargeQueueDeletedMakesOnlyTheStoriesTheCapKeeps()
{
    QTemporaryDir dir;
    FakeClock clock;
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    HistorySettings settings;
    settings.maxEvents = 30;
    engine.setHistorySettings(settings);
    declare(engine, QStringLiteral("big"), {}, true);
    QList<MessageId> ids;
    for (int i = 0; i < 200; ++i)
        ids.append(publishTo(engine, QStringLiteral("big"), QStringLiteral("m"),
                             withIds(QStringLiteral("m-%1").arg(i), {}, true))
                       .messageId);
    run.commit();
    const quint64 before = engine.historyJournalRecords();
    {
        const Engine::ActingAs acting = engine.actingAs(httpUser(QStringLiteral("admin")));
        QVERIFY(engine.deleteQueue(QStringLiteral("big"), false, false).ok());
    }
    run.commit();
    // Ten stories, each journaled with its three events (and the actor):
    // not 200.
    QVERIFY2(engine.historyJournalRecords() - before <= 10 * 4 + 2,
             qPrintable(QString::number(engine.historyJournalRecords() - before)));
    for (int i = 0; i < 190; ++i)
        QVERIFY2(!engine.messageHistory(ids[i]), qPrintable(QString::number(i)));
    for (int i = 190; i < 200; ++i) {
        const auto story = engine.messageHistory(ids[i]);
        QVERIFY2(story, qPrintable(QString::number(i)));
        QCOMPARE(historyKinds(*story), (QList<HistoryEventKind>{HistoryEventKind::Published,
                                                                 HistoryEventKind::Routed,
                                                                 HistoryEventKind::Deleted}));
        QCOMPARE(story->messageId, QStringLiteral("m-%1").arg(i));
        QCOMPARE(story->events.back().actor.name, QStringLiteral("admin"));
    }
}

QTEST_GUILESS_MAIN(TestEngineHistory)
#include "tst_engine_history.moc"
