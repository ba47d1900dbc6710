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
// This first version keeps logs in memory (what --in-memory keeps, and what
// every run keeps until the log store lands): docs/ARCHITECTURE.md §14.

#include "broker/kafka/codec/KafkaProtocol.h"
#include "broker/kafka/codec/RecordBatch.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <deque>
#include <memory>
#include <optional>

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
};

struct PartitionState
{
    qint64 logStartOffset = 0;
    qint64 highWatermark = 0;   // the next offset to be written
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
    explicit LogEngine(QObject *parent = nullptr);
    ~LogEngine() override;

    // Kafka's rules for names: 1 to 249 of [a-zA-Z0-9._-], not "." or "..".
    static std::optional<QString> topicNameError(const QString &name);

    ErrorCode createTopic(const QString &name, const TopicSettings &settings, QString *message = nullptr);
    ErrorCode deleteTopic(const QString &name);
    bool hasTopic(const QString &name) const;
    QStringList topicNames() const;   // sorted
    std::optional<TopicInfo> topic(const QString &name) const;

    // Appends the batches (already checked by kafka::splitBatches) to one
    // partition; each gets the next offsets. `now` is the broker's clock in
    // ms since the epoch (LogAppendTime and retention use it).
    AppendResult append(const QString &topic, qint32 partition, const QList<kafka::BatchView> &batches, qint64 now);

    // Whole batches from the one holding `offset`, up to `maxBytes` (the
    // first batch is returned even when larger, so a consumer always makes
    // progress, as Kafka does). An offset below the log start or above the
    // high watermark is OFFSET_OUT_OF_RANGE; at the high watermark, empty.
    ReadResult read(const QString &topic, qint32 partition, qint64 offset, qint32 maxBytes) const;

    // The first offset whose record's timestamp is at or after `timestamp`
    // (its record, not its batch), or kafka::LatestTimestamp /
    // EarliestTimestamp for the high watermark / log start offset.
    OffsetResult offsetForTimestamp(const QString &topic, qint32 partition, qint64 timestamp) const;

signals:
    // A partition got new records (long-polling fetches wake on it).
    void appended(const QString &topic, qint32 partition);
    void topicsChanged();

private:
    struct Batch
    {
        qint64 baseOffset = 0;
        qint64 lastOffset = 0;
        qint64 maxTimestamp = 0;
        QByteArray bytes;
    };
    struct Partition
    {
        std::deque<Batch> batches;
        qint64 logStartOffset = 0;
        qint64 nextOffset = 0;
        qint64 sizeBytes = 0;
    };
    struct Topic
    {
        TopicSettings settings;
        std::vector<Partition> partitions;
    };

    const Partition *findPartition(const QString &topic, qint32 partition, ErrorCode *error) const;
    void enforceRetention(Topic &topic, Partition &p, qint64 now);

    QHash<QString, std::shared_ptr<Topic>> m_topics;
};

} // namespace depot::log
