#include "broker/store/Store.h"

#include "broker/store/PrivateFiles.h"
#include "broker/store/StoreCodec.h"
#include "broker/store/StoreSchema.h"
#include "broker/store/StoreWriter.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QtEndian>

#include <atomic>

Q_LOGGING_CATEGORY(lcDepotStore, "depot.store")

namespace depot::store {

namespace {

std::atomic<quint64> g_connectionCounter{0};

constexpr int FlushGivesUpAfterFailures = 3;

QString refusal(const QString &path, const QString &reason)
{
    return QStringLiteral("depot: %1 %2; refusing to start — move it away or choose another --data-dir")
        .arg(QDir::toNativeSeparators(path), reason);
}

// Checks the raw 100-byte SQLite header before SQLite itself touches the
// file, so a foreign or damaged file is refused without being opened (and
// so without any chance of SQLite rewriting it).
bool validateHeader(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("depot: cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    const qint64 size = file.size();
    const QByteArray header = file.read(100);
    if (size == 0) {
        *error = refusal(path, QStringLiteral("is an empty file, not a Depot database"));
        return false;
    }
    static const QByteArray magic("SQLite format 3\0", 16);
    if (header.size() < 100 || !header.startsWith(magic)) {
        *error = refusal(path, QStringLiteral("is not an SQLite database (damaged, truncated or another kind of file)"));
        return false;
    }
    const uchar *h = reinterpret_cast<const uchar *>(header.constData());
    const quint32 applicationId = qFromBigEndian<quint32>(h + 68);
    if (applicationId != schema::ApplicationId) {
        *error = refusal(path, QStringLiteral("is not a Depot database (application id 0x%1)")
                                   .arg(applicationId, 8, 16, QLatin1Char('0')));
        return false;
    }
    quint32 pageSize = qFromBigEndian<quint16>(h + 16);
    if (pageSize == 1)
        pageSize = 65536;
    if (pageSize < 512 || (pageSize & (pageSize - 1))) {
        *error = refusal(path, QStringLiteral("is damaged (invalid page size %1)").arg(pageSize));
        return false;
    }
    const quint32 changeCounter = qFromBigEndian<quint32>(h + 24);
    const quint32 pages = qFromBigEndian<quint32>(h + 28);
    const quint32 validFor = qFromBigEndian<quint32>(h + 92);
    // While a write-ahead log is present, a checkpoint may have been cut
    // short after updating the header but before extending the file; SQLite
    // completes it from the log, so only a file without a log must be whole.
    const QFileInfo wal(path + QStringLiteral("-wal"));
    const bool walPending = wal.exists() && wal.size() > 0;
    const bool pagesValid = validFor == changeCounter && pages > 0 && !walPending;
    if ((size % pageSize != 0 && !walPending) || (pagesValid && qint64(pages) * pageSize > size)) {
        *error = refusal(path, QStringLiteral("is damaged (truncated: %1 bytes, expected %2)")
                                   .arg(size)
                                   .arg(pagesValid ? qint64(pages) * pageSize : (size / pageSize + 1) * pageSize));
        return false;
    }
    return true;
}

// A database connection that is removed from Qt's registry when it goes out
// of scope (every QSqlQuery on it must be gone by then).
class ScopedConnection final
{
public:
    ScopedConnection(const QString &path, const QString &options = QString())
        : m_name(QStringLiteral("depot-store-setup-%1").arg(++g_connectionCounter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(options);
    }
    ~ScopedConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
};

bool execOne(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    *error = q.lastError().text();
    return false;
}

// Builds a new database next to `path` and renames it into place, so a
// depot.db that exists is always complete (a crash here leaves only the
// temporary file, which the next start replaces).
bool createDatabase(const QString &path, QString *error)
{
    const QString temporary = path + QStringLiteral(".creating");
    QFile::remove(temporary);
    QFile::remove(temporary + QStringLiteral("-journal"));
    {
        ScopedConnection connection(temporary);
        QSqlDatabase db = connection.db();
        QString why;
        if (!db.open()) {
            *error = QStringLiteral("depot: cannot create %1: %2")
                         .arg(QDir::toNativeSeparators(path), db.lastError().text());
            return false;
        }
        if (!schema::migrate(db, schema::migrations(), &why)
            || !execOne(db, QStringLiteral("PRAGMA journal_mode = WAL"), &why)) {
            *error = QStringLiteral("depot: cannot create %1: %2").arg(QDir::toNativeSeparators(path), why);
            return false;
        }
    }
    if (!QFile::rename(temporary, path)) {
        *error = QStringLiteral("depot: cannot create %1 (rename failed)").arg(QDir::toNativeSeparators(path));
        QFile::remove(temporary);
        return false;
    }
    return true;
}

struct ThreadStopper
{
    void operator()(QThread *thread) const
    {
        thread->quit();
        thread->wait();
        delete thread;
    }
};

} // namespace

struct Store::Private
{
    QString dataDir;
    QString path;
    Durability durability = Durability::Normal;

    std::shared_ptr<StoreShared> shared = std::make_shared<StoreShared>();
    std::unique_ptr<QThread, ThreadStopper> thread;
    StoreWriter *writer = nullptr;   // lives on `thread`, deleted when it finishes

    std::vector<StoreOp> buffer;
    std::vector<DeliveryRecord> deliveries;   // this hand-over's delivery states
    size_t lastBatchSize = 0;
    size_t lastDeliveriesSize = 0;
    quint64 submitted = 0;
    quint64 committed = 0;
    bool submitScheduled = false;
    bool closed = false;
    QList<MessageId> staleLeases;   // lease deadlines of messages not stored any more
    bool recoveredTaken = false;

    qint64 maxQueueId = 0;
    QHash<QString, qint64> queueIds;
    RecoveredState recovered;

    QString readConnection;
    bool readFailing = false;   // the last read failed; said once in the log
};

Store::Store(QObject *parent) : QObject(parent), d(std::make_unique<Private>()) {}

Store::~Store()
{
    close();
}

std::unique_ptr<Store> Store::open(const QString &dataDir, Durability durability, QString *error, QObject *parent)
{
    QString scratch;
    QString &err = error ? *error : scratch;
    const QString nativeDir = QDir::toNativeSeparators(dataDir);
    if (dataDir.isEmpty()) {
        err = QStringLiteral("depot: no data directory given (use --data-dir)");
        return nullptr;
    }
    QFileInfo dirInfo(dataDir);
    if (dirInfo.exists() && !dirInfo.isDir()) {
        err = QStringLiteral("depot: data directory %1 is not a directory; choose another --data-dir").arg(nativeDir);
        return nullptr;
    }
    if (!QDir().mkpath(dataDir)) {
        err = QStringLiteral("depot: cannot create data directory %1; choose another --data-dir").arg(nativeDir);
        return nullptr;
    }
    dirInfo.refresh();
    if (!dirInfo.isWritable()) {
        err = QStringLiteral("depot: data directory %1 is not writable; choose another --data-dir").arg(nativeDir);
        return nullptr;
    }

    std::unique_ptr<Store> store(new Store(parent));
    Private &d = *store->d;
    d.dataDir = dataDir;
    d.path = QDir(dataDir).absoluteFilePath(QStringLiteral("depot.db"));
    d.durability = durability;

    if (QFileInfo::exists(d.path)) {
        if (!validateHeader(d.path, &err))
            return nullptr;
    } else if (!createDatabase(d.path, &err)) {
        return nullptr;
    }
    // Only its owner reads the messages: 0600 before anything opens it again,
    // so SQLite makes the -wal and -shm beside it 0600 too (it copies the
    // database's mode); ones left by an older Depot are closed here.
    for (const char *suffix : {"", "-wal", "-shm"})
        makeFilePrivate(d.path + QLatin1String(suffix));

    {
        ScopedConnection connection(d.path);
        QSqlDatabase db = connection.db();
        if (!db.open()) {
            err = refusal(d.path, QStringLiteral("cannot be opened (%1)").arg(db.lastError().text()));
            return nullptr;
        }
        if (!store->loadDurableState(db, &err))
            return nullptr;
    }

    d.thread.reset(new QThread);
    d.thread->setObjectName(QStringLiteral("depot-store"));
    d.writer = new StoreWriter(d.shared, d.path, durability);
    d.writer->moveToThread(d.thread.get());
    connect(d.thread.get(), &QThread::finished, d.writer, &QObject::deleteLater);
    Store *self = store.get();
    connect(d.writer, &StoreWriter::committed, self, [self](quint64 seq) { self->noteCommitted(seq); },
            Qt::QueuedConnection);
    connect(d.writer, &StoreWriter::failed, self, &Store::writeFailed, Qt::QueuedConnection);
    connect(d.writer, &StoreWriter::recovered, self, &Store::writeRecovered, Qt::QueuedConnection);
    d.thread->start();

    bool ok = false;
    QString writerError;
    StoreWriter *writer = d.writer;
    QMetaObject::invokeMethod(
        writer, [writer, &ok, &writerError] { ok = writer->init(&writerError); }, Qt::BlockingQueuedConnection);
    if (!ok) {
        err = QStringLiteral("depot: cannot open %1 for writing: %2").arg(QDir::toNativeSeparators(d.path), writerError);
        return nullptr;   // the destructor stops the thread
    }
    return store;
}

bool Store::loadDurableState(QSqlDatabase &db, QString *error)
{
    Private &d = *this->d;
    const qint64 applicationId = schema::pragmaValue(db, QStringLiteral("application_id"));
    if (applicationId < 0) {
        *error = refusal(d.path, QStringLiteral("is damaged (%1)").arg(db.lastError().text()));
        return false;
    }
    if (quint32(applicationId) != schema::ApplicationId) {
        *error = refusal(d.path, QStringLiteral("is not a Depot database (application id 0x%1)")
                                     .arg(quint32(applicationId), 8, 16, QLatin1Char('0')));
        return false;
    }
    QString why;
    if (!schema::migrate(db, schema::migrations(), &why)) {
        *error = refusal(d.path, why);
        return false;
    }

    QSqlQuery q(db);
    q.setForwardOnly(true);
    QStringList tables;
    if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                               " ORDER BY name"))) {
        *error = refusal(d.path, QStringLiteral("is damaged (%1)").arg(q.lastError().text()));
        return false;
    }
    while (q.next())
        tables << q.value(0).toString();
    if (tables != schema::expectedTables()) {
        *error = refusal(d.path, QStringLiteral("is not a Depot database (its tables are: %1)")
                                     .arg(tables.isEmpty() ? QStringLiteral("none") : tables.join(QStringLiteral(", "))));
        return false;
    }

