#pragma once

// LogEngine: the second engine beside the queue engine (DESIGN.md §1):
// topics as partitioned, append-only logs of record batches with offsets,
// read without being consumed. Kafka's topics live here, and RabbitMQ
// streams will (a stream is a log with one partition). It runs on the broker
// thread, like the queue engine; listeners call it directly.
//
// Batches are the unit: a producer's batch (magic 2, validated by the codec)
// is appended whole, its base offset rewritten to the log's next offset, and
// served back verbatim, so compressed batches are never decompressed here.
// Reads answer with whole batches starting at the one holding the asked
// offset, as Kafka does; the consumer skips the records before its offset.
//
// With a store (docs/ARCHITECTURE.md §14, "Log store") every topic, batch,
// retention step and committed group offset is written through the store's
// group commit, and the log is loaded again at start: the index of its
// batches, not their bytes. Recent batches stay in memory (up to a cache
// limit); older ones are read back from the store when a consumer asks. A
// partition's high watermark is the end of what the store has committed:
// consumers see a batch only once it is durable, so an offset a consumer
// saw is never handed out again after a crash. Without a store (--in-memory)
// everything stays in memory and is visible at once.

#include "broker/kafka/codec/KafkaProtocol.h"
#include "broker/kafka/codec/RecordBatch.h"
#include "broker/log/ProducerSequences.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <tuple>

class QTimer;

namespace depot::store {
class Store;
}

namespace depot::log {

using kafka::ErrorCode;

struct TopicSettings
{
    qint32 partitions = 1;
    // Kafka's defaults: 7 days; no size limit; 1 MiB + record overhead.
    qint64 retentionMs = 7LL * 24 * 3600 * 1000;
    qint64 retentionBytes = -1;
    qint32 maxMessageBytes = 1048588;
    bool logAppendTime = false;   // message.timestamp.type=LogAppendTime
    // cleanup.policy: "delete" (the default), "compact" or "compact,delete".
    // Retention deletes old batches only with delete; compaction keeps the
    // last record per key (LogCompaction.cpp).
    bool deletePolicy = true;
    bool compact = false;
    // delete.retention.ms: how long compaction keeps a tombstone (1 day).
    qint64 deleteRetentionMs = 24LL * 3600 * 1000;
    // min.compaction.lag.ms: a batch younger than this (by its newest
    // timestamp) is not compacted, nor any after it (0: none held back).
    qint64 minCompactionLagMs = 0;
    // min.cleanable.dirty.ratio: compaction runs only when the bytes not
    // compacted yet exceed this share of the compactable log (0.5).
    double minCleanableDirtyRatio = 0.5;
    // Retention's unit (RabbitMQ streams' x-stream-max-segment-size-bytes):
    // the log is cut into segments of whole batches up to this many bytes
    // each, from its start, and retention removes whole segments, never
    // the last one. 0 (Kafka topics): each batch is its own unit.
    qint64 segmentBytes = 0;
    // The log of a RabbitMQ stream queue (StreamLogs), not a Kafka topic
    // someone created.
    bool stream = false;
    // The configs set on the topic (the others have their defaults), by
    // Kafka's names: what DescribeConfigs answers as DYNAMIC_TOPIC_CONFIG.
    QStringList configsSet;

    QString cleanupPolicy() const
    {
        if (!compact)
            return QStringLiteral("delete");
        return deletePolicy ? QStringLiteral("compact,delete") : QStringLiteral("compact");
    }
};

struct PartitionState
{
    qint64 logStartOffset = 0;
    qint64 highWatermark = 0;   // the end of what consumers may read (committed, with a store)
    qint64 sizeBytes = 0;
    qint64 batches = 0;
};

struct TopicInfo
{
    QString name;
    TopicSettings settings;
    QList<PartitionState> partitions;
};

struct AppendResult
{
    ErrorCode error = ErrorCode::None;
    QString message;
    qint64 baseOffset = -1;
    qint64 logAppendTime = -1;   // -1 unless the topic stamps LogAppendTime
    qint64 logStartOffset = -1;
};

struct ReadResult
{
    ErrorCode error = ErrorCode::None;
    qint64 highWatermark = -1;
    qint64 logStartOffset = -1;
    QByteArray batches;   // whole batches; empty when there is nothing to read
};

// A consumer group's committed offset of one partition.
struct GroupOffset
{
    QString group;
    QString topic;
    qint32 partition = 0;
    qint64 offset = -1;
    QString metadata;
    // When and by whom (a record's story), stored with the offset; -1 and
    // empty for a commit stored before schema version 12.
    qint64 committedAt = -1;
    QString committer;
};

// What the log knows of one offset's record beyond its bytes: the batch it
// is in, who appended it and when, or why it is gone.
// KafkaAdmin::recordStory builds the record's story from it.
struct RecordOrigin
{
    enum class State { Present, Removed } state = State::Present;
    qint64 baseOffset = -1;    // its batch (Present)
    qint64 lastOffset = -1;
    qint64 appendedAt = -1;    // ms since the epoch; -1: not known (stored before schema version 12)
    QString producer;          // the Produce's client ("client-id at host"), or Depot's own; "": not known
    // Removed: why ("retention.ms", "retention.bytes", "compaction"), and
    // when; both unknown (empty, -1) past the partition's last 64 removals
    // or before schema version 12.
    QString removedBy;
    qint64 removedAt = -1;
    qint64 logStartOffset = 0;
    qint64 highWatermark = 0;
};

struct OffsetResult
{
    ErrorCode error = ErrorCode::None;
    qint64 offset = -1;
    qint64 timestamp = -1;
};

class LogEngine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogEngine)

