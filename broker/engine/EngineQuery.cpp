#include "broker/engine/EnginePrivate.h"

// EngineQuery.cpp: a query over queues run in slices on the broker thread's
// event loop (Engine::startQuery), for callers that cannot drive a QueryScan
// themselves: the window, through BrokerClient, starts one, receives its
// matches and progress as signals and may cancel it. Each slice looks at no
// more than QuerySlice messages; deliveries and other clients get their turn
// between two slices.

namespace depot {

using namespace engine_detail;

Result<quint64> Engine::startQuery(const QuerySpec &spec)
{
    auto started = QueryScan::start(*this, spec);
    if (!started.ok())
        return {0, started.error};
    const quint64 id = d->nextQueryId++;
    started.value->progress().id = id;
    d->queries.emplace(id, std::move(started.value));
    d->scheduleQuery(id);
    return {id, {}};
}

void Engine::Private::scheduleQuery(quint64 id)
{
    QTimer::singleShot(0, q, [this, id] {
        const auto it = queries.find(id);
        if (it == queries.end())
            return; // cancelled
        // Held by this slice: a slot connected to a signal below may cancel it.
        const std::shared_ptr<QueryScan> scan = it->second;
        const QList<QueryMatch> matches = scan->next(Engine::QuerySlice);
        if (!matches.isEmpty())
            Q_EMIT q->queryMatched(id, matches);
        if (!queries.contains(id))
            return;
        Q_EMIT q->queryProgress(scan->progress());
        if (!queries.contains(id))
            return;
        if (scan->done()) {
            queries.erase(id);
            Q_EMIT q->queryFinished(scan->progress());
        } else {
            scheduleQuery(id);
        }
    });
}

void Engine::cancelQuery(quint64 queryId)
{
    const auto it = d->queries.find(queryId);
    if (it == d->queries.end())
        return;
    const std::shared_ptr<QueryScan> scan = it->second;
    d->queries.erase(it);
    scan->progress().cancelled = true;
    Q_EMIT queryFinished(scan->progress());
}

quint64 Engine::runningQueries() const
{
    return quint64(d->queries.size());
}

} // namespace depot
