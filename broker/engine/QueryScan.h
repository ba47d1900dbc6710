#pragma once

// QueryScan: one query (docs/query.md) run over a set of queues in bounded
// steps, on the broker thread. Each next() looks at no more than `budget`
// messages, so whoever drives it (the engine's own slices for the window,
// the HTTP API's stream that writes as the client reads) holds the broker
// thread briefly and chooses when the next step runs.
//
// The queues are picked once, at the start, from the names and patterns asked
// for; those the query's own queue conditions rule out (queue like "a.*")
// are counted done without reading a message. Each queue is walked with
// Engine::browseNext and its BrowseCursor, which resumes by message id: what
// consumers, publishers and expiries do between two steps makes the walk
// neither skip nor repeat a message that stays in its queue. A message
// published after the scan began is not looked at; one consumed meanwhile
// may or may not be. A queue deleted meanwhile simply ends.

#include "broker/engine/Engine.h"

#include <vector>

namespace depot {

class QueryScan
{
public:
    // The queues `patterns` pick among those that exist, in name order: a
    // name, or a pattern with `*` (any run) and `?` (one character); empty
    // picks every queue. NotFound for a plain name without a queue.
    static Result<QStringList> pickQueues(const Engine &engine, const QStringList &patterns);

    // Checks the spec (InvalidArgument for an invalid query, NotFound as
    // pickQueues) and starts nothing: the first next() looks at messages.
    static Result<std::shared_ptr<QueryScan>> start(const Engine &engine, const QuerySpec &spec);

    // The next matches, from looking at no more than `budget` messages
    // (fewer when the scan ends). progress() counts them.
    QList<QueryMatch> next(quint64 budget);

    bool done() const { return m_progress.done; }
    const QueryProgress &progress() const { return m_progress; }
    QueryProgress &progress() { return m_progress; }
    const QStringList &queues() const;

private:
    struct Walk
    {
        QString queue;
        bool ruledOut = false; // by the query's queue conditions
        BrowseCursor cursor;
    };

    QueryScan(const Engine &engine, const QuerySpec &spec, const QStringList &queues);

    const Engine &m_engine;
    MessageFilter m_filter;
    QStringList m_queues;
    std::vector<Walk> m_walks;
    size_t m_current = 0;
    QueryProgress m_progress;
};

} // namespace depot
