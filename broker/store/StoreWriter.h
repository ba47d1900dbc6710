#pragma once

// StoreWriter: the "depot-store" thread's side of the Store. It owns the only
// write connection to depot.db. The Store (broker thread) appends batches to
// StoreShared::inbox and posts drain(); drain() commits everything that has
// accumulated, possibly many batches, in ONE transaction (group commit), then
// publishes the highest committed sequence. A batch is never split across
// transactions, so the mutations of one hand-over are atomic.
//
// With --durability fsync a COMMIT counts only once a check after it has
// seen the file system's journal still working (journalStillWorks(): ext4
// can report a sync that its aborting journal dropped as successful).
//
// On a failed commit (disk full, read-only or failing file system) the
// transaction is rolled back, the connection is closed (SQLite may leave a
// connection that saw an I/O error in a state a retry cannot fix), the
// batches are kept and the commit is retried with a growing delay, on a fresh
// connection. failed() is emitted once per episode (again only when the reason
// changes), recovered() after the first success. While the disk is full a
// retry waits until the file system reports more free space (or half a minute
// passed), so a stuck writer does not rewrite its whole backlog every second.

#include "broker/engine/Message.h"
#include "broker/store/Store.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTimer>
#include <QWaitCondition>

#include <memory>
#include <vector>

namespace depot::store {

struct StoreOp;

// The log engine's part of the writer: its prepared statements and how its
// operations are applied (StoreWriterLog.cpp). Owned by the StoreWriter, on
// the writer thread, prepared on each fresh connection.
class LogStoreWriter final
{
public:
    bool prepare(QSqlDatabase &db, QSqlError *error);
    void reset();
    // False with *error set when a statement failed.
    bool apply(const StoreOp &op, QSqlError *error);

private:
    std::unique_ptr<QSqlQuery> m_putTopic;
    std::unique_ptr<QSqlQuery> m_putPartition;
    std::unique_ptr<QSqlQuery> m_removeTopic;
    std::unique_ptr<QSqlQuery> m_removePartitions;
    std::unique_ptr<QSqlQuery> m_removeBatches;
    std::unique_ptr<QSqlQuery> m_appendBatch;
    std::unique_ptr<QSqlQuery> m_truncateBatches;
    std::unique_ptr<QSqlQuery> m_truncatePartition;
    std::unique_ptr<QSqlQuery> m_putGroupOffset;
    std::unique_ptr<QSqlQuery> m_removeGroupOffsets;
    std::unique_ptr<QSqlQuery> m_removeBatch;
    std::unique_ptr<QSqlQuery> m_putRemoval;
    std::unique_ptr<QSqlQuery> m_trimRemovals;
    std::unique_ptr<QSqlQuery> m_removeRemovals;
};

// One buffered mutation. Message operations are the hot path and use only
// the scalar fields and `message`; definitions use `strings`/`blob`.
struct StoreOp
{
    enum class Kind : quint8 {
        PutQueue, // queueId, strings[0] = name, blob = definition
        RemoveQueue, // queueId
        PutExchange, // strings[0] = name, blob = definition
        RemoveExchange, // strings[0] = name
        PutBinding, // strings = source, destination, routing key; number = kind; blob = arguments
        RemoveBinding, // as PutBinding
        InsertMessage, // queueId, message (id, state, content)
        RemoveMessage, // id
        RemoveMessages, // blob = the ids, MessageId each, in host order
        MoveMessage, // id (old), queueId (target), message (new id, state, optional content)
        PurgeQueue, // queueId
        LeaseDeadline, // id, number = deadline (0: none), number2 = first delivery (0: none; both 0: no row)
        PutDeduplication, // queueId, strings = key, publisher message id; id; number = expires at
        ExpireDeduplication, // queueId, number = up to
        QueuePaused, // queueId, number = 1 paused / 0 not
        MessageState, // id, message (its state record)
        PutPolicy, // number = 1 operator policy / 0 policy, strings = vhost, name; blob = definition
        RemovePolicy, // number, strings as PutPolicy
        // The log engine's (schema version 8; applied by LogStoreWriter):
        PutTopic, // queueId = topic id, strings[0] = name, number = partitions, blob = settings
        RemoveTopic, // queueId = topic id (its partitions and batches go with it)
        AppendBatch, // queueId = topic id, number = partition, number2 = base offset, id = last offset,
                     // number3 = max timestamp, number4 = producer id, number5 = producer epoch << 32
                     // | base sequence (32 bits), blob = the batch; strings[0] = who appended it,
                     // message.enqueuedAt = when (schema version 12)
        TruncateLog, // queueId = topic id, number = partition, number2 = the new log start offset
        PutGroupOffset, // strings = group, topic, metadata (null: none), committer; number = partition,
                        // number2 = offset, number3 = committed at
        PutRemoval, // queueId = topic id, number = partition, number2 = from, number3 = to, number4 = at,
                    // number5 = removals kept, strings[0] = why (schema version 12)
        RemoveGroupOffsets, // strings[0] = group (every committed offset of it)
        RemoveBatch, // queueId = topic id, number = partition, number2 = base offset (compaction)
        // Schema version 10: one row of the message history journal; number = 1: it
        // holds everything kept, the rows before it go.
        AppendHistory, // blob = the records, number = compact
    };
    Kind kind = Kind::InsertMessage;
    qint64 queueId = 0;
    MessageId id = 0;
    qint64 number = 0;
    qint64 number2 = 0;
    qint64 number3 = 0;
    qint64 number4 = 0;
    qint64 number5 = 0;
    QueuedMessage message;
    QStringList strings;
    QByteArray blob;
};

// A message's delivery state (codec::packDelivery) as of the end of a batch.
// Kept apart from the ops, 16 bytes each, because the engine records one per
// delivery of a stored message: the writer coalesces them per commit (see
// StoreWriter::commitPending) and most never reach SQLite.
struct DeliveryRecord
{
    MessageId id = 0;
    qint64 packed = 0;
};

struct StoreBatch
{
    quint64 sequence = 0;
    std::vector<StoreOp> ops;
    std::vector<DeliveryRecord> deliveries;   // applied after `ops` (see commitPending)
};

// State shared by the Store and its writer, guarded by `mutex`.
struct StoreShared
{
    QMutex mutex;
    QWaitCondition committedChanged;
    std::vector<StoreBatch> inbox;
    bool drainPosted = false;        // a drain() is queued and has not taken the inbox yet
    quint64 committedSequence = 0;
    // Commit attempts that failed in a row (0 while writing works); flush()
    // stops waiting once a few have failed.
    int failedAttempts = 0;
    Store::Stats stats;
};

class StoreWriter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWriter)

