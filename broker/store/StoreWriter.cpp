#include "broker/store/StoreWriter.h"

#include "broker/store/SqliteCodes.h"
#include "broker/store/StoreCodec.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QStorageInfo>

#include <algorithm>
#include <cstring>

Q_DECLARE_LOGGING_CATEGORY(lcDepotStore)

namespace depot::store {

namespace {

constexpr int FirstRetryDelayMs = 50;
constexpr int MaxRetryDelayMs = 2000;
// While the disk is full, a retry is only worth its cost once space has
// appeared; this long without more free space it is tried anyway (the free
// space figure may not tell, e.g. on a quota).
constexpr int FullDiskRetryMs = 30000;


int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    if (ok)
        return code & 0xff;
    // Qt reports a failed COMMIT without SQLite's code, but with its
    // message, whose wording SQLite keeps stable (sqlite3ErrStr).
    const QString text = error.databaseText();
    if (text.contains(QLatin1StringView("database or disk is full")))
        return sqlite::Full;
    if (text.contains(QLatin1StringView("readonly database")))
        return sqlite::ReadOnly;
    if (text.contains(QLatin1StringView("disk I/O error")))
        return sqlite::IoErr;
    if (text.contains(QLatin1StringView("unable to open database file")))
        return sqlite::CantOpen;
    return -1;
}

QString reasonOf(const QSqlError &error)
{
    const QString text = error.databaseText().trimmed();
    return text.isEmpty() ? error.text().trimmed() : text;
}


// Short, so a reader holding the lock shows up as a failure with a retry
// rather than a silently stalled writer.
constexpr int BusyTimeoutMs = 250;

// SQL NULL is not an empty name: the default exchange is "" and a binding
// may have an empty routing key, and the columns are NOT NULL.
QString text(const QString &s)
{
    return s.isNull() ? QString(QLatin1String("")) : s;
}

QVariant rawBlob(const char *data, size_t size)
{
    // The SQLite driver binds blobs without copying; the bytes live in the
    // writer's reusable buffers until the statement has run.
    return QVariant(QByteArray::fromRawData(data, qsizetype(size)));
}

} // namespace

StoreWriter::StoreWriter(std::shared_ptr<StoreShared> shared, QString path, Durability durability)
    : m_shared(std::move(shared)), m_path(std::move(path)), m_durability(durability)
{
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &StoreWriter::retry);
}

StoreWriter::~StoreWriter()
{
    shutdown();
}

bool StoreWriter::init(QString *error)
{
    m_connectionName = QStringLiteral("depot-store-writer-%1").arg(quintptr(this), 0, 16);
    return openConnection(error);
}

