#pragma once

// TransferTasks: long message operations started over HTTP (replay, move,
// copy, delete by ids or by filter) as tasks a client can poll and cancel.
//
// Replay, move and copy are the engine's own transfers (Engine::startTransfer,
// the same operation the window uses); this class only remembers them under
// a task id and follows their progress signals. The engine has no bulk delete
// by filter, so delete tasks run here, in slices on the broker thread's event
// loop, so a large delete never blocks deliveries for long. A delete by ids
// removes them a chunk per slice. A delete by filter or query walks the queue
// with the engine's resumable cursor (Engine::browseNext, as QueryScan does)
// and removes each slice's matches at once: the cursor resumes by message id,
// so consumers taking messages between two slices make it skip no match that
// is still in the queue (an offset into the matches would).

#include "broker/engine/Engine.h"

#include <QHash>
#include <QObject>

#include <map>
#include <optional>

namespace depot::http {

struct TaskInfo
{
    enum class State { Running, Completed, Cancelled };
    quint64 id = 0;
    QString action; // "replay", "move", "copy", "delete", "import"
    QString source;
    QString target;            // empty: each message's original queue (replay), or none (delete)
    State state = State::Running;
    quint64 total = 0;
    quint64 done = 0;
    quint64 skipped = 0;
    QString error;             // first problem met, if any
    qint64 startedAtMs = 0;
    qint64 finishedAtMs = 0;
};

class TransferTasks final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferTasks)

public:
    // Finished tasks kept for polling; older ones are forgotten.
    static constexpr int KeptFinished = 100;
    static constexpr int DeleteSlice = 500;

    explicit TransferTasks(Engine &engine, QObject *parent = nullptr);
    ~TransferTasks() override;

    Result<quint64> startTransfer(const QString &action, const TransferSpec &spec);
    Result<quint64> startDelete(const QString &queue, const QList<MessageId> &ids, const MessageFilter &filter);
    // An import that has put its messages in already, within one event-loop
    // turn (so the store commits them together, all or none): the task
    // completes once the store has committed `sequence`, so "completed"
    // means durable, as for a transfer. `done` went in, `skipped` did not
    // (unroutable through an exchange).
    quint64 startImport(const QString &target, quint64 done, quint64 skipped, quint64 sequence);
    // False when no such task exists. A finished task stays as it was.
    bool cancel(quint64 taskId);

    std::optional<TaskInfo> task(quint64 taskId) const;
    QList<TaskInfo> tasks() const;

private:
    struct DeleteJob
    {
        QString queue;
        MessageFilter filter;
        bool byFilter = false;     // walking the queue for matches (else: by ids)
        BrowseCursor cursor;       // the walk, when by filter
        QList<MessageId> ids;      // the ids asked for, when by ids
        qsizetype next = 0;
        bool cancelRequested = false;
    };

    void onProgress(quint64 transferId, quint64 done, quint64 total);
    void onFinished(const TransferReport &report);
    void onCommitted(quint64 sequence);
    void runDeleteSlice(quint64 taskId);
    // Removes `ids` (ready ones; the rest were consumed, moved or expired
    // meanwhile) and counts them into the task.
    void deleteChunk(TaskInfo &task, const QString &queue, const QList<MessageId> &ids);
    void finish(TaskInfo &task, TaskInfo::State state);
    void forgetOldTasks();

    Engine &m_engine;
    quint64 m_nextId = 1;
    std::map<quint64, TaskInfo> m_tasks;                 // by task id, oldest first
    QHash<quint64, quint64> m_taskByTransfer;            // engine transfer id -> task id
    std::map<quint64, std::unique_ptr<DeleteJob>> m_deletes;
    std::map<quint64, quint64> m_importsWaiting; // task id -> store sequence it waits for
};

QString taskStateName(TaskInfo::State state);

} // namespace depot::http