public:
    StoreWriter(std::shared_ptr<StoreShared> shared, QString path, Durability durability);
    ~StoreWriter() override;

    // Opens the write connection and prepares statements (writer thread).
    // A failure here is a start-up failure.
    bool init(QString *error);
    // Commits whatever has accumulated (writer thread).
    void drain();
    // Last commit attempt, then closes the connection (writer thread).
    void shutdown();

Q_SIGNALS:
    void committed(quint64 sequence);
    void failed(const QString &error);
    void recovered();

private:
    bool openConnection(QString *error);
    void closeConnection();
    bool openCommitCheck();
    void closeCommitCheck();
    bool journalStillWorks(bool afterCommit);
    bool commitPending();
    bool apply(const StoreOp &op);
    quint64 collectDeliveries();   // returns how many records the pending batches hold
    qint64 takeDelivery(MessageId id);
    bool applyDeliveries();
    bool exec(QSqlQuery &query);
    bool fail(const QSqlError &error);
    void noteFailure();
    QString describeFailure() const;
    void retry();
    void scheduleRetry();

    std::shared_ptr<StoreShared> m_shared;
    QString m_path;
    Durability m_durability;
    QString m_connectionName;
    bool m_connectionOpen = false;
    bool m_shutDown = false;
    std::vector<StoreBatch> m_pending;   // taken from the inbox, not yet committed
    QSqlError m_error;                   // why the last attempt failed
    bool m_failing = false;
    int m_failureCode = 0;               // SQLite's code failed() last reported in this episode
    qint64 m_freeAtFailure = -1;         // bytes free when the disk was found full
    QElapsedTimer m_sinceAttempt;        // since the last real commit attempt
    int m_retryDelayMs = 0;
    QTimer *m_retryTimer = nullptr;   // a child, so it moves to the writer thread with us
    MessageId m_maxMessageId = 0;
    int m_commitCheckFd = -1;               // the "-check" file beside the database, with --durability fsync
    bool m_commitCheckUnsupported = false;  // the file system has no fallocate(); said once
    bool m_reapplyingCommitted = false;     // m_pending was committed once, then failed its check

    // The delivery records of the commit being applied, the last per message,
    // sorted by id; packed = -1 once an insert absorbed one or a removal or
    // move made it moot (collectDeliveries).
    std::vector<DeliveryRecord> m_deliveries;
    size_t m_liveDeliveries = 0;

    // Reused per row so the hot path does not allocate.
    std::vector<char> m_contentBuffer;
    char m_stateBuffer[34];

    std::unique_ptr<QSqlQuery> m_insertMessage;               // never delivered
    std::unique_ptr<QSqlQuery> m_insertMessageDelivered;      // delivered once before its commit
    std::unique_ptr<QSqlQuery> m_insertMessageWithDelivery;   // any other delivery state, bound
    std::unique_ptr<QSqlQuery> m_removeMessage;
    std::unique_ptr<QSqlQuery> m_moveMessage;
    std::unique_ptr<QSqlQuery> m_moveMessageKeepContent;
    std::unique_ptr<QSqlQuery> m_updateDelivery;
    std::unique_ptr<QSqlQuery> m_putLease;
    std::unique_ptr<QSqlQuery> m_removeLease;
    std::unique_ptr<QSqlQuery> m_putDeduplication;
    std::unique_ptr<QSqlQuery> m_expireDeduplication;
    std::unique_ptr<QSqlQuery> m_removeQueueDeduplication;
    std::unique_ptr<QSqlQuery> m_purgeQueue;
    std::unique_ptr<QSqlQuery> m_putQueue;
    std::unique_ptr<QSqlQuery> m_pauseQueue;
    std::unique_ptr<QSqlQuery> m_updateState;
    std::unique_ptr<QSqlQuery> m_removeQueue;
    std::unique_ptr<QSqlQuery> m_putExchange;
    std::unique_ptr<QSqlQuery> m_removeExchange;
    std::unique_ptr<QSqlQuery> m_putBinding;
    std::unique_ptr<QSqlQuery> m_removeBinding;
    std::unique_ptr<QSqlQuery> m_updateMaxId;
    std::unique_ptr<QSqlQuery> m_putPolicy;
    std::unique_ptr<QSqlQuery> m_removePolicy;
    std::unique_ptr<QSqlQuery> m_appendHistory;
    std::unique_ptr<QSqlQuery> m_trimHistory;
    LogStoreWriter m_log;
};

} // namespace depot::store
