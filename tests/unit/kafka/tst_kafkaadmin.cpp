// KafkaAdmin: what the window and the HTTP API do with Kafka topics and
// groups. Records come back decoded from an offset, a time, the start or the
// end (compressed batches inflated); a search looks into keys, values and
// headers; a record produced by hand lands where Kafka's default partitioner
// puts its key, only while the publish gate is open and answered once
// durable; a group's members show their decoded assignment and its offsets
// their lag; offsets are reset and groups deleted only while nobody is in
// the group, the deletion removing the stored offsets too.

#include "broker/core/PublishGate.h"
#include "broker/engine/Engine.h"
#include "broker/kafka/GroupCoordinator.h"
#include "broker/kafka/KafkaAdmin.h"
#include "broker/kafka/codec/KafkaWire.h"
#include "broker/log/LogEngine.h"
#include "KafkaTestBatches.h"
#include "broker/store/Store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace depot;
using namespace depot::kafka;
using namespace depot::log;
using namespace depot::kafka::test;

namespace {

constexpr qint64 Now = 1'800'000'000'000;

// `n` records "<prefix>i" with key "k<i>", timestamps from `t0` 10 ms apart.
QByteArray batchOf(int n, const QByteArray &prefix, qint64 t0)
{
    QList<Record> records;
    for (int i = 0; i < n; ++i)
        records.append(Record{0, t0 + 10 * i, "k" + QByteArray::number(i), prefix + QByteArray::number(i), {}});
    return encodeBatch(records);
}

// A ConsumerProtocolAssignment as the Java client writes it.
QByteArray assignmentOf(qint16 version, const QString &topic, const QList<qint32> &partitions, const QByteArray &userData)
{
    QByteArray out;
    wire::Writer w(out);
    w.int16(version);
    w.arrayLength(1);
    w.string(topic);
    w.arrayLength(qint32(partitions.size()));
    for (qint32 p : partitions)
        w.int32(p);
    w.bytes(QByteArrayView(userData));
    return out;
}

template <typename T>
struct Answer
{
    bool answered = false;
    Result<T> result;
    auto callback()
    {
        return [this](Result<T> r) {
            answered = true;
            result = std::move(r);
        };
    }
};

} // namespace

