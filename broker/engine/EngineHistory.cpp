#include "broker/engine/EnginePrivate.h"

// EngineHistory.cpp: the engine's side of message life stories. Who acts
// (Engine::ActingAs), where a story begins (noteEnqueued: a publish, or a
// dead letter continuing the story of the message it came from), queues
// emptied at once, and the reads. The events themselves are recorded where
// they happen (EngineDelivery.cpp, EngineSettlement.cpp, EngineDeadLetter.cpp,
// EngineTransfer.cpp, EngineAside.cpp); HistoryBook keeps and journals them.

namespace depot {

using namespace engine_detail;

Engine::ActingAs::ActingAs(quint32 *slot, quint32 actor, engine_detail::HistoryBook *book)
    : m_slot(slot), m_previous(*slot), m_book(book)
{
    *m_slot = actor;
}

Engine::ActingAs::ActingAs(ActingAs &&other) noexcept
    : m_slot(std::exchange(other.m_slot, nullptr)), m_previous(other.m_previous), m_book(other.m_book)
{
}

Engine::ActingAs::~ActingAs()
{
    if (!m_slot)
        return;
    // The actor stays while any story's event names it (HistoryBook).
    if (m_book)
        m_book->releaseActor(*m_slot);
    *m_slot = m_previous;
}

Engine::ActingAs Engine::actingAs(const HistoryActor &actor)
{
    return ActingAs(&d->actor, d->history.internActor(actor), &d->history);
}

Engine::ActingAs Engine::actingAsConnection(ConnectionId connection)
{
    const auto it = d->connections.find(connection);
    const quint32 actor = it == d->connections.end() ? 0 : it->second->historyActor;
    d->history.holdActor(actor); // the connection may close within the scope
    return ActingAs(&d->actor, actor, &d->history);
}

void Engine::setHistorySettings(const HistorySettings &settings)
{
    d->history.setSettings(settings);
}

HistorySettings Engine::historySettings() const
{
    return d->history.settings();
}

std::optional<MessageStory> Engine::messageHistory(MessageId id) const
{
    if (auto story = d->history.story(id))
        return story;
    return d->pendingStory(id);
}

qsizetype Engine::historyActorCount() const
{
    return d->history.actorCount();
}

quint64 Engine::historyJournalRecords() const
{
    return d->history.journalRecords();
}

QList<MessageStory> Engine::findHistory(const HistoryQuery &query) const
{
    QList<MessageStory> out = d->history.search(query);
    if (!query.goneOnly && out.size() < query.limit)
        out += d->findPendingStories(query, query.limit - int(out.size()));
    return out;
}

void Engine::findHistory(const HistoryQuery &query, std::function<void(QList<MessageStory>)> done)
{
    const bool search = d->store && d->history.enabled() && !query.goneOnly
        && (!query.messageId.isEmpty() || !query.correlationId.isEmpty());
    if (!search) {
        done(findHistory(query));
        return;
    }
    QList<QByteArray> values;
    for (const QString &value : {query.messageId, query.correlationId}) {
        if (!value.isEmpty())
            values.append(value.toUtf8());   // strings are stored as UTF-8
    }
    // The stories are read when the search is back, from the state then:
    // a message consumed meanwhile is a gone story by then, one published
    // meanwhile is in memory.
    d->store->findContaining(this, values, Private::ContainingLimit,
        [this, query, done = std::move(done)](const QList<MessageId> &scanned) {
            QList<MessageStory> out = d->history.search(query);
            if (out.size() < query.limit)
                out += d->findPendingStories(query, query.limit - int(out.size()), &scanned);
            done(out);
        });
}

void Engine::Private::linkEdited(MessageId oldId, MessageId newId, const QString &queue, Entry &copy)
{
    // The original may be queued with its story not made yet, and the
    // copy is not in its queue yet (makeStoryOf cannot find it there).
    makeStoryOf(oldId);
    storyOf(queue, copy);
    const auto oldStory = history.find(oldId);
    const auto newStory = history.find(newId);
    if (!oldStory || !newStory)
        return;
    HistoryEvent toNew = historyEvent(HistoryEventKind::Edited, oldStory->queue, actor);
    toNew.link = newId;
    toNew.detail = newStory->queue;
    HistoryEvent fromOld = toNew;
    fromOld.link = oldId;
    fromOld.reason = QStringLiteral("edited copy");
    // The old one may be gone already (deleted with the resend): its story
    // takes the event all the same.
    history.record(oldStory.get(), std::move(toNew));
    history.record(newStory.get(), std::move(fromOld));
}

void Engine::pruneHistory()
{
    d->history.prune(now());
}

void Engine::Private::noteEnqueued(const Queue *queue, Entry &e, const MessageContent &content)
{
    if (historyCarry) {
        if (!historyCarryUsed) {
            historyCarryUsed = true;
            history.rename(historyCarry, e.m.id, queue->def.name, e.stored);
        } else {
            history.fork(*historyCarry, e.m.id, queue->def.name, e.stored);
        }
        return;
    }
    // A publish to this one queue: its published and routed events are all
    // in the entry and its content, and most messages have no other story
    // until they are consumed. The story is made when something else
    // happens to it (storyOf); a stored one's row names the publisher, so
    // only the actor itself must be in the journal (docs/performance.md,
    // "What message history costs").
    const bool oneQueue = !historyRoutedTo || *historyRoutedTo == queue->def.name;
    if (oneQueue && content.publisher && *content.publisher == actor) {
        e.storyPending = true;
        history.pinActor(actor);
        if (e.stored)
            history.notePublisher(actor);
        return;
    }
    HistoryEvent published;
    published.at = e.m.enqueuedAt;
    published.kind = HistoryEventKind::Published;
    published.actor = actor;
    published.where = content.exchange;
    published.detail = content.routingKey;
    HistoryEvent routed;
    routed.at = e.m.enqueuedAt;
    routed.kind = HistoryEventKind::Routed;
    routed.detail = historyRoutedTo ? *historyRoutedTo : queue->def.name;
    history.begin(e.m.id, content, queue->def.name, std::move(published), std::move(routed), e.stored);
}

void Engine::Private::noteQueueEmptied(Queue *queue, HistoryEventKind kind, const QString &reason, bool leasedToo)
{
    if (!history.enabled())
        return;
    const qint64 at = now();
    auto end = [&](MessageId id) {
        HistoryEvent e = historyEvent(kind, queue->def.name, actor);
        e.reason = reason;
        history.gone(id, at, std::move(e));
    };
    // gone() records its event only when the story's last one does not say
    // why already: these must, so each is recorded first.
    auto endWith = [&](MessageId id) {
        if (HistoryBook::Story *s = history.live(id)) {
            HistoryEvent e = historyEvent(kind, queue->def.name, actor);
            e.reason = reason;
            history.record(s, std::move(e));
        }
        end(id);
    };
    // Stories not made yet are made first (their bodies read at once), in
    // the order they end below: ready by level, delayed, leased. All end at
    // `at`, and the book keeps the newest maxEvents events of gone messages
    // (the first to end goes first): a story with `later` stories ending
    // after it, each of three events at least (published, routed, this
    // end), is evicted as soon as it is made. A pending one there is not
    // made at all: the book ends the same, and deleting a queue of millions
    // no longer reads every body and makes every story for nothing
    // (docs/performance.md, "Deleting a large queue").
    std::vector<LeaseHandle> leased;
    if (leasedToo && queue->unackedCount > 0) {
        leases.forEach([&](LeaseHandle h, const Lease &l) {
            if (l.queue == queue)
                leased.push_back(h);
        });
    }
    quint64 ending = quint64(queue->index.delayed().size() + leased.size());
    for (int level = 0; level < queue->index.levelCount(); ++level)
        for (const Entry &e : std::as_const(queue->index).level(level))
            ending += e.dead ? 0 : 1;
    const quint64 maxEvents = history.settings().maxEvents;
    // A pending story with `later` stories ending after it is made.
    auto madeWith = [&](const Entry &e, quint64 later) {
        return e.storyPending && (later * 3 < maxEvents || history.hasWaiting(e.m.id));
    };
    std::vector<const Entry *> pending;
    auto consider = [&](const Entry &e) {
        --ending; // now: how many end after this one
        if (madeWith(e, ending))
            pending.push_back(&e);
    };
    for (int level = 0; level < queue->index.levelCount(); ++level)
        for (const Entry &e : std::as_const(queue->index).level(level))
            if (!e.dead)
                consider(e);
    for (const auto &[due, e] : queue->index.delayed())
        consider(e);
    for (LeaseHandle h : leased)
        consider(leases.find(h)->entry);
    makeStories(queue->def.name, pending);
    for (int level = 0; level < queue->index.levelCount(); ++level)
        for (const Entry &e : std::as_const(queue->index).level(level))
            if (!e.dead)
                endWith(e.m.id);
    for (const auto &[due, e] : queue->index.delayed())
        endWith(e.m.id);
    for (size_t i = 0; i < leased.size(); ++i) {
        // Its delivery first, when its lease kept it (the story was not
        // made), unless its story is not made at all (above).
        Lease *l = leases.find(leased[i]);
        if (!l->entry.storyPending || madeWith(l->entry, leased.size() - 1 - i))
            storyOf(queue->def.name, l->entry, &l->delivery);
        endWith(l->entry.m.id);
    }
}

} // namespace depot
