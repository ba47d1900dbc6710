// The log engine: topics as partitioned logs of record batches. Offsets are
// assigned on append, reads return whole batches from the one holding the
// offset, retention drops whole batches from the oldest, a timestamp finds
// its record (not its batch), and Kafka's errors name each refusal.

#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/log/LogEngine.h"

#include <QSignalSpy>
#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;

namespace {

// A batch of `n` records with values "<prefix>0".. and timestamps from `t0`, 10 ms apart.
QByteArray batchOf(int n, const QByteArray &prefix, qint64 t0)
{
    QList<Record> records;
    for (int i = 0; i < n; ++i)
        records.append(Record{0, t0 + 10 * i, std::nullopt, prefix + QByteArray::number(i), {}});
    return encodeBatch(records);
}

QList<BatchView> views(const QByteArray &bytes)
{
    QList<BatchView> out;
    const auto error = splitBatches(bytes, &out);
    Q_ASSERT(!error);
    return out;
}

QList<Record> recordsIn(const QByteArray &batches)
{
    QList<Record> all;
    for (const BatchView &view : views(batches)) {
        QList<Record> records;
        const auto error = decodeRecords(view, &records);
        Q_ASSERT(!error);
        all += records;
    }
    return all;
}

} // namespace

class TstLogEngine final : public QObject
{
    Q_OBJECT

private slots:
    void topicsAreCreatedOnceWithLegalNames()
    {
        LogEngine logs;
        QSignalSpy changed(&logs, &LogEngine::topicsChanged);
        QCOMPARE(logs.createTopic(QStringLiteral("orders"), TopicSettings{}), ErrorCode::None);
        QString why;
        QCOMPARE(logs.createTopic(QStringLiteral("orders"), TopicSettings{}, &why), ErrorCode::TopicAlreadyExists);
        QVERIFY(why.contains(QLatin1String("already exists")));
        QCOMPARE(logs.createTopic(QStringLiteral("bad name!"), TopicSettings{}, &why), ErrorCode::InvalidTopicException);
        QCOMPARE(logs.createTopic(QStringLiteral(".."), TopicSettings{}), ErrorCode::InvalidTopicException);
        QCOMPARE(logs.createTopic(QString(250, QLatin1Char('a')), TopicSettings{}), ErrorCode::InvalidTopicException);
        TopicSettings none;
        none.partitions = 0;
        QCOMPARE(logs.createTopic(QStringLiteral("empty"), none), ErrorCode::InvalidPartitions);
        QCOMPARE(logs.topicNames(), QStringList{QStringLiteral("orders")});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(logs.deleteTopic(QStringLiteral("orders")), ErrorCode::None);
        QCOMPARE(logs.deleteTopic(QStringLiteral("orders")), ErrorCode::UnknownTopicOrPartition);
        QVERIFY(logs.topicNames().isEmpty());
    }

