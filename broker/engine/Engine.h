#pragma once

// Engine: the broker's model of vhost "/" — exchanges, queues, bindings,
// consumers, deliveries, acknowledgements, dead-lettering, timers and replay.
//
// It is single-threaded: every method is called on the broker thread, and it
// has no locks. It knows no wire protocol: the AMQP server (and later the HTTP
// API and other protocols) translate requests into these calls, and receive
// deliveries through DeliverySink. Semantics follow RabbitMQ (see
// docs/ARCHITECTURE.md for the details and the deliberate differences).
//
// Persistence: with a Store, durable definitions and persistent messages on
// durable queues are written through it. publish() returns the store
// sequence that must be committed before a publisher may be confirmed;
// committed(seq) says when. Without a Store (--in-memory) everything is
// confirmed at once.

#include "broker/engine/History.h"
#include "broker/engine/Message.h"
#include "broker/engine/Policy.h"
#include "broker/query/Query.h"
#include "broker/stats/Stats.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QObject>
#include <QRegularExpression>
#include <QString>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace depot {

namespace store { class Store; }
namespace engine_detail { class HistoryBook; }
class ExchangeRegistry;
class StreamLog;

// Error categories. The AMQP layer maps them to reply codes (NotFound 404,
// AccessRefused 403, ResourceLocked 405, PreconditionFailed 406,
// InvalidArgument 406, NotAllowed 530, NotImplemented 540, Internal 541);
// HTTP to status codes.
enum class ErrorKind { None, NotFound, AccessRefused, ResourceLocked, PreconditionFailed, InvalidArgument,
                       NotAllowed, NotImplemented, Internal };

struct Error
{
    ErrorKind kind = ErrorKind::None;
    QString text;   // readable, RabbitMQ-like ("no queue 'x' in vhost '/'")
    explicit operator bool() const { return kind != ErrorKind::None; }
};

template <typename T>
struct Result
{
    T value{};
    Error error;
    bool ok() const { return !error; }
};
template <>
struct Result<void>
{
    Error error;
    bool ok() const { return !error; }
};

// Names one lease: a delivery awaiting settlement. Opaque; it stays valid
// after the session that took the lease is gone and never names another
// lease once its own has ended. 0 names nothing.
using LeaseHandle = quint64;

// One message handed to a consumer or returned by get() or lease().
struct Delivery
{
    SessionId session = 0;
    quint64 deliveryTag = 0;       // per session, from 1; 0 when no ack is expected (noAck)
    QString consumerTag;           // empty for get()
    QString queue;
    MessageId id = 0;
    bool redelivered = false;
    quint32 deliveryCount = 0;     // including this delivery
    bool countsDeliveries = false; // the queue counts deliveries for clients to see
                                   // (x-delivery-limit set, or a quorum queue)
    quint32 messageCount = 0;      // get(): ready messages left in the queue
    LeaseHandle lease = 0;         // 0 when no settlement is expected (noAck)
    qint64 leaseDeadline = 0;      // ms since the epoch; 0 = none (held until settled or released)
    // Its first delivery from this queue (ms since the epoch; SQS's
    // ApproximateFirstReceiveTimestamp): kept, and stored with the delivery
    // count, on queues of the SQS kinds only; 0 elsewhere.
    qint64 firstDeliveredAt = 0;
    quint64 sequence = 0; // sqs-fifo: its sequence number (its MessageId); 0 elsewhere
    // A stream queue's message: its offset in the stream (AMQP hands it to
    // the consumer as the x-stream-offset header); -1 elsewhere.
    qint64 streamOffset = -1;
    ContentPtr content;            // never null here
};

// Receives what the engine pushes to one session. Implemented by protocol
// adapters; called synchronously on the broker thread.
class DeliverySink
{
public:
    virtual ~DeliverySink() = default;
    virtual void deliver(const Delivery &delivery) = 0;
    // The server cancelled a consumer (its queue was deleted, or it lost
    // single-active-consumer status is NOT a cancel). AMQP's basic.cancel.
    virtual void consumerCancelled(const QString &consumerTag) = 0;
};

struct ConnectionInfo
{
    QString name;          // client-provided connection name, if any
    QString peer;          // "127.0.0.1:53412"
    QString protocol;      // "AMQP 0-9-1"
    QString user;
    QVariantMap clientProperties;
};

