#include "broker/engine/EnginePrivate.h"

#include <QRandomGenerator>

// EngineTopology.cpp: declaring and deleting exchanges, queues and bindings,
// exclusive and auto-delete lifetimes, purge.

namespace depot {

using namespace engine_detail;

namespace {

QString boolText(bool b)
{
    return b ? QStringLiteral("true") : QStringLiteral("false");
}

QString randomSuffix()
{
    quint64 words[2];
    QRandomGenerator::global()->fillRange(words);
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(words), sizeof words)
                                   .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

const QString kDelayedType = QStringLiteral("x-delayed-type");
const QString kAlternateExchange = QStringLiteral("alternate-exchange");
const QString kMatch = QStringLiteral("x-match");

bool isString(const QVariant &v)
{
    return v.typeId() == QMetaType::QString || v.typeId() == QMetaType::QByteArray;
}

// Why an exchange declaration may not carry these arguments, or an empty
// string. Depot honours alternate-exchange (any type) and x-delayed-type
// (x-delayed-message); any other x- argument is refused rather than ignored.
// Arguments without the prefix mean nothing and are kept, as in RabbitMQ.
Error exchangeArgumentsError(const ExchangeDef &def)
{
    for (auto it = def.arguments.cbegin(); it != def.arguments.cend(); ++it) {
        const QString &key = it.key();
        if (key == kAlternateExchange) {
            // RabbitMQ's check and text.
            if (!isString(*it))
                return err(ErrorKind::PreconditionFailed,
                    QStringLiteral("invalid type '%1' for arg '%2' in exchange '%3' in vhost '/'")
                        .arg(QueueArguments::fieldTypeName(*it), key, def.name));
            continue;
        }
        if (!key.startsWith(QLatin1String("x-")))
            continue;
        if (key == kDelayedType && def.type == ExchangeType::DelayedMessage)
            continue; // checked with the type below
        const QString why = key == kDelayedType ? QStringLiteral("only x-delayed-message exchanges take it")
                                                : QStringLiteral("unknown argument; Depot does not support it");
        return err(ErrorKind::InvalidArgument,
            QStringLiteral("invalid arg '%1' for exchange '%2' in vhost '/': %3").arg(key, def.name, why));
    }
    return {};
}

} // namespace

Engine::Private::Queue *Engine::Private::findQueue(const QString &name) const
{
    const auto it = queues.find(name);
    return it == queues.end() ? nullptr : it->second.get();
}

Error Engine::Private::lockedError(const Queue *queue, ConnectionId connection) const
{
    // Connection 0 is the broker's own user (the window, the HTTP API): it may
    // look into and manage exclusive queues.
    if (queue->def.exclusive && connection != 0 && queue->def.owner != connection)
        return err(ErrorKind::ResourceLocked,
                   QStringLiteral("cannot obtain exclusive access to locked queue '%1' in vhost '/'. It could be "
                                  "originally declared on another connection or the exclusive property value does "
                                  "not match that of the original declaration.")
                       .arg(queue->def.name));
    return {};
}

// ---- exchanges ----

Result<void> Engine::declareExchange(const ExchangeDef &def, bool passive)
{
    if (def.name.isEmpty())
        return {err(ErrorKind::AccessRefused, QStringLiteral("operation not permitted on the default exchange"))};
    const ExchangeDef *existing = d->registry.find(def.name);
    if (passive) {
        if (!existing)
            return {err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(def.name))};
        return {};
    }
    if (def.name.startsWith(QLatin1String("amq.")))
        return {err(ErrorKind::AccessRefused,
                    QStringLiteral("exchange name '%1' contains reserved prefix 'amq.*'").arg(def.name))};
    if (Error e = exchangeArgumentsError(def))
        return {e};
    if (def.type == ExchangeType::DelayedMessage) {
        const QString inner = def.arguments.value(kDelayedType).toString();
        const auto t = exchangeTypeFromName(inner);
        if (!t || *t == ExchangeType::DelayedMessage)
            return {err(ErrorKind::InvalidArgument,
                        QStringLiteral("invalid arg 'x-delayed-type' for exchange '%1' in vhost '/': expected one of "
                                       "direct, fanout, topic, headers, got '%2'")
                            .arg(def.name, inner))};
    }
    if (existing) {
        auto inequivalent = [&](const QString &what, const QString &got, const QString &current) {
            return Result<void>{err(ErrorKind::PreconditionFailed,
                                    QStringLiteral("inequivalent arg '%1' for exchange '%2' in vhost '/': received "
                                                   "'%3' but current is '%4'")
                                        .arg(what, def.name, got, current))};
        };
        if (existing->type != def.type)
            return inequivalent(QStringLiteral("type"), exchangeTypeName(def.type), exchangeTypeName(existing->type));
        if (existing->durable != def.durable)
            return inequivalent(QStringLiteral("durable"), boolText(def.durable), boolText(existing->durable));
        if (existing->autoDelete != def.autoDelete)
            return inequivalent(QStringLiteral("auto_delete"), boolText(def.autoDelete),
                                boolText(existing->autoDelete));
        if (existing->internal != def.internal)
            return inequivalent(QStringLiteral("internal"), boolText(def.internal), boolText(existing->internal));
        if (existing->arguments.value(kDelayedType) != def.arguments.value(kDelayedType))
            return inequivalent(kDelayedType, def.arguments.value(kDelayedType).toString(),
                                existing->arguments.value(kDelayedType).toString());
        // The one argument RabbitMQ compares on redeclaration.
        if (existing->arguments.value(kAlternateExchange).toString()
                != def.arguments.value(kAlternateExchange).toString()
            || existing->arguments.contains(kAlternateExchange) != def.arguments.contains(kAlternateExchange))
            return inequivalent(kAlternateExchange, def.arguments.value(kAlternateExchange).toString(),
                existing->arguments.value(kAlternateExchange).toString());
        return {};
    }
    d->registry.add(def);
    d->applyExchangePolicy(def.name);
    if (def.durable && d->store)
        d->store->putExchange(def);
    Q_EMIT topologyChanged();
    return {};
}