bool StoreWriter::openConnection(QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    m_connectionOpen = true;   // closeConnection() also undoes a half-done open
    if (!db.open()) {
        m_error = db.lastError();
        *error = m_error.text();
        return false;
    }
    QSqlQuery q(db);
    const QStringList pragmas = {
        QStringLiteral("PRAGMA journal_mode = WAL"),
        m_durability == Durability::Fsync ? QStringLiteral("PRAGMA synchronous = FULL")
                                          : QStringLiteral("PRAGMA synchronous = NORMAL"),
        // Bigger checkpoints, fewer of them: the writer is the only one paying.
        QStringLiteral("PRAGMA wal_autocheckpoint = 4000"),
        // 8 MiB of page cache: the writer only appends and deletes near the
        // end of its tables, so a larger cache bought nothing measurable on
        // persistent publish and cost 27 MB of RSS with 1M queued messages
        // (docs/performance.md, "Memory per queued message").
        QStringLiteral("PRAGMA cache_size = -8192"),
        QStringLiteral("PRAGMA temp_store = MEMORY"),
        // A log that grew while checkpoints could not run (a full disk, a
        // long read) is cut back once a checkpoint completes, so the space
        // comes back after the episode.
        QStringLiteral("PRAGMA journal_size_limit = 67108864"),
    };
    for (const QString &p : pragmas) {
        if (!q.exec(p)) {
            m_error = q.lastError();
            *error = m_error.text();
            return false;
        }
    }
    if (!openCommitCheck()) {
        *error = m_error.text();
        return false;
    }
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'max_message_id'")) && q.next())
        m_maxMessageId = qMax(m_maxMessageId, MessageId(q.value(0).toULongLong()));

    auto prepare = [&](std::unique_ptr<QSqlQuery> &query, const QString &sql) {
        query = std::make_unique<QSqlQuery>(db);
        if (!query->prepare(sql)) {
            m_error = query->lastError();
            *error = m_error.text() + QStringLiteral(" (") + sql + QStringLiteral(")");
            return false;
        }
        return true;
    };
    // The delivery column of an insert is, nearly always, "never delivered" or
    // "delivered once" (delivered before its insert was committed): those
    // two are spelled into their own statements, because binding one more
    // value costs about as much as the rest of the insert's binding
    // (QSqlQuery::bindValue, measured with callgrind: +9% of the writer's
    // instructions per message).
    const QString insertSql = QStringLiteral("INSERT INTO messages (id, queue_id, state, delivery, content)"
                                             " VALUES (?, ?, ?, %1, ?)");
    return prepare(m_insertMessage, insertSql.arg(codec::deliveryColumn(codec::packDelivery(0, false))))
        && prepare(m_insertMessageDelivered, insertSql.arg(codec::deliveryColumn(codec::packDelivery(1, true))))
        && prepare(m_insertMessageWithDelivery, insertSql.arg(QLatin1Char('?')))
        && prepare(m_removeMessage, QStringLiteral("DELETE FROM messages WHERE id = ?"))
        && prepare(m_moveMessage,
            QStringLiteral("UPDATE messages SET id = ?, queue_id = ?, state = ?,"
                           " delivery = ?, content = ? WHERE id = ?"))
        && prepare(m_moveMessageKeepContent,
            QStringLiteral("UPDATE messages SET id = ?, queue_id = ?, state = ?, delivery = ? WHERE id = ?"))
        && prepare(m_updateDelivery, QStringLiteral("UPDATE messages SET delivery = ? WHERE id = ?"))
        && prepare(m_putLease,
            QStringLiteral("INSERT OR REPLACE INTO leases (message_id, deadline, first_delivered_at)"
                           " VALUES (?, ?, ?)"))
        && prepare(m_removeLease, QStringLiteral("DELETE FROM leases WHERE message_id = ?"))
        && prepare(m_putDeduplication,
            QStringLiteral("INSERT OR REPLACE INTO deduplication (queue_id, key, message_id,"
                           " publisher_message_id, expires_at) VALUES (?, ?, ?, ?, ?)"))
        && prepare(
            m_expireDeduplication, QStringLiteral("DELETE FROM deduplication WHERE queue_id = ? AND expires_at <= ?"))
        && prepare(m_removeQueueDeduplication, QStringLiteral("DELETE FROM deduplication WHERE queue_id = ?"))
        && prepare(m_purgeQueue, QStringLiteral("DELETE FROM messages WHERE queue_id = ?"))
        // An upsert, not a replace: a changed definition keeps the row's
        // other columns (paused).
        && prepare(m_putQueue,
            QStringLiteral("INSERT INTO queues (id, name, definition) VALUES (?, ?, ?)"
                           " ON CONFLICT (id) DO UPDATE SET name = excluded.name, definition = excluded.definition"))
        && prepare(m_pauseQueue, QStringLiteral("UPDATE queues SET paused = ? WHERE id = ?"))
        && prepare(m_updateState, QStringLiteral("UPDATE messages SET state = ? WHERE id = ?"))
        && prepare(m_removeQueue, QStringLiteral("DELETE FROM queues WHERE id = ?"))
        && prepare(m_putExchange, QStringLiteral("INSERT OR REPLACE INTO exchanges (name, definition) VALUES (?, ?)"))
        && prepare(m_removeExchange, QStringLiteral("DELETE FROM exchanges WHERE name = ?"))
        && prepare(m_putBinding,
            QStringLiteral("INSERT OR IGNORE INTO bindings (source, destination, kind,"
                           " routing_key, arguments) VALUES (?, ?, ?, ?, ?)"))
        && prepare(m_removeBinding,
            QStringLiteral("DELETE FROM bindings WHERE source = ? AND destination = ? AND"
                           " kind = ? AND routing_key = ? AND arguments = ?"))
        && prepare(m_updateMaxId, QStringLiteral("UPDATE meta SET value = ? WHERE key = 'max_message_id'"))
        && prepare(m_putPolicy,
            QStringLiteral("INSERT OR REPLACE INTO policies (operator, vhost, name, definition) VALUES (?, ?, ?, ?)"))
        && prepare(m_removePolicy, QStringLiteral("DELETE FROM policies WHERE operator = ? AND vhost = ? AND name = ?"))
        && prepare(m_appendHistory, QStringLiteral("INSERT INTO history_journal (records) VALUES (?)"))
        && prepare(m_trimHistory, QStringLiteral("DELETE FROM history_journal WHERE seq < ?"))
        && (m_log.prepare(db, &m_error) || (*error = m_error.text(), false));
}

