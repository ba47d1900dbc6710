#pragma once

// The engine's internal state, shared by the files that implement one concern
// each: EngineTopology.cpp (exchanges, queues, bindings), EngineDelivery.cpp
// (publish, consumers, acks), EngineDeadLetter.cpp (death records), EngineTimers.cpp
// (TTL, delayed messages, queue expiry), EnginePersistence.cpp (recovery,
// paging of bodies), EngineTransfer.cpp (replay, move, copy) and Engine.cpp
// (connections, sessions, inspection).

#include "broker/engine/DeliveryTracker.h"
#include "broker/engine/HistoryBook.h"
#include "broker/engine/Engine.h"
#include "broker/engine/QueueArguments.h"
#include "broker/engine/QueueEntry.h"
#include "broker/engine/QueueIndex.h"
#include "broker/engine/StreamLog.h"
#include "broker/engine/QueryScan.h"
#include "broker/engine/routing/ExchangeRegistry.h"
#include "broker/store/Store.h"

#include <QTimer>

#include <atomic>
#include <deque>
#include <map>
#include <queue>
#include <unordered_map>
#include <vector>

namespace depot {

namespace engine_detail {

inline Error err(ErrorKind kind, const QString &text)
{
    return Error{kind, text};
}

struct Queue;
struct Session;

// The message bodies the engine holds in memory, each counted once however
// many queues share it: every body the engine creates (publish, dead letter)
// or reads back from the store to keep (paging) is wrapped so that its bytes
// are added when it is made and subtracted when the last reference goes,
// on whichever thread that is. O(1) per message; the memory high-watermark
// reads it.
struct BodyMeter
{
    std::atomic<qint64> bytes{0};
    std::atomic<qint64> bodies{0};
};

struct Consumer
{
    QString tag;
    Queue *queue = nullptr;
    Session *session = nullptr;
    bool noAck = false;
    bool exclusive = false;
    int priority = 0;
    quint32 prefetch = 0;
    quint32 unacked = 0;
    quint64 lastServed = 0;   // round-robin: the least recently served of a priority wins
    QVariantMap arguments;
    // On a stream queue: the offset of the next message it is to get.
    bool stream = false;
    qint64 streamNext = 0;
};

// The lease handle a session keeps for a delivery from a stream: nothing
// is leased (a stream's messages stay), but the delivery tag is taken, and
// settling it gives its consumer credit back (EngineStreams.cpp).
constexpr LeaseHandle StreamLease = ~LeaseHandle(0);

struct Session
{
    SessionId id = 0;
    ConnectionId connection = 0;
    quint32 historyActor = 0;      // its connection's actor (HistoryBook)
    DeliverySink *sink = nullptr;
    quint16 channel = 0;           // protocol channel number, for display
    bool confirms = false;         // for display
    quint32 prefetch = 0;          // channel-wide
    quint32 consumerPrefetch = 0;  // default for later consumers
    bool flow = true;
    // The leases this session took, by delivery tag: leases[tag - firstTag].
    // A handle whose lease has ended (0 once settled through a tag) is
    // trimmed from the front; tags come from arithmetic, not a lookup.
    quint64 firstTag = 1;
    std::deque<LeaseHandle> leases;
    quint64 liveUnacked = 0;       // leases it owns (DeliveryTracker keeps it)
    quint64 nextTag() const { return firstTag + leases.size(); }
    std::map<QString, std::unique_ptr<Consumer>> consumers;
    // Delivery tags of stream deliveries not settled yet: their consumer's tag.
    std::unordered_map<quint64, QString> streamTags;
    // A stream consumer is gone (cancelled, or its queue deleted): its
    // deliveries' tags no longer credit anyone, so a new consumer that takes
    // the same tag starts with its own credit.
    void forgetStreamTagsOf(const QString &consumerTag)
    {
        std::erase_if(streamTags, [&consumerTag](const auto &entry) { return entry.second == consumerTag; });
    }
};

struct Connection
{
    ConnectionId id = 0;
    ConnectionInfo info;
    qint64 connectedAtMs = 0;
    quint32 historyActor = 0;      // HistoryBook's actor for it
    QList<SessionId> sessions;
    QSet<QString> exclusiveQueues;
};

struct Queue
{
    QueueDef def;
    QueueArguments args;
    qint64 storeId = 0;
    quint64 serial = 0;   // timers refer to queues by serial: a deleted queue is simply not found