Result<void> Engine::deleteExchange(const QString &name, bool ifUnused)
{
    if (name.isEmpty())
        return {err(ErrorKind::AccessRefused, QStringLiteral("operation not permitted on the default exchange"))};
    if (name.startsWith(QLatin1String("amq.")))
        return {err(ErrorKind::AccessRefused,
                    QStringLiteral("exchange name '%1' contains reserved prefix 'amq.*'").arg(name))};
    const ExchangeDef *existing = d->registry.find(name);
    if (!existing)
        return {err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(name))};
    if (ifUnused && d->registry.hasBindingsFrom(name))
        return {err(ErrorKind::PreconditionFailed, QStringLiteral("exchange '%1' in vhost '/' in use").arg(name))};
    const bool durable = existing->durable;
    const QList<BindingDef> removed = d->registry.remove(name);
    if (durable && d->store)
        d->store->removeExchange(name);
    d->removeBindingsOf(removed);
    Q_EMIT topologyChanged();
    return {};
}

bool Engine::Private::bindingIsDurable(const BindingDef &b) const
{
    // A binding survives a restart when both its ends do.
    const ExchangeDef *source = registry.find(b.source);
    if (!source || !source->durable)
        return false;
    if (b.destinationKind == DestinationKind::Exchange) {
        const ExchangeDef *dest = registry.find(b.destination);
        return dest && dest->durable;
    }
    const Queue *queue = findQueue(b.destination);
    return queue && queue->def.durable && !queue->def.exclusive;
}