void StoreWriter::drain()
{
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->drainPosted = false;
        for (StoreBatch &b : m_shared->inbox)
            m_pending.push_back(std::move(b));
        m_shared->inbox.clear();
    }
    // While failing, only the retry timer commits, so a stream of hand-overs
    // cannot turn the back-off into a busy loop.
    if (m_failing || m_pending.empty() || m_shutDown)
        return;
    if (!commitPending())
        scheduleRetry();
}

void StoreWriter::retry()
{
    if (m_shutDown)
        return;
    // A full disk stays full until something frees space or the file system
    // grows; until then an attempt would only write the backlog again.
    if (m_freeAtFailure >= 0 && m_sinceAttempt.isValid() && m_sinceAttempt.elapsed() < FullDiskRetryMs) {
        const qint64 free = QStorageInfo(QFileInfo(m_path).absolutePath()).bytesAvailable();
        if (free >= 0 && free <= m_freeAtFailure) {
            {
                // Counts as a failed attempt for flush(): the outcome is known.
                QMutexLocker lock(&m_shared->mutex);
                ++m_shared->failedAttempts;
                m_shared->committedChanged.wakeAll();
            }
            scheduleRetry();
            return;
        }
    }
    if (!commitPending())
        scheduleRetry();
}

void StoreWriter::scheduleRetry()
{
    m_retryDelayMs = m_retryDelayMs ? qMin(m_retryDelayMs * 2, MaxRetryDelayMs) : FirstRetryDelayMs;
    m_retryTimer->start(m_retryDelayMs);
}

void StoreWriter::closeConnection()
{
    closeCommitCheck();
    if (!m_connectionOpen)
        return;
    for (auto *q : {&m_insertMessage, &m_insertMessageDelivered, &m_insertMessageWithDelivery, &m_removeMessage,
             &m_moveMessage, &m_moveMessageKeepContent, &m_updateDelivery, &m_putLease, &m_removeLease,
             &m_putDeduplication, &m_expireDeduplication, &m_removeQueueDeduplication, &m_purgeQueue, &m_putQueue,
             &m_pauseQueue, &m_updateState, &m_removeQueue, &m_putExchange, &m_removeExchange, &m_putBinding,
             &m_removeBinding, &m_updateMaxId, &m_putPolicy, &m_removePolicy, &m_appendHistory, &m_trimHistory})
        q->reset();
    m_log.reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionOpen = false;
}

QString StoreWriter::describeFailure() const
{
    const int code = primaryCode(m_error);
    QString reason = reasonOf(m_error);
    if (reason.isEmpty())
        reason = QStringLiteral("unknown error");
    // A full disk says so itself; otherwise the operating system's words
    // tell a read-only file system from a failing one.
    const QString probe = code == sqlite::Full ? QString() : probeWritable(QFileInfo(m_path).absolutePath());
    if (!probe.isEmpty() && !reason.contains(probe, Qt::CaseInsensitive))
        reason += QStringLiteral(" (%1)").arg(probe);
    QString until;
    if (code == sqlite::Full)
        until = QStringLiteral("until space returns");
    else if (code == sqlite::ReadOnly || code == sqlite::IoErr || code == sqlite::CantOpen || !probe.isEmpty())
        until = QStringLiteral("until it can write there again");
    else
        until = QStringLiteral("until the write succeeds");
    return QStringLiteral("Depot cannot write to %1: %2; publishers are blocked %3")
        .arg(QDir::toNativeSeparators(m_path), reason, until);
}