    // Ready and delayed messages, their expiries and paging candidates.
    QueueIndex index;
    quint64 unackedCount = 0;   // leased (DeliveryTracker keeps both)
    quint64 unackedBytes = 0;

    std::vector<Consumer *> consumers;   // registration order
    std::vector<quint64> watchers;       // Engine::watchReady ids, woken when a message becomes ready

    // sqs-fifo: deduplication ids seen within the window (key: the id, or
    // group key + U+001F + id with scope messageGroup), and their expiry
    // order (the window is the same for all, so insertion order).
    struct Seen
    {
        MessageId id = 0;
        QString publisherMessageId;
        qint64 expiresAt = 0;
    };
    std::unordered_map<QString, Seen> deduplication;
    std::deque<std::pair<qint64, QString>> deduplicationOrder;
    Consumer *exclusiveConsumer = nullptr;
    bool everHadConsumer = false;
    qint64 lastUsed = 0;
    qint64 scheduledWake = 0;

    bool dispatching = false;
    bool dispatchAgain = false;
    bool deleted = false;
    // Delivery stopped by the user (Engine::setQueuePaused): consumers stay,
    // get and lease find nothing, publishing goes on. Stored with the queue.
    bool paused = false;
    // The policies that apply (Engine::setPolicy): `args` above is the
    // declared arguments merged with their effective definition.
    AppliedPolicy policy;

    quint8 levelFor(quint8 priority) const { return index.levelFor(priority); }
};

// The time to live of `content` in `queue`: the lower of the queue's
// x-message-ttl and the message's own, -1 when neither is set.
inline qint64 effectiveTtl(const Queue &queue, const MessageContent &content)
{
    const qint64 ttl = queue.args.messageTtl;
    if (!content.ttlMs)
        return ttl;
    return ttl < 0 ? *content.ttlMs : std::min(ttl, *content.ttlMs);
}

// The level-capped priority of `content` in `queue` (0 unless the queue has
// x-max-priority).
inline quint8 cappedPriority(const Queue &queue, const MessageContent &content)
{
    return queue.args.maxPriority > 0 ? quint8(std::min<int>(content.priority, queue.args.maxPriority)) : 0;
}

} // namespace engine_detail

struct Engine::Private
{
    using Entry = engine_detail::Entry;
    using Queue = engine_detail::Queue;
    using Session = engine_detail::Session;
    using Consumer = engine_detail::Consumer;
    using Connection = engine_detail::Connection;

    // Bodies of the first messages of a queue stay in memory; deeper ones are
    // dropped once committed and read back in batches ahead of delivery.
    static constexpr quint64 InMemoryHead = 2000;
    static constexpr int LoadBatch = 1000;
    // After a failed read of paged-out bodies, delivery from that queue is
    // tried again this much later (the messages stay where they are).
    static constexpr qint64 ReadRetryMs = 1000;
    static constexpr int TransferSlice = 500;

    explicit Private(Engine *q, store::Store *st);

    Engine *q;
    store::Store *store;
    ExchangeRegistry registry;
    Stats stats;
    QMap<QString, QString> alarms;   // source -> text (Engine::raiseAlarm)
    // Shared with the bodies it counts: they may outlive the engine.
    std::shared_ptr<engine_detail::BodyMeter> bodyMeter = std::make_shared<engine_detail::BodyMeter>();
    Clock clock;

    std::unordered_map<QString, std::unique_ptr<Queue>> queues;
    std::unordered_map<quint64, Queue *> queuesBySerial;
    std::unordered_map<SessionId, std::unique_ptr<Session>> sessions;
    std::unordered_map<ConnectionId, std::unique_ptr<Connection>> connections;
    struct Watch
    {
        quint64 queueSerial = 0;   // 0 once woken (queued, not yet called)
        std::function<void()> wake;
    };
    std::unordered_map<quint64, Watch> watches;
    quint64 nextWatchId = 1;
    engine_detail::DeliveryTracker leases;

