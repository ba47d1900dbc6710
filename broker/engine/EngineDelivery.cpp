#include "broker/engine/EnginePrivate.h"

#include <QRandomGenerator>

#include <algorithm>

// EngineDelivery.cpp: the message path. Publish routes and enqueues; the
// ready index per queue; dispatch to consumers (prefetch, priorities,
// round-robin, single active consumer); get; ack, nack, reject, requeue.

namespace depot {

using namespace engine_detail;

namespace {

Error err(ErrorKind kind, const QString &text)
{
    return Error{kind, text};
}

const QString kDelay = QStringLiteral("x-delay");
const QString kPriorityArg = QStringLiteral("x-priority");

// A per-message expiration: a non-negative integer in a decimal string.
std::optional<qint64> parseExpiration(const QString &s)
{
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    if (!ok || v < 0)
        return std::nullopt;
    return v;
}

} // namespace

// ---- the ready index ----

void Engine::Private::pushReady(Queue *queue, Entry &&e)
{
    const quint8 level = queue->levelFor(e.m.priority);
    ++queue->readyCount;
    queue->readyBytes += e.m.bodySize;
    if (e.stored && e.m.content && queue->readyCount > InMemoryHead)
        queue->pageCandidates.emplace_back(e.storeSeq, e.m.id, level);
    queue->levels[level].push_back(std::move(e));
}

void Engine::Private::insertReady(Queue *queue, Entry &&e)
{
    const quint8 level = queue->levelFor(e.m.priority);
    auto &dq = queue->levels[level];
    ++queue->readyCount;
    queue->readyBytes += e.m.bodySize;
    if (dq.empty() || dq.back().m.id < e.m.id) {
        dq.push_back(std::move(e));
        return;
    }
    auto it = std::lower_bound(dq.begin(), dq.end(), e.m.id, [](const Entry &x, MessageId v) { return x.m.id < v; });
    if (it != dq.end() && it->m.id == e.m.id && it->dead) {
        *it = std::move(e);   // its own tombstone: revive it in place
        --queue->tombstones[level];
        return;
    }
    dq.insert(it, std::move(e));
}

Engine::Private::Entry *Engine::Private::findReady(Queue *queue, MessageId id, quint8 level)
{
    auto &dq = queue->levels[level];
    auto it = std::lower_bound(dq.begin(), dq.end(), id, [](const Entry &x, MessageId v) { return x.m.id < v; });
    if (it == dq.end() || it->m.id != id || it->dead)
        return nullptr;
    return &*it;
}

void Engine::Private::trimLevel(Queue *queue, int level)
{
    auto &dq = queue->levels[size_t(level)];
    auto &tomb = queue->tombstones[size_t(level)];
    while (!dq.empty() && dq.front().dead) {
        dq.pop_front();
        --tomb;
    }
    // Tombstones left by removals in the middle (expiry, transfers) are
    // compacted once they outnumber the live messages.
    if (tomb > 1024 && tomb * 2 > dq.size()) {
        std::erase_if(dq, [](const Entry &e) { return e.dead; });
        tomb = 0;
    }
}

Engine::Private::Entry Engine::Private::takeReady(Queue *queue, Entry *e)
{
    Entry out = std::move(*e);
    e->dead = true;
    e->m.content.reset();
    --queue->readyCount;
    queue->readyBytes -= out.m.bodySize;
    const quint8 level = queue->levelFor(out.m.priority);
    ++queue->tombstones[level];
    trimLevel(queue, level);
    return out;
}

Engine::Private::Entry *Engine::Private::headReady(Queue *queue)
{
    for (int level = int(queue->levels.size()) - 1; level >= 0; --level) {
        auto &dq = queue->levels[size_t(level)];
        if (!dq.empty())
            return &dq.front();   // trimLevel keeps fronts live
    }
    return nullptr;
}

void Engine::Private::dropEntry(Queue *, Entry &&e)
{
    if (e.stored && store)
        store->removeMessage(e.m.id);
}

// ---- publish ----

PublishResult Engine::publish(const QString &exchange, const QString &routingKey, MessageProperties properties,
                              QByteArray body, bool mandatory, DeathHistory deaths)
{
    PublishResult r;
    const ExchangeDef *ex = d->registry.find(exchange);
    if (!ex) {
        r.error = err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(exchange));
        return r;
    }
    if (ex->internal) {
        r.error = err(ErrorKind::AccessRefused,
                      QStringLiteral("cannot publish to internal exchange '%1' in vhost '/'").arg(exchange));
        return r;
    }
    if (properties.expiration && !parseExpiration(*properties.expiration)) {
        r.error = err(ErrorKind::PreconditionFailed, QStringLiteral("invalid expiration '%1'").arg(*properties.expiration));
        return r;
    }
    static const QVariantMap noHeaders;
    const QVariantMap &headers = properties.headers ? *properties.headers : noHeaders;
    qint64 readyAt = 0;
    if (ex->type == ExchangeType::DelayedMessage) {
        if (const auto delay = QueueArguments::integer(headers.value(kDelay)); delay && *delay > 0)
            readyAt = now() + *delay;
    }
    const QList<QString> targets = d->registry.route(exchange, routingKey, headers, [this](const QString &name) {
        return d->queues.find(name) != d->queues.end();
    });
    if (targets.isEmpty()) {
        if (mandatory)
            d->stats.addGlobal(Counter::Returned);
        return r;
    }
    r.routed = true;
    const ContentPtr shared = d->trackContent(
        MessageContent{exchange, routingKey, std::move(properties), std::move(body), std::move(deaths)});
    ++d->depth;
    for (const QString &name : targets) {
        if (Queue *queue = d->findQueue(name))
            d->enqueue(queue, shared, readyAt, &r);
    }
    --d->depth;
    d->flushGraveyard();
    return r;
}

