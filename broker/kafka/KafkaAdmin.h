#pragma once

// KafkaAdmin: what the window and the HTTP API do with Kafka topics and
// consumer groups, on the broker thread, over the log engine and the group
// coordinator. The Kafka listener answers Kafka clients; this answers people:
// a topic's partitions with their offsets and sizes, records decoded (key,
// headers, value; compressed batches decompressed only here), a search, a
// record produced by hand, consumer groups with their lag, offsets reset,
// groups deleted, records re-produced (the Kafka way of replaying).
//
// Broker thread only, like the engines it reads. Plain values out, so the
// caller copies them to the GUI thread or into JSON. Errors are the engine's
// Error (NotFound for an unknown topic, partition or group; NotAllowed for a
// group that has members where Kafka requires it empty; InvalidArgument for
// bad input) with a text that names what was wrong.

#include "broker/engine/Engine.h"   // Result, Error
#include "broker/log/LogEngine.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace depot::core {
class PublishGate;
}

namespace depot::kafka {

class GroupCoordinator;
class TopicQueries;

struct PartitionView
{
    qint32 partition = 0;
    qint64 logStartOffset = 0;
    qint64 highWatermark = 0;   // the end of what consumers may read
    qint64 sizeBytes = 0;
    qint64 batches = 0;
    qint64 records() const { return highWatermark - logStartOffset; }   // before compaction
};

struct TopicView
{
    QString name;
    log::TopicSettings settings;
    QList<PartitionView> partitions;
};

// One record, decoded.
struct RecordView
{
    QString topic;
    qint32 partition = 0;
    qint64 offset = 0;
    qint64 timestamp = 0;        // ms since the epoch
    bool logAppendTime = false;  // the timestamp is the broker's (LogAppendTime)
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;   // nullopt: a tombstone
    QList<RecordHeader> headers;
    Compression compression = Compression::None;   // of the batch it came in
    qint64 producerId = -1;
    qint64 batchEnd = -1;   // the last offset of the batch it came in
};

// One event of a Kafka record's life (KafkaAdmin::recordStory).
struct RecordStoryEvent
{
    enum class Kind { Produced, Consumed, Removed };
    Kind kind = Kind::Produced;
    qint64 at = -1;     // ms since the epoch; -1: not known (stored by an older Depot, or a removal past the last 64)
    QString actor;      // who: a client ("client-id at host"), Depot, or "" when not known
    QString text;       // what happened, in a sentence
};

// A Kafka record's life story. Kafka keeps no per-record events and neither
// does Depot: the story is read off what the log keeps anyway: the record
// and its batch (produced: when, by which producer id, the Produce's
// client), the groups' committed offsets (consumed: a group whose committed
// offset is past the record has consumed it; when and by which client) and
// the partition's log start and compactions (removed: by retention or
// compaction, and when). All of it is stored: the story is the same after
// a restart.
struct RecordStory
{
    QString topic;
    qint32 partition = 0;
    qint64 offset = 0;
    std::optional<RecordView> record;   // nullopt once removed
    QList<RecordStoryEvent> events;     // produced first, then by time
    QStringList waitingGroups;          // groups with offsets on the partition that have not consumed it yet
};

// Where to start reading a partition.
struct RecordsFrom
{
    enum class Kind { Offset, Timestamp, Earliest, Latest } kind = Kind::Earliest;
    qint64 value = 0;   // the offset, or the timestamp (ms since the epoch)
};

struct RecordPage
{
    QList<RecordView> records;
    qint64 nextOffset = 0;       // where the next page starts
    qint64 logStartOffset = 0;
    qint64 highWatermark = 0;
};

// A search through a partition (or every partition of a topic).
struct RecordSearch
{
    QString text;                // found in the key, the value or a header's key or value (case-insensitive)
    qint32 partition = -1;       // -1: every partition
    qint64 fromOffset = 0;       // per partition; below the log start means the log start
    qint32 maxRecordsScanned = 100000;
    qint32 maxMatches = 500;
};

struct SearchPage
{
    QList<RecordView> matches;
    qint64 scanned = 0;
    bool complete = false;       // every record up to the high watermarks was looked at
};

// A record to produce by hand.
struct ProduceRecord
{
    QString topic;
    qint32 partition = -1;       // -1: by the key's murmur2 hash as Kafka's default partitioner, round robin without a key
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;
    QList<RecordHeader> headers;
    qint64 timestamp = -1;       // ms since the epoch (CreateTime); -1: now
};

struct ProducedRecord
{
    qint32 partition = 0;
    qint64 offset = 0;
};

struct GroupMemberView
{
    QString memberId;
    QString groupInstanceId;
    QString clientId;
    QString clientHost;
    QList<QPair<QString, QList<qint32>>> assignment;   // topic, partitions (decoded from the consumer protocol)
    qint16 assignmentVersion = -1;     // the consumer protocol's version; -1: no assignment (yet)
    std::optional<QByteArray> userData;   // the assignor's user data, as the leader sent it
};

struct GroupOffsetView
{
    QString topic;
    qint32 partition = 0;
    qint64 committed = -1;       // -1: nothing committed
    QString metadata;
    qint64 logStartOffset = 0;
    qint64 highWatermark = 0;
    qint64 lag = -1;             // highWatermark - committed; -1 when nothing is committed
};

struct GroupView
{
    QString name;
    QString state;               // Kafka's names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead
    QString protocolType;
    QString protocol;
    qint32 generation = 0;
    QList<GroupMemberView> members;
    QList<GroupOffsetView> offsets;   // by topic, partition
    qint64 totalLag = 0;              // sum of the known lags
};

// Where a reset puts a group's committed offsets.
struct OffsetReset
{
    QString group;
    QString topic;
    qint32 partition = -1;       // -1: every partition of the topic
    enum class To { Earliest, Latest, Timestamp, Offset } to = To::Earliest;
    qint64 value = 0;            // the timestamp or the offset (clamped to the log's range, as kafka-consumer-groups does)
};

// Records re-produced: copies of the source records appended to a topic.
struct Reproduce
{
    QString sourceTopic;
    QList<QPair<qint32, qint64>> records;   // partition, offset
    QString targetTopic;                    // may be the source topic
    qint32 targetPartition = -1;            // -1: the record's own partition (or by key when the target has fewer)
};

// Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2), and the
// partition its default partitioner picks for a key:
// toPositive(murmur2(key)) % partitions.
qint32 murmur2(QByteArrayView bytes);
qint32 partitionForKey(QByteArrayView key, qint32 partitions);

// The consumer protocol's assignment (ConsumerProtocolAssignment, versions
// 0 to 3: version, topics with partitions, user data), or nullopt when the
// bytes do not decode as one.
struct ConsumerAssignment
{
    qint16 version = 0;
    QList<QPair<QString, QList<qint32>>> partitions;
    std::optional<QByteArray> userData;
};
std::optional<ConsumerAssignment> decodeConsumerAssignment(QByteArrayView bytes);

// Calls `visit` with each record of one partition from offset `from` (at or
// above the log start) up to the high watermark, in offset order, until it
// returns false. Stored batches were checked whole on Produce: their headers
// are read without checking them again, and compressed ones are inflated
// here. Control batches (transaction markers) are not records. Each read of
// the log engine asks for `readBytes` (0: 1 MiB); a read that finds nothing
// (past the high watermark, below the log start) ends the walk. An error
// names the partition and the batch that could not be read.
Error forEachRecord(const log::LogEngine &logs, const QString &topic, qint32 partition, qint64 from,
                    const std::function<bool(RecordView &&)> &visit, qint32 readBytes = 0);

class KafkaAdmin final
{
public:
    // `groups` may be null (the Kafka listener is off): group calls then see no groups.
    KafkaAdmin(log::LogEngine &logs, GroupCoordinator *groups, core::PublishGate *gate);
    ~KafkaAdmin();

