// Stories made late (docs/ARCHITECTURE.md, "Message history"): a publish to
// one queue makes no story and journals nothing per message; the story is
// made from the queued message when something else happens to it, or read
// off it when someone asks, and it has the same published and routed events
// (time, actor, exchange, routing key, queue) a story made at the publish
// had, before and after a restart, its message found by message-id and
// correlation-id while it is still queued.

#include "EngineTestSupport.h"
#include "HistoryTestSupport.h"

#include <QSqlQuery>

using namespace depot;
using namespace depot::test;

namespace {

MessageProperties durableWithIds(const QString &messageId, const QString &correlationId)
{
    MessageProperties p;
    p.messageId = messageId;
    p.correlationId = correlationId;
    p.deliveryMode = 2;
    return p;
}

// The number of journal rows and the bytes of their records.
std::pair<qint64, qint64> journalSize(const QString &dir)
{
    std::pair<qint64, qint64> size{-1, -1};
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("journal"));
        db.setDatabaseName(dir + QStringLiteral("/depot.db"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT count(*), coalesce(sum(length(records)), 0) FROM history_journal"))
                && q.next())
                size = {q.value(0).toLongLong(), q.value(1).toLongLong()};
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("journal"));
    return size;
}

// Checks the two events a publish of `id` to `queue` begins its story with.
void checkPublished(const MessageStory &story, qint64 at, const QString &actorName, const QString &exchange,
                    const QString &routingKey, const QString &queue)
{
    QVERIFY(story.events.size() >= 2);
    const HistoryEntry &published = story.events[0];
    QCOMPARE(published.event.kind, HistoryEventKind::Published);
    QCOMPARE(published.event.at, at);
    QCOMPARE(published.actor.name, actorName);
    QCOMPARE(published.actor.kind,
        actorName.isEmpty() ? HistoryActor::Kind::Broker : HistoryActor::Kind::Connection);
    QCOMPARE(published.event.where, exchange);
    QCOMPARE(published.event.detail, routingKey);
    const HistoryEntry &routed = story.events[1];
    QCOMPARE(routed.event.kind, HistoryEventKind::Routed);
    QCOMPARE(routed.event.at, at);
    QCOMPARE(routed.event.detail, queue);
    QCOMPARE(routed.actor.kind, HistoryActor::Kind::Broker);
    QCOMPARE(story.queue, queue);
}

} // namespace

class TestEngineHistoryLazy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishJournalsNothingPerMessage();
    void storyMadeLaterHasThePublish();
    void storyMadeAfterARestartHasThePublish();
    void purgeAfterARestartEndsStoriesNotMadeYet();
    void searchOfTheStoreAnswersLaterFromTheStateThen();
};

void TestEngineHistoryLazy::publishJournalsNothingPerMessage()
{
    QTemporaryDir dir;
    FakeClock clock;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("q"), {}, true);
        ConnectionInfo info;
        info.name = QStringLiteral("orders-service");
        const ConnectionId connection = engine.openConnection(info);
        run.commit();
        {
            const Engine::ActingAs acting = engine.actingAsConnection(connection);
            for (int i = 0; i < 1000; ++i)
                publishTo(engine, QStringLiteral("q"), QString::number(i),
                    durableWithIds(QString::number(i), QStringLiteral("c")));
        }
        run.stop();
    }
    // The publishing connection, once: no record per message (a story made
    // at the publish wrote ~70 bytes for each).
    const auto [rows, bytes] = journalSize(dir.path());
    QCOMPARE(rows, 1);
    QVERIFY2(bytes < 200, qPrintable(QString::number(bytes)));
    // Their stories are all there all the same.
    StoredEngine again(dir.path(), clock);
    HistoryQuery q;
    q.correlationId = QStringLiteral("c");
    q.limit = 2000;
    const QList<MessageStory> found = again.engine().findHistory(q);
    QCOMPARE(found.size(), 1000);
    for (const MessageStory &story : found)
        QCOMPARE(story.events[0].actor.name, QStringLiteral("orders-service"));
}

