#include "broker/engine/EnginePrivate.h"

#include <QRandomGenerator>

#include <algorithm>

// EngineDelivery.cpp: the message path in. Publish routes and enqueues;
// dispatch to consumers (prefetch, priorities, round-robin, single active
// consumer); consume, cancel, get. What happens to a message once it is
// handed out (acks, leases, long polls) is in EngineSettlement.cpp.

namespace depot {

using namespace engine_detail;

namespace {

const QString kPriorityArg = QStringLiteral("x-priority");
const QString kCancelOnFailover = QStringLiteral("x-cancel-on-ha-failover");

// Why a consumer may not carry these arguments, or a null Error. Depot
// honours x-priority; x-cancel-on-ha-failover is accepted (RabbitMQ knows it,
// and one node has no failover to cancel on); the stream arguments and any
// other x- argument are refused rather than ignored. Arguments without the
// prefix mean nothing, as in RabbitMQ.
Error consumerArgumentsError(const QVariantMap &arguments, const QString &queue, bool stream)
{
    for (auto it = arguments.cbegin(); it != arguments.cend(); ++it) {
        const QString &key = it.key();
        if (!key.startsWith(QLatin1String("x-")) || key == kPriorityArg)
            continue;
        QString why;
        if (key == kCancelOnFailover) {
            if (it->typeId() == QMetaType::Bool)
                continue;
            why = QStringLiteral("expected a boolean");
        } else if (key == QLatin1String("x-stream-offset")) {
            if (stream)
                continue;   // read by setUpStreamConsumer
            why = QStringLiteral("only consumers on stream queues take it");
        } else if (key.startsWith(QLatin1String("x-stream-"))) {
            why = QStringLiteral("not supported by Depot: Depot's streams do not filter");
        } else {
            why = QStringLiteral("unknown argument; Depot does not support it");
        }
        return err(ErrorKind::InvalidArgument,
            QStringLiteral("invalid arg '%1' for consumer on queue '%2': %3").arg(key, queue, why));
    }
    return {};
}

} // namespace

void Engine::Private::dropEntry(Queue *queue, Entry &&e)
{
    // The catch-all end of a story: whoever removed it without saying why
    // (the callers that know record their own event first).
    if (history.enabled()) {
        if (queue)
            storyOf(queue->def.name, e);
        history.gone(e.m.id, now(), historyEvent(HistoryEventKind::Dropped, queue ? queue->def.name : QString(), actor));
    }
    if (e.stored && store) {
        // Only SQS kinds record first deliveries: their row goes too.
        if (e.m.firstDeliveredAfter)
            store->setLeaseDeadline(e.m.id, 0, 0);
        store->removeMessage(e.m.id);
    }
}

// ---- publish ----

Error Engine::publishAddressError(const QString &exchange) const
{
    const ExchangeDef *ex = d->registry.find(exchange);
    if (!ex)
        return err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(exchange));
    if (ex->internal)
        return err(ErrorKind::AccessRefused,
                   QStringLiteral("cannot publish to internal exchange '%1' in vhost '/'").arg(exchange));
    return {};
}

std::optional<ExchangeType> Engine::exchangeType(const QString &exchange) const
{
    const ExchangeDef *ex = d->registry.find(exchange);
    return ex ? std::optional<ExchangeType>(ex->type) : std::nullopt;
}

