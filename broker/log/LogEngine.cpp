#include "broker/log/LogEngine.h"

#include "broker/kafka/codec/KafkaMessages.h"
#include "broker/store/Store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

Q_LOGGING_CATEGORY(lcLog, "depot.log")

namespace depot::log {

namespace {

// Topic settings as the store keeps them: Kafka's config names, so the
// file reads as what was asked for.
const QString RetentionMs = QStringLiteral("retention.ms");
const QString RetentionBytes = QStringLiteral("retention.bytes");
const QString MaxMessageBytes = QStringLiteral("max.message.bytes");
const QString TimestampType = QStringLiteral("message.timestamp.type");
const QString CleanupPolicy = QStringLiteral("cleanup.policy");
const QString DeleteRetentionMs = QStringLiteral("delete.retention.ms");
const QString MinCompactionLagMs = QStringLiteral("min.compaction.lag.ms");
const QString MinCleanableDirtyRatio = QStringLiteral("min.cleanable.dirty.ratio");
// Depot's own: retention's segment size and the stream marker (absent: 0, false).
const QString SegmentBytes = QStringLiteral("depot.segment.bytes");
const QString StreamTopic = QStringLiteral("depot.stream");
// The names set on the topic; absent in what an older Depot wrote.
const QString ConfigsSet = QStringLiteral("configs.set");

} // namespace

LogEngine::LogEngine(store::Store *store, QObject *parent)
    : QObject(parent), m_store(store), m_nextProducerId(QDateTime::currentMSecsSinceEpoch() * 1000)
{
    if (m_store)
        connect(m_store, &store::Store::committed, this, &LogEngine::onCommitted);
}

LogEngine::~LogEngine() = default;

QByteArray LogEngine::encodeSettings(const TopicSettings &settings)
{
    QJsonObject o;
    o.insert(RetentionMs, settings.retentionMs);
    o.insert(RetentionBytes, settings.retentionBytes);
    o.insert(MaxMessageBytes, settings.maxMessageBytes);
    o.insert(TimestampType,
             settings.logAppendTime ? QStringLiteral("LogAppendTime") : QStringLiteral("CreateTime"));
    o.insert(CleanupPolicy, settings.cleanupPolicy());
    o.insert(DeleteRetentionMs, settings.deleteRetentionMs);
    o.insert(MinCompactionLagMs, settings.minCompactionLagMs);
    o.insert(MinCleanableDirtyRatio, settings.minCleanableDirtyRatio);
    o.insert(ConfigsSet, QJsonArray::fromStringList(settings.configsSet));
    if (settings.segmentBytes > 0)
        o.insert(SegmentBytes, settings.segmentBytes);
    if (settings.stream)
        o.insert(StreamTopic, true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

TopicSettings LogEngine::decodeSettings(const QByteArray &bytes, qint32 partitions)
{
    TopicSettings settings;
    settings.partitions = partitions;
    const QJsonObject o = QJsonDocument::fromJson(bytes).object();
    settings.retentionMs = qint64(o.value(RetentionMs).toDouble(double(settings.retentionMs)));
    settings.retentionBytes = qint64(o.value(RetentionBytes).toDouble(double(settings.retentionBytes)));
    settings.maxMessageBytes = o.value(MaxMessageBytes).toInt(settings.maxMessageBytes);
    settings.logAppendTime = o.value(TimestampType).toString() == QLatin1String("LogAppendTime");
    const QString policy = o.value(CleanupPolicy).toString(QStringLiteral("delete"));
    settings.compact = policy.contains(QLatin1String("compact"));
    settings.deletePolicy = policy.contains(QLatin1String("delete"));
    settings.deleteRetentionMs
        = qint64(o.value(DeleteRetentionMs).toDouble(double(settings.deleteRetentionMs)));
    settings.minCompactionLagMs
        = qint64(o.value(MinCompactionLagMs).toDouble(double(settings.minCompactionLagMs)));
    settings.minCleanableDirtyRatio = o.value(MinCleanableDirtyRatio).toDouble(settings.minCleanableDirtyRatio);
    settings.segmentBytes = qint64(o.value(SegmentBytes).toDouble(0));
    settings.stream = o.value(StreamTopic).toBool(false);
    if (o.contains(ConfigsSet)) {
        for (const QJsonValue &name : o.value(ConfigsSet).toArray())
            settings.configsSet << name.toString();
    } else {
        // Written before Depot kept the names: those that differ from the default.
        const TopicSettings defaults;
        if (settings.retentionMs != defaults.retentionMs)
            settings.configsSet << RetentionMs;
        if (settings.retentionBytes != defaults.retentionBytes)
            settings.configsSet << RetentionBytes;
        if (settings.maxMessageBytes != defaults.maxMessageBytes)
            settings.configsSet << MaxMessageBytes;
        if (settings.logAppendTime)
            settings.configsSet << TimestampType;
    }
    return settings;
}

void LogEngine::recover(qint64 now)
{
    if (!m_store)
        return;
    store::RecoveredLogs logs = m_store->recoverLogs();
    for (store::RecoveredTopic &stored : logs.topics) {
        auto topic = std::make_shared<Topic>();
        topic->name = stored.name;
        topic->storeId = stored.storeId;
        topic->settings = decodeSettings(stored.settings, qint32(stored.partitions.size()));
        topic->partitions.resize(size_t(stored.partitions.size()));
        for (qsizetype i = 0; i < stored.partitions.size(); ++i) {
            const store::RecoveredPartition &from = stored.partitions[i];
            Partition &p = topic->partitions[size_t(i)];
            p.logStartOffset = from.logStartOffset;
            p.nextOffset = from.logStartOffset;
            for (const store::StoredBatch &b : from.batches) {
                if (b.lastOffset < p.logStartOffset)
                    continue;   // retention's deletion was cut short; the log start says
                Batch batch{b.baseOffset, b.lastOffset, b.maxTimestamp, b.size, QByteArray()};
                batch.appendedAt = b.appendedAt;
                batch.producer = internProducer(b.producer);
                p.batches.push_back(std::move(batch));
                if (b.producerId >= 0) {
                    p.producers.record(b.producerId, b.producerEpoch, b.baseSequence,
                                       ProducerSequences::lastSequence(b.baseSequence, qint32(b.lastOffset - b.baseOffset)),
                                       b.baseOffset);
                    m_nextProducerId = qMax(m_nextProducerId, b.producerId + 1);
                }
                p.sizeBytes += b.size;
                p.nextOffset = b.lastOffset + 1;
            }
            p.highWatermark = p.nextOffset;
            for (const store::StoredRemoval &r : from.removals)
                p.removals.push_back(Removal{r.from, r.to, r.at, r.why});
            while (p.removals.size() > MaxRemovals)
                p.removals.pop_front();
            if (enforceRetention(*topic, qint32(i), p, now))
                m_store->truncateLog(topic->storeId, qint32(i), p.logStartOffset);
        }
        m_topics.insert(topic->name, topic);
    }
    for (const store::StoredGroupOffset &o : std::as_const(logs.offsets))
        m_offsets.insert({o.group, o.topic, o.partition},
            GroupOffset{o.group, o.topic, o.partition, o.offset, o.metadata, o.committedAt, o.committer});
    if (!m_topics.isEmpty())
        emit topicsChanged();
}

qint64 LogEngine::allocateProducerId()
{
    return m_nextProducerId++;
}

void LogEngine::setCacheLimit(qint64 bytes)
{
    m_cacheLimit = qMax<qint64>(0, bytes);
    trimCache();
}

quint64 LogEngine::pendingSequence() const
{
    return m_store ? m_store->pendingSequence() : 0;
}

quint64 LogEngine::committedSequence() const
{
    return m_store ? m_store->committedSequence() : 0;
}

void LogEngine::whenDurable(std::function<void()> done)
{
    const quint64 sequence = pendingSequence();
    if (sequence == 0 || committedSequence() >= sequence) {
        done();
        return;
    }
    m_durableWaits.emplace(sequence, std::move(done));
}

void LogEngine::onCommitted(quint64 sequence)
{
    // The high watermarks move up to what is durable now, and the fetches
    // waiting on those partitions wake.
    QList<QPair<QString, qint32>> woken;
    while (!m_uncommitted.empty() && m_uncommitted.front().sequence <= sequence) {
        const Pending done = m_uncommitted.front();
        m_uncommitted.pop_front();
        const std::shared_ptr<Topic> topic = done.topic.lock();
        if (!topic)
            continue;   // deleted since
        Partition &p = topic->partitions[size_t(done.partition)];
        if (done.offset > p.highWatermark) {
            p.highWatermark = done.offset;
            const QPair<QString, qint32> key{topic->name, done.partition};
            if (!woken.contains(key))
                woken.append(key);
        }
    }
    trimCache();
    emit committed(sequence);
    while (!m_durableWaits.empty() && m_durableWaits.begin()->first <= sequence) {
        auto node = m_durableWaits.extract(m_durableWaits.begin());
        node.mapped()();
    }
    for (const auto &[topic, partition] : std::as_const(woken))
        emit appended(topic, partition);
}

void LogEngine::trimCache()
{
    const quint64 committed = committedSequence();
    while (m_cachedBytes > m_cacheLimit && !m_cached.empty() && m_cached.front().sequence <= committed) {
        const Pending oldest = m_cached.front();
        m_cached.pop_front();
        const std::shared_ptr<Topic> topic = oldest.topic.lock();
        if (!topic)
            continue;
        std::deque<Batch> &batches = topic->partitions[size_t(oldest.partition)].batches;
        const auto it = std::lower_bound(batches.begin(), batches.end(), oldest.offset,
                                         [](const Batch &b, qint64 o) { return b.baseOffset < o; });
        if (it != batches.end() && it->baseOffset == oldest.offset && !it->bytes.isNull()
            && it->rewrittenIn <= committed) {
            m_cachedBytes -= it->size;
            it->bytes = QByteArray();
        }
    }
}

quint32 LogEngine::internProducer(const QString &producer)
{
    if (producer.isEmpty())
        return 0;
    if (const auto it = m_producerNumbers.constFind(producer); it != m_producerNumbers.cend())
        return *it;
    if (m_producers.size() >= 65536)
        return 0;   // a bound: clients past it are not named in stories
    m_producers.append(producer);
    m_producerNumbers.insert(producer, quint32(m_producers.size()));
    return quint32(m_producers.size());
}

QString LogEngine::producerName(quint32 number) const
{
    return number > 0 ? m_producers.value(qsizetype(number) - 1) : QString();
}

void LogEngine::noteRemoval(const Topic &topic, qint32 partition, Partition &p, qint64 from, qint64 to, qint64 at,
                            const QString &why)
{
    // One retention pass that drops several segments is one removal.
    if (!p.removals.empty() && p.removals.back().to == from && p.removals.back().at == at
        && p.removals.back().why == why) {
        p.removals.back().to = to;
    } else {
        p.removals.push_back(Removal{from, to, at, why});
        if (p.removals.size() > MaxRemovals)
            p.removals.pop_front();
    }
    if (m_store) {
        const Removal &r = p.removals.back();
        m_store->putRemoval(topic.storeId, partition, store::StoredRemoval{r.from, r.to, r.at, r.why}, int(MaxRemovals));
    }
}

ErrorCode LogEngine::recordOrigin(const QString &topicName, qint32 partition, qint64 offset,
                                  RecordOrigin *origin) const
{
    ErrorCode error = ErrorCode::None;
    const Partition *p = findPartition(topicName, partition, &error);
    if (!p)
        return error;
    if (offset < 0 || offset >= p->nextOffset)
        return ErrorCode::OffsetOutOfRange;
    origin->logStartOffset = p->logStartOffset;
    origin->highWatermark = p->highWatermark;
    // The newest removal that covers the offset: why and when it went.
    const auto whyRemoved = [&] {
        for (auto it = p->removals.crbegin(); it != p->removals.crend(); ++it) {
            if (offset >= it->from && offset < it->to) {
                origin->removedBy = it->why;
                origin->removedAt = it->at;
                return;
            }
        }
    };
    const auto removal = [&] {
        origin->state = RecordOrigin::State::Removed;
        whyRemoved();
    };
    if (offset < p->logStartOffset) {
        removal();
        return ErrorCode::None;
    }
    const auto batch = std::partition_point(p->batches.cbegin(), p->batches.cend(),
                                            [offset](const Batch &b) { return b.lastOffset < offset; });
    if (batch == p->batches.cend() || batch->baseOffset > offset) {
        removal();   // its whole batch was compacted away
        return ErrorCode::None;
    }
    origin->state = RecordOrigin::State::Present;
    origin->baseOffset = batch->baseOffset;
    origin->lastOffset = batch->lastOffset;
    origin->appendedAt = batch->appendedAt > 0 ? batch->appendedAt : -1;
    origin->producer = producerName(batch->producer);
    // A record compaction took out of a batch it kept is found by reading
    // the batch (KafkaAdmin): say when the compaction that covers it ran.
    whyRemoved();
    return ErrorCode::None;
}

void LogEngine::dropBytes(const Batch &batch)
{
    if (m_store && !batch.bytes.isNull())
        m_cachedBytes -= batch.size;
}

void LogEngine::commitOffset(const GroupOffset &offset)
{
    m_offsets.insert({offset.group, offset.topic, offset.partition}, offset);
    if (m_store)
        m_store->putGroupOffset(store::StoredGroupOffset{offset.group, offset.topic, offset.partition, offset.offset,
            offset.metadata, offset.committedAt, offset.committer});
}

QList<GroupOffset> LogEngine::committedOffsets() const
{
    return m_offsets.values();
}

void LogEngine::removeGroupOffsets(const QString &group)
{
    for (auto it = m_offsets.begin(); it != m_offsets.end();) {
        if (std::get<0>(it.key()) == group)
            it = m_offsets.erase(it);
        else
            ++it;
    }
    if (m_store)
        m_store->removeGroupOffsets(group);
}

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
    topic->name = name;
    topic->settings = settings;
    topic->partitions.resize(size_t(settings.partitions));
    if (m_store)
        topic->storeId = m_store->putTopic(name, settings.partitions, encodeSettings(settings));
    m_topics.insert(name, topic);
    emit topicsChanged();
    return ErrorCode::None;
}

ErrorCode LogEngine::alterTopic(const QString &name, const TopicSettings &settings)
{
    const std::shared_ptr<Topic> topic = m_topics.value(name);
    if (!topic)
        return ErrorCode::UnknownTopicOrPartition;
    TopicSettings changed = settings;
    changed.partitions = topic->settings.partitions;
    changed.segmentBytes = topic->settings.segmentBytes;
    changed.stream = topic->settings.stream;
    topic->settings = changed;
    // Compaction looks at every partition again with the new configs.
    for (Partition &p : topic->partitions)
        p.compactedAt = -1;
    if (m_store)
        m_store->updateTopic(topic->storeId, name, changed.partitions, encodeSettings(changed));
    emit topicsChanged();
    return ErrorCode::None;
}

ErrorCode LogEngine::deleteTopic(const QString &name)
{
    const std::shared_ptr<Topic> topic = m_topics.take(name);
    if (!topic)
        return ErrorCode::UnknownTopicOrPartition;
    for (const Partition &p : topic->partitions)
        for (const Batch &b : p.batches)
            dropBytes(b);
    if (m_store)
        m_store->removeTopic(topic->storeId);
    emit topicsChanged();
    return ErrorCode::None;
}

bool LogEngine::hasTopic(const QString &name) const
{
    return m_topics.contains(name);
}

qint64 LogEngine::heldBytes() const
{
    if (m_store)
        return 0;
    qint64 bytes = 0;
    for (const auto &topic : m_topics) {
        for (const Partition &p : topic->partitions)
            bytes += p.sizeBytes;
    }
    return bytes;
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
        info.partitions.append({p.logStartOffset, p.highWatermark, p.sizeBytes, qint64(p.batches.size())});
    return info;
}

const LogEngine::Partition *LogEngine::findPartition(const QString &topic, qint32 partition, ErrorCode *error,
                                                     const Topic **owner) const
{
    const auto it = m_topics.constFind(topic);
    if (it == m_topics.constEnd() || partition < 0 || size_t(partition) >= (*it)->partitions.size()) {
        *error = ErrorCode::UnknownTopicOrPartition;
        return nullptr;
    }
    if (owner)
        *owner = it->get();
    return &(*it)->partitions[size_t(partition)];
}

AppendResult LogEngine::append(const QString &topicName, qint32 partition, const QList<kafka::BatchView> &batches,
                               qint64 now, const QString &producer)
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
    for (const kafka::BatchView &batch : batches) {
        if (!topic.settings.compact)
            break;
        if (const std::optional<QString> refused = refusedByCompaction(batch)) {
            result.error = ErrorCode::InvalidRecord;
            result.message = refused->arg(QStringLiteral("%1-%2").arg(topicName).arg(partition));
            return result;   // nothing of this request is appended
        }
    }
    // Idempotent producers' sequences, all batches checked before any is
    // appended (against a copy when there are several: each continues the last).
    std::optional<ProducerSequences> working;
    if (batches.size() > 1)
        working = p.producers;
    std::vector<bool> duplicate(size_t(batches.size()), false);
    for (qsizetype i = 0; i < batches.size(); ++i) {
        const kafka::BatchHeader &h = batches[i].header;
        if (h.producerId < 0)
            continue;
        const qint32 last = ProducerSequences::lastSequence(h.baseSequence, h.lastOffsetDelta);
        const ProducerSequences::Check check
            = (working ? *working : p.producers).check(h.producerId, h.producerEpoch, h.baseSequence, last);
        if (check.error != ErrorCode::None) {
            result.error = check.error;
            result.message = check.message;
            return result;   // nothing of this request is appended
        }
        if (check.duplicateOf) {
            duplicate[size_t(i)] = true;
            if (i == 0)
                result.baseOffset = *check.duplicateOf;
        } else if (working) {
            working->record(h.producerId, h.producerEpoch, h.baseSequence, last, -1);
        }
    }
    if (duplicate.empty() || !duplicate[0])
        result.baseOffset = p.nextOffset;
    bool appendedAny = false;
    const quint32 producerNumber = internProducer(producer);
    for (qsizetype i = 0; i < batches.size(); ++i) {
        if (duplicate[size_t(i)])
            continue;   // a retry: stored already
        const kafka::BatchView &view = batches[i];
        appendedAny = true;
        if (view.header.producerId >= 0)
            p.producers.record(view.header.producerId, view.header.producerEpoch, view.header.baseSequence,
                               ProducerSequences::lastSequence(view.header.baseSequence, view.header.lastOffsetDelta),
                               p.nextOffset);
        Batch batch;
        batch.appendedAt = now;
        batch.producer = producerNumber;
        batch.bytes = view.bytes.toByteArray();
        batch.baseOffset = p.nextOffset;
        batch.lastOffset = p.nextOffset + view.header.lastOffsetDelta;
        batch.size = qint32(batch.bytes.size());
        kafka::setBaseOffset(batch.bytes, batch.baseOffset);
        if (topic.settings.logAppendTime) {
            kafka::stampLogAppendTime(batch.bytes, now);
            batch.maxTimestamp = now;
            result.logAppendTime = now;
        } else {
            batch.maxTimestamp = view.header.maxTimestamp;
        }
        p.nextOffset = batch.lastOffset + 1;
        p.sizeBytes += batch.size;
        if (m_store) {
            m_store->appendBatch(topic.storeId, partition,
                                 store::StoredBatch{batch.baseOffset, batch.lastOffset, batch.maxTimestamp, batch.size,
                                                    view.header.producerId, view.header.producerEpoch,
                                                    view.header.baseSequence, now, producer},
                                 batch.bytes);
            // The hand-over the batch is in, now that it is buffered.
            m_cached.push_back(Pending{*it, partition, batch.baseOffset, m_store->pendingSequence()});
            m_cachedBytes += batch.size;
        }
        p.batches.push_back(std::move(batch));
    }
    if (enforceRetention(topic, partition, p, now) && m_store)
        m_store->truncateLog(topic.storeId, partition, p.logStartOffset);
    result.logStartOffset = p.logStartOffset;
    if (!appendedAny)
        return result;
    if (m_store) {
        // Readable once durable (onCommitted).
        m_uncommitted.push_back(Pending{*it, partition, p.nextOffset, m_store->pendingSequence()});
        trimCache();
        return result;
    }
    p.highWatermark = p.nextOffset;
    emit appended(topicName, partition);
    return result;
}

bool LogEngine::enforceRetention(Topic &topic, qint32 partition, Partition &p, qint64 now)
{
    const qint64 startBefore = p.logStartOffset;
    if (!topic.settings.deletePolicy)
        return false;   // cleanup.policy=compact: compaction alone shortens the log
    // Whole segments from the oldest, never the last one (the log keeps its
    // high watermark readable), as Kafka and RabbitMQ delete whole segments.
    // A segment is the batches from the log's start up to segmentBytes (at
    // least one): cut the same way from the same start, so it is the same
    // segment after a restart.
    while (p.batches.size() > 1) {
        size_t count = 1;
        qint64 bytes = p.batches.front().size;
        qint64 newest = p.batches.front().maxTimestamp;
        while (topic.settings.segmentBytes > 0 && count < p.batches.size()
               && bytes + p.batches[count].size <= topic.settings.segmentBytes) {
            bytes += p.batches[count].size;
            newest = std::max(newest, p.batches[count].maxTimestamp);
            ++count;
        }
        if (count == p.batches.size())
            break;   // the segment being written
        const bool tooOld = topic.settings.retentionMs >= 0 && newest < now - topic.settings.retentionMs;
        const bool tooBig = topic.settings.retentionBytes >= 0 && p.sizeBytes > topic.settings.retentionBytes;
        if (!tooOld && !tooBig)
            break;
        noteRemoval(topic, partition, p, p.logStartOffset, p.batches[count - 1].lastOffset + 1, now,
                    tooOld ? QStringLiteral("retention.ms") : QStringLiteral("retention.bytes"));
        for (size_t i = 0; i < count; ++i) {
            const Batch &oldest = p.batches.front();
            p.sizeBytes -= oldest.size;
            p.logStartOffset = oldest.lastOffset + 1;
            dropBytes(oldest);
            p.batches.pop_front();
        }
    }
    return p.logStartOffset != startBefore;
}

bool LogEngine::fillBytes(const Topic &topic, qint32 partition, std::vector<const Batch *> &batches,
                          QList<QByteArray> *out) const
{
    // Only committed batches lose their bytes, and they are older than any
    // that is not committed: the ones to read are one range of the store.
    qsizetype first = -1;
    qsizetype last = -1;
    for (size_t i = 0; i < batches.size(); ++i) {
        if (batches[i]->bytes.isNull()) {
            if (first < 0)
                first = qsizetype(i);
            last = qsizetype(i);
        }
    }
    // Matched by base offset (each batch starts with it): the store may still
    // hold batches a compaction removed that its commit has not reached.
    QHash<qint64, QByteArray> loaded;
    if (first >= 0) {
        bool ok = false;
        const QList<QByteArray> blobs = m_store->loadBatches(topic.storeId, partition, batches[size_t(first)]->baseOffset,
                                                             batches[size_t(last)]->baseOffset, &ok);
        if (!ok)
            return false;
        for (const QByteArray &blob : blobs)
            if (blob.size() >= kafka::BatchHeader::Size)
                loaded.insert(kafka::readBatchHeader(blob).baseOffset, blob);
    }
    for (const Batch *batch : batches) {
        if (!batch->bytes.isNull()) {
            out->append(batch->bytes);
            continue;
        }
        const auto found = loaded.constFind(batch->baseOffset);
        if (found == loaded.constEnd()) {
            qCWarning(lcLog).noquote() << QStringLiteral("partition %1 of topic '%2': the store does not hold the"
                                                         " batch at offset %3")
                                              .arg(partition)
                                              .arg(topic.name)
                                              .arg(batch->baseOffset);
            return false;
        }
        out->append(*found);
    }
    return true;
}

ReadResult LogEngine::read(const QString &topic, qint32 partition, qint64 offset, qint32 maxBytes) const
{
    ReadResult result;
    const Topic *owner = nullptr;
    const Partition *p = findPartition(topic, partition, &result.error, &owner);
    if (!p)
        return result;
    result.highWatermark = p->highWatermark;
    result.logStartOffset = p->logStartOffset;
    if (offset < p->logStartOffset || offset > p->nextOffset) {
        result.error = ErrorCode::OffsetOutOfRange;
        return result;
    }
    auto batch = std::lower_bound(p->batches.begin(), p->batches.end(), offset,
                                  [](const Batch &b, qint64 o) { return b.lastOffset < o; });
    std::vector<const Batch *> chosen;
    qint64 bytes = 0;
    for (; batch != p->batches.end() && batch->lastOffset < p->highWatermark; ++batch) {
        if (!chosen.empty() && bytes + batch->size > maxBytes)
            break;
        chosen.push_back(&*batch);
        bytes += batch->size;
    }
    QList<QByteArray> parts;
    if (!fillBytes(*owner, partition, chosen, &parts)) {
        result.error = ErrorCode::KafkaStorageError;
        return result;
    }
    result.batches.reserve(bytes);
    for (const QByteArray &part : std::as_const(parts))
        result.batches.append(part);
    return result;
}

OffsetResult LogEngine::offsetForTimestamp(const QString &topic, qint32 partition, qint64 timestamp) const
{
    OffsetResult result;
    const Topic *owner = nullptr;
    const Partition *p = findPartition(topic, partition, &result.error, &owner);
    if (!p)
        return result;
    if (timestamp == kafka::LatestTimestamp) {
        result.offset = p->highWatermark;
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
        if (batch.lastOffset >= p->highWatermark)
            break;
        if (batch.maxTimestamp < timestamp)
            continue;
        std::vector<const Batch *> one{&batch};
        QList<QByteArray> bytes;
        if (!fillBytes(*owner, partition, one, &bytes)) {
            result.error = ErrorCode::KafkaStorageError;
            return result;
        }
        // Stored batches were checked whole on Produce (decompressed too):
        // read the header and decode once, without checking them again.
        QList<kafka::Record> records;
        if (bytes[0].size() < kafka::BatchHeader::Size
            || kafka::decodeRecords(kafka::BatchView{kafka::readBatchHeader(bytes[0]), bytes[0]}, &records)) {
            // A batch that cannot be looked into (damaged on disk since):
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
