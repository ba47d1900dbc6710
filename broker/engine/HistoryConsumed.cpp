#include "broker/engine/HistoryBook.h"
#include "broker/engine/HistoryJournalFormat.h"

#include "broker/store/Store.h"

// HistoryConsumed.cpp: the common end of a message, kept small. A message
// published to one queue, delivered once and acked, with nothing else in
// between, never has its story made: the ack records it whole as one
// compact record (HistoryBook::Consumed) beside the gone stories, expanded
// into its four events (published, routed, delivered, acked) when someone
// reads it, and journaled as one `C` record. docs/ARCHITECTURE.md, "Message
// history" (consuming), says why and what it saves.

namespace depot::engine_detail {

using namespace journal;

namespace {

constexpr quint8 ConsumedAutoAck = 4; // beside QueueIsRoutingKey

} // namespace

HistoryEvent HistoryBook::deliveredEvent(const DeliveryNote &note, const QString &queue, quint32 count)
{
    HistoryEvent e;
    e.at = note.at;
    e.kind = HistoryEventKind::Delivered;
    e.actor = note.actor;
    e.where = queue;
    e.detail = note.consumerTag;
    e.count = count;
    return e;
}

void HistoryBook::consumed(MessageId id, const MessageContent &content, const QString &queue, qint64 enqueuedAt,
                           const DeliveryNote &delivery, quint32 count, quint32 acker, qint64 at, bool autoAck,
                           bool stored)
{
    if (!m_settings.enabled || !content.publisher)
        return;
    // Its callers know no story of it is made (the entry's storyPending,
    // and handOut's check for a recovered one): not looked up again per
    // message in a hash of every kept story.
    Q_ASSERT(!m_byId.contains(id));
    Consumed &c = m_consumed.emplace_back();
    c.id = id;
    c.publishedAt = enqueuedAt;
    c.deliveredAt = delivery.at;
    c.ackedAt = std::max<qint64>(at, 1);
    c.publisher = *content.publisher;
    c.deliverer = delivery.actor;
    c.acker = acker;
    c.count = count;
    c.autoAck = autoAck;
    c.exchange = content.exchange;
    c.routingKey = content.routingKey;
    c.queue = queue;
    c.consumerTag = delivery.consumerTag;
    if (content.properties.messageId)
        c.messageId = *content.properties.messageId;
    if (content.properties.correlationId)
        c.correlationId = *content.properties.correlationId;
    // Its events would name these: held the same way.
    holdActor(c.publisher);
    holdActor(c.deliverer);
    holdActor(c.acker);
    ++m_storyCount;
    m_goneEvents += ConsumedEvents;
    if (stored && m_store) {
        c.journaled = true;
        journalConsumed(c);
    }
    evictGone(at);
}

void HistoryBook::journalConsumed(const Consumed &c)
{
    markJournalNeeded();
    journalActor(c.publisher);
    journalActor(c.deliverer);
    journalActor(c.acker);
    ++m_journalRecords;
    quint8 flags = 0;
    if (c.queue == c.routingKey)
        flags |= QueueIsRoutingKey;
    if (c.autoAck)
        flags |= ConsumedAutoAck;
    m_pending.append(char(ConsumedTag));
    put<quint64>(m_pending, c.id);
    put<qint64>(m_pending, c.publishedAt);
    put<quint32>(m_pending, c.publisher);
    put<quint8>(m_pending, flags);
    putString(m_pending, c.exchange);
    putString(m_pending, c.routingKey);
    if (!(flags & QueueIsRoutingKey))
        putString(m_pending, c.queue);
    putString(m_pending, c.messageId);
    putString(m_pending, c.correlationId);
    put<qint64>(m_pending, c.deliveredAt);
    put<quint32>(m_pending, c.deliverer);
    put<quint32>(m_pending, c.count);
    putString(m_pending, c.consumerTag);
    put<qint64>(m_pending, c.ackedAt);
    put<quint32>(m_pending, c.acker);
}

HistoryBook::StoryPtr HistoryBook::readConsumed(Reader &r)
{
    Consumed c;
    c.id = r.get<quint64>();
    c.publishedAt = r.get<qint64>();
    c.publisher = r.get<quint32>();
    const quint8 flags = r.get<quint8>();
    c.exchange = r.string();
    c.routingKey = r.string();
    c.queue = (flags & QueueIsRoutingKey) ? c.routingKey : r.string();
    c.messageId = r.string();
    c.correlationId = r.string();
    c.deliveredAt = r.get<qint64>();
    c.deliverer = r.get<quint32>();
    c.count = r.get<quint32>();
    c.consumerTag = r.string();
    c.ackedAt = r.get<qint64>();
    c.acker = r.get<quint32>();
    c.autoAck = flags & ConsumedAutoAck;
    if (!r.ok)
        return {};
    StoryPtr story = storyOfConsumed(c);
    story->journaled = true;
    return story;
}

void HistoryBook::journalDelivery(MessageId id, const HistoryEvent &delivered)
{
    if (!m_settings.enabled || !m_store)
        return;
    markJournalNeeded();
    journalActor(delivered.actor);
    ++m_journalRecords;
    // An event record of a story the journal does not have (yet): recover()
    // keeps it waiting; the story's own record, written when it is made,
    // supersedes it.
    m_pending.append(char(EventTag));
    put<quint64>(m_pending, id);
    putEvent(m_pending, delivered);
}

void HistoryBook::takeWaiting(Story *story, MessageId id)
{
    if (m_waiting.isEmpty())
        return;
    const auto it = m_waiting.find(id);
    if (it == m_waiting.end())
        return;
    QList<HistoryEvent> events = std::move(*it);
    m_waiting.erase(it);
    for (HistoryEvent &e : events) {
        const quint32 held = e.actor; // recover() held it for the wait
        record(story, std::move(e));
        releaseActor(held);
    }
}

void HistoryBook::indexConsumed() const
{
    const quint64 end = m_consumedBase + m_consumed.size();
    if (m_consumedIndexed == end)
        return;
    // Entries of evicted records: dropped once they outnumber the kept ones.
    if (m_consumedAt.size() > 2 * qsizetype(m_consumed.size()) + 1024) {
        m_consumedAt.clear();
        m_consumedIndexed = m_consumedBase;
    }
    for (quint64 p = std::max(m_consumedIndexed, m_consumedBase); p < end; ++p) {
        const Consumed &c = m_consumed[size_t(p - m_consumedBase)];
        if (c.id != 0)
            m_consumedAt.insert(c.id, p);
    }
    m_consumedIndexed = end;
}

const HistoryBook::Consumed *HistoryBook::findConsumed(MessageId id) const
{
    if (m_consumed.empty())
        return nullptr;
    indexConsumed();
    const auto it = m_consumedAt.constFind(id);
    if (it == m_consumedAt.cend() || *it < m_consumedBase)
        return nullptr;
    const Consumed &c = m_consumed[size_t(*it - m_consumedBase)];
    return c.id == id ? &c : nullptr;
}

HistoryBook::StoryPtr HistoryBook::storyOfConsumed(const Consumed &c)
{
    auto story = std::make_shared<Story>();
    story->ids.push_back(c.id);
    story->messageId = c.messageId;
    story->correlationId = c.correlationId;
    story->queue = c.queue;
    story->goneAt = c.ackedAt;
    story->journaled = c.journaled;
    HistoryEvent published;
    published.at = c.publishedAt;
    published.kind = HistoryEventKind::Published;
    published.actor = c.publisher;
    published.where = c.exchange;
    published.detail = c.routingKey;
    HistoryEvent routed;
    routed.at = c.publishedAt;
    routed.kind = HistoryEventKind::Routed;
    routed.detail = c.queue;
    HistoryEvent acked;
    acked.at = c.ackedAt;
    acked.kind = HistoryEventKind::Acked;
    acked.actor = c.acker;
    acked.where = c.queue;
    if (c.autoAck)
        acked.reason = QStringLiteral("auto-ack");
    story->events.push_back(std::move(published));
    story->events.push_back(std::move(routed));
    story->events.push_back(deliveredEvent(DeliveryNote{c.deliveredAt, c.deliverer, c.consumerTag}, c.queue, c.count));
    story->events.push_back(std::move(acked));
    return story;
}

MessageStory HistoryBook::describeConsumed(const Consumed &c) const
{
    return describe(*storyOfConsumed(c));
}

HistoryBook::StoryPtr HistoryBook::find(MessageId id)
{
    if (StoryPtr story = m_byId.value(id))
        return story;
    if (!findConsumed(id)) // indexes the records too
        return {};
    const quint64 position = m_consumedAt.take(id);
    // It takes another event (an edit and resend of it): a story from now
    // on, in the gone list at its place. Its events hold the actors the
    // record held, and count as many.
    Consumed &c = m_consumed[size_t(position - m_consumedBase)];
    StoryPtr story = storyOfConsumed(c);
    c.id = 0;
    m_byId.insert(id, story);
    const auto at = std::upper_bound(m_gone.begin(), m_gone.end(), story->goneAt,
                                     [](qint64 goneAt, const StoryPtr &s) { return goneAt < s->goneAt; });
    m_gone.insert(at, story);
    return story;
}

void HistoryBook::forgetConsumed(const Consumed &c)
{
    if (c.id == 0) // made into a story, forgotten as one
        return;
    m_goneEvents -= std::min<quint64>(m_goneEvents, ConsumedEvents);
    --m_storyCount;
    if (c.journaled)
        m_garbageBytes += 180; // about what its record and its delivery's took
    releaseActor(c.publisher);
    releaseActor(c.deliverer);
    releaseActor(c.acker);
}

} // namespace depot::engine_detail
