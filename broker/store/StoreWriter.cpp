#include "broker/store/StoreWriter.h"

#include "broker/store/StoreCodec.h"

#include <QLoggingCategory>
#include <QSqlError>

Q_DECLARE_LOGGING_CATEGORY(lcDepotStore)

namespace depot::store {

namespace {

constexpr int FirstRetryDelayMs = 50;
constexpr int MaxRetryDelayMs = 2000;
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
    connect(m_retryTimer, &QTimer::timeout, this, [this] {
        QString error;
        if (commitPending(&error))
            return;
        scheduleRetry();
    });
}

StoreWriter::~StoreWriter()
{
    shutdown();
}

bool StoreWriter::init(QString *error)
{
    m_connectionName = QStringLiteral("depot-store-writer-%1").arg(quintptr(this), 0, 16);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!db.open()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    const QStringList pragmas = {
        QStringLiteral("PRAGMA journal_mode = WAL"),
        m_durability == Durability::Fsync ? QStringLiteral("PRAGMA synchronous = FULL")
                                          : QStringLiteral("PRAGMA synchronous = NORMAL"),
        // Bigger checkpoints, fewer of them: the writer is the only one paying.
        QStringLiteral("PRAGMA wal_autocheckpoint = 4000"),
        QStringLiteral("PRAGMA cache_size = -32768"),
        QStringLiteral("PRAGMA temp_store = MEMORY"),
    };
    for (const QString &p : pragmas) {
        if (!q.exec(p)) {
            *error = q.lastError().text();
            return false;
        }
    }
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'max_message_id'")) && q.next())
        m_maxMessageId = q.value(0).toULongLong();

    auto prepare = [&](std::unique_ptr<QSqlQuery> &query, const QString &sql) {
        query = std::make_unique<QSqlQuery>(db);
        if (!query->prepare(sql)) {
            *error = query->lastError().text() + QStringLiteral(" (") + sql + QStringLiteral(")");
            return false;
        }
        return true;
    };
    return prepare(m_insertMessage,
                   QStringLiteral("INSERT INTO messages (id, queue_id, state, content) VALUES (?, ?, ?, ?)"))
        && prepare(m_removeMessage, QStringLiteral("DELETE FROM messages WHERE id = ?"))
        && prepare(m_moveMessage, QStringLiteral("UPDATE messages SET id = ?, queue_id = ?, state = ?,"
                                                 " delivery = NULL, content = ? WHERE id = ?"))
        && prepare(m_moveMessageKeepContent,
                   QStringLiteral("UPDATE messages SET id = ?, queue_id = ?, state = ?, delivery = NULL WHERE id = ?"))
        && prepare(m_updateDelivery, QStringLiteral("UPDATE messages SET delivery = ? WHERE id = ?"))
        && prepare(m_purgeQueue, QStringLiteral("DELETE FROM messages WHERE queue_id = ?"))
        && prepare(m_putQueue, QStringLiteral("INSERT OR REPLACE INTO queues (id, name, definition) VALUES (?, ?, ?)"))
        && prepare(m_removeQueue, QStringLiteral("DELETE FROM queues WHERE id = ?"))
        && prepare(m_putExchange, QStringLiteral("INSERT OR REPLACE INTO exchanges (name, definition) VALUES (?, ?)"))
        && prepare(m_removeExchange, QStringLiteral("DELETE FROM exchanges WHERE name = ?"))
        && prepare(m_putBinding, QStringLiteral("INSERT OR IGNORE INTO bindings (source, destination, kind,"
                                                " routing_key, arguments) VALUES (?, ?, ?, ?, ?)"))
        && prepare(m_removeBinding, QStringLiteral("DELETE FROM bindings WHERE source = ? AND destination = ? AND"
                                                   " kind = ? AND routing_key = ? AND arguments = ?"))
        && prepare(m_updateMaxId, QStringLiteral("UPDATE meta SET value = ? WHERE key = 'max_message_id'"));
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
    if (m_failing || m_pending.empty())
        return;
    QString error;
    if (!commitPending(&error))
        scheduleRetry();
}

void StoreWriter::scheduleRetry()
{
    m_retryDelayMs = m_retryDelayMs ? qMin(m_retryDelayMs * 2, MaxRetryDelayMs) : FirstRetryDelayMs;
    m_retryTimer->start(m_retryDelayMs);
}

bool StoreWriter::exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    *error = query.lastError().text();
    return false;
}

