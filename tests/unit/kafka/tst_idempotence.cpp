// Idempotent producers in the log engine: a producer's batches must continue
// its sequence per partition; a retry of one of its recent batches is not
// stored again and answers with the offset it got; gaps, old epochs and
// unknown producers are refused with Kafka's errors; and all of it holds
// after a restart (the producer state is rebuilt from the stored index),
// where producer ids are never handed out twice.

#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/log/LogEngine.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;

namespace {

constexpr qint64 Now = 1'800'000'000'000;

// A batch of `n` records of producer `pid`/`epoch` starting at sequence `seq`.
QByteArray batchOf(qint64 pid, qint16 epoch, qint32 seq, int n)
{
    QList<Record> records;
    for (int i = 0; i < n; ++i)
        records.append(Record{0, Now + i, std::nullopt, QByteArray("s") + QByteArray::number(seq + i), {}});
    return encodeBatch(records, pid, epoch, seq);
}

AppendResult append(LogEngine &logs, const QByteArray &batch)
{
    QList<BatchView> views;
    const auto error = splitBatches(batch, &views);
    Q_ASSERT(!error);
    return logs.append(QStringLiteral("t"), 0, views, Now);
}

qint64 end(const LogEngine &logs)
{
    return logs.topic(QStringLiteral("t"))->partitions[0].highWatermark;
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

class TstIdempotence final : public QObject
{
    Q_OBJECT

private slots:
    void retriesAreAnsweredWithTheirOffsetAndNotStoredTwice()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
        const qint64 pid = logs.allocateProducerId();
        QCOMPARE(append(logs, batchOf(pid, 0, 0, 3)).baseOffset, qint64(0));
        QCOMPARE(append(logs, batchOf(pid, 0, 3, 2)).baseOffset, qint64(3));
        // The first batch again (a retry after a lost answer).
        const AppendResult retry = append(logs, batchOf(pid, 0, 0, 3));
        QCOMPARE(retry.error, ErrorCode::None);
        QCOMPARE(retry.baseOffset, qint64(0));
        QCOMPARE(end(logs), qint64(5));
        QCOMPARE(append(logs, batchOf(pid, 0, 5, 1)).baseOffset, qint64(5));
        // A plain producer beside it is not affected.
        QCOMPARE(append(logs, encodeBatch({Record{0, Now, std::nullopt, QByteArray("plain"), {}}})).baseOffset,
                 qint64(6));
    }

    void aRequestWithoutBatchesAppendsNothing()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
        const AppendResult none = logs.append(QStringLiteral("t"), 0, {}, Now);
        QCOMPARE(none.error, ErrorCode::None);
        QCOMPARE(none.baseOffset, qint64(0));
        QCOMPARE(end(logs), qint64(0));
    }

    void gapsOldEpochsAndUnknownProducersAreRefused()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
        const qint64 pid = logs.allocateProducerId();
        QVERIFY(logs.allocateProducerId() != pid);
        QCOMPARE(append(logs, batchOf(pid, 0, 0, 2)).error, ErrorCode::None);
        const AppendResult gap = append(logs, batchOf(pid, 0, 4, 1));
        QCOMPARE(gap.error, ErrorCode::OutOfOrderSequenceNumber);
        QVERIFY(gap.message.contains(QStringLiteral("expected 2")));
        QCOMPARE(end(logs), qint64(2));
        // A new epoch starts again at 0; the old one is fenced off.
        QCOMPARE(append(logs, batchOf(pid, 1, 3, 1)).error, ErrorCode::OutOfOrderSequenceNumber);
        QCOMPARE(append(logs, batchOf(pid, 1, 0, 1)).error, ErrorCode::None);
        QCOMPARE(append(logs, batchOf(pid, 0, 2, 1)).error, ErrorCode::InvalidProducerEpoch);
        QCOMPARE(append(logs, batchOf(pid + 100, 0, 9, 1)).error, ErrorCode::UnknownProducerId);
        QCOMPARE(end(logs), qint64(3));
    }

    void aDuplicateOlderThanTheLastFiveIsSaidSo()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
        const qint64 pid = logs.allocateProducerId();
        for (int seq = 0; seq < 7; ++seq)
            QCOMPARE(append(logs, batchOf(pid, 0, seq, 1)).baseOffset, qint64(seq));
        QCOMPARE(append(logs, batchOf(pid, 0, 2, 1)).baseOffset, qint64(2));   // among the last five
        QCOMPARE(append(logs, batchOf(pid, 0, 0, 1)).error, ErrorCode::DuplicateSequenceNumber);
        QCOMPARE(end(logs), qint64(7));
    }

    void producerStateAndIdsSurviveARestart()
    {
        QTemporaryDir dir;
        qint64 pid = 0;
        {
            auto st = openStore(dir.path());
            QVERIFY(st);
            LogEngine logs(st.get());
            logs.recover(Now);
            QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
            // An id far above the clock's, as if handed out by a Depot whose clock ran ahead.
            for (int i = 0; i < 3; ++i)
                pid = logs.allocateProducerId();
            pid += 1'000'000'000;
            QCOMPARE(append(logs, batchOf(pid, 2, 0, 4)).error, ErrorCode::None);
            QCOMPARE(append(logs, batchOf(pid, 2, 4, 4)).error, ErrorCode::None);
            QVERIFY(st->flush());
            st->close();
        }
        auto st = openStore(dir.path());
        QVERIFY(st);
        LogEngine logs(st.get());
        logs.recover(Now);
        const AppendResult retry = append(logs, batchOf(pid, 2, 4, 4));
        QCOMPARE(retry.error, ErrorCode::None);
        QCOMPARE(retry.baseOffset, qint64(4));
        QCOMPARE(append(logs, batchOf(pid, 2, 9, 1)).error, ErrorCode::OutOfOrderSequenceNumber);
        QCOMPARE(append(logs, batchOf(pid, 1, 8, 1)).error, ErrorCode::InvalidProducerEpoch);
        QCOMPARE(append(logs, batchOf(pid, 2, 8, 1)).baseOffset, qint64(8));
        QVERIFY(logs.allocateProducerId() > pid);
    }
};

QTEST_GUILESS_MAIN(TstIdempotence)
#include "tst_idempotence.moc"