// Bindings that disappeared with an exchange or queue: forget them in the
// store and let auto-delete exchanges that lost their last binding go.
void Engine::Private::removeBindingsOf(const QList<BindingDef> &removed)
{
    for (const BindingDef &b : removed) {
        if (store)
            store->removeBinding(b);
    }
    for (const BindingDef &b : removed)
        maybeAutoDeleteExchange(b.source);
}

void Engine::Private::maybeAutoDeleteExchange(const QString &exchange)
{
    const ExchangeDef *def = registry.find(exchange);
    if (!def || !def->autoDelete || registry.hasBindingsFrom(exchange))
        return;
    const bool durable = def->durable;
    const QList<BindingDef> removed = registry.remove(exchange);
    if (durable && store)
        store->removeExchange(exchange);
    removeBindingsOf(removed);
}

Result<void> Engine::bind(const BindingDef &binding)
{
    if (binding.source.isEmpty() || (binding.destinationKind == DestinationKind::Exchange && binding.destination.isEmpty()))
        return {err(ErrorKind::AccessRefused, QStringLiteral("operation not permitted on the default exchange"))};
    if (!d->registry.contains(binding.source))
        return {err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(binding.source))};
    if (binding.destinationKind == DestinationKind::Exchange) {
        if (!d->registry.contains(binding.destination))
            return {err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(binding.destination))};
    } else if (!d->findQueue(binding.destination)) {
        return {err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(binding.destination))};
    }
    if (const auto match = binding.arguments.constFind(kMatch); match != binding.arguments.constEnd()) {
        // A headers exchange (or a delayed one routing like headers) reads
        // x-match; RabbitMQ refuses a value it cannot read, and so does Depot
        // instead of matching as "all".
        const ExchangeDef *source = d->registry.find(binding.source);
        const bool headers = source->type == ExchangeType::Headers
            || (source->type == ExchangeType::DelayedMessage
                && source->arguments.value(kDelayedType).toString() == QLatin1String("headers"));
        static const QStringList modes{
            QStringLiteral("all"), QStringLiteral("any"), QStringLiteral("all-with-x"), QStringLiteral("any-with-x")};
        if (headers && (!isString(*match) || !modes.contains(match->toString())))
            return {err(ErrorKind::PreconditionFailed,
                QStringLiteral("Invalid x-match field value %1; expected all, any, all-with-x, or any-with-x")
                    .arg(isString(*match) ? QStringLiteral("'%1'").arg(match->toString())
                                          : QueueArguments::fieldTypeName(*match)))};
    }
    if (d->registry.bind(binding)) {
        if (d->store && d->bindingIsDurable(binding))
            d->store->putBinding(binding);
        Q_EMIT topologyChanged();
    }
    return {};
}

Result<void> Engine::unbind(const BindingDef &binding)
{
    if (binding.source.isEmpty())
        return {err(ErrorKind::AccessRefused, QStringLiteral("operation not permitted on the default exchange"))};
    if (!d->registry.contains(binding.source))
        return {err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(binding.source))};
    if (binding.destinationKind == DestinationKind::Exchange) {
        if (!d->registry.contains(binding.destination))
            return {err(ErrorKind::NotFound, QStringLiteral("no exchange '%1' in vhost '/'").arg(binding.destination))};
    } else if (!d->findQueue(binding.destination)) {
        return {err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(binding.destination))};
    }
    // Unbinding something that is not bound is not an error (RabbitMQ).
    const bool durable = d->bindingIsDurable(binding);
    if (d->registry.unbind(binding)) {
        if (durable && d->store)
            d->store->removeBinding(binding);
        d->maybeAutoDeleteExchange(binding.source);
        Q_EMIT topologyChanged();
    }
    return {};
}

// ---- queues ----

