#pragma once

// PasswordVerifier: runs the password checks that cost a KDF (PBKDF2, ~0.1 s
// each) on a small pool of worker threads, one by default, so the broker
// thread goes on serving every other connection while a login is checked.
// The answer comes back on the thread that owns the verifier, as a queued
// call.
//
// The pool is bounded so a flood of logins cannot take every core from the
// broker and the store writer. Requests wait in one queue per source (a peer
// address) and the workers take them in turn across sources, so a client
// flooding wrong passwords delays the login of a client on another address
// by at most one check per turn, not by its whole backlog. A source with
// MaxPendingPerSource checks waiting or running gets no more queued.
//
// Lives on the broker thread; only the KDF itself runs on the workers, on
// copies of the hash and password.

#include "broker/auth/PasswordHash.h"

#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <deque>
#include <functional>
#include <map>
#include <unordered_map>

namespace depot::auth {

class PasswordVerifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PasswordVerifier)

public:
    static constexpr int MaxPendingPerSource = 64;
    using Done = std::function<void(bool matches)>;

    explicit PasswordVerifier(int threads = 1, QObject *parent = nullptr);
    // Drops the checks still waiting and waits for the running ones (at
    // most one KDF per thread) to end; no Done runs after this.
    ~PasswordVerifier() override;

    // Queues verifyPassword(hash, password); `done` runs later on this
    // object's thread with the outcome (never before this returns). False,
    // and `done` is dropped, when `source` already has MaxPendingPerSource
    // checks waiting or running.
    bool verify(const PasswordHash &hash, const QString &password, const QString &source, Done done);

    // Checks waiting or running, all sources / one source.
    int pending() const { return m_pending; }
    int pendingFrom(const QString &source) const { return m_pendingPerSource.value(source); }
    int threads() const { return m_threads; }

private:
    struct Job
    {
        QString source;
        PasswordHash hash;
        QString password;
        Done done;
    };
    void startNext();
    void finished(quint64 id, bool matches);

    int m_threads;
    QThreadPool m_pool;
    // Waiting checks by source; a source with none waiting has no entry.
    std::map<QString, std::deque<Job>> m_waiting;
    QString m_lastSource; // the source whose check started last: the turn goes on after it
    std::unordered_map<quint64, Job> m_running;
    QHash<QString, int> m_pendingPerSource;
    int m_pending = 0;
    quint64 m_nextId = 1;
};

} // namespace depot::auth
