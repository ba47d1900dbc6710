#pragma once

// QueryRun: what a query bar keeps of the query it runs on the broker thread
// (the Query tab's QueryPanel, the Topics tab's TopicQueryBar): whether one
// runs, the broker's id once it answered, and the rule for answers that come
// late. A query replaced or stopped before the broker answered with its id is
// cancelled as soon as the id comes; signals of any other id are not this
// run's.

#include "broker/engine/Engine.h"   // Result

#include <functional>

namespace depot::ui {

class QueryRun final
{
public:
    // Cancels a query by its id (BrokerClient::cancelQuery, cancelTopicQuery).
    using Cancel = std::function<void(quint64)>;
    using Answer = std::function<void(Result<quint64>)>;

    explicit QueryRun(Cancel cancel)
        : m_cancel(std::move(cancel))
    {
    }
    Q_DISABLE_COPY_MOVE(QueryRun)

    // Begins a run in place of the one before (cancelled): `post` posts the
    // start with the answer to call and says whether it was posted. An answer
    // that refuses goes to `refused`. False when nothing was posted.
    bool start(const std::function<bool(Answer)> &post, std::function<void(const QString &)> refused)
    {
        if (m_id != 0)
            m_cancel(m_id);
        m_id = 0;
        const quint64 token = ++m_token;
        m_running = true;
        const bool posted = post([this, token, refused = std::move(refused)](Result<quint64> begun) {
            if (token != m_token) {
                if (begun.ok())
                    m_cancel(begun.value);   // replaced or stopped before it began
                return;
            }
            if (!begun.ok()) {
                m_running = false;
                refused(begun.error.text);
                return;
            }
            m_id = begun.value;
        });
        m_running = posted;
        return posted;
    }

    // Stops it: true when the broker was asked to cancel it (its finished
    // signal ends the run), false when it had not started yet (the run is
    // over now) or none runs.
    bool stop()
    {
        if (!m_running)
            return false;
        if (m_id != 0) {
            m_cancel(m_id);
            return true;
        }
        ++m_token;   // not started yet: its answer cancels it
        m_running = false;
        return false;
    }

    // Whether a signal with `id` is this run's.
    bool isCurrent(quint64 id) const { return id != 0 && id == m_id; }
    // Its finished signal came.
    void end()
    {
        m_id = 0;
        m_running = false;
    }
    bool running() const { return m_running; }
    quint64 id() const { return m_id; }

private:
    Cancel m_cancel;
    quint64 m_token = 0;   // answers for an earlier run are dropped
    quint64 m_id = 0;      // the broker's, while it runs
    bool m_running = false;
};

} // namespace depot::ui
