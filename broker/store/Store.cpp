#include "broker/store/StorePrivate.h"

#include "broker/store/StoreCodec.h"
#include "broker/store/StoreWriter.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

// Store.cpp: the store as the engine uses it once it is open. Mutations are
// buffered as StoreOps and handed to the writer thread in batches; commits
// come back as sequence numbers; contents are read back on demand. Opening,
// checking and loading an existing database is in StoreOpen.cpp.

Q_LOGGING_CATEGORY(lcDepotStore, "depot.store")

namespace depot::store {

namespace {

constexpr int FlushGivesUpAfterFailures = 3;

} // namespace

Store::Store(QObject *parent) : QObject(parent), d(std::make_unique<Private>()) {}

Store::~Store()
{
    close();
}

QString Store::filePath() const
{
    return d->path;
}

RecoveredState Store::recover()
{
    if (d->recoveredTaken) {
        qCWarning(lcDepotStore) << "recover() called twice; the durable state was already handed out";
        return {};
    }
    d->recoveredTaken = true;
    for (MessageId id : std::exchange(d->staleLeases, {}))
        setLeaseDeadline(id, 0);
    return std::exchange(d->recovered, RecoveredState{});
}

void Store::enqueue(StoreOp &&op)
{
    if (d->closed) {
        qCWarning(lcDepotStore) << "store mutation after close() ignored";
        return;
    }
    if (d->buffer.empty() && d->buffer.capacity() < d->lastBatchSize)
        d->buffer.reserve(d->lastBatchSize);
    d->buffer.push_back(std::move(op));
    scheduleSubmit();
}

void Store::scheduleSubmit()
{
    if (d->submitScheduled)
        return;
    // Hand over at the end of this event-loop turn, so everything one turn
    // changes commits together.
    d->submitScheduled = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            d->submitScheduled = false;
            submit();
        },
        Qt::QueuedConnection);
}

qint64 Store::putQueue(const QueueDef &def)
{
    qint64 id = d->queueIds.value(def.name, 0);
    if (!id) {
        id = ++d->maxQueueId;
        d->queueIds.insert(def.name, id);
    }
    StoreOp op;
    op.kind = StoreOp::Kind::PutQueue;
    op.queueId = id;
    op.strings = QStringList{def.name};
    op.blob = codec::encodeQueueDef(def);
    enqueue(std::move(op));
    return id;
}

void Store::removeQueue(qint64 queueId)
{
    for (auto it = d->queueIds.begin(); it != d->queueIds.end(); ++it) {
        if (it.value() == queueId) {
            d->queueIds.erase(it);
            break;
        }
    }
    StoreOp op;
    op.kind = StoreOp::Kind::RemoveQueue;
    op.queueId = queueId;
    enqueue(std::move(op));
}

void Store::setQueuePaused(qint64 queueId, bool paused)
{
    StoreOp op;
    op.kind = StoreOp::Kind::QueuePaused;
    op.queueId = queueId;
    op.number = paused ? 1 : 0;
    enqueue(std::move(op));
}

void Store::putExchange(const ExchangeDef &def)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PutExchange;
    op.strings = QStringList{def.name};
    op.blob = codec::encodeExchangeDef(def);
    enqueue(std::move(op));
}

void Store::removeExchange(const QString &name)
{
    StoreOp op;
    op.kind = StoreOp::Kind::RemoveExchange;
    op.strings = QStringList{name};
    enqueue(std::move(op));
}

void Store::putPolicy(const StoredPolicy &policy)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PutPolicy;
    op.number = policy.operatorPolicy ? 1 : 0;
    op.strings = QStringList{policy.vhost, policy.name};
    op.blob = policy.definition;
    enqueue(std::move(op));
}

void Store::removePolicy(bool operatorPolicy, const QString &vhost, const QString &name)
{
    StoreOp op;
    op.kind = StoreOp::Kind::RemovePolicy;
    op.number = operatorPolicy ? 1 : 0;
    op.strings = QStringList{vhost, name};
    enqueue(std::move(op));
}

static StoreOp bindingOp(StoreOp::Kind kind, const BindingDef &def)
{
    StoreOp op;
    op.kind = kind;
    op.strings = QStringList{def.source, def.destination, def.routingKey};
    op.number = qint64(def.destinationKind);
    op.blob = codec::encodeArguments(def.arguments);
    return op;
}