    void appendsAssignConsecutiveOffsetsPerPartition()
    {
        LogEngine logs;
        TopicSettings two;
        two.partitions = 2;
        logs.createTopic(QStringLiteral("t"), two);
        QSignalSpy appended(&logs, &LogEngine::appended);
        const QByteArray first = batchOf(3, "a", 1000);
        const QByteArray second = batchOf(2, "b", 2000);
        AppendResult r = logs.append(QStringLiteral("t"), 0, views(first), 5000);
        QCOMPARE(r.error, ErrorCode::None);
        QCOMPARE(r.baseOffset, qint64(0));
        r = logs.append(QStringLiteral("t"), 0, views(second), 5000);
        QCOMPARE(r.baseOffset, qint64(3));
        r = logs.append(QStringLiteral("t"), 1, views(second), 5000);
        QCOMPARE(r.baseOffset, qint64(0));   // partitions count on their own
        QCOMPARE(appended.count(), 3);
        QCOMPARE(logs.append(QStringLiteral("t"), 2, views(second), 5000).error, ErrorCode::UnknownTopicOrPartition);
        QCOMPARE(logs.append(QStringLiteral("nope"), 0, views(second), 5000).error,
                 ErrorCode::UnknownTopicOrPartition);

        const std::optional<TopicInfo> info = logs.topic(QStringLiteral("t"));
        QVERIFY(info);
        QCOMPARE(info->partitions[0].highWatermark, qint64(5));
        QCOMPARE(info->partitions[1].highWatermark, qint64(2));

        const ReadResult all = logs.read(QStringLiteral("t"), 0, 0, 1 << 20);
        const QList<Record> records = recordsIn(all.batches);
        QCOMPARE(records.size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(records[i].offset, qint64(i));
        QCOMPARE(*records[3].value, QByteArray("b0"));
    }

    void readsStartAtTheBatchHoldingTheOffset()
    {
        LogEngine logs;
        logs.createTopic(QStringLiteral("t"), TopicSettings{});
        logs.append(QStringLiteral("t"), 0, views(batchOf(3, "a", 1000)), 5000);
        logs.append(QStringLiteral("t"), 0, views(batchOf(3, "b", 2000)), 5000);
        // Offset 4 is inside the second batch: that batch is served whole.
        const ReadResult mid = logs.read(QStringLiteral("t"), 0, 4, 1 << 20);
        QCOMPARE(mid.error, ErrorCode::None);
        QCOMPARE(mid.highWatermark, qint64(6));
        const QList<Record> records = recordsIn(mid.batches);
        QCOMPARE(records.first().offset, qint64(3));
        QCOMPARE(records.size(), 3);
        // At the high watermark: nothing, no error. Beyond it or below the
        // start: OFFSET_OUT_OF_RANGE.
        const ReadResult end = logs.read(QStringLiteral("t"), 0, 6, 1 << 20);
        QCOMPARE(end.error, ErrorCode::None);
        QVERIFY(end.batches.isEmpty());
        QCOMPARE(logs.read(QStringLiteral("t"), 0, 7, 1 << 20).error, ErrorCode::OffsetOutOfRange);
        QCOMPARE(logs.read(QStringLiteral("t"), 0, -1, 1 << 20).error, ErrorCode::OffsetOutOfRange);
        QCOMPARE(logs.read(QStringLiteral("t"), 3, 0, 1 << 20).error, ErrorCode::UnknownTopicOrPartition);
    }

    void theFirstBatchComesEvenPastMaxBytes()
    {
        LogEngine logs;
        logs.createTopic(QStringLiteral("t"), TopicSettings{});
        logs.append(QStringLiteral("t"), 0, views(batchOf(3, "a", 1000)), 5000);
        logs.append(QStringLiteral("t"), 0, views(batchOf(3, "b", 2000)), 5000);
        const ReadResult one = logs.read(QStringLiteral("t"), 0, 0, 1);
        QCOMPARE(recordsIn(one.batches).size(), 3);   // one batch, not two, not none
    }

    void retentionDropsWholeBatchesFromTheOldest()
    {
        LogEngine logs;
        TopicSettings small;
        small.retentionBytes = 1;   // keeps only the newest batch
        logs.createTopic(QStringLiteral("t"), small);
        logs.append(QStringLiteral("t"), 0, views(batchOf(3, "a", 1000)), 5000);
        logs.append(QStringLiteral("t"), 0, views(batchOf(2, "b", 2000)), 5000);
        const ReadResult r = logs.read(QStringLiteral("t"), 0, 3, 1 << 20);
        QCOMPARE(r.logStartOffset, qint64(3));
        QCOMPARE(logs.read(QStringLiteral("t"), 0, 0, 1 << 20).error, ErrorCode::OffsetOutOfRange);
        QCOMPARE(logs.offsetForTimestamp(QStringLiteral("t"), 0, EarliestTimestamp).offset, qint64(3));

        TopicSettings brief;
        brief.retentionMs = 1000;
        logs.createTopic(QStringLiteral("brief"), brief);
        logs.append(QStringLiteral("brief"), 0, views(batchOf(1, "old", 1000)), 1500);
        logs.append(QStringLiteral("brief"), 0, views(batchOf(1, "new", 9000)), 9000);   // the first is 8 s old
        QCOMPARE(logs.topic(QStringLiteral("brief"))->partitions[0].logStartOffset, qint64(1));
    }

    void inMemoryBatchesAreHeldUntilRetentionOrDeletion()
    {
        // Without a store every batch stays in memory: the publish gate
        // counts these bytes toward the memory high-watermark.
        LogEngine logs;
        QCOMPARE(logs.heldBytes(), qint64(0));
        TopicSettings two;
        two.partitions = 2;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), two), ErrorCode::None);
        const QByteArray a = batchOf(3, "a", 1000);
        const QByteArray b = batchOf(2, "b", 2000);
        logs.append(QStringLiteral("t"), 0, views(a), 5000);
        logs.append(QStringLiteral("t"), 1, views(b), 5000);
        QCOMPARE(logs.heldBytes(), qint64(a.size() + b.size()));

        TopicSettings small;
        small.retentionBytes = 1;   // keeps only the newest batch
        QCOMPARE(logs.createTopic(QStringLiteral("small"), small), ErrorCode::None);
        logs.append(QStringLiteral("small"), 0, views(a), 5000);
        logs.append(QStringLiteral("small"), 0, views(b), 5000);
        QCOMPARE(logs.heldBytes(), qint64(a.size() + b.size() + b.size()));

        QCOMPARE(logs.deleteTopic(QStringLiteral("t")), ErrorCode::None);
        QCOMPARE(logs.heldBytes(), qint64(b.size()));
    }

    void aTimestampFindsItsRecordNotItsBatch()
    {
        LogEngine logs;
        logs.createTopic(QStringLiteral("t"), TopicSettings{});
        logs.append(QStringLiteral("t"), 0, views(batchOf(5, "a", 1000)), 5000);   // 1000, 1010, .. 1040
        const OffsetResult at = logs.offsetForTimestamp(QStringLiteral("t"), 0, 1015);
        QCOMPARE(at.offset, qint64(2));
        QCOMPARE(at.timestamp, qint64(1020));
        QCOMPARE(logs.offsetForTimestamp(QStringLiteral("t"), 0, 999).offset, qint64(0));
        const OffsetResult after = logs.offsetForTimestamp(QStringLiteral("t"), 0, 5000);
        QCOMPARE(after.offset, qint64(-1));   // none: Kafka answers -1
        QCOMPARE(logs.offsetForTimestamp(QStringLiteral("t"), 0, LatestTimestamp).offset, qint64(5));
    }

    void logAppendTimeTopicsStampTheBroker()
    {
        LogEngine logs;
        TopicSettings stamped;
        stamped.logAppendTime = true;
        logs.createTopic(QStringLiteral("t"), stamped);
        const AppendResult r = logs.append(QStringLiteral("t"), 0, views(batchOf(2, "a", 1000)), 777777);
        QCOMPARE(r.logAppendTime, qint64(777777));
        const QList<Record> records = recordsIn(logs.read(QStringLiteral("t"), 0, 0, 1 << 20).batches);
        QCOMPARE(records[0].timestamp, qint64(777777));
        QCOMPARE(records[1].timestamp, qint64(777777));
    }

    void batchesOverMaxMessageBytesAreRefusedWhole()
    {
        LogEngine logs;
        TopicSettings tight;
        tight.maxMessageBytes = 100;
        logs.createTopic(QStringLiteral("t"), tight);
        QList<Record> big{Record{0, 1, std::nullopt, QByteArray(200, 'x'), {}}};
        const QByteArray ok = batchOf(1, "a", 1);
        const QList<BatchView> both = views(ok + encodeBatch(big));
        const AppendResult r = logs.append(QStringLiteral("t"), 0, both, 5);
        QCOMPARE(r.error, ErrorCode::MessageTooLarge);
        QVERIFY(r.message.contains(QLatin1String("max.message.bytes")));
        QCOMPARE(logs.topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(0));   // neither stored
    }
};

QTEST_GUILESS_MAIN(TstLogEngine)
#include "tst_logengine.moc"
