#include "broker/engine/EnginePrivate.h"

#include <QLoggingCategory>

// EnginePersistence.cpp: what the engine writes to the store, recovery at
// start, and paging of message bodies: a committed body deep in a queue is
// dropped from memory and read back in batches ahead of delivery.

namespace depot {

using namespace engine_detail;

void Engine::Private::persistInsert(Queue *queue, Entry &e, const ContentPtr &content)
{
    if (!store || !queue->storeId || !e.m.persistent)
        return;
    Q_ASSERT(e.m.content == content);
    store->insertMessage(queue->storeId, e.m);
    e.stored = true;
    e.storeSeq = store->pendingSequence();
}

void Engine::Private::onCommitted(quint64 sequence)
{
    // Bodies the reader connection can now see may leave memory, unless the
    // message has come near its queue's head meanwhile.
    for (auto &[name, queue] : queues)
        queue->index.dropCommittedBodies(sequence, InMemoryHead);
}

namespace {

// Counts one body in the meter for as long as it lives.
struct MeterCharge
{
    MeterCharge(std::shared_ptr<BodyMeter> m, qint64 b) : meter(std::move(m)), bytes(b)
    {
        meter->bytes.fetch_add(bytes, std::memory_order_relaxed);
        meter->bodies.fetch_add(1, std::memory_order_relaxed);
    }
    ~MeterCharge()
    {
        meter->bytes.fetch_sub(bytes, std::memory_order_relaxed);
        meter->bodies.fetch_sub(1, std::memory_order_relaxed);
    }
    Q_DISABLE_COPY_MOVE(MeterCharge)

    const std::shared_ptr<BodyMeter> meter;
    const qint64 bytes;
};

// One allocation, like make_shared<MessageContent>: the content and its
// bookkeeping live together; the ContentPtr handed out aliases `content`.
struct MeteredContent
{
    MeteredContent(MessageContent &&c, std::shared_ptr<BodyMeter> m)
        : content(std::move(c)), charge(std::move(m), content.body.size())
    {
    }

    const MessageContent content;
    const MeterCharge charge;
};

// A content the store made, kept alive and counted while the engine holds it.
struct MeteredLoad
{
    MeteredLoad(ContentPtr c, std::shared_ptr<BodyMeter> m)
        : content(std::move(c)), charge(std::move(m), content->body.size())
    {
    }