void Store::putBinding(const BindingDef &def)
{
    enqueue(bindingOp(StoreOp::Kind::PutBinding, def));
}

void Store::removeBinding(const BindingDef &def)
{
    enqueue(bindingOp(StoreOp::Kind::RemoveBinding, def));
}

void Store::insertMessage(qint64 queueId, const QueuedMessage &message)
{
    Q_ASSERT(message.content);
    StoreOp op;
    op.kind = StoreOp::Kind::InsertMessage;
    op.queueId = queueId;
    op.message = message;   // shares the content, never copies the body
    enqueue(std::move(op));
}

void Store::removeMessage(MessageId id)
{
    StoreOp op;
    op.kind = StoreOp::Kind::RemoveMessage;
    op.id = id;
    enqueue(std::move(op));
}

void Store::removeMessages(const std::vector<MessageId> &ids)
{
    if (ids.empty())
        return;
    // One op for them all, the ids packed 8 bytes each: a purge that is
    // undone no more can remove millions of rows without millions of ops.
    StoreOp op;
    op.kind = StoreOp::Kind::RemoveMessages;
    op.blob = QByteArray(reinterpret_cast<const char *>(ids.data()), qsizetype(ids.size() * sizeof(MessageId)));
    enqueue(std::move(op));
}

void Store::updateMessageState(const QueuedMessage &message)
{
    StoreOp op;
    op.kind = StoreOp::Kind::MessageState;
    op.id = message.id;
    op.message = message;
    op.message.content.reset(); // the state alone: no body kept alive for it
    enqueue(std::move(op));
}

void Store::moveMessage(MessageId id, qint64 toQueueId, const QueuedMessage &message)
{
    StoreOp op;
    op.kind = StoreOp::Kind::MoveMessage;
    op.id = id;
    op.queueId = toQueueId;
    op.message = message;
    enqueue(std::move(op));
}

void Store::updateDeliveryState(MessageId id, quint32 deliveryCount, bool redelivered)
{
    if (d->closed) {
        qCWarning(lcDepotStore) << "store mutation after close() ignored";
        return;
    }
    if (d->deliveries.empty() && d->deliveries.capacity() < d->lastDeliveriesSize)
        d->deliveries.reserve(d->lastDeliveriesSize);
    d->deliveries.push_back(DeliveryRecord{id, codec::packDelivery(deliveryCount, redelivered)});
    scheduleSubmit();
}

void Store::putDeduplication(
    qint64 queueId, const QString &key, MessageId id, const QString &publisherMessageId, qint64 expiresAt)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PutDeduplication;
    op.queueId = queueId;
    op.id = id;
    op.number = expiresAt;
    op.strings = QStringList{key, publisherMessageId};
    enqueue(std::move(op));
}

void Store::expireDeduplication(qint64 queueId, qint64 upTo)
{
    StoreOp op;
    op.kind = StoreOp::Kind::ExpireDeduplication;
    op.queueId = queueId;
    op.number = upTo;
    enqueue(std::move(op));
}

void Store::setLeaseDeadline(MessageId id, qint64 deadline, qint64 firstDeliveredAt)
{
    StoreOp op;
    op.kind = StoreOp::Kind::LeaseDeadline;
    op.id = id;
    op.number = deadline;
    op.number2 = firstDeliveredAt;
    enqueue(std::move(op));
}

void Store::purgeQueue(qint64 queueId)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PurgeQueue;
    op.queueId = queueId;
    enqueue(std::move(op));
}

void Store::appendHistory(const QByteArray &records, bool compact)
{
    if (d->closed)
        return;
    StoreOp op;
    op.kind = StoreOp::Kind::AppendHistory;
    op.number = compact ? 1 : 0;
    op.blob = records;
    // Straight into the buffer: called from the submit hook, which runs
    // inside submit() before the buffer is taken.
    d->buffer.push_back(std::move(op));
}

void Store::setSubmitHook(std::function<void()> hook)
{
    d->submitHook = std::move(hook);
}

void Store::requestSubmit()
{
    if (!d->closed)
        scheduleSubmit();
}