    auto damaged = [&](const QString &what) {
        *error = refusal(d.path, QStringLiteral("is damaged (%1)").arg(what));
        return false;
    };
    RecoveredState &state = d.recovered;
    QHash<qint64, qsizetype> queueIndex;
    if (!q.exec(QStringLiteral("SELECT id, definition FROM queues ORDER BY id")))
        return damaged(q.lastError().text());
    while (q.next()) {
        auto def = codec::decodeQueueDef(q.value(1).toByteArray());
        if (!def)
            return damaged(QStringLiteral("unreadable definition of queue %1").arg(q.value(0).toLongLong()));
        RecoveredQueue rq;
        rq.storeId = q.value(0).toLongLong();
        rq.def = *def;
        queueIndex.insert(rq.storeId, state.queues.size());
        d.queueIds.insert(rq.def.name, rq.storeId);
        d.maxQueueId = qMax(d.maxQueueId, rq.storeId);
        state.queues.append(std::move(rq));
    }
    if (q.lastError().isValid())
        return damaged(q.lastError().text());
    if (!q.exec(QStringLiteral("SELECT name, definition FROM exchanges ORDER BY name")))
        return damaged(q.lastError().text());
    while (q.next()) {
        auto def = codec::decodeExchangeDef(q.value(1).toByteArray());
        if (!def)
            return damaged(QStringLiteral("unreadable definition of exchange '%1'").arg(q.value(0).toString()));
        state.exchanges.append(*def);
    }
    if (!q.exec(QStringLiteral("SELECT source, destination, kind, routing_key, arguments FROM bindings ORDER BY id")))
        return damaged(q.lastError().text());
    while (q.next()) {
        BindingDef b;
        b.source = q.value(0).toString();
        b.destination = q.value(1).toString();
        const int kind = q.value(2).toInt();
        auto arguments = codec::decodeArguments(q.value(4).toByteArray());
        if (!arguments || kind < 0 || kind > int(DestinationKind::Exchange))
            return damaged(QStringLiteral("unreadable binding from '%1'").arg(b.source));
        b.destinationKind = DestinationKind(kind);
        b.routingKey = q.value(3).toString();
        b.arguments = *arguments;
        state.bindings.append(std::move(b));
    }