bool StoreWriter::fail(const QSqlError &error)
{
    m_error = error;
    return false;
}

void StoreWriter::noteFailure()
{
    {
        QMutexLocker lock(&m_shared->mutex);
        ++m_shared->failedAttempts;
        m_shared->committedChanged.wakeAll();   // flush() gives up after a few
    }
    m_freeAtFailure = primaryCode(m_error) == sqlite::Full
        ? QStorageInfo(QFileInfo(m_path).absolutePath()).bytesAvailable()
        : -1;
    // One report per episode, another only when the kind of failure changes
    // (a full disk that turns read-only), never one per retry.
    const int code = primaryCode(m_error);
    if (m_failing && code == m_failureCode)
        return;
    m_failing = true;
    m_failureCode = code;
    Q_EMIT failed(describeFailure());
}

bool StoreWriter::exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    m_error = query.lastError();
    return false;
}

bool StoreWriter::apply(const StoreOp &op)
{
    using Kind = StoreOp::Kind;
    switch (op.kind) {
    case Kind::InsertMessage: {
        const QueuedMessage &m = op.message;
        if (!m.content) {
            qCWarning(lcDepotStore) << "message" << m.id << "inserted without content; not stored";
            return true;
        }
        codec::State state = codec::stateOf(m);
        // Delivered before its insert was committed: the row is born with
        // its delivery state, no UPDATE follows.
        const qint64 packed = takeDelivery(m.id);
        if (packed >= 0) {
            state.deliveryCount = quint32(packed >> 1);
            state.redelivered = packed & 1;
        }
        codec::encodeState(state, m_stateBuffer);
        m_contentBuffer.clear();
        codec::appendContent(*m.content, m_contentBuffer);
        const qint64 delivery = codec::packDelivery(state.deliveryCount, state.redelivered);
        QSqlQuery &q = delivery == codec::packDelivery(0, false)  ? *m_insertMessage
            : delivery == codec::packDelivery(1, true)             ? *m_insertMessageDelivered
                                                                   : *m_insertMessageWithDelivery;
        int at = 0;
        q.bindValue(at++, qint64(m.id));
        q.bindValue(at++, op.queueId);
        q.bindValue(at++, rawBlob(m_stateBuffer, codec::StateSize));
        if (&q == m_insertMessageWithDelivery.get())
            q.bindValue(at++, codec::deliveryColumn(delivery));
        q.bindValue(at++, rawBlob(m_contentBuffer.data(), m_contentBuffer.size()));
        m_maxMessageId = qMax(m_maxMessageId, m.id);
        if (q.exec())
            return true;
        // A duplicate id is not a storage failure: retrying it would block
        // every later commit forever. It is a caller's bug, except after a
        // COMMIT that went through but failed the check after it, whose
        // retry applies the same batches again and finds them stored.
        if (primaryCode(q.lastError()) == sqlite::Constraint) {
            if (!m_reapplyingCommitted)
                qCWarning(lcDepotStore) << "message id" << m.id << "is already stored; insert ignored";
            if (packed < 0)
                return true;
            // The stored row predates the delivery record it would have taken.
            m_updateDelivery->bindValue(0, codec::deliveryColumn(packed));
            m_updateDelivery->bindValue(1, qint64(m.id));
            return exec(*m_updateDelivery);
        }
        m_error = q.lastError();
        return false;
    }
    case Kind::RemoveMessage:
        // Acked in the same commit as it was delivered: its delivery state
        // would only update a row this commit deletes.
        takeDelivery(op.id);
        m_removeMessage->bindValue(0, qint64(op.id));
        return exec(*m_removeMessage);
    case Kind::RemoveMessages: {
        const qsizetype count = op.blob.size() / qsizetype(sizeof(MessageId));
        for (qsizetype i = 0; i < count; ++i) {
            MessageId id = 0;
            std::memcpy(&id, op.blob.constData() + i * qsizetype(sizeof(MessageId)), sizeof(MessageId));
            takeDelivery(id);
            m_removeMessage->bindValue(0, qint64(id));
            if (!exec(*m_removeMessage))
                return false;
        }
        return true;
    }
    case Kind::MoveMessage: {
        const QueuedMessage &m = op.message;
        // The moved row gets the state the move carries.
        takeDelivery(op.id);
        codec::encodeState(codec::stateOf(m), m_stateBuffer);
        m_maxMessageId = qMax(m_maxMessageId, m.id);
        QSqlQuery *q = m_moveMessageKeepContent.get();
        int at = 0;
        if (m.content) {
            q = m_moveMessage.get();
            m_contentBuffer.clear();
            codec::appendContent(*m.content, m_contentBuffer);
        }
        q->bindValue(at++, qint64(m.id));
        q->bindValue(at++, op.queueId);
        q->bindValue(at++, rawBlob(m_stateBuffer, codec::StateSize));
        q->bindValue(at++, codec::deliveryColumn(codec::packDelivery(m.deliveryCount, m.redelivered)));
        if (m.content)
            q->bindValue(at++, rawBlob(m_contentBuffer.data(), m_contentBuffer.size()));
        q->bindValue(at++, qint64(op.id));
        if (!exec(*q))
            return false;
        if (q->numRowsAffected() == 0 && m.content) {
            // The source copy was never stored (e.g. it came from a transient
            // queue): the move stores it fresh in the target.
            StoreOp insert;
            insert.kind = Kind::InsertMessage;
            insert.queueId = op.queueId;
            insert.message = m;
            return apply(insert);
        }
        return true;
    }
    case Kind::PurgeQueue:
        m_purgeQueue->bindValue(0, op.queueId);
        return exec(*m_purgeQueue);
    case Kind::LeaseDeadline:
        if (op.number == 0 && op.number2 == 0) {
            m_removeLease->bindValue(0, qint64(op.id));
            return exec(*m_removeLease);
        }
        m_putLease->bindValue(0, qint64(op.id));
        m_putLease->bindValue(1, op.number);
        m_putLease->bindValue(2, op.number2);
        return exec(*m_putLease);
    case Kind::PutQueue:
        m_putQueue->bindValue(0, op.queueId);
        m_putQueue->bindValue(1, text(op.strings.value(0)));
        m_putQueue->bindValue(2, op.blob);
        return exec(*m_putQueue);
    case Kind::QueuePaused:
        m_pauseQueue->bindValue(0, op.number);
        m_pauseQueue->bindValue(1, op.queueId);
        return exec(*m_pauseQueue);
    case Kind::MessageState:
        codec::encodeState(codec::stateOf(op.message), m_stateBuffer);
        m_updateState->bindValue(0, rawBlob(m_stateBuffer, codec::StateSize));
        m_updateState->bindValue(1, qint64(op.id));
        return exec(*m_updateState);
    case Kind::RemoveQueue:
        m_purgeQueue->bindValue(0, op.queueId);
        m_removeQueue->bindValue(0, op.queueId);
        m_removeQueueDeduplication->bindValue(0, op.queueId);
        return exec(*m_purgeQueue) && exec(*m_removeQueue) && exec(*m_removeQueueDeduplication);
    case Kind::PutDeduplication:
        m_putDeduplication->bindValue(0, op.queueId);
        m_putDeduplication->bindValue(1, text(op.strings.value(0)));
        m_putDeduplication->bindValue(2, qint64(op.id));
        m_putDeduplication->bindValue(3, text(op.strings.value(1)));
        m_putDeduplication->bindValue(4, op.number);
        return exec(*m_putDeduplication);
    case Kind::ExpireDeduplication:
        m_expireDeduplication->bindValue(0, op.queueId);
        m_expireDeduplication->bindValue(1, op.number);
        return exec(*m_expireDeduplication);
    case Kind::PutExchange:
        m_putExchange->bindValue(0, text(op.strings.value(0)));
        m_putExchange->bindValue(1, op.blob);
        return exec(*m_putExchange);
    case Kind::RemoveExchange:
        m_removeExchange->bindValue(0, text(op.strings.value(0)));
        return exec(*m_removeExchange);
    case Kind::PutPolicy:
        m_putPolicy->bindValue(0, op.number);
        m_putPolicy->bindValue(1, text(op.strings.value(0)));
        m_putPolicy->bindValue(2, text(op.strings.value(1)));
        m_putPolicy->bindValue(3, op.blob);
        return exec(*m_putPolicy);
    case Kind::RemovePolicy:
        m_removePolicy->bindValue(0, op.number);
        m_removePolicy->bindValue(1, text(op.strings.value(0)));
        m_removePolicy->bindValue(2, text(op.strings.value(1)));
        return exec(*m_removePolicy);
    case Kind::AppendHistory:
        m_appendHistory->bindValue(0, op.blob);
        if (!exec(*m_appendHistory))
            return false;
        if (op.number) {
            // A compacted row holds everything kept: the rows before it go.
            m_trimHistory->bindValue(0, m_appendHistory->lastInsertId());
            return exec(*m_trimHistory);
        }
        return true;
    case Kind::PutTopic:
    case Kind::RemoveTopic:
    case Kind::AppendBatch:
    case Kind::TruncateLog:
    case Kind::PutGroupOffset:
    case Kind::RemoveGroupOffsets:
    case Kind::RemoveBatch:
    case Kind::PutRemoval:
        return m_log.apply(op, &m_error);
    case Kind::PutBinding:
    case Kind::RemoveBinding: {
        QSqlQuery &q = op.kind == Kind::PutBinding ? *m_putBinding : *m_removeBinding;
        q.bindValue(0, text(op.strings.value(0)));
        q.bindValue(1, text(op.strings.value(1)));
        q.bindValue(2, op.number);
        q.bindValue(3, text(op.strings.value(2)));
        q.bindValue(4, op.blob);
        return exec(q);
    }
    }
    return true;
}

