#pragma once

// Store: Depot's persistence in one SQLite file (WAL mode).
//
// The Store object lives on the broker thread. Mutations (put/remove ...) are
// buffered there and handed to a writer thread, which owns the only write
// connection and commits whatever has accumulated in one transaction (group
// commit: many messages per transaction and per fsync). Every hand-over gets a
// sequence number; committed(seq) reports, on the broker thread, that
// everything handed over up to seq is durable. Mutations made during one
// event-loop turn (or between two submit() calls) are handed over together
// and therefore commit atomically.
//
// Reads (recovery, loading bodies that were paged out, browsing) use separate
// read-only connections and never wait for the writer.

#include "broker/engine/Message.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace depot::store {

enum class Durability { Normal, Fsync };   // synchronous=NORMAL / FULL

// One durable message as recovered, without its body (the compact index).
struct RecoveredMessage
{
    MessageId id = 0;
    qint64 enqueuedAt = 0;
    qint64 expiresAt = 0;
    qint64 readyAt = 0;
    quint32 bodySize = 0;
    quint32 deliveryCount = 0;
    quint8 priority = 0;
    bool redelivered = false;
    qint64 leaseDeadline = 0;   // leased with a deadline when stopped (ms since the epoch), 0 = not
    qint64 firstDeliveredAt = 0; // its first delivery on an SQS kind of queue (ms since the epoch), 0 = none
};

// A deduplication id an sqs-fifo queue saw (Store::putDeduplication).
struct RecoveredDeduplication
{
    QString key;
    MessageId id = 0;
    QString publisherMessageId;
    qint64 expiresAt = 0;
};

struct RecoveredQueue
{
    qint64 storeId = 0;
    QueueDef def;
    QList<RecoveredMessage> messages;   // in id order (= enqueue order)
    QList<RecoveredDeduplication> deduplication; // by expiry, oldest first (expired ones included)
    bool paused = false; // delivery stopped by the user (setQueuePaused)
};

// A policy or operator policy as the store keeps it: the engine's own JSON
// of it (pattern, apply-to, priority, definition), which the store does not
// read.
struct StoredPolicy
{
    bool operatorPolicy = false;
    QString vhost;
    QString name;
    QByteArray definition;
};

struct RecoveredState
{
    QList<StoredPolicy> policies;        // by kind, vhost and name
    QList<ExchangeDef> exchanges;
    QList<RecoveredQueue> queues;
    QList<BindingDef> bindings;
    MessageId maxMessageId = 0;          // the engine continues above this
    // The message history journal (schema version 10), oldest row first:
    // the engine's HistoryBook records, which the store does not read.
    QList<QByteArray> historyJournal;
};

// The log engine's durable state (schema version 8): topics with their
// partitions, the index of every stored batch (never its bytes), and the
// committed offsets of consumer groups; from version 12 also who appended
// each batch and committed each offset, and the partitions' last removals
// (a record's story).
// A batch's index entry: where it is in the log, and the idempotent
// producer that wrote it (-1: none), whose sequence numbers a restart must
// know to tell a retry from a new batch.
struct StoredBatch
{
    qint64 baseOffset = 0;
    qint64 lastOffset = 0;
    qint64 maxTimestamp = 0;
    qint32 size = 0;   // filled in by the store when loading
    qint64 producerId = -1;
    qint16 producerEpoch = -1;
    qint32 baseSequence = -1;
    qint64 appendedAt = 0;   // ms since the epoch; 0: not known (stored before version 12)
    QString producer;        // who appended it ("client-id at host", Depot's own); "": not known
};

// Records that left a partition (retention or compaction): offsets [from, to).
struct StoredRemoval
{
    qint64 from = 0;
    qint64 to = 0;
    qint64 at = 0;
    QString why;
};

struct RecoveredPartition
{
    qint64 logStartOffset = 0;
    QList<StoredBatch> batches;     // in offset order
    QList<StoredRemoval> removals;  // the oldest first
};

struct RecoveredTopic
{
    qint64 storeId = 0;
    QString name;
    QByteArray settings;   // the log engine's own encoding, not read by the store
    QList<RecoveredPartition> partitions;
};

struct StoredGroupOffset
{
    QString group;
    QString topic;
    qint32 partition = 0;
    qint64 offset = -1;
    QString metadata;   // null when the commit carried none
    qint64 committedAt = -1;   // ms since the epoch; -1: not known (stored before version 12)
    QString committer;         // the committing client, or Depot's own; "": not known
};

struct RecoveredLogs
{
    QList<RecoveredTopic> topics;        // by name
    QList<StoredGroupOffset> offsets;    // by group, topic and partition
};

class StoreWriter;
struct StoreOp;

class Store final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Store)