    // Queries over topics run in slices for the window (TopicQueries.h);
    // made on first use, on the broker thread.
    TopicQueries &queries();
    // The log engine it reads (a query's scan walks it).
    log::LogEngine &logs() const { return m_logs; }

    QList<TopicView> topics() const;   // sorted by name
    Result<TopicView> topic(const QString &name) const;
    Result<void> createTopic(const QString &name, const log::TopicSettings &settings);
    Result<void> deleteTopic(const QString &name);

    // At most `limit` records of one partition from `from`, in offset order.
    Result<RecordPage> records(const QString &topic, qint32 partition, RecordsFrom from, qint32 limit) const;
    Result<SearchPage> search(const QString &topic, const RecordSearch &search) const;

    // Produce and re-produce go through the publish gate (refused while it is
    // closed, with its reason) and answer once the store has committed the
    // records (at once in memory): `done` is called later, on the broker thread.
    // `by` names who produced them in the records' stories (recordStory).
    void produce(const QList<ProduceRecord> &records, qint64 now,
                 std::function<void(Result<QList<ProducedRecord>>)> done, const QString &by = QStringLiteral("Depot"));
    void reproduce(const Reproduce &request, qint64 now, std::function<void(Result<QList<ProducedRecord>>)> done,
                   const QString &by = QStringLiteral("Depot"));

    // The life story of the record at `offset` (recordStory's comment).
    Result<RecordStory> recordStory(const QString &topic, qint32 partition, qint64 offset) const;

    QList<GroupView> groups() const;   // every group the coordinator knows, with members or committed offsets
    Result<GroupView> group(const QString &name) const;
    // Only while the group has no members (NotAllowed otherwise, as Kafka's
    // kafka-consumer-groups --reset-offsets refuses); answers the new offsets
    // once they are committed to the store.
    void resetOffsets(const OffsetReset &reset, qint64 now, std::function<void(Result<QList<GroupOffsetView>>)> done);
    // Only while the group has no members; removes its committed offsets too.
    void deleteGroup(const QString &name, std::function<void(Result<void>)> done);

private:
    // The partition a record without one goes to: by key, or round robin.
    qint32 choosePartition(const QString &topic, const std::optional<QByteArray> &key, qint32 partitions);

    log::LogEngine &m_logs;
    GroupCoordinator *m_groups = nullptr;
    core::PublishGate *m_gate = nullptr;
    QHash<QString, quint32> m_roundRobin;   // per topic: the next partition for records without a key
    std::unique_ptr<TopicQueries> m_queries;
};

} // namespace depot::kafka