public:
    // `store`: null keeps everything in memory (--in-memory).
    explicit LogEngine(store::Store *store = nullptr, QObject *parent = nullptr);
    ~LogEngine() override;

    // Loads the store's topics, batches (their index) and committed offsets;
    // once, before anything else, and only with a store. Retention runs on
    // the loaded logs at `now`.
    void recover(qint64 now);

    // Bytes of committed batches kept in memory beside the store (the newest
    // first); older ones are read back from the store. 64 MiB by default.
    void setCacheLimit(qint64 bytes);
    qint64 cachedBytes() const { return m_cachedBytes; }
    // Bytes of batches that only memory holds and no consumer drains: every
    // batch without a store (--in-memory), until retention or a deletion
    // removes it; 0 with a store, whose cache above is bounded and dropped
    // as needed. The publish gate counts them toward the memory
    // high-watermark. O(partitions).
    qint64 heldBytes() const;

    // The store sequence that the changes made so far commit with, and the
    // one committed; both 0 without a store. An answer that promises
    // durability (an acknowledged Produce, OffsetCommit) waits until
    // committedSequence() reaches the pendingSequence() taken after the change.
    quint64 pendingSequence() const;
    quint64 committedSequence() const;
    // Runs `done` once the changes made so far are durable: at once without
    // a store or when nothing is pending, otherwise at the commit (on the
    // broker thread). Held, never failed: while the disk cannot be written
    // it waits. What waits is dropped, not run, when the engine is destroyed.
    void whenDurable(std::function<void()> done);

    // Kafka's rules for names: 1 to 249 of [a-zA-Z0-9._-], not "." or "..".
    static std::optional<QString> topicNameError(const QString &name);

    ErrorCode createTopic(const QString &name, const TopicSettings &settings, QString *message = nullptr);
    ErrorCode deleteTopic(const QString &name);
    // New configs for a topic (AlterConfigs): `settings` replaces its
    // settings but for the partitions and Depot's own (segment size, stream);
    // durable with the next commit; retention and compaction follow them at
    // the next check. UNKNOWN_TOPIC_OR_PARTITION when there is no such topic.
    ErrorCode alterTopic(const QString &name, const TopicSettings &settings);
    bool hasTopic(const QString &name) const;
    QStringList topicNames() const;   // sorted
    std::optional<TopicInfo> topic(const QString &name) const;

    // Appends the batches (already checked by kafka::splitBatches) to one
    // partition; each gets the next offsets. Batches of an idempotent
    // producer must continue its sequence (ProducerSequences): a retry of a
    // recent one is not stored again and answers with the offset it got. `now` is the broker's clock in
    // ms since the epoch (LogAppendTime and retention use it).
    // `producer` names who appended them, for their records' stories
    // (recordOrigin): a Kafka client's id and address, or Depot's own.
    AppendResult append(const QString &topic, qint32 partition, const QList<kafka::BatchView> &batches, qint64 now,
                        const QString &producer = {});

    // The batch holding `offset` with who appended it, or why the record is
    // gone: below the log start (retention) or compacted away.
    // UNKNOWN_TOPIC_OR_PARTITION for no such partition; OFFSET_OUT_OF_RANGE
    // at or past the log's end.
    ErrorCode recordOrigin(const QString &topic, qint32 partition, qint64 offset, RecordOrigin *origin) const;

    // Whole batches from the one holding `offset`, up to `maxBytes` (the
    // first batch is returned even when larger, so a consumer always makes
    // progress, as Kafka does), never past the high watermark. An offset
    // below the log start or above the last one written is
    // OFFSET_OUT_OF_RANGE; at or past the high watermark, empty. Batches only
    // the store has are read from it (KAFKA_STORAGE_ERROR when it cannot be).
    ReadResult read(const QString &topic, qint32 partition, qint64 offset, qint32 maxBytes) const;

    // The first offset whose record's timestamp is at or after `timestamp`
    // (its record, not its batch), or kafka::LatestTimestamp /
    // EarliestTimestamp for the high watermark / log start offset.
    OffsetResult offsetForTimestamp(const QString &topic, qint32 partition, qint64 timestamp) const;

    // A new producer id for InitProducerId (epoch 0). Never one handed out
    // before, across restarts too: ids continue above the clock's
    // milliseconds times 1000 and above every id in the stored batches.
    qint64 allocateProducerId();

    // Retention and compaction over every partition now: what the periodic
    // check (log.retention.check.interval.ms) runs, so an idle topic loses
    // its expired batches without an append.
    void checkLogs(qint64 now);
    // Runs checkLogs every `intervalMs` on this thread (0, the default: never).
    void setCheckInterval(qint64 intervalMs);

    // Committed offsets of consumer groups: kept here, and in the store.
    void commitOffset(const GroupOffset &offset);
    QList<GroupOffset> committedOffsets() const;   // by group, topic, partition
    // A deleted group: its committed offsets go, here and in the store.
    void removeGroupOffsets(const QString &group);

