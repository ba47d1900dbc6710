#include "broker/log/LogEngine.h"

#include "broker/kafka/codec/KafkaMessages.h"

#include <QRegularExpression>

#include <algorithm>

namespace depot::log {

LogEngine::LogEngine(QObject *parent) : QObject(parent) {}

LogEngine::~LogEngine() = default;

std::optional<QString> LogEngine::topicNameError(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("Topic name is illegal, it can't be empty");
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return QStringLiteral("Topic name cannot be \".\" or \"..\"");
    if (name.size() > 249)
        return QStringLiteral("Topic name is illegal, it can't be longer than 249 characters, topic name: %1").arg(name);
    static const QRegularExpression legal(QStringLiteral("^[a-zA-Z0-9._-]+$"));
    if (!legal.match(name).hasMatch())
        return QStringLiteral("Topic name \"%1\" is illegal, it contains a character other than ASCII alphanumerics, "
                              "'.', '_' and '-'")
            .arg(name);
    return std::nullopt;
}

ErrorCode LogEngine::createTopic(const QString &name, const TopicSettings &settings, QString *message)
{
    QString scratch;
    QString &why = message ? *message : scratch;
    if (const auto error = topicNameError(name)) {
        why = *error;
        return ErrorCode::InvalidTopicException;
    }
    if (m_topics.contains(name)) {
        why = QStringLiteral("Topic '%1' already exists.").arg(name);
        return ErrorCode::TopicAlreadyExists;
    }
    if (settings.partitions < 1) {
        why = QStringLiteral("Number of partitions must be larger than 0.");
        return ErrorCode::InvalidPartitions;
    }
    auto topic = std::make_shared<Topic>();
    topic->settings = settings;
    topic->partitions.resize(size_t(settings.partitions));
    m_topics.insert(name, topic);
    emit topicsChanged();
    return ErrorCode::None;
}

ErrorCode LogEngine::deleteTopic(const QString &name)
{
    if (!m_topics.remove(name))
        return ErrorCode::UnknownTopicOrPartition;
    emit topicsChanged();
    return ErrorCode::None;
}

bool LogEngine::hasTopic(const QString &name) const
{
    return m_topics.contains(name);
}

QStringList LogEngine::topicNames() const
{
    QStringList names = m_topics.keys();
    names.sort();
    return names;
}

std::optional<TopicInfo> LogEngine::topic(const QString &name) const
{
    const auto it = m_topics.constFind(name);
    if (it == m_topics.constEnd())
        return std::nullopt;
    TopicInfo info;
    info.name = name;
    info.settings = (*it)->settings;
    for (const Partition &p : (*it)->partitions)
        info.partitions.append({p.logStartOffset, p.nextOffset, p.sizeBytes, qint64(p.batches.size())});
    return info;
}

const LogEngine::Partition *LogEngine::findPartition(const QString &topic, qint32 partition, ErrorCode *error) const
{
    const auto it = m_topics.constFind(topic);
    if (it == m_topics.constEnd() || partition < 0 || size_t(partition) >= (*it)->partitions.size()) {
        *error = ErrorCode::UnknownTopicOrPartition;
        return nullptr;
    }
    return &(*it)->partitions[size_t(partition)];
}

AppendResult LogEngine::append(const QString &topicName, qint32 partition, const QList<kafka::BatchView> &batches,
                               qint64 now)
{
    AppendResult result;
    const auto it = m_topics.find(topicName);
    if (it == m_topics.end() || partition < 0 || size_t(partition) >= (*it)->partitions.size()) {
        result.error = ErrorCode::UnknownTopicOrPartition;
        return result;
    }
    Topic &topic = **it;
    Partition &p = topic.partitions[size_t(partition)];
    for (const kafka::BatchView &batch : batches) {
        if (batch.bytes.size() > topic.settings.maxMessageBytes) {
            result.error = ErrorCode::MessageTooLarge;
            result.message = QStringLiteral("The batch is %1 bytes, larger than the topic's max.message.bytes %2")
                                 .arg(batch.bytes.size())
                                 .arg(topic.settings.maxMessageBytes);
            return result;   // nothing of this request is appended
        }
    }
    result.baseOffset = p.nextOffset;
    for (const kafka::BatchView &view : batches) {
        Batch batch;
        batch.bytes = view.bytes.toByteArray();
        batch.baseOffset = p.nextOffset;
        batch.lastOffset = p.nextOffset + view.header.lastOffsetDelta;
        kafka::setBaseOffset(batch.bytes, batch.baseOffset);
        if (topic.settings.logAppendTime) {
            kafka::stampLogAppendTime(batch.bytes, now);
            batch.maxTimestamp = now;
            result.logAppendTime = now;
        } else {
            batch.maxTimestamp = view.header.maxTimestamp;
        }
        p.nextOffset = batch.lastOffset + 1;
        p.sizeBytes += batch.bytes.size();
        p.batches.push_back(std::move(batch));
    }
    enforceRetention(topic, p, now);
    result.logStartOffset = p.logStartOffset;
    emit appended(topicName, partition);
    return result;
}

void LogEngine::enforceRetention(Topic &topic, Partition &p, qint64 now)
{
    // Whole batches from the oldest, never the last one (the log keeps its
    // high watermark readable), as Kafka deletes whole segments.
    while (p.batches.size() > 1) {
        const Batch &oldest = p.batches.front();
        const bool tooOld = topic.settings.retentionMs >= 0 && oldest.maxTimestamp < now - topic.settings.retentionMs;
        const bool tooBig = topic.settings.retentionBytes >= 0 && p.sizeBytes > topic.settings.retentionBytes;
        if (!tooOld && !tooBig)
            break;
        p.sizeBytes -= oldest.bytes.size();
        p.logStartOffset = oldest.lastOffset + 1;
        p.batches.pop_front();
    }
}

ReadResult LogEngine::read(const QString &topic, qint32 partition, qint64 offset, qint32 maxBytes) const
{
    ReadResult result;
    const Partition *p = findPartition(topic, partition, &result.error);
    if (!p)
        return result;
    result.highWatermark = p->nextOffset;
    result.logStartOffset = p->logStartOffset;
    if (offset < p->logStartOffset || offset > p->nextOffset) {
        result.error = ErrorCode::OffsetOutOfRange;
        return result;
    }
    auto batch = std::lower_bound(p->batches.begin(), p->batches.end(), offset,
                                  [](const Batch &b, qint64 o) { return b.lastOffset < o; });
    for (; batch != p->batches.end(); ++batch) {
        if (!result.batches.isEmpty() && result.batches.size() + batch->bytes.size() > maxBytes)
            break;
        result.batches.append(batch->bytes);
    }
    return result;
}

OffsetResult LogEngine::offsetForTimestamp(const QString &topic, qint32 partition, qint64 timestamp) const
{
    OffsetResult result;
    const Partition *p = findPartition(topic, partition, &result.error);
    if (!p)
        return result;
    if (timestamp == kafka::LatestTimestamp) {
        result.offset = p->nextOffset;
        return result;
    }
    if (timestamp == kafka::EarliestTimestamp) {
        result.offset = p->logStartOffset;
        return result;
    }
    // Batches are in offset order, not time order: the first batch whose
    // newest record is recent enough may hold it; look inside for the
    // first record at or after the time.
    for (const Batch &batch : p->batches) {
        if (batch.maxTimestamp < timestamp)
            continue;
        QList<kafka::BatchView> views;
        QList<kafka::Record> records;
        if (kafka::splitBatches(batch.bytes, &views) || views.isEmpty() || kafka::decodeRecords(views[0], &records)) {
            // A batch that cannot be looked into (a codec not built in):
            // its first offset is the best answer.
            result.offset = batch.baseOffset;
            result.timestamp = batch.maxTimestamp;
            return result;
        }
        for (const kafka::Record &record : records) {
            if (record.timestamp >= timestamp && record.offset >= p->logStartOffset) {
                result.offset = record.offset;
                result.timestamp = record.timestamp;
                return result;
            }
        }
    }
    return result;   // none: offset -1, timestamp -1, as Kafka answers
}

} // namespace depot::log
