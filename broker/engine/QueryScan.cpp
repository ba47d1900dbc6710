#include "broker/engine/QueryScan.h"

#include <algorithm>

namespace depot {

Result<QStringList> QueryScan::pickQueues(const Engine &engine, const QStringList &patterns)
{
    QStringList all;
    for (const QueueInfo &info : engine.queues())
        all.append(info.def.name);
    std::sort(all.begin(), all.end());
    QString missing;
    QStringList picked = query::pickNames(all, patterns, &missing);
    if (!missing.isEmpty())
        return {{}, {ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(missing)}};
    return {picked, {}};
}

Result<std::shared_ptr<QueryScan>> QueryScan::start(const Engine &engine, const QuerySpec &spec)
{
    if (!spec.query.isValid())
        return {nullptr, {ErrorKind::InvalidArgument, QStringLiteral("the query is not valid")}};
    if (spec.query.over() != query::Over::Messages)
        return {nullptr, {ErrorKind::InvalidArgument, QStringLiteral("the query is over Kafka records, not messages")}};
    const auto picked = pickQueues(engine, spec.queues);
    if (!picked.ok())
        return {nullptr, picked.error};
    return {std::shared_ptr<QueryScan>(new QueryScan(engine, spec, picked.value)), {}};
}

QueryScan::QueryScan(const Engine &engine, const QuerySpec &spec, const QStringList &queues)
    : m_engine(engine)
    , m_queues(queues)
{
    m_filter.query = spec.query;
    m_progress.queuesTotal = quint64(queues.size());
    m_walks.reserve(size_t(queues.size()));
    for (const QString &name : queues) {
        Walk w;
        w.queue = name;
        w.ruledOut = !spec.query.mayMatchQueue(name);
        if (!w.ruledOut) {
            if (const auto info = engine.queue(name))
                m_progress.messagesTotal += info->ready + info->unacked;
            // Every queue's walk begins now: what is published into the
            // last queue while the first is scanned is not looked at.
            engine.browseNext(name, &w.cursor, 0, m_filter);
        }
        m_walks.push_back(std::move(w));
    }
    m_progress.done = m_walks.empty();
}

const QStringList &QueryScan::queues() const
{
    return m_queues;
}

QList<QueryMatch> QueryScan::next(quint64 budget)
{
    QList<QueryMatch> out;
    quint64 left = budget;
    while (m_current < m_walks.size() && (left > 0 || m_walks[m_current].ruledOut)) {
        Walk &w = m_walks[m_current];
        if (!w.ruledOut) {
            const quint64 before = w.cursor.visited;
            const QList<MessageView> views = m_engine.browseNext(w.queue, &w.cursor, left, m_filter);
            const quint64 looked = w.cursor.visited - before;
            left -= std::min(left, looked);
            m_progress.scanned += looked;
            for (const MessageView &view : views)
                out.append(QueryMatch{w.queue, view});
            if (!w.cursor.done)
                continue; // the budget ran out within this queue
        }
        ++m_current;
        ++m_progress.queuesDone;
    }
    m_progress.matched += quint64(out.size());
    m_progress.done = m_current >= m_walks.size();
    return out;
}

} // namespace depot