public:
    ~Store() override;

    // Opens (creating if absent) <dataDir>/depot.db on the calling thread,
    // which becomes the Store's thread (the broker thread). It validates the
    // file and reads the durable state for recover() before returning, so a
    // damaged file is refused here. Refuses a file that is not
    // an SQLite database or is not Depot's (foreign schema), or that is damaged:
    // returns null and sets *error to one line naming the file. Never
    // overwrites an existing file it does not recognise. Migrates older schema
    // versions forward.
    static std::unique_ptr<Store> open(const QString &dataDir, Durability durability, QString *error,
                                       QObject *parent = nullptr);

    QString filePath() const;

    // Reads everything durable (definitions and the message index, no bodies).
    // Call once, before any mutation. Logs counts per queue.
    RecoveredState recover();

    // ---- mutations (buffered; see submit) ----
    // Queues get a store id, allocated here synchronously. Putting a queue
    // whose name the store already holds keeps its id and replaces its
    // definition.
    qint64 putQueue(const QueueDef &def);
    void removeQueue(qint64 queueId);            // and all its messages
    // Whether delivery from the queue is paused (kept across putQueue).
    void setQueuePaused(qint64 queueId, bool paused);
    void putExchange(const ExchangeDef &def);    // insert or replace by name
    void removeExchange(const QString &name);
    void putBinding(const BindingDef &def);
    void removeBinding(const BindingDef &def);
    // Policies (schema version 7): insert or replace by kind, vhost and name.
    void putPolicy(const StoredPolicy &policy);
    void removePolicy(bool operatorPolicy, const QString &vhost, const QString &name);

    void insertMessage(qint64 queueId, const QueuedMessage &message);   // content required
    void removeMessage(MessageId id);
    // Many at once, as removeMessage each (a set-aside purge ending).
    void removeMessages(const std::vector<MessageId> &ids);
    // Rewrites a stored message's state record from `message` (its due time
    // when a retry delay holds it back). The record keeps its size, so SQLite
    // changes the row in place; the delivery column still overrides the
    // counts in it.
    void updateMessageState(const QueuedMessage &message);
    // Moves a stored message to another queue in one statement (replay, move).
    // `message` carries the new per-queue state, including its NEW id
    // (message.id > every id so far, so it sorts at the target's tail:
    // recovery orders each queue by id); its content, when set, replaces the
    // stored content (e.g. headers changed), otherwise the stored one is kept.
    void moveMessage(MessageId id, qint64 toQueueId, const QueuedMessage &message);
    // Records a message's delivery state: the engine calls it for every
    // delivery of a stored message that awaits an ack (redelivered=true and
    // the count including that delivery, what a crash must bring back) and
    // on a requeue. Cheap: 16 bytes in the hand-over; the writer keeps only
    // the last state per message in a commit, folds it into an insert of the
    // same commit and drops it when the same commit removes the message, so
    // publish -> deliver -> ack within one commit writes no extra row.
    void updateDeliveryState(MessageId id, quint32 deliveryCount, bool redelivered);
    // Records (deadline > 0) or forgets (0) the deadline of a lease on a
    // stored message, so a restart keeps it leased until then, and the time
    // of its first delivery (SQS's ApproximateFirstReceiveTimestamp), which
    // stays when the deadline goes; both 0 forget the message's row. Only
    // leases with a deadline and queues of the SQS kinds write this (AMQP's
    // never do); the engine forgets the row before it removes the message.
    // Rows of messages removed with their queue are dropped at the next start.
    void setLeaseDeadline(MessageId id, qint64 deadline, qint64 firstDeliveredAt = 0);
    void purgeQueue(qint64 queueId);
    // The deduplication window of sqs-fifo queues: an id seen (key in its
    // scope), the message it named, until when; and forgetting those that
    // expired by `upTo`. Removing the queue removes its rows.
    void putDeduplication(
        qint64 queueId, const QString &key, MessageId id, const QString &publisherMessageId, qint64 expiresAt);
    void expireDeduplication(qint64 queueId, qint64 upTo);

    // ---- the log engine's (schema version 8; StoreLog.cpp) ----
    // The durable logs, once, like recover().
    RecoveredLogs recoverLogs();
    // A topic gets a store id, allocated here; its partitions start empty.
    qint64 putTopic(const QString &name, qint32 partitions, const QByteArray &settings);
    // New settings for a topic (its partitions and batches stay).
    void updateTopic(qint64 topicId, const QString &name, qint32 partitions, const QByteArray &settings);
    void removeTopic(qint64 topicId);   // with its partitions and batches
    // One batch as it will be served (its base offset already rewritten).
    void appendBatch(qint64 topicId, qint32 partition, const StoredBatch &batch, const QByteArray &bytes);
    // Retention: the batches before `logStartOffset` go, and the partition
    // keeps the new log start offset.
    void truncateLog(qint64 topicId, qint32 partition, qint64 logStartOffset);
    // Compaction: one batch goes (one it rewrites is appended again at the
    // same base offset, replacing it).
    void removeBatch(qint64 topicId, qint32 partition, qint64 baseOffset);
    // A removal for the partition's records' stories (schema version 12):
    // one with the same start and time is replaced (a retention pass that
    // grew), and only the partition's newest `keep` stay.
    void putRemoval(qint64 topicId, qint32 partition, const StoredRemoval &removal, int keep);
    void putGroupOffset(const StoredGroupOffset &offset);
    // A deleted consumer group: every offset it committed goes.
    void removeGroupOffsets(const QString &group);
    // Committed batches of one partition from `fromBaseOffset` to
    // `toBaseOffset` (both inclusive), in offset order, read on the calling
    // (broker) thread through the read-only connection. When the file cannot
    // be read the result is empty and *ok false.
    QList<QByteArray> loadBatches(qint64 topicId, qint32 partition, qint64 fromBaseOffset, qint64 toBaseOffset,
                                  bool *ok = nullptr);

    // ---- the message history journal (schema version 10) ----
    // One row of the engine's history records (HistoryBook); with `compact`
    // the row holds everything kept and every row before it goes, in the
    // same transaction.
    void appendHistory(const QByteArray &records, bool compact);
    // Called at the start of every hand-over (submit), on the broker thread:
    // the history book adds its row for the hand-over there, so its records
    // commit with the mutations that caused them.
    void setSubmitHook(std::function<void()> hook);
    // A hand-over at the end of this event-loop turn even when nothing else
    // is buffered (the hook has something to add).
    void requestSubmit();

    // Hands the buffered mutations to the writer now. Returns the sequence
    // number of that hand-over (or of the last one when nothing was buffered).
    // The Store also submits on its own at the end of the current event-loop
    // turn, so callers only need this to force an early hand-over.
    quint64 submit();
    // The sequence number the currently buffered mutations will get.
    quint64 pendingSequence() const;
    quint64 committedSequence() const;
    // Commit attempts that failed in a row (0 while writing works): the
    // writer retries on its own with a growing delay, and reports a failure
    // once, not per attempt. Any thread.
    int failedAttemptsInARow() const;
    // Blocks until everything submitted so far is committed (shutdown, tests).
    // Returns false on timeout, and early when the writer has failed a few
    // times in a row (it keeps retrying on its own).
    bool flush(int timeoutMs = 30000);

    // ---- reads (read-only connection, broker thread) ----
    // Contents of stored messages by id. Missing ids are absent from the
    // result. When the file cannot be read (an I/O error ...) the result is
    // empty and *ok false: the messages are not known to be missing, the
    // caller keeps them and asks again later. The first failure and the
    // first success after it are logged, one line each.
    QHash<MessageId, ContentPtr> loadContents(const QList<MessageId> &ids, bool *ok = nullptr);
    // The ids of committed messages whose content record holds `bytes`
    // anywhere (a prefilter: the caller decodes and checks them), at most
    // `limit`. Message history finds queued messages by message-id this way
    // (their properties are not in memory once paged out or after a restart).
    QList<MessageId> messagesContaining(const QByteArray &bytes, int limit);
    // The same search for each of `values`, run on a pool thread over a
    // read connection of its own so the caller's thread never waits on the
    // disk (a scan of every row); `done` gets the ids found (each value's
    // up to `limit`, in id order, without repeats) on `context`'s thread,
    // and is dropped when `context` goes first. A failure is logged and
    // answers with the ids found so far.
    void findContaining(QObject *context, const QList<QByteArray> &values, int limit,
                        std::function<void(QList<MessageId>)> done);

    // Stops the writer after committing everything submitted. Idempotent.
    void close();

    // Statistics for /metrics and the status bar.
    struct Stats
    {
        quint64 transactions = 0;   // commits
        quint64 submissions = 0;    // hand-overs committed (>= transactions: group commit)
        quint64 operations = 0;
        quint64 deliveryRecords = 0;   // delivery states handed over (updateDeliveryState)
        quint64 deliveryUpdates = 0;   // of those, written as an UPDATE; the rest were merged
        double lastCommitMs = 0;
        double maxCommitMs = 0;
    };
    Stats stats() const;