// Drop-head makes room by dead-lettering the oldest; the reject modes refuse
// the newcomer. Returns false when the new message does not go in.
bool Engine::Private::applyOverflow(Queue *queue, quint32 incomingSize, const ContentPtr &content,
                                    PublishResult *result)
{
    const qint64 maxLen = queue->args.maxLength;
    const qint64 maxBytes = queue->args.maxLengthBytes;
    auto over = [&] {
        return (maxLen >= 0 && qint64(queue->readyCount) + 1 > maxLen)
            || (maxBytes >= 0 && qint64(queue->readyBytes) + incomingSize > maxBytes);
    };
    if (!over())
        return true;
    if (queue->args.overflow != QueueArguments::Overflow::DropHead) {
        if (result)
            result->rejected = true;
        return false;
    }
    while (over() && queue->readyCount > 0) {
        Entry *head = headReady(queue);
        Entry dropped = takeReady(queue, head);
        deadLetter(queue, std::move(dropped), QStringLiteral("maxlen"));
    }
    Q_UNUSED(content);
    return !over();
}

void Engine::Private::enqueue(Queue *queue, const ContentPtr &content, qint64 readyAt, PublishResult *result)
{
    const qint64 nowMs = now();
    Entry e;
    e.m.id = nextId();
    e.m.content = content;
    e.m.enqueuedAt = nowMs;
    e.m.bodySize = quint32(content->body.size());
    e.m.persistent = content->properties.persistent();
    if (queue->args.maxPriority > 0)
        e.m.priority = quint8(std::min<int>(content->properties.priority.value_or(0), queue->args.maxPriority));
    const bool delayed = readyAt > nowMs;
    if (delayed)
        e.m.readyAt = readyAt;
    qint64 ttl = queue->args.messageTtl;
    if (content->properties.expiration) {
        const qint64 perMessage = parseExpiration(*content->properties.expiration).value_or(0);
        ttl = ttl < 0 ? perMessage : std::min(ttl, perMessage);
    }
    if (ttl >= 0)
        e.m.expiresAt = std::max<qint64>(1, (delayed ? readyAt : nowMs) + ttl);

    if (!delayed && !applyOverflow(queue, e.m.bodySize, content, result)) {
        // Refused: reject-publish-dlx and a drop-head queue that cannot hold
        // even this one message dead-letter it; reject-publish drops it.
        if (queue->args.overflow != QueueArguments::Overflow::RejectPublish)
            deadLetter(queue, std::move(e), QStringLiteral("maxlen"));
        return;
    }
    persistInsert(queue, e, content);
    if (e.stored && result)
        result->confirmSequence = std::max(result->confirmSequence, e.storeSeq);
    stats.add(Counter::Published, queue->def.name);

    if (delayed) {
        queue->delayedBytes += e.m.bodySize;
        queue->delayed.emplace(readyAt, std::move(e));
        schedule(queue, readyAt);
        return;
    }
    if (ttl == 0) {
        // TTL 0: delivered at once to a consumer that can take it, or expired.
        Consumer *c = queue->readyCount == 0 ? pickConsumer(queue) : nullptr;
        if (c) {
            const bool noAck = c->noAck;
            Session *s = c->session;
            const Delivery dl = handOut(queue, c, s, std::move(e), noAck);
            if (s->sink)
                s->sink->deliver(dl);
        } else {
            stats.add(Counter::Expired, queue->def.name);
            deadLetter(queue, std::move(e), QStringLiteral("expired"));
        }
        return;
    }
    if (e.m.expiresAt) {
        queue->expiries.push({e.m.expiresAt, e.m.id, queue->levelFor(e.m.priority)});
        schedule(queue, e.m.expiresAt);
    }
    pushReady(queue, std::move(e));
    dispatch(queue);
}

