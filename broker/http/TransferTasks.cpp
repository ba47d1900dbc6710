#include "broker/http/TransferTasks.h"

#include "broker/store/Store.h"

#include <QTimer>

namespace depot::http {

QString taskStateName(TaskInfo::State state)
{
    switch (state) {
    case TaskInfo::State::Running:
        return QStringLiteral("running");
    case TaskInfo::State::Completed:
        return QStringLiteral("completed");
    case TaskInfo::State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

TransferTasks::TransferTasks(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    connect(&engine, &Engine::transferProgress, this, &TransferTasks::onProgress);
    connect(&engine, &Engine::transferFinished, this, &TransferTasks::onFinished);
    connect(&engine, &Engine::committed, this, &TransferTasks::onCommitted);
}

TransferTasks::~TransferTasks() = default;

Result<quint64> TransferTasks::startTransfer(const QString &action, const TransferSpec &spec)
{
    const auto started = m_engine.startTransfer(spec);
    if (!started.ok())
        return {0, started.error};
    TaskInfo task;
    task.id = m_nextId++;
    task.action = action;
    task.source = spec.source;
    task.target = spec.target;
    task.startedAtMs = m_engine.now();
    // The engine selects the messages when the transfer starts; until its
    // first progress report the total is the selection by ids, if any.
    task.total = quint64(spec.ids.size());
    m_tasks.emplace(task.id, task);
    m_taskByTransfer.insert(started.value, task.id);
    forgetOldTasks();
    return {task.id, {}};
}

Result<quint64> TransferTasks::startDelete(const QString &queue, const QList<MessageId> &ids,
                                           const MessageFilter &filter)
{
    if (!m_engine.queue(queue))
        return {0, {ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(queue)}};
    TaskInfo task;
    task.id = m_nextId++;
    task.action = QStringLiteral("delete");
    task.source = queue;
    task.startedAtMs = m_engine.now();
    task.total = quint64(ids.size());
    auto job = std::make_unique<DeleteJob>();
    job->queue = queue;
    job->filter = filter;
    job->ids = ids;
    job->byFilter = ids.isEmpty();
    if (job->byFilter) {
        // The walk begins now: messages published from here on are not
        // looked at, as for a query's scan.
        m_engine.browseNext(queue, &job->cursor, 0, filter);
    }
    m_tasks.emplace(task.id, task);
    m_deletes.emplace(task.id, std::move(job));
    const quint64 id = task.id;
    QTimer::singleShot(0, this, [this, id] { runDeleteSlice(id); });
    forgetOldTasks();
    return {id, {}};
}

quint64 TransferTasks::startImport(const QString &target, quint64 done, quint64 skipped, quint64 sequence)
{
    TaskInfo task;
    task.id = m_nextId++;
    task.action = QStringLiteral("import");
    task.target = target;
    task.startedAtMs = m_engine.now();
    task.total = done + skipped;
    task.done = done;
    task.skipped = skipped;
    const quint64 id = task.id;
    const auto it = m_tasks.emplace(id, task).first;
    const store::Store *store = m_engine.store();
    if (!store || sequence == 0 || store->committedSequence() >= sequence)
        finish(it->second, TaskInfo::State::Completed);
    else
        m_importsWaiting.emplace(id, sequence);
    forgetOldTasks();
    return id;
}

void TransferTasks::onCommitted(quint64 sequence)
{
    for (auto it = m_importsWaiting.begin(); it != m_importsWaiting.end();) {
        if (it->second > sequence) {
            ++it;
            continue;
        }
        if (const auto t = m_tasks.find(it->first); t != m_tasks.end())
            finish(t->second, TaskInfo::State::Completed);
        it = m_importsWaiting.erase(it);
    }
}

bool TransferTasks::cancel(quint64 taskId)
{
    const auto it = m_tasks.find(taskId);
    if (it == m_tasks.end())
        return false;
    if (it->second.state != TaskInfo::State::Running)
        return true;
    if (const auto dit = m_deletes.find(taskId); dit != m_deletes.end()) {
        dit->second->cancelRequested = true;
        return true;
    }
    for (auto t = m_taskByTransfer.constBegin(); t != m_taskByTransfer.constEnd(); ++t) {
        if (t.value() == taskId) {
            m_engine.cancelTransfer(t.key());
            break;
        }
    }
    return true;
}

std::optional<TaskInfo> TransferTasks::task(quint64 taskId) const
{
    const auto it = m_tasks.find(taskId);
    if (it == m_tasks.end())
        return std::nullopt;
    return it->second;
}

QList<TaskInfo> TransferTasks::tasks() const
{
    QList<TaskInfo> out;
    for (const auto &[id, task] : m_tasks)
        out.append(task);
    return out;
}

void TransferTasks::onProgress(quint64 transferId, quint64 done, quint64 total)
{
    const auto t = m_taskByTransfer.constFind(transferId);
    if (t == m_taskByTransfer.constEnd())
        return;
    if (const auto it = m_tasks.find(t.value()); it != m_tasks.end()) {
        it->second.done = done;
        it->second.total = total;
    }
}

void TransferTasks::onFinished(const TransferReport &report)
{
    // Transfers others started (the window, synchronous ones) are not ours.
    const quint64 taskId = m_taskByTransfer.take(report.id);
    const auto it = m_tasks.find(taskId);
    if (!taskId || it == m_tasks.end())
        return;
    TaskInfo &task = it->second;
    task.total = report.total;
    task.done = report.done;
    task.skipped = report.skipped;
    task.error = report.error;
    finish(task, report.cancelled ? TaskInfo::State::Cancelled : TaskInfo::State::Completed);
}

void TransferTasks::runDeleteSlice(quint64 taskId)
{
    const auto jit = m_deletes.find(taskId);
    const auto tit = m_tasks.find(taskId);
    if (jit == m_deletes.end() || tit == m_tasks.end())
        return;
    DeleteJob &job = *jit->second;
    TaskInfo &task = tit->second;
    const auto reschedule = [this, taskId] { QTimer::singleShot(0, this, [this, taskId] { runDeleteSlice(taskId); }); };

    if (job.cancelRequested) {
        finish(task, TaskInfo::State::Cancelled);
        m_deletes.erase(jit);
        return;
    }
    if (!m_engine.queue(job.queue)) {
        task.error = QStringLiteral("queue '%1' was deleted").arg(job.queue);
        task.skipped += quint64(job.ids.size() - job.next);
        finish(task, TaskInfo::State::Completed);
        m_deletes.erase(jit);
        return;
    }
    if (job.byFilter) {
        // At most DeleteSlice messages looked at; the matching ready ones go
        // now, before consumers get another turn, and the next slice resumes
        // after the last message looked at, wherever the queue has moved.
        const QList<MessageView> matches = m_engine.browseNext(job.queue, &job.cursor, DeleteSlice, job.filter);
        QList<MessageId> ready;
        for (const MessageView &view : matches) {
            if (view.unacked)
                ++task.skipped;   // in a consumer's hands: not ours to delete
            else
                ready.append(view.state.id);
        }
        task.total += quint64(matches.size());
        deleteChunk(task, job.queue, ready);
        if (job.cursor.done) {
            finish(task, TaskInfo::State::Completed);
            m_deletes.erase(jit);
            return;
        }
        reschedule();
        return;
    }
    const QList<MessageId> chunk = job.ids.mid(job.next, DeleteSlice);
    job.next += chunk.size();
    deleteChunk(task, job.queue, chunk);
    if (job.next >= job.ids.size()) {
        finish(task, TaskInfo::State::Completed);
        m_deletes.erase(jit);
        return;
    }
    reschedule();
}

void TransferTasks::deleteChunk(TaskInfo &task, const QString &queue, const QList<MessageId> &ids)
{
    if (ids.isEmpty())
        return;
    const auto deleted = m_engine.deleteMessages(queue, ids);
    if (!deleted.ok()) {
        task.error = deleted.error.text;
        task.skipped += quint64(ids.size());
    } else {
        task.done += deleted.value;
        // Consumed, moved or expired meanwhile.
        task.skipped += quint64(ids.size()) - deleted.value;
    }
}

void TransferTasks::finish(TaskInfo &task, TaskInfo::State state)
{
    task.state = state;
    task.finishedAtMs = m_engine.now();
    forgetOldTasks();
}

void TransferTasks::forgetOldTasks()
{
    int finished = 0;
    for (const auto &[id, task] : m_tasks)
        finished += task.state != TaskInfo::State::Running ? 1 : 0;
    for (auto it = m_tasks.begin(); finished > KeptFinished && it != m_tasks.end();) {
        if (it->second.state != TaskInfo::State::Running) {
            it = m_tasks.erase(it);
            --finished;
        } else {
            ++it;
        }
    }
}

} // namespace depot::http
