#include "broker/store/StoreSchema.h"

#include <QSqlError>
#include <QSqlQuery>

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

} // namespace

const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> steps = {
        {1, QStringLiteral("queues, exchanges, bindings, messages"), createV1},
        {3, QStringLiteral("lease deadlines"), addLeases},
    };
    return steps;
}

int currentVersion()
{
    return migrations().back().toVersion;
}

QStringList expectedTables()
{
    return {QStringLiteral("bindings"), QStringLiteral("exchanges"), QStringLiteral("leases"),
            QStringLiteral("messages"), QStringLiteral("meta"), QStringLiteral("queues")};
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