Engine::Private::Queue *Engine::Private::createQueue(const QueueDef &def, const QueueArguments &args, qint64 storeId)
{
    auto queue = std::make_unique<Queue>();
    queue->def = def;
    queue->args = args;
    queue->storeId = storeId;
    queue->serial = nextQueueSerial++;
    queue->index = engine_detail::QueueIndex(args.maxPriority);
    queue->index.setGrouped(args.isFifo());
    queue->lastUsed = now();
    Queue *raw = queue.get();
    queuesBySerial.emplace(raw->serial, raw);
    queues.emplace(def.name, std::move(queue));
    if (args.expires > 0)
        schedule(raw, raw->lastUsed + args.expires);
    return raw;
}

Result<QueueInfo> Engine::declareQueue(const QueueDef &requested, bool passive, ConnectionId connection)
{
    QueueDef def = requested;
    if (passive) {
        Queue *queue = d->findQueue(def.name);
        if (!queue)
            return {{}, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(def.name))};
        if (Error e = d->lockedError(queue, connection))
            return {{}, e};
        d->noteUsed(queue);
        return {*this->queue(def.name), {}};
    }
    if (def.name.isEmpty()) {
        do
            def.name = QStringLiteral("amq.gen-") + randomSuffix();
        while (d->findQueue(def.name));
    } else if (def.name.startsWith(QLatin1String("amq."))) {
        return {{}, err(ErrorKind::AccessRefused,
                        QStringLiteral("queue name '%1' contains reserved prefix 'amq.*'").arg(def.name))};
    }
    if (const QString why = QueueArguments::refusal(def.arguments, def.name); !why.isEmpty())
        return {{}, err(ErrorKind::InvalidArgument, why)};
    if (Queue *queue = d->findQueue(def.name)) {
        if (Error e = d->lockedError(queue, connection))
            return {{}, e};
        auto inequivalent = [&](const QString &what, const QString &got, const QString &current) {
            return Result<QueueInfo>{{}, err(ErrorKind::PreconditionFailed,
                                             QStringLiteral("inequivalent arg '%1' for queue '%2' in vhost '/': "
                                                            "received '%3' but current is '%4'")
                                                 .arg(what, def.name, got, current))};
        };
        if (queue->def.durable != def.durable)
            return inequivalent(QStringLiteral("durable"), boolText(def.durable), boolText(queue->def.durable));
        if (queue->def.exclusive != def.exclusive)
            return inequivalent(QStringLiteral("exclusive"), boolText(def.exclusive), boolText(queue->def.exclusive));
        if (queue->def.autoDelete != def.autoDelete)
            return inequivalent(QStringLiteral("auto_delete"), boolText(def.autoDelete),
                                boolText(queue->def.autoDelete));
        if (const QString key = QueueArguments::firstDifference(def.arguments, queue->def.arguments); !key.isEmpty())
            return inequivalent(key, def.arguments.value(key).toString(), queue->def.arguments.value(key).toString());
        d->noteUsed(queue);
        return {*this->queue(def.name), {}};
    }
    QString why;
    const auto args = QueueArguments::parse(def.arguments, def.name, &why);
    if (!args)
        return {{}, err(ErrorKind::InvalidArgument, why)};
    if (args->isStream()) {
        // RabbitMQ's checks, in its order.
        const QString property = def.autoDelete ? QStringLiteral("auto-delete")
            : def.exclusive                     ? QStringLiteral("exclusive-owner")
            : !def.durable                      ? QStringLiteral("non-durable")
                                                : QString();
        if (!property.isEmpty())
            return {{}, err(ErrorKind::PreconditionFailed,
                            QStringLiteral("invalid property '%1' for queue '%2' in vhost '/'").arg(property, def.name))};
        if (!d->streams)
            return {{}, err(ErrorKind::NotImplemented,
                            QStringLiteral("stream queues need the log engine, which this Depot runs without"))};
        if (Error e = d->openStream(def.name, *args))
            return {{}, e};
    }
    def.owner = def.exclusive ? connection : 0;
    qint64 storeId = 0;
    if (d->store && def.durable && !def.exclusive)
        storeId = d->store->putQueue(def);
    d->applyPolicies(d->createQueue(def, *args, storeId), false);
    if (def.exclusive && connection != 0) {
        if (const auto it = d->connections.find(connection); it != d->connections.end())
            it->second->exclusiveQueues.insert(def.name);
    }
    Q_EMIT topologyChanged();
    return {*this->queue(def.name), {}};
}

