// A database written by Depot before queues could be paused (schema version
// 4; made by tests/unit/store/data/make_v4_fixture.py through the HTTP API)
// opened by this Depot: it migrates, its queues come back running with their
// messages, and pausing one is stored in the migrated file from then on.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace depot;
using namespace depot::test;

class TestEnginePauseMigration final : public QObject
{
    Q_OBJECT

private:
    OldDatabase m_old;

    std::unique_ptr<store::Store> openStore() { return m_old.openStore(); }
    static void commit(Engine &engine, store::Store &st) { OldDatabase::commit(engine, st); }

private Q_SLOTS:
    void initTestCase();
    void oldQueuesComeBackRunning();
    void pauseIsStoredInTheMigratedFile();
};

void TestEnginePauseMigration::initTestCase()
{
    m_old.install(QStringLiteral("depot-v4.db"), 4);
}

void TestEnginePauseMigration::oldQueuesComeBackRunning()
{
    auto st = openStore();
    Engine engine(st.get());
    engine.recover();
    const auto queue = engine.queue(QStringLiteral("v4.queue"));
    QVERIFY(queue);
    QVERIFY(!queue->paused);
    QCOMPARE(queue->ready, 2u);
    const auto args = engine.queue(QStringLiteral("v4.args"));
    QVERIFY(args);
    QVERIFY(!args->paused);
    QCOMPARE(args->def.arguments.value(QStringLiteral("x-message-ttl")).toLongLong(), 600000);
    QCOMPARE(browseBodies(engine, QStringLiteral("v4.queue")),
        (QStringList{QStringLiteral("first"), QStringLiteral("second")}));
    commit(engine, *st);
    st->close();

    m_old.checkMigrated([](QSqlDatabase &db) {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM queues WHERE paused = 0")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    });
}

void TestEnginePauseMigration::pauseIsStoredInTheMigratedFile()
{
    {
        auto st = openStore();
        Engine engine(st.get());
        engine.recover();
        QVERIFY(engine.setQueuePaused(QStringLiteral("v4.queue"), true).ok());
        commit(engine, *st);
        st->close();
    }
    auto st = openStore();
    Engine engine(st.get());
    engine.recover();
    QVERIFY(engine.queue(QStringLiteral("v4.queue"))->paused);
    QVERIFY(!engine.queue(QStringLiteral("v4.args"))->paused);
    QCOMPARE(engine.queue(QStringLiteral("v4.queue"))->ready, 2u);
}

QTEST_GUILESS_MAIN(TestEnginePauseMigration)
#include "tst_engine_pausemigration.moc"