// ---- dispatch ----

bool Engine::Private::hasCredit(const Consumer *c) const
{
    const Session *s = c->session;
    if (!s->flow)
        return false;
    if (c->noAck)
        return true;
    return (c->prefetch == 0 || c->unacked < c->prefetch) && (s->prefetch == 0 || s->liveUnacked < s->prefetch);
}

Engine::Private::Consumer *Engine::Private::pickConsumer(Queue *queue)
{
    if (queue->consumers.empty())
        return nullptr;
    if (queue->args.singleActiveConsumer) {
        Consumer *active = queue->consumers.front();
        return hasCredit(active) ? active : nullptr;
    }
    // The highest priority with credit wins; within a priority, the least
    // recently served (round-robin).
    Consumer *best = nullptr;
    for (Consumer *c : queue->consumers) {
        if (!hasCredit(c))
            continue;
        if (!best || c->priority > best->priority
            || (c->priority == best->priority && c->lastServed < best->lastServed))
            best = c;
    }
    if (best)
        best->lastServed = ++serveCounter;
    return best;
}

bool Engine::Private::popForDelivery(Queue *queue, Entry *out)
{
    for (;;) {
        Entry *head = headReady(queue);
        if (!head)
            return false;
        if (head->m.expiresAt && head->m.expiresAt <= now()) {
            Entry expired = takeReady(queue, head);
            stats.add(Counter::Expired, queue->def.name);
            deadLetter(queue, std::move(expired), QStringLiteral("expired"));
            continue;
        }
        if (!head->m.content) {
            const int level = queue->levelFor(head->m.priority);
            if (!loadAhead(queue, level)) {
                // The store cannot be read just now (the store logs why):
                // the message stays at the head and delivery tries again
                // later, rather than taking an unreadable body for a missing one.
                schedule(queue, now() + ReadRetryMs);
                return false;
            }
            head = &queue->levels[size_t(level)].front();
            if (!head->m.content) {
                qWarning("depot: message %llu of queue '%s' has no body in the store; dropped",
                         static_cast<unsigned long long>(head->m.id), qPrintable(queue->def.name));
                dropEntry(queue, takeReady(queue, head));
                continue;
            }
        }
        *out = takeReady(queue, head);
        return true;
    }
}

