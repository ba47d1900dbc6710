#pragma once

// HistoryBook: the engine's record of message life stories (History.h), on
// the broker thread. Stories live in memory: those of messages in a queue
// that something happened to beyond their publish (a publish alone makes
// none: the engine makes it later with beginPublished, from the queued
// message), and those of gone messages for the retention time and up to
// the event cap; a message published, delivered once and acked is kept as
// one compact record instead (consumed(), HistoryConsumed.cpp).
// Stories of stored messages (persistent, on a durable queue) are also
// journaled: their records are collected during an event-loop turn and handed
// to the store as ONE row per store hand-over (Store::setSubmitHook), in the
// same transaction as the mutations that caused them; a restart reads the
// journal back (recover). No SQL statement per event or per message.
// docs/ARCHITECTURE.md, "Message history", has the design and its cost.

#include "broker/engine/History.h"

#include <QByteArray>
#include <QHash>
#include <QVarLengthArray>

#include <deque>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

namespace depot::store { class Store; }
namespace depot::engine_detail::journal { struct Reader; }

namespace depot::engine_detail {

// A delivery the message's story has not recorded yet (docs/ARCHITECTURE.md,
// "Message history", consuming): set when a message whose story is not made
// yet (Entry::storyPending) is handed to a session, so the common
// publish-deliver-ack needs no story until the ack, which records it whole
// and compact (HistoryBook::consumed). Whatever else ends the lease makes the
// story and records this delivery first (Engine::Private::storyOf).
struct DeliveryNote
{
    qint64 at = 0; // ms since the epoch; 0: none
    quint32 actor = 0; // the session's connection (held by it while the lease lives)
    QString consumerTag; // "" for a get
};

class HistoryBook final
{
public:
    struct Story
    {
        // Inline room for the common story (one id; published and routed),
        // so beginning one is a single allocation (docs/performance.md).
        QVarLengthArray<MessageId, 1> ids; // oldest first; the last is the live copy's
        QString messageId;
        QString correlationId;
        QString queue; // where it is now (or was last)
        QVarLengthArray<HistoryEvent, 2> events;
        qint64 goneAt = 0;
        bool journaled = false; // its records go to the store
        bool inTransit = false; // taken by a dead-lettering, not yet enqueued again
    };
    using StoryPtr = std::shared_ptr<Story>;

    HistoryBook() = default;
    // Hands what is pending to the store and unhooks from it (the store may
    // outlive the engine: its close() then commits those records too).
    ~HistoryBook();
    Q_DISABLE_COPY_MOVE(HistoryBook)

    void setStore(store::Store *store);
    // Called while a compaction writes everything kept, so the engine adds
    // what only it knows (journalDelivery for its leases' DeliveryNotes).
    void setSnapshotHook(std::function<void()> hook) { m_snapshotHook = std::move(hook); }
    void setSettings(const HistorySettings &settings);
    const HistorySettings &settings() const { return m_settings; }
    bool enabled() const { return m_settings.enabled; }

    // ---- actors ----
    // Actors are numbered; a number is kept while something holds it: each
    // event of a kept story that names it, and each hold taken by
    // internActor() or holdActor() (an open connection, an ActingAs scope)
    // until releaseActor(). An actor nobody holds any more is freed; its
    // number is used again once no journal row can name it (after the next
    // compaction; at once without a store).
    [[nodiscard]] quint32 internActor(const HistoryActor &actor); // with one hold
    void holdActor(quint32 number);
    void releaseActor(quint32 number);
    // A queued message whose story is not made yet names `number` as its
    // publisher (its content, its stored row): the actor is held for good,
    // since nothing counts those messages (docs/ARCHITECTURE.md, "Message
    // history": actors). Once per actor; cheap to repeat.
    void pinActor(quint32 number)
    {
        if (number != 0 && number <= m_actorPinned.size() && !m_actorPinned[number - 1]) {
            m_actorPinned[number - 1] = true;
            holdActor(number);
        }
    }
    HistoryActor actor(quint32 number) const;
    qsizetype actorCount() const { return qsizetype(m_actors.size() - m_freeActors.size() - m_quarantinedActors.size()); }

