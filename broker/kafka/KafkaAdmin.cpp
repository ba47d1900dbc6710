#include "broker/kafka/KafkaAdmin.h"

#include "broker/core/PublishGate.h"
#include "broker/kafka/GroupCoordinator.h"
#include "broker/kafka/TopicQueries.h"
#include "broker/kafka/codec/KafkaWire.h"

#include <QMap>

#include <algorithm>

namespace depot::kafka {

namespace {

// How much of a partition one read of the log engine asks for: a page of
// records is a few reads at most, and a search reads on in these steps.
constexpr qint32 ReadChunkBytes = 1024 * 1024;

Error notFound(const QString &text)
{
    return {ErrorKind::NotFound, text};
}

Error invalid(const QString &text)
{
    return {ErrorKind::InvalidArgument, text};
}

QString noTopic(const QString &topic)
{
    return QStringLiteral("no topic '%1'").arg(topic);
}

QString noPartition(const QString &topic, qint32 partition, qsizetype partitions)
{
    return QStringLiteral("topic '%1' has no partition %2 (it has %3: 0 to %4)")
        .arg(topic)
        .arg(partition)
        .arg(partitions)
        .arg(partitions - 1);
}

// The topic, and the partition when one is named (not -1): NotFound names
// what is missing.
Result<log::TopicInfo> findTopic(const log::LogEngine &logs, const QString &topic, qint32 partition)
{
    Result<log::TopicInfo> out;
    std::optional<log::TopicInfo> info = logs.topic(topic);
    if (!info) {
        out.error = notFound(noTopic(topic));
        return out;
    }
    if (partition != -1 && (partition < 0 || partition >= info->partitions.size())) {
        out.error = notFound(noPartition(topic, partition, info->partitions.size()));
        return out;
    }
    out.value = std::move(*info);
    return out;
}

RecordView toView(const QString &topic, qint32 partition, const BatchHeader &h, Record &&r)
{
    RecordView v;
    v.topic = topic;
    v.partition = partition;
    v.offset = r.offset;
    v.timestamp = r.timestamp;
    v.logAppendTime = h.logAppendTime();
    v.key = std::move(r.key);
    v.value = std::move(r.value);
    v.headers = std::move(r.headers);
    v.compression = h.compression();
    v.producerId = h.producerId;
    v.batchEnd = h.baseOffset + h.lastOffsetDelta;
    return v;
}

} // namespace

Error forEachRecord(const log::LogEngine &logs, const QString &topic, qint32 partition, qint64 from,
                    const std::function<bool(RecordView &&)> &visit, qint32 readBytes)
{
    qint64 offset = from;
    for (;;) {
        const log::ReadResult read = logs.read(topic, partition, offset, readBytes > 0 ? readBytes : ReadChunkBytes);
        if (read.error == ErrorCode::KafkaStorageError)
            return {ErrorKind::Internal,
                    QStringLiteral("partition %1 of topic '%2' cannot be read from the store").arg(partition).arg(topic)};
        if (read.error == ErrorCode::UnknownTopicOrPartition)
            return notFound(noTopic(topic));
        if (read.error != ErrorCode::None || read.batches.isEmpty())
            return {};
        const QByteArrayView all(read.batches);
        qsizetype at = 0;
        while (all.size() - at >= BatchHeader::Size) {
            const BatchHeader h = readBatchHeader(all.sliced(at));
            const qsizetype size = h.totalSize();
            if (size < BatchHeader::Size || size > all.size() - at)
                return {ErrorKind::Internal, QStringLiteral("the batch at offset %1 of partition %2 of topic '%3' is "
                                                            "damaged (length %4)")
                                                 .arg(h.baseOffset)
                                                 .arg(partition)
                                                 .arg(topic)
                                                 .arg(h.batchLength)};
            const BatchView batch{h, all.sliced(at, size)};
            at += size;
            offset = h.baseOffset + h.lastOffsetDelta + 1;
            if (h.control())
                continue;
            QList<Record> records;
            if (const std::optional<BatchError> e = decodeRecords(batch, &records))
                return {ErrorKind::Internal, QStringLiteral("the batch at offset %1 of partition %2 of topic '%3' does "
                                                            "not decode: %4")
                                                 .arg(h.baseOffset)
                                                 .arg(partition)
                                                 .arg(topic, e->text)};
            for (Record &r : records) {
                if (r.offset < from)
                    continue;   // the batch holding `from` starts before it
                if (!visit(toView(topic, partition, h, std::move(r))))
                    return {};
            }
        }
    }
}

namespace {

bool containsText(const std::optional<QByteArray> &bytes, const QString &text)
{
    return bytes && QString::fromUtf8(*bytes).contains(text, Qt::CaseInsensitive);
}

bool matches(const RecordView &r, const QString &text)
{
    if (containsText(r.key, text) || containsText(r.value, text))
        return true;
    return std::any_of(r.headers.begin(), r.headers.end(), [&](const RecordHeader &h) {
        return h.key.contains(text, Qt::CaseInsensitive) || containsText(h.value, text);
    });
}

} // namespace

qint32 murmur2(QByteArrayView bytes)
{
    // Kafka's Utils.murmur2, in unsigned arithmetic (Java's int wraps the same way).
    const quint32 length = quint32(bytes.size());
    constexpr quint32 seed = 0x9747b28c;
    constexpr quint32 m = 0x5bd1e995;
    constexpr int r = 24;
    quint32 h = seed ^ length;
    const auto byte = [&](qsizetype i) { return quint32(quint8(bytes[i])); };
    const qsizetype length4 = bytes.size() / 4;
    for (qsizetype i = 0; i < length4; ++i) {
        const qsizetype i4 = i * 4;
        quint32 k = byte(i4) | (byte(i4 + 1) << 8) | (byte(i4 + 2) << 16) | (byte(i4 + 3) << 24);
        k *= m;
        k ^= k >> r;
        k *= m;
        h *= m;
        h ^= k;
    }
    const qsizetype tail = bytes.size() & ~qsizetype(3);
    switch (bytes.size() % 4) {
    case 3:
        h ^= byte(tail + 2) << 16;
        [[fallthrough]];
    case 2:
        h ^= byte(tail + 1) << 8;
        [[fallthrough]];
    case 1:
        h ^= byte(tail);
        h *= m;
        break;
    default:
        break;
    }
    h ^= h >> 13;
    h *= m;
    h ^= h >> 15;
    return qint32(h);
}

qint32 partitionForKey(QByteArrayView key, qint32 partitions)
{
    return qint32((quint32(murmur2(key)) & 0x7fffffffu) % quint32(partitions));
}

std::optional<ConsumerAssignment> decodeConsumerAssignment(QByteArrayView bytes)
{
    wire::Reader r(bytes);
    ConsumerAssignment a;
    a.version = r.int16();
    const qint32 topics = r.arrayLength(4);
    for (qint32 t = 0; t < topics && !r.failed(); ++t) {
        const QString topic = r.string();
        const qint32 count = r.arrayLength(4);
        QList<qint32> partitions;
        for (qint32 p = 0; p < count && !r.failed(); ++p)
            partitions.append(r.int32());
        a.partitions.append({topic, partitions});
    }
    // User data came in version 0; later versions add fields after it.
    if (!r.failed() && !r.atEnd()) {
        if (const std::optional<QByteArrayView> data = r.bytes(true))
            a.userData = data->toByteArray();
    }
    if (r.failed() || a.version < 0)
        return std::nullopt;
    return a;
}

KafkaAdmin::KafkaAdmin(log::LogEngine &logs, GroupCoordinator *groups, core::PublishGate *gate)
    : m_logs(logs), m_groups(groups), m_gate(gate)
{
}

KafkaAdmin::~KafkaAdmin() = default;

TopicQueries &KafkaAdmin::queries()
{
    if (!m_queries)
        m_queries = std::make_unique<TopicQueries>(m_logs);
    return *m_queries;
}

namespace {

TopicView toTopicView(const log::TopicInfo &info)
{
    TopicView view;
    view.name = info.name;
    view.settings = info.settings;
    for (qsizetype p = 0; p < info.partitions.size(); ++p) {
        const log::PartitionState &s = info.partitions[p];
        view.partitions.append({qint32(p), s.logStartOffset, s.highWatermark, s.sizeBytes, s.batches});
    }
    return view;
}

} // namespace

QList<TopicView> KafkaAdmin::topics() const
{
    QList<TopicView> out;
    for (const QString &name : m_logs.topicNames())
        if (const std::optional<log::TopicInfo> info = m_logs.topic(name))
            out.append(toTopicView(*info));
    return out;
}

Result<TopicView> KafkaAdmin::topic(const QString &name) const
{
    Result<TopicView> out;
    const Result<log::TopicInfo> info = findTopic(m_logs, name, -1);
    if (!info.ok())
        out.error = info.error;
    else
        out.value = toTopicView(info.value);
    return out;
}

Result<void> KafkaAdmin::createTopic(const QString &name, const log::TopicSettings &settings)
{
    Result<void> out;
    QString why;
    const ErrorCode e = m_logs.createTopic(name, settings, &why);
    if (e == ErrorCode::TopicAlreadyExists)
        out.error = {ErrorKind::PreconditionFailed, why};
    else if (e != ErrorCode::None)
        out.error = invalid(why);
    return out;
}

Result<void> KafkaAdmin::deleteTopic(const QString &name)
{
    Result<void> out;
    if (m_logs.deleteTopic(name) != ErrorCode::None)
        out.error = notFound(noTopic(name));
    return out;
}

Result<RecordPage> KafkaAdmin::records(const QString &topic, qint32 partition, RecordsFrom from, qint32 limit) const
{
    Result<RecordPage> out;
    if (limit < 1) {
        out.error = invalid(QStringLiteral("limit must be at least 1, not %1").arg(limit));
        return out;
    }
    const Result<log::TopicInfo> info = findTopic(m_logs, topic, partition);
    if (!info.ok() || partition == -1) {
        out.error = info.ok() ? notFound(noPartition(topic, partition, info.value.partitions.size())) : info.error;
        return out;
    }
    const log::PartitionState &state = info.value.partitions[partition];
    RecordPage &page = out.value;
    page.logStartOffset = state.logStartOffset;
    page.highWatermark = state.highWatermark;
    qint64 start = state.logStartOffset;
    switch (from.kind) {
    case RecordsFrom::Kind::Offset:
        if (from.value < 0) {
            out.error = invalid(QStringLiteral("offset must not be negative, not %1").arg(from.value));
            return out;
        }
        start = std::clamp(from.value, state.logStartOffset, state.highWatermark);
        break;
    case RecordsFrom::Kind::Timestamp: {
        const log::OffsetResult found = m_logs.offsetForTimestamp(topic, partition, from.value);
        start = found.offset < 0 ? state.highWatermark : qMax(found.offset, state.logStartOffset);
        break;
    }
    case RecordsFrom::Kind::Earliest:
        break;
    case RecordsFrom::Kind::Latest:
        start = qMax(state.logStartOffset, state.highWatermark - limit);
        break;
    }
    page.nextOffset = start;
    const Error e = forEachRecord(m_logs, topic, partition, start, [&](RecordView &&r) {
        page.nextOffset = r.offset + 1;
        page.records.append(std::move(r));
        return page.records.size() < limit;
    });
    if (e)
        out.error = e;
    else if (page.records.size() < limit)
        page.nextOffset = qMax(page.nextOffset, state.highWatermark);   // read to the end
    return out;
}

Result<SearchPage> KafkaAdmin::search(const QString &topic, const RecordSearch &search) const
{
    Result<SearchPage> out;
    if (search.text.isEmpty()) {
        out.error = invalid(QStringLiteral("the search text is empty"));
        return out;
    }
    const Result<log::TopicInfo> info = findTopic(m_logs, topic, search.partition);
    if (!info.ok()) {
        out.error = info.error;
        return out;
    }
    SearchPage &page = out.value;
    page.complete = true;
    for (qint32 p = 0; p < info.value.partitions.size() && page.complete; ++p) {
        if (search.partition != -1 && p != search.partition)
            continue;
        const qint64 from = qMax(search.fromOffset, info.value.partitions[p].logStartOffset);
        const Error e = forEachRecord(m_logs, topic, p, from, [&](RecordView &&r) {
            if (page.scanned >= search.maxRecordsScanned || page.matches.size() >= search.maxMatches) {
                page.complete = false;   // stopped with records left
                return false;
            }
            ++page.scanned;
            if (matches(r, search.text))
                page.matches.append(std::move(r));
            return true;
        });
        if (e) {
            out.error = e;
            return out;
        }
    }
    return out;
}

qint32 KafkaAdmin::choosePartition(const QString &topic, const std::optional<QByteArray> &key, qint32 partitions)
{
    if (key)
        return partitionForKey(*key, partitions);
    return qint32(m_roundRobin[topic]++ % quint32(partitions));
}

void KafkaAdmin::produce(const QList<ProduceRecord> &records, qint64 now,
                         std::function<void(Result<QList<ProducedRecord>>)> done, const QString &by)
{
    Result<QList<ProducedRecord>> out;
    const auto fail = [&](Error e) {
        out.error = std::move(e);
        done(out);
    };
    if (records.isEmpty())
        return fail(invalid(QStringLiteral("no records to produce")));
    if (m_gate) {
        if (const QString refused = m_gate->refusal(); !refused.isEmpty())
            return fail({ErrorKind::ResourceLocked, refused});
    }
    // Every record is placed and every batch built before anything is
    // appended: a request is taken whole or not at all.
    struct Target
    {
        QList<Record> records;
        QList<qsizetype> indexes;   // where each record is in `records` of the request
    };
    QMap<QPair<QString, qint32>, Target> targets;
    QHash<QString, log::TopicInfo> infos;
    for (qsizetype i = 0; i < records.size(); ++i) {
        const ProduceRecord &r = records[i];
        if (!infos.contains(r.topic)) {
            const Result<log::TopicInfo> info = findTopic(m_logs, r.topic, -1);
            if (!info.ok())
                return fail(info.error);
            infos.insert(r.topic, info.value);
        }
        const qint32 partitions = qint32(infos.value(r.topic).partitions.size());
        if (r.partition < -1 || r.partition >= partitions)
            return fail(notFound(noPartition(r.topic, r.partition, partitions)));
        const qint32 partition = r.partition == -1 ? choosePartition(r.topic, r.key, partitions) : r.partition;
        Target &target = targets[{r.topic, partition}];
        target.records.append(Record{0, r.timestamp >= 0 ? r.timestamp : now, r.key, r.value, r.headers});
        target.indexes.append(i);
    }
    QList<QByteArray> batches;
    for (auto it = targets.cbegin(); it != targets.cend(); ++it) {
        batches.append(encodeBatch(it->records));
        const qint32 limit = infos.value(it.key().first).settings.maxMessageBytes;
        if (batches.last().size() > limit)
            return fail(invalid(QStringLiteral("the records for partition %1 of topic '%2' make a batch of %3 bytes, "
                                               "larger than the topic's max.message.bytes %4")
                                    .arg(it.key().second)
                                    .arg(it.key().first)
                                    .arg(batches.last().size())
                                    .arg(limit)));
    }
    out.value.resize(records.size());
    quint64 bytes = 0;
    qsizetype b = 0;
    for (auto it = targets.cbegin(); it != targets.cend(); ++it, ++b) {
        QList<BatchView> views;
        if (const std::optional<BatchError> e = splitBatches(batches[b], &views))
            return fail({ErrorKind::Internal, e->text});   // a batch of Depot's own making
        const log::AppendResult appended = m_logs.append(it.key().first, it.key().second, views, now, by);
        if (appended.error != ErrorCode::None)
            return fail({ErrorKind::Internal, appended.message.isEmpty() ? QStringLiteral("Kafka error %1").arg(qint16(appended.error)) : appended.message});
        for (qsizetype k = 0; k < it->indexes.size(); ++k)
            out.value[it->indexes[k]] = ProducedRecord{it.key().second, appended.baseOffset + k};
        bytes += quint64(batches[b].size());
    }
    if (m_gate)
        m_gate->accepted(m_logs.pendingSequence(), bytes);
    m_logs.whenDurable([done = std::move(done), out = std::move(out)] { done(out); });
}

void KafkaAdmin::reproduce(const Reproduce &request, qint64 now, std::function<void(Result<QList<ProducedRecord>>)> done,
                           const QString &by)
{
    const auto fail = [&](Error e) {
        Result<QList<ProducedRecord>> out;
        out.error = std::move(e);
        done(out);
    };
    if (request.records.isEmpty())
        return fail(invalid(QStringLiteral("no records to re-produce")));
    const Result<log::TopicInfo> target = findTopic(m_logs, request.targetTopic, request.targetPartition);
    if (!target.ok())
        return fail(target.error);
    const qint32 targetPartitions = qint32(target.value.partitions.size());
    QList<ProduceRecord> copies;
    for (const auto &[partition, offset] : request.records) {
        const Result<RecordPage> page = records(request.sourceTopic, partition, {RecordsFrom::Kind::Offset, offset}, 1);
        if (!page.ok())
            return fail(page.error);
        if (page.value.records.isEmpty() || page.value.records.first().offset != offset)
            return fail(notFound(QStringLiteral("no record at offset %1 of partition %2 of topic '%3'")
                                     .arg(offset)
                                     .arg(partition)
                                     .arg(request.sourceTopic)));
        const RecordView &r = page.value.records.first();
        ProduceRecord copy{request.targetTopic, request.targetPartition, r.key, r.value, r.headers};
        if (copy.partition == -1 && r.partition < targetPartitions)
            copy.partition = r.partition;   // its own partition; by key (or round robin) where the target has fewer
        copies.append(std::move(copy));
    }
    produce(copies, now, std::move(done), QStringLiteral("%1, re-producing from topic '%2'").arg(by, request.sourceTopic));
}

Result<RecordStory> KafkaAdmin::recordStory(const QString &topic, qint32 partition, qint64 offset) const
{
    Result<RecordStory> out;
    const Result<log::TopicInfo> info = findTopic(m_logs, topic, partition);
    if (!info.ok()) {
        out.error = info.error;
        return out;
    }
    log::RecordOrigin origin;
    if (m_logs.recordOrigin(topic, partition, offset, &origin) != ErrorCode::None) {
        out.error = notFound(QStringLiteral("no record at offset %1 of partition %2 of topic '%3': the log ends at %4")
                                 .arg(offset)
                                 .arg(partition)
                                 .arg(topic)
                                 .arg(info.value.partitions[partition].highWatermark));
        return out;
    }
    RecordStory &story = out.value;
    story.topic = topic;
    story.partition = partition;
    story.offset = offset;
    using Kind = RecordStoryEvent::Kind;
    if (origin.state == log::RecordOrigin::State::Present) {
        const Result<RecordPage> page = records(topic, partition, {RecordsFrom::Kind::Offset, offset}, 1);
        if (!page.ok()) {
            out.error = page.error;
            return out;
        }
        if (!page.value.records.isEmpty() && page.value.records.first().offset == offset)
            story.record = page.value.records.first();
    }
    RecordStoryEvent produced{Kind::Produced, origin.appendedAt, origin.producer, {}};
    if (story.record) {
        const RecordView &r = *story.record;
        if (produced.at < 0)
            produced.at = r.timestamp;   // the record's own time: the producer's clock, or the append's
        QString by = r.producerId >= 0 ? QStringLiteral(" by idempotent producer %1").arg(r.producerId) : QString();
        produced.text = QStringLiteral("produced to partition %1 at offset %2%3, in the batch of offsets %4 to %5")
                            .arg(partition)
                            .arg(offset)
                            .arg(by)
                            .arg(origin.baseOffset)
                            .arg(r.batchEnd);
    } else {
        produced.text = QStringLiteral("produced to partition %1 at offset %2").arg(partition).arg(offset);
    }
    story.events.append(produced);

    // Consumed: each group whose committed offset (the next one it reads)
    // is past the record.
    QList<RecordStoryEvent> later;
    for (const log::GroupOffset &g : m_logs.committedOffsets()) {
        if (g.topic != topic || g.partition != partition)
            continue;
        if (g.offset > offset) {
            later.append({Kind::Consumed, g.committedAt, g.committer,
                          QStringLiteral("consumed by group '%1' (it committed offset %2)").arg(g.group).arg(g.offset)});
        } else {
            story.waitingGroups.append(g.group);
        }
    }
    if (!story.record) {
        const bool compacted = origin.removedBy == u"compaction"
            || (origin.state == log::RecordOrigin::State::Present && origin.removedBy.isEmpty());
        QString text;
        if (compacted)
            text = QStringLiteral("removed by compaction: a newer record has its key (cleanup.policy=compact)");
        else if (!origin.removedBy.isEmpty())
            text = QStringLiteral("removed by retention (%1): the log now starts at offset %2")
                       .arg(origin.removedBy)
                       .arg(origin.logStartOffset);
        else
            text = QStringLiteral("removed from the log (when and why are kept for the partition's last 64"
                                  " removals): it now starts at offset %1")
                       .arg(origin.logStartOffset);
        later.append({Kind::Removed, origin.removedAt, QStringLiteral("Depot"), text});
    }
    // By time; what has no known time keeps its place after those that have.
    std::stable_sort(later.begin(), later.end(), [](const RecordStoryEvent &a, const RecordStoryEvent &b) {
        if ((a.at < 0) != (b.at < 0))
            return b.at < 0;
        return a.at < b.at;
    });
    story.events.append(later);
    story.waitingGroups.sort();
    return out;
}

namespace {

void addOffset(QList<GroupOffsetView> &offsets, GroupOffsetView o, const log::LogEngine &logs)
{
    if (const std::optional<log::TopicInfo> info = logs.topic(o.topic);
        info && o.partition >= 0 && o.partition < info->partitions.size()) {
        o.logStartOffset = info->partitions[o.partition].logStartOffset;
        o.highWatermark = info->partitions[o.partition].highWatermark;
        if (o.committed >= 0)
            o.lag = qMax<qint64>(0, o.highWatermark - o.committed);
    }
    offsets.append(std::move(o));
}

} // namespace

QList<GroupView> KafkaAdmin::groups() const
{
    QList<GroupView> out;
    if (!m_groups)
        return out;
    for (const ListedGroup &listed : m_groups->list())
        if (const Result<GroupView> g = group(listed.groupId); g.ok())
            out.append(g.value);
    return out;
}

Result<GroupView> KafkaAdmin::group(const QString &name) const
{
    Result<GroupView> out;
    if (!m_groups || !m_groups->contains(name)) {
        out.error = notFound(QStringLiteral("no consumer group '%1'").arg(name));
        return out;
    }
    const DescribedGroup d = m_groups->describe(name);
    GroupView &g = out.value;
    g.name = name;
    g.state = d.state;
    g.protocolType = d.protocolType;
    g.protocol = d.protocolData;
    g.generation = m_groups->generation(name);
    // Committed partitions, and the ones assigned that have nothing committed
    // yet (kafka-consumer-groups shows those with no offset too).
    QMap<QPair<QString, qint32>, bool> partitions;
    const QMap<QString, QList<qint32>> committed = m_groups->committedPartitions(name);
    for (auto it = committed.cbegin(); it != committed.cend(); ++it)
        for (qint32 p : it.value())
            partitions.insert({it.key(), p}, true);
    for (const DescribedMember &m : d.members) {
        GroupMemberView member{m.memberId, m.groupInstanceId, m.clientId, m.clientHost, {}, -1, std::nullopt};
        if (!m.assignment.isEmpty() && d.protocolType == QLatin1String("consumer")) {
            if (const std::optional<ConsumerAssignment> a = decodeConsumerAssignment(m.assignment)) {
                member.assignment = a->partitions;
                member.assignmentVersion = a->version;
                member.userData = a->userData;
                for (const auto &[topic, list] : a->partitions)
                    for (qint32 p : list)
                        partitions.insert({topic, p}, true);
            }
        }
        g.members.append(std::move(member));
    }
    for (auto it = partitions.cbegin(); it != partitions.cend(); ++it) {
        const FetchedOffset c = m_groups->committed(name, it.key().first, it.key().second);
        addOffset(g.offsets, GroupOffsetView{it.key().first, it.key().second, c.offset, c.metadata, 0, 0, -1}, m_logs);
        if (g.offsets.last().lag > 0)
            g.totalLag += g.offsets.last().lag;
    }
    return out;
}

void KafkaAdmin::resetOffsets(const OffsetReset &reset, qint64 now,
                              std::function<void(Result<QList<GroupOffsetView>>)> done)
{
    Q_UNUSED(now);
    Result<QList<GroupOffsetView>> out;
    const auto fail = [&](Error e) {
        out.error = std::move(e);
        done(out);
    };
    if (reset.group.isEmpty())
        return fail(invalid(QStringLiteral("the group name is empty")));
    if (!m_groups)
        return fail(notFound(QStringLiteral("no consumer group '%1' (no group coordinator)").arg(reset.group)));
    if (const qsizetype members = m_groups->members(reset.group).size(); members > 0)
        return fail({ErrorKind::NotAllowed,
                     QStringLiteral("consumer group '%1' has %2 member(s); its offsets can be reset only while it has "
                                    "none (stop its consumers first)")
                         .arg(reset.group)
                         .arg(members)});
    if (reset.to == OffsetReset::To::Offset && reset.value < 0)
        return fail(invalid(QStringLiteral("the offset to reset to must not be negative, not %1").arg(reset.value)));
    // Which partitions: one, a topic's, or (no topic) every one the group has committed.
    QList<QPair<QString, qint32>> partitions;
    if (reset.topic.isEmpty()) {
        if (reset.partition != -1)
            return fail(invalid(QStringLiteral("a partition needs a topic")));
        const QMap<QString, QList<qint32>> committed = m_groups->committedPartitions(reset.group);
        for (auto it = committed.cbegin(); it != committed.cend(); ++it)
            for (qint32 p : it.value())
                if (m_logs.hasTopic(it.key()))
                    partitions.append({it.key(), p});
        if (partitions.isEmpty())
            return fail(invalid(
                QStringLiteral("consumer group '%1' has no committed offsets to reset; name a topic").arg(reset.group)));
    } else {
        const Result<log::TopicInfo> info = findTopic(m_logs, reset.topic, reset.partition);
        if (!info.ok())
            return fail(info.error);
        for (qint32 p = 0; p < info.value.partitions.size(); ++p)
            if (reset.partition == -1 || p == reset.partition)
                partitions.append({reset.topic, p});
    }
    for (const auto &[topic, partition] : std::as_const(partitions)) {
        const log::PartitionState state = m_logs.topic(topic)->partitions[partition];
        qint64 offset = state.logStartOffset;
        switch (reset.to) {
        case OffsetReset::To::Earliest:
            break;
        case OffsetReset::To::Latest:
            offset = state.highWatermark;
            break;
        case OffsetReset::To::Timestamp: {
            // No record at or after the time: the end, as kafka-consumer-groups --to-datetime.
            const log::OffsetResult found = m_logs.offsetForTimestamp(topic, partition, reset.value);
            offset = found.offset < 0 ? state.highWatermark : found.offset;
            break;
        }
        case OffsetReset::To::Offset:
            offset = reset.value;
            break;
        }
        offset = std::clamp(offset, state.logStartOffset, state.highWatermark);
        m_groups->storeOffset(reset.group, topic, partition, offset, QString());
        m_logs.commitOffset({reset.group, topic, partition, offset, QString(), now, QStringLiteral("Depot (offsets reset)")});
        addOffset(out.value, GroupOffsetView{topic, partition, offset, QString(), 0, 0, -1}, m_logs);
    }
    m_logs.whenDurable([done = std::move(done), out = std::move(out)] { done(out); });
}

void KafkaAdmin::deleteGroup(const QString &name, std::function<void(Result<void>)> done)
{
    Result<void> out;
    if (!m_groups || !m_groups->contains(name)) {
        out.error = notFound(QStringLiteral("no consumer group '%1'").arg(name));
        done(out);
        return;
    }
    if (const qsizetype members = m_groups->members(name).size(); members > 0) {
        out.error = {ErrorKind::NotAllowed, QStringLiteral("consumer group '%1' has %2 member(s); it can be deleted "
                                                           "only while it has none (stop its consumers first)")
                                                .arg(name)
                                                .arg(members)};
        done(out);
        return;
    }
    m_groups->removeGroup(name);
    m_logs.removeGroupOffsets(name);
    m_logs.whenDurable([done = std::move(done)] { done(Result<void>{}); });
}

} // namespace depot::kafka
