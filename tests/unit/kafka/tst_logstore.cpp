// The log engine over the store: topics, batches, log start offsets and
// committed group offsets survive a restart (a new engine on the same file);
// batches come back byte for byte, offsets continue where they were,
// retention keeps working on what was loaded and deletes from the file;
// consumers see a batch only once it is committed; older batches are read
// back from the file past the cache; and the Kafka service answers Produce
// (acks=1/-1) and OffsetCommit only once the store has committed them.
// Who appended each batch, who committed each offset and the partitions'
// last removals (records' stories) come back too.

#include "broker/kafka/KafkaService.h"
#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/kafka/codec/KafkaGroupMessages.h"
#include "broker/kafka/codec/KafkaWire.h"
#include "broker/log/LogEngine.h"
#include "broker/store/Store.h"

#include <QDir>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;

namespace {

constexpr qint64 Now = 1'800'000'000'000;

QByteArray batchOf(int n, const QByteArray &prefix, qint64 t0)
{
    QList<Record> records;
    for (int i = 0; i < n; ++i)
        records.append(Record{0, t0 + 10 * i, prefix + "-key", prefix + QByteArray::number(i), {}});
    return encodeBatch(records);
}

QList<BatchView> views(const QByteArray &bytes)
{
    QList<BatchView> out;
    const auto error = splitBatches(bytes, &out);
    Q_ASSERT(!error);
    return out;
}

std::unique_ptr<store::Store> openStore(const QString &dir)
{
    QString error;
    auto st = store::Store::open(dir, store::Durability::Normal, &error);
    if (!st)
        qWarning().noquote() << error;
    return st;
}

// Rows of a table in the file, read with a connection of the test's own.
qint64 countRows(const QString &dir, const QString &sql)
{
    qint64 n = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
        db.setDatabaseName(QDir(dir).filePath(QStringLiteral("depot.db")));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                n = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
    return n;
}

// One broker start: a store on `dir` and a log engine recovered from it.
struct Broker
{
    explicit Broker(const QString &dir) : store(openStore(dir))
    {
        if (store) {
            logs = std::make_unique<LogEngine>(store.get());
            logs->recover(Now);
        }
    }
    ~Broker()
    {
        logs.reset();
        if (store)
            store->close();
    }
    void commit() { QVERIFY(store->flush()); }

    std::unique_ptr<store::Store> store;
    std::unique_ptr<LogEngine> logs;
};

QByteArray produceRequest(const QString &topic, qint16 acks, const QByteArray &records)
{
    QByteArray request;
    wire::Writer w(request);
    w.string(QString());   // no transactional id
    w.int16(acks);
    w.int32(30000);
    w.arrayLength(1);
    w.string(topic);
    w.arrayLength(1);
    w.int32(0);
    w.bytes(QByteArrayView(records));
    return request;
}

QByteArray offsetCommitRequest(const QString &group, const QString &topic, qint64 offset, const QString &metadata)
{
    QByteArray request;
    wire::Writer w(request);
    w.string(group);
    w.int32(-1);          // a simple commit: no generation
    w.string(QStringLiteral(""));   // no member
    w.arrayLength(1);
    w.string(topic);
    w.arrayLength(1);
    w.int32(0);
    w.int64(offset);
    w.int32(-1);          // leader epoch (v6+)
    w.string(metadata);
    return request;
}

} // namespace

