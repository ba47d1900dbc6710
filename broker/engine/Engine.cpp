#include "broker/engine/EnginePrivate.h"

#include <algorithm>

// Engine.cpp: construction, the clock, connections and sessions, and the
// read-only inspection the window and the HTTP API use.

namespace depot {

using namespace engine_detail;

Engine::Private::Private(Engine *owner, store::Store *st)
    : q(owner)
    , store(st)
{
    history.setStore(st);
    history.setSnapshotHook([this] {
        leases.forEach([this](LeaseHandle, const Lease &l) {
            if (l.delivery.at && l.entry.stored && l.queue)
                history.journalDelivery(l.entry.m.id, HistoryBook::deliveredEvent(l.delivery, l.queue->def.name,
                                                                                  l.entry.m.deliveryCount));
        });
    });
}

void Engine::Private::flushGraveyard()
{
    if (depth > 0)
        return;
    deadConsumers.clear();
    deadSessions.clear();
    deadQueues.clear();
}

Engine::Engine(store::Store *store, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, store))
{
    qRegisterMetaType<depot::TransferReport>();
    d->timer.setSingleShot(true);
    connect(&d->timer, &QTimer::timeout, this, [this] {
        d->timerArmedFor = 0;
        processTimers();
    });
    d->asideTimer.setSingleShot(true);
    connect(&d->asideTimer, &QTimer::timeout, this, [this] { d->processAside(d->now()); });
    d->statsTimer.setInterval(1000);
    connect(&d->statsTimer, &QTimer::timeout, this, [this] {
        QHash<QString, QueueGauges> gauges;
        gauges.reserve(qsizetype(d->queues.size()));
        for (const auto &[name, queue] : d->queues) {
            QueueGauges g;
            g.ready = queue->index.readyCount() + queue->index.delayedCount();
            g.unacked = queue->unackedCount;
            g.bytes = queue->index.readyBytes() + queue->index.delayedBytes() + queue->unackedBytes;
            g.consumers = quint32(queue->consumers.size());
            gauges.insert(name, g);
        }
        d->stats.sample(now(), gauges);
    });
    d->statsTimer.start();
    d->historyTimer.setInterval(60'000);
    connect(&d->historyTimer, &QTimer::timeout, this, [this] { pruneHistory(); });
    d->historyTimer.start();
    if (store) {
        connect(store, &store::Store::committed, this, [this](quint64 seq) {
            d->onCommitted(seq);
            Q_EMIT committed(seq);
            d->reportCommittedTransfers(seq);
        });
    }
}

Engine::~Engine()
{
    d->timer.stop();
    d->statsTimer.stop();
}

void Engine::setClock(Clock clock)
{
    d->clock = std::move(clock);
}

qint64 Engine::now() const
{
    return d->now();
}

Stats &Engine::stats()
{
    return d->stats;
}

const Stats &Engine::stats() const
{
    return d->stats;
}

quint64 Engine::bodyBytesInMemory() const
{
    return quint64(std::max<qint64>(0, d->bodyMeter->bytes.load(std::memory_order_relaxed)));
}

quint64 Engine::bodiesInMemory() const
{
    return quint64(std::max<qint64>(0, d->bodyMeter->bodies.load(std::memory_order_relaxed)));
}

void Engine::raiseAlarm(const QString &source, const QString &text)
{
    const auto it = d->alarms.constFind(source);
    if (it != d->alarms.constEnd() && *it == text)
        return;
    d->alarms.insert(source, text);
    Q_EMIT alarmsChanged();
}

void Engine::clearAlarm(const QString &source)
{
    if (d->alarms.remove(source) > 0)
        Q_EMIT alarmsChanged();
}

QMap<QString, QString> Engine::alarms() const
{
    return d->alarms;
}

store::Store *Engine::store() const
{
    return d->store;
}

quint64 Engine::flushStore()
{
    return d->store ? d->store->submit() : 0;
}

// ---- connections and sessions ----

ConnectionId Engine::openConnection(const ConnectionInfo &info)
{
    auto c = std::make_unique<Connection>();
    c->id = d->nextConnectionId++;
    c->info = info;
    c->connectedAtMs = now();
    c->historyActor = d->history.internActor(HistoryActor{HistoryActor::Kind::Connection,
        info.name.isEmpty() ? info.peer : info.name, info.peer, info.user, info.protocol});
    const ConnectionId id = c->id;
    d->connections.emplace(id, std::move(c));
    Q_EMIT topologyChanged();
    return id;
}

bool Engine::requestConnectionClose(ConnectionId connection, const QString &reason)
{
    if (!d->connections.count(connection))
        return false;
    Q_EMIT connectionCloseRequested(connection, reason);
    return true;
}

void Engine::closeConnection(ConnectionId connection)
{
    const auto it = d->connections.find(connection);
    if (it == d->connections.end())
        return;
    ++d->depth;
    std::unique_ptr<Connection> c = std::move(it->second);
    d->connections.erase(it);
    for (SessionId s : std::as_const(c->sessions)) {
        const auto sit = d->sessions.find(s);
        if (sit != d->sessions.end())
            d->closeSessionInternal(sit->second.get());
    }
    for (const QString &name : std::as_const(c->exclusiveQueues)) {
        if (Queue *queue = d->findQueue(name); queue && queue->def.owner == connection)
            d->destroyQueue(queue, true, QStringLiteral("exclusive owner closed"));
    }
    --d->depth;
    d->flushGraveyard();
    d->history.releaseActor(c->historyActor); // kept while a story names it
    Q_EMIT topologyChanged();
}

SessionId Engine::openSession(ConnectionId connection, DeliverySink *sink, quint16 channel)
{
    auto s = std::make_unique<Session>();
    s->id = d->nextSessionId++;
    s->connection = connection;
    s->sink = sink;
    s->channel = channel;
    const SessionId id = s->id;
    Session *session = s.get();
    d->sessions.emplace(id, std::move(s));
    if (const auto it = d->connections.find(connection); it != d->connections.end()) {
        it->second->sessions.append(id);
        session->historyActor = it->second->historyActor;
    }
    return id;
}

void Engine::closeSession(SessionId session)
{
    const auto it = d->sessions.find(session);
    if (it == d->sessions.end())
        return;
    ++d->depth;
    if (const auto cit = d->connections.find(it->second->connection); cit != d->connections.end())
        cit->second->sessions.removeOne(session);
    d->closeSessionInternal(it->second.get());
    --d->depth;
    d->flushGraveyard();
    Q_EMIT topologyChanged();
}

void Engine::Private::closeSessionInternal(Session *s)
{
    // Consumers go first, so the requeued messages cannot flow back to them.
    QSet<Queue *> touched;
    std::vector<Consumer *> all;
    for (auto &[tag, c] : s->consumers)
        all.push_back(c.get());
    for (Consumer *c : all)
        detachConsumer(c, &touched);
    requeueSessionUnacked(s, true);
    for (Queue *queue : std::as_const(touched)) {
        if (!queue->deleted)
            maybeAutoDeleteQueue(queue);
    }
    const auto it = sessions.find(s->id);
    if (it != sessions.end()) {
        deadSessions.push_back(std::move(it->second));
        sessions.erase(it);
    }
}

void Engine::setSessionPrefetch(SessionId session, quint32 prefetch)
{
    const auto it = d->sessions.find(session);
    if (it == d->sessions.end())
        return;
    it->second->prefetch = prefetch;
    ++d->depth;
    d->kickSession(it->second.get());
    --d->depth;
    d->flushGraveyard();
}

void Engine::setConsumerPrefetch(SessionId session, quint32 prefetch)
{
    if (const auto it = d->sessions.find(session); it != d->sessions.end())
        it->second->consumerPrefetch = prefetch;
}

void Engine::setSessionConfirms(SessionId session, bool confirms)
{
    if (const auto it = d->sessions.find(session); it != d->sessions.end())
        it->second->confirms = confirms;
}

void Engine::setFlow(SessionId session, bool active)
{
    const auto it = d->sessions.find(session);
    if (it == d->sessions.end())
        return;
    it->second->flow = active;
    if (active) {
        ++d->depth;
        d->kickSession(it->second.get());
        --d->depth;
        d->flushGraveyard();
    }
}

// ---- inspection ----

static QueueInfo infoOf(const engine_detail::Queue *queue, const StreamLog *streams)
{
    QueueInfo info;
    if (queue->args.isStream() && streams) {
        // A stream's messages are its log's: all ready, none ever leased.
        const StreamState state = streams->state(queue->def.name);
        info.ready = state.messages();
        info.bytes = state.bytes;
    }
    info.def = queue->def;
    if (!queue->args.isStream())
        info.ready = queue->index.readyCount() + queue->index.delayedCount();
    info.delayed = queue->index.delayedCount();
    info.unacked = queue->unackedCount;
    if (!queue->args.isStream())
        info.bytes = queue->index.readyBytes() + queue->index.delayedBytes() + queue->unackedBytes;
    info.consumers = quint32(queue->consumers.size());
    info.deadLetterExchange = queue->args.deadLetterExchange.value_or(QString());
    info.deadLetterRoutingKey = queue->args.deadLetterRoutingKey.value_or(QString());
    info.paused = queue->paused;
    info.policy = queue->policy;
    return info;
}

QList<QueueInfo> Engine::queues() const
{
    QList<QueueInfo> out;
    out.reserve(qsizetype(d->queues.size()));
    for (const auto &[name, queue] : d->queues)
        out.append(infoOf(queue.get(), d->streams));
    std::sort(out.begin(), out.end(), [](const QueueInfo &a, const QueueInfo &b) { return a.def.name < b.def.name; });
    return out;
}

std::optional<QueueInfo> Engine::queue(const QString &name) const
{
    if (const Queue *queue = d->findQueue(name))
        return infoOf(queue, d->streams);
    return std::nullopt;
}

QList<ExchangeDef> Engine::exchanges() const
{
    return d->registry.exchanges();
}

QList<BindingDef> Engine::bindings() const
{
    return d->registry.bindings();
}

QList<ConsumerInfo> Engine::consumers() const
{
    QList<ConsumerInfo> out;
    for (const auto &[name, queue] : d->queues) {
        for (size_t i = 0; i < queue->consumers.size(); ++i) {
            const Consumer *c = queue->consumers[i];
            ConsumerInfo info;
            info.queue = name;
            info.consumerTag = c->tag;
            info.session = c->session->id;
            info.connection = c->session->connection;
            info.noAck = c->noAck;
            info.exclusive = c->exclusive;
            info.active = !queue->args.singleActiveConsumer || i == 0;
            info.priority = c->priority;
            info.prefetch = c->prefetch;
            info.unacked = c->unacked;
            out.append(info);
        }
    }
    return out;
}

QList<ConnectionSummary> Engine::connections() const
{
    QList<ConnectionSummary> out;
    for (const auto &[id, c] : d->connections) {
        ConnectionSummary summary{c->id, c->info, c->connectedAtMs, c->sessions, {}};
        for (const SessionId sid : std::as_const(c->sessions)) {
            const auto sit = d->sessions.find(sid);
            if (sit == d->sessions.end())
                continue;
            const Session &s = *sit->second;
            summary.channels.append({s.id, s.channel, s.prefetch, s.consumerPrefetch, s.liveUnacked,
                                     quint32(s.consumers.size()), s.flow, s.confirms});
        }
        out.append(std::move(summary));
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    return out;
}

quint64 Engine::contentsInMemory(const QString &queueName) const
{
    const Queue *queue = d->findQueue(queueName);
    if (!queue)
        return 0;
    quint64 n = 0;
    for (int level = 0; level < queue->index.levelCount(); ++level) {
        for (const Entry &e : queue->index.level(level))
            n += (!e.dead && e.m.content) ? 1 : 0;
    }
    for (const auto &[at, e] : queue->index.delayed())
        n += e.m.content ? 1 : 0;
    return n;
}

// Browsing: ready messages in delivery order (priority levels high to low,
// each in id order), then delayed ones (by due time), then unacked (by id).
void Engine::Private::walkBrowseOrder(const Queue *queue, quint64 from,
                                      const std::function<bool(const Entry &, bool, quint64)> &visit) const
{
    quint64 position = 0;
    // Ready messages, highest priority first. A level without tombstones is
    // entered at `from` directly; one with tombstones is counted through.
    for (int level = queue->index.levelCount() - 1; level >= 0; --level) {
        const auto &entries = queue->index.level(level);
        const quint64 tombs = queue->index.tombstones(level);
        const quint64 live = quint64(entries.size()) - tombs;
        if (from >= position + live) {
            position += live;
            continue;
        }
        size_t i = 0;
        if (tombs == 0 && from > position) {
            i = size_t(from - position);
            position = from;
        }
        for (; i < entries.size(); ++i) {
            const Entry &e = entries[i];
            if (e.dead)
                continue;
            if (position >= from && !visit(e, false, position))
                return;
            ++position;
        }
    }
    if (from >= position + quint64(queue->index.delayedCount())) {
        position += quint64(queue->index.delayedCount());
    } else {
        for (const auto &[at, e] : queue->index.delayed()) {
            if (position >= from && !visit(e, false, position))
                return;
            ++position;
        }
    }
    if (queue->unackedCount == 0 || from >= position + queue->unackedCount)
        return;
    std::vector<const Entry *> unacked;
    leases.forEach([&](LeaseHandle, const engine_detail::Lease &l) {
        if (l.queue == queue)
            unacked.push_back(&l.entry);
    });
    std::sort(unacked.begin(), unacked.end(), [](const Entry *a, const Entry *b) { return a->m.id < b->m.id; });
    for (const Entry *e : unacked) {
        if (position >= from && !visit(*e, true, position))
            return;
        ++position;
    }
}

QList<MessageId> Engine::browseIds(const QString &queueName, quint64 offset, quint64 limit) const
{
    QList<MessageId> out;
    const Queue *queue = d->findQueue(queueName);
    if (!queue || limit == 0)
        return out;
    d->walkBrowseOrder(queue, offset, [&](const Entry &e, bool, quint64) {
        out.append(e.m.id);
        return quint64(out.size()) < limit;
    });
    return out;
}

QList<MessageView> Engine::browse(const QString &queueName, quint64 offset, quint64 limit,
                                  const MessageFilter &filter) const
{
    QList<MessageView> out;
    const Queue *queue = d->findQueue(queueName);
    if (!queue || limit == 0)
        return out;

    // Collected in batches so paged-out bodies are read from the store
    // together. Without a filter the offset is a position: the walk starts
    // there and reads nothing before it.
    const bool filtering = !filter.isEmpty();
    const qint64 nowMs = filtering ? now() : 0;
    quint64 matched = 0;
    struct Item
    {
        const Entry *entry;
        bool unacked;
        quint64 position;
    };
    std::vector<Item> batch;
    const auto flush = [&] {
        QList<MessageId> missing;
        for (const Item &item : batch) {
            if (!item.entry->m.content)
                missing.append(item.entry->m.id);
        }
        QHash<MessageId, ContentPtr> loaded;
        if (!missing.isEmpty() && d->store)
            loaded = d->store->loadContents(missing);
        for (const Item &item : batch) {
            if (quint64(out.size()) >= limit)
                break;
            ContentPtr content = item.entry->m.content ? item.entry->m.content : loaded.value(item.entry->m.id);
            if (!content)
                continue;
            MessageView view;
            view.state = item.entry->m;
            view.state.content = std::move(content);
            if (filtering && (!filter.matches(queueName, view.state, nowMs) || matched++ < offset))
                continue;
            view.position = item.position;
            view.unacked = item.unacked;
            out.append(view);
        }
        batch.clear();
        return quint64(out.size()) < limit;
    };
    d->walkBrowseOrder(queue, filtering ? 0 : offset, [&](const Entry &e, bool unacked, quint64 position) {
        batch.push_back({&e, unacked, position});
        const quint64 wanted = filtering ? quint64(Private::LoadBatch)
                                         : std::min<quint64>(Private::LoadBatch, limit - quint64(out.size()));
        return batch.size() < wanted || flush();
    });
    if (!batch.empty())
        flush();
    return out;
}

std::optional<MessageView> Engine::message(const QString &queueName, MessageId id) const
{
    const Queue *queue = d->findQueue(queueName);
    if (!queue)
        return std::nullopt;
    const Entry *found = nullptr;
    bool unacked = false;
    qint64 leaseDeadline = 0;
    int foundLevel = -1;
    size_t foundIndex = 0;
    for (int l = 0; l < queue->index.levelCount(); ++l) {
        const auto &level = queue->index.level(l);
        auto it = std::lower_bound(level.begin(), level.end(), id,
                                   [](const Entry &e, MessageId v) { return e.m.id < v; });
        if (it != level.end() && it->m.id == id && !it->dead) {
            found = &*it;
            foundLevel = int(l);
            foundIndex = size_t(it - level.begin());
            break;
        }
    }
    if (!found) {
        for (const auto &[at, e] : queue->index.delayed()) {
            if (e.m.id == id)
                found = &e;
        }
    }
    if (!found) {
        d->leases.forEach([&](LeaseHandle, const engine_detail::Lease &l) {
            if (l.queue == queue && l.entry.m.id == id) {
                found = &l.entry;
                unacked = true;
                leaseDeadline = l.deadline;
            }
        });
    }
    if (!found)
        return std::nullopt;
    MessageView view;
    view.state = found->m;
    view.unacked = unacked;
    view.leaseDeadline = leaseDeadline;
    if (!view.state.content && d->store)
        view.state.content = d->store->loadContents({id}).value(id);
    if (!view.state.content)
        return std::nullopt;
    // Position in delivery order, counted like browse() does.
    quint64 pos = 0;
    if (!unacked) {
        // Higher levels come first; within its own level a message's offset
        // is its index less the tombstones before it (none to count in a
        // level without tombstones: the common case of a queue consumed from
        // its head).
        for (int level = queue->index.levelCount() - 1; level >= 0; --level) {
            const auto &entries = queue->index.level(level);
            const quint64 tombs = queue->index.tombstones(level);
            if (level != foundLevel) {
                pos += quint64(entries.size()) - tombs;
                continue;
            }
            pos += quint64(foundIndex);
            if (tombs > 0) {
                for (size_t i = 0; i < foundIndex; ++i)
                    pos -= entries[i].dead ? 1 : 0;
            }
            goto done;
        }
        for (const auto &[at, e] : queue->index.delayed()) {
            if (&e == found)
                goto done;
            ++pos;
        }
    } else {
        pos = queue->index.readyCount() + queue->index.delayedCount();
    }
done:
    view.position = pos;
    return view;
}

} // namespace depot