PublishResult Engine::publish(const QString &exchange, const QString &routingKey, MessageProperties properties,
                              QByteArray body, const PublishOptions &options)
{
    PublishResult r;
    if (Error e = publishAddressError(exchange)) {
        r.error = std::move(e);
        return r;
    }
    static const QVariantMap noHeaders;
    const QVariantMap &headers = properties.headers ? *properties.headers : noHeaders;
    // -1: each queue's own default delay, decided in enqueue().
    const qint64 readyAt = options.delayMs > 0 ? now() + options.delayMs : (options.delayMs < 0 ? -1 : 0);
    const auto queueExists = [this](const QString &name) { return d->queues.find(name) != d->queues.end(); };
    QList<QString> targets;
    if (options.extraRoutingKeys.isEmpty()) [[likely]] {
        targets = d->registry.route(exchange, routingKey, headers, queueExists);
    } else {
        QStringList keys{routingKey};
        keys += options.extraRoutingKeys;
        targets = d->registry.route(exchange, keys, headers, queueExists);
    }
    if (targets.isEmpty()) {
        if (options.mandatory)
            d->stats.addGlobal(Counter::Returned);
        if (d->history.enabled()) {
            // Its story is short: published, unroutable (returned to a
            // mandatory publisher). It gets an id of its own to be found by.
            MessageContent content{exchange, routingKey, properties, {}};
            HistoryEvent published = d->historyEvent(HistoryEventKind::Published, exchange, d->actor);
            published.detail = routingKey;
            HistoryEvent unroutable = d->historyEvent(HistoryEventKind::Unroutable, exchange, 0);
            unroutable.detail = routingKey;
            unroutable.flag = options.mandatory;
            const MessageId id = d->nextId();
            d->history.goneStory(d->history.begin(id, content, QString(), std::move(published), std::move(unroutable), false), now());
        }
        return r;
    }
    r.routed = true;
    QString routedTo;
    if (d->history.enabled()) {
        routedTo = targets.size() == 1 ? targets.front() : QStringList(targets).join(QStringLiteral(", "));
        d->historyRoutedTo = &routedTo;
        d->historyEditedFrom = options.editedFrom;
    }
    if (!options.hiddenHeaders.isEmpty() && properties.headers) {
        for (const QString &name : options.hiddenHeaders)
            properties.headers->remove(name);
    }
    MessageContent content{exchange, routingKey, std::move(properties), std::move(body), options.deaths,
        options.groupKey, options.deduplicationId,
        options.ttlMs >= 0 ? std::optional<qint64>(options.ttlMs) : std::nullopt, options.priority};
    if (d->history.enabled())
        content.publisher = d->actor;
    const ContentPtr shared = d->trackContent(std::move(content));
    ++d->depth;
    for (const QString &name : targets) {
        if (Queue *queue = d->findQueue(name))
            d->enqueue(queue, shared, readyAt, &r);
    }
    d->historyRoutedTo = nullptr;
    d->historyEditedFrom = 0;
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
        return (maxLen >= 0 && qint64(queue->index.readyCount()) + 1 > maxLen)
            || (maxBytes >= 0 && qint64(queue->index.readyBytes()) + incomingSize > maxBytes);
    };
    if (!over())
        return true;
    if (queue->args.overflow != QueueArguments::Overflow::DropHead) {
        if (result)
            result->rejected = true;
        return false;
    }
    while (over() && queue->index.readyCount() > 0) {
        Entry *head = headReady(queue);
        Entry dropped = takeReady(queue, head);
        deadLetter(queue, std::move(dropped), DeathReason::MaxLen);
    }
    Q_UNUSED(content);
    return !over();
}