    // ---- recording (all no-ops while disabled) ----
    // A new story for a copy enqueued in `queue` with these two first events.
    StoryPtr begin(MessageId id, const MessageContent &content, const QString &queue, HistoryEvent &&first,
                   HistoryEvent &&second, bool stored);
    // The story of a copy whose publish is all that happened to it so far,
    // made from what the queued message holds (its content names the
    // publisher): published by content.publisher at `enqueuedAt`, routed to
    // `queue`. Null when the content names no publisher (published while
    // history was off) or a story of `id` exists already.
    StoryPtr beginPublished(MessageId id, const MessageContent &content, const QString &queue, qint64 enqueuedAt,
                            bool stored);
    // The same story, described without being made; `delivered`: a delivery
    // it would record next (a DeliveryNote's).
    std::optional<MessageStory> describePublished(MessageId id, const MessageContent &content, const QString &queue,
                                                  qint64 enqueuedAt, const HistoryEvent *delivered = nullptr) const;
    // A stored message names `actor` as its publisher: the journal must know it.
    void notePublisher(quint32 actor);
    // A consumed message's story is made from its compact record here (it
    // is to take another event).
    StoryPtr find(MessageId id);
    bool has(MessageId id) const { return m_byId.contains(id) || findConsumed(id); }
    // A story object is kept for `id` (not a consumed record).
    bool hasStory(MessageId id) const { return m_byId.contains(id); }
    // The live story of message `id` (its current id), or null.
    Story *live(MessageId id) const;
    void record(Story *story, HistoryEvent &&event);
    void record(MessageId id, HistoryEvent &&event)
    {
        if (Story *s = live(id))
            record(s, std::move(event));
    }
    // The story continues under a new id in `queue` (moved, replayed, dead-lettered).
    void rename(const StoryPtr &story, MessageId newId, const QString &queue, bool stored);
    // A copy of the story (a copy of the message, a dead letter sent to a
    // second queue), continuing under `newId`.
    StoryPtr fork(const Story &from, MessageId newId, const QString &queue, bool stored);
    // The message is gone. Ignored unless `id` is the story's live id and it
    // is not in transit; `fallback` is recorded first unless the last event
    // already says why (an ack, a dead-lettering ...).
    void gone(MessageId id, qint64 at, HistoryEvent &&fallback);
    void goneStory(const StoryPtr &story, qint64 at);

    // ---- consuming (HistoryConsumed.cpp) ----
    // Message `id`, published to `queue` with nothing else happening to it
    // since, was delivered (`delivery`, its `count`-th) and acked by `acker`
    // at `at` (`autoAck`: taken without an ack): it is gone. Its story
    // (published, routed, delivered, acked) is kept as one compact record,
    // expanded into those events when read, and journaled as one record when
    // `stored`. Nothing when the content names no publisher.
    void consumed(MessageId id, const MessageContent &content, const QString &queue, qint64 enqueuedAt,
                  const DeliveryNote &delivery, quint32 count, quint32 acker, qint64 at, bool autoAck, bool stored);
    // The delivered event a note stands for.
    static HistoryEvent deliveredEvent(const DeliveryNote &note, const QString &queue, quint32 count);
    // The delivery of a stored message whose story is not made yet, journaled
    // alone: a restart before the ack finds it waiting for the story.
    void journalDelivery(MessageId id, const HistoryEvent &delivered);
    // A restart found events of `id` waiting for its story (journalDelivery):
    // beginPublished records them after the publish.
    bool hasWaiting(MessageId id) const { return !m_waiting.isEmpty() && m_waiting.contains(id); }
    // Records written to the journal since the start (tests).
    quint64 journalRecords() const { return m_journalRecords; }

    // ---- reading ----
    std::optional<MessageStory> story(MessageId id) const;
    QList<MessageStory> search(const HistoryQuery &query) const;
    MessageStory describe(const Story &story) const;

