#include "broker/engine/EnginePrivate.h"

#include <algorithm>

// EngineExport.cpp: what export and import need of the engine. A walk over a
// whole queue in slices that resumes by id (browseNext), so a queue that
// consumers and publishers move meanwhile is neither skipped through nor read
// twice, and putting an imported message straight into a queue with its
// content as it was (publishToQueue).

namespace depot {

using namespace engine_detail;

QList<MessageView> Engine::browseNext(
    const QString &queueName, BrowseCursor *cursor, quint64 budget, const MessageFilter &filter) const
{
    QList<MessageView> out;
    const Queue *queue = d->findQueue(queueName);
    if (!queue) {
        cursor->done = true;
        return out;
    }
    if (cursor->done)
        return out;
    if (!cursor->started) {
        // What is delayed or leased now is visited after the ready levels,
        // wherever it is by then; remembering it by id keeps a message that
        // comes due or is requeued meanwhile from being missed or read twice.
        cursor->started = true;
        cursor->upTo = d->lastMessageId;
        cursor->level = queue->index.levelCount() - 1;
        cursor->after = 0;
        for (const auto &[at, e] : queue->index.delayed())
            cursor->held.push_back(e.m.id);
        d->leases.forEach([&](LeaseHandle, const engine_detail::Lease &l) {
            if (l.queue == queue)
                cursor->held.push_back(l.entry.m.id);
        });
        std::sort(cursor->held.begin(), cursor->held.end());
    }
    if (budget == 0)
        return out;
    const auto isHeld
        = [cursor](MessageId id) { return std::binary_search(cursor->held.begin(), cursor->held.end(), id); };

    struct Item
    {
        QueuedMessage state;
        bool unacked;
        quint64 position; // in delivery order now, as browse() counts it
    };
    std::vector<Item> batch;
    quint64 looked = 0;
    // Live ready messages in the levels above `level` (higher priority).
    const auto liveAbove = [queue](int level) {
        quint64 n = 0;
        for (int l = queue->index.levelCount() - 1; l > level; --l)
            n += quint64(queue->index.level(l).size()) - queue->index.tombstones(l);
        return n;
    };
    // Live entries of a level before `end` (counted through only when the
    // level has tombstones).
    const auto liveBefore = [queue](int level, auto end) {
        const auto &entries = queue->index.level(level);
        if (queue->index.tombstones(level) == 0)
            return quint64(end - entries.begin());
        return quint64(std::count_if(entries.begin(), end, [](const Entry &e) { return !e.dead; }));
    };
    // Ready levels, highest first, each in id order from where the last call
    // stopped (a binary search: the level may have shifted since).
    while (cursor->level >= 0 && looked < budget) {
        const auto &entries = queue->index.level(cursor->level);
        auto it = std::upper_bound(
            entries.begin(), entries.end(), cursor->after, [](MessageId v, const Entry &e) { return v < e.m.id; });
        quint64 position = cursor->positions ? liveAbove(cursor->level) + liveBefore(cursor->level, it) : 0;
        for (; it != entries.end() && looked < budget; ++it) {
            if (it->m.id > cursor->upTo)
                break;
            cursor->after = it->m.id;
            if (it->dead)
                continue;
            const quint64 at = position++;
            if (isHeld(it->m.id))
                continue;
            ++looked;
            batch.push_back({it->m, false, at});
        }
        if (looked >= budget && it != entries.end() && it->m.id <= cursor->upTo)
            break;
        --cursor->level;
        cursor->after = 0;
    }
    // Then the ones held at the start, found where they are now (ready,
    // delayed or leased); those that left the queue meanwhile are gone.
    if (cursor->level < 0 && cursor->heldNext < cursor->held.size() && looked < budget) {
        struct Place
        {
            const Entry *entry;
            bool unacked;
            quint64 position;
        };
        // Delayed ones after the ready ones, then the unacked by id, as
        // browse() orders them.
        quint64 position = cursor->positions ? liveAbove(-1) : 0;
        QHash<MessageId, Place> where;
        for (const auto &[at, e] : queue->index.delayed())
            where.insert(e.m.id, {&e, false, position++});
        std::vector<const Entry *> leased;
        d->leases.forEach([&](LeaseHandle, const engine_detail::Lease &l) {
            if (l.queue == queue)
                leased.push_back(&l.entry);
        });
        if (cursor->positions)
            std::sort(leased.begin(), leased.end(), [](const Entry *a, const Entry *b) { return a->m.id < b->m.id; });
        for (const Entry *e : leased)
            where.insert(e->m.id, {e, true, position++});
        for (; cursor->heldNext < cursor->held.size() && looked < budget; ++cursor->heldNext) {
            const MessageId id = cursor->held[cursor->heldNext];
            const Entry *found = nullptr;
            bool unacked = false;
            quint64 at = 0;
            if (const auto w = where.constFind(id); w != where.constEnd()) {
                found = w->entry;
                unacked = w->unacked;
                at = w->position;
            } else {
                for (int l = queue->index.levelCount() - 1; l >= 0 && !found; --l) {
                    const auto &entries = queue->index.level(l);
                    auto it = std::lower_bound(
                        entries.begin(), entries.end(), id, [](const Entry &e, MessageId v) { return e.m.id < v; });
                    if (it != entries.end() && it->m.id == id && !it->dead) {
                        found = &*it;
                        at = cursor->positions ? liveAbove(l) + liveBefore(l, it) : 0;
                    }
                }
            }
            if (!found)
                continue;
            ++looked;
            batch.push_back({found->m, unacked, at});
        }
    }
    if (cursor->level < 0 && cursor->heldNext >= cursor->held.size())
        cursor->done = true;
    cursor->visited += looked;

    // Bodies paged out to the store are read together, without keeping them.
    QList<MessageId> missing;
    for (const Item &item : batch) {
        if (!item.state.content)
            missing.append(item.state.id);
    }
    QHash<MessageId, ContentPtr> loaded;
    if (!missing.isEmpty() && d->store)
        loaded = d->store->loadContents(missing);
    const bool filtering = !filter.isEmpty();
    const qint64 nowMs = filtering ? now() : 0;
    for (Item &item : batch) {
        if (!item.state.content)
            item.state.content = loaded.value(item.state.id);
        if (!item.state.content || (filtering && !filter.matches(queueName, item.state, nowMs)))
            continue;
        MessageView view;
        view.state = std::move(item.state);
        view.unacked = item.unacked;
        view.position = item.position;
        out.append(std::move(view));
    }
    return out;
}

PublishResult Engine::publishToQueue(const QString &queueName, MessageContent content, const PublishOptions &options)
{
    PublishResult r;
    Queue *queue = d->findQueue(queueName);
    if (!queue) {
        r.error = err(ErrorKind::NotFound, QStringLiteral("no queue '%1' in vhost '/'").arg(queueName));
        return r;
    }
    r.routed = true;
    const qint64 readyAt = options.delayMs > 0 ? now() + options.delayMs : (options.delayMs < 0 ? -1 : 0);
    // The message's own TTL and priority are typed in its content, as
    // Engine::publish keeps them (the options carry the importer's
    // translation of its properties).
    content.ttlMs = options.ttlMs >= 0 ? std::optional<qint64>(options.ttlMs) : std::nullopt;
    content.priority = options.priority;
    const ContentPtr shared = d->trackContent(std::move(content));
    ++d->depth;
    d->enqueue(queue, shared, readyAt, &r);
    --d->depth;
    d->flushGraveyard();
    return r;
}

} // namespace depot
