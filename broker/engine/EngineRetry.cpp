#include "broker/engine/EnginePrivate.h"

// EngineRetry.cpp: the retry controls the user drives (the window, Depot's
// HTTP routes) on top of x-retry-delays: retry a waiting message now, retry
// every waiting one, give up on a message (dead-letter it now), reset its
// attempts, and change a queue's schedule. The schedule itself (a consumer's
// return held back, dead-lettered past the list) is retryLater in
// EngineSettlement.cpp.

namespace depot {

using namespace engine_detail;

namespace {

const QString kRetryDelays = QStringLiteral("x-retry-delays");

Error noQueue(const QString &name)
{
    return err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(name));
}

Error noMessage(const QString &queue, MessageId id)
{
    return err(ErrorKind::NotFound, QStringLiteral("no message %1 in queue '%2'").arg(id).arg(queue));
}

bool waitingForRetry(const QueuedMessage &m)
{
    return m.readyAt > 0 && m.deliveryCount > 0;
}

} // namespace

Engine::Private::Located Engine::Private::locate(Queue *queue, MessageId id)
{
    Located found;
    if (Entry *e = queue->index.findReady(id)) {
        found.where = Located::Where::Ready;
        found.ready = e;
        return found;
    }
    for (const auto &[at, e] : queue->index.delayed()) {
        if (e.m.id == id) {
            found.where = Located::Where::Delayed;
            found.delayed = &e;
            return found;
        }
    }
    leases.forEach([&](LeaseHandle, const Lease &l) {
        if (l.queue == queue && l.entry.m.id == id)
            found.where = Located::Where::Leased;
    });
    return found;
}

Error Engine::Private::leasedError(const QString &queue, MessageId id)
{
    return err(ErrorKind::PreconditionFailed,
        QStringLiteral("message %1 in queue '%2' is delivered to a consumer and not settled yet").arg(id).arg(queue));
}

// A waiting message leaves the delayed ones and takes its place by id, its
// due time cleared (stored too, so a restart finds it ready).
void Engine::Private::readyNow(Queue *queue, Entry &&e)
{
    e.m.readyAt = 0;
    if (e.stored && store)
        store->updateMessageState(e.m);
    returnToQueueRaw(queue, std::move(e));
}

Result<void> Engine::retryNow(const QString &queueName, MessageId id)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {noQueue(queueName)};
    const Private::Located found = d->locate(queue, id);
    switch (found.where) {
    case Private::Located::Where::Nowhere:
        return {noMessage(queueName, id)};
    case Private::Located::Where::Leased:
        return {d->leasedError(queueName, id)};
    case Private::Located::Where::Ready:
        return {err(ErrorKind::PreconditionFailed,
            QStringLiteral("message %1 in queue '%2' is ready already, not waiting for a retry")
                .arg(id)
                .arg(queueName))};
    case Private::Located::Where::Delayed:
        break;
    }
    if (!waitingForRetry(found.delayed->m))
        return {err(ErrorKind::PreconditionFailed,
            QStringLiteral("message %1 in queue '%2' was published with a delay and never delivered: it is not "
                           "waiting for a retry")
                .arg(id)
                .arg(queueName))};
    ++d->depth;
    Entry e;
    queue->index.removeDelayed(id, &e);
    d->readyNow(queue, std::move(e));
    d->dispatch(queue);
    --d->depth;
    d->flushGraveyard();
    return {};
}

Result<quint64> Engine::retryAllWaitingNow(const QString &queueName)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {0, noQueue(queueName)};
    std::vector<MessageId> ids;
    for (const auto &[at, e] : queue->index.delayed()) {
        if (waitingForRetry(e.m))
            ids.push_back(e.m.id);
    }
    ++d->depth;
    for (MessageId id : ids) {
        Entry e;
        if (queue->index.removeDelayed(id, &e))
            d->readyNow(queue, std::move(e));
    }
    d->dispatch(queue);
    --d->depth;
    d->flushGraveyard();
    return {quint64(ids.size()), {}};
}