void TestEngineHistoryLazy::storyMadeLaterHasThePublish()
{
    FakeClock clock;
    Engine engine;
    engine.setClock(clock.clock());
    declare(engine, QStringLiteral("orders"));
    QVERIFY(engine.bind(BindingDef{QStringLiteral("amq.direct"), QStringLiteral("orders"), DestinationKind::Queue,
                            QStringLiteral("order.created"), {}})
                .ok());
    ConnectionInfo info;
    info.name = QStringLiteral("checkout");
    const ConnectionId connection = engine.openConnection(info);
    const qint64 publishedAt = *clock.ms;
    MessageId id = 0;
    {
        const Engine::ActingAs acting = engine.actingAsConnection(connection);
        id = publishTo(engine, QStringLiteral("order.created"), QStringLiteral("o"),
            durableWithIds(QStringLiteral("m-1"), QStringLiteral("c-1")), QStringLiteral("amq.direct"))
                 .messageId;
    }
    QVERIFY(id != 0);
    clock.advance(engine, 5000);
    // Asked for before anything else happened: read off the queued message.
    const auto asked = engine.messageHistory(id);
    QVERIFY(asked);
    QCOMPARE(asked->ids, QList<MessageId>{id});
    QCOMPARE(asked->messageId, QStringLiteral("m-1"));
    QCOMPARE(asked->correlationId, QStringLiteral("c-1"));
    QCOMPARE(asked->goneAt, qint64(0));
    QCOMPARE(historyKinds(*asked), (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed}));
    checkPublished(*asked, publishedAt, QStringLiteral("checkout"), QStringLiteral("amq.direct"),
        QStringLiteral("order.created"), QStringLiteral("orders"));
    for (const QString &messageId : {QStringLiteral("m-1"), QString()}) {
        HistoryQuery q;
        q.messageId = messageId;
        q.correlationId = messageId.isEmpty() ? QStringLiteral("c-1") : QString();
        const QList<MessageStory> found = engine.findHistory(q);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].ids, QList<MessageId>{id});
        q.goneOnly = true;
        QVERIFY(engine.findHistory(q).isEmpty());
    }

    // Made when it is delivered, by another actor, later: the publish keeps
    // its own time and actor.
    GettingClient client(engine);
    const auto d = client.get(QStringLiteral("orders"));
    QVERIFY(d && d->id == id);
    clock.advance(engine, 1000);
    QVERIFY(client.ack(*d));
    const auto story = engine.messageHistory(id);
    QVERIFY(story);
    QCOMPARE(historyKinds(*story),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed, HistoryEventKind::Delivered,
            HistoryEventKind::Acked}));
    checkPublished(*story, publishedAt, QStringLiteral("checkout"), QStringLiteral("amq.direct"),
        QStringLiteral("order.created"), QStringLiteral("orders"));
    QCOMPARE(story->events[2].event.at, publishedAt + 5000);
    QCOMPARE(story->events[3].event.at, publishedAt + 6000);
    QCOMPARE(story->goneAt, publishedAt + 6000);
    HistoryQuery gone;
    gone.messageId = QStringLiteral("m-1");
    gone.goneOnly = true;
    QCOMPARE(engine.findHistory(gone).size(), 1);
    // One story, not a second one read off a queued message.
    gone.goneOnly = false;
    QCOMPARE(engine.findHistory(gone).size(), 1);
}

void TestEngineHistoryLazy::storyMadeAfterARestartHasThePublish()
{
    QTemporaryDir dir;
    FakeClock clock;
    const qint64 publishedAt = *clock.ms;
    MessageId waiting = 0;
    MessageId taken = 0;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        declare(engine, QStringLiteral("invoices"), {}, true);
        ConnectionInfo info;
        info.name = QStringLiteral("billing");
        const ConnectionId connection = engine.openConnection(info);
        const Engine::ActingAs acting = engine.actingAsConnection(connection);
        waiting = publishTo(engine, QStringLiteral("invoices"), QStringLiteral("w"),
            durableWithIds(QStringLiteral("inv-1"), QStringLiteral("cust-7")))
                      .messageId;
        taken = publishTo(engine, QStringLiteral("invoices"), QStringLiteral("t"),
            durableWithIds(QStringLiteral("inv-2"), QStringLiteral("cust-7")))
                    .messageId;
        run.stop();
    }
    *clock.ms += 60'000;
    {
        StoredEngine run(dir.path(), clock);
        Engine &engine = run.engine();
        // Bodies are not in memory after a restart: found through the store.
        HistoryQuery byMessageId;
        byMessageId.messageId = QStringLiteral("inv-1");
        const QList<MessageStory> found = engine.findHistory(byMessageId);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].ids, QList<MessageId>{waiting});
        checkPublished(found[0], publishedAt, QStringLiteral("billing"), QString(), QStringLiteral("invoices"),
            QStringLiteral("invoices"));
        HistoryQuery byCorrelation;
        byCorrelation.correlationId = QStringLiteral("cust-7");
        QCOMPARE(engine.findHistory(byCorrelation).size(), 2);
        // A body that merely holds the bytes is no match.
        HistoryQuery partial;
        partial.messageId = QStringLiteral("inv-");
        QVERIFY(engine.findHistory(partial).isEmpty());

        // Made now, from the row: the publish of a minute ago, by billing.
        GettingClient client(engine);
        const auto d = client.get(QStringLiteral("invoices"));
        QVERIFY(d && d->id == waiting);
        QVERIFY(client.nack(*d, true));
        const auto d2 = client.get(QStringLiteral("invoices"));
        const auto d3 = client.get(QStringLiteral("invoices"));
        QVERIFY(d2 && d3 && d3->id == taken);
        QVERIFY(client.ack(*d3));
        const auto story = engine.messageHistory(taken);
        QVERIFY(story);
        QCOMPARE(historyKinds(*story),
            (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed,
                HistoryEventKind::Delivered, HistoryEventKind::Acked}));
        checkPublished(*story, publishedAt, QStringLiteral("billing"), QString(), QStringLiteral("invoices"),
            QStringLiteral("invoices"));
        QCOMPARE(story->events[2].event.at, publishedAt + 60'000);
        run.stop();
    }
    // What was made after the restart was journaled: it survives the next one.
    StoredEngine again(dir.path(), clock);
    const auto acked = again.engine().messageHistory(taken);
    QVERIFY(acked);
    QCOMPARE(historyKinds(*acked),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed, HistoryEventKind::Delivered,
            HistoryEventKind::Acked}));
    checkPublished(*acked, publishedAt, QStringLiteral("billing"), QString(), QStringLiteral("invoices"),
        QStringLiteral("invoices"));
    QVERIFY(acked->goneAt > 0);
    const auto requeued = again.engine().messageHistory(waiting);
    QVERIFY(requeued);
    QCOMPARE(requeued->goneAt, qint64(0));
    QCOMPARE(historyKinds(*requeued),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed, HistoryEventKind::Delivered,
            HistoryEventKind::Rejected, HistoryEventKind::Delivered}));
    checkPublished(*requeued, publishedAt, QStringLiteral("billing"), QString(), QStringLiteral("invoices"),
        QStringLiteral("invoices"));
}