    MessageId lastMessageId = 0;
    quint64 nextQueueSerial = 1;
    ConnectionId nextConnectionId = 1;
    SessionId nextSessionId = 1;
    quint64 serveCounter = 0;
    quint64 consumerEpoch = 0;        // bumped whenever a consumer goes away

    // Objects removed while a delivery callback may still be on the stack are
    // parked here and freed when the outermost engine call returns.
    int depth = 0;
    std::vector<std::unique_ptr<Queue>> deadQueues;
    std::vector<std::unique_ptr<Session>> deadSessions;
    std::vector<std::unique_ptr<Consumer>> deadConsumers;

    // Timers: (due time, queue serial), lazily validated. Serial 0 is the
    // delivery tracker's next lease deadline.
    std::priority_queue<std::pair<qint64, quint64>, std::vector<std::pair<qint64, quint64>>,
                        std::greater<std::pair<qint64, quint64>>> wakeups;
    qint64 leaseWake = 0;   // earliest wakeup entry for lease deadlines, 0 = none
    QTimer timer;
    qint64 timerArmedFor = 0;
    QTimer statsTimer;

    struct Transfer
    {
        TransferSpec spec;
        QList<MessageId> ids;
        qsizetype next = 0;
        TransferReport report;
        std::optional<QRegularExpression> regex;
        quint32 actor = 0;   // who started it (its events name them)
    };
    std::map<quint64, std::unique_ptr<Transfer>> transfers;
    // Finished transfers whose last writes are not committed yet, with the
    // store sequence they wait for (reported by onCommitted).
    std::vector<std::pair<quint64, TransferReport>> uncommittedTransferReports;
    quint64 nextTransferId = 1;
    // Queries running in slices (EngineQuery.cpp).
    std::map<quint64, std::shared_ptr<QueryScan>> queries;
    quint64 nextQueryId = 1;
    void scheduleQuery(quint64 id);

    // ---- message history (EngineHistory.cpp) ----
    engine_detail::HistoryBook history;
    quint32 actor = 0;   // the acting actor (Engine::ActingAs); 0 = the broker
    // While publish() enqueues: the queues it routes to, for the stories.
    const QString *historyRoutedTo = nullptr;
    // While publish() enqueues an edited copy: the message it was edited from.
    MessageId historyEditedFrom = 0;
    // While deadLetter() enqueues: the story of the dead message, continued by
    // its first copy and forked for the others.
    engine_detail::HistoryBook::StoryPtr historyCarry;
    bool historyCarryUsed = false;
    QTimer historyTimer;
    HistoryEvent historyEvent(HistoryEventKind kind, const QString &where, quint32 who) const
    {
        HistoryEvent e;
        e.at = now();
        e.kind = kind;
        e.actor = who;
        e.where = where;
        return e;
    }
    // A copy was enqueued in `queue` (publish, dead letter): its story begins
    // or continues; a plain publish to one queue only marks the entry
    // (Entry::storyPending), its story is made later by storyOf.
    void noteEnqueued(const Queue *queue, Entry &e, const MessageContent &content);
    // The live story of `e` in the queue named `queue`, made now from the
    // entry when its publish is all it has so far; null when it has none.
    // `delivery`: the note of the lease `e` is or was in; a delivery it holds
    // is recorded now, and the note cleared.
    engine_detail::HistoryBook::Story *storyOf(const QString &queue, Entry &e,
                                               engine_detail::DeliveryNote *delivery = nullptr);
    // Acked (`autoAck`: taken without an ack) after one delivery with nothing
    // else since: the story is recorded whole and compact (HistoryBook::consumed).
    void noteConsumed(const Queue *queue, Entry &e, const engine_detail::DeliveryNote &delivery, quint32 acker,
                      bool autoAck);
    // storyOf for many entries, their bodies read from the store at once.
    void makeStories(const QString &queue, const std::vector<const Entry *> &entries);
    // Message `id` wherever it is queued (ready, delayed or leased).
    struct Found
    {
        Queue *queue = nullptr;
        Entry *entry = nullptr;
        engine_detail::DeliveryNote *delivery = nullptr; // when leased
    };
    Found findQueued(MessageId id);
    // Makes the story of message `id` if it is queued with none made yet.
    void makeStoryOf(MessageId id);
    // The story of message `id` as it would be made now (a queued message
    // whose story is not made yet), without making it.
    std::optional<MessageStory> pendingStory(MessageId id);
    // Queued messages whose story is not made yet with this id, message-id
    // or correlation-id, described, at most `limit`.
    // `scanned`: the store's rows holding the query's message-id or
    // correlation-id, searched already (Store::findContaining); null: search
    // them here (Store::messagesContaining).
    QList<MessageStory> findPendingStories(const HistoryQuery &query, int limit,
                                           const QList<MessageId> *scanned = nullptr);
    // Store rows a search for one value looks at, at most.
    static constexpr int ContainingLimit = 100'000;
    // `newId` was published as an edited copy of `oldId` (edit and resend,
    // PublishOptions::editedFrom): both stories say so; `copy` is the new
    // entry in `queue`, whose story may not be made yet.
    void linkEdited(MessageId oldId, MessageId newId, const QString &queue, Entry &copy);
    // Every message of the queue is gone (purge, deletion): `kind`, then gone.
    void noteQueueEmptied(Queue *queue, HistoryEventKind kind, const QString &reason, bool leasedToo);

