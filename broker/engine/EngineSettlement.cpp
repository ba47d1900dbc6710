#include "broker/engine/EnginePrivate.h"

#include <algorithm>

// EngineSettlement.cpp: what happens to a message after it is handed out.
// Acks, nacks and rejects by delivery tag; requeue on channel close and
// basic.recover; leases by handle with deadlines (SQS's receipt handles);
// long-poll watchers woken when a queue gains ready messages; deletes by id.

namespace depot {

using namespace engine_detail;

// ---- acknowledgements ----

void Engine::Private::returnToQueueRaw(Queue *queue, Entry &&e)
{
    queue->index.watchExpiry(e);
    const qint64 at = e.m.expiresAt;
    insertReady(queue, std::move(e));
    if (at)
        schedule(queue, at);
}

void Engine::Private::returnToQueue(Queue *queue, Entry &&e, bool consumerRequeue)
{
    e.m.redelivered = true;
    if (queue->args.deliveryLimit >= 0 && !queue->args.limitAtLease
        && qint64(e.m.deliveryCount) > queue->args.deliveryLimit) {
        deadLetter(queue, std::move(e), DeathReason::DeliveryLimit);
        return;
    }
    if (e.m.expiresAt && e.m.expiresAt <= now()) {
        stats.add(Counter::Expired, queue->def.name);
        deadLetter(queue, std::move(e), DeathReason::Expired);
        return;
    }
    if (consumerRequeue && !queue->args.retryDelays.empty()) [[unlikely]] {
        retryLater(queue, std::move(e));
        return;
    }
    // Nothing to write: handOut recorded this very state (the count of the
    // delivery now returned, redelivered) when it handed the message out.
    returnToQueueRaw(queue, std::move(e));
}

// The delivery count says which attempt was refused: the first delivery's
// return waits the first delay, and so on. Returns for other reasons (a
// channel closed, basic.recover, a lease ran out) come back at once but
// their deliveries count too, as for x-delivery-limit. The wait is the
// delayed-message machinery's: the message sits among the queue's delayed
// ones (counted, browsable with its due time) and takes its place again by
// id when the time comes; a stored one has its due time written into its
// state record, so a restart keeps the schedule.
void Engine::Private::retryLater(Queue *queue, Entry &&e)
{
    const auto &delays = queue->args.retryDelays;
    const size_t attempt = std::max<size_t>(e.m.deliveryCount, 1);
    if (attempt > delays.size()) {
        deadLetter(queue, std::move(e), DeathReason::DeliveryLimit);
        return;
    }
    const qint64 delay = delays[attempt - 1];
    if (delay <= 0) {
        returnToQueueRaw(queue, std::move(e));
        return;
    }
    e.m.readyAt = now() + delay;
    if (e.stored && store)
        store->updateMessageState(e.m);
    const qint64 at = e.m.readyAt;
    queue->index.addDelayed(std::move(e));
    schedule(queue, at);
}

void Engine::Private::kickSession(Session *s)
{
    std::vector<quint64> serials;
    for (const auto &[tag, c] : s->consumers)
        serials.push_back(c->queue->serial);
    for (quint64 serial : serials) {
        const auto it = queuesBySerial.find(serial);
        if (it != queuesBySerial.end())
            dispatch(it->second);
    }
}

void Engine::Private::trimSessionLeases(Session *s)
{
    while (!s->leases.empty() && s->leases.front() != StreamLease
           && (s->leases.front() == 0 || !leases.find(s->leases.front()))) {
        s->leases.pop_front();
        ++s->firstTag;
    }
}

// Ends one live lease. A released message goes back to its place (or is
// dead-lettered past its delivery limit); `touched` collects the serials of
// queues to dispatch afterwards, so callers can end many first.
void Engine::Private::endLease(LeaseHandle handle, LeaseEnd how, std::vector<quint64> *touched)
{
    const Lease *l = leases.find(handle);
    Q_ASSERT(l);
    Queue *queue = l->queue;
    const bool storedDeadline = (l->deadline || l->entry.m.firstDeliveredAfter) && l->entry.stored;
    DeliveryNote delivery;
    Entry e = leases.close(handle, &delivery);
    if (!queue || queue->deleted)
        return;
    // A released message keeps the time of its first delivery; any other
    // end removes the message and its row.
    const bool release = how == LeaseEnd::Release || how == LeaseEnd::Expire;
    if (storedDeadline && store)
        store->setLeaseDeadline(e.m.id, 0, release ? e.m.firstDeliveredAt() : 0);
    if (history.enabled()) {
        // By handle: an SQS request (or whoever acts now) settles it; at its
        // deadline the broker requeues it.
        if (how == LeaseEnd::Settle && delivery.at && e.storyPending) {
            noteConsumed(queue, e, delivery, actor, false);
        } else if (HistoryBook::Story *story = storyOf(queue->def.name, e, &delivery)) {
            HistoryEvent ev = historyEvent(how == LeaseEnd::Settle ? HistoryEventKind::Acked : HistoryEventKind::Rejected,
                queue->def.name, how == LeaseEnd::Expire ? 0 : actor);
            ev.flag = release;
            if (how == LeaseEnd::Expire)
                ev.reason = QStringLiteral("lease expired");
            history.record(story, std::move(ev));
            if (how == LeaseEnd::Settle)
                history.gone(e.m.id, now(), {});
        }
    }
    switch (how) {
    case LeaseEnd::Settle:
        if (e.stored && store)
            store->removeMessage(e.m.id);
        stats.add(Counter::Acknowledged, queue->def.name);
        // Its group may be open again (sqs-fifo).
        if (queue->index.grouped() && !queue->watchers.empty() && hasLeasable(queue))
            wakeWatchers(queue);
        break;
    case LeaseEnd::Release:
    case LeaseEnd::Expire:
        returnToQueue(queue, std::move(e));
        if (touched)
            touched->push_back(queue->serial);
        break;
    case LeaseEnd::Reject:
        deadLetter(queue, std::move(e), DeathReason::Rejected);
        break;
    }
}

// action: 0 ack, 1 requeue, 2 reject without requeue (dead-letter or drop).
Result<void> Engine::Private::settleTags(SessionId session, quint64 tag, bool multiple, int action)
{
    const auto sit = sessions.find(session);
    if (sit == sessions.end())
        return {err(ErrorKind::NotFound, QStringLiteral("unknown session %1").arg(session))};
    Session *s = sit->second.get();
    auto unknown = [&] {
        return Result<void>{err(ErrorKind::PreconditionFailed, QStringLiteral("unknown delivery tag %1").arg(tag))};
    };
    if (multiple && tag == 0) {
        // AMQP: multiple with tag 0 means everything outstanding.
        if (s->leases.empty())
            return {};
        tag = s->nextTag() - 1;
    }
    if (s->leases.empty() || tag < s->firstTag || tag >= s->nextTag())
        return unknown();
    const size_t idx = size_t(tag - s->firstTag);
    if (s->leases[idx] == 0 || (s->leases[idx] != StreamLease && !leases.find(s->leases[idx])))
        return unknown();

    ++depth;
    // Take the messages out first: requeueing and dead-lettering run other
    // code (sinks) that may ack on this session and reshape its deque.
    std::vector<std::pair<Queue *, Entry>> taken;
    const QString *statQueue = nullptr;
    quint64 statCount = 0;
    std::vector<quint64> streamTouched;
    for (size_t i = multiple ? 0 : idx; i <= idx; ++i) {
        const LeaseHandle h = std::exchange(s->leases[i], 0);
        if (h == StreamLease) {
            // Ack, nack and reject alike give a stream consumer its credit
            // back; the message stays in the stream (RabbitMQ's settle).
            settleStreamTag(s, s->firstTag + i, &streamTouched);
            continue;
        }
        const Lease *l = h ? leases.find(h) : nullptr;
        if (!l)
            continue;
        Queue *queue = l->queue;
        const bool storedDeadline = (l->deadline || l->entry.m.firstDeliveredAfter) && l->entry.stored && store;
        DeliveryNote delivery;
        Entry e = leases.close(h, &delivery);
        if (storedDeadline)
            store->setLeaseDeadline(e.m.id, 0, action == 1 ? e.m.firstDeliveredAt() : 0);
        if (queue && history.enabled()) {
            if (action == 0 && delivery.at && e.storyPending) {
                // Published, delivered once, acked: one compact record.
                noteConsumed(queue, e, delivery, s->historyActor, false);
            } else if (HistoryBook::Story *story = storyOf(queue->def.name, e, &delivery)) {
                HistoryEvent ev = historyEvent(
                    action == 0 ? HistoryEventKind::Acked : HistoryEventKind::Rejected, queue->def.name, s->historyActor);
                ev.flag = action == 1;
                history.record(story, std::move(ev));
                if (action == 0)
                    history.gone(e.m.id, now(), {});
            }
        }
        if (action == 0) {
            if (queue) {
                if (e.stored && store)
                    store->removeMessage(e.m.id);
                if (statQueue && *statQueue == queue->def.name) {
                    ++statCount;
                } else {
                    if (statQueue)
                        stats.add(Counter::Acknowledged, *statQueue, statCount);
                    statQueue = &queue->def.name;
                    statCount = 1;
                }
            }
        } else if (queue) {
            taken.emplace_back(queue, std::move(e));
        }
    }
    if (statQueue)
        stats.add(Counter::Acknowledged, *statQueue, statCount);
    trimSessionLeases(s);

    std::vector<quint64> touched = std::move(streamTouched);
    for (auto &[queue, e] : taken) {
        if (queue->deleted)
            continue;
        if (action == 1) {
            returnToQueue(queue, std::move(e), true);
            touched.push_back(queue->serial);
        } else {
            deadLetter(queue, std::move(e), DeathReason::Rejected);
        }
    }
    for (quint64 serial : touched) {
        if (const auto it = queuesBySerial.find(serial); it != queuesBySerial.end())
            dispatch(it->second);
    }
    if (sessions.count(session))
        kickSession(s);
    --depth;
    flushGraveyard();
    return {};
}

Result<void> Engine::ack(SessionId session, quint64 deliveryTag, bool multiple)
{
    return d->settleTags(session, deliveryTag, multiple, 0);
}

Result<void> Engine::nack(SessionId session, quint64 deliveryTag, bool multiple, bool requeue)
{
    return d->settleTags(session, deliveryTag, multiple, requeue ? 1 : 2);
}

Result<void> Engine::reject(SessionId session, quint64 deliveryTag, bool requeue)
{
    return d->settleTags(session, deliveryTag, false, requeue ? 1 : 2);
}

void Engine::Private::requeueSessionUnacked(Session *s, bool disown)
{
    struct Taken
    {
        Queue *queue = nullptr;
        Entry entry;
        DeliveryNote delivery;
    };
    std::vector<Taken> taken;
    std::vector<quint64> touched;
    for (size_t i = 0; i < s->leases.size(); ++i) {
        LeaseHandle &h = s->leases[i];
        if (h == StreamLease) {
            // Nothing to give back to a stream: the consumer's credit returns.
            settleStreamTag(s, s->firstTag + i, &touched);
            h = 0;
            continue;
        }
        const Lease *l = h ? leases.find(h) : nullptr;
        if (!l || l->owner != s)
            continue;
        if (l->deadline) {
            // A lease with a deadline runs until its deadline, whoever took it.
            if (disown) {
                leases.disown(h);
                h = 0;
            }
            continue;
        }
        Queue *queue = l->queue;
        DeliveryNote delivery;
        Entry e = leases.close(std::exchange(h, 0), &delivery);
        if (queue)
            taken.push_back({queue, std::move(e), std::move(delivery)});
    }
    trimSessionLeases(s);
    for (auto &[queue, e, delivery] : taken) {
        if (queue->deleted)
            continue;
        if (history.enabled()) {
            // Requeued without a nack: the story says why.
            if (HistoryBook::Story *story = storyOf(queue->def.name, e, &delivery)) {
                HistoryEvent ev = historyEvent(HistoryEventKind::Rejected, queue->def.name, s->historyActor);
                ev.flag = true;
                ev.reason = disown ? QStringLiteral("channel closed") : QStringLiteral("recovered");
                history.record(story, std::move(ev));
            }
        }
        returnToQueue(queue, std::move(e));
        touched.push_back(queue->serial);
    }
    for (quint64 serial : touched) {
        if (const auto it = queuesBySerial.find(serial); it != queuesBySerial.end())
            dispatch(it->second);
    }
}

Result<void> Engine::recoverSession(SessionId session, bool requeue)
{
    // Both forms requeue: the message may then go to another consumer, which
    // AMQP permits for requeue=false too ("redelivered to the original
    // recipient" cannot be promised once the recipient's credit is gone).
    Q_UNUSED(requeue);
    const auto sit = d->sessions.find(session);
    if (sit == d->sessions.end())
        return {err(ErrorKind::NotFound, QStringLiteral("unknown session %1").arg(session))};
    ++d->depth;
    d->requeueSessionUnacked(sit->second.get(), false);
    if (d->sessions.count(session))
        d->kickSession(sit->second.get());
    --d->depth;
    d->flushGraveyard();
    return {};
}

// ---- leases by handle ----

Result<QList<Delivery>> Engine::lease(const QString &queueName, quint32 maxCount, qint64 timeoutMs, SessionId owner)
{
    Session *s = nullptr;
    if (owner) {
        const auto sit = d->sessions.find(owner);
        if (sit == d->sessions.end())
            return {{}, err(ErrorKind::NotFound, QStringLiteral("unknown session %1").arg(owner))};
        s = sit->second.get();
    }
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {{}, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(queueName))};
    if (Error e = d->lockedError(queue, s ? s->connection : 0))
        return {{}, e};
    if (timeoutMs < 0)
        return {{}, err(ErrorKind::InvalidArgument, QStringLiteral("negative lease timeout %1").arg(timeoutMs))};
    d->noteUsed(queue);
    // A deadline of "now" (timeout 0) is still a deadline: the message is
    // handed out and ready again at the next timer run.
    const qint64 deadline = std::max<qint64>(1, now() + timeoutMs);
    QList<Delivery> out;
    ++d->depth;
    Entry e;
    // sqs-fifo: the groups this call takes from stay open to it (SQS returns
    // as many messages of one group as it can in one receive, in order).
    std::vector<QString> taking;
    const bool grouped = queue->index.grouped();
    while (
        quint32(out.size()) < maxCount && !queue->deleted && !queue->paused && d->popForDelivery(queue, &e, &taking)) {
        if (grouped && std::find(taking.begin(), taking.end(), e.m.content->groupKey) == taking.end())
            taking.push_back(e.m.content->groupKey);
        out.append(d->handOut(queue, nullptr, s, std::move(e), false, deadline));
    }
    --d->depth;
    d->flushGraveyard();
    return {out, {}};
}