quint64 Store::submit()
{
    if (d->submitHook && !d->closed)
        d->submitHook();
    if ((d->buffer.empty() && d->deliveries.empty()) || d->closed)
        return d->submitted;
    StoreBatch batch;
    batch.sequence = ++d->submitted;
    d->lastBatchSize = d->buffer.size();
    batch.ops = std::move(d->buffer);
    d->buffer = {};
    if (!d->deliveries.empty()) {
        d->lastDeliveriesSize = d->deliveries.size();
        batch.deliveries = std::move(d->deliveries);
        d->deliveries = {};
    }
    bool post = false;
    {
        QMutexLocker lock(&d->shared->mutex);
        d->shared->inbox.push_back(std::move(batch));
        post = !d->shared->drainPosted;
        d->shared->drainPosted = true;
    }
    if (post) {
        StoreWriter *writer = d->writer;
        QMetaObject::invokeMethod(writer, [writer] { writer->drain(); }, Qt::QueuedConnection);
    }
    return d->submitted;
}

quint64 Store::pendingSequence() const
{
    return d->buffer.empty() && d->deliveries.empty() ? d->submitted : d->submitted + 1;
}

quint64 Store::committedSequence() const
{
    return d->committed;
}

int Store::failedAttemptsInARow() const
{
    QMutexLocker lock(&d->shared->mutex);
    return d->shared->failedAttempts;
}

void Store::noteCommitted(quint64 sequence)
{
    if (sequence <= d->committed)
        return;
    d->committed = sequence;
    Q_EMIT committed(sequence);
}

bool Store::flush(int timeoutMs)
{
    submit();
    const quint64 target = d->submitted;
    quint64 reached = 0;
    {
        QDeadlineTimer deadline(timeoutMs);
        QMutexLocker lock(&d->shared->mutex);
        // A writer that cannot write (full disk, read-only file system) keeps
        // retrying on its own; waiting out the whole timeout for it would only
        // stall shutdown, so after a few failed attempts in a row flush()
        // reports that not everything is committed.
        while (d->shared->committedSequence < target && d->shared->failedAttempts < FlushGivesUpAfterFailures) {
            if (!d->shared->committedChanged.wait(&d->shared->mutex, deadline))
                break;
        }
        reached = d->shared->committedSequence;
    }
    noteCommitted(reached);
    return reached >= target;
}

QSqlDatabase Store::readDatabase(QString *failure)
{
    if (d->readConnection.isEmpty()) {
        d->readConnection = QStringLiteral("depot-store-reader-%1").arg(nextConnectionNumber());
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->readConnection);
        db.setDatabaseName(d->path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"));
        if (!db.open()) {
            *failure = db.lastError().text();
            return QSqlDatabase();
        }
    }
    return QSqlDatabase::database(d->readConnection, false);
}

// After a read: the first failure and the first success after it are
// logged, one line each; a failed read closes the connection, so the next
// one starts on a fresh one in case that is what broke.
void Store::noteReadResult(const QString &failure, const QString &what)
{
    if (!failure.isEmpty()) {
        closeReader();
        if (!d->readFailing) {
            d->readFailing = true;
            qCWarning(lcDepotStore).noquote()
                << QStringLiteral("Depot cannot read %1 from %2: %3; it tries again on the next read")
                       .arg(what, QDir::toNativeSeparators(d->path), failure);
        }
        return;
    }
    if (d->readFailing) {
        d->readFailing = false;
        qCInfo(lcDepotStore).noquote() << QStringLiteral("Depot reads from %1 again").arg(QDir::toNativeSeparators(d->path));
    }
}

QHash<MessageId, ContentPtr> Store::loadContents(const QList<MessageId> &ids, bool *ok)
{
    QHash<MessageId, ContentPtr> result;
    if (ok)
        *ok = true;
    if (ids.isEmpty() || d->path.isEmpty())
        return result;
    QString failure;
    QSqlDatabase db = readDatabase(&failure);
    if (failure.isEmpty()) {
        result.reserve(ids.size());
        QSqlQuery q(db);
        q.setForwardOnly(true);
        // Ids are integers, so they can be spelled into the statement; chunks
        // keep it under SQLite's statement-length limits.
        constexpr qsizetype Chunk = 500;
        for (qsizetype from = 0; from < ids.size() && failure.isEmpty(); from += Chunk) {
            QString sql = QStringLiteral("SELECT id, content FROM messages WHERE id IN (");
            const qsizetype to = qMin(from + Chunk, ids.size());
            for (qsizetype i = from; i < to; ++i) {
                if (i > from)
                    sql += QLatin1Char(',');
                sql += QString::number(ids[i]);
            }
            sql += QLatin1Char(')');
            if (!q.exec(sql)) {
                failure = q.lastError().text();
                break;
            }
            while (q.next()) {
                const MessageId id = q.value(0).toULongLong();
                ContentPtr content = codec::decodeContent(q.value(1).toByteArray());
                if (!content) {
                    qCWarning(lcDepotStore) << "message" << id << "has unreadable content in" << d->path;
                    continue;
                }
                result.insert(id, std::move(content));
            }
            // A read that stops half-way (an I/O error) is a failure, not the
            // end of the rows.
            if (q.lastError().isValid())
                failure = q.lastError().text();
        }
    }
    // The caller keeps the messages and asks again later; their delivery waits.
    noteReadResult(failure, QStringLiteral("message bodies"));
    if (!failure.isEmpty()) {
        if (ok)
            *ok = false;
        return {};
    }
    return result;
}

