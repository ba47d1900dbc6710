#include "broker/engine/EnginePrivate.h"

// EngineAside.cpp: undo for the window's Delete and Purge. The messages are
// taken out of their queue into a batch kept for Engine::AsideHoldMs, and
// either put back at their places (restoreAside) or removed for good when
// the time runs out or Depot quits cleanly. The store is told only then: a
// set-aside message keeps its row, in its queue, so a crash meanwhile brings
// it back with its queue at the next start (docs/ARCHITECTURE.md, "Undo").

#include <algorithm>

namespace depot {

using namespace engine_detail;

namespace {

Error notFound(const QString &queue)
{
    return err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(queue));
}

} // namespace

AsideReport Engine::Private::keepAside(Queue *queue, std::vector<Entry> &&entries, HistoryEventKind kind)
{
    // Their stories say so now and end when the undo time runs out.
    if (history.enabled()) {
        std::vector<const Entry *> all;
        all.reserve(entries.size());
        for (const Entry &e : entries)
            all.push_back(&e);
        makeStories(queue->def.name, all);
        for (Entry &e : entries) {
            e.storyPending = false;
            history.record(e.m.id, historyEvent(kind, queue->def.name, actor));
        }
    }
    AsideReport report;
    report.queue = queue->def.name;
    report.count = entries.size();
    report.until = now() + AsideHoldMs;
    if (entries.empty())
        return report; // nothing to undo: no batch
    // A body the store holds (committed) leaves memory while it waits: a
    // purge of millions keeps their index entries here, not their bodies.
    const quint64 committed = store ? store->committedSequence() : 0;
    for (Entry &e : entries) {
        if (e.stored && store && e.storeSeq <= committed)
            e.m.content.reset();
    }
    report.token = nextAsideToken++;
    aside.emplace(report.token, AsideBatch{queue->serial, queue->def.name, report.until, std::move(entries)});
    armAsideTimer();
    return report;
}

void Engine::Private::discardAside(std::map<quint64, AsideBatch>::iterator it)
{
    AsideBatch batch = std::move(it->second);
    aside.erase(it);
    if (history.enabled()) {
        const qint64 at = now();
        for (const Entry &e : batch.entries)
            history.gone(e.m.id, at, {});
    }
    if (!store)
        return;
    // Rows of a queue deleted meanwhile went with it; removing them again
    // changes nothing.
    std::vector<MessageId> rows;
    for (const Entry &e : batch.entries) {
        if (!e.stored)
            continue;
        if (e.m.firstDeliveredAfter) // SQS kinds: its first delivery's row goes too
            store->setLeaseDeadline(e.m.id, 0, 0);
        rows.push_back(e.m.id);
    }
    store->removeMessages(rows);
}

void Engine::Private::processAside(qint64 nowMs)
{
    while (!aside.empty()) {
        auto due = std::min_element(aside.begin(), aside.end(),
            [](const auto &a, const auto &b) { return a.second.until < b.second.until; });
        if (due->second.until > nowMs)
            break;
        discardAside(due);
    }
    armAsideTimer();
}

void Engine::Private::armAsideTimer()
{
    qint64 next = 0;
    for (const auto &[token, batch] : aside)
        next = next ? std::min(next, batch.until) : batch.until;
    if (!next) {
        asideTimer.stop();
        return;
    }
    asideTimer.start(int(std::clamp<qint64>(next - now(), 0, AsideHoldMs)));
}

bool Engine::Private::hasAside(const Queue *queue) const
{
    return std::any_of(
        aside.begin(), aside.end(), [queue](const auto &entry) { return entry.second.queueSerial == queue->serial; });
}

Result<AsideReport> Engine::setAside(const QString &queueName, const QList<MessageId> &ids)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {{}, notFound(queueName)};
    std::vector<Entry> taken;
    for (MessageId id : ids) {
        if (Entry *found = queue->index.findReady(id)) {
            taken.push_back(d->takeReady(queue, found));
            continue;
        }
        Entry e;
        if (queue->index.removeDelayed(id, &e))
            taken.push_back(std::move(e));
    }
    return {d->keepAside(queue, std::move(taken), HistoryEventKind::Deleted), {}};
}

Result<AsideReport> Engine::setAsideAll(const QString &queueName)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {{}, notFound(queueName)};
    return {d->keepAside(queue, queue->index.takeAll(), HistoryEventKind::Purged), {}};
}

Result<quint64> Engine::restoreAside(quint64 token)
{
    const auto it = d->aside.find(token);
    if (it == d->aside.end()) {
        return {0, err(ErrorKind::NotFound,
                       QStringLiteral("nothing is set aside under %1 any more: its undo time ran out").arg(token))};
    }
    const auto qit = d->queuesBySerial.find(it->second.queueSerial);
    if (qit == d->queuesBySerial.end()) {
        const QString name = it->second.queue;
        d->discardAside(it);
        d->armAsideTimer();
        return {0, err(ErrorKind::NotFound, QStringLiteral("queue '%1' was deleted with its messages").arg(name))};
    }
    Queue *queue = qit->second;
    std::vector<Entry> entries = std::move(it->second.entries);
    d->aside.erase(it);
    d->armAsideTimer();
    const quint64 count = entries.size();
    const qint64 nowMs = d->now();
    std::vector<Entry> ready;
    ready.reserve(entries.size());
    for (Entry &e : entries) {
        d->history.record(e.m.id, d->historyEvent(HistoryEventKind::Restored, queue->def.name, d->actor));
        // Still delayed (or waiting for a retry): back among the delayed;
        // one whose time came meanwhile is ready, as the timers would have made it.
        if (e.m.readyAt > nowMs) {
            queue->index.addDelayed(std::move(e));
            continue;
        }
        e.m.readyAt = 0;
        if (e.stored && e.m.content)
            queue->index.addPageCandidate(e);
        ready.push_back(std::move(e));
    }
    ++d->depth;
    queue->index.restoreReady(std::move(ready));
    // What expired meanwhile expires (or is dead-lettered) now, as it would have.
    d->schedule(queue, d->nextDue(queue));
    if (!queue->watchers.empty())
        d->wakeWatchers(queue);
    d->dispatch(queue);
    --d->depth;
    d->flushGraveyard();
    return {count, {}};
}

void Engine::discardAllAside()
{
    while (!d->aside.empty())
        d->discardAside(d->aside.begin());
    d->asideTimer.stop();
}

quint64 Engine::asideCount() const
{
    quint64 count = 0;
    for (const auto &[token, batch] : d->aside)
        count += batch.entries.size();
    return count;
}

} // namespace depot
