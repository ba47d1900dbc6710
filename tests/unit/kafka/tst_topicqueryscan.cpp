// TopicQueryScan and TopicQueries: a query over Kafka records run in bounded
// slices. Each slice looks at no more records than its budget; every record
// there when the scan began is looked at exactly once while producers append
// meanwhile (and records produced after the start are not); topics the query
// rules out by name are not read; compressed batches are looked into;
// retention removing records under a walk skips them; bad specs are refused
// naming what is wrong; TopicQueries runs slices on the event loop, streams
// matches and progress, and cancels at once.

#include "broker/kafka/TopicQueries.h"
#include "broker/kafka/TopicQueryScan.h"
#include "broker/log/LogEngine.h"
#include "KafkaTestBatches.h"

#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;
using namespace depot::kafka::test;

namespace {

constexpr qint64 Now = 1'800'000'000'000;

// Records {"n": first..first+count-1} keyed "k<n>", in batches of `batch`.
void append(LogEngine &logs, const QString &topic, qint32 partition, int first, int count, qint64 t = Now,
    int batch = 10)
{
    for (int from = first; from < first + count; from += batch) {
        QList<Record> records;
        for (int n = from; n < std::min(first + count, from + batch); ++n)
            records.append(Record{0, t, "k" + QByteArray::number(n), "{\"n\":" + QByteArray::number(n) + "}", {}});
        QCOMPARE(logs.append(topic, partition, views(encodeBatch(records)), Now).error, ErrorCode::None);
    }
}

TopicQuerySpec spec(const QString &text, QStringList topics = {}, qint32 partition = -1)
{
    query::QueryError error;
    TopicQuerySpec s{query::Query::parse(text, &error, query::Over::Records), std::move(topics), partition};
    if (!s.query.isValid())
        qWarning("%s", qPrintable(error.text()));
    return s;
}

QList<qint64> offsetsOf(const QList<RecordView> &records)
{
    QList<qint64> out;
    for (const RecordView &r : records)
        out.append(r.offset);
    return out;
}

} // namespace

class TstTopicQueryScan final : public QObject
{
    Q_OBJECT

private slots:
    void slicesLookAtEveryRecordOnceWhileProducersAppend()
    {
        LogEngine logs;
        TopicSettings two;
        two.partitions = 2;
        two.retentionMs = -1;
        QCOMPARE(logs.createTopic(QStringLiteral("orders"), two), ErrorCode::None);
        append(logs, QStringLiteral("orders"), 0, 0, 500);
        append(logs, QStringLiteral("orders"), 1, 500, 300);
        auto started = TopicQueryScan::start(logs, spec(QStringLiteral("value.n % 1 = 0 or value.n >= 0")));
        QVERIFY(!started.ok());   // '%' is no operator: refused before anything runs
        started = TopicQueryScan::start(logs, spec(QStringLiteral("value.n >= 0")));
        QVERIFY(started.ok());
        TopicQueryScan &scan = *started.value;
        QCOMPARE(scan.progress().recordsTotal, quint64(800));
        QSet<qint64> seen;
        int slices = 0;
        while (!scan.done()) {
            const quint64 before = scan.progress().scanned;
            const QList<RecordView> found = scan.next(64, Now);
            // The budget, and the rest of the batch it ran out in (batches of 10).
            QVERIFY(scan.progress().scanned - before <= 64 + 9);
            for (const RecordView &r : found) {
                const qint64 n = r.partition * 100000 + r.offset;
                QVERIFY2(!seen.contains(n), "a record looked at twice");
                seen.insert(n);
            }
            // Producers go on meanwhile: what they add is not looked at.
            append(logs, QStringLiteral("orders"), slices % 2, 10000 + slices, 3);
            ++slices;
        }
        QCOMPARE(seen.size(), 800);
        QCOMPARE(scan.progress().scanned, quint64(800));
        QCOMPARE(scan.progress().matched, quint64(800));
        QCOMPARE(scan.progress().topicsDone, quint64(1));
        QVERIFY(slices >= 800 / 73);
    }

