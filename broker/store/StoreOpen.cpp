#include "broker/store/StorePrivate.h"

#include "broker/store/PrivateFiles.h"
#include "broker/store/StoreCodec.h"
#include "broker/store/StoreSchema.h"
#include "broker/store/StoreWriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <atomic>

// StoreOpen.cpp: opening a data directory's database. A new one is built
// beside its final name and renamed into place; an existing one is checked
// (header, application id, tables) before SQLite writes to it, migrated,
// and its durable state (topology, messages, deduplication) loaded for the
// engine's recovery. Then the writer thread starts.

Q_DECLARE_LOGGING_CATEGORY(lcDepotStore)

namespace depot::store {

quint64 nextConnectionNumber()
{
    static std::atomic<quint64> counter{0};
    return ++counter;
}

namespace {

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
        : m_name(QStringLiteral("depot-store-setup-%1").arg(nextConnectionNumber()))
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

} // namespace

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
    if (!q.exec(QStringLiteral("SELECT id, definition, paused FROM queues ORDER BY id")))
        return damaged(q.lastError().text());
    while (q.next()) {
        auto def = codec::decodeQueueDef(q.value(1).toByteArray());
        if (!def)
            return damaged(QStringLiteral("unreadable definition of queue %1").arg(q.value(0).toLongLong()));
        RecoveredQueue rq;
        rq.storeId = q.value(0).toLongLong();
        rq.def = *def;
        rq.paused = q.value(2).toLongLong() != 0;
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
    if (!q.exec(QStringLiteral("SELECT operator, vhost, name, definition FROM policies ORDER BY operator, vhost, name")))
        return damaged(q.lastError().text());
    while (q.next())
        state.policies.append(StoredPolicy{
            q.value(0).toLongLong() != 0, q.value(1).toString(), q.value(2).toString(), q.value(3).toByteArray()});
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
    QHash<MessageId, std::pair<qint64, qint64>> leaseDeadlines;   // deadline, first delivery
    if (!q.exec(QStringLiteral("SELECT message_id, deadline, first_delivered_at FROM leases")))
        return damaged(q.lastError().text());
    while (q.next())
        leaseDeadlines.insert(q.value(0).toULongLong(), {q.value(1).toLongLong(), q.value(2).toLongLong()});

    // Deduplication windows of sqs-fifo queues (the engine drops what expired).
    if (!q.exec(QStringLiteral("SELECT queue_id, key, message_id, publisher_message_id, expires_at FROM deduplication"
                               " ORDER BY expires_at")))
        return damaged(q.lastError().text());
    while (q.next()) {
        const qsizetype index = queueIndex.value(q.value(0).toLongLong(), -1);
        if (index < 0)
            continue;
        state.queues[index].deduplication.append(RecoveredDeduplication{
            q.value(1).toString(), q.value(2).toULongLong(), q.value(3).toString(), q.value(4).toLongLong()});
    }

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
        if (!leaseDeadlines.isEmpty()) {
            const auto lease = leaseDeadlines.take(id);
            m.leaseDeadline = lease.first;
            m.firstDeliveredAt = lease.second;
        }
        state.queues[lastIndex].messages.append(m);
    }
    if (q.lastError().isValid())
        return damaged(q.lastError().text());
    // Deadlines of messages that are gone (removed with their queue): dropped
    // by recover(), once the writer runs.
    d.staleLeases = leaseDeadlines.keys();
    if (!q.exec(QStringLiteral("SELECT records FROM history_journal ORDER BY seq")))
        return damaged(q.lastError().text());
    while (q.next())
        state.historyJournal.append(q.value(0).toByteArray());
    if (q.exec(QStringLiteral("SELECT value FROM meta WHERE key = 'max_message_id'")) && q.next())
        state.maxMessageId = qMax(state.maxMessageId, q.value(0).toULongLong());

    for (const RecoveredQueue &rq : std::as_const(state.queues))
        qCInfo(lcDepotStore).noquote()
            << QStringLiteral("recovered queue '%1': %2 messages").arg(rq.def.name).arg(rq.messages.size());
    if (orphans)
        qCWarning(lcDepotStore).noquote()
            << QStringLiteral("%1 stored messages belong to no stored queue; ignored").arg(orphans);
    return loadLogState(db, error);
}

} // namespace depot::store