void TestEngineHistoryLazy::purgeAfterARestartEndsStoriesNotMadeYet()
{
    QTemporaryDir dir;
    FakeClock clock;
    const qint64 publishedAt = *clock.ms;
    {
        StoredEngine run(dir.path(), clock);
        declare(run.engine(), QStringLiteral("q"), {}, true);
        for (int i = 0; i < 20; ++i)
            publishTo(run.engine(), QStringLiteral("q"), QString::number(i),
                durableWithIds(QStringLiteral("p-%1").arg(i), QString()));
        run.stop();
    }
    *clock.ms += 1000;
    StoredEngine run(dir.path(), clock);
    const auto purged = run.engine().purgeQueue(QStringLiteral("q"));
    QVERIFY(purged.ok());
    HistoryQuery q;
    q.messageId = QStringLiteral("p-13");
    q.goneOnly = true;
    const QList<MessageStory> found = run.engine().findHistory(q);
    QCOMPARE(found.size(), 1);
    QCOMPARE(historyKinds(found[0]),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed, HistoryEventKind::Purged}));
    checkPublished(found[0], publishedAt, QString(), QString(), QStringLiteral("q"), QStringLiteral("q"));
}

void TestEngineHistoryLazy::searchOfTheStoreAnswersLaterFromTheStateThen()
{
    // The window and the HTTP API search the store's rows off the broker
    // thread: the call returns before the answer, which comes through the
    // event loop and tells the message's state when it comes.
    QTemporaryDir dir;
    FakeClock clock;
    MessageId first = 0;
    {
        StoredEngine run(dir.path(), clock);
        declare(run.engine(), QStringLiteral("orders"), {}, true);
        first = publishTo(run.engine(), QStringLiteral("orders"), QStringLiteral("a"),
            durableWithIds(QStringLiteral("ord-1"), QStringLiteral("cart-3")))
                    .messageId;
        publishTo(run.engine(), QStringLiteral("orders"), QStringLiteral("b"),
            durableWithIds(QStringLiteral("ord-2"), QStringLiteral("cart-3")));
        run.stop();
    }
    *clock.ms += 1000;
    StoredEngine run(dir.path(), clock);
    Engine &engine = run.engine();
    std::optional<QList<MessageStory>> answer;
    HistoryQuery byCorrelation;
    byCorrelation.correlationId = QStringLiteral("cart-3");
    engine.findHistory(byCorrelation, [&](QList<MessageStory> stories) { answer = std::move(stories); });
    QVERIFY(!answer);
    // Taken and acked while the search is out: a gone story by the answer.
    GettingClient client(engine);
    const auto d = client.get(QStringLiteral("orders"));
    QVERIFY(d && d->id == first);
    QVERIFY(client.ack(*d));
    QTRY_VERIFY(answer.has_value());
    QCOMPARE(answer->size(), 2);
    int gone = 0;
    for (const MessageStory &story : *answer) {
        if (story.goneAt > 0) {
            ++gone;
            QCOMPARE(story.ids, QList<MessageId>{first});
            QCOMPARE(historyKinds(story).last(), HistoryEventKind::Acked);
        }
    }
    QCOMPARE(gone, 1);

    // No search of the store is needed for an id: answered at once.
    HistoryQuery byId;
    byId.id = first;
    answer.reset();
    engine.findHistory(byId, [&](QList<MessageStory> stories) { answer = std::move(stories); });
    QVERIFY(answer && answer->size() == 1);
}

QTEST_GUILESS_MAIN(TestEngineHistoryLazy)
#include "tst_engine_historylazy.moc"
