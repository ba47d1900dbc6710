#include "broker/kafka/TopicQueryScan.h"

#include <algorithm>

namespace depot::kafka {

Result<QStringList> TopicQueryScan::pickTopics(const log::LogEngine &logs, const QStringList &patterns)
{
    QString missing;
    QStringList picked = query::pickNames(logs.topicNames(), patterns, &missing);
    if (!missing.isEmpty())
        return {{}, {ErrorKind::NotFound, QStringLiteral("no topic '%1'").arg(missing)}};
    return {picked, {}};
}

Result<std::shared_ptr<TopicQueryScan>> TopicQueryScan::start(const log::LogEngine &logs, const TopicQuerySpec &spec)
{
    const auto refuse = [](ErrorKind kind, const QString &text) {
        return Result<std::shared_ptr<TopicQueryScan>>{nullptr, {kind, text}};
    };
    if (!spec.query.isValid())
        return refuse(ErrorKind::InvalidArgument, QStringLiteral("the query is not valid"));
    if (spec.query.over() != query::Over::Records)
        return refuse(ErrorKind::InvalidArgument, QStringLiteral("the query is over messages, not Kafka records"));
    const auto picked = pickTopics(logs, spec.topics);
    if (!picked.ok())
        return refuse(picked.error.kind, picked.error.text);
    if (spec.partition != -1) {
        if (picked.value.size() != 1)
            return refuse(ErrorKind::InvalidArgument,
                QStringLiteral("a partition can be given with one topic only, not %1").arg(picked.value.size()));
        const auto info = logs.topic(picked.value.first());
        if (spec.partition < 0 || spec.partition >= info->partitions.size())
            return refuse(ErrorKind::NotFound, QStringLiteral("topic '%1' has no partition %2 (it has %3)")
                                                   .arg(picked.value.first())
                                                   .arg(spec.partition)
                                                   .arg(info->partitions.size()));
    }
    return {std::shared_ptr<TopicQueryScan>(new TopicQueryScan(logs, spec, picked.value)), {}};
}

TopicQueryScan::TopicQueryScan(const log::LogEngine &logs, const TopicQuerySpec &spec, const QStringList &topics)
    : m_logs(logs)
    , m_query(spec.query)
    , m_topics(topics)
{
    m_progress.topicsTotal = quint64(topics.size());
    for (const QString &name : topics) {
        const std::optional<log::TopicInfo> info = logs.topic(name);
        if (!info || !m_query.mayMatchTopic(name)) {
            ++m_progress.topicsDone;   // ruled out by its name: no record read
            continue;
        }
        const size_t first = m_walks.size();
        for (qint32 p = 0; p < info->partitions.size(); ++p) {
            if (spec.partition != -1 && p != spec.partition)
                continue;
            const log::PartitionState &state = info->partitions[p];
            if (state.highWatermark > state.logStartOffset) {
                m_walks.push_back(Walk{name, p, state.logStartOffset, state.highWatermark, false});
                m_progress.recordsTotal += quint64(state.highWatermark - state.logStartOffset);
            }
        }
        if (m_walks.size() == first)
            ++m_progress.topicsDone;   // nothing in it
        else
            m_walks.back().lastOfTopic = true;
    }
    m_progress.done = m_walks.empty();
}

void TopicQueryScan::finishWalk()
{
    if (m_walks[m_current].lastOfTopic)
        ++m_progress.topicsDone;
    ++m_current;
}

QList<RecordView> TopicQueryScan::next(quint64 budget, qint64 now)
{
    QList<RecordView> out;
    quint64 left = budget;
    qint64 bytes = 0;
    while (m_current < m_walks.size() && left > 0 && bytes < SliceBytes && m_progress.error.isEmpty()) {
        Walk &w = m_walks[m_current];
        const std::optional<log::TopicInfo> info = m_logs.topic(w.topic);
        if (!info || w.partition >= info->partitions.size()) {
            finishWalk();   // deleted meanwhile
            continue;
        }
        // Retention may have moved the log start past where the walk is.
        w.next = std::max(w.next, info->partitions[w.partition].logStartOffset);
        if (w.next >= w.end) {
            finishWalk();
            continue;
        }
        // The budget is checked at batch ends: a batch is decoded once, by
        // the slice that reaches it, never again by the next one.
        qint64 stopAfter = -1;
        const Error e = forEachRecord(m_logs, w.topic, w.partition, w.next, [&](RecordView &&r) {
            if (r.offset >= w.end || (stopAfter >= 0 && r.offset > stopAfter))
                return false;
            w.next = r.offset + 1;
            left -= std::min<quint64>(left, 1);
            ++m_progress.scanned;
            bytes += (r.key ? r.key->size() : 0) + (r.value ? r.value->size() : 0);
            const query::RecordRef ref{r.topic, r.partition, r.offset, r.timestamp, r.key, r.value, r.headers};
            const qint64 batchEnd = r.batchEnd;
            if (m_query.matchesRecord(ref, now))
                out.append(std::move(r));
            if (stopAfter < 0 && (left == 0 || bytes >= SliceBytes))
                stopAfter = batchEnd;
            return stopAfter < 0 || w.next <= stopAfter;
        }, qint32(std::min<qint64>(SliceBytes, 1024 * 1024)));
        if (e) {
            m_progress.error = e.text;
            break;
        }
        // Read to the log's end without the budget running out: nothing is
        // left below the walk's end (compaction may have left a gap up to it).
        if (stopAfter < 0)
            w.next = w.end;
        if (w.next >= w.end)
            finishWalk();
    }
    m_progress.matched += quint64(out.size());
    m_progress.done = m_current >= m_walks.size() || !m_progress.error.isEmpty();
    return out;
}

} // namespace depot::kafka