    // ---- set aside for undo (EngineAside.cpp) ----
    struct AsideBatch
    {
        quint64 queueSerial = 0; // a queue deleted meanwhile is not found
        QString queue;
        qint64 until = 0;
        std::vector<Entry> entries;
    };
    std::map<quint64, AsideBatch> aside; // by token
    quint64 nextAsideToken = 1;
    QTimer asideTimer;
    AsideReport keepAside(Queue *queue, std::vector<Entry> &&entries, HistoryEventKind kind);
    // Removes a batch's messages for good (their store rows go).
    void discardAside(std::map<quint64, AsideBatch>::iterator it);
    void processAside(qint64 nowMs);
    void armAsideTimer();
    bool hasAside(const Queue *queue) const;

    // ---- policies (EnginePolicies.cpp) ----
    struct PolicyEntry
    {
        PolicyDef def;
        QRegularExpression regex;
    };
    std::map<QString, PolicyEntry> policies;          // by name (vhost "/")
    std::map<QString, PolicyEntry> operatorPolicies;
    std::map<QString, PolicyEntry> &policiesOf(PolicyKind kind)
    {
        return kind == PolicyKind::Operator ? operatorPolicies : policies;
    }
    const std::map<QString, PolicyEntry> &policiesOf(PolicyKind kind) const
    {
        return kind == PolicyKind::Operator ? operatorPolicies : policies;
    }
    // The policy and operator policy that apply to an object, and their
    // merged definition.
    AppliedPolicy choosePolicies(policy::Target target, const QString &name) const;
    // Recomputes a queue's effective arguments from its declared ones and
    // the policies; `live`: act on the change now (trim to a lower
    // max-length, reschedule expiry). Returns whether anything changed.
    bool applyPolicies(Queue *queue, bool live);
    // The same for an exchange's alternate exchange.
    void applyExchangePolicy(const QString &exchange);
    void applyAllPolicies();
    // Drop-head queues over a (newly lowered) max-length dead-letter their
    // oldest ready messages (reason maxlen), as RabbitMQ does on a policy change.
    void trimToLimits(Queue *queue);
    void recoverPolicies(const QList<store::StoredPolicy> &stored);

    qint64 now() const { return clock ? clock() : QDateTime::currentMSecsSinceEpoch(); }
    MessageId nextId() { return ++lastMessageId; }
    void flushGraveyard();