Result<void> Engine::extendLease(LeaseHandle handle, qint64 timeoutMs)
{
    const Lease *l = d->leases.find(handle);
    if (!l)
        return {err(ErrorKind::NotFound, QStringLiteral("unknown lease %1").arg(handle))};
    if (timeoutMs < 0)
        return {err(ErrorKind::InvalidArgument, QStringLiteral("negative lease timeout %1").arg(timeoutMs))};
    if (timeoutMs == 0)
        return release(handle);
    const qint64 deadline = now() + timeoutMs;
    if (l->entry.stored && d->store && l->queue)
        d->store->setLeaseDeadline(l->entry.m.id, deadline, l->entry.m.firstDeliveredAt());
    d->leases.setDeadline(handle, deadline);
    d->scheduleLeaseDeadline(deadline);
    return {};
}

Result<void> Engine::settle(LeaseHandle handle)
{
    if (!d->leases.find(handle))
        return {err(ErrorKind::NotFound, QStringLiteral("unknown lease %1").arg(handle))};
    ++d->depth;
    d->endLease(handle, Private::LeaseEnd::Settle, nullptr);
    --d->depth;
    d->flushGraveyard();
    return {};
}

Result<void> Engine::release(LeaseHandle handle)
{
    if (!d->leases.find(handle))
        return {err(ErrorKind::NotFound, QStringLiteral("unknown lease %1").arg(handle))};
    ++d->depth;
    std::vector<quint64> touched;
    d->endLease(handle, Private::LeaseEnd::Release, &touched);
    for (quint64 serial : touched) {
        if (const auto it = d->queuesBySerial.find(serial); it != d->queuesBySerial.end())
            d->dispatch(it->second);
    }
    --d->depth;
    d->flushGraveyard();
    return {};
}

