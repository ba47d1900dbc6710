// Compaction in the log engine (cleanup.policy=compact, LogCompaction.cpp),
// in memory and over the store across a restart: the last record per key
// stays with its offset and timestamp; a tombstone removes its key's
// earlier records and goes itself after delete.retention.ms; the newest
// batch is never rewritten; the log start offset does not move; a record
// without a key is refused; a compact-only topic is not shortened by
// retention; an idempotent producer's sequence state survives compaction
// and a restart; and the periodic check runs retention on an idle topic.

#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/log/LogEngine.h"
#include "broker/store/Store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Now = 1'800'000'000'000;
constexpr qint64 Day = 24LL * 3600 * 1000;
const QString T = QStringLiteral("t");

Record rec(const char *key, const char *value, qint64 at = Now)
{
    Record r;
    r.timestamp = at;
    if (key)
        r.key = QByteArray(key);
    if (value)
        r.value = QByteArray(value);
    return r;
}

AppendResult append(LogEngine &logs, const QList<Record> &records, qint64 pid = -1, qint32 seq = -1)
{
    const QByteArray bytes = encodeBatch(records, pid, pid >= 0 ? 0 : -1, seq);
    QList<BatchView> views;
    const auto error = splitBatches(bytes, &views);
    Q_ASSERT(!error);
    return logs.append(T, 0, views, Now);
}

// Every record from `offset` on, as "offset:key=value" ("~" for a tombstone).
QStringList records(const LogEngine &logs, qint64 offset = 0)
{
    const ReadResult read = logs.read(T, 0, offset, 1 << 20);
    if (read.error != ErrorCode::None)
        return {QStringLiteral("error %1").arg(int(read.error))};
    // Batches as a consumer walks them: compacted ones skip offsets, and
    // one may be empty (kept for its producer's sequence).
    QStringList out;
    for (qsizetype at = 0; at + BatchHeader::Size <= read.batches.size();) {
        const BatchHeader h = readBatchHeader(QByteArrayView(read.batches).sliced(at));
        const BatchView b{h, QByteArrayView(read.batches).sliced(at, h.totalSize())};
        at += h.totalSize();
        QList<Record> rs;
        if (decodeRecords(b, &rs))
            return {QStringLiteral("a batch that does not decode at offset %1").arg(h.baseOffset)};
        for (const Record &r : std::as_const(rs))
            out << QStringLiteral("%1:%2=%3")
                       .arg(r.offset)
                       .arg(QString::fromUtf8(r.key.value_or("")))
                       .arg(r.value ? QString::fromUtf8(*r.value) : QStringLiteral("~"));
    }
    return out;
}

TopicSettings compacted()
{
    TopicSettings s;
    s.compact = true;
    s.deletePolicy = false;
    return s;
}

// k1..k3 written over and over, k2 deleted; the newest batch is k1's last.
void produceHistory(LogEngine &logs)
{
    append(logs, {rec("k1", "a0"), rec("k2", "b0")}); // 0-1
    append(logs, {rec("k3", "c0")}); // 2
    append(logs, {rec("k1", "a1"), rec("k3", "c1")}); // 3-4
    append(logs, {rec("k2", nullptr)}); // 5: a tombstone
    append(logs, {rec("k1", "a2")}); // 6: the newest
}

const QStringList Compacted{QStringLiteral("4:k3=c1"), QStringLiteral("5:k2=~"), QStringLiteral("6:k1=a2")};

std::unique_ptr<store::Store> openStore(const QString &dir)
{
    QString error;
    auto st = store::Store::open(dir, store::Durability::Normal, &error);
    if (!st)
        qWarning().noquote() << error;
    return st;
}

struct Broker
{
    explicit Broker(const QString &dir)
        : store(openStore(dir))
    {
        logs = std::make_unique<LogEngine>(store.get());
        logs->recover(Now);
    }
    ~Broker()
    {
        logs.reset();
        store->close();
    }
    void commit() { QVERIFY(store->flush()); }

