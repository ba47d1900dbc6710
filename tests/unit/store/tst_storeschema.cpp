// Schema versions and migrations: a v1 database opened by a Depot whose list
// has a v2 step is migrated in place, keeping its data; a failing step leaves
// the file at its old version; a newer file is refused.

#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"
#include "tests/unit/store/StoreTestUtil.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace depot;
using namespace depot::store;
using namespace depot::store::test;

namespace {

// A v1 Depot database with one queue and three messages, written by Store.
QString makeV1(const QTemporaryDir &tmp)
{
    QString error;
    auto store = Store::open(tmp.path(), Durability::Normal, &error);
    if (!store)
        return {};
    const qint64 q = store->putQueue(QueueDef{QStringLiteral("q"), true, false, false, {}, 0});
    for (quint64 id = 1; id <= 3; ++id)
        store->insertMessage(q, messageFor(id));
    store->close();
    return store->filePath();
}

std::vector<schema::Migration> withV2(bool succeeds)
{
    std::vector<schema::Migration> steps = schema::migrations();
    steps.push_back({schema::currentVersion() + 1, QStringLiteral("test step"),
                     [succeeds](QSqlDatabase &db, QString *error) {
                         QSqlQuery q(db);
                         if (!q.exec(QStringLiteral("CREATE TABLE added_by_v2 (x)"))) {
                             *error = q.lastError().text();
                             return false;
                         }
                         if (!succeeds) {
                             *error = QStringLiteral("deliberate failure");
                             return false;
                         }
                         return true;
                     }});
    return steps;
}

} // namespace

class TestStoreSchema final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void migrationListIsContiguous()
    {
        const auto &steps = schema::migrations();
        QVERIFY(!steps.empty());
        for (size_t i = 0; i < steps.size(); ++i) {
            QCOMPARE(steps[i].toVersion, int(i) + 1);
            QVERIFY(steps[i].apply);
        }
        QCOMPARE(schema::currentVersion(), int(steps.size()));
    }

    void v1IsMigratedForwardKeepingData()
    {
        QTemporaryDir tmp;
        const QString path = makeV1(tmp);
        QVERIFY(!path.isEmpty());
        {
            RawDb raw(path);
            QSqlDatabase db = raw.db();
            QString error;
            QVERIFY2(schema::migrate(db, withV2(true), &error), qPrintable(error));
            QCOMPARE(schema::pragmaValue(db, QStringLiteral("user_version")), qint64(schema::currentVersion() + 1));
            QCOMPARE(schema::pragmaValue(db, QStringLiteral("application_id")), qint64(schema::ApplicationId));
            QVERIFY(raw.exec(QStringLiteral("SELECT x FROM added_by_v2")));
            QCOMPARE(raw.scalar(QStringLiteral("SELECT count(*) FROM messages")).toInt(), 3);
            // Running it again is a no-op.
            QVERIFY(schema::migrate(db, withV2(true), &error));
        }
        // This Depot only knows v1 and now refuses the v2 file, untouched.
        const FileSnapshot before = snapshot(path);
        QString error;
        QVERIFY(!Store::open(tmp.path(), Durability::Normal, &error));
        QVERIFY2(error.contains(QStringLiteral("newer Depot")) && error.contains(path), qPrintable(error));
        QCOMPARE(snapshot(path), before);
    }

    void failedMigrationLeavesOldVersion()
    {
        QTemporaryDir tmp;
        const QString path = makeV1(tmp);
        QVERIFY(!path.isEmpty());
        {
            RawDb raw(path);
            QSqlDatabase db = raw.db();
            QString error;
            QVERIFY(!schema::migrate(db, withV2(false), &error));
            QVERIFY2(error.contains(QStringLiteral("deliberate failure")), qPrintable(error));
            QCOMPARE(schema::pragmaValue(db, QStringLiteral("user_version")), qint64(schema::currentVersion()));
            QVERIFY(!raw.exec(QStringLiteral("SELECT x FROM added_by_v2")));   // rolled back
        }
        QString error;
        auto store = Store::open(tmp.path(), Durability::Normal, &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(store->recover().queues.value(0).messages.size(), 3);
    }

    void emptyDatabaseGetsEveryStep()
    {
        QTemporaryDir tmp;
        RawDb raw(tmp.path() + QStringLiteral("/fresh.db"));
        QSqlDatabase db = raw.db();
        QString error;
        QVERIFY2(schema::migrate(db, schema::migrations(), &error), qPrintable(error));
        QCOMPARE(schema::pragmaValue(db, QStringLiteral("user_version")), qint64(schema::currentVersion()));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")));
        QStringList tables;
        while (q.next())
            tables << q.value(0).toString();
        QCOMPARE(tables, schema::expectedTables());
    }
};

QTEST_GUILESS_MAIN(TestStoreSchema)
#include "tst_storeschema.moc"
