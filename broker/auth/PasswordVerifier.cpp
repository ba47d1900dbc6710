#include "broker/auth/PasswordVerifier.h"

namespace depot::auth {

PasswordVerifier::PasswordVerifier(int threads, QObject *parent)
    : QObject(parent)
    , m_threads(std::max(1, threads))
{
    m_pool.setMaxThreadCount(m_threads);
    m_pool.setObjectName(QStringLiteral("depot-auth"));
}

PasswordVerifier::~PasswordVerifier()
{
    m_waiting.clear();
    // A worker posts its answer to this object: none may still be running
    // when it goes. The answers already posted die with it, unread.
    m_pool.waitForDone();
}

bool PasswordVerifier::verify(const PasswordHash &hash, const QString &password, const QString &source, Done done)
{
    int &fromSource = m_pendingPerSource[source];
    if (fromSource >= MaxPendingPerSource)
        return false;
    ++fromSource;
    ++m_pending;
    m_waiting[source].push_back(Job{source, hash, password, std::move(done)});
    startNext();
    return true;
}

void PasswordVerifier::startNext()
{
    while (int(m_running.size()) < m_threads && !m_waiting.empty()) {
        // The next source after the one served last, round the ring.
        auto queue = m_waiting.upper_bound(m_lastSource);
        if (queue == m_waiting.end())
            queue = m_waiting.begin();
        Job job = std::move(queue->second.front());
        queue->second.pop_front();
        if (queue->second.empty())
            m_waiting.erase(queue);
        m_lastSource = job.source;

        const quint64 id = m_nextId++;
        const PasswordHash hash = job.hash;
        QString password = std::move(job.password);
        m_running.emplace(id, std::move(job));
        m_pool.start([this, id, hash, password] {
            const bool matches = verifyPassword(hash, password);
            // `this` outlives every worker (the destructor waits for them).
            QMetaObject::invokeMethod(
                this, [this, id, matches] { finished(id, matches); }, Qt::QueuedConnection);
        });
    }
}

void PasswordVerifier::finished(quint64 id, bool matches)
{
    const auto it = m_running.find(id);
    if (it == m_running.end())
        return;
    Job job = std::move(it->second);
    m_running.erase(it);
    --m_pending;
    if (--m_pendingPerSource[job.source] <= 0)
        m_pendingPerSource.remove(job.source);
    // Keep the worker busy before running the answer's consequences.
    startNext();
    if (job.done)
        job.done(matches);
}

} // namespace depot::auth