// Delivery records are applied after every op of the commit, one UPDATE
// per message still needing one. That ends in the same rows as applying
// each record where it was made, because a record only ever follows its
// message's insert and precedes its removal or move, and the last record of
// a message is its latest state: an insert in the commit takes the state
// into its row (apply), a removal or move in the commit makes the record
// moot (apply), and an UPDATE of a row that is gone changes nothing. The
// commit is one transaction, so the order inside it is invisible outside.
// Rebuilt from the batches on every attempt: a retry applies the same.
//
// The records are kept as a vector sorted by id rather than a hash table:
// no allocation per record, and they arrive almost sorted (deliveries go
// out in id order per queue), so sorting is nearly free.
quint64 StoreWriter::collectDeliveries()
{
    m_deliveries.clear();
    m_liveDeliveries = 0;
    for (const StoreBatch &batch : m_pending)
        m_deliveries.insert(m_deliveries.end(), batch.deliveries.begin(), batch.deliveries.end());
    const quint64 records = m_deliveries.size();
    if (records == 0)
        return 0;
    auto byId = [](const DeliveryRecord &a, const DeliveryRecord &b) { return a.id < b.id; };
    // Stable: of several records of one message, the last made stays last.
    if (!std::is_sorted(m_deliveries.begin(), m_deliveries.end(), byId))
        std::stable_sort(m_deliveries.begin(), m_deliveries.end(), byId);
    // Keep the last record of each message.
    auto out = m_deliveries.begin();
    for (auto it = m_deliveries.begin(); it != m_deliveries.end(); ++it) {
        const auto next = it + 1;
        if (next != m_deliveries.end() && next->id == it->id)
            continue;
        *out++ = *it;
    }
    m_deliveries.erase(out, m_deliveries.end());
    m_liveDeliveries = m_deliveries.size();
    return records;
}