class TstKafkaAdmin final : public QObject
{
    Q_OBJECT

private:
    // A member of group "g" that joined (v0) and got `assignment` from itself as the leader.
    QString joinStable(GroupCoordinator &groups, const QByteArray &assignment)
    {
        QString id;
        JoinGroupRequest join;
        join.groupId = QStringLiteral("g");
        join.sessionTimeoutMs = 10000;
        join.protocolType = QStringLiteral("consumer");
        join.protocols = {{QStringLiteral("range"), QByteArray("meta")}};
        groups.join(join, 0, QStringLiteral("client-1"), Now, [&](const JoinGroupResponse &r) { id = r.memberId; },
                    QStringLiteral("/127.0.0.1"));
        groups.sync({QStringLiteral("g"), 1, id, QString(), {{id, assignment}}}, [](ErrorCode, const QByteArray &) {});
        return id;
    }

private slots:
    void murmur2IsKafkasAndPicksTheDefaultPartitionersPartition()
    {
        // Kafka's UtilsTest.testMurmur2.
        QCOMPARE(murmur2("21"), -973932308);
        QCOMPARE(murmur2("foobar"), -790332482);
        QCOMPARE(murmur2("a-little-bit-long-string"), -985981536);
        QCOMPARE(murmur2("a-little-bit-longer-string"), -1486304829);
        QCOMPARE(murmur2("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971);
        QCOMPARE(murmur2("abc"), 479470107);
        // toPositive(-790332482) = 1357151166; % 10 = 6.
        QCOMPARE(partitionForKey("foobar", 10), 6);
    }

    void aRecordsStoryTellsWhoProducedItAndWhyItWent()
    {
        LogEngine logs;
        KafkaAdmin admin(logs, nullptr, nullptr);
        TopicSettings compact;
        compact.compact = true;
        compact.deletePolicy = false;
        QCOMPARE(logs.createTopic(QStringLiteral("c"), compact), ErrorCode::None);
        // k0..k2 at 0-2 by "orders at 10.0.0.5", then k0 again at 3 and a last batch at 4.
        logs.append(QStringLiteral("c"), 0, views(batchOf(3, "v", Now)), Now, QStringLiteral("orders at 10.0.0.5"));
        logs.append(QStringLiteral("c"), 0, views(batchOf(1, "w", Now + 5)), Now + 5);
        logs.append(QStringLiteral("c"), 0, views(batchOf(3, "x", Now + 9)), Now + 9);   // 4-6: k0..k2, the newest
        logs.commitOffset({QStringLiteral("billing"), QStringLiteral("c"), 0, 2, QString(), Now + 20,
                           QStringLiteral("worker at 10.0.0.9")});
        logs.commitOffset({QStringLiteral("audit"), QStringLiteral("c"), 0, 0, QString(), Now + 30, QStringLiteral("a")});

        Result<RecordStory> one = admin.recordStory(QStringLiteral("c"), 0, 1);
        QVERIFY(one.ok());
        QVERIFY(one.value.record);
        QCOMPARE(one.value.events.size(), 2);
        QCOMPARE(one.value.events[0].kind, RecordStoryEvent::Kind::Produced);
        QCOMPARE(one.value.events[0].actor, QStringLiteral("orders at 10.0.0.5"));
        QCOMPARE(one.value.events[0].at, Now);
        QVERIFY2(one.value.events[0].text.contains(u"offsets 0 to 2"), qPrintable(one.value.events[0].text));
        QCOMPARE(one.value.events[1].kind, RecordStoryEvent::Kind::Consumed);
        QCOMPARE(one.value.events[1].actor, QStringLiteral("worker at 10.0.0.9"));
        QCOMPARE(one.value.events[1].at, Now + 20);
        QCOMPARE(one.value.waitingGroups, QStringList{QStringLiteral("audit")});

        // Compaction: k0..k2 all have newer records (4-6), so the batch of
        // offsets 0-2 loses all three and goes.
        logs.checkLogs(Now + 1000);
        one = admin.recordStory(QStringLiteral("c"), 0, 1);
        QVERIFY(one.ok());
        QVERIFY(!one.value.record);
        QCOMPARE(one.value.events.size(), 3);
        QCOMPARE(one.value.events[2].kind, RecordStoryEvent::Kind::Removed);
        QCOMPARE(one.value.events[2].at, Now + 1000);
        QVERIFY2(one.value.events[2].text.contains(u"compaction"), qPrintable(one.value.events[2].text));
        // The newest batch is not compacted: its records are there, with no removal.
        const Result<RecordStory> five = admin.recordStory(QStringLiteral("c"), 0, 5);
        QVERIFY(five.ok() && five.value.record);
        QCOMPARE(five.value.events.size(), 1);
        QCOMPARE(five.value.events[0].actor, QString());   // appended without a name
        QCOMPARE(five.value.waitingGroups, (QStringList{QStringLiteral("audit"), QStringLiteral("billing")}));

        // Retention: a batch older than retention.ms goes when a newer one arrives.
        TopicSettings brief;
        brief.retentionMs = 60000;
        QCOMPARE(logs.createTopic(QStringLiteral("r"), brief), ErrorCode::None);
        logs.append(QStringLiteral("r"), 0, views(batchOf(2, "old", Now - 600000)), Now);
        logs.append(QStringLiteral("r"), 0, views(batchOf(1, "new", Now + 100000)), Now + 100000);
        const Result<RecordStory> gone = admin.recordStory(QStringLiteral("r"), 0, 1);
        QVERIFY(gone.ok());
        QVERIFY(!gone.value.record);
        QCOMPARE(gone.value.events.last().kind, RecordStoryEvent::Kind::Removed);
        QCOMPARE(gone.value.events.last().at, Now + 100000);
        QVERIFY2(gone.value.events.last().text.contains(u"retention.ms"), qPrintable(gone.value.events.last().text));
        QVERIFY2(gone.value.events.last().text.contains(u"starts at offset 2"), qPrintable(gone.value.events.last().text));

        // Past the end, or no such partition or topic: not found, naming it.
        const Result<RecordStory> past = admin.recordStory(QStringLiteral("r"), 0, 3);
        QCOMPARE(past.error.kind, ErrorKind::NotFound);
        QVERIFY2(past.error.text.contains(u"ends at 3"), qPrintable(past.error.text));
        QCOMPARE(admin.recordStory(QStringLiteral("r"), 4, 0).error.kind, ErrorKind::NotFound);
        QCOMPARE(admin.recordStory(QStringLiteral("none"), 0, 0).error.kind, ErrorKind::NotFound);
    }

    void recordsFromAnOffsetATimeTheStartOrTheEnd()
    {
        LogEngine logs;
        KafkaAdmin admin(logs, nullptr, nullptr);
        QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
        logs.append(QStringLiteral("t"), 0, views(batchOf(4, "a", Now)), Now);          // 0-3
        logs.append(QStringLiteral("t"), 0, views(kGzipBatch), Now);                      // 4-6, gzip
        logs.append(QStringLiteral("t"), 0, views(batchOf(3, "c", Now + 1000)), Now);    // 7-9

        // From an offset inside a batch: the records before it are skipped.
        Result<RecordPage> page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Offset, 2}, 4);
        QVERIFY(page.ok());
        QCOMPARE(page.value.records.size(), 4);
        QCOMPARE(page.value.records[0].offset, qint64(2));
        QCOMPARE(*page.value.records[0].value, QByteArray("a2"));
        QCOMPARE(*page.value.records[0].key, QByteArray("k2"));
        QCOMPARE(page.value.records[0].timestamp, Now + 20);
        QCOMPARE(page.value.records[0].compression, Compression::None);
        // The gzip batch's records, inflated.
        QCOMPARE(page.value.records[2].offset, qint64(4));
        QCOMPARE(page.value.records[2].compression, Compression::Gzip);
        QVERIFY(!page.value.records[2].key);
        QCOMPARE(*page.value.records[3].value, QByteArray("gzip record 1 ").repeated(10));
        QCOMPARE(page.value.records[3].timestamp, qint64(1700000000001));
        QCOMPARE(page.value.nextOffset, qint64(6));
        QCOMPARE(page.value.highWatermark, qint64(10));

        // From a time: the first record at or after it.
        page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Timestamp, Now + 1005}, 10);
        QVERIFY(page.ok());
        QCOMPARE(page.value.records.size(), 2);
        QCOMPARE(page.value.records[0].offset, qint64(8));
        QCOMPARE(page.value.nextOffset, qint64(10));
        // After every record: nothing, at the end.
        page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Timestamp, Now + 5000}, 10);
        QVERIFY(page.ok());
        QVERIFY(page.value.records.isEmpty());
        QCOMPARE(page.value.nextOffset, qint64(10));

        // Earliest and latest (the last `limit` before the high watermark).
        page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Earliest, 0}, 2);
        QCOMPARE(page.value.records[0].offset, qint64(0));
        QCOMPARE(page.value.records[1].offset, qint64(1));
        page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Latest, 0}, 3);
        QCOMPARE(page.value.records.size(), 3);
        QCOMPARE(page.value.records[0].offset, qint64(7));
        QCOMPARE(*page.value.records[2].value, QByteArray("c2"));

        // Past the end: clamped, empty; errors name what is wrong.
        page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Offset, 99}, 5);
        QVERIFY(page.ok());
        QVERIFY(page.value.records.isEmpty());
        page = admin.records(QStringLiteral("t"), 3, {RecordsFrom::Kind::Offset, 0}, 5);
        QCOMPARE(page.error.kind, ErrorKind::NotFound);
        QVERIFY2(page.error.text.contains(QLatin1String("partition 3")), qPrintable(page.error.text));
        page = admin.records(QStringLiteral("nope"), 0, {RecordsFrom::Kind::Offset, 0}, 5);
        QCOMPARE(page.error.kind, ErrorKind::NotFound);
        QVERIFY(page.error.text.contains(QLatin1String("'nope'")));
        page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Offset, -1}, 5);
        QCOMPARE(page.error.kind, ErrorKind::InvalidArgument);
        page = admin.records(QStringLiteral("t"), 0, {RecordsFrom::Kind::Offset, 0}, 0);
        QCOMPARE(page.error.kind, ErrorKind::InvalidArgument);
        QVERIFY(page.error.text.contains(QLatin1String("limit")));
    }

    void searchLooksIntoKeysValuesAndHeaders()
    {
        LogEngine logs;
        KafkaAdmin admin(logs, nullptr, nullptr);
        TopicSettings two;
        two.partitions = 2;
        two.retentionMs = -1;   // the gzip batch is from 2023
        QCOMPARE(logs.createTopic(QStringLiteral("t"), two), ErrorCode::None);
        logs.append(QStringLiteral("t"), 0, views(batchOf(3, "plain", Now)), Now);
        logs.append(QStringLiteral("t"), 1, views(kGzipBatch), Now);
        QList<Record> tagged{Record{0, Now, std::nullopt, QByteArray("x"), {{QStringLiteral("Trace"), QByteArray("ABC-9")}}}};
        logs.append(QStringLiteral("t"), 1, views(encodeBatch(tagged)), Now);

        RecordSearch s;
        s.text = QStringLiteral("GZIP RECORD 2");   // case-insensitive, inside a compressed batch
        Result<SearchPage> found = admin.search(QStringLiteral("t"), s);
        QVERIFY(found.ok());
        QCOMPARE(found.value.matches.size(), 1);
        QCOMPARE(found.value.matches[0].partition, 1);
        QCOMPARE(found.value.matches[0].offset, qint64(2));
        QCOMPARE(found.value.scanned, qint64(7));
        QVERIFY(found.value.complete);

        s.text = QStringLiteral("abc-9");   // a header's value
        found = admin.search(QStringLiteral("t"), s);
        QCOMPARE(found.value.matches.size(), 1);
        QCOMPARE(found.value.matches[0].offset, qint64(3));
        s.text = QStringLiteral("k1");      // a key, one partition only
        s.partition = 0;
        found = admin.search(QStringLiteral("t"), s);
        QCOMPARE(found.value.matches.size(), 1);
        QCOMPARE(found.value.scanned, qint64(3));

        // Stopped by the scan limit: not complete.
        s.text = QStringLiteral("plain");
        s.partition = -1;
        s.maxRecordsScanned = 2;
        found = admin.search(QStringLiteral("t"), s);
        QCOMPARE(found.value.matches.size(), 2);
        QVERIFY(!found.value.complete);

        s.text.clear();
        QCOMPARE(admin.search(QStringLiteral("t"), s).error.kind, ErrorKind::InvalidArgument);
        s.text = QStringLiteral("x");
        s.partition = 5;
        QCOMPARE(admin.search(QStringLiteral("t"), s).error.kind, ErrorKind::NotFound);
    }

    void produceByKeyRoundRobinAndOnlyThroughAnOpenGate()
    {
        Engine engine;
        core::PublishGate gate(engine, core::PublishGateOptions{});
        LogEngine logs;
        KafkaAdmin admin(logs, nullptr, &gate);
        TopicSettings ten;
        ten.partitions = 10;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), ten), ErrorCode::None);

        Answer<QList<ProducedRecord>> a;
        const QList<RecordHeader> headers{{QStringLiteral("h"), QByteArray("v")}};
        admin.produce({ProduceRecord{QStringLiteral("t"), -1, QByteArray("foobar"), QByteArray("one"), headers},
                       ProduceRecord{QStringLiteral("t"), -1, QByteArray("foobar"), QByteArray("two"), {}},
                       ProduceRecord{QStringLiteral("t"), 3, std::nullopt, std::nullopt, {}}},
                      Now, a.callback());
        QVERIFY(a.answered);   // in memory: durable at once
        QVERIFY2(a.result.ok(), qPrintable(a.result.error.text));
        QCOMPARE(a.result.value.size(), 3);
        // Kafka's default partitioner: partition 6 for "foobar" of 10.
        QCOMPARE(a.result.value[0].partition, 6);
        QCOMPARE(a.result.value[0].offset, qint64(0));
        QCOMPARE(a.result.value[1].partition, 6);
        QCOMPARE(a.result.value[1].offset, qint64(1));
        QCOMPARE(a.result.value[2].partition, 3);
        const Result<RecordPage> page = admin.records(QStringLiteral("t"), 6, {RecordsFrom::Kind::Earliest, 0}, 10);
        QCOMPARE(page.value.records.size(), 2);
        QCOMPARE(*page.value.records[0].value, QByteArray("one"));
        QCOMPARE(page.value.records[0].headers.size(), 1);
        QCOMPARE(*page.value.records[0].headers[0].value, QByteArray("v"));
        QCOMPARE(page.value.records[0].timestamp, Now);
        const Result<RecordPage> tombstone = admin.records(QStringLiteral("t"), 3, {RecordsFrom::Kind::Earliest, 0}, 10);
        QVERIFY(!tombstone.value.records[0].value);

        // Without a key: round robin over the partitions.
        QList<ProduceRecord> unkeyed(10, ProduceRecord{QStringLiteral("t"), -1, std::nullopt, QByteArray("r"), {}});
        a = {};
        admin.produce(unkeyed, Now, a.callback());
        QSet<qint32> used;
        for (const ProducedRecord &p : a.result.value)
            used.insert(p.partition);
        QCOMPARE(used.size(), 10);

        // Bad requests are refused whole.
        a = {};
        admin.produce({ProduceRecord{QStringLiteral("t"), 0, std::nullopt, QByteArray("ok"), {}},
                       ProduceRecord{QStringLiteral("t"), 10, std::nullopt, QByteArray("bad"), {}}},
                      Now, a.callback());
        QCOMPARE(a.result.error.kind, ErrorKind::NotFound);
        QVERIFY(a.result.error.text.contains(QLatin1String("partition 10")));
        QCOMPARE(logs.topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(1));   // the round robin's one
        a = {};
        admin.produce({ProduceRecord{QStringLiteral("missing"), -1, std::nullopt, QByteArray("x"), {}}}, Now, a.callback());
        QCOMPARE(a.result.error.kind, ErrorKind::NotFound);

        // A closed gate refuses with its reason, and nothing is appended.
        engine.raiseAlarm(QStringLiteral("disk"), QStringLiteral("the disk is full"));
        a = {};
        admin.produce({ProduceRecord{QStringLiteral("t"), 0, std::nullopt, QByteArray("x"), {}}}, Now, a.callback());
        QVERIFY(a.answered);
        QVERIFY(!a.result.ok());
        QVERIFY2(a.result.error.text.contains(QLatin1String("the disk is full")), qPrintable(a.result.error.text));
        QCOMPARE(logs.topic(QStringLiteral("t"))->partitions[0].highWatermark, qint64(1));
    }

    void produceIsAnsweredOnceTheStoreCommitted()
    {
        QTemporaryDir dir;
        QString error;
        auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
        QVERIFY2(st, qPrintable(error));
        {
            LogEngine logs(st.get());
            logs.recover(Now);
            KafkaAdmin admin(logs, nullptr, nullptr);
            QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
            QVERIFY(st->flush());
            Answer<QList<ProducedRecord>> a;
            admin.produce({ProduceRecord{QStringLiteral("t"), -1, QByteArray("k"), QByteArray("v"), {}}}, Now,
                          a.callback());
            QVERIFY(!a.answered);   // not durable yet
            QVERIFY(st->flush());
            QVERIFY(a.answered);
            QVERIFY(a.result.ok());
            QCOMPARE(a.result.value[0].offset, qint64(0));
        }
        st->close();
    }

    void reproduceCopiesRecordsToTheirPartitionOrByKey()
    {
        LogEngine logs;
        KafkaAdmin admin(logs, nullptr, nullptr);
        TopicSettings three;
        three.partitions = 3;
        QCOMPARE(logs.createTopic(QStringLiteral("src"), three), ErrorCode::None);
        QCOMPARE(logs.createTopic(QStringLiteral("dst"), TopicSettings{}), ErrorCode::None);
        QList<Record> one{Record{0, Now, QByteArray("key"), QByteArray("payload"), {{QStringLiteral("h"), std::nullopt}}}};
        logs.append(QStringLiteral("src"), 2, views(encodeBatch(one)), Now);

        Answer<QList<ProducedRecord>> a;
        admin.reproduce({QStringLiteral("src"), {{2, 0}}, QStringLiteral("src"), -1}, Now + 5, a.callback());
        QVERIFY2(a.result.ok(), qPrintable(a.result.error.text));
        QCOMPARE(a.result.value[0].partition, 2);   // its own partition
        QCOMPARE(a.result.value[0].offset, qint64(1));
        const Result<RecordPage> again = admin.records(QStringLiteral("src"), 2, {RecordsFrom::Kind::Offset, 1}, 1);
        QCOMPARE(*again.value.records[0].key, QByteArray("key"));
        QCOMPARE(*again.value.records[0].value, QByteArray("payload"));
        QCOMPARE(again.value.records[0].headers[0].key, QStringLiteral("h"));
        QVERIFY(!again.value.records[0].headers[0].value);

        // To a topic with fewer partitions: by key.
        a = {};
        admin.reproduce({QStringLiteral("src"), {{2, 0}}, QStringLiteral("dst"), -1}, Now, a.callback());
        QVERIFY(a.result.ok());
        QCOMPARE(a.result.value[0].partition, 0);
        QCOMPARE(logs.topic(QStringLiteral("dst"))->partitions[0].highWatermark, qint64(1));

        // A record that is not there.
        a = {};
        admin.reproduce({QStringLiteral("src"), {{2, 7}}, QStringLiteral("dst"), -1}, Now, a.callback());
        QCOMPARE(a.result.error.kind, ErrorKind::NotFound);
        QVERIFY(a.result.error.text.contains(QLatin1String("offset 7")));
    }

    void groupsShowMembersAssignmentsAndLag()
    {
        LogEngine logs;
        GroupCoordinator groups;
        KafkaAdmin admin(logs, &groups, nullptr);
        TopicSettings two;
        two.partitions = 2;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), two), ErrorCode::None);
        logs.append(QStringLiteral("t"), 0, views(batchOf(5, "v", Now)), Now);
        logs.append(QStringLiteral("t"), 1, views(batchOf(2, "w", Now)), Now);
        const QString id = joinStable(groups, assignmentOf(1, QStringLiteral("t"), {0, 1}, "ud"));
        groups.storeOffset(QStringLiteral("g"), QStringLiteral("t"), 0, 2, QStringLiteral("meta"));

        const Result<GroupView> g = admin.group(QStringLiteral("g"));
        QVERIFY(g.ok());
        QCOMPARE(g.value.state, QStringLiteral("Stable"));
        QCOMPARE(g.value.protocolType, QStringLiteral("consumer"));
        QCOMPARE(g.value.protocol, QStringLiteral("range"));
        QCOMPARE(g.value.generation, 1);
        QCOMPARE(g.value.members.size(), 1);
        QCOMPARE(g.value.members[0].memberId, id);
        QCOMPARE(g.value.members[0].clientHost, QStringLiteral("/127.0.0.1"));
        QCOMPARE(g.value.members[0].assignmentVersion, qint16(1));
        QCOMPARE(g.value.members[0].assignment.size(), 1);
        QCOMPARE(g.value.members[0].assignment[0].first, QStringLiteral("t"));
        QCOMPARE(g.value.members[0].assignment[0].second, (QList<qint32>{0, 1}));
        QCOMPARE(*g.value.members[0].userData, QByteArray("ud"));
        // Partition 0 committed at 2 of 5; partition 1 assigned, nothing committed.
        QCOMPARE(g.value.offsets.size(), 2);
        QCOMPARE(g.value.offsets[0].committed, qint64(2));
        QCOMPARE(g.value.offsets[0].highWatermark, qint64(5));
        QCOMPARE(g.value.offsets[0].lag, qint64(3));
        QCOMPARE(g.value.offsets[0].metadata, QStringLiteral("meta"));
        QCOMPARE(g.value.offsets[1].committed, qint64(-1));
        QCOMPARE(g.value.offsets[1].lag, qint64(-1));
        QCOMPARE(g.value.totalLag, qint64(3));
        QCOMPARE(admin.groups().size(), 1);
        QCOMPARE(admin.group(QStringLiteral("other")).error.kind, ErrorKind::NotFound);
    }

    void resetIsRefusedWithMembersAndClampedWithout()
    {
        LogEngine logs;
        GroupCoordinator groups;
        KafkaAdmin admin(logs, &groups, nullptr);
        TopicSettings two;
        two.partitions = 2;
        QCOMPARE(logs.createTopic(QStringLiteral("t"), two), ErrorCode::None);
        logs.append(QStringLiteral("t"), 0, views(batchOf(5, "v", Now)), Now);
        logs.append(QStringLiteral("t"), 1, views(batchOf(3, "w", Now + 1000)), Now);
        const QString id = joinStable(groups, assignmentOf(0, QStringLiteral("t"), {0, 1}, {}));

        Answer<QList<GroupOffsetView>> a;
        admin.resetOffsets({QStringLiteral("g"), QStringLiteral("t"), -1, OffsetReset::To::Earliest, 0}, Now, a.callback());
        QCOMPARE(a.result.error.kind, ErrorKind::NotAllowed);
        QVERIFY2(a.result.error.text.contains(QLatin1String("has 1 member")), qPrintable(a.result.error.text));
        QCOMPARE(groups.committed(QStringLiteral("g"), QStringLiteral("t"), 0).offset, qint64(-1));

        groups.leave({QStringLiteral("g"), {{id, QString()}}}, nullptr, Now);
        // Every partition to the end.
        a = {};
        admin.resetOffsets({QStringLiteral("g"), QStringLiteral("t"), -1, OffsetReset::To::Latest, 0}, Now, a.callback());
        QVERIFY2(a.result.ok(), qPrintable(a.result.error.text));
        QCOMPARE(a.result.value.size(), 2);
        QCOMPARE(a.result.value[0].committed, qint64(5));
        QCOMPARE(a.result.value[1].committed, qint64(3));
        QCOMPARE(a.result.value[1].lag, qint64(0));
        // One partition to an offset past the end: clamped to it; below the start: to the start.
        a = {};
        admin.resetOffsets({QStringLiteral("g"), QStringLiteral("t"), 0, OffsetReset::To::Offset, 99}, Now, a.callback());
        QCOMPARE(a.result.value.size(), 1);
        QCOMPARE(a.result.value[0].committed, qint64(5));
        a = {};
        admin.resetOffsets({QStringLiteral("g"), QStringLiteral("t"), 0, OffsetReset::To::Offset, 1}, Now, a.callback());
        QCOMPARE(a.result.value[0].committed, qint64(1));
        QCOMPARE(a.result.value[0].lag, qint64(4));
        // By time.
        a = {};
        admin.resetOffsets({QStringLiteral("g"), QStringLiteral("t"), 1, OffsetReset::To::Timestamp, Now + 1015}, Now,
                           a.callback());
        QCOMPARE(a.result.value[0].committed, qint64(2));
        // Kept by the coordinator (OffsetFetch) and the log engine (the store).
        QCOMPARE(groups.committed(QStringLiteral("g"), QStringLiteral("t"), 0).offset, qint64(1));
        QCOMPARE(logs.committedOffsets().size(), 2);
        QCOMPARE(logs.committedOffsets()[0].offset, qint64(1));

        a = {};
        admin.resetOffsets({QStringLiteral("g"), QStringLiteral("t"), 2, OffsetReset::To::Earliest, 0}, Now, a.callback());
        QCOMPARE(a.result.error.kind, ErrorKind::NotFound);
        a = {};
        admin.resetOffsets({QStringLiteral("g"), QStringLiteral("t"), 0, OffsetReset::To::Offset, -3}, Now, a.callback());
        QCOMPARE(a.result.error.kind, ErrorKind::InvalidArgument);
    }

    void deleteGroupOnlyWithoutMembersRemovesStoredOffsets()
    {
        QTemporaryDir dir;
        QString error;
        {
            auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
            QVERIFY2(st, qPrintable(error));
            LogEngine logs(st.get());
            logs.recover(Now);
            GroupCoordinator groups;
            KafkaAdmin admin(logs, &groups, nullptr);
            QCOMPARE(logs.createTopic(QStringLiteral("t"), TopicSettings{}), ErrorCode::None);
            for (const QString &g : {QStringLiteral("g"), QStringLiteral("keep")}) {
                groups.storeOffset(g, QStringLiteral("t"), 0, 0, QString());
                logs.commitOffset({g, QStringLiteral("t"), 0, 0, QString()});
            }
            const QString id = joinStable(groups, assignmentOf(0, QStringLiteral("t"), {0}, {}));

            Answer<void> a;
            admin.deleteGroup(QStringLiteral("g"), a.callback());
            QCOMPARE(a.result.error.kind, ErrorKind::NotAllowed);
            QVERIFY(a.result.error.text.contains(QLatin1String("has 1 member")));
            groups.leave({QStringLiteral("g"), {{id, QString()}}}, nullptr, Now);

            a = {};
            admin.deleteGroup(QStringLiteral("g"), a.callback());
            QVERIFY(!a.answered);   // not durable yet
            QVERIFY(st->flush());
            QVERIFY(a.answered);
            QVERIFY(a.result.ok());
            QVERIFY(!groups.contains(QStringLiteral("g")));
            QCOMPARE(admin.group(QStringLiteral("g")).error.kind, ErrorKind::NotFound);
            a = {};
            admin.deleteGroup(QStringLiteral("g"), a.callback());
            QCOMPARE(a.result.error.kind, ErrorKind::NotFound);
            st->close();
        }
        // After a restart only the other group's offset is there.
        auto st = store::Store::open(dir.path(), store::Durability::Normal, &error);
        QVERIFY2(st, qPrintable(error));
        LogEngine logs(st.get());
        logs.recover(Now);
        QCOMPARE(logs.committedOffsets().size(), 1);
        QCOMPARE(logs.committedOffsets()[0].group, QStringLiteral("keep"));
        st->close();
    }
};

QTEST_GUILESS_MAIN(TstKafkaAdmin)
#include "tst_kafkaadmin.moc"