quint64 Engine::leaseCount() const
{
    return d->leases.size();
}

quint64 Engine::leasesWithDeadline() const
{
    return d->leases.withDeadline();
}

// ---- long polling ----

void Engine::Private::wakeWatchers(Queue *queue)
{
    // A paused queue has nothing to lease; resuming wakes them (and a
    // deleted queue always does).
    if (queue->paused && !queue->deleted)
        return;
    std::vector<quint64> ids;
    ids.swap(queue->watchers);
    for (quint64 id : ids) {
        const auto it = watches.find(id);
        if (it == watches.end())
            continue;
        it->second.queueSerial = 0;
        // Queued: the wake may run any code of the adapter's (a lease, a
        // reply), which must not run inside the publish that woke it.
        QMetaObject::invokeMethod(q, [this, id] { fireWatch(id); }, Qt::QueuedConnection);
    }
}

void Engine::Private::fireWatch(quint64 id)
{
    const auto it = watches.find(id);
    if (it == watches.end())
        return; // unwatched after it was queued
    std::function<void()> wake = std::move(it->second.wake);
    watches.erase(it);
    if (wake)
        wake();
}

quint64 Engine::watchReady(const QString &queueName, std::function<void()> wake)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return 0;
    const quint64 id = d->nextWatchId++;
    d->watches.emplace(id, Private::Watch{queue->serial, std::move(wake)});
    queue->watchers.push_back(id);
    if (d->hasLeasable(queue))
        d->wakeWatchers(queue);
    return id;
}