Delivery Engine::Private::handOut(Queue *queue, Consumer *c, Session *s, Entry &&e, bool noAck)
{
    ++e.m.deliveryCount;
    Delivery dl;
    dl.session = s->id;
    if (c)
        dl.consumerTag = c->tag;
    dl.queue = queue->def.name;
    dl.id = e.m.id;
    dl.redelivered = e.m.redelivered;
    dl.deliveryCount = e.m.deliveryCount;
    dl.countsDeliveries = queue->args.deliveryLimit >= 0 || queue->args.queueType == QLatin1StringView("quorum");
    dl.content = e.m.content;
    stats.add(Counter::Delivered, queue->def.name);
    if (e.m.redelivered)
        stats.add(Counter::Redelivered, queue->def.name);
    if (noAck) {
        dropEntry(queue, std::move(e));
        return dl;
    }
    if (e.stored && store) {
        // Should Depot die before the ack, the message must come back marked
        // redelivered with this delivery counted (x-delivery-limit). The
        // record rides in this turn's hand-over and costs no statement when
        // the ack lands in the same commit (Store::updateDeliveryState).
        store->updateDeliveryState(e.m.id, e.m.deliveryCount, true);
    }
    dl.deliveryTag = s->nextTag++;
    ++s->liveUnacked;
    if (c)
        ++c->unacked;
    ++queue->unackedCount;
    queue->unackedBytes += e.m.bodySize;
    s->unacked.push_back(Unacked{dl.deliveryTag, queue, c, std::move(e), false});
    return dl;
}

void Engine::Private::dispatch(Queue *queue)
{
    if (queue->dispatching) {
        // A sink called back into the engine from deliver(): the outer loop
        // re-checks the state when the callback returns.
        queue->dispatchAgain = true;
        return;
    }
    if (queue->consumers.empty() || queue->readyCount == 0)
        return;
    queue->dispatching = true;
    ++depth;
    do {
        queue->dispatchAgain = false;
        while (!queue->deleted && queue->readyCount > 0) {
            Consumer *c = pickConsumer(queue);
            if (!c)
                break;
            const quint64 epoch = consumerEpoch;
            Entry e;
            if (!popForDelivery(queue, &e))
                break;
            // Expiring the head may have run other queues' consumers, which
            // may have cancelled ours: pick again if any consumer went away.
            if (epoch != consumerEpoch) {
                c = pickConsumer(queue);
                if (!c) {
                    returnToQueueRaw(queue, std::move(e));
                    break;
                }
            }
            Session *s = c->session;
            const Delivery dl = handOut(queue, c, s, std::move(e), c->noAck);
            if (s->sink)
                s->sink->deliver(dl);
        }
    } while (queue->dispatchAgain && !queue->deleted);
    queue->dispatching = false;
    --depth;
}

// ---- consumers ----

Result<QString> Engine::consume(SessionId session, const ConsumeSpec &spec)
{
    const auto sit = d->sessions.find(session);
    if (sit == d->sessions.end())
        return {{}, err(ErrorKind::NotFound, QStringLiteral("unknown session %1").arg(session))};
    Session *s = sit->second.get();
    Queue *queue = d->findQueue(spec.queue);
    if (!queue)
        return {{}, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(spec.queue))};
    if (Error e = d->lockedError(queue, s->connection))
        return {{}, e};
    QString tag = spec.consumerTag;
    if (tag.isEmpty()) {
        do
            tag = QStringLiteral("amq.ctag-%1").arg(QRandomGenerator::global()->generate64(), 16, 16, QLatin1Char('0'));
        while (s->consumers.count(tag));
    } else if (s->consumers.count(tag)) {
        return {{}, err(ErrorKind::NotAllowed, QStringLiteral("attempt to reuse consumer tag '%1'").arg(tag))};
    }
    // RabbitMQ gives one text for both: a queue with an exclusive consumer
    // takes no other, and an exclusive consumer needs a queue without any.
    if (queue->exclusiveConsumer || (spec.exclusive && !queue->consumers.empty()))
        return {{}, err(ErrorKind::AccessRefused,
                        QStringLiteral("queue '%1' in vhost '/' in exclusive use").arg(spec.queue))};
    int priority = spec.priority;
    if (const auto it = spec.arguments.constFind(kPriorityArg); it != spec.arguments.constEnd()) {
        const auto p = QueueArguments::integer(*it);
        if (!p)
            return {{}, err(ErrorKind::InvalidArgument,
                            QStringLiteral("invalid arg 'x-priority' for consumer on queue '%1': expected an integer")
                                .arg(spec.queue))};
        priority = int(*p);
    }
    auto c = std::make_unique<Consumer>();
    c->tag = tag;
    c->queue = queue;
    c->session = s;
    c->noAck = spec.noAck;
    c->exclusive = spec.exclusive;
    c->priority = priority;
    c->prefetch = spec.prefetch ? spec.prefetch : s->consumerPrefetch;
    c->arguments = spec.arguments;
    Consumer *raw = c.get();
    s->consumers.emplace(tag, std::move(c));
    queue->consumers.push_back(raw);
    if (spec.exclusive)
        queue->exclusiveConsumer = raw;
    queue->everHadConsumer = true;
    d->noteUsed(queue);
    Q_EMIT topologyChanged();
    ++d->depth;
    d->dispatch(queue);
    --d->depth;
    d->flushGraveyard();
    return {tag, {}};
}