signals:
    // A partition got new records consumers can read (long-polling fetches
    // wake on it): at the append without a store, at its commit with one.
    void appended(const QString &topic, qint32 partition);
    void topicsChanged();
    // The store committed everything up to `sequence`.
    void committed(quint64 sequence);

private:
    struct Batch
    {
        qint64 baseOffset = 0;
        qint64 lastOffset = 0;
        qint64 maxTimestamp = 0;
        qint32 size = 0;
        QByteArray bytes;   // null once only the store has them
        // The store sequence a compaction rewrote it in: its bytes stay in
        // memory until that commits (the store has the old ones until then).
        quint64 rewrittenIn = 0;
        // For its records' stories (0: not known, stored before schema version 12).
        qint64 appendedAt = 0;
        quint32 producer = 0;   // m_producers[producer - 1]
    };
    // Records that left the log (retention or compaction), for their stories.
    struct Removal
    {
        qint64 from = 0;   // the log start before
        qint64 to = 0;     // and after (compaction: the range it rewrote)
        qint64 at = 0;
        QString why;
    };
    struct Partition
    {
        std::deque<Batch> batches;
        qint64 logStartOffset = 0;
        qint64 nextOffset = 0;
        qint64 highWatermark = 0;
        qint64 sizeBytes = 0;
        ProducerSequences producers;
        // Compaction (LogCompaction.cpp): the high watermark it last ran at;
        // when the first tombstone it kept expires; when the first batch it
        // held back reaches min.compaction.lag.ms; the offset up to which
        // the log is compacted (its "clean" part).
        qint64 compactedAt = 0;
        qint64 tombstoneExpiry = std::numeric_limits<qint64>::max();
        qint64 lagDue = std::numeric_limits<qint64>::max();
        qint64 cleanedTo = 0;
        std::deque<Removal> removals;   // the newest last, at most MaxRemovals
    };
    static constexpr size_t MaxRemovals = 64;
    quint32 internProducer(const QString &producer);
    QString producerName(quint32 number) const;   // "" for 0
    struct Topic
    {
        QString name;
        qint64 storeId = 0;
        TopicSettings settings;
        std::vector<Partition> partitions;
    };
    // Notes a removal of partition `partition` of `topic` (kept in the store too).
    void noteRemoval(const Topic &topic, qint32 partition, Partition &p, qint64 from, qint64 to, qint64 at,
                     const QString &why);
    // A batch whose bytes are in memory, oldest first, or the end of an
    // append waiting for its commit.
    struct Pending
    {
        std::weak_ptr<Topic> topic;
        qint32 partition = 0;
        qint64 offset = 0;   // the batch's base offset / the partition's next offset
        quint64 sequence = 0;
    };

    const Partition *findPartition(const QString &topic, qint32 partition, ErrorCode *error,
                                   const Topic **owner = nullptr) const;
    bool enforceRetention(Topic &topic, qint32 partition, Partition &p, qint64 now);
    // Compaction (LogCompaction.cpp): keeps the last record per key of the
    // committed batches but the newest; true when it changed the log.
    bool compact(Topic &topic, qint32 partition, qint64 now);
    // Why a batch cannot go to a compacted topic (a record without a key).
    static std::optional<QString> refusedByCompaction(const kafka::BatchView &batch);
    // The batches' bytes, read from the store where only it has them; false
    // when the store cannot be read.
    bool fillBytes(const Topic &topic, qint32 partition, std::vector<const Batch *> &batches,
                   QList<QByteArray> *out) const;
    void dropBytes(const Batch &batch);
    void onCommitted(quint64 sequence);
    void trimCache();
    static QByteArray encodeSettings(const TopicSettings &settings);
    static TopicSettings decodeSettings(const QByteArray &bytes, qint32 partitions);

    store::Store *m_store = nullptr;
    QHash<QString, std::shared_ptr<Topic>> m_topics;
    QMap<std::tuple<QString, QString, qint32>, GroupOffset> m_offsets;
    QStringList m_producers;   // Batch::producer - 1
    QHash<QString, quint32> m_producerNumbers;
    std::deque<Pending> m_cached;        // batches with bytes in memory (a store only)
    std::deque<Pending> m_uncommitted;   // appends not yet committed (a store only)
    std::multimap<quint64, std::function<void()>> m_durableWaits;   // by store sequence
    qint64 m_cachedBytes = 0;
    qint64 m_nextProducerId = 0;
    qint64 m_cacheLimit = 64 * 1024 * 1024;
    QTimer *m_checkTimer = nullptr;
};

} // namespace depot::log