class TstLogStore final : public QObject
{
    Q_OBJECT

private slots:
    void batchesComeBackByteForByteAfterRestart()
    {
        QTemporaryDir dir;
        QList<QByteArray> written;
        TopicSettings settings;
        settings.partitions = 2;
        settings.retentionMs = -1;
        settings.maxMessageBytes = 5000;
        settings.logAppendTime = true;
        {
            Broker b(dir.path());
            QCOMPARE(b.logs->createTopic(QStringLiteral("orders"), settings), ErrorCode::None);
            for (int i = 0; i < 3; ++i)
                QCOMPARE(b.logs->append(QStringLiteral("orders"), 0, views(batchOf(i + 1, "p0-" + QByteArray::number(i), Now)), Now + i).error,
                         ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("orders"), 1, views(batchOf(4, "p1", Now)), Now).error, ErrorCode::None);
            b.commit();
            const ReadResult read = b.logs->read(QStringLiteral("orders"), 0, 0, 1 << 20);
            QCOMPARE(read.error, ErrorCode::None);
            written.append(read.batches);
            written.append(b.logs->read(QStringLiteral("orders"), 1, 0, 1 << 20).batches);
            QCOMPARE(read.highWatermark, qint64(6));
        }
        Broker b(dir.path());
        QCOMPARE(b.logs->topicNames(), QStringList{QStringLiteral("orders")});
        const auto info = b.logs->topic(QStringLiteral("orders"));
        QVERIFY(info);
        QCOMPARE(info->settings.partitions, 2);
        QCOMPARE(info->settings.retentionMs, qint64(-1));
        QCOMPARE(info->settings.maxMessageBytes, 5000);
        QVERIFY(info->settings.logAppendTime);
        QCOMPARE(info->partitions[0].highWatermark, qint64(6));
        QCOMPARE(info->partitions[0].batches, qint64(3));
        QCOMPARE(info->partitions[1].highWatermark, qint64(4));
        QCOMPARE(info->partitions[0].sizeBytes, qint64(written[0].size()));
        // Nothing of it is in memory now: the bytes are read from the file.
        QCOMPARE(b.logs->cachedBytes(), qint64(0));
        QCOMPARE(b.logs->read(QStringLiteral("orders"), 0, 0, 1 << 20).batches, written[0]);
        QCOMPARE(b.logs->read(QStringLiteral("orders"), 1, 0, 1 << 20).batches, written[1]);
        // From the middle: the batch holding offset 2 (offsets 1-2) onwards.
        const ReadResult middle = b.logs->read(QStringLiteral("orders"), 0, 2, 1 << 20);
        QCOMPARE(middle.batches, written[0].mid(views(written[0])[0].bytes.size()));
    }

    void offsetsContinueAfterRestart()
    {
        QTemporaryDir dir;
        {
            Broker b(dir.path());
            QCOMPARE(b.logs->createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(5, "a", Now)), Now).baseOffset, qint64(0));
            b.commit();
        }
        Broker b(dir.path());
        const AppendResult next = b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "b", Now)), Now);
        QCOMPARE(next.error, ErrorCode::None);
        QCOMPARE(next.baseOffset, qint64(5));
        b.commit();
        QCOMPARE(b.logs->topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(7));
        QCOMPARE(b.logs->offsetForTimestamp(QStringLiteral("t"), 0, kafka::LatestTimestamp).offset, qint64(7));
    }

    void consumersSeeABatchOnlyOnceCommitted()
    {
        QTemporaryDir dir;
        Broker b(dir.path());
        QCOMPARE(b.logs->createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
        QSignalSpy appended(b.logs.get(), &LogEngine::appended);
        QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(3, "a", Now)), Now).error, ErrorCode::None);
        const ReadResult before = b.logs->read(QStringLiteral("t"), 0, 0, 1 << 20);
        QCOMPARE(before.error, ErrorCode::None);
        QCOMPARE(before.highWatermark, qint64(0));
        QVERIFY(before.batches.isEmpty());
        QCOMPARE(appended.count(), 0);
        QVERIFY(b.logs->pendingSequence() > b.logs->committedSequence());
        b.commit();
        QCOMPARE(appended.count(), 1);
        const ReadResult after = b.logs->read(QStringLiteral("t"), 0, 0, 1 << 20);
        QCOMPARE(after.highWatermark, qint64(3));
        QCOMPARE(views(after.batches).size(), 1);
    }

    void olderBatchesAreReadFromTheFilePastTheCache()
    {
        QTemporaryDir dir;
        Broker b(dir.path());
        b.logs->setCacheLimit(0);
        QCOMPARE(b.logs->createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
        QByteArray expected;
        for (int i = 0; i < 20; ++i)
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(3, "r" + QByteArray::number(i), Now)), Now).error,
                     ErrorCode::None);
        QVERIFY(b.logs->cachedBytes() > 0);   // not committed yet: kept
        b.commit();
        QCOMPARE(b.logs->cachedBytes(), qint64(0));
        const ReadResult all = b.logs->read(QStringLiteral("t"), 0, 0, 1 << 20);
        const QList<BatchView> batches = views(all.batches);
        QCOMPARE(batches.size(), 20);
        for (int i = 0; i < 20; ++i) {
            QList<Record> records;
            QVERIFY(!decodeRecords(batches[i], &records));
            QCOMPARE(records[0].offset, qint64(3 * i));
            QCOMPARE(*records[2].value, "r" + QByteArray::number(i) + "2");
        }
        // max bytes still counts: the first batch only.
        QCOMPARE(views(b.logs->read(QStringLiteral("t"), 0, 30, 1).batches).size(), 1);
    }

    void retentionWorksOnWhatWasLoadedAndDeletesFromTheFile()
    {
        QTemporaryDir dir;
        qint64 batchSize = 0;
        {
            Broker b(dir.path());
            batchSize = batchOf(2, "x0", Now).size();
            TopicSettings settings;
            settings.retentionBytes = 3 * batchSize;
            QCOMPARE(b.logs->createTopic(QStringLiteral("t"), settings), ErrorCode::None);
            for (int i = 0; i < 3; ++i)
                QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "x" + QByteArray::number(i), Now)), Now).error,
                         ErrorCode::None);
            b.commit();
            QCOMPARE(b.logs->topic(QStringLiteral("t"))->partitions[0].logStartOffset, qint64(0));
        }
        {
            Broker b(dir.path());
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "x3", Now)), Now).error, ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "x4", Now)), Now).error, ErrorCode::None);
            b.commit();
            QCOMPARE(b.logs->topic(QStringLiteral("t"))->partitions[0].logStartOffset, qint64(4));
        }
        QCOMPARE(countRows(dir.path(), QStringLiteral("SELECT count(*) FROM log_batches")), qint64(3));
        QCOMPARE(countRows(dir.path(), QStringLiteral("SELECT log_start_offset FROM log_partitions")), qint64(4));
        Broker b(dir.path());
        const auto info = b.logs->topic(QStringLiteral("t"));
        QCOMPARE(info->partitions[0].logStartOffset, qint64(4));
        QCOMPARE(info->partitions[0].highWatermark, qint64(10));
        QCOMPARE(b.logs->read(QStringLiteral("t"), 0, 2, 1 << 20).error, ErrorCode::OffsetOutOfRange);
        QList<Record> first;
        QVERIFY(!decodeRecords(views(b.logs->read(QStringLiteral("t"), 0, 4, 1 << 20).batches)[0], &first));
        QCOMPARE(*first[0].value, QByteArray("x20"));
    }

    void retentionByTimeRunsAtStart()
    {
        QTemporaryDir dir;
        {
            Broker b(dir.path());
            TopicSettings settings;
            settings.retentionMs = 60'000;
            QCOMPARE(b.logs->createTopic(QStringLiteral("t"), settings), ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "old", Now - 120'000)), Now).error, ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "new", Now)), Now).error, ErrorCode::None);
            b.commit();
        }
        {
            // Started two minutes after the old batch's records: it is gone
            // at once, and from the file.
            Broker b(dir.path());
            QCOMPARE(b.logs->topic(QStringLiteral("t"))->partitions[0].logStartOffset, qint64(2));
            b.commit();
        }
        QCOMPARE(countRows(dir.path(), QStringLiteral("SELECT count(*) FROM log_batches")), qint64(1));
    }

    void deletedTopicsAndCommittedOffsetsAreKept()
    {
        QTemporaryDir dir;
        {
            Broker b(dir.path());
            QCOMPARE(b.logs->createTopic(QStringLiteral("gone"), TopicSettings{}), ErrorCode::None);
            QCOMPARE(b.logs->createTopic(QStringLiteral("kept"), TopicSettings{}), ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("gone"), 0, views(batchOf(2, "g", Now)), Now).error, ErrorCode::None);
            b.commit();
            QCOMPARE(b.logs->deleteTopic(QStringLiteral("gone")), ErrorCode::None);
            b.logs->commitOffset({QStringLiteral("g1"), QStringLiteral("kept"), 0, 42, QStringLiteral("meta")});
            b.logs->commitOffset({QStringLiteral("g1"), QStringLiteral("kept"), 0, 43, QString()});
            b.logs->commitOffset({QStringLiteral("g2"), QStringLiteral("kept"), 0, 7, QStringLiteral("")});
            b.commit();
        }
        QCOMPARE(countRows(dir.path(), QStringLiteral("SELECT count(*) FROM log_batches")), qint64(0));
        QCOMPARE(countRows(dir.path(), QStringLiteral("SELECT count(*) FROM log_partitions")), qint64(1));
        Broker b(dir.path());
        QCOMPARE(b.logs->topicNames(), QStringList{QStringLiteral("kept")});
        const QList<GroupOffset> offsets = b.logs->committedOffsets();
        QCOMPARE(offsets.size(), 2);
        QCOMPARE(offsets[0].group, QStringLiteral("g1"));
        QCOMPARE(offsets[0].offset, qint64(43));
        QVERIFY(offsets[0].metadata.isNull());
        QCOMPARE(offsets[1].offset, qint64(7));
        QVERIFY(!offsets[1].metadata.isNull());
        // A topic of the same name again starts from offset 0.
        QCOMPARE(b.logs->createTopic(QStringLiteral("gone"), TopicSettings{}), ErrorCode::None);
        QCOMPARE(b.logs->append(QStringLiteral("gone"), 0, views(batchOf(1, "n", Now)), Now).baseOffset, qint64(0));
    }

    void recordStoriesSurviveARestart()
    {
        // Who appended each batch and when, who committed a group's offset
        // and when, and why and when records left: a record's story reads
        // the same after a restart.
        QTemporaryDir dir;
        {
            Broker b(dir.path());
            TopicSettings settings;
            settings.retentionMs = 60'000;
            QCOMPARE(b.logs->createTopic(QStringLiteral("t"), settings), ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "x", Now - 300'000)), Now - 300'000,
                         QStringLiteral("old-producer at 10.0.0.1")).error,
                ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(2, "y", Now - 1000)), Now - 1000,
                         QStringLiteral("rdkafka at 127.0.0.1")).error,
                ErrorCode::None);
            QCOMPARE(b.logs->append(QStringLiteral("t"), 0, views(batchOf(1, "z", Now)), Now,
                         QStringLiteral("Depot's window")).error,
                ErrorCode::None);
            b.logs->commitOffset({QStringLiteral("g"), QStringLiteral("t"), 0, 4, QString(), Now - 10,
                QStringLiteral("consumer-1 at 127.0.0.1")});
            b.commit();
        }
        {
            Broker b(dir.path());
            RecordOrigin origin;
            QCOMPARE(b.logs->recordOrigin(QStringLiteral("t"), 0, 1, &origin), ErrorCode::None);
            QCOMPARE(origin.state, RecordOrigin::State::Removed);
            QCOMPARE(origin.removedBy, QStringLiteral("retention.ms"));
            QCOMPARE(origin.removedAt, Now - 1000);   // past retention.ms at the second append
            QCOMPARE(b.logs->recordOrigin(QStringLiteral("t"), 0, 3, &origin), ErrorCode::None);
            QCOMPARE(origin.state, RecordOrigin::State::Present);
            QCOMPARE(origin.appendedAt, Now - 1000);
            QCOMPARE(origin.producer, QStringLiteral("rdkafka at 127.0.0.1"));
            QCOMPARE(b.logs->recordOrigin(QStringLiteral("t"), 0, 4, &origin), ErrorCode::None);
            QCOMPARE(origin.appendedAt, Now);
            QCOMPARE(origin.producer, QStringLiteral("Depot's window"));
            const QList<GroupOffset> offsets = b.logs->committedOffsets();
            QCOMPARE(offsets.size(), 1);
            QCOMPARE(offsets[0].committedAt, Now - 10);
            QCOMPARE(offsets[0].committer, QStringLiteral("consumer-1 at 127.0.0.1"));
            // A partition keeps its last 64 removals, in the file too.
            TopicSettings bySize;
            bySize.retentionBytes = batchOf(1, "r0", Now).size();
            QCOMPARE(b.logs->createTopic(QStringLiteral("small"), bySize), ErrorCode::None);
            for (int i = 0; i < 70; ++i)
                QCOMPARE(b.logs->append(QStringLiteral("small"), 0, views(batchOf(1, "r" + QByteArray::number(i), Now)),
                             Now + i).error,
                    ErrorCode::None);
            b.commit();
            QCOMPARE(countRows(dir.path(), QStringLiteral("SELECT count(*) FROM log_removals WHERE partition = 0"
                                                          " AND why = 'retention.bytes'")),
                qint64(64));
            QCOMPARE(b.logs->recordOrigin(QStringLiteral("small"), 0, 68, &origin), ErrorCode::None);
            QCOMPARE(origin.removedAt, Now + 69);
            QCOMPARE(b.logs->deleteTopic(QStringLiteral("t")), ErrorCode::None);
            b.commit();
        }
        // A deleted topic's removals go with it.
        QCOMPARE(countRows(dir.path(), QStringLiteral("SELECT count(*) FROM log_removals")), qint64(64));
        Broker b(dir.path());
        RecordOrigin origin;
        QCOMPARE(b.logs->recordOrigin(QStringLiteral("small"), 0, 5, &origin), ErrorCode::None);
        QCOMPARE(origin.state, RecordOrigin::State::Removed);
        QCOMPARE(origin.removedAt, Now + 6);
        QCOMPARE(origin.removedBy, QStringLiteral("retention.bytes"));
    }

    void produceAndOffsetCommitAreAnsweredOnceCommitted()
    {
        QTemporaryDir dir;
        {
            Broker b(dir.path());
            GroupCoordinator groups;
            KafkaService service(*b.logs, groups, KafkaServiceOptions{});
            QString error;
            int answers = 0;
            const auto respond = [&](std::optional<QByteArray> body) {
                QVERIFY(body);
                ++answers;
            };
            const QByteArray produce = produceRequest(QStringLiteral("auto"), -1, batchOf(3, "p", Now));
            wire::Reader produceReader(produce);
            service.handle(RequestHeader{qint16(ApiKey::Produce), 7, 1, QString()}, produceReader, {}, respond, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(answers, 0);   // not durable yet
            b.commit();
            QCOMPARE(answers, 1);

            const QByteArray commit = offsetCommitRequest(QStringLiteral("g"), QStringLiteral("auto"), 3, QStringLiteral("m"));
            wire::Reader commitReader(commit);
            service.handle(RequestHeader{qint16(ApiKey::OffsetCommit), 6, 2, QString()}, commitReader, {}, respond, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(answers, 1);
            b.commit();
            QCOMPARE(answers, 2);

            // acks=0: no answer at all; the connection is released (to read
            // on) only at the commit, so the disk paces such a producer.
            const QByteArray fireAndForget = produceRequest(QStringLiteral("auto"), 0, batchOf(1, "q", Now));
            wire::Reader zeroReader(fireAndForget);
            int silent = 0;
            service.handle(RequestHeader{qint16(ApiKey::Produce), 7, 3, QString()}, zeroReader, {},
                           [&](std::optional<QByteArray> body) { silent += body ? 100 : 1; }, &error);
            QCOMPARE(silent, 0);
            b.commit();
            QCOMPARE(silent, 1);
        }
        // A new service on the restarted broker knows the committed offset:
        // its coordinator is restored from the log engine, as BrokerCore does.
        Broker b(dir.path());
        GroupCoordinator groups;
        groups.restore(b.logs->committedOffsets());
        KafkaService service(*b.logs, groups, KafkaServiceOptions{});
        QByteArray fetch;
        wire::Writer w(fetch);
        w.string(QStringLiteral("g"));
        w.arrayLength(1);
        w.string(QStringLiteral("auto"));
        w.arrayLength(1);
        w.int32(0);
        wire::Reader fetchReader(fetch);
        QByteArray answer;
        QString error;
        service.handle(RequestHeader{qint16(ApiKey::OffsetFetch), 1, 4, QString()}, fetchReader, {},
                       [&](std::optional<QByteArray> body) { answer = *body; }, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        wire::Reader r(answer);
        QCOMPARE(r.arrayLength(), 1);
        QCOMPARE(r.string(), QStringLiteral("auto"));
        QCOMPARE(r.arrayLength(), 1);
        QCOMPARE(r.int32(), 0);
        QCOMPARE(r.int64(), qint64(3));
        QCOMPARE(r.string(), QStringLiteral("m"));
        QCOMPARE(b.logs->topic(QStringLiteral("auto"))->partitions[0].highWatermark, qint64(4));
    }
};

QTEST_GUILESS_MAIN(TstLogStore)
#include "tst_logstore.moc"