struct ConsumeSpec
{
    QString queue;
    QString consumerTag;     // empty: the engine generates "amq.ctag-..."
    bool noAck = false;
    bool exclusive = false;
    int priority = 0;        // x-priority: higher first while it has credit
    quint32 prefetch = 0;    // per consumer, 0 = unlimited
    QVariantMap arguments;
};

// What the engine does with a published message beyond routing it, in the
// engine's own terms. Each protocol adapter fills it from its own wire fields
// (AMQP: amqpPublishOptions() in broker/amqp/AmqpPublishOptions.h, from the
// expiration and priority properties and the x-delay header); the engine
// never reads a protocol's headers to decide these.
struct PublishOptions
{
    // > 0: invisible for this long (delayed delivery), its TTL counting from
    // then; 0: ready at once; -1: the queue's default (x-default-delay; 0 on
    // queues without one, which AMQP's all are).
    qint64 delayMs = -1;
    // Per-message time to live, -1 = none; with a queue's x-message-ttl the
    // lower wins. Kept with the message (MessageContent::ttlMs), so a move to
    // another queue applies it there too.
    qint64 ttlMs = -1;
    // On queues with x-max-priority, capped to it; ignored elsewhere. Kept
    // uncapped with the message (MessageContent::priority), for moves and
    // dead letters.
    quint8 priority = 0;
    bool mandatory = false;   // unroutable: counted as returned (the adapter tells its client)
    // Kept with the message (MessageContent::groupKey, deduplicationId) and
    // stored with it; AMQP has no such fields.
    QString deduplicationId;
    QString groupKey;
    // The dead-letter history a republished dead letter brings (the AMQP
    // adapter takes it from x-death headers), continued if it dies again.
    DeathHistory deaths;
    // Sender-selected distribution: more routing keys the message is routed
    // by besides the published one, on the same exchange (AMQP's CC and BCC
    // headers); a queue reached by several keys gets one copy.
    QStringList extraRoutingKeys;
    // Headers the adapter's translation consumed that no consumer may see
    // (AMQP's BCC): removed before the message is stored or delivered.
    QStringList hiddenHeaders;
    // Edit and resend: the message this one is an edited copy of. Each copy
    // enqueued and the original get linked stories (Engine::Private::linkEdited).
    MessageId editedFrom = 0;
};

struct PublishResult
{
    Error error;                 // e.g. NotFound for an unknown exchange
    bool routed = false;         // reached at least one queue
    bool rejected = false;       // a queue refused it (overflow reject-publish): nack
    quint64 confirmSequence = 0; // store sequence to wait for before confirming; 0 = confirm now
    // The engine's id of the copy enqueued in the first queue it reached
    // (0 when none was), so an adapter can name that message later.
    MessageId messageId = 0;
    // sqs-fifo: the sequence number of that copy (increasing per queue,
    // never reused, the same after a restart: it is its MessageId); 0 elsewhere.
    quint64 sequence = 0;
    // sqs-fifo: the deduplication id was seen in its scope within the
    // queue's window, so nothing was enqueued (routed stays true, as SQS
    // accepts the send); the first copy's ids. messageId and sequence name
    // the first copy too.
    struct Duplicate
    {
        MessageId messageId = 0; // also its sequence number
        QString publisherMessageId; // its properties.messageId
    };
    std::optional<Duplicate> duplicateOf;
};

// A filter over headers and body text, used by browsing and transfers.
struct MessageFilter
{
    QString text;             // empty: matches everything
    bool regex = false;
    bool caseSensitive = false;
    // Only messages waiting for a retry (x-retry-delays held them back after
    // a consumer returned them: delivered before, not visible yet).
    bool waitingRetry = false;
    // A query (docs/query.md), checked by its caller (Query::parse); the
    // empty query matches everything. A message must match it and the text.
    query::Query query;
    bool matches(const MessageContent &content) const; // the text alone; defined in MessageFilter.cpp
    // The text and the message's state (waitingRetry); `m.content` loaded.
    bool matches(const QueuedMessage &m) const;
    // All of it, the query too, for a message of `queue` at `now` (its age).
    bool matches(const QString &queue, const QueuedMessage &m, qint64 now) const;
    bool isEmpty() const { return text.isEmpty() && !waitingRetry && query.isEmpty(); }
};

