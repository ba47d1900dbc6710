// A database written by Depot before messages had a life story (schema
// version 9; made by tests/unit/store/data/make_v9_history_fixture.py through
// the HTTP API) opened by this Depot: it migrates to the current version with
// an empty history journal, its messages read as they were (they have no
// story: nothing was recorded for them), and messages published after the
// migration have stories that the migrated file keeps across a restart.
// And one of version 10 (make_v10_publishers_fixture.py), whose publishes
// journaled their stories and whose rows name no publisher: those stories
// go on, and messages published after it name theirs in their rows.

#include "EngineTestSupport.h"
#include "HistoryTestSupport.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QSqlQuery>

using namespace depot;
using namespace depot::test;

class TestEngineHistoryMigration final : public QObject
{
    Q_OBJECT

private:
    OldDatabase m_old;
    // Version 10 (make_v10_publishers_fixture.py): every publish began a
    // story and journaled it; rows name no publisher.
    OldDatabase m_v10;

private Q_SLOTS:
    void initTestCase();
    void oldMessagesReadAsTheyWereWithoutStories();
    void newStoriesAreKeptInTheMigratedFile();
    void storiesJournaledAtThePublishGoOn();
};

void TestEngineHistoryMigration::initTestCase()
{
    m_old.install(QStringLiteral("depot-v9-history.db"), 9);
    m_v10.install(QStringLiteral("depot-v10-publishers.db"), 10);
}

void TestEngineHistoryMigration::oldMessagesReadAsTheyWereWithoutStories()
{
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.recover();
    QCOMPARE(browseBodies(engine, QStringLiteral("v9.queue")),
        (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    for (const MessageView &v : engine.browse(QStringLiteral("v9.queue"), 0, 10))
        QVERIFY(!engine.messageHistory(v.state.id));
    HistoryQuery q;
    q.messageId = QStringLiteral("m-1");
    QVERIFY(engine.findHistory(q).isEmpty());
    OldDatabase::commit(engine, *st);
    st->close();

    QVERIFY(store::schema::currentVersion() >= 10);
    m_old.checkMigrated([](QSqlDatabase &db) {
        QSqlQuery rows(db);
        QVERIFY(rows.exec(QStringLiteral("SELECT count(*) FROM history_journal")));
        QVERIFY(rows.next());
        QCOMPARE(rows.value(0).toLongLong(), 0);
    });
}

void TestEngineHistoryMigration::newStoriesAreKeptInTheMigratedFile()
{
    MessageId published = 0;
    {
        auto st = m_old.openStore();
        Engine engine(st.get());
        engine.recover();
        MessageProperties p = persistent();
        p.messageId = QStringLiteral("after");
        published = publishTo(engine, QStringLiteral("v9.target"), QStringLiteral("third"), p).messageId;
        QVERIFY(engine.messageHistory(published));
        OldDatabase::commit(engine, *st);
        st->close();
    }
    auto st = m_old.openStore();
    Engine engine(st.get());
    engine.recover();
    const auto story = engine.messageHistory(published);
    QVERIFY(story);
    QCOMPARE(story->messageId, QStringLiteral("after"));
    QCOMPARE(story->queue, QStringLiteral("v9.target"));
    QCOMPARE(story->events.size(), 2);
    st->close();
}

void TestEngineHistoryMigration::storiesJournaledAtThePublishGoOn()
{
    const QList<HistoryEventKind> publishedAndRouted{HistoryEventKind::Published, HistoryEventKind::Routed};
    MessageId first = 0;
    MessageId third = 0;
    {
        auto st = m_v10.openStore();
        Engine engine(st.get());
        engine.recover();
        HistoryQuery q;
        q.correlationId = QStringLiteral("c-1");
        const QList<MessageStory> found = engine.findHistory(q);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].messageId, QStringLiteral("m-1"));
        QCOMPARE(historyKinds(found[0]), publishedAndRouted);
        QCOMPARE(found[0].events[0].actor.kind, HistoryActor::Kind::Http);
        QCOMPARE(found[0].events[0].actor.user, QStringLiteral("guest"));
        QCOMPARE(found[0].events[1].event.detail, QStringLiteral("v10.queue"));
        first = found[0].ids.front();
        // Its story (from the journal) goes on; a new publish names its publisher in its row.
        GettingClient client(engine);
        const auto d = client.get(QStringLiteral("v10.queue"));
        QVERIFY(d && d->id == first);
        QVERIFY(client.ack(*d));
        {
            const Engine::ActingAs acting = engine.actingAs(
                HistoryActor{HistoryActor::Kind::Http, QStringLiteral("ops"), QStringLiteral("127.0.0.1"),
                    QStringLiteral("ops"), QStringLiteral("HTTP")});
            MessageProperties p = persistent();
            p.messageId = QStringLiteral("m-3");
            third = publishTo(engine, QStringLiteral("v10.queue"), QStringLiteral("third"), p).messageId;
        }
        OldDatabase::commit(engine, *st);
        st->close();
    }
    QVERIFY(store::schema::currentVersion() >= 11);
    auto st = m_v10.openStore();
    Engine engine(st.get());
    engine.recover();
    const auto acked = engine.messageHistory(first);
    QVERIFY(acked);
    QCOMPARE(historyKinds(*acked),
        (QList<HistoryEventKind>{HistoryEventKind::Published, HistoryEventKind::Routed, HistoryEventKind::Delivered,
            HistoryEventKind::Acked}));
    QCOMPARE(acked->events[0].actor.user, QStringLiteral("guest"));
    QVERIFY(acked->goneAt > 0);
    HistoryQuery second;
    second.messageId = QStringLiteral("m-2");
    const QList<MessageStory> queued = engine.findHistory(second);
    QCOMPARE(queued.size(), 1);
    QCOMPARE(historyKinds(queued[0]), publishedAndRouted);
    QCOMPARE(queued[0].events[0].actor.user, QStringLiteral("guest"));
    const auto added = engine.messageHistory(third);
    QVERIFY(added);
    QCOMPARE(historyKinds(*added), publishedAndRouted);
    QCOMPARE(added->events[0].actor.user, QStringLiteral("ops"));
    QCOMPARE(added->messageId, QStringLiteral("m-3"));
    st->close();
}

QTEST_GUILESS_MAIN(TestEngineHistoryMigration)
#include "tst_engine_historymigration.moc"