Q_SIGNALS:
    // Everything handed over up to `sequence` is committed (broker thread).
    void committed(quint64 sequence);
    // The writer could not commit (disk full, read-only ...). The mutations stay
    // queued and are retried with a growing delay; `error` is one readable
    // line naming the file and the reason. Emitted once per episode (again
    // only when the reason changes); writeRecovered() after the first commit
    // that succeeds again. Nothing is reported committed in between.
    void writeFailed(const QString &error);
    void writeRecovered();

private:
    Store(QObject *parent);
    bool loadDurableState(QSqlDatabase &db, QString *error);
    bool loadLogState(QSqlDatabase &db, QString *error);
    // The read-only connection, opened on first use; null with *failure set
    // when it cannot be opened.
    QSqlDatabase readDatabase(QString *failure);
    void noteReadResult(const QString &failure, const QString &what);
    void enqueue(StoreOp &&op);
    void scheduleSubmit();
    void noteCommitted(quint64 sequence);
    void closeReader();
    struct Private;
    std::unique_ptr<Private> d;
};

// Writes and removes a small file in `dir`: the operating system's own words
// when that fails ("Read-only file system", "No space left on device"), empty
// when the directory takes the write. Permission bits say nothing to root, and
// SQLite says "disk I/O error" for a read-only and a failing file system alike.
QString probeWritable(const QString &dir);

} // namespace depot::store
