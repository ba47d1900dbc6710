// A database written by Depot before queues could be paused (schema version
// 4; made by tests/unit/store/data/make_v4_fixture.py through the HTTP API)
// opened by this Depot: it migrates, its queues come back running with their
// messages, and pausing one is stored in the migrated file from then on.

#include "EngineTestSupport.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

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
    QTemporaryDir m_dir;

    std::unique_ptr<store::Store> openStore()
    {
        QString error;
        auto st = store::Store::open(m_dir.path(), store::Durability::Normal, &error);
        if (!st)
            qFatal("cannot open store: %s", qPrintable(error));
        return st;
    }
    static void commit(Engine &engine, store::Store &st)
    {
        engine.flushStore();
        QVERIFY(st.flush());
        QCoreApplication::processEvents();
    }

private Q_SLOTS:
    void initTestCase();
    void oldQueuesComeBackRunning();
    void pauseIsStoredInTheMigratedFile();
};

void TestEnginePauseMigration::initTestCase()
{
    const QString fixture = QStringLiteral(DEPOT_STORE_TEST_DATA "/depot-v4.db");
    QVERIFY2(QFile::exists(fixture), qPrintable(fixture + QStringLiteral(" is missing")));
    QVERIFY(QFile::copy(fixture, m_dir.filePath(QStringLiteral("depot.db"))));
    QFile::setPermissions(m_dir.filePath(QStringLiteral("depot.db")), QFile::ReadOwner | QFile::WriteOwner);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("fixture"));
    db.setDatabaseName(m_dir.filePath(QStringLiteral("depot.db")));
    QVERIFY(db.open());
    QCOMPARE(store::schema::pragmaValue(db, QStringLiteral("user_version")), 4);
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("fixture"));
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

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("migrated"));
    db.setDatabaseName(m_dir.filePath(QStringLiteral("depot.db")));
    QVERIFY(db.open());
    QCOMPARE(store::schema::pragmaValue(db, QStringLiteral("user_version")), store::schema::currentVersion());
    {
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM queues WHERE paused = 0")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2);
    }
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("migrated"));
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