    // ---- topology (EngineTopology.cpp) ----
    Queue *findQueue(const QString &name) const;
    // Visits a queue's messages as browse() lists them (ready ones by
    // priority then id, delayed ones, then unacked ones by id) from position
    // `from` on, until visit returns false. Levels without tombstones are
    // entered at `from` directly, so a page deep in a large queue costs its
    // page, not the queue; unacked ones are gathered only when reached.
    void walkBrowseOrder(const Queue *queue, quint64 from,
                         const std::function<bool(const Entry &, bool unacked, quint64 position)> &visit) const;
    Error lockedError(const Queue *queue, ConnectionId connection) const;
    Queue *createQueue(const QueueDef &def, const QueueArguments &args, qint64 storeId);
    // `why` ends the stories of its messages, leased ones too ("queue deleted").
    void destroyQueue(Queue *queue, bool notifyConsumers, const QString &why);
    void removeBindingsOf(const QList<BindingDef> &removed);
    void maybeAutoDeleteExchange(const QString &exchange);
    bool bindingIsDurable(const BindingDef &b) const;
    void maybeAutoDeleteQueue(Queue *queue);

    // ---- ready index (QueueIndex) ----
    // Both wake the queue's watchers (long polls); a queue nobody watches
    // pays one empty() test.
    void pushReady(Queue *queue, Entry &&e)
    {
        queue->index.pushReady(std::move(e), InMemoryHead);
        if (!queue->watchers.empty()) [[unlikely]]
            wakeWatchers(queue);
    }
    void insertReady(Queue *queue, Entry &&e)
    {
        queue->index.insertReady(std::move(e));
        if (!queue->watchers.empty()) [[unlikely]]
            wakeWatchers(queue);
    }
    // Queues each watcher's wake and forgets them (Engine::watchReady).
    void wakeWatchers(Queue *queue);
    void fireWatch(quint64 id);
    Entry *findReady(Queue *queue, MessageId id, quint8 level) { return queue->index.findReady(id, level); }
    Entry takeReady(Queue *queue, Entry *e) { return queue->index.takeReady(e); }
    Entry *headReady(Queue *queue) { return queue->index.head(); }
    // Whether lease() would find a message now (long polls wait otherwise).
    bool hasLeasable(Queue *queue)
    {
        if (queue->paused)
            return false;
        return queue->index.grouped() ? queue->index.headDeliverable() != nullptr : queue->index.readyCount() > 0;
    }
    // ---- deduplication (sqs-fifo, EngineDeduplication.cpp) ----
    // Whether `content`'s deduplication id was seen in its scope within the
    // queue's window; then *result names the first copy.
    bool isDuplicate(Queue *queue, const MessageContent &content, qint64 nowMs, PublishResult *result);
    void rememberDeduplication(Queue *queue, const MessageContent &content, MessageId id, qint64 nowMs);

    // ---- delivery (EngineDelivery.cpp) ----
    // readyAt: 0, when a delayed message becomes visible, or -1 for the
    // queue's default delay (x-default-delay). The message's own time to
    // live and priority are the content's typed fields.
    void enqueue(Queue *queue, const ContentPtr &content, qint64 readyAt, PublishResult *result);
    bool applyOverflow(Queue *queue, quint32 incomingSize, const ContentPtr &content, PublishResult *result);
    void dispatch(Queue *queue);
    Consumer *pickConsumer(Queue *queue);
    bool hasCredit(const Consumer *c) const;
    // `takingGroups`: on sqs-fifo queues, the groups the caller is leasing
    // from in this call, open to it although their leases block them.
    bool popForDelivery(Queue *queue, Entry *out, const std::vector<QString> *takingGroups = nullptr);
    // Records the delivery (a lease unless noAck, counters); the caller hands
    // it to the sink. A lease without an owning session gets no delivery tag.
    Delivery handOut(Queue *queue, Consumer *c, Session *s, Entry &&e, bool noAck, qint64 deadline = 0);
    // Ends a lease: acked (gone for good), released (requeued) or rejected.
    enum class LeaseEnd { Settle, Release, Expire, Reject }; // Expire: a Release at its deadline
    void endLease(LeaseHandle handle, LeaseEnd how, std::vector<quint64> *touched);
    void trimSessionLeases(Session *s);
    // Requeue (delivery limit, expiry). `consumerRequeue`: a consumer gave
    // it back (nack/reject with requeue), which x-retry-delays holds back.
    void returnToQueue(Queue *queue, Entry &&e, bool consumerRequeue = false);
    // x-retry-delays: waits for the delay of its delivery count, or past the
    // list is dead-lettered (delivery_limit).
    void retryLater(Queue *queue, Entry &&e);
    void returnToQueueRaw(Queue *queue, Entry &&e);       // back into place, unchanged
    void dropEntry(Queue *queue, Entry &&e);              // removed from the store, counted nowhere
    Result<void> settleTags(SessionId session, quint64 tag, bool multiple, int action);
    // Releases the leases without a deadline a session owns (close, recover);
    // with `disown` those with a deadline stay, owned by nobody.
    void requeueSessionUnacked(Session *s, bool disown);
    void kickSession(Session *s);
    void detachConsumer(Consumer *c, QSet<Queue *> *touched);
    void closeSessionInternal(Session *s);