// The delivery state still to write for `id`, taken out (so it is written
// once, or not at all); -1 when there is none.
qint64 StoreWriter::takeDelivery(MessageId id)
{
    if (m_liveDeliveries == 0)
        return -1;
    const auto it = std::lower_bound(m_deliveries.begin(), m_deliveries.end(), id,
                                     [](const DeliveryRecord &r, MessageId v) { return r.id < v; });
    if (it == m_deliveries.end() || it->id != id || it->packed < 0)
        return -1;
    const qint64 packed = it->packed;
    it->packed = -1;
    --m_liveDeliveries;
    return packed;
}

bool StoreWriter::applyDeliveries()
{
    if (m_liveDeliveries == 0)
        return true;
    for (const DeliveryRecord &r : m_deliveries) {
        if (r.packed < 0)
            continue;
        m_updateDelivery->bindValue(0, codec::deliveryColumn(r.packed));
        m_updateDelivery->bindValue(1, qint64(r.id));
        if (!exec(*m_updateDelivery))
            return false;
    }
    return true;
}

bool StoreWriter::commitPending()
{
    {
        // Pick up whatever arrived while we were waiting to retry.
        QMutexLocker lock(&m_shared->mutex);
        for (StoreBatch &b : m_shared->inbox)
            m_pending.push_back(std::move(b));
        m_shared->inbox.clear();
    }
    if (m_pending.empty())
        return true;
    m_sinceAttempt.start();

    QString why;
    if (!m_connectionOpen && !openConnection(&why)) {
        closeConnection();
        noteFailure();
        return false;
    }

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QElapsedTimer timer;
    timer.start();
    const MessageId maxIdBefore = m_maxMessageId;
    quint64 operations = 0;
    const quint64 deliveryRecords = collectDeliveries();
    bool ok = db.transaction() || fail(db.lastError());
    for (const StoreBatch &batch : m_pending) {
        for (const StoreOp &op : batch.ops) {
            if (!ok)
                break;
            ok = apply(op);
            ++operations;
        }
    }
    const quint64 deliveryUpdates = m_liveDeliveries;
    if (ok)
        ok = applyDeliveries();
    operations += deliveryUpdates;
    if (ok && m_maxMessageId > maxIdBefore) {
        m_updateMaxId->bindValue(0, qint64(m_maxMessageId));
        ok = exec(*m_updateMaxId);
    }
    if (ok)
        ok = db.commit() || fail(db.lastError());
    if (ok && !journalStillWorks(true)) {
        // Kept pending: a retry re-applies it (inserts of ids already stored
        // are ignored, the rest is idempotent), and nothing is confirmed
        // until a commit is followed by a check that passes.
        ok = false;
        m_reapplyingCommitted = true;
    }
    if (!ok) {
        // SQLite may already have rolled back (a full disk does); then this
        // rollback fails harmlessly. Either way the connection is closed: the
        // next attempt starts on a fresh one, so neither an open transaction
        // nor a file handle on a file system that failed can outlive the error.
        db.rollback();
        db = QSqlDatabase();
        m_maxMessageId = maxIdBefore;
        closeConnection();
        noteFailure();
        return false;
    }

    m_reapplyingCommitted = false;
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    const quint64 sequence = m_pending.back().sequence;
    const quint64 batches = m_pending.size();
    m_pending.clear();
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->committedSequence = sequence;
        m_shared->failedAttempts = 0;
        m_shared->stats.transactions += 1;
        m_shared->stats.submissions += batches;
        m_shared->stats.operations += operations;
        m_shared->stats.deliveryRecords += deliveryRecords;
        m_shared->stats.deliveryUpdates += deliveryUpdates;
        m_shared->stats.lastCommitMs = ms;
        m_shared->stats.maxCommitMs = qMax(m_shared->stats.maxCommitMs, ms);
        m_shared->committedChanged.wakeAll();
    }
    if (m_failing) {
        m_failing = false;
        m_failureCode = 0;
        m_freeAtFailure = -1;
        m_retryDelayMs = 0;
        m_retryTimer->stop();
        Q_EMIT recovered();
    }
    Q_EMIT committed(sequence);
    return true;
}

void StoreWriter::shutdown()
{
    if (m_shutDown || m_connectionName.isEmpty())
        return;
    m_retryTimer->stop();
    if (!commitPending()) {
        quint64 lost = 0;
        for (const StoreBatch &b : m_pending)
            lost += b.ops.size();
        qCCritical(lcDepotStore).noquote()
            << QStringLiteral("depot: closing %1 with %2 uncommitted changes (never confirmed to a client): %3")
                   .arg(QDir::toNativeSeparators(m_path))
                   .arg(lost)
                   .arg(reasonOf(m_error));
    }
    closeConnection();
    m_shutDown = true;
}

QString probeWritable(const QString &dir)
{
    QFile probe(QDir(dir).filePath(QStringLiteral(".depot-write-probe")));
    QString why;
    if (!probe.open(QIODevice::WriteOnly | QIODevice::Truncate))
        why = probe.errorString();
    else if (probe.write("ok", 2) != 2 || !probe.flush())
        why = probe.errorString();
    probe.close();
    probe.remove();
    return why;
}

} // namespace depot::store