    // Deadlines of leases held when Depot stopped (few: only leases with a
    // deadline write one).
    QHash<MessageId, qint64> leaseDeadlines;
    if (!q.exec(QStringLiteral("SELECT message_id, deadline FROM leases")))
        return damaged(q.lastError().text());
    while (q.next())
        leaseDeadlines.insert(q.value(0).toULongLong(), q.value(1).toLongLong());

    // The compact index: only id, queue and state, never the content.
    quint64 orphans = 0;
    if (!q.exec(QStringLiteral("SELECT id, queue_id, state, delivery FROM messages ORDER BY id")))
        return damaged(q.lastError().text());
    qsizetype lastIndex = -1;
    qint64 lastQueueId = -1;
    while (q.next()) {
        const qint64 queueId = q.value(1).toLongLong();
        if (queueId != lastQueueId) {
            lastQueueId = queueId;
            lastIndex = queueIndex.value(queueId, -1);
        }
        const MessageId id = q.value(0).toULongLong();
        state.maxMessageId = qMax(state.maxMessageId, id);
        if (lastIndex < 0) {
            ++orphans;
            continue;
        }
        const auto s = codec::decodeState(q.value(2).toByteArray());
        if (!s)
            return damaged(QStringLiteral("unreadable state of message %1").arg(id));
        RecoveredMessage m;
        m.id = id;
        m.enqueuedAt = s->enqueuedAt;
        m.expiresAt = s->expiresAt;
        m.readyAt = s->readyAt;
        m.bodySize = s->bodySize;
        m.priority = s->priority;
        const QVariant delivery = q.value(3);
        if (delivery.isNull()) {
            m.deliveryCount = s->deliveryCount;
            m.redelivered = s->redelivered;
        } else {
            const qint64 packed = codec::packedFromColumn(delivery.toLongLong());
            m.deliveryCount = quint32(packed >> 1);
            m.redelivered = packed & 1;
        }
        if (!leaseDeadlines.isEmpty())
            m.leaseDeadline = leaseDeadlines.take(id);
        state.queues[lastIndex].messages.append(m);
    }
    if (q.lastError().isValid())
        return damaged(q.lastError().text());
    // Deadlines of messages that are gone (removed with their queue): dropped
    // by recover(), once the writer runs.
    d.staleLeases = leaseDeadlines.keys();
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'max_message_id'")) && q.next())
        state.maxMessageId = qMax(state.maxMessageId, q.value(0).toULongLong());