    // ---- retry controls (EngineRetry.cpp) ----
    // Where a message of a queue is now: ready (`ready` points at it),
    // delayed (`delayed`), leased, or gone.
    struct Located
    {
        enum class Where { Nowhere, Ready, Delayed, Leased } where = Where::Nowhere;
        Entry *ready = nullptr;
        const Entry *delayed = nullptr;
    };
    Located locate(Queue *queue, MessageId id);
    static Error leasedError(const QString &queue, MessageId id);
    void readyNow(Queue *queue, Entry &&e); // a waiting message, visible now

    // ---- streams (EngineStreams.cpp) ----
    StreamLog *streams = nullptr;
    // Opens a stream queue's log (declare, recovery).
    Error openStream(const QString &name, const QueueArguments &args);
    void appendToStream(Queue *queue, const ContentPtr &content, PublishResult *result);
    // Hands each consumer of a stream what its credit allows.
    void dispatchStream(Queue *queue);
    // Refusals and the start offset of a consumer on a stream.
    Error setUpStreamConsumer(Queue *queue, Session *s, Consumer *c, const ConsumeSpec &spec);
    // A stream delivery's tag was settled (any way): its consumer has credit again.
    void settleStreamTag(Session *s, quint64 tag, std::vector<quint64> *touched);

    // ---- dead letters (EngineDeadLetter.cpp) ----
    void deadLetter(Queue *queue, Entry &&e, DeathReason reason);

    // ---- timers (EngineTimers.cpp) ----
    void schedule(Queue *queue, qint64 at);
    void armTimer();
    void processQueueTimers(Queue *queue, qint64 nowMs);
    void scheduleLeaseDeadline(qint64 at);   // wakeups entry with serial 0
    void processLeaseDeadlines(qint64 nowMs);
    qint64 nextDue(const Queue *queue) const;
    void noteUsed(Queue *queue);

    // ---- persistence and paging (EnginePersistence.cpp) ----
    void persistInsert(Queue *queue, Entry &e, const ContentPtr &content);
    void onCommitted(quint64 sequence);
    // Both return false when the store could not be read (the entries stay
    // without content; they are not known to be missing).
    bool ensureContents(std::vector<Entry *> &entries);
    bool loadAhead(Queue *queue, int level);
    ContentPtr contentOf(const Entry &e) const;
    // A body the engine keeps, counted by bodyMeter while it lives.
    ContentPtr trackContent(MessageContent &&content) const;
    // A body read back from the store to keep in an entry, counted likewise.
    ContentPtr trackLoaded(ContentPtr loaded) const;
    // `content` as it leaves `queue`, where it arrived at `enqueuedAt`: the
    // same when it records its origin already, else a copy that does.
    ContentPtr withOrigin(const ContentPtr &content, const QString &queue, qint64 enqueuedAt) const;

    // ---- transfers (EngineTransfer.cpp) ----
    Result<std::unique_ptr<Transfer>> prepareTransfer(const TransferSpec &spec);
    bool runTransferSlice(quint64 id, int budget);   // true while more remain
    void scheduleTransfer(quint64 id);
    Entry *findAnyLevel(Queue *queue, MessageId id) { return queue->index.findReady(id); }
    void finishTransfer(quint64 id, bool waitForCommit = true);
    void reportCommittedTransfers(quint64 committedSeq);
};

} // namespace depot