// Move or copy messages between queues (replay of dead letters is a move whose
// target is each message's original queue, from its typed death history).
struct TransferSpec
{
    enum class Mode { Move, Copy };
    QString source;
    QString target;            // empty: each message's original queue, DeathHistory::originalQueue (fails for
                               // messages without one; they stay where they are)
    Mode mode = Mode::Move;
    QList<MessageId> ids;      // when non-empty: only these
    MessageFilter filter;      // applied when ids is empty; empty filter = all
};

struct TransferReport
{
    quint64 id = 0;
    quint64 total = 0;        // messages selected when it started
    quint64 done = 0;         // moved or copied
    quint64 skipped = 0;      // no original queue, target gone, vanished meanwhile
    bool cancelled = false;
    QString error;            // first problem met, if any
};

// Messages the window's Delete or Purge set aside (Engine::setAside): the
// token that restores them, how many, from which queue, and until when
// they can be restored.
struct AsideReport
{
    quint64 token = 0;
    QString queue;
    quint64 count = 0;
    qint64 until = 0; // ms since the epoch
};

struct QueueInfo
{
    QueueDef def;
    quint64 ready = 0;        // not leased, delayed ones included
    quint64 delayed = 0;      // of `ready`, those not visible yet because of a delay
    quint64 unacked = 0;
    quint64 bytes = 0;        // body bytes of ready + unacked
    quint32 consumers = 0;
    QString deadLetterExchange;     // from x-dead-letter-exchange, for the UI's links
    QString deadLetterRoutingKey;
    bool paused = false;      // delivery stopped (Engine::setQueuePaused)
    AppliedPolicy policy;     // the policy and operator policy that apply, and what they set
};

struct ConsumerInfo
{
    QString queue;
    QString consumerTag;
    ConnectionId connection = 0;
    SessionId session = 0;
    bool noAck = false;
    bool exclusive = false;
    bool active = true;        // false while waiting behind a single active consumer
    int priority = 0;
    quint32 prefetch = 0;
    quint32 unacked = 0;
};

// One session (an AMQP channel) as the window shows it.
struct SessionSummary
{
    SessionId id = 0;
    quint16 channel = 0;           // the protocol's channel number; 0 when not opened by one
    quint32 prefetch = 0;          // channel-wide, 0 = unlimited
    quint32 consumerPrefetch = 0;  // default for new consumers, 0 = unlimited
    quint64 unacked = 0;
    quint32 consumers = 0;
    bool flow = true;              // false: delivery paused (channel.flow or congestion)
    bool confirms = false;         // publisher confirms selected
    bool operator==(const SessionSummary &) const = default;
};

struct ConnectionSummary
{
    ConnectionId id = 0;
    ConnectionInfo info;
    qint64 connectedAtMs = 0;
    QList<SessionId> sessions;
    QList<SessionSummary> channels;   // the same sessions, in opening order
};

// What browsing shows for one message (peeking changes nothing).
struct MessageView
{
    quint64 position = 0;      // 0-based position in the queue, in delivery order
    QueuedMessage state;       // content always loaded
    bool unacked = false;
    // An unacked message's lease deadline (ms since the epoch; SQS: when it
    // becomes visible again), 0 when its lease has none. Set by message(),
    // for the inspector; browse() leaves it 0.
    qint64 leaseDeadline = 0;
};

// Where a walk over a whole queue (an export) has got to, kept by id rather
// than by position, so it resumes correctly after consumers, publishers and
// expiries moved the queue. Start from a default one; the engine fills it.
struct BrowseCursor
{
    bool started = false;
    bool done = false; // every message has been visited (or the queue is gone)
    MessageId upTo = 0; // ids above it arrived after the walk began: not visited
    int level = -1; // the ready priority level being walked (highest first)
    MessageId after = 0; // the last id visited in that level
    std::vector<MessageId> held; // delayed or unacked when the walk began, by id: visited last
    size_t heldNext = 0;
    quint64 visited = 0; // messages looked at so far, matching or not
    // Set before the first call to have each MessageView's position filled
    // in (where the message is in delivery order at that call, as browse()
    // counts it); it costs a count through a level with tombstones per call,
    // so walks that do not show positions leave it off.
    bool positions = false;
};