    std::unique_ptr<store::Store> store;
    std::unique_ptr<LogEngine> logs;
};

} // namespace

class TstLogCompaction final : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheLastRecordPerKeyWithItsOffset()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(T, compacted()), ErrorCode::None);
        produceHistory(logs);
        logs.checkLogs(Now + 1000);
        QCOMPARE(records(logs), Compacted);
        // Offsets stay: the end, the log start, and a fetch inside a gap
        // starts at the next record kept.
        const TopicInfo info = *logs.topic(T);
        QCOMPARE(info.partitions[0].logStartOffset, qint64(0));
        QCOMPARE(info.partitions[0].highWatermark, qint64(7));
        QCOMPARE(records(logs, 1), Compacted);
        QCOMPARE(logs.offsetForTimestamp(T, 0, EarliestTimestamp).offset, qint64(0));
        // The tombstone goes once delete.retention.ms (1 day) has passed.
        logs.checkLogs(Now + Day + 1);
        QCOMPARE(records(logs), (QStringList{QStringLiteral("4:k3=c1"), QStringLiteral("6:k1=a2")}));
    }

    void theNewestBatchIsNotRewritten()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(T, compacted()), ErrorCode::None);
        append(logs, {rec("k", "old")});
        append(logs, {rec("k", "mid"), rec("k", "new")});
        logs.checkLogs(Now);
        // The older batch loses its record; the newest keeps both of its own.
        QCOMPARE(records(logs), (QStringList{QStringLiteral("1:k=mid"), QStringLiteral("2:k=new")}));
    }

    void aRecordWithoutAKeyIsRefused()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(T, compacted()), ErrorCode::None);
        const AppendResult refused = append(logs, {rec("k", "v"), rec(nullptr, "no key")});
        QCOMPARE(refused.error, ErrorCode::InvalidRecord);
        QCOMPARE(refused.message,
            QStringLiteral("Compacted topic cannot accept message without key in topic partition t-0."));
        QCOMPARE(logs.topic(T)->partitions[0].highWatermark, qint64(0));
        // The same batch goes to a topic that deletes.
        QCOMPARE(logs.createTopic(QStringLiteral("plain"), TopicSettings{}), ErrorCode::None);
        QList<BatchView> views;
        const QByteArray bytes = encodeBatch({rec("k", "v"), rec(nullptr, "no key")});
        QVERIFY(!splitBatches(bytes, &views));
        QCOMPARE(logs.append(QStringLiteral("plain"), 0, views, Now).error, ErrorCode::None);
    }

    void compactAloneIsNotShortenedByRetention()
    {
        LogEngine logs;
        TopicSettings settings = compacted();
        settings.retentionMs = 1;
        QCOMPARE(logs.createTopic(T, settings), ErrorCode::None);
        append(logs, {rec("a", "1")});
        append(logs, {rec("b", "2")});
        logs.checkLogs(Now + Day);
        QCOMPARE(records(logs), (QStringList{QStringLiteral("0:a=1"), QStringLiteral("1:b=2")}));
        // compact,delete: both.
        settings.deletePolicy = true;
        QCOMPARE(logs.createTopic(QStringLiteral("both"), settings), ErrorCode::None);
        for (const char *key : {"a", "b"}) {
            QList<BatchView> views;
            const QByteArray bytes = encodeBatch({rec(key, "v")});
            QVERIFY(!splitBatches(bytes, &views));
            logs.append(QStringLiteral("both"), 0, views, Now);
        }
        logs.checkLogs(Now + Day);
        QCOMPARE(logs.topic(QStringLiteral("both"))->partitions[0].logStartOffset, qint64(1));
    }

    void thePeriodicCheckRunsRetentionOnAnIdleTopic()
    {
        LogEngine logs;
        TopicSettings settings;
        settings.retentionMs = 50;
        QCOMPARE(logs.createTopic(T, settings), ErrorCode::None);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 3; ++i) {
            QList<BatchView> views;
            const QByteArray bytes = encodeBatch({Record{0, now, std::nullopt, QByteArray("v"), {}}});
            QVERIFY(!splitBatches(bytes, &views));
            logs.append(T, 0, views, now);
        }
        QCOMPARE(logs.topic(T)->partitions[0].logStartOffset, qint64(0));
        logs.setCheckInterval(20);
        // No append: the check alone drops every batch but the last.
        QTRY_COMPARE(logs.topic(T)->partitions[0].logStartOffset, qint64(2));
        logs.setCheckInterval(0);
    }

    void theStoreKeepsTheCompactedLogAcrossARestart()
    {
        QTemporaryDir dir;
        {
            Broker b(dir.path());
            QCOMPARE(b.logs->createTopic(T, compacted()), ErrorCode::None);
            produceHistory(*b.logs);
            b.commit();
            b.logs->checkLogs(Now + 1000);
            // Read before the compaction's commit: the rewritten batches come
            // from memory, the removed ones are gone already.
            QCOMPARE(records(*b.logs), Compacted);
            b.commit();
            QCOMPARE(records(*b.logs), Compacted);
        }
        Broker b(dir.path());
        b.logs->setCacheLimit(0); // every batch read back from the file
        QCOMPARE(records(*b.logs), Compacted);
        QCOMPARE(b.logs->topic(T)->partitions[0].highWatermark, qint64(7));
        QVERIFY(b.logs->topic(T)->settings.compact);
        QVERIFY(!b.logs->topic(T)->settings.deletePolicy);
        // Appends continue after the kept end.
        QCOMPARE(append(*b.logs, {rec("k2", "b1")}).baseOffset, qint64(7));
        b.commit();
        b.logs->checkLogs(Now + Day + 1);
        b.commit();
        QCOMPARE(records(*b.logs),
            (QStringList{QStringLiteral("4:k3=c1"), QStringLiteral("6:k1=a2"), QStringLiteral("7:k2=b1")}));
    }

    void anIdempotentProducerKeepsItsSequenceThroughCompaction()
    {
        QTemporaryDir dir;
        qint64 pid = 0;
        {
            Broker b(dir.path());
            QCOMPARE(b.logs->createTopic(T, compacted()), ErrorCode::None);
            pid = b.logs->allocateProducerId();
            append(*b.logs, {rec("k", "p0")}, pid, 0); // 0: the producer's older batch
            append(*b.logs, {rec("k", "p1")}, pid, 1); // 1: its newest
            append(*b.logs, {rec("k", "plain")}); // 2
            append(*b.logs, {rec("z", "end")}); // 3: the newest
            b.commit();
            b.logs->checkLogs(Now);
            b.commit();
            // Batch 0 went; batch 1 is kept, empty, for the producer's sequence.
            QCOMPARE(records(*b.logs), (QStringList{QStringLiteral("2:k=plain"), QStringLiteral("3:z=end")}));
            QCOMPARE(b.logs->topic(T)->partitions[0].batches, qint64(3));
        }
        Broker b(dir.path());
        // After a restart the producer is known: a retry of its newest batch
        // is answered with its offset, and it continues at sequence 2.
        const AppendResult retry = append(*b.logs, {rec("k", "p1")}, pid, 1);
        QCOMPARE(retry.error, ErrorCode::None);
        QCOMPARE(retry.baseOffset, qint64(1));
        const AppendResult next = append(*b.logs, {rec("k", "p2")}, pid, 2);
        QCOMPARE(next.error, ErrorCode::None);
        QCOMPARE(next.baseOffset, qint64(4));
    }

    // min.compaction.lag.ms: batches younger than it, and every batch after
    // the first of them, are neither compacted nor counted for the keys.
    void minCompactionLagHoldsBackYoungBatches()
    {
        LogEngine logs;
        TopicSettings s = compacted();
        s.minCompactionLagMs = 60000;
        s.minCleanableDirtyRatio = 0;
        QCOMPARE(logs.createTopic(T, s), ErrorCode::None);
        append(logs, {rec("k", "v0")}); // 0
        append(logs, {rec("k", "v1")}); // 1
        append(logs, {rec("k", "v2", Now + 50000)}); // 2: young at Now + 60 s
        append(logs, {rec("k", "v3", Now + 50000)}); // 3: the newest
        logs.checkLogs(Now + 60000);
        QCOMPARE(records(logs), (QStringList{u"1:k=v1"_s, u"2:k=v2"_s, u"3:k=v3"_s}));
        logs.checkLogs(Now + 100000); // nothing new, still young: nothing done
        QCOMPARE(records(logs), (QStringList{u"1:k=v1"_s, u"2:k=v2"_s, u"3:k=v3"_s}));
        // Once old enough, the next check compacts them without a new record.
        logs.checkLogs(Now + 110000);
        QCOMPARE(records(logs), QStringList{u"3:k=v3"_s});
    }

    // min.cleanable.dirty.ratio: compaction waits until the records added
    // since its last run are more than that share of the compactable bytes;
    // a new ratio (AlterConfigs) applies at the next check.
    void compactionWaitsForTheDirtyRatio()
    {
        LogEngine logs;
        QCOMPARE(logs.createTopic(T, compacted()), ErrorCode::None); // ratio 0.5
        append(logs, {rec("a", "1111111111111111"), rec("b", "2222222222222222"), rec("c", "3333333333333333"),
                         rec("d", "4444444444444444")}); // 0-3
        append(logs, {rec("k", "x0")}); // 4
        append(logs, {rec("k", "x1")}); // 5
        logs.checkLogs(Now); // the first run: everything is dirty
        QCOMPARE(records(logs).mid(4), (QStringList{u"5:k=x1"_s}));
        append(logs, {rec("k", "x2")}); // 6: only k=x1 is dirty now, a small share
        logs.checkLogs(Now);
        QCOMPARE(records(logs).mid(4), (QStringList{u"5:k=x1"_s, u"6:k=x2"_s}));
        TopicSettings lower = logs.topic(T)->settings;
        lower.minCleanableDirtyRatio = 0.01;
        lower.configsSet << u"min.cleanable.dirty.ratio"_s;
        QCOMPARE(logs.alterTopic(T, lower), ErrorCode::None);
        QCOMPARE(logs.alterTopic(u"nowhere"_s, lower), ErrorCode::UnknownTopicOrPartition);
        logs.checkLogs(Now);
        QCOMPARE(records(logs).mid(4), (QStringList{u"6:k=x2"_s}));
    }

    void alteredSettingsSurviveARestart()
    {
        QTemporaryDir dir;
        {
            Broker b(dir.path());
            QCOMPARE(b.logs->createTopic(T, compacted()), ErrorCode::None);
            append(*b.logs, {rec("k", "v")});
            TopicSettings s = b.logs->topic(T)->settings;
            s.minCompactionLagMs = 1234;
            s.minCleanableDirtyRatio = 0.25;
            s.partitions = 9; // not changed by alterTopic
            s.configsSet = QStringList{u"min.compaction.lag.ms"_s, u"min.cleanable.dirty.ratio"_s};
            QCOMPARE(b.logs->alterTopic(T, s), ErrorCode::None);
            b.commit();
        }
        Broker b(dir.path());
        const TopicInfo info = *b.logs->topic(T);
        QCOMPARE(info.settings.minCompactionLagMs, qint64(1234));
        QCOMPARE(info.settings.minCleanableDirtyRatio, 0.25);
        QCOMPARE(info.settings.partitions, 1);
        QCOMPARE(info.settings.configsSet, (QStringList{u"min.compaction.lag.ms"_s, u"min.cleanable.dirty.ratio"_s}));
        QCOMPARE(records(*b.logs), QStringList{u"0:k=v"_s});
    }
};

QTEST_GUILESS_MAIN(TstLogCompaction)
#include "tst_logcompaction.moc"