    void aSliceEndsWithItsBatch()
    {
        // A producer's batch is decoded once: a slice finishes the batch its
        // budget ran out in, rather than leaving the rest to the next one.
        LogEngine logs;
        TopicSettings keepAll;
        keepAll.retentionMs = -1;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), keepAll), ErrorCode::None);
        append(logs, QStringLiteral("t"), 0, 0, 250, Now, 100);
        auto scan = TopicQueryScan::start(logs, spec(QString())).value;
        QCOMPARE(scan->next(30, Now).size(), 100);
        QCOMPARE(scan->next(130, Now).size(), 150);   // 130 run out in the third batch: all of it
        QVERIFY(scan->done());
    }

    void queriesPickTopicsPartitionsAndRecords()
    {
        LogEngine logs;
        TopicSettings settings;
        settings.partitions = 2;
        settings.retentionMs = -1;   // the gzip batch is from 2023
        for (const char *name : {"orders.eu", "orders.us", "audit"})
            QCOMPARE(logs.createTopic(QString::fromLatin1(name), settings), ErrorCode::None);
        append(logs, QStringLiteral("orders.eu"), 0, 0, 10);
        append(logs, QStringLiteral("orders.eu"), 1, 10, 10);
        append(logs, QStringLiteral("orders.us"), 0, 20, 10);
        logs.append(QStringLiteral("audit"), 1, views(kGzipBatch), Now);

        // By pattern, in a compressed batch, by key and by partition.
        auto scan = TopicQueryScan::start(logs, spec(QStringLiteral("value contains \"gzip record 2\""))).value;
        QList<RecordView> found = scan->next(1000, Now);
        QVERIFY(scan->done());
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].topic, QStringLiteral("audit"));
        QCOMPARE(found[0].offset, qint64(2));

        scan = TopicQueryScan::start(logs, spec(QStringLiteral("key in (\"k3\", \"k15\", \"k25\")"), {QStringLiteral("orders.*")})).value;
        found = scan->next(1000, Now);
        QCOMPARE(found.size(), 3);
        QCOMPARE(scan->topics(), QStringList({QStringLiteral("orders.eu"), QStringLiteral("orders.us")}));

        scan = TopicQueryScan::start(logs, spec(QStringLiteral("offset >= 8"), {QStringLiteral("orders.eu")}, 1)).value;
        found = scan->next(1000, Now);
        QCOMPARE(offsetsOf(found), QList<qint64>({8, 9}));
        QCOMPARE(found[0].partition, 1);
        QCOMPARE(scan->progress().scanned, quint64(10));

        // Topics the query rules out by name are not read.
        scan = TopicQueryScan::start(logs, spec(QStringLiteral("topic = \"orders.us\" and value.n = 25"))).value;
        found = scan->next(1000, Now);
        QCOMPARE(found.size(), 1);
        QCOMPARE(scan->progress().scanned, quint64(10));
        QCOMPARE(scan->progress().topicsDone, quint64(3));

        // Refusals name what is wrong.
        Result<std::shared_ptr<TopicQueryScan>> refused = TopicQueryScan::start(logs, spec(QString(), {QStringLiteral("orders")}));
        QCOMPARE(refused.error.kind, ErrorKind::NotFound);
        QVERIFY(refused.error.text.contains(QStringLiteral("no topic 'orders'")));
        refused = TopicQueryScan::start(logs, spec(QString(), {QStringLiteral("orders.*")}, 0));
        QCOMPARE(refused.error.kind, ErrorKind::InvalidArgument);
        refused = TopicQueryScan::start(logs, spec(QString(), {QStringLiteral("audit")}, 2));
        QCOMPARE(refused.error.kind, ErrorKind::NotFound);
        QVERIFY(refused.error.text.contains(QStringLiteral("no partition 2")));
        query::QueryError e;
        refused = TopicQueryScan::start(logs, {query::Query::parse(QString(), &e), {}, -1});
        QCOMPARE(refused.error.kind, ErrorKind::InvalidArgument);   // a query over messages
    }

    void retentionUnderAWalkSkipsWhatItRemoved()
    {
        LogEngine logs;
        TopicSettings settings;
        settings.retentionMs = 60'000;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), settings), ErrorCode::None);
        append(logs, QStringLiteral("t"), 0, 0, 20, Now, 10);                 // two batches of 10
        append(logs, QStringLiteral("t"), 0, 20, 10, Now + 120'000, 10);
        auto scan = TopicQueryScan::start(logs, spec(QString())).value;
        QCOMPARE(offsetsOf(scan->next(5, Now)), QList<qint64>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));   // its batch
        logs.checkLogs(Now + 90'000);   // both old batches go, the one not walked yet too
        const QList<RecordView> rest = scan->next(100, Now);
        QCOMPARE(rest.first().offset, qint64(20));
        QCOMPARE(rest.size(), 10);
        QVERIFY(scan->done());
        // A deleted topic ends its walk.
        scan = TopicQueryScan::start(logs, spec(QString())).value;
        QCOMPARE(logs.deleteTopic(QStringLiteral("t")), ErrorCode::None);
        QVERIFY(scan->next(100, Now).isEmpty());
        QVERIFY(scan->done());
    }

    void topicQueriesRunInSlicesAndCancel()
    {
        LogEngine logs;
        TopicSettings keepAll;
        keepAll.retentionMs = -1;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), keepAll), ErrorCode::None);
        const int total = int(TopicQueryScan::Slice) * 3 + 10;
        append(logs, QStringLiteral("t"), 0, 0, total);
        TopicQueries queries(logs);
        QSignalSpy matched(&queries, &TopicQueries::matched);
        QSignalSpy progress(&queries, &TopicQueries::progress);
        QSignalSpy finished(&queries, &TopicQueries::finished);
        const Result<quint64> id = queries.start(spec(QStringLiteral("value.n >= 10")));
        QVERIFY(id.ok());
        QCOMPARE(matched.size(), 0);   // nothing before the event loop turns
        QVERIFY(finished.wait(10000));
        QCOMPARE(progress.size(), 4);   // one per slice
        qsizetype records = 0;
        for (const auto &args : matched)
            records += args.at(1).value<QList<RecordView>>().size();
        QCOMPARE(records, total - 10);
        const auto last = finished.first().first().value<TopicQueryProgress>();
        QVERIFY(last.done && !last.cancelled);
        QCOMPARE(last.matched, quint64(total - 10));

        finished.clear();
        const Result<quint64> second = queries.start(spec(QString()));
        queries.cancel(second.value);
        QCOMPARE(finished.size(), 1);
        QVERIFY(finished.first().first().value<TopicQueryProgress>().cancelled);
        QCOMPARE(queries.running(), quint64(0));
        QTest::qWait(50);
        QCOMPARE(finished.size(), 1);   // no slice ran after the cancel
        QCOMPARE(queries.start(spec(QString(), {QStringLiteral("nope")})).error.kind, ErrorKind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TstTopicQueryScan)
#include "tst_topicqueryscan.moc"