void Engine::Private::enqueue(Queue *queue, const ContentPtr &content, qint64 readyAt, PublishResult *result)
{
    if (queue->args.isStream()) [[unlikely]] {
        appendToStream(queue, content, result);
        return;
    }
    const qint64 nowMs = now();
    if (readyAt < 0)
        readyAt = queue->args.defaultDelayMs > 0 ? nowMs + queue->args.defaultDelayMs : 0;
    Entry e;
    e.m.id = nextId();
    // Only publishes are deduplicated (result is null for a dead letter:
    // moving one is not a send, and must not lose it).
    if (queue->args.isFifo() && result) [[unlikely]] {
        if (isDuplicate(queue, *content, nowMs, result))
            return;
        if (!result->sequence)
            result->sequence = e.m.id;
        rememberDeduplication(queue, *content, e.m.id, nowMs);
    }
    if (result && !result->messageId)
        result->messageId = e.m.id;
    e.m.content = content;
    e.m.enqueuedAt = nowMs;
    e.m.bodySize = quint32(content->body.size());
    e.m.persistent = content->properties.persistent();
    e.m.priority = cappedPriority(*queue, *content);
    const bool delayed = readyAt > nowMs;
    if (delayed)
        e.m.readyAt = readyAt;
    const qint64 ttl = effectiveTtl(*queue, *content);
    if (ttl >= 0)
        e.m.expiresAt = std::max<qint64>(1, (delayed ? readyAt : nowMs) + ttl);
    // SQS's retention counts from the send, delay included.
    if (queue->args.retentionMs > 0 && (!e.m.expiresAt || e.m.expiresAt > nowMs + queue->args.retentionMs))
        e.m.expiresAt = nowMs + queue->args.retentionMs;

    if (!delayed && !applyOverflow(queue, e.m.bodySize, content, result)) {
        // Refused: reject-publish-dlx and a drop-head queue that cannot hold
        // even this one message dead-letter it; reject-publish drops it.
        if (queue->args.overflow != QueueArguments::Overflow::RejectPublish)
            deadLetter(queue, std::move(e), DeathReason::MaxLen);
        return;
    }
    persistInsert(queue, e, content);
    if (history.enabled()) {
        noteEnqueued(queue, e, *content);
        if (historyEditedFrom && result) // not a dead letter made room for it
            linkEdited(historyEditedFrom, e.m.id, queue->def.name, e);
    }
    if (e.stored && result)
        result->confirmSequence = std::max(result->confirmSequence, e.storeSeq);
    stats.add(Counter::Published, queue->def.name);

    if (delayed) {
        queue->index.addDelayed(std::move(e));
        schedule(queue, readyAt);
        return;
    }
    if (ttl == 0) {
        // TTL 0: delivered at once to a consumer that can take it, or expired.
        Consumer *c = queue->index.readyCount() == 0 ? pickConsumer(queue) : nullptr;
        if (c) {
            const bool noAck = c->noAck;
            Session *s = c->session;
            const Delivery dl = handOut(queue, c, s, std::move(e), noAck);
            if (s->sink)
                s->sink->deliver(dl);
        } else {
            stats.add(Counter::Expired, queue->def.name);
            deadLetter(queue, std::move(e), DeathReason::Expired);
        }
        return;
    }
    if (e.m.expiresAt) {
        queue->index.watchExpiry(e);
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
    if (queue->consumers.empty() || queue->paused)
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

bool Engine::Private::popForDelivery(Queue *queue, Entry *out, const std::vector<QString> *takingGroups)
{
    const bool grouped = queue->index.grouped();
    for (;;) {
        Entry *head = grouped ? queue->index.headDeliverable(takingGroups) : headReady(queue);
        if (!head)
            return false;
        if (head->m.expiresAt && head->m.expiresAt <= now()) {
            Entry expired = takeReady(queue, head);
            stats.add(Counter::Expired, queue->def.name);
            deadLetter(queue, std::move(expired), DeathReason::Expired);
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
            if (grouped) {
                std::vector<Entry *> one{head};
                ensureContents(one);
            } else {
                head = &queue->index.level(level).front();
            }
            if (!head->m.content) {
                qWarning("depot: message %llu of queue '%s' has no body in the store; dropped",
                         static_cast<unsigned long long>(head->m.id), qPrintable(queue->def.name));
                dropEntry(queue, takeReady(queue, head));
                continue;
            }
        }
        if (queue->args.limitAtLease && qint64(head->m.deliveryCount) >= queue->args.deliveryLimit) [[unlikely]] {
            deadLetter(queue, takeReady(queue, head), DeathReason::DeliveryLimit);
            continue;
        }
        *out = takeReady(queue, head);
        return true;
    }
}

Delivery Engine::Private::handOut(Queue *queue, Consumer *c, Session *s, Entry &&e, bool noAck, qint64 deadline)
{
    ++e.m.deliveryCount;
    const bool sqs = queue->args.isSqs();
    if (sqs && !e.m.firstDeliveredAfter)
        e.m.firstDeliveredAfter = quint32(std::clamp<qint64>(now() - e.m.enqueuedAt + 1, 1, UINT32_MAX));
    Delivery dl;
    if (s)
        dl.session = s->id;
    if (c)
        dl.consumerTag = c->tag;
    dl.queue = queue->def.name;
    dl.id = e.m.id;
    dl.redelivered = e.m.redelivered;
    dl.deliveryCount = e.m.deliveryCount;
    dl.countsDeliveries = queue->args.deliveryLimit >= 0 || queue->args.kind != QueueArguments::Kind::Classic;
    dl.firstDeliveredAt = e.m.firstDeliveredAt();
    if (queue->args.isFifo())
        dl.sequence = e.m.id;
    dl.content = e.m.content;
    stats.add(Counter::Delivered, queue->def.name);
    if (e.m.redelivered)
        stats.add(Counter::Redelivered, queue->def.name);
    DeliveryNote note;
    if (history.enabled()) {
        const quint32 who = s ? s->historyActor : actor;
        // Consuming (docs/ARCHITECTURE.md, "Message history"): a message
        // whose publish is all its story has gets none made here. Taken
        // without an ack it is gone at once, its story one compact record;
        // otherwise its lease keeps the delivery (a session's, without a
        // deadline: the connection holds the actor while the lease lives),
        // and the ack records the story whole, or whatever else ends the
        // lease makes it with this delivery first. A stored one's delivery
        // is journaled alone meanwhile, as its delivery count is. (A
        // recovered message is marked too; its story may be in the journal.)
        if (e.storyPending && (noAck || (s && !deadline)) && e.m.content && e.m.content->publisher
            && !history.hasWaiting(e.m.id) && !(e.recovered && history.hasStory(e.m.id))) {
            note = DeliveryNote{now(), who, dl.consumerTag};
            if (noAck) {
                noteConsumed(queue, e, note, who, true);
            } else if (e.stored && store) {
                history.journalDelivery(e.m.id,
                                        HistoryBook::deliveredEvent(note, queue->def.name, e.m.deliveryCount));
            }
        } else if (HistoryBook::Story *story = storyOf(queue->def.name, e)) {
            HistoryEvent ev = historyEvent(HistoryEventKind::Delivered, queue->def.name, who);
            ev.detail = dl.consumerTag;
            ev.count = e.m.deliveryCount;
            history.record(story, std::move(ev));
            if (noAck) {
                HistoryEvent acked = historyEvent(HistoryEventKind::Acked, queue->def.name, who);
                acked.reason = QStringLiteral("auto-ack");
                history.record(story, std::move(acked));
            }
        }
    }
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
        if (deadline || sqs)
            store->setLeaseDeadline(e.m.id, deadline, e.m.firstDeliveredAt());
    }
    dl.lease = leases.open(queue, s, c, std::move(e), deadline);
    if (note.at)
        leases.find(dl.lease)->delivery = std::move(note);
    dl.leaseDeadline = deadline;
    if (s) {
        dl.deliveryTag = s->nextTag();
        s->leases.push_back(dl.lease);
    }
    if (deadline)
        scheduleLeaseDeadline(deadline);
    return dl;
}

void Engine::Private::dispatch(Queue *queue)
{
    if (queue->args.isStream()) [[unlikely]] {
        dispatchStream(queue);
        return;
    }
    if (queue->dispatching) {
        // A sink called back into the engine from deliver(): the outer loop
        // re-checks the state when the callback returns.
        queue->dispatchAgain = true;
        return;
    }
    if (queue->consumers.empty() || queue->index.readyCount() == 0)
        return;
    queue->dispatching = true;
    ++depth;
    do {
        queue->dispatchAgain = false;
        while (!queue->deleted && queue->index.readyCount() > 0) {
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
    if (Error e = consumerArgumentsError(spec.arguments, spec.queue, queue->args.isStream()))
        return {{}, e};
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
    if (queue->args.isStream()) {
        if (Error e = d->setUpStreamConsumer(queue, s, c.get(), spec))
            return {{}, e};
    }
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
        for (LeaseHandle h : s->leases)
            leases.forgetConsumer(h, c);
    }
    if (c->stream)
        s->forgetStreamTagsOf(c->tag);
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
    if (queue->args.isStream())
        return {std::nullopt, err(ErrorKind::NotImplemented,
                                  QStringLiteral("basic.get not supported by stream queues queue '%1' in vhost '/'")
                                      .arg(queueName))};
    d->noteUsed(queue);
    ++d->depth;
    Entry e;
    std::optional<Delivery> out;
    // A paused queue delivers nothing, to a get either.
    if (!queue->paused && d->popForDelivery(queue, &e)) {
        out = d->handOut(queue, nullptr, s, std::move(e), noAck);
        out->messageCount = quint32(std::min<quint64>(queue->index.readyCount(), std::numeric_limits<quint32>::max()));
    }
    --d->depth;
    d->flushGraveyard();
    return {out, {}};
}

} // namespace depot