Result<QueueInfo> Engine::setQueueArguments(const QString &name, const QVariantMap &arguments)
{
    Queue *queue = d->findQueue(name);
    if (!queue)
        return {{}, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(name))};
    if (const QString why = QueueArguments::refusal(arguments, name); !why.isEmpty())
        return {{}, err(ErrorKind::InvalidArgument, why)};
    QString why;
    const auto args = QueueArguments::parse(arguments, name, &why);
    if (!args)
        return {{}, err(ErrorKind::InvalidArgument, why)};
    // The kind decides the index's shape (groups) and the priorities its
    // levels: neither can change under the messages it holds.
    if (args->kind != queue->args.kind || args->maxPriority != queue->args.maxPriority)
        return {{},
            err(ErrorKind::PreconditionFailed,
                QStringLiteral("cannot change x-queue-type or x-max-priority of queue '%1' in vhost '/'").arg(name))};
    queue->def.arguments = arguments;
    queue->args = *args;
    // Policies still apply over the new arguments.
    d->applyPolicies(queue, false);
    if (d->store && queue->storeId)
        d->store->putQueue(queue->def);
    d->noteUsed(queue);
    d->schedule(queue, d->nextDue(queue));
    Q_EMIT topologyChanged();
    return {*this->queue(name), {}};
}

Result<QueueInfo> Engine::setQueuePaused(const QString &name, bool paused)
{
    Queue *queue = d->findQueue(name);
    if (!queue)
        return {{}, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(name))};
    if (queue->paused != paused) {
        queue->paused = paused;
        if (d->store && queue->storeId)
            d->store->setQueuePaused(queue->storeId, paused);
        if (!paused) {
            ++d->depth;
            d->dispatch(queue);
            if (!queue->deleted && !queue->watchers.empty() && d->hasLeasable(queue))
                d->wakeWatchers(queue);
            --d->depth;
            d->flushGraveyard();
        }
        Q_EMIT topologyChanged();
    }
    return {*this->queue(name), {}};
}

void Engine::Private::destroyQueue(Queue *queue, bool notifyConsumers, const QString &why)
{
    if (queue->deleted)
        return;
    ++depth;
    // Every way a queue goes (deleted, expired, auto-deleted, its exclusive
    // owner gone) ends the stories of all its messages, the leased ones too:
    // their leases are forgotten below and would never settle.
    noteQueueEmptied(queue, HistoryEventKind::Deleted, why, true);
    queue->deleted = true;
    const QString name = queue->def.name;
    // Consumers are told after they are gone, so a sink that reacts by
    // cancelling finds nothing left to cancel.
    std::vector<std::pair<DeliverySink *, QString>> notify;
    for (Consumer *c : queue->consumers) {
        Session *s = c->session;
        for (LeaseHandle h : s->leases)
            leases.forgetConsumer(h, c);
        notify.emplace_back(s->sink, c->tag);
        if (c->stream)
            s->forgetStreamTagsOf(c->tag);
        const auto it = s->consumers.find(c->tag);
        if (it != s->consumers.end()) {
            deadConsumers.push_back(std::move(it->second));
            s->consumers.erase(it);
        }
    }
    queue->consumers.clear();
    queue->exclusiveConsumer = nullptr;
    if (queue->unackedCount > 0)
        leases.forgetQueue(queue);
    // Long polls on it answer now (with nothing) rather than at their timeout.
    if (!queue->watchers.empty())
        wakeWatchers(queue);
    removeBindingsOf(registry.removeQueueBindings(name));
    if (store && queue->storeId)
        store->removeQueue(queue->storeId);
    if (queue->args.isStream() && streams)
        streams->remove(name);
    if (queue->def.exclusive) {
        if (const auto it = connections.find(queue->def.owner); it != connections.end())
            it->second->exclusiveQueues.remove(name);
    }
    stats.removeQueue(name);
    queuesBySerial.erase(queue->serial);
    const auto it = queues.find(name);
    deadQueues.push_back(std::move(it->second));
    queues.erase(it);
    if (notifyConsumers) {
        for (const auto &[sink, tag] : notify) {
            if (sink)
                sink->consumerCancelled(tag);
        }
    }
    Q_EMIT q->queueDeleted(name);
    Q_EMIT q->topologyChanged();
    --depth;
}