// A query run over queues (Engine::startQuery, QueryScan): which messages,
// where. `queues` names queues, or picks them with `*` and `?` as `like`
// does ("orders.*"); empty: every queue. A name without a wildcard must name
// a queue that exists; a pattern may pick none.
struct QuerySpec
{
    query::Query query;
    QStringList queues;
};

// One message a query found, and the queue it is in.
struct QueryMatch
{
    QString queue;
    MessageView view;
};

// How far a query has got. The totals are the queues picked and the messages
// they held when it started; `scanned` counts messages looked at (a queue the
// query's queue conditions rule out is counted done without reading one).
struct QueryProgress
{
    quint64 id = 0;
    quint64 queuesTotal = 0;
    quint64 queuesDone = 0;
    quint64 messagesTotal = 0;
    quint64 scanned = 0;
    quint64 matched = 0;
    bool done = false;
    bool cancelled = false;
};

class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)

public:
    using Clock = std::function<qint64()>;   // ms since the epoch

    explicit Engine(store::Store *store = nullptr, QObject *parent = nullptr);
    ~Engine() override;

    // Rebuilds exchanges, queues, bindings and the message index from the
    // store. Call once after construction, before anything else.
    void recover();

    // Where stream queues (x-queue-type stream) keep their messages
    // (EngineStreams.cpp). Set once, after recover(): the streams recovered
    // are opened on it. Without one, declaring a stream is refused.
    void setStreamLog(StreamLog *log);

    // Tests replace the clock and drive timers by hand with processTimers().
    void setClock(Clock clock);
    qint64 now() const;
    void processTimers();

    // ---- connections and sessions ----
    ConnectionId openConnection(const ConnectionInfo &info);
    // Closes its sessions (requeueing their unacked messages) and deletes its
    // exclusive queues.
    void closeConnection(ConnectionId connection);
    // The user asks to close a client's connection (the window, HTTP DELETE
    // /api/connections/{name}): the protocol server that owns it tells the
    // client (AMQP: 320 CONNECTION_FORCED with `reason`) and closes it.
    // False when no such connection is open.
    bool requestConnectionClose(ConnectionId connection, const QString &reason);
    // `channel` is the protocol's channel number, shown in the window.
    SessionId openSession(ConnectionId connection, DeliverySink *sink, quint16 channel = 0);
    void closeSession(SessionId session);     // cancels consumers, requeues unacked
    // Channel-wide prefetch (AMQP basic.qos global=true); 0 = unlimited.
    void setSessionPrefetch(SessionId session, quint32 prefetch);
    // Default per-consumer prefetch for later consume() calls (basic.qos global=false).
    void setConsumerPrefetch(SessionId session, quint32 prefetch);
    void setFlow(SessionId session, bool active);  // false: deliver nothing to this session
    // Publisher confirms were selected (AMQP confirm.select); shown only.
    void setSessionConfirms(SessionId session, bool confirms);

    // ---- exchanges ----
    Result<void> declareExchange(const ExchangeDef &def, bool passive);
    Result<void> deleteExchange(const QString &name, bool ifUnused);
    Result<void> bind(const BindingDef &binding);     // queue or exchange destination
    Result<void> unbind(const BindingDef &binding);

    // ---- queues ----
    // An empty name gets a server-generated one ("amq.gen-..."). Returns the
    // queue's info (name, ready count, consumers). A redeclare with different
    // arguments fails with PreconditionFailed; an exclusive queue of another
    // connection with ResourceLocked.
    Result<QueueInfo> declareQueue(const QueueDef &def, bool passive, ConnectionId connection = 0);
    Result<quint64> deleteQueue(const QString &name, bool ifUnused, bool ifEmpty, ConnectionId connection = 0);
    // Replaces a queue's arguments in place (SQS SetQueueAttributes and
    // TagQueue; x-sqs-* keys are kept and ignored like any unknown one),
    // validated as a declaration's (InvalidArgument). Its kind (x-queue-type)
    // and priority levels cannot change (PreconditionFailed). What the
    // engine acts on applies from now on: a new retention, TTL or default
    // delay to messages published from now on, a delivery limit and
    // dead-letter route to the next delivery, a deduplication window to ids
    // seen from now on. Stored with a durable queue.
    Result<QueueInfo> setQueueArguments(const QString &name, const QVariantMap &arguments);
    // Stops (paused) or resumes delivery from a queue, as the user asks (the
    // window, HTTP). While paused, consumers stay attached and get nothing,
    // get() finds the queue empty and lease() takes nothing, long polls wait;
    // publishing, TTL, dead-lettering and acks of what was already delivered
    // go on. Resuming delivers at once. Stored with a durable queue, so it
    // stays paused across a restart. Pausing a paused queue changes nothing.
    Result<QueueInfo> setQueuePaused(const QString &name, bool paused);
    // ---- retry controls (x-retry-delays, by the user: the window, HTTP) ----
    // A message is waiting for a retry when a consumer returned it and the
    // queue's schedule holds it back: delivered before (deliveryCount > 0)
    // and not visible before readyAt. None of these touch a leased message
    // (PreconditionFailed: its consumer settles it). Stored messages keep
    // the change across a restart.
    // The waiting message is ready now, its delivery count kept.
    Result<void> retryNow(const QString &queue, MessageId id);
    // Every message of the queue waiting for a retry is ready now; returns how many.
    Result<quint64> retryAllWaitingNow(const QString &queue);
    // A ready or waiting message is dead-lettered now with reason
    // delivery_limit, as when its schedule runs out (dropped without a
    // dead-letter exchange).
    Result<void> giveUp(const QString &queue, MessageId id);
    // Its delivery count goes back to 0, so the schedule starts again from
    // the first delay; a waiting message is ready now.
    Result<void> resetAttempts(const QString &queue, MessageId id);
    // Replaces the queue's x-retry-delays (an empty list removes it),
    // validated as a declaration's and stored with the queue: its arguments
    // are then those a redeclaration must match. Returns the queue.
    Result<QueueInfo> setRetryDelays(const QString &queue, const QVariantList &delays);

    // Removes the ready (and delayed) messages; with `leasedToo` the leased
    // ones as well (SQS PurgeQueue), whose leases then end: settling or
    // extending them answers NotFound. Returns how many went.
    enum class Purge { Ready, LeasedToo };
    Result<quint64> purgeQueue(const QString &name, ConnectionId connection = 0, Purge what = Purge::Ready);

    // ---- policies (RabbitMQ's; docs/ARCHITECTURE.md, "Policies") ----
    // Creates or replaces a policy (or operator policy) of vhost "/" after
    // checking it as RabbitMQ does (InvalidArgument with RabbitMQ's text,
    // naming a key Depot does not honour; NotFound for another vhost), and
    // applies it at once: every queue and exchange whose policy changes
    // acts on the new effective settings from now on (a lower max-length
    // drops or dead-letters at once under drop-head, a new dead-letter
    // exchange receives the next dead letter, ...). Stored. The value says
    // whether the policy is new.
    Result<bool> setPolicy(PolicyKind kind, const PolicyDef &def);
    // Removes one; the objects it applied to fall back to the next policy
    // that matches them, or to their own arguments. NotFound when absent.
    Result<void> deletePolicy(PolicyKind kind, const QString &vhost, const QString &name);
    // Highest priority first, then by name.
    QList<PolicyDef> policies(PolicyKind kind) const;
    std::optional<PolicyDef> policy(PolicyKind kind, const QString &vhost, const QString &name) const;
    // What applies to an exchange (queues carry theirs in QueueInfo).
    AppliedPolicy exchangePolicy(const QString &exchange) const;

    // ---- publishing ----
    // The address is an exchange ("" = the default exchange, which routes by
    // queue name) and a routing key; the content is the properties and body,
    // kept as given; `options` say what the engine does with it (and the
    // dead-letter history a republished dead letter brings along).
    PublishResult publish(const QString &exchange, const QString &routingKey, MessageProperties properties,
                          QByteArray body, const PublishOptions &options = {});
    // Puts a message into one queue without an exchange, its content kept as
    // given (exchange and routing key included, so it reads as first
    // published): an import. `options` as for publish() (TTL, priority,
    // delay, the dead-letter history it brings). The queue's limits apply as
    // on publish (a full queue refuses it or drops its head); `routed` says
    // it went in. NotFound for no such queue.
    PublishResult publishToQueue(const QString &queue, MessageContent content, const PublishOptions &options = {});
    // Why publish() would refuse this exchange (NotFound, AccessRefused for
    // an internal one), or no error. Adapters that refuse a message for their
    // own reasons check this first, so the errors come in the same order.
    Error publishAddressError(const QString &exchange) const;
    // The type of an exchange, if it exists (adapters whose fields mean
    // something only on some exchange types).
    std::optional<ExchangeType> exchangeType(const QString &exchange) const;

    // ---- consuming ----
    Result<QString> consume(SessionId session, const ConsumeSpec &spec);   // returns the consumer tag
    Result<void> cancel(SessionId session, const QString &consumerTag);
    // std::nullopt value: queue empty (get-empty).
    Result<std::optional<Delivery>> get(SessionId session, const QString &queue, bool noAck);
    Result<void> ack(SessionId session, quint64 deliveryTag, bool multiple);
    Result<void> nack(SessionId session, quint64 deliveryTag, bool multiple, bool requeue);
    Result<void> reject(SessionId session, quint64 deliveryTag, bool requeue);
    // Redeliver (requeue=true) or resend to the same session (false) every
    // unacked message (leases without a deadline the session owns).
    Result<void> recoverSession(SessionId session, bool requeue);

    // ---- leases (settlement by handle, for any protocol) ----
    // Every delivery awaiting settlement is a lease. AMQP's are owned by the
    // channel's session, have no deadline, and are settled by delivery tag;
    // closing the session releases them. These calls take leases with a
    // deadline (SQS's visibility timeout): up to `maxCount` ready messages of
    // `queue`, each leased for `timeoutMs` from now, owned by `owner` (0:
    // nobody). A lease with a deadline outlives its owning session. When the
    // deadline passes unsettled, the message is ready again exactly as after
    // a requeue: at its place in the queue, redelivered, its delivery count
    // raised by the delivery (x-delivery-limit applies). For persistent
    // messages on durable queues the deadline is stored: after a restart the
    // message stays leased (owned by nobody) until it.
    Result<QList<Delivery>> lease(const QString &queue, quint32 maxCount, qint64 timeoutMs, SessionId owner = 0);
    // A new deadline `timeoutMs` from now (SQS ChangeMessageVisibility);
    // 0 releases the message at once. NotFound when the lease has ended.
    Result<void> extendLease(LeaseHandle lease, qint64 timeoutMs);
    // The message was handled: it is gone (SQS DeleteMessage, AMQP ack).
    Result<void> settle(LeaseHandle lease);
    // Back to ready now, as a requeue (AMQP nack with requeue).
    Result<void> release(LeaseHandle lease);
    // ---- long polling ----
    // Calls `wake` once, on the broker thread but never from inside the
    // engine call that caused it (it is queued on the event loop), when
    // `queue` may have a message to lease that it did not have: a publish,
    // a delay that passed, a lease that ran out or was released, a message
    // group that was unblocked, or the queue was deleted. When the queue has
    // one already, soon after the call. The watch ends when `wake` is called.
    // Returns 0 (and never calls `wake`) when there is no such queue. Nothing
    // is done for queues nobody watches.
    quint64 watchReady(const QString &queue, std::function<void()> wake);
    // Ends a watch that has not woken yet (the poll's wait ran out): its
    // `wake` is not called, even when it was already queued.
    void unwatchReady(quint64 watch);
    quint64 watchCount() const;

    // Leases held, and how many of them have a deadline (tests, metrics).
    quint64 leaseCount() const;
    quint64 leasesWithDeadline() const;

    // ---- inspection (peeks; changes nothing) ----
    QList<QueueInfo> queues() const;
    std::optional<QueueInfo> queue(const QString &name) const;
    QList<ExchangeDef> exchanges() const;
    QList<BindingDef> bindings() const;
    QList<ConsumerInfo> consumers() const;
    QList<ConnectionSummary> connections() const;
    // Messages of a queue in delivery order, ready ones first then unacked,
    // from `offset`, at most `limit`, optionally filtered (then offset/limit
    // count matching messages).
    QList<MessageView> browse(const QString &queue, quint64 offset, quint64 limit,
                              const MessageFilter &filter = {}) const;
    // The next messages of a walk over a whole queue (export) from `cursor`:
    // it looks at no more than `budget` messages in one call, so the broker
    // thread is held briefly, and returns those that match (so possibly
    // none while the walk goes on). It resumes by id, not
    // by position: a message that stays in the queue for the whole walk is
    // visited exactly once, whatever consumers and publishers do meanwhile;
    // one published after the walk began is not visited; one a consumer
    // takes meanwhile may or may not be. Ready messages come first (by
    // priority, then id), then those that were delayed or unacked when the
    // walk began (by id, wherever they are by then). cursor->done ends it.
    // A first call with a budget of 0 starts the walk and looks at nothing:
    // a walk over several queues starts them all at the same moment.
    QList<MessageView> browseNext(
        const QString &queue, BrowseCursor *cursor, quint64 budget, const MessageFilter &filter = {}) const;
    // The ids alone of the messages browse() would list from `offset` (no
    // bodies are read): for acting on a range of rows nobody has looked at.
    QList<MessageId> browseIds(const QString &queue, quint64 offset, quint64 limit) const;
    std::optional<MessageView> message(const QString &queue, MessageId id) const;
    // How many messages of a queue have their body in memory (the rest are
    // paged out to the store). For the status bar and tests of paging.
    quint64 contentsInMemory(const QString &queue) const;
    // Message bodies held in memory, each counted once however many queues
    // hold it: transient messages, persistent ones not paged out (yet), bodies
    // read back from the store ahead of delivery, unacked ones, dead letters.
    // Paged-out bodies are not counted. O(1); what the memory high-watermark
    // watches. Bodies a client still holds a Delivery of count until released.
    quint64 bodyBytesInMemory() const;
    quint64 bodiesInMemory() const;
    // Removes ready messages by id (the UI's Delete). Returns how many.
    Result<quint64> deleteMessages(const QString &queue, const QList<MessageId> &ids);

    // ---- undo for the window's Delete and Purge (EngineAside.cpp) ----
    // They set messages aside instead of removing them: out of their queue
    // (not delivered, not counted in its depth, no TTL running) for
    // AsideHoldMs, then removed for good. restoreAside() puts them back
    // within that time, at their places in the queue (they keep their ids,
    // and the queue is in id order), with everything they had. Their store
    // rows stay as they were until the removal: after a crash they are back
    // in their queue (docs/ARCHITECTURE.md, "Undo"). Only the window uses
    // these; AMQP's queue.purge and the HTTP API remove at once.
    static constexpr qint64 AsideHoldMs = 30'000;
    // The ready (and delayed) messages among `ids`; unacked ones stay.
    Result<AsideReport> setAside(const QString &queue, const QList<MessageId> &ids);
    // Every ready and delayed message of the queue (the window's Purge).
    Result<AsideReport> setAsideAll(const QString &queue);
    // Returns how many went back. NotFound when the token is unknown (its
    // time ran out, or it was restored already) or its queue was deleted
    // meanwhile (its messages then went with it).
    Result<quint64> restoreAside(quint64 token);
    // Removes everything set aside for good now (a clean quit).
    void discardAllAside();
    // Messages set aside now, in all queues.
    quint64 asideCount() const;

    // ---- transfers (replay, move, copy) ----
    // Runs in slices on the broker thread's event loop so it stays responsive;
    // each message moves atomically (memory and store). Returns the transfer id.
    Result<quint64> startTransfer(const TransferSpec &spec);
    void cancelTransfer(quint64 transferId);
    // Runs a whole transfer synchronously (tests, HTTP API with small sets).
    Result<TransferReport> transfer(const TransferSpec &spec);

    // ---- queries over queues (EngineQuery.cpp, QueryScan.h) ----
    // Runs a query in slices on the broker thread's event loop, each looking
    // at no more than QuerySlice messages: matches come as found
    // (queryMatched), progress after every slice (queryProgress), and
    // queryFinished once, when it is done or cancelled. Each queue is walked
    // with a BrowseCursor: a message that stays in its queue throughout is
    // looked at exactly once. InvalidArgument for an invalid query, NotFound
    // for a queue named without a wildcard that does not exist.
    static constexpr quint64 QuerySlice = 2000;
    Result<quint64> startQuery(const QuerySpec &spec);
    // Stops it at once: queryFinished (cancelled) is emitted from this call;
    // nothing more comes for it. Unknown or finished ids are ignored.
    void cancelQuery(quint64 queryId);
    quint64 runningQueries() const;

    // ---- message history (History.h, HistoryBook.h, EngineHistory.cpp) ----
    // The settings apply from now on; set them before recover() (--history
    // off records nothing, and reads no journal back).
    void setHistorySettings(const HistorySettings &settings);
    HistorySettings historySettings() const;
    // Who the engine calls made while one lives act as: the events they
    // cause name this actor. Without one the actor is the broker itself
    // (TTL, limits); calls on a session (consume, ack, reject ...) name
    // that session's connection on their own. Scopes nest.
    class ActingAs final
    {
    public:
        ActingAs(ActingAs &&other) noexcept;
        ~ActingAs();
        ActingAs(const ActingAs &) = delete;
        ActingAs &operator=(const ActingAs &) = delete;
        ActingAs &operator=(ActingAs &&) = delete;

    private:
        friend class Engine;
        // Holds `actor` in `book` (released when the scope ends).
        ActingAs(quint32 *slot, quint32 actor, engine_detail::HistoryBook *book);
        quint32 *m_slot = nullptr;
        quint32 m_previous = 0;
        engine_detail::HistoryBook *m_book = nullptr;
    };
    [[nodiscard]] ActingAs actingAs(const HistoryActor &actor);
    [[nodiscard]] ActingAs actingAsConnection(ConnectionId connection);
    // The story of a message by any id it had, in a queue or gone (within
    // the retention and the cap); none when no story is kept.
    std::optional<MessageStory> messageHistory(MessageId id) const;
    // Actors the history keeps: open connections, and those a kept story names.
    qsizetype historyActorCount() const;
    // Records the history journal was given since the start (its cost per
    // message: tests).
    quint64 historyJournalRecords() const;
    // Stories by id, message-id or correlation-id, newest gone first.
    // Queued messages whose content is paged out (or read back after a
    // restart) are found by a search of the store's rows: this one runs it
    // on this thread (tests); the other on a pool thread, never holding the
    // broker thread on the disk, and answers `done` here when it is over
    // (at once when no search is needed). Everything the window and the
    // HTTP API ask goes through the second.
    QList<MessageStory> findHistory(const HistoryQuery &query) const;
    void findHistory(const HistoryQuery &query, std::function<void(QList<MessageStory>)> done);
    // Gone stories past the retention time or over the cap are forgotten
    // (also on a timer, every minute); tests call it directly.
    void pruneHistory();

    Stats &stats();
    const Stats &stats() const;
    store::Store *store() const;

    // ---- alarms ----
    // A condition the user must see and publishers must feel: the store
    // cannot write, memory is above its high-watermark. `source` names the
    // condition ("disk", "memory"); raising it again replaces its text. While
    // any alarm is raised the AMQP server blocks publishers (connection.blocked
    // with the alarm's text); the window and the HTTP API show the texts.
    void raiseAlarm(const QString &source, const QString &text);
    void clearAlarm(const QString &source);
    QMap<QString, QString> alarms() const;   // source -> text

    // Hands everything buffered to the store now; the returned sequence covers
    // all publishes so far.
    quint64 flushStore();

Q_SIGNALS:
    // requestConnectionClose() was called for an open connection.
    void connectionCloseRequested(depot::ConnectionId connection, const QString &reason);
    // The store committed everything up to `sequence` (confirm publishers).
    void committed(quint64 sequence);
    void transferProgress(quint64 transferId, quint64 done, quint64 total);
    void transferFinished(const depot::TransferReport &report);
    void queryMatched(quint64 queryId, const QList<depot::QueryMatch> &matches);
    void queryProgress(const depot::QueryProgress &progress);
    void queryFinished(const depot::QueryProgress &progress);
    // Queues/exchanges/bindings/consumers/connections changed (coalesced by listeners).
    void topologyChanged();
    // A queue was deleted (consumers on it have been told via consumerCancelled).
    void queueDeleted(const QString &name);
    // An alarm was raised, changed its text, or was cleared.
    void alarmsChanged();

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace depot

Q_DECLARE_METATYPE(depot::TransferReport)
Q_DECLARE_METATYPE(depot::QueryProgress)
