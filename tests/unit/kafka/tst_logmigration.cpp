// A database written by the Depot before the log store (schema version 7,
// made by tests/unit/store/data/make_v7_fixture.py with that Depot's binary:
// a durable queue with two messages, and a Kafka topic that lived in memory)
// opened by this one: it migrates (the log tables are added), its queue comes
// back as it was, it has no topics, and topics made afterwards are stored in
// the migrated file and come back after a restart. A database of version 11
// (before records' stories were stored) keeps its log and offsets, whose
// who and when are not known, and stores them for what comes after.

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

    void aVersion11DatabaseKeepsItsLogAndLearnsWhoAppendsFromNowOn()
    {
        // Made by tests/unit/store/data/make_v11_kafka_fixture.py: kcat's
        // "one" and "two" in v11.topic, v11.group committed past both, and
        // nothing of who or when.
        QTemporaryDir dir;
        const QString path = QDir(dir.path()).filePath(QStringLiteral("depot.db"));
        QVERIFY(QFile::copy(QStringLiteral(DEPOT_STORE_TEST_DATA "/depot-v11-kafka.db"), path));
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(userVersion(path), qint64(11));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        {
            auto st = openStore(dir.path());
            QVERIFY(st);
            st->recover();
            LogEngine logs(st.get());
            logs.recover(now);
            QCOMPARE(logs.topicNames(), QStringList{QStringLiteral("v11.topic")});
            RecordOrigin origin;
            QCOMPARE(logs.recordOrigin(QStringLiteral("v11.topic"), 0, 1, &origin), kafka::ErrorCode::None);
            QCOMPARE(origin.state, RecordOrigin::State::Present);
            QCOMPARE(origin.appendedAt, qint64(-1));   // not known
            QVERIFY(origin.producer.isEmpty());
            QList<kafka::Record> records;
            QList<kafka::BatchView> views;
            const QByteArray stored = logs.read(QStringLiteral("v11.topic"), 0, 0, 1 << 20).batches;   // views point into it
            QVERIFY(!kafka::splitBatches(stored, &views));
            QVERIFY(!kafka::decodeRecords(views[0], &records));
            QCOMPARE(records.size(), 2);
            QCOMPARE(*records[1].value, QByteArray("two"));
            const QList<GroupOffset> offsets = logs.committedOffsets();
            QCOMPARE(offsets.size(), 1);
            QCOMPARE(offsets[0].group, QStringLiteral("v11.group"));
            QCOMPARE(offsets[0].offset, qint64(2));
            QCOMPARE(offsets[0].committedAt, qint64(-1));
            QVERIFY(offsets[0].committer.isEmpty());

            const QByteArray batch = kafka::encodeBatch({kafka::Record{0, now, std::nullopt, QByteArray("three"), {}}});
            QVERIFY(!kafka::splitBatches(batch, &views));
            QCOMPARE(logs.append(QStringLiteral("v11.topic"), 0, views, now, QStringLiteral("rdkafka at 127.0.0.1")).error,
                kafka::ErrorCode::None);
            logs.commitOffset({QStringLiteral("v11.group"), QStringLiteral("v11.topic"), 0, 3, QString(), now,
                QStringLiteral("rdkafka at 127.0.0.1")});
            QVERIFY(st->flush());
            st->close();
        }
        QCOMPARE(userVersion(path), qint64(store::schema::currentVersion()));
        auto st = openStore(dir.path());
        QVERIFY(st);
        st->recover();
        LogEngine logs(st.get());
        logs.recover(now);
        RecordOrigin origin;
        QCOMPARE(logs.recordOrigin(QStringLiteral("v11.topic"), 0, 2, &origin), kafka::ErrorCode::None);
        QCOMPARE(origin.appendedAt, now);
        QCOMPARE(origin.producer, QStringLiteral("rdkafka at 127.0.0.1"));
        QCOMPARE(logs.recordOrigin(QStringLiteral("v11.topic"), 0, 0, &origin), kafka::ErrorCode::None);
        QCOMPARE(origin.appendedAt, qint64(-1));
        QCOMPARE(logs.committedOffsets().value(0).committedAt, now);
    }
};

QTEST_GUILESS_MAIN(TstLogMigration)
#include "tst_logmigration.moc"
