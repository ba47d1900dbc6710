// A database written by Depot before messages had a life story (schema
// version 9; made by tests/unit/store/data/make_v9_history_fixture.py through
// the HTTP API) opened by this Depot: it migrates to the current version with
// an empty history journal, its messages read as they were (they have no
// story: nothing was recorded for them), and messages published after the
// migration have stories that the migrated file keeps across a restart.

#include "EngineTestSupport.h"
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

private Q_SLOTS:
    void initTestCase();
    void oldMessagesReadAsTheyWereWithoutStories();
    void newStoriesAreKeptInTheMigratedFile();
};

void TestEngineHistoryMigration::initTestCase()
{
    m_old.install(QStringLiteral("depot-v9-history.db"), 9);
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

QTEST_GUILESS_MAIN(TestEngineHistoryMigration)
#include "tst_engine_historymigration.moc"