void Engine::Private::maybeAutoDeleteQueue(Queue *queue)
{
    if (queue->def.autoDelete && queue->everHadConsumer && queue->consumers.empty())
        destroyQueue(queue, false, QStringLiteral("queue auto-deleted"));
}

Result<quint64> Engine::deleteQueue(const QString &name, bool ifUnused, bool ifEmpty, ConnectionId connection)
{
    Queue *queue = d->findQueue(name);
    if (!queue)
        return {0, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(name))};
    if (Error e = d->lockedError(queue, connection))
        return {0, e};
    if (ifUnused && !queue->consumers.empty())
        return {0, err(ErrorKind::PreconditionFailed, QStringLiteral("queue '%1' in vhost '/' in use").arg(name))};
    const quint64 count = queue->index.readyCount() + queue->index.delayedCount();
    if (ifEmpty && count > 0)
        return {0, err(ErrorKind::PreconditionFailed, QStringLiteral("queue '%1' in vhost '/' not empty").arg(name))};
    ++d->depth;
    d->destroyQueue(queue, true, QStringLiteral("queue deleted"));
    --d->depth;
    d->flushGraveyard();
    return {count, {}};
}

Result<quint64> Engine::purgeQueue(const QString &name, ConnectionId connection, Purge what)
{
    Queue *queue = d->findQueue(name);
    if (!queue)
        return {0, err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(name))};
    if (Error e = d->lockedError(queue, connection))
        return {0, e};
    if (queue->args.isStream())
        return {0, err(ErrorKind::NotImplemented, QStringLiteral("purge not supported by queue '%1' in vhost '/'").arg(name))};
    quint64 count = queue->index.readyCount() + queue->index.delayedCount();
    d->noteQueueEmptied(queue, HistoryEventKind::Purged, QString(), what == Purge::LeasedToo);
    if (what == Purge::LeasedToo && queue->unackedCount > 0) {
        std::vector<LeaseHandle> handles;
        d->leases.forEach([&](LeaseHandle h, const engine_detail::Lease &l) {
            if (l.queue == queue)
                handles.push_back(h);
        });
        for (LeaseHandle h : handles) {
            const engine_detail::Lease *l = d->leases.find(h);
            const bool hasRow = (l->deadline || l->entry.m.firstDeliveredAfter) && l->entry.stored && d->store;
            Entry e = d->leases.close(h);
            if (hasRow)
                d->store->setLeaseDeadline(e.m.id, 0, 0);
            d->dropEntry(queue, std::move(e));
            ++count;
        }
    }
    if (d->store && queue->storeId) {
        // The store's purge takes every row of the queue; unacked messages
        // and those the window set aside (undo) must keep theirs, so then
        // the ready ones go one by one.
        if (queue->unackedCount == 0 && !d->hasAside(queue)) {
            d->store->purgeQueue(queue->storeId);
        } else {
            for (int level = 0; level < queue->index.levelCount(); ++level)
                for (const Entry &e : queue->index.level(level))
                    if (!e.dead && e.stored)
                        d->store->removeMessage(e.m.id);
            for (const auto &[at, e] : queue->index.delayed())
                if (e.stored)
                    d->store->removeMessage(e.m.id);
        }
    }
    queue->index.clear();
    return {count, {}};
}

} // namespace depot
