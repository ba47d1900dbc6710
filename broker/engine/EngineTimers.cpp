#include "broker/engine/EnginePrivate.h"

// EngineTimers.cpp: everything that happens because time passed — messages
// expiring (anywhere in a queue, not only at its head), delayed messages
// becoming visible, unused queues expiring (x-expires). One QTimer on the
// engine is armed for the earliest due time; tests drive processTimers()
// with a fake clock instead.

namespace depot {

using namespace engine_detail;

void Engine::Private::schedule(Queue *queue, qint64 at)
{
    if (at <= 0)
        return;
    if (queue->scheduledWake != 0 && queue->scheduledWake <= at)
        return;   // an earlier wake-up will reschedule this one
    queue->scheduledWake = at;
    wakeups.emplace(at, queue->serial);
    armTimer();
}

void Engine::Private::scheduleLeaseDeadline(qint64 at)
{
    // Serial 0 names no queue: it is the tracker's turn. One entry at a
    // time, the earliest; a deadline that moved later leaves it harmless
    // (nothing is due, the next one is scheduled then).
    if (at <= 0 || (leaseWake != 0 && leaseWake <= at))
        return;
    leaseWake = at;
    wakeups.emplace(at, 0);
    armTimer();
}

// A lease whose deadline passed ends as a release: the message is ready
// again at its place, redelivered, with the delivery it had counted.
void Engine::Private::processLeaseDeadlines(qint64 nowMs)
{
    std::vector<quint64> touched;
    while (const LeaseHandle h = leases.takeDue(nowMs))
        endLease(h, LeaseEnd::Expire, &touched);
    for (quint64 serial : touched) {
        if (const auto it = queuesBySerial.find(serial); it != queuesBySerial.end())
            dispatch(it->second);
    }
}

void Engine::Private::armTimer()
{
    if (wakeups.empty()) {
        timer.stop();
        timerArmedFor = 0;
        return;
    }
    const qint64 due = wakeups.top().first;
    if (timer.isActive() && timerArmedFor == due)
        return;
    timerArmedFor = due;
    timer.start(int(std::clamp<qint64>(due - now(), 0, 24 * 3600 * 1000)));
}

void Engine::Private::noteUsed(Queue *queue)
{
    queue->lastUsed = now();
    if (queue->args.expires > 0 && queue->consumers.empty())
        schedule(queue, queue->lastUsed + queue->args.expires);
}

qint64 Engine::Private::nextDue(const Queue *queue) const
{
    qint64 due = 0;
    auto consider = [&due](qint64 t) {
        if (t > 0 && (due == 0 || t < due))
            due = t;
    };
    consider(queue->index.nextExpiry());
    consider(queue->index.nextDelayedAt());
    if (queue->args.expires > 0 && queue->consumers.empty())
        consider(queue->lastUsed + queue->args.expires);
    return due;
}

void Engine::Private::processQueueTimers(Queue *queue, qint64 nowMs)
{
    // Unused for its x-expires period: the queue goes, messages and all.
    if (queue->args.expires > 0 && queue->consumers.empty() && nowMs >= queue->lastUsed + queue->args.expires) {
        destroyQueue(queue, true, QStringLiteral("queue expired"));
        return;
    }
    // Delayed messages whose time has come take their place in the queue.
    while (queue->index.delayedCount() && queue->index.nextDelayedAt() <= nowMs) {
        Entry e = queue->index.takeFirstDelayed();
        e.m.readyAt = 0;
        if (e.m.expiresAt && e.m.expiresAt <= nowMs) {
            stats.add(Counter::Expired, queue->def.name);
            deadLetter(queue, std::move(e), DeathReason::Expired);
            continue;
        }
        // A message held back by x-retry-delays (delivered before) was
        // accepted into the queue long ago: it returns even to a full queue.
        if (e.m.deliveryCount == 0 && !applyOverflow(queue, e.m.bodySize, e.m.content, nullptr)) {
            if (queue->args.overflow != QueueArguments::Overflow::RejectPublish)
                deadLetter(queue, std::move(e), DeathReason::MaxLen);
            else
                dropEntry(queue, std::move(e));
            continue;
        }
        returnToQueueRaw(queue, std::move(e));
        if (queue->deleted)
            return;
    }
    // Expired messages, wherever they are. Bodies of paged-out ones are read
    // in one batch before they are dead-lettered, or their story is made
    // (it is read off the body: Engine::Private::storyOf).
    const std::vector<std::pair<MessageId, quint8>> due = queue->index.takeDueExpiries(nowMs);
    if (!due.empty()) {
        if (queue->args.deadLetterExchange || history.enabled()) {
            std::vector<Entry *> need;
            for (const auto &[id, level] : due) {
                Entry *e = findReady(queue, id, level);
                if (e && !e->m.content && (queue->args.deadLetterExchange || e->storyPending))
                    need.push_back(e);
            }
            ensureContents(need);
        }
        for (const auto &[id, level] : due) {
            if (queue->deleted)
                return;
            Entry *e = findReady(queue, id, level);
            if (!e)
                continue;
            Entry expired = takeReady(queue, e);
            stats.add(Counter::Expired, queue->def.name);
            deadLetter(queue, std::move(expired), DeathReason::Expired);
        }
    }
    if (queue->deleted)
        return;
    dispatch(queue);
}

void Engine::processTimers()
{
    const qint64 nowMs = now();
    ++d->depth;
    while (!d->wakeups.empty() && d->wakeups.top().first <= nowMs) {
        const quint64 serial = d->wakeups.top().second;
        d->wakeups.pop();
        if (serial == 0) {
            d->leaseWake = 0;
            d->processLeaseDeadlines(nowMs);
            // All due leases ended above: the next deadline lies ahead.
            if (const qint64 next = d->leases.nextDeadline(); next > nowMs)
                d->scheduleLeaseDeadline(next);
            continue;
        }
        const auto it = d->queuesBySerial.find(serial);
        if (it == d->queuesBySerial.end())
            continue;
        Queue *queue = it->second;
        queue->scheduledWake = 0;
        d->processQueueTimers(queue, nowMs);
        if (!queue->deleted)
            d->schedule(queue, d->nextDue(queue));
    }
    // Messages set aside by the window's Delete or Purge whose undo time ran out.
    if (!d->aside.empty())
        d->processAside(nowMs);
    --d->depth;
    d->flushGraveyard();
    d->armTimer();
}

} // namespace depot
