#pragma once

// What the message history tests share.

#include "broker/engine/History.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace depot::test {

// The kinds of a story's events, in order.
inline QList<HistoryEventKind> historyKinds(const MessageStory &story)
{
    QList<HistoryEventKind> out;
    for (const HistoryEntry &e : story.events)
        out.append(e.event.kind);
    return out;
}

// Rows of the history journal in the store's file in `dir`.
inline qint64 journalRows(const QString &dir)
{
    qint64 rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("journal"));
        db.setDatabaseName(dir + QStringLiteral("/depot.db"));
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT count(*) FROM history_journal")) && q.next())
                rows = q.value(0).toLongLong();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("journal"));
    return rows;
}

} // namespace depot::test