    for (const RecoveredQueue &rq : std::as_const(state.queues))
        qCInfo(lcDepotStore).noquote()
            << QStringLiteral("recovered queue '%1': %2 messages").arg(rq.def.name).arg(rq.messages.size());
    if (orphans)
        qCWarning(lcDepotStore).noquote()
            << QStringLiteral("%1 stored messages belong to no stored queue; ignored").arg(orphans);
    return true;
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

void Store::setLeaseDeadline(MessageId id, qint64 deadline)
{
    StoreOp op;
    op.kind = StoreOp::Kind::LeaseDeadline;
    op.id = id;
    op.number = deadline;
    enqueue(std::move(op));
}

void Store::purgeQueue(qint64 queueId)
{
    StoreOp op;
    op.kind = StoreOp::Kind::PurgeQueue;
    op.queueId = queueId;
    enqueue(std::move(op));
}

quint64 Store::submit()
{
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

QHash<MessageId, ContentPtr> Store::loadContents(const QList<MessageId> &ids, bool *ok)
{
    QHash<MessageId, ContentPtr> result;
    if (ok)
        *ok = true;
    if (ids.isEmpty() || d->path.isEmpty())
        return result;
    QString failure;
    if (d->readConnection.isEmpty()) {
        d->readConnection = QStringLiteral("depot-store-reader-%1").arg(++g_connectionCounter);
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), d->readConnection);
        db.setDatabaseName(d->path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=1000"));
        if (!db.open())
            failure = db.lastError().text();
    }
    if (failure.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(d->readConnection, false);
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
    if (!failure.isEmpty()) {
        // The caller keeps the messages and asks again later; a fresh
        // connection then, in case this one is what broke.
        closeReader();
        if (!d->readFailing) {
            d->readFailing = true;
            qCWarning(lcDepotStore).noquote()
                << QStringLiteral("Depot cannot read message bodies from %1: %2; their delivery waits until it can")
                       .arg(QDir::toNativeSeparators(d->path), failure);
        }
        if (ok)
            *ok = false;
        return {};
    }
    if (d->readFailing) {
        d->readFailing = false;
        qCInfo(lcDepotStore).noquote()
            << QStringLiteral("Depot reads message bodies from %1 again").arg(QDir::toNativeSeparators(d->path));
    }
    return result;
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
