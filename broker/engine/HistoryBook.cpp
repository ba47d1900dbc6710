#include "broker/engine/HistoryBook.h"
#include "broker/engine/HistoryJournalFormat.h"

#include "broker/store/Store.h"

#include <QSet>

namespace depot {

QString historyEventName(HistoryEventKind kind)
{
    switch (kind) {
    case HistoryEventKind::Published: return QStringLiteral("published");
    case HistoryEventKind::Routed: return QStringLiteral("routed");
    case HistoryEventKind::Unroutable: return QStringLiteral("unroutable");
    case HistoryEventKind::Delivered: return QStringLiteral("delivered");
    case HistoryEventKind::Acked: return QStringLiteral("acked");
    case HistoryEventKind::Rejected: return QStringLiteral("rejected");
    case HistoryEventKind::Expired: return QStringLiteral("expired");
    case HistoryEventKind::DeadLettered: return QStringLiteral("dead_lettered");
    case HistoryEventKind::Moved: return QStringLiteral("moved");
    case HistoryEventKind::Copied: return QStringLiteral("copied");
    case HistoryEventKind::Replayed: return QStringLiteral("replayed");
    case HistoryEventKind::Edited: return QStringLiteral("edited");
    case HistoryEventKind::Purged: return QStringLiteral("purged");
    case HistoryEventKind::Deleted: return QStringLiteral("deleted");
    case HistoryEventKind::Dropped: return QStringLiteral("dropped");
    case HistoryEventKind::Restored: return QStringLiteral("restored");
    }
    return QString();
}

QString historyActorKindName(HistoryActor::Kind kind)
{
    switch (kind) {
    case HistoryActor::Kind::Broker: return QStringLiteral("broker");
    case HistoryActor::Kind::Connection: return QStringLiteral("connection");
    case HistoryActor::Kind::Sqs: return QStringLiteral("sqs");
    case HistoryActor::Kind::Http: return QStringLiteral("http");
    case HistoryActor::Kind::Window: return QStringLiteral("window");
    }
    return QString();
}

namespace engine_detail {

using namespace journal;

namespace {

bool isTerminal(HistoryEventKind kind)
{
    switch (kind) {
    case HistoryEventKind::Acked:
    case HistoryEventKind::Expired:
    case HistoryEventKind::Purged:
    case HistoryEventKind::Deleted:
    case HistoryEventKind::Dropped:
    case HistoryEventKind::Unroutable:
        return true;
    default:
        return false;
    }
}

// Journal rows are compacted once they hold at least this much and twice
// what the last compaction wrote.
constexpr qint64 CompactAtLeast = 8 * 1024 * 1024;

} // namespace

HistoryBook::~HistoryBook()
{
    if (!m_store)
        return;
    beforeSubmit();
    m_store->setSubmitHook({});
}

void HistoryBook::setStore(store::Store *store)
{
    m_store = store;
    if (m_store)
        m_store->setSubmitHook([this] { beforeSubmit(); });
}

void HistoryBook::setSettings(const HistorySettings &settings)
{
    m_settings = settings;
}

HistoryBook::StoryPtr HistoryBook::begin(MessageId id, const MessageContent &content, const QString &queue,
                                         HistoryEvent &&first, HistoryEvent &&second, bool stored)
{
    if (!m_settings.enabled)
        return {};
    auto story = std::make_shared<Story>();
    story->ids.push_back(id);
    if (content.properties.messageId)
        story->messageId = *content.properties.messageId;
    if (content.properties.correlationId)
        story->correlationId = *content.properties.correlationId;
    story->queue = queue;
    holdActor(first.actor);
    holdActor(second.actor);
    story->events.push_back(std::move(first));
    story->events.push_back(std::move(second));
    m_byId.insert(id, story);
    ++m_storyCount;
    if (stored) {
        story->journaled = true;
        journalStory(*story);
    }
    return story;
}

namespace {

// The events a publish to `queue` begins a story with, as noteEnqueued
// recorded them when every publish began one.
std::pair<HistoryEvent, HistoryEvent> publishedEvents(const MessageContent &content, const QString &queue,
                                                      qint64 enqueuedAt)
{
    HistoryEvent published;
    published.at = enqueuedAt;
    published.kind = HistoryEventKind::Published;
    published.actor = content.publisher.value_or(0);
    published.where = content.exchange;
    published.detail = content.routingKey;
    HistoryEvent routed;
    routed.at = enqueuedAt;
    routed.kind = HistoryEventKind::Routed;
    routed.detail = queue;
    return {std::move(published), std::move(routed)};
}

} // namespace

HistoryBook::StoryPtr HistoryBook::beginPublished(MessageId id, const MessageContent &content, const QString &queue,
                                                  qint64 enqueuedAt, bool stored)
{
    if (!m_settings.enabled || !content.publisher || m_byId.contains(id))
        return {};
    auto [published, routed] = publishedEvents(content, queue, enqueuedAt);
    StoryPtr story = begin(id, content, queue, std::move(published), std::move(routed), stored);
    if (story)
        takeWaiting(story.get(), id);
    return story;
}

std::optional<MessageStory> HistoryBook::describePublished(MessageId id, const MessageContent &content,
                                                           const QString &queue, qint64 enqueuedAt,
                                                           const HistoryEvent *delivered) const
{
    if (!content.publisher)
        return std::nullopt;
    auto [published, routed] = publishedEvents(content, queue, enqueuedAt);
    MessageStory out;
    out.ids = {id};
    out.messageId = content.properties.messageId.value_or(QString());
    out.correlationId = content.properties.correlationId.value_or(QString());
    out.queue = queue;
    out.events = {HistoryEntry{published, actor(published.actor)}, HistoryEntry{routed, actor(routed.actor)}};
    if (const auto it = m_waiting.constFind(id); it != m_waiting.cend()) {
        for (const HistoryEvent &e : *it)
            out.events.append(HistoryEntry{e, actor(e.actor)});
    }
    if (delivered)
        out.events.append(HistoryEntry{*delivered, actor(delivered->actor)});
    return out;
}

void HistoryBook::notePublisher(quint32 actor)
{
    if (!m_store || actor == 0 || actor > m_actors.size() || m_actorJournaled[actor - 1])
        return;
    markJournalNeeded();
    journalActor(actor);
}

HistoryBook::Story *HistoryBook::live(MessageId id) const
{
    if (!m_settings.enabled)
        return nullptr;
    const auto it = m_byId.constFind(id);
    if (it == m_byId.cend())
        return nullptr;
    Story *s = it->get();
    return s->goneAt == 0 && s->ids.back() == id ? s : nullptr;
}

void HistoryBook::record(Story *story, HistoryEvent &&event)
{
    if (!m_settings.enabled || !story)
        return;
    if (story->journaled)
        journal(*story, event);
    holdActor(event.actor);
    story->events.push_back(std::move(event));
}

void HistoryBook::rename(const StoryPtr &story, MessageId newId, const QString &queue, bool stored)
{
    if (!m_settings.enabled || !story)
        return;
    story->ids.push_back(newId);
    story->queue = queue;
    story->inTransit = false;
    m_byId.insert(newId, story);
    if (story->journaled) {
        markJournalNeeded();
        ++m_journalRecords;
        m_pending.append(char(RenameTag));
        put<quint64>(m_pending, story->ids.front());
        put<quint64>(m_pending, newId);
        putString(m_pending, queue);
    } else if (stored) {
        // A transient story that reached a stored copy: journaled whole from now.
        story->journaled = true;
        journalStory(*story);
    }
}

HistoryBook::StoryPtr HistoryBook::fork(const Story &from, MessageId newId, const QString &queue, bool stored)
{
    if (!m_settings.enabled)
        return {};
    auto story = std::make_shared<Story>();
    story->ids.push_back(newId);
    story->messageId = from.messageId;
    story->correlationId = from.correlationId;
    story->queue = queue;
    story->events = from.events;
    holdActors(*story);
    m_byId.insert(newId, story);
    ++m_storyCount;
    if (stored) {
        story->journaled = true;
        journalStory(*story);
    }
    return story;
}

void HistoryBook::gone(MessageId id, qint64 at, HistoryEvent &&fallback)
{
    if (!m_settings.enabled)
        return;
    const auto it = m_byId.constFind(id);
    if (it == m_byId.cend())
        return;
    StoryPtr story = *it;
    if (story->goneAt || story->inTransit || story->ids.back() != id)
        return;
    if (story->events.empty() || !isTerminal(story->events.back().kind))
        record(story.get(), std::move(fallback));
    goneStory(story, at);
}

void HistoryBook::goneStory(const StoryPtr &story, qint64 at)
{
    if (!story || story->goneAt)
        return;
    story->goneAt = std::max<qint64>(at, 1);
    story->inTransit = false;
    m_goneEvents += story->events.size();
    m_gone.push_back(story);
    if (story->journaled) {
        markJournalNeeded();
        ++m_journalRecords;
        m_pending.append(char(GoneTag));
        put<quint64>(m_pending, story->ids.front());
        put<qint64>(m_pending, story->goneAt);
    }
    evictGone(at);
}

MessageStory HistoryBook::describe(const Story &story) const
{
    MessageStory out;
    out.ids = QList<MessageId>(story.ids.begin(), story.ids.end());
    out.messageId = story.messageId;
    out.correlationId = story.correlationId;
    out.goneAt = story.goneAt;
    out.queue = story.queue;
    out.events.reserve(qsizetype(story.events.size()));
    for (const HistoryEvent &e : story.events)
        out.events.append(HistoryEntry{e, actor(e.actor)});
    return out;
}

std::optional<MessageStory> HistoryBook::story(MessageId id) const
{
    if (const auto it = m_byId.constFind(id); it != m_byId.cend())
        return describe(**it);
    if (const Consumed *c = findConsumed(id))
        return describeConsumed(*c);
    return std::nullopt;
}

QList<MessageStory> HistoryBook::search(const HistoryQuery &query) const
{
    QList<MessageStory> out;
    if (query.id == 0 && query.messageId.isEmpty() && query.correlationId.isEmpty())
        return out;
    QSet<const Story *> seen;
    auto consider = [&](const Story &s) {
        if (out.size() >= query.limit || seen.contains(&s))
            return;
        if (query.goneOnly && !s.goneAt)
            return;
        const bool idMatches = query.id != 0 && std::find(s.ids.begin(), s.ids.end(), query.id) != s.ids.end();
        const bool messageIdMatches = !query.messageId.isEmpty() && s.messageId == query.messageId;
        const bool correlationMatches = !query.correlationId.isEmpty() && s.correlationId == query.correlationId;
        if (idMatches || messageIdMatches || correlationMatches) {
            seen.insert(&s);
            out.append(describe(s));
        }
    };
    auto considerConsumed = [&](const Consumed &c) {
        if (out.size() >= query.limit || c.id == 0)
            return;
        if ((query.id != 0 && c.id == query.id) || (!query.messageId.isEmpty() && c.messageId == query.messageId)
            || (!query.correlationId.isEmpty() && c.correlationId == query.correlationId))
            out.append(describeConsumed(c));
    };
    if (query.id != 0 && query.messageId.isEmpty() && query.correlationId.isEmpty()) {
        if (const auto it = m_byId.constFind(query.id); it != m_byId.cend())
            consider(**it);
        else if (const Consumed *c = findConsumed(query.id))
            considerConsumed(*c);
        return out;
    }
    // Newest gone first (stories and consumed records, each list in the
    // order they went), then the live ones: a scan, bounded by the cap on
    // what is kept (docs/ARCHITECTURE.md says what it costs).
    auto story = m_gone.rbegin();
    auto consumed = m_consumed.rbegin();
    while (out.size() < query.limit && (story != m_gone.rend() || consumed != m_consumed.rend())) {
        if (consumed == m_consumed.rend() || (story != m_gone.rend() && (*story)->goneAt >= consumed->ackedAt))
            consider(**story++);
        else
            considerConsumed(*consumed++);
    }
    if (!query.goneOnly) {
        for (auto it = m_byId.cbegin(); it != m_byId.cend() && out.size() < query.limit; ++it) {
            const Story &story = **it;
            if (!story.goneAt && story.ids.back() == it.key())
                consider(story);
        }
    }
    return out;
}

void HistoryBook::forget(const StoryPtr &story)
{
    for (MessageId id : story->ids) {
        const auto it = m_byId.find(id);
        if (it != m_byId.end() && *it == story)
            m_byId.erase(it);
    }
    m_goneEvents -= std::min<quint64>(m_goneEvents, story->events.size());
    --m_storyCount;
    if (story->journaled)
        m_garbageBytes += qint64(story->events.size()) * 64; // about what its records took
    for (const HistoryEvent &e : story->events)
        releaseActor(e.actor);
}

void HistoryBook::evictGone(qint64 now)
{
    const qint64 cutoff = now - m_settings.retentionMs;
    // The older of the two lists' first goes first.
    while (!m_gone.empty() || !m_consumed.empty()) {
        const bool story =
            m_consumed.empty() || (!m_gone.empty() && m_gone.front()->goneAt <= m_consumed.front().ackedAt);
        const qint64 goneAt = story ? m_gone.front()->goneAt : m_consumed.front().ackedAt;
        if (goneAt > cutoff && m_goneEvents <= m_settings.maxEvents)
            break;
        if (story) {
            forget(m_gone.front());
            m_gone.pop_front();
        } else {
            forgetConsumed(m_consumed.front());
            m_consumed.pop_front();
            ++m_consumedBase;
        }
    }
}

void HistoryBook::prune(qint64 now)
{
    if (!m_settings.enabled)
        return;
    evictGone(now);
    // Only what was forgotten is garbage: the stories of messages still in
    // a queue would be written again by a compaction, for nothing.
    if (m_store && m_garbageBytes > CompactAtLeast && m_garbageBytes * 2 > m_journalBytes && !m_compact) {
        m_compact = true;
        m_store->requestSubmit();
    }
}

// ---- the journal ----

void HistoryBook::markJournalNeeded()
{
    if (m_pending.isEmpty() && m_store)
        m_store->requestSubmit();
}

void HistoryBook::journalActor(quint32 number)
{
    if (number == 0 || number > m_actors.size() || m_actorJournaled[number - 1])
        return;
    m_actorJournaled[number - 1] = true;
    ++m_journalRecords;
    const HistoryActor &a = m_actors[number - 1];
    m_pending.append(char(ActorTag));
    put<quint32>(m_pending, number);
    put<quint8>(m_pending, quint8(a.kind));
    putString(m_pending, a.name);
    putString(m_pending, a.address);
    putString(m_pending, a.user);
    putString(m_pending, a.protocol);
}

void HistoryBook::journalStory(const Story &story)
{
    if (!m_store)
        return;
    markJournalNeeded();
    for (const HistoryEvent &e : story.events)
        journalActor(e.actor);
    ++m_journalRecords;
    const auto &ev = story.events;
    if (ev.size() == 2 && story.ids.size() == 1 && !story.goneAt && ev[0].kind == HistoryEventKind::Published
        && ev[1].kind == HistoryEventKind::Routed && ev[0].at == ev[1].at && ev[1].actor == 0 && !ev[0].flag
        && ev[0].reason.isEmpty()) {
        quint8 flags = 0;
        if (story.queue == ev[0].detail)
            flags |= QueueIsRoutingKey;
        if (ev[1].detail == story.queue)
            flags |= RoutedIsQueue;
        m_pending.append(char(PublishedTag));
        put<quint64>(m_pending, story.ids.front());
        put<qint64>(m_pending, ev[0].at);
        put<quint32>(m_pending, ev[0].actor);
        put<quint8>(m_pending, flags);
        putString(m_pending, ev[0].where);
        putString(m_pending, ev[0].detail);
        if (!(flags & QueueIsRoutingKey))
            putString(m_pending, story.queue);
        if (!(flags & RoutedIsQueue))
            putString(m_pending, ev[1].detail);
        putString(m_pending, story.messageId);
        putString(m_pending, story.correlationId);
        return;
    }
    m_pending.append(char(StoryTag));
    put<quint64>(m_pending, story.ids.front());
    put<quint32>(m_pending, quint32(story.ids.size()));
    for (MessageId id : story.ids)
        put<quint64>(m_pending, id);
    putString(m_pending, story.messageId);
    putString(m_pending, story.correlationId);
    putString(m_pending, story.queue);
    put<qint64>(m_pending, story.goneAt);
    put<quint32>(m_pending, quint32(story.events.size()));
    for (const HistoryEvent &e : story.events)
        putEvent(m_pending, e);
}

void HistoryBook::journal(const Story &story, const HistoryEvent &event)
{
    if (!m_store)
        return;
    markJournalNeeded();
    journalActor(event.actor);
    ++m_journalRecords;
    m_pending.append(char(EventTag));
    put<quint64>(m_pending, story.ids.front());
    putEvent(m_pending, event);
}

QByteArray HistoryBook::snapshot()
{
    // Everything the book keeps that is journaled, in one row: the rows
    // before it can go. Actors are written again.
    QByteArray saved = std::move(m_pending);
    m_pending = QByteArray();
    // Every actor: queued messages whose story is not made yet name theirs
    // in their rows only (MessageContent::publisher).
    std::fill(m_actorJournaled.begin(), m_actorJournaled.end(), false);
    for (quint32 number = 1; number <= m_actors.size(); ++number)
        journalActor(number);
    QSet<const Story *> written;
    for (const StoryPtr &story : std::as_const(m_byId)) {
        if (story->journaled && !written.contains(story.get())) {
            written.insert(story.get());
            journalStory(*story);
        }
    }
    for (const Consumed &c : m_consumed) {
        if (c.id != 0 && c.journaled)
            journalConsumed(c);
    }
    // Deliveries whose story is not made yet: those a restart found, and
    // those of messages out on a delivery now (the engine's leases).
    for (auto it = m_waiting.cbegin(); it != m_waiting.cend(); ++it) {
        for (const HistoryEvent &e : *it)
            journalDelivery(it.key(), e);
    }
    if (m_snapshotHook)
        m_snapshotHook();
    Q_UNUSED(saved);
    // The journal is this snapshot from now on: it names no freed actor.
    m_freeActors.insert(m_freeActors.end(), m_quarantinedActors.begin(), m_quarantinedActors.end());
    m_quarantinedActors.clear();
    QByteArray out = std::move(m_pending);
    m_pending = QByteArray();
    return out;
}

void HistoryBook::beforeSubmit()
{
    if (!m_store)
        return;
    if (m_compact) {
        m_compact = false;
        const QByteArray rows = snapshot();
        m_journalBytes = rows.size();
        m_garbageBytes = 0;
        m_store->appendHistory(rows, true);
        return;
    }
    if (m_pending.isEmpty())
        return;
    m_journalBytes += m_pending.size();
    m_store->appendHistory(m_pending, false);
    m_pending = QByteArray();
}

void HistoryBook::recover(const QList<QByteArray> &rows, const QSet<MessageId> &liveIds, qint64 now)
{
    std::unordered_map<MessageId, StoryPtr> byKey;
    std::vector<StoryPtr> order;
    // A story's record (S, P, C) replaces what came before it under its key.
    auto add = [&](MessageId key, const StoryPtr &s) {
        if (!byKey.count(key))
            order.push_back(s);
        else
            std::replace(order.begin(), order.end(), byKey[key], s);
        byKey[key] = s;
        m_waiting.remove(key);
    };
    qint64 bytes = 0;
    for (const QByteArray &row : rows) {
        bytes += row.size();
        Reader r{row.constData(), row.constData() + row.size()};
        while (r.ok && r.p < r.end) {
            const char tag = r.get<char>();
            if (tag == ActorTag) {
                const quint32 number = r.get<quint32>();
                HistoryActor a;
                a.kind = HistoryActor::Kind(r.get<quint8>());
                a.name = r.string();
                a.address = r.string();
                a.user = r.string();
                a.protocol = r.string();
                if (!r.ok || number == 0 || number > 100'000'000)
                    break;
                if (m_actors.size() < number) {
                    m_actors.resize(number);
                    m_actorJournaled.resize(number, false);
                    m_actorHolds.resize(number, 0);
                    m_actorPinned.resize(number, false);
                }
                m_actors[number - 1] = a;
                m_actorJournaled[number - 1] = true;
            } else if (tag == StoryTag) {
                auto s = std::make_shared<Story>();
                const MessageId key = r.get<quint64>();
                const quint32 idCount = r.get<quint32>();
                for (quint32 i = 0; r.ok && i < idCount; ++i)
                    s->ids.push_back(r.get<quint64>());
                s->messageId = r.string();
                s->correlationId = r.string();
                s->queue = r.string();
                s->goneAt = r.get<qint64>();
                const quint32 eventCount = r.get<quint32>();
                for (quint32 i = 0; r.ok && i < eventCount; ++i)
                    s->events.push_back(r.event());
                if (!r.ok || s->ids.empty())
                    break;
                s->journaled = true;
                add(key, s);
            } else if (tag == PublishedTag) {
                auto s = std::make_shared<Story>();
                const MessageId key = r.get<quint64>();
                HistoryEvent published;
                published.kind = HistoryEventKind::Published;
                published.at = r.get<qint64>();
                published.actor = r.get<quint32>();
                const quint8 flags = r.get<quint8>();
                published.where = r.string();
                published.detail = r.string();
                s->queue = (flags & QueueIsRoutingKey) ? published.detail : r.string();
                HistoryEvent routed;
                routed.kind = HistoryEventKind::Routed;
                routed.at = published.at;
                routed.detail = (flags & RoutedIsQueue) ? s->queue : r.string();
                s->messageId = r.string();
                s->correlationId = r.string();
                if (!r.ok)
                    break;
                s->ids.push_back(key);
                s->events.push_back(std::move(published));
                s->events.push_back(std::move(routed));
                s->journaled = true;
                add(key, s);
            } else if (tag == ConsumedTag) {
                const StoryPtr s = readConsumed(r);
                if (!s)
                    break;
                add(s->ids.front(), s);
            } else if (tag == EventTag) {
                const MessageId key = r.get<quint64>();
                HistoryEvent e = r.event();
                if (!r.ok)
                    break;
                // An event of a story not in the journal: a delivery of a
                // message whose story was not made yet (journalDelivery).
                if (const auto it = byKey.find(key); it != byKey.end())
                    it->second->events.push_back(std::move(e));
                else
                    m_waiting[key].append(std::move(e));
            } else if (tag == RenameTag) {
                const MessageId key = r.get<quint64>();
                const MessageId newId = r.get<quint64>();
                const QString queue = r.string();
                if (!r.ok)
                    break;
                if (const auto it = byKey.find(key); it != byKey.end()) {
                    it->second->ids.push_back(newId);
                    it->second->queue = queue;
                }
            } else if (tag == GoneTag) {
                const MessageId key = r.get<quint64>();
                const qint64 at = r.get<qint64>();
                if (!r.ok)
                    break;
                if (const auto it = byKey.find(key); it != byKey.end())
                    it->second->goneAt = at;
            } else {
                break;
            }
        }
    }
    m_actorKeys.clear();
    for (size_t i = 0; i < m_actors.size(); ++i) {
        if (const QString key = actorKey(m_actors[i]); !key.isEmpty())
            m_actorKeys.insert(key, quint32(i + 1));
    }
    std::vector<StoryPtr> gone;
    for (const StoryPtr &s : order) {
        // A story whose message did not survive (its queue was dropped at
        // start, ...) is gone as of now.
        if (!s->goneAt && !liveIds.contains(s->ids.back()))
            s->goneAt = now;
        for (MessageId id : s->ids)
            m_byId[id] = s;
        holdActors(*s);
        ++m_storyCount;
        if (s->goneAt) {
            m_goneEvents += s->events.size();
            gone.push_back(s);
        }
    }
    // Events waiting for a story are kept for messages still queued.
    for (auto it = m_waiting.begin(); it != m_waiting.end();) {
        if (liveIds.contains(it.key()) && !m_byId.contains(it.key())) {
            for (const HistoryEvent &e : std::as_const(*it))
                holdActor(e.actor);
            ++it;
        } else {
            it = m_waiting.erase(it);
        }
    }
    std::stable_sort(gone.begin(), gone.end(), [](const StoryPtr &a, const StoryPtr &b) { return a->goneAt < b->goneAt; });
    m_gone.assign(gone.begin(), gone.end());
    m_journalBytes = bytes;
    // The actors the journal names are kept: a recovered message whose
    // story is not made yet may name one as its publisher in its row, and
    // rows are not read here. Numbers it does not name (gaps) are freed
    // (and quarantined: older rows may still name them).
    for (size_t i = 0; i < m_actors.size(); ++i) {
        if (m_actorJournaled[i]) {
            pinActor(quint32(i + 1));
        } else if (m_actorHolds[i] == 0) {
            m_actorHolds[i] = 1;
            releaseActor(quint32(i + 1));
        }
    }
    evictGone(now);
}

} // namespace engine_detail

} // namespace depot
