#pragma once

// StoreSchema: what makes an SQLite file a Depot database, and how older
// Depot databases are brought up to date.
//
// A Depot database carries PRAGMA application_id = ApplicationId ("DPOT") and
// PRAGMA user_version = its schema version. Migrations are an ordered list of
// steps; step N turns a version N-1 database into version N. A new database
// runs every step; a database at version K runs the steps after K, all in one
// transaction with the new user_version, so a failed migration leaves the
// file at K.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace depot::store::schema {

constexpr quint32 ApplicationId = 0x44504F54;   // "DPOT"

struct Migration
{
    int toVersion = 0;
    QString description;
    // Runs inside the migration transaction; returns false and sets *error on failure.
    std::function<bool(QSqlDatabase &db, QString *error)> apply;
};

// Depot's migrations, oldest first. The last one's version is the current schema.
const std::vector<Migration> &migrations();
int currentVersion();

// The tables a Depot database of the current version has (sqlite_ internal
// tables excluded).
QStringList expectedTables();

// Runs the steps of `steps` after the database's user_version in one
// transaction. Refuses (false, *error) a version newer than steps know.
bool migrate(QSqlDatabase &db, const std::vector<Migration> &steps, QString *error);

// Reads an integer pragma (application_id, user_version ...); -1 on error.
qint64 pragmaValue(QSqlDatabase &db, const QString &pragma);

} // namespace depot::store::schema
