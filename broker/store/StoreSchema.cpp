#include "broker/store/StoreSchema.h"

#include "broker/amqp/codec/XDeath.h"
#include "broker/store/StoreCodec.h"

#include <QSqlError>
#include <QSqlQuery>

#include <limits>

namespace depot::store::schema {

namespace {

bool execAll(QSqlDatabase &db, const QStringList &statements, QString *error)
{
    QSqlQuery q(db);
    for (const QString &sql : statements) {
        if (!q.exec(sql)) {
            *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

bool createV1(QSqlDatabase &db, QString *error)
{
    // Message rows: INTEGER PRIMARY KEY makes the message id the rowid, so
    // recovery scans in id order (= enqueue order) without sorting. `delivery`,
    // when not NULL, overrides the counters inside `state` (Depot writes it
    // in one width, see codec::deliveryColumn); `content` comes last so a
    // scan of the other columns need not decode it.
    return execAll(db,
                   {
                       QStringLiteral("CREATE TABLE queues (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                                      " definition BLOB NOT NULL)"),
                       QStringLiteral("CREATE TABLE exchanges (name TEXT PRIMARY KEY, definition BLOB NOT NULL)"),
                       QStringLiteral("CREATE TABLE bindings (id INTEGER PRIMARY KEY, source TEXT NOT NULL,"
                                      " destination TEXT NOT NULL, kind INTEGER NOT NULL, routing_key TEXT NOT NULL,"
                                      " arguments BLOB NOT NULL,"
                                      " UNIQUE (source, destination, kind, routing_key, arguments))"),
                       QStringLiteral("CREATE TABLE messages (id INTEGER PRIMARY KEY, queue_id INTEGER NOT NULL,"
                                      " state BLOB NOT NULL, delivery INTEGER, content BLOB NOT NULL)"),
                       // Purge and queue deletion find a queue's rows without a full scan.
                       QStringLiteral("CREATE INDEX messages_by_queue ON messages (queue_id)"),
                       // Highest message id ever handed out, so ids are never reused after a
                       // restart even when the newest messages were acknowledged.
                       QStringLiteral("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)"),
                       QStringLiteral("INSERT INTO meta (key, value) VALUES ('max_message_id', 0)"),
                   },
                   error);
}

bool typeDeathRecords(QSqlDatabase &db, QString *error)
{
    // Version 1 kept a dead letter's history as the x-death headers (and
    // x-first-death-* / x-last-death-*) inside the stored headers; from
    // version 2 it is a typed DeathHistory beside them. Rows are rewritten
    // once, here, so no later read needs to know the old form. The header
    // names are stored as UTF-16 by QDataStream: only rows whose content
    // holds "death" in that form can carry one, so the others (nearly all)
    // are neither decoded nor written.
    const QByteArray needle("\0d\0e\0a\0t\0h", 10);
    QSqlQuery select(db);
    select.setForwardOnly(true);
    if (!select.prepare(QStringLiteral("SELECT id, content FROM messages WHERE instr(content, ?) > 0"))) {
        *error = select.lastError().text();
        return false;
    }
    select.addBindValue(needle);
    if (!select.exec()) {
        *error = select.lastError().text();
        return false;
    }
    std::vector<std::pair<qint64, QByteArray>> rewritten;
    while (select.next()) {
        const ContentPtr old = codec::decodeContent(select.value(1).toByteArray());
        if (!old || !old->properties.headers)
            continue; // not ours to judge here: reading it fails later as it did before
        MessageContent content = *old;
        content.deaths = amqp::xdeath::takeHistory(*content.properties.headers);
        if (content.deaths.isEmpty())
            continue;
        rewritten.emplace_back(select.value(0).toLongLong(), codec::encodeContent(content));
    }
    select.finish();
    QSqlQuery update(db);
    if (!update.prepare(QStringLiteral("UPDATE messages SET content = ? WHERE id = ?"))) {
        *error = update.lastError().text();
        return false;
    }
    for (const auto &[id, bytes] : rewritten) {
        update.addBindValue(bytes);
        update.addBindValue(id);
        if (!update.exec()) {
            *error = update.lastError().text();
            return false;
        }
    }
    return true;
}

bool addLeases(QSqlDatabase &db, QString *error)
{
    // Deadlines of leases (a delivery awaiting settlement with a deadline,
    // e.g. an SQS visibility timeout), so a restart keeps the message
    // invisible until then. A table of their own: AMQP's leases have no
    // deadline and never write here, so the message path pays nothing.
    return execAll(db,
                   {QStringLiteral("CREATE TABLE leases (message_id INTEGER PRIMARY KEY, deadline INTEGER NOT NULL)")},
                   error);
}

bool addSqsState(QSqlDatabase &db, QString *error)
{
    // The first delivery of a message on a queue of an SQS kind (its
    // ApproximateFirstReceiveTimestamp) rides in the row of its lease, which
    // stays with deadline 0 while the message is ready again. The
    // deduplication window of sqs-fifo queues: one row per id seen, until it
    // expires (queue_id is the queues table's id; the rows of a deleted
    // queue go with it).
    return execAll(db,
        {QStringLiteral("ALTER TABLE leases ADD COLUMN first_delivered_at INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE TABLE deduplication (queue_id INTEGER NOT NULL, key TEXT NOT NULL,"
                           " message_id INTEGER NOT NULL, publisher_message_id TEXT NOT NULL,"
                           " expires_at INTEGER NOT NULL, PRIMARY KEY (queue_id, key))")},
        error);
}

bool addQueuePause(QSqlDatabase &db, QString *error)
{
    // Whether the user paused delivery from a queue: a column of the queue's
    // row rather than part of its definition, which is what was declared
    // (redeclaring compares against it) and is rewritten on every change.
    return execAll(db, {QStringLiteral("ALTER TABLE queues ADD COLUMN paused INTEGER NOT NULL DEFAULT 0")}, error);
}

bool typeTtlAndPriority(QSqlDatabase &db, QString *error)
{
    // Up to version 5 the engine worked out a message's own TTL and priority
    // from its stored AMQP `expiration` and `priority` properties whenever it
    // moved or dead-lettered it; from version 6 the content carries both
    // typed. Rows are rewritten once, here, with the translation AMQP
    // publishing applies (a non-negative decimal expiration is the TTL; the
    // priority as given), so no later read needs to know the old form. Only
    // rows with either property (their presence bits, the content's second
    // byte) are decoded; the others are left as they are. Keyset pages keep
    // memory bounded on a large database.
    constexpr quint8 PriorityBit = 1 << 4; // StoreCodec's presence bits of the two properties
    constexpr quint8 ExpirationBit = 1 << 7;
    QSqlQuery select(db);
    select.setForwardOnly(true);
    QSqlQuery update(db);
    if (!select.prepare(QStringLiteral("SELECT id, content FROM messages WHERE id > ? ORDER BY id LIMIT 1000"))
        || !update.prepare(QStringLiteral("UPDATE messages SET content = ? WHERE id = ?"))) {
        *error = select.lastError().isValid() ? select.lastError().text() : update.lastError().text();
        return false;
    }
    qint64 last = std::numeric_limits<qint64>::min();
    for (;;) {
        select.bindValue(0, last);
        if (!select.exec()) {
            *error = select.lastError().text();
            return false;
        }
        std::vector<std::pair<qint64, QByteArray>> rewritten;
        int rows = 0;
        while (select.next()) {
            ++rows;
            last = select.value(0).toLongLong();
            const QByteArray bytes = select.value(1).toByteArray();
            if (bytes.size() < 2 || !(quint8(bytes.at(1)) & (PriorityBit | ExpirationBit)))
                continue;
            const ContentPtr old = codec::decodeContent(bytes);
            if (!old)
                continue; // not ours to judge here: reading it fails later as it did before
            MessageContent content = *old;
            content.priority = content.properties.priority.value_or(0);
            if (content.properties.expiration) {
                bool ok = false;
                const qint64 ttl = content.properties.expiration->toLongLong(&ok);
                if (ok && ttl >= 0)
                    content.ttlMs = ttl;
            }
            if (content != *old)
                rewritten.emplace_back(last, codec::encodeContent(content));
        }
        select.finish();
        for (const auto &[id, bytes] : rewritten) {
            update.addBindValue(bytes);
            update.addBindValue(id);
            if (!update.exec()) {
                *error = update.lastError().text();
                return false;
            }
        }
        if (rows < 1000)
            return true;
    }
}

bool addPolicies(QSqlDatabase &db, QString *error)
{
    // Policies and operator policies (operator = 1), one row each; the
    // definition is the engine's JSON of the policy, which the store keeps
    // without reading it.
    return execAll(db,
        {QStringLiteral("CREATE TABLE policies (operator INTEGER NOT NULL, vhost TEXT NOT NULL, name TEXT NOT NULL,"
                        " definition BLOB NOT NULL, PRIMARY KEY (operator, vhost, name))")},
        error);
}

bool addLogs(QSqlDatabase &db, QString *error)
{
    // The log engine's topics (Kafka's): a topic's settings are the log
    // engine's JSON of them, which the store does not read. A partition's
    // row holds its log start offset, moved by retention. Batches are kept
    // as received (base offset rewritten), one row each, keyed for the range
    // reads of a fetch; the rowid table keeps the bytes out of the key's
    // b-tree (docs/ARCHITECTURE.md §14, "Log store"); the idempotent
    // producer of each batch beside it, so a restart knows the producers'
    // sequences without reading the bytes. Committed offsets of
    // consumer groups, with their metadata, one row per group and partition.
    return execAll(db,
        {QStringLiteral("CREATE TABLE log_topics (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                        " partitions INTEGER NOT NULL, settings BLOB NOT NULL)"),
            QStringLiteral("CREATE TABLE log_partitions (topic_id INTEGER NOT NULL, partition INTEGER NOT NULL,"
                           " log_start_offset INTEGER NOT NULL, PRIMARY KEY (topic_id, partition)) WITHOUT ROWID"),
            QStringLiteral("CREATE TABLE log_batches (topic_id INTEGER NOT NULL, partition INTEGER NOT NULL,"
                           " base_offset INTEGER NOT NULL, last_offset INTEGER NOT NULL,"
                           " max_timestamp INTEGER NOT NULL, producer_id INTEGER NOT NULL,"
                           " producer_epoch INTEGER NOT NULL, base_sequence INTEGER NOT NULL, bytes BLOB NOT NULL,"
                           " PRIMARY KEY (topic_id, partition, base_offset))"),
            QStringLiteral("CREATE TABLE group_offsets (group_id TEXT NOT NULL, topic TEXT NOT NULL,"
                           " partition INTEGER NOT NULL, committed_offset INTEGER NOT NULL, metadata TEXT,"
                           " PRIMARY KEY (group_id, topic, partition)) WITHOUT ROWID")},
        error);
}

bool markOrigins(QSqlDatabase &, QString *)
{
    // From version 9 a content record may carry where and when its message
    // was first enqueued (StoreCodec's OriginField), written when a message
    // is moved, copied, replayed or dead-lettered. Rows written before carry
    // none and read as they did: nothing is rewritten (a dead letter stored
    // before records its dead-letter queue as its origin when it is next
    // moved: when it entered the queue it died in was not kept). The step exists for
    // the version number, so a Depot that does not know the field refuses
    // the file rather than finding such rows unreadable.
    return true;
}

bool addHistoryJournal(QSqlDatabase &db, QString *error)
{
    // The message history journal (docs/ARCHITECTURE.md, "Message
    // history"): one row per store hand-over that recorded events of stored
    // messages, its records the engine's own encoding (HistoryBook), which
    // the store does not read. Rows are only appended, and dropped all at
    // once below a compacted row.
    return execAll(db,
        {QStringLiteral("CREATE TABLE history_journal (seq INTEGER PRIMARY KEY, records BLOB NOT NULL)")}, error);
}

bool markPublishers(QSqlDatabase &, QString *)
{
    // From version 11 a content record may carry who published it
    // (StoreCodec's PublisherField, written while message history is on):
    // the published event of a message's story is read off its row, not
    // journaled at publish (docs/ARCHITECTURE.md, "Message history"). Rows
    // written before carry none and have their story in the journal. The
    // step exists for the version number, so a Depot that does not know the
    // field refuses the file rather than finding such rows unreadable.
    return true;
}

bool addLogStories(QSqlDatabase &db, QString *error)
{
    // A Kafka record's story (docs/ARCHITECTURE.md, "Kafka records") read
    // after a restart too: who appended each batch and when, who committed
    // each group offset and when, and each partition's last removals
    // (retention, compaction: a range of offsets, when, why), which go with
    // their topic. Rows written before carry 0 / -1 and "": not known.
    return execAll(db,
        {QStringLiteral("ALTER TABLE log_batches ADD COLUMN appended_at INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE log_batches ADD COLUMN producer TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE group_offsets ADD COLUMN committed_at INTEGER NOT NULL DEFAULT -1"),
            QStringLiteral("ALTER TABLE group_offsets ADD COLUMN committer TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("CREATE TABLE log_removals (topic_id INTEGER NOT NULL, partition INTEGER NOT NULL,"
                           " from_offset INTEGER NOT NULL, to_offset INTEGER NOT NULL, at INTEGER NOT NULL,"
                           " why TEXT NOT NULL, UNIQUE (topic_id, partition, from_offset, at))")},
        error);
}

} // namespace

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> steps = {
        {1, QStringLiteral("queues, exchanges, bindings, messages"), createV1},
        {2, QStringLiteral("typed dead-letter history (death records)"), typeDeathRecords},
        {3, QStringLiteral("lease deadlines"), addLeases},
        {4, QStringLiteral("first deliveries and deduplication windows"), addSqsState},
        {5, QStringLiteral("paused queues"), addQueuePause},
        {6, QStringLiteral("typed per-message TTL and priority"), typeTtlAndPriority},
        {7, QStringLiteral("policies"), addPolicies},
        {8, QStringLiteral("log topics, batches and committed offsets"), addLogs},
        {9, QStringLiteral("where a moved message was first enqueued"), markOrigins},
        {10, QStringLiteral("message history journal"), addHistoryJournal},
        {11, QStringLiteral("who published a message, in its content"), markPublishers},
        {12, QStringLiteral("who appended a log batch and committed a group offset, and log removals"), addLogStories},
    };
    return steps;
}

int currentVersion()
{
    return migrations().back().toVersion;
}

QStringList expectedTables()
{
    return {QStringLiteral("bindings"), QStringLiteral("deduplication"), QStringLiteral("exchanges"),
        QStringLiteral("group_offsets"), QStringLiteral("history_journal"), QStringLiteral("leases"), QStringLiteral("log_batches"),
        QStringLiteral("log_partitions"), QStringLiteral("log_removals"), QStringLiteral("log_topics"), QStringLiteral("messages"),
        QStringLiteral("meta"), QStringLiteral("policies"), QStringLiteral("queues")};
}

qint64 pragmaValue(QSqlDatabase &db, const QString &pragma)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA ") + pragma) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

bool migrate(QSqlDatabase &db, const std::vector<Migration> &steps, QString *error)
{
    const qint64 version = pragmaValue(db, QStringLiteral("user_version"));
    if (version < 0) {
        *error = QStringLiteral("cannot read the schema version: ") + db.lastError().text();
        return false;
    }
    const int latest = steps.empty() ? 0 : steps.back().toVersion;
    if (version > latest) {
        *error = QStringLiteral("was written by a newer Depot (schema version %1, this Depot knows up to %2)")
                     .arg(version)
                     .arg(latest);
        return false;
    }
    if (version == latest)
        return true;
    if (!db.transaction()) {
        *error = db.lastError().text();
        return false;
    }
    QSqlQuery q(db);
    for (const Migration &step : steps) {
        if (step.toVersion <= version)
            continue;
        QString stepError;
        if (!step.apply(db, &stepError)) {
            db.rollback();
            *error = QStringLiteral("migration to schema version %1 (%2) failed: %3")
                         .arg(step.toVersion)
                         .arg(step.description, stepError);
            return false;
        }
    }
    // Pragmas take no bound parameters; the values are integers we control.
    if (!q.exec(QStringLiteral("PRAGMA application_id = %1").arg(ApplicationId))
        || !q.exec(QStringLiteral("PRAGMA user_version = %1").arg(latest)) || !db.commit()) {
        *error = q.lastError().isValid() ? q.lastError().text() : db.lastError().text();
        db.rollback();
        return false;
    }
    return true;
}

} // namespace depot::store::schema