namespace {

// The ids of the rows whose content holds `bytes`, in id order, at most
// `limit`, appended to *out; what went wrong in *failure.
void appendContaining(QSqlDatabase &db, const QByteArray &bytes, int limit, QList<MessageId> *out, QString *failure)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (q.prepare(QStringLiteral("SELECT id FROM messages WHERE instr(content, ?) > 0 ORDER BY id LIMIT ?"))) {
        q.addBindValue(bytes);
        q.addBindValue(limit);
        if (q.exec()) {
            while (q.next())
                out->append(q.value(0).toULongLong());
        }
    }
    if (q.lastError().isValid())
        *failure = q.lastError().text();
}

} // namespace

QList<MessageId> Store::messagesContaining(const QByteArray &bytes, int limit)
{
    QList<MessageId> result;
    if (bytes.isEmpty() || d->path.isEmpty() || limit <= 0)
        return result;
    QString failure;
    QSqlDatabase db = readDatabase(&failure);
    if (failure.isEmpty())
        appendContaining(db, bytes, limit, &result, &failure);
    noteReadResult(failure, QStringLiteral("messages to search"));
    return failure.isEmpty() ? result : QList<MessageId>{};
}

void Store::findContaining(QObject *context, const QList<QByteArray> &values, int limit,
                           std::function<void(QList<MessageId>)> done)
{
    const QString path = d->path;
    auto *watcher = new QFutureWatcher<QList<MessageId>>(context);
    QObject::connect(watcher, &QFutureWatcher<QList<MessageId>>::finished, context, [watcher, done = std::move(done)] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run([path, values, limit] {
        QList<MessageId> found;
        if (path.isEmpty() || limit <= 0)
            return found;
        const QString name = QStringLiteral("depot-store-search-%1").arg(nextConnectionNumber());
        QString failure;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(path);
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"));
            if (!db.open())
                failure = db.lastError().text();
            for (const QByteArray &bytes : values) {
                if (failure.isEmpty() && !bytes.isEmpty())
                    appendContaining(db, bytes, limit, &found, &failure);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        if (!failure.isEmpty())
            qCWarning(lcDepotStore).noquote() << QStringLiteral("Depot cannot search the messages in %1: %2")
                                                     .arg(QDir::toNativeSeparators(path), failure);
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        return found;
    }));
}

void Store::closeReader()
{
    if (d->readConnection.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(d->readConnection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(d->readConnection);
    d->readConnection.clear();
}

void Store::close()
{
    if (d->closed)
        return;
    if (d->writer) {
        if (!flush(30000))
            qCWarning(lcDepotStore) << "closing" << d->path << "before everything was committed";
    }
    d->closed = true;
    if (d->writer) {
        StoreWriter *writer = d->writer;
        QMetaObject::invokeMethod(writer, [writer] { writer->shutdown(); }, Qt::BlockingQueuedConnection);
        // shutdown() made a last attempt; report what it reached.
        QMutexLocker lock(&d->shared->mutex);
        const quint64 reached = d->shared->committedSequence;
        lock.unlock();
        noteCommitted(reached);
    }
    d->thread.reset();   // quits and joins; the writer is deleted as the thread finishes
    d->writer = nullptr;
    closeReader();
}

Store::Stats Store::stats() const
{
    QMutexLocker lock(&d->shared->mutex);
    return d->shared->stats;
}

} // namespace depot::store
