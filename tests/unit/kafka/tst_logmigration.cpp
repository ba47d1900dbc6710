// A database written by the Depot before the log store (schema version 7,
// made by tests/unit/store/data/make_v7_fixture.py with that Depot's binary:
// a durable queue with two messages, and a Kafka topic that lived in memory)
// opened by this one: it migrates (the log tables are added), its queue comes
// back as it was, it has no topics, and topics made afterwards are stored in
// the migrated file and come back after a restart.

#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/log/LogEngine.h"
#include "broker/store/Store.h"
#include "broker/store/StoreSchema.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::log;

namespace {

qint64 userVersion(const QString &path)
{
    qint64 version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("version"));
        db.setDatabaseName(path);
        if (db.open())
            version = store::schema::pragmaValue(db, QStringLiteral("user_version"));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("version"));
    return version;
}

std::unique_ptr<store::Store> openStore(const QString &dir)
{
    QString error;
    auto st = store::Store::open(dir, store::Durability::Normal, &error);
    if (!st)
        qWarning().noquote() << error;
    return st;
}

} // namespace

class TstLogMigration final : public QObject
{
    Q_OBJECT

private slots:
    void aVersion7DatabaseGainsTheLogTablesAndKeepsItsQueues()
    {
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(QStringLiteral("depot.db"));
        QVERIFY(QFile::copy(QStringLiteral(DEPOT_STORE_TEST_DATA "/depot-v7.db"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(userVersion(path), qint64(7));

        QByteArray stored;
        {
            auto st = openStore(dir.path());
            QVERIFY(st);
            const store::RecoveredState state = st->recover();
            QCOMPARE(state.queues.size(), 1);
            QCOMPARE(state.queues[0].def.name, QStringLiteral("v7.queue"));
            QCOMPARE(state.queues[0].messages.size(), 2);
            LogEngine logs(st.get());
            logs.recover(QDateTime::currentMSecsSinceEpoch());
            QVERIFY(logs.topicNames().isEmpty());   // v7 kept topics in memory only
            QVERIFY(logs.committedOffsets().isEmpty());
            QCOMPARE(logs.createTopic(QStringLiteral("v8.topic"), TopicSettings{}), kafka::ErrorCode::None);
            QList<kafka::BatchView> views;
            const QByteArray batch = kafka::encodeBatch({kafka::Record{0, 1000, std::nullopt, QByteArray("after"), {}}});
            QVERIFY(!kafka::splitBatches(batch, &views));
            QCOMPARE(logs.append(QStringLiteral("v8.topic"), 0, views, 1000).error, kafka::ErrorCode::None);
            logs.commitOffset({QStringLiteral("g"), QStringLiteral("v8.topic"), 0, 1, QString()});
            QVERIFY(st->flush());
            stored = logs.read(QStringLiteral("v8.topic"), 0, 0, 1 << 20).batches;
            QVERIFY(!stored.isEmpty());
            st->close();
        }
        QCOMPARE(userVersion(path), qint64(store::schema::currentVersion()));
        auto st = openStore(dir.path());
        QVERIFY(st);
        QCOMPARE(st->recover().queues[0].messages.size(), 2);
        LogEngine logs(st.get());
        logs.recover(QDateTime::currentMSecsSinceEpoch());
        QCOMPARE(logs.topicNames(), QStringList{QStringLiteral("v8.topic")});
        QCOMPARE(logs.read(QStringLiteral("v8.topic"), 0, 0, 1 << 20).batches, stored);
        QCOMPARE(logs.committedOffsets().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TstLogMigration)
#include "tst_logmigration.moc"