bool StoreWriter::apply(const StoreOp &op, QString *error)
{
    using Kind = StoreOp::Kind;
    switch (op.kind) {
    case Kind::InsertMessage: {
        const QueuedMessage &m = op.message;
        if (!m.content) {
            qCWarning(lcDepotStore) << "message" << m.id << "inserted without content; not stored";
            return true;
        }
        codec::encodeState(codec::stateOf(m), m_stateBuffer);
        m_contentBuffer.clear();
        codec::appendContent(*m.content, m_contentBuffer);
        QSqlQuery &q = *m_insertMessage;
        q.bindValue(0, qint64(m.id));
        q.bindValue(1, op.queueId);
        q.bindValue(2, rawBlob(m_stateBuffer, codec::StateSize));
        q.bindValue(3, rawBlob(m_contentBuffer.data(), m_contentBuffer.size()));
        m_maxMessageId = qMax(m_maxMessageId, m.id);
        if (q.exec())
            return true;
        // A duplicate id is a caller's bug, not a storage failure: retrying
        // it would block every later commit forever.
        if (q.lastError().nativeErrorCode().toInt() % 256 == 19 /* SQLITE_CONSTRAINT */) {
            qCWarning(lcDepotStore) << "message id" << m.id << "is already stored; insert ignored";
            return true;
        }
        *error = q.lastError().text();
        return false;
    }
    case Kind::RemoveMessage:
        m_removeMessage->bindValue(0, qint64(op.id));
        return exec(*m_removeMessage, error);
    case Kind::UpdateDelivery:
        m_updateDelivery->bindValue(0, op.number);
        m_updateDelivery->bindValue(1, qint64(op.id));
        return exec(*m_updateDelivery, error);
    case Kind::MoveMessage: {
        const QueuedMessage &m = op.message;
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
        if (m.content)
            q->bindValue(at++, rawBlob(m_contentBuffer.data(), m_contentBuffer.size()));
        q->bindValue(at++, qint64(op.id));
        if (!exec(*q, error))
            return false;
        if (q->numRowsAffected() == 0 && m.content) {
            // The source copy was never stored (e.g. it came from a transient
            // queue): the move stores it fresh in the target.
            StoreOp insert;
            insert.kind = Kind::InsertMessage;
            insert.queueId = op.queueId;
            insert.message = m;
            return apply(insert, error);
        }
        return true;
    }
    case Kind::PurgeQueue:
        m_purgeQueue->bindValue(0, op.queueId);
        return exec(*m_purgeQueue, error);
    case Kind::PutQueue:
        m_putQueue->bindValue(0, op.queueId);
        m_putQueue->bindValue(1, text(op.strings.value(0)));
        m_putQueue->bindValue(2, op.blob);
        return exec(*m_putQueue, error);
    case Kind::RemoveQueue:
        m_purgeQueue->bindValue(0, op.queueId);
        m_removeQueue->bindValue(0, op.queueId);
        return exec(*m_purgeQueue, error) && exec(*m_removeQueue, error);
    case Kind::PutExchange:
        m_putExchange->bindValue(0, text(op.strings.value(0)));
        m_putExchange->bindValue(1, op.blob);
        return exec(*m_putExchange, error);
    case Kind::RemoveExchange:
        m_removeExchange->bindValue(0, text(op.strings.value(0)));
        return exec(*m_removeExchange, error);
    case Kind::PutBinding:
    case Kind::RemoveBinding: {
        QSqlQuery &q = op.kind == Kind::PutBinding ? *m_putBinding : *m_removeBinding;
        q.bindValue(0, text(op.strings.value(0)));
        q.bindValue(1, text(op.strings.value(1)));
        q.bindValue(2, op.number);
        q.bindValue(3, text(op.strings.value(2)));
        q.bindValue(4, op.blob);
        return exec(q, error);
    }
    }
    return true;
}

bool StoreWriter::commitPending(QString *error)
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

    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QElapsedTimer timer;
    timer.start();
    const MessageId maxIdBefore = m_maxMessageId;
    quint64 operations = 0;
    bool ok = db.transaction();
    if (!ok)
        *error = db.lastError().text();
    for (const StoreBatch &batch : m_pending) {
        for (const StoreOp &op : batch.ops) {
            if (!ok)
                break;
            ok = apply(op, error);
            ++operations;
        }
    }
    if (ok && m_maxMessageId > maxIdBefore) {
        m_updateMaxId->bindValue(0, qint64(m_maxMessageId));
        ok = exec(*m_updateMaxId, error);
    }
    if (ok) {
        ok = db.commit();
        if (!ok)
            *error = db.lastError().text();
    }
    if (!ok) {
        db.rollback();
        m_maxMessageId = maxIdBefore;
        if (!m_failing) {
            m_failing = true;
            Q_EMIT failed(QStringLiteral("depot: cannot write to %1: %2 (will retry; nothing is lost while Depot runs)")
                              .arg(m_path, *error));
        }
        return false;
    }

    const double ms = double(timer.nsecsElapsed()) / 1e6;
    const quint64 sequence = m_pending.back().sequence;
    const quint64 batches = m_pending.size();
    m_pending.clear();
    {
        QMutexLocker lock(&m_shared->mutex);
        m_shared->committedSequence = sequence;
        m_shared->stats.transactions += 1;
        m_shared->stats.submissions += batches;
        m_shared->stats.operations += operations;
        m_shared->stats.lastCommitMs = ms;
        m_shared->stats.maxCommitMs = qMax(m_shared->stats.maxCommitMs, ms);
        m_shared->committedChanged.wakeAll();
    }
    if (m_failing) {
        m_failing = false;
        m_retryDelayMs = 0;
        m_retryTimer->stop();
        Q_EMIT recovered();
    }
    Q_EMIT committed(sequence);
    return true;
}

void StoreWriter::shutdown()
{
    if (m_connectionName.isEmpty())
        return;
    m_retryTimer->stop();
    QString error;
    if (!commitPending(&error)) {
        quint64 lost = 0;
        for (const StoreBatch &b : m_pending)
            lost += b.ops.size();
        qCCritical(lcDepotStore).noquote()
            << QStringLiteral("depot: closing %1 with %2 uncommitted changes: %3").arg(m_path).arg(lost).arg(error);
    }
    for (auto *q : {&m_insertMessage, &m_removeMessage, &m_moveMessage, &m_moveMessageKeepContent, &m_updateDelivery,
                    &m_purgeQueue, &m_putQueue, &m_removeQueue, &m_putExchange, &m_removeExchange, &m_putBinding,
                    &m_removeBinding, &m_updateMaxId})
        q->reset();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
    m_connectionName.clear();
}

} // namespace depot::store