void Engine::Private::detachConsumer(Consumer *c, QSet<Queue *> *touched)
{
    Queue *queue = c->queue;
    Session *s = c->session;
    auto &list = queue->consumers;
    list.erase(std::remove(list.begin(), list.end(), c), list.end());
    if (queue->exclusiveConsumer == c)
        queue->exclusiveConsumer = nullptr;
    if (c->unacked > 0) {
        // Its unacked messages stay with the session (AMQP: cancel does not requeue).
        for (Unacked &u : s->unacked) {
            if (u.consumer == c)
                u.consumer = nullptr;
        }
    }
    ++consumerEpoch;
    if (touched)
        touched->insert(queue);
    if (list.empty())
        noteUsed(queue);   // x-expires counts from the moment it became unused
    const auto it = s->consumers.find(c->tag);
    if (it != s->consumers.end()) {
        deadConsumers.push_back(std::move(it->second));
        s->consumers.erase(it);
    }
}

Result<void> Engine::cancel(SessionId session, const QString &consumerTag)
{
    const auto sit = d->sessions.find(session);
    if (sit == d->sessions.end())
        return {err(ErrorKind::NotFound, QStringLiteral("unknown session %1").arg(session))};
    Session *s = sit->second.get();
    const auto cit = s->consumers.find(consumerTag);
    if (cit == s->consumers.end())
        return {};   // AMQP: cancelling an unknown consumer is not an error
    ++d->depth;
    Queue *queue = cit->second->queue;
    d->detachConsumer(cit->second.get(), nullptr);
    d->maybeAutoDeleteQueue(queue);
    if (!queue->deleted)
        d->dispatch(queue);   // a single active consumer's successor takes over
    --d->depth;
    d->flushGraveyard();
    Q_EMIT topologyChanged();
    return {};
}

Result<std::optional<Delivery>> Engine::get(SessionId session, const QString &queueName, bool noAck)
{
    const auto sit = d->sessions.find(session);
    if (sit == d->sessions.end())
        return {std::nullopt, err(ErrorKind::NotFound, QStringLiteral("unknown session %1").arg(session))};
    Session *s = sit->second.get();
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {std::nullopt, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(queueName))};
    if (Error e = d->lockedError(queue, s->connection))
        return {std::nullopt, e};
    d->noteUsed(queue);
    ++d->depth;
    Entry e;
    std::optional<Delivery> out;
    if (d->popForDelivery(queue, &e)) {
        out = d->handOut(queue, nullptr, s, std::move(e), noAck);
        out->messageCount = quint32(std::min<quint64>(queue->readyCount, std::numeric_limits<quint32>::max()));
    }
    --d->depth;
    d->flushGraveyard();
    return {out, {}};
}

// ---- acknowledgements ----

void Engine::Private::returnToQueueRaw(Queue *queue, Entry &&e)
{
    if (e.m.expiresAt)
        queue->expiries.push({e.m.expiresAt, e.m.id, queue->levelFor(e.m.priority)});
    const qint64 at = e.m.expiresAt;
    insertReady(queue, std::move(e));
    if (at)
        schedule(queue, at);
}

