#include "broker/engine/EnginePrivate.h"

// EngineHistoryPending.cpp: the stories not made yet. A publish to one queue
// makes no story (Engine::Private::noteEnqueued marks the entry, its content
// names the publisher); the story is made from the entry the first time
// something else happens to the message (storyOf, makeStories), and read off
// the entry, without being made, when someone asks for it (pendingStory,
// findPendingStories). docs/ARCHITECTURE.md, "Message history".

namespace depot {

using namespace engine_detail;

HistoryBook::Story *Engine::Private::storyOf(const QString &queue, Entry &e, DeliveryNote *delivery)
{
    if (!history.enabled())
        return nullptr;
    if (e.storyPending) {
        e.storyPending = false;
        if (!history.has(e.m.id)) {
            if (const ContentPtr content = contentOf(e))
                history.beginPublished(e.m.id, *content, queue, e.m.enqueuedAt, e.stored);
        }
    }
    HistoryBook::Story *story = history.live(e.m.id);
    if (delivery && delivery->at) {
        // The delivery the lease kept while the story was not made (handOut).
        if (story)
            history.record(story, HistoryBook::deliveredEvent(*delivery, queue, e.m.deliveryCount));
        *delivery = DeliveryNote();
    }
    return story;
}

void Engine::Private::noteConsumed(const Queue *queue, Entry &e, const DeliveryNote &delivery, quint32 acker,
                                   bool autoAck)
{
    e.storyPending = false;
    // A delivered message has its body (no reference taken: this is per message).
    ContentPtr loaded;
    const MessageContent *content = e.m.content.get();
    if (!content) {
        loaded = contentOf(e);
        content = loaded.get();
    }
    if (content)
        history.consumed(e.m.id, *content, queue->def.name, e.m.enqueuedAt, delivery, e.m.deliveryCount, acker, now(),
                         autoAck, e.stored);
}

void Engine::Private::makeStories(const QString &queue, const std::vector<const Entry *> &entries)
{
    if (!history.enabled())
        return;
    // Bodies paged out to the store are read in one go, not one by one.
    QList<MessageId> missing;
    for (const Entry *e : entries) {
        if (e->storyPending && !e->m.content && !history.has(e->m.id))
            missing.append(e->m.id);
    }
    const QHash<MessageId, ContentPtr> loaded =
        store && !missing.isEmpty() ? store->loadContents(missing) : QHash<MessageId, ContentPtr>{};
    for (const Entry *e : entries) {
        if (!e->storyPending || history.has(e->m.id))
            continue;
        const ContentPtr content = e->m.content ? e->m.content : loaded.value(e->m.id);
        if (content)
            history.beginPublished(e->m.id, *content, queue, e->m.enqueuedAt, e->stored);
    }
}

Engine::Private::Found Engine::Private::findQueued(MessageId id)
{
    for (auto &[name, queue] : queues) {
        if (Entry *e = queue->index.findReady(id))
            return {queue.get(), e};
        for (const auto &[due, e] : queue->index.delayed()) {
            if (e.m.id == id)
                return {queue.get(), const_cast<Entry *>(&e)};
        }
    }
    Found found;
    leases.forEach([&](LeaseHandle, const Lease &l) {
        if (!found.entry && l.entry.m.id == id)
            found = {l.queue, const_cast<Entry *>(&l.entry), const_cast<DeliveryNote *>(&l.delivery)};
    });
    return found;
}

void Engine::Private::makeStoryOf(MessageId id)
{
    if (!history.enabled() || history.has(id))
        return;
    const Found found = findQueued(id);
    if (found.entry && found.queue)
        storyOf(found.queue->def.name, *found.entry, found.delivery);
}

std::optional<MessageStory> Engine::Private::pendingStory(MessageId id)
{
    if (!history.enabled() || history.has(id))
        return std::nullopt;
    const Found found = findQueued(id);
    if (!found.entry || !found.queue || !found.entry->storyPending)
        return std::nullopt;
    const ContentPtr content = contentOf(*found.entry);
    if (!content)
        return std::nullopt;
    const QString &queue = found.queue->def.name;
    if (found.delivery && found.delivery->at) {
        const HistoryEvent delivered =
            HistoryBook::deliveredEvent(*found.delivery, queue, found.entry->m.deliveryCount);
        return history.describePublished(id, *content, queue, found.entry->m.enqueuedAt, &delivered);
    }
    return history.describePublished(id, *content, queue, found.entry->m.enqueuedAt);
}

QList<MessageStory> Engine::Private::findPendingStories(const HistoryQuery &query, int limit,
                                                        const QList<MessageId> *scanned)
{
    QList<MessageStory> out;
    if (!history.enabled() || limit <= 0)
        return out;
    if (query.id != 0) {
        if (auto story = pendingStory(query.id))
            out.append(std::move(*story));
    }
    if (query.messageId.isEmpty() && query.correlationId.isEmpty())
        return out;
    auto matches = [&](const MessageContent &c) {
        return (!query.messageId.isEmpty() && c.properties.messageId == query.messageId)
            || (!query.correlationId.isEmpty() && c.properties.correlationId == query.correlationId);
    };
    // Entries whose body is in memory are checked here; the others (paged
    // out, or read back after a restart) by a search of the store's rows.
    struct Candidate
    {
        const Queue *queue = nullptr;
        const Entry *entry = nullptr;
        const DeliveryNote *delivery = nullptr;
    };
    auto describe = [&](const Candidate &c, const MessageContent &content) {
        const QString &queue = c.queue->def.name;
        std::optional<HistoryEvent> delivered;
        if (c.delivery && c.delivery->at)
            delivered = HistoryBook::deliveredEvent(*c.delivery, queue, c.entry->m.deliveryCount);
        if (auto story = history.describePublished(c.entry->m.id, content, queue, c.entry->m.enqueuedAt,
                                                   delivered ? &*delivered : nullptr))
            out.append(std::move(*story));
    };
    QHash<MessageId, Candidate> pagedOut;
    auto consider = [&](const Queue *queue, const Entry &e, const DeliveryNote *delivery = nullptr) {
        if (!queue || out.size() >= limit || !e.storyPending || e.m.id == query.id || history.has(e.m.id))
            return;
        if (!e.m.content) {
            pagedOut.insert(e.m.id, {queue, &e, delivery});
            return;
        }
        if (matches(*e.m.content))
            describe({queue, &e, delivery}, *e.m.content);
    };
    for (const auto &[name, queue] : queues) {
        for (int level = queue->index.levelCount() - 1; level >= 0; --level)
            for (const Entry &e : std::as_const(queue->index).level(level))
                if (!e.dead)
                    consider(queue.get(), e);
        for (const auto &[due, e] : queue->index.delayed())
            consider(queue.get(), e);
    }
    leases.forEach([&](LeaseHandle, const Lease &l) { consider(l.queue, l.entry, &l.delivery); });
    if (pagedOut.isEmpty() || !store || out.size() >= limit)
        return out;
    // Candidates: rows whose content holds the value's bytes (strings are
    // stored as UTF-8); each is decoded and checked.
    QList<MessageId> candidates;
    const auto keepPagedOut = [&](const QList<MessageId> &ids) {
        for (MessageId id : ids) {
            if (pagedOut.contains(id) && !candidates.contains(id))
                candidates.append(id);
        }
    };
    if (scanned) {
        keepPagedOut(*scanned);
    } else {
        for (const QString &value : {query.messageId, query.correlationId}) {
            if (!value.isEmpty())
                keepPagedOut(store->messagesContaining(value.toUtf8(), ContainingLimit));
        }
    }
    std::sort(candidates.begin(), candidates.end());
    constexpr qsizetype Chunk = 500;
    for (qsizetype from = 0; from < candidates.size() && out.size() < limit; from += Chunk) {
        const QList<MessageId> chunk = candidates.mid(from, Chunk);
        const QHash<MessageId, ContentPtr> loaded = store->loadContents(chunk);
        for (MessageId id : chunk) {
            const ContentPtr content = loaded.value(id);
            if (!content || !matches(*content) || out.size() >= limit)
                continue;
            describe(pagedOut.value(id), *content);
        }
    }
    return out;
}

} // namespace depot