    // ---- upkeep ----
    // Forgets gone stories past the retention time or over the cap; asks the
    // store to compact the journal when it has grown well past what it keeps.
    void prune(qint64 now);
    // Reads the journal rows back (oldest first); stories whose live id is
    // not among `liveIds` are gone as of `now`.
    void recover(const QList<QByteArray> &rows, const QSet<MessageId> &liveIds, qint64 now);
    quint64 goneEvents() const { return m_goneEvents; }
    quint64 storyCount() const { return m_storyCount; }

private:
    // A consumed message's whole story (consumed()).
    struct Consumed
    {
        MessageId id = 0; // 0 once made into a story (find)
        qint64 publishedAt = 0;
        qint64 deliveredAt = 0;
        qint64 ackedAt = 0; // and gone
        quint32 publisher = 0;
        quint32 deliverer = 0;
        quint32 acker = 0;
        quint32 count = 0;
        bool autoAck = false;
        bool journaled = false;
        QString exchange;
        QString routingKey;
        QString queue;
        QString consumerTag;
        QString messageId;
        QString correlationId;
    };
    static constexpr quint64 ConsumedEvents = 4;
    const Consumed *findConsumed(MessageId id) const;
    void indexConsumed() const;
    MessageStory describeConsumed(const Consumed &c) const;
    static StoryPtr storyOfConsumed(const Consumed &c);
    // A `C` record's story (recover), null when it does not decode.
    static StoryPtr readConsumed(journal::Reader &r);
    void journalConsumed(const Consumed &c);
    void forgetConsumed(const Consumed &c);
    void takeWaiting(Story *story, MessageId id);
    void journalStory(const Story &story);
    void journal(const Story &story, const HistoryEvent &event);
    void journalActor(quint32 number);
    void markJournalNeeded();
    void beforeSubmit();
    QByteArray snapshot();
    void forget(const StoryPtr &story);
    void holdActors(const Story &story);
    static QString actorKey(const HistoryActor &actor);
    void evictGone(qint64 now);

    store::Store *m_store = nullptr;
    HistorySettings m_settings;
    std::vector<HistoryActor> m_actors; // number - 1
    QHash<QString, quint32> m_actorKeys; // actors without a connection, interned
    std::vector<bool> m_actorJournaled;
    std::vector<quint32> m_actorHolds; // number - 1: events and holds naming it
    std::vector<bool> m_actorPinned; // number - 1: held for good (pinActor)
    std::vector<quint32> m_freeActors; // numbers free to use again
    std::vector<quint32> m_quarantinedActors; // freed, perhaps still named in the journal
    QHash<MessageId, StoryPtr> m_byId; // every id of every kept story (no allocation per entry)
    std::deque<StoryPtr> m_gone; // by the time they went
    std::deque<Consumed> m_consumed; // by the time they went, beside m_gone
    // id -> m_consumedBase + its index in m_consumed, for the records below
    // m_consumedIndexed: built when someone looks one up (indexConsumed), not
    // per ack, since the common consumed message is never looked up; entries
    // of evicted records are left (their position is below m_consumedBase)
    // and dropped in bulk.
    mutable QHash<MessageId, quint64> m_consumedAt;
    mutable quint64 m_consumedIndexed = 0;
    quint64 m_consumedBase = 0;
    QHash<MessageId, QList<HistoryEvent>> m_waiting; // recover(): events of stories not made yet
    quint64 m_journalRecords = 0;
    std::function<void()> m_snapshotHook;
    quint64 m_goneEvents = 0;
    quint64 m_storyCount = 0;
    QByteArray m_pending; // journal records of this hand-over
    bool m_hookArmed = false;
    bool m_compact = false;
    qint64 m_journalBytes = 0; // in the journal's rows
    qint64 m_garbageBytes = 0; // of those, about how much belongs to forgotten stories
};

} // namespace depot::engine_detail