void Engine::Private::returnToQueue(Queue *queue, Entry &&e)
{
    e.m.redelivered = true;
    if (queue->args.deliveryLimit >= 0 && qint64(e.m.deliveryCount) > queue->args.deliveryLimit) {
        deadLetter(queue, std::move(e), QStringLiteral("delivery_limit"));
        return;
    }
    if (e.m.expiresAt && e.m.expiresAt <= now()) {
        stats.add(Counter::Expired, queue->def.name);
        deadLetter(queue, std::move(e), QStringLiteral("expired"));
        return;
    }
    // Nothing to write: handOut recorded this very state (the count of the
    // delivery now returned, redelivered) when it handed the message out.
    returnToQueueRaw(queue, std::move(e));
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
        if (s->unacked.empty())
            return {};
        tag = s->unacked.back().tag;
    }
    if (s->unacked.empty() || tag < s->unacked.front().tag || tag > s->unacked.back().tag)
        return unknown();
    const size_t idx = size_t(tag - s->unacked.front().tag);
    if (s->unacked[idx].done)
        return unknown();

    ++depth;
    // Take the messages out first: requeueing and dead-lettering run other
    // code (sinks) that may ack on this session and reshape its deque.
    std::vector<std::pair<Queue *, Entry>> taken;
    const QString *statQueue = nullptr;
    quint64 statCount = 0;
    for (size_t i = multiple ? 0 : idx; i <= idx; ++i) {
        Unacked &u = s->unacked[i];
        if (u.done)
            continue;
        u.done = true;
        --s->liveUnacked;
        if (u.consumer)
            --u.consumer->unacked;
        if (u.queue) {
            --u.queue->unackedCount;
            u.queue->unackedBytes -= u.entry.m.bodySize;
        }
        if (action == 0) {
            if (u.queue) {
                if (u.entry.stored && store)
                    store->removeMessage(u.entry.m.id);
                if (statQueue && *statQueue == u.queue->def.name) {
                    ++statCount;
                } else {
                    if (statQueue)
                        stats.add(Counter::Acknowledged, *statQueue, statCount);
                    statQueue = &u.queue->def.name;
                    statCount = 1;
                }
            }
            u.entry.m.content.reset();
        } else if (u.queue) {
            taken.emplace_back(u.queue, std::move(u.entry));
        }
    }
    if (statQueue)
        stats.add(Counter::Acknowledged, *statQueue, statCount);
    while (!s->unacked.empty() && s->unacked.front().done)
        s->unacked.pop_front();

    std::vector<quint64> touched;
    for (auto &[queue, e] : taken) {
        if (queue->deleted)
            continue;
        if (action == 1) {
            returnToQueue(queue, std::move(e));
            touched.push_back(queue->serial);
        } else {
            deadLetter(queue, std::move(e), QStringLiteral("rejected"));
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

void Engine::Private::requeueSessionUnacked(Session *s)
{
    std::vector<std::pair<Queue *, Entry>> taken;
    for (Unacked &u : s->unacked) {
        if (u.done)
            continue;
        if (u.consumer)
            --u.consumer->unacked;
        if (u.queue) {
            --u.queue->unackedCount;
            u.queue->unackedBytes -= u.entry.m.bodySize;
            taken.emplace_back(u.queue, std::move(u.entry));
        }
    }
    s->unacked.clear();
    s->liveUnacked = 0;
    std::vector<quint64> touched;
    for (auto &[queue, e] : taken) {
        if (queue->deleted)
            continue;
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
    d->requeueSessionUnacked(sit->second.get());
    if (d->sessions.count(session))
        d->kickSession(sit->second.get());
    --d->depth;
    d->flushGraveyard();
    return {};
}

Result<quint64> Engine::deleteMessages(const QString &queueName, const QList<MessageId> &ids)
{
    Queue *queue = d->findQueue(queueName);
    if (!queue)
        return {0, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(queueName))};
    quint64 removed = 0;
    for (MessageId id : ids) {
        Entry *found = nullptr;
        for (size_t level = 0; level < queue->levels.size() && !found; ++level)
            found = d->findReady(queue, id, quint8(level));
        if (found) {
            d->dropEntry(queue, d->takeReady(queue, found));
            ++removed;
            continue;
        }
        for (auto it = queue->delayed.begin(); it != queue->delayed.end(); ++it) {
            if (it->second.m.id == id) {
                queue->delayedBytes -= it->second.m.bodySize;
                d->dropEntry(queue, std::move(it->second));
                queue->delayed.erase(it);
                ++removed;
                break;
            }
        }
    }
    return {removed, {}};
}

} // namespace depot