void Engine::unwatchReady(quint64 watch)
{
    const auto it = d->watches.find(watch);
    if (it == d->watches.end())
        return;
    if (const quint64 serial = it->second.queueSerial) {
        if (const auto qit = d->queuesBySerial.find(serial); qit != d->queuesBySerial.end()) {
            auto &list = qit->second->watchers;
            list.erase(std::remove(list.begin(), list.end(), watch), list.end());
        }
    }
    d->watches.erase(it);
}

quint64 Engine::watchCount() const
{
    return d->watches.size();
}

Result<quint64> Engine::deleteMessages(const QString &queueName, const QList<MessageId> &ids)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {0, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(queueName))};
    quint64 removed = 0;
    for (MessageId id : ids) {
        if (Entry *found = queue->index.findReady(id)) {
            d->storyOf(queueName, *found);
            d->history.gone(id, now(), d->historyEvent(HistoryEventKind::Deleted, queueName, d->actor));
            d->dropEntry(queue, d->takeReady(queue, found));
            ++removed;
            continue;
        }
        Entry e;
        if (queue->index.removeDelayed(id, &e)) {
            d->storyOf(queueName, e);
            d->history.gone(id, now(), d->historyEvent(HistoryEventKind::Deleted, queueName, d->actor));
            d->dropEntry(queue, std::move(e));
            ++removed;
        }
    }
    return {removed, {}};
}

} // namespace depot