    const ContentPtr content;
    const MeterCharge charge;
};

} // namespace

ContentPtr Engine::Private::trackContent(MessageContent &&content) const
{
    auto holder = std::make_shared<MeteredContent>(std::move(content), bodyMeter);
    return ContentPtr(holder, &holder->content);
}

ContentPtr Engine::Private::withOrigin(const ContentPtr &content, const QString &queue, qint64 enqueuedAt) const
{
    if (!content || content->origin)
        return content;
    MessageContent copy = *content;
    copy.origin = MessageOrigin{queue, enqueuedAt};
    return trackContent(std::move(copy));
}

ContentPtr Engine::Private::trackLoaded(ContentPtr loaded) const
{
    if (!loaded)
        return loaded;
    auto holder = std::make_shared<MeteredLoad>(std::move(loaded), bodyMeter);
    return ContentPtr(holder, holder->content.get());
}

ContentPtr Engine::Private::contentOf(const Entry &e) const
{
    if (e.m.content || !store)
        return e.m.content;
    return store->loadContents({e.m.id}).value(e.m.id);
}

bool Engine::Private::ensureContents(std::vector<Entry *> &entries)
{
    if (!store || entries.empty())
        return true;
    QList<MessageId> ids;
    ids.reserve(qsizetype(entries.size()));
    for (const Entry *e : entries) {
        if (!e->m.content)
            ids.append(e->m.id);
    }
    if (ids.isEmpty())
        return true;
    bool ok = true;
    const QHash<MessageId, ContentPtr> loaded = store->loadContents(ids, &ok);
    for (Entry *e : entries) {
        if (!e->m.content)
            e->m.content = trackLoaded(loaded.value(e->m.id));
    }
    return ok;
}

bool Engine::Private::loadAhead(Queue *queue, int level)
{
    std::vector<Entry *> batch;
    auto &dq = queue->index.level(level);
    for (auto it = dq.begin(); it != dq.end() && batch.size() < size_t(LoadBatch); ++it) {
        if (!it->dead && !it->m.content)
            batch.push_back(&*it);
    }
    return ensureContents(batch);
}

void Engine::recover()
{
    if (!d->store)
        return;
    store::RecoveredState state = d->store->recover();
    d->recoverPolicies(state.policies);
    for (const ExchangeDef &def : std::as_const(state.exchanges)) {
        if (!d->registry.contains(def.name))
            d->registry.add(def);
    }
    // Built-in exchanges too: a policy may match them.
    for (const ExchangeDef &def : d->registry.exchanges())
        d->applyExchangePolicy(def.name);
    const qint64 nowMs = now();
    // Messages a crash took back from their consumers past the queue's
    // delivery limit: dead-lettered as a return would have done, once every
    // queue and binding is back so their dead-letter route exists.
    std::vector<std::pair<quint64, Entry>> overLimit;
    QSet<MessageId> liveIds;
    for (store::RecoveredQueue &rq : state.queues) {
        QString why;
        auto args = QueueArguments::parse(rq.def.arguments, rq.def.name, &why);
        if (!args || rq.def.exclusive) {
            // Exclusive queues die with their connection; one that is in the
            // store is left over from a crash.
            if (!args)
                qWarning("depot: dropping stored queue '%s': %s", qPrintable(rq.def.name), qPrintable(why));
            d->store->removeQueue(rq.storeId);
            continue;
        }
        Queue *queue = d->createQueue(rq.def, *args, rq.storeId);
        queue->paused = rq.paused;
        // What recovery does below (the delivery limit) follows the policies.
        d->applyPolicies(queue, false);
        *args = queue->args;
        for (const store::RecoveredMessage &m : std::as_const(rq.messages)) {
            Entry e;
            e.m.id = m.id;
            if (d->history.enabled()) {
                liveIds.insert(m.id);
                // Its story is in the journal, or made from its row when
                // needed (its content names the publisher).
                e.storyPending = true;
                e.recovered = true;
            }
            e.m.enqueuedAt = m.enqueuedAt;
            e.m.expiresAt = m.expiresAt;
            e.m.readyAt = m.readyAt;
            e.m.bodySize = m.bodySize;
            e.m.deliveryCount = m.deliveryCount;
            e.m.priority = quint8(std::min<int>(m.priority, args->maxPriority));
            e.m.persistent = true;
            e.m.redelivered = m.redelivered;
            if (m.firstDeliveredAt && args->isSqs())
                e.m.firstDeliveredAfter =
                    quint32(std::clamp<qint64>(m.firstDeliveredAt - m.enqueuedAt + 1, 1, UINT32_MAX));
            e.stored = true;
            if (m.leaseDeadline > nowMs) {
                // Leased with a deadline still ahead: it stays invisible,
                // leased by nobody, until the deadline (or a settle).
                e.m.readyAt = 0;
                if (args->isFifo()) {
                    // Its group stays blocked: the tracker reads the group key.
                    std::vector<Entry *> one{&e};
                    d->ensureContents(one);
                }
                d->leases.open(queue, nullptr, nullptr, std::move(e), m.leaseDeadline);
                d->scheduleLeaseDeadline(m.leaseDeadline);
                continue;
            }
            if (m.leaseDeadline) {
                // Its deadline passed while Depot was stopped: ready again, as
                // after a requeue (the delivery was counted when it was made).
                d->store->setLeaseDeadline(m.id, 0, e.m.firstDeliveredAt());
            }
            if (args->deliveryLimit >= 0 && !args->limitAtLease && qint64(e.m.deliveryCount) > args->deliveryLimit) {
                overLimit.emplace_back(queue->serial, std::move(e));
                continue;
            }
            if (m.readyAt > nowMs) {
                queue->index.addDelayed(std::move(e));
                continue;
            }
            e.m.readyAt = 0;
            queue->index.watchExpiry(e);
            // Recovery goes in id order, so each level stays sorted. Bodies
            // are not in memory: nothing to page.
            queue->index.pushReady(std::move(e), Private::InMemoryHead);
        }
        if (args->isFifo()) {
            // Grouped queues keep their bodies in memory (QueueIndex).
            std::vector<Entry *> all;
            for (int level = 0; level < queue->index.levelCount(); ++level)
                for (Entry &e : queue->index.level(level))
                    all.push_back(&e);
            d->ensureContents(all);
            for (const store::RecoveredDeduplication &s : std::as_const(rq.deduplication)) {
                if (s.expiresAt <= nowMs)
                    continue;
                queue->deduplication[s.key] = Queue::Seen{s.id, s.publisherMessageId, s.expiresAt};
                queue->deduplicationOrder.emplace_back(s.expiresAt, s.key);
            }
        }
        d->schedule(queue, d->nextDue(queue));
    }
    for (const BindingDef &b : std::as_const(state.bindings)) {
        const bool sourceOk = d->registry.contains(b.source);
        const bool destOk = b.destinationKind == DestinationKind::Queue ? d->findQueue(b.destination) != nullptr
                                                                         : d->registry.contains(b.destination);
        if (sourceOk && destOk)
            d->registry.bind(b);
        else
            d->store->removeBinding(b);
    }
    d->lastMessageId = std::max(d->lastMessageId, state.maxMessageId);
    // The stories of stored messages, and of gone ones still kept.
    if (d->history.enabled())
        d->history.recover(state.historyJournal, liveIds, nowMs);
    if (!overLimit.empty()) {
        ++d->depth;
        for (auto &[serial, e] : overLimit) {
            if (const auto it = d->queuesBySerial.find(serial); it != d->queuesBySerial.end())
                d->deadLetter(it->second, std::move(e), DeathReason::DeliveryLimit);
        }
        --d->depth;
        d->flushGraveyard();
        qInfo("depot: %zu recovered messages were past their queue's delivery limit; dead-lettered",
              overLimit.size());
    }
    Q_EMIT topologyChanged();
}

} // namespace depot