Result<void> Engine::giveUp(const QString &queueName, MessageId id)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {noQueue(queueName)};
    const Private::Located found = d->locate(queue, id);
    if (found.where == Private::Located::Where::Nowhere)
        return {noMessage(queueName, id)};
    if (found.where == Private::Located::Where::Leased)
        return {d->leasedError(queueName, id)};
    // The dead letter carries the body: read a paged-out one first, and
    // leave the message where it is when the store cannot be read (dead-
    // lettering without a body would lose it).
    const Error unreadable = err(ErrorKind::Internal,
        QStringLiteral("the body of message %1 in queue '%2' could not be read from the store; it stays where it is")
            .arg(id)
            .arg(queueName));
    Entry e;
    if (found.where == Private::Located::Where::Ready) {
        std::vector<Entry *> need{found.ready};
        if (!d->ensureContents(need) || !found.ready->m.content)
            return {unreadable};
        e = d->takeReady(queue, found.ready);
    } else {
        queue->index.removeDelayed(id, &e);
        std::vector<Entry *> need{&e};
        if (!d->ensureContents(need) || !e.m.content) {
            const qint64 at = e.m.readyAt;
            queue->index.addDelayed(std::move(e));
            d->schedule(queue, at);
            return {unreadable};
        }
    }
    ++d->depth;
    // The same death its schedule running out gives it: a consumer of the
    // dead-letter queue treats both as "retries given up", and an SQS
    // queue's redrive (which moves only delivery_limit deaths) takes it.
    d->deadLetter(queue, std::move(e), DeathReason::DeliveryLimit);
    --d->depth;
    d->flushGraveyard();
    return {};
}

Result<void> Engine::resetAttempts(const QString &queueName, MessageId id)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {noQueue(queueName)};
    const Private::Located found = d->locate(queue, id);
    if (found.where == Private::Located::Where::Nowhere)
        return {noMessage(queueName, id)};
    if (found.where == Private::Located::Where::Leased)
        return {d->leasedError(queueName, id)};
    const auto record = [this](const Entry &e) {
        // The delivery column overrides the counts in the state record: both
        // say 0 now, so recovery finds the attempts reset.
        if (e.stored && d->store) {
            d->store->updateDeliveryState(e.m.id, 0, e.m.redelivered);
            d->store->updateMessageState(e.m);
        }
    };
    if (found.where == Private::Located::Where::Ready) {
        found.ready->m.deliveryCount = 0;
        record(*found.ready);
        return {};
    }
    Entry e;
    queue->index.removeDelayed(id, &e);
    if (!waitingForRetry(e.m)) {
        // Published with a delay, never delivered: nothing to reset, and it
        // keeps waiting for its delay.
        const qint64 at = e.m.readyAt;
        queue->index.addDelayed(std::move(e));
        d->schedule(queue, at);
        return {};
    }
    // No attempt made means no attempt to wait after: ready now. (A waiting
    // message with count 0 would also pass for a delayed publish, which
    // faces the max-length check when it comes due.)
    e.m.deliveryCount = 0;
    e.m.readyAt = 0;
    record(e);
    ++d->depth;
    d->returnToQueueRaw(queue, std::move(e));
    d->dispatch(queue);
    --d->depth;
    d->flushGraveyard();
    return {};
}

Result<QueueInfo> Engine::setRetryDelays(const QString &queueName, const QVariantList &delays)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {{}, noQueue(queueName)};
    QVariantMap arguments = queue->def.arguments;
    if (delays.isEmpty())
        arguments.remove(kRetryDelays);
    else
        arguments.insert(kRetryDelays, delays);
    // Validated, applied and stored like any change of a queue's arguments:
    // messages already waiting keep their due time, the new schedule applies
    // to the next return.
    return setQueueArguments(queueName, arguments);
}

} // namespace depot
