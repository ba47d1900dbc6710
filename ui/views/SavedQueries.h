#pragma once

// SavedQueries: the query bar's queries kept under names, in the window's
// QSettings (group "savedQueries"), so they are there after a restart. Each
// keeps the query's text and where it runs (its scope and queue pattern).
// Names are unique; saving under a name that exists replaces that query.

#include <QList>
#include <QString>

namespace depot::ui {

struct SavedQuery
{
    QString name;
    QString text;
    int scope = 0; // QueryPanel::Scope
    QString pattern; // the queues, for Scope::Matching
    bool operator==(const SavedQuery &) const = default;
};

class SavedQueries final
{
public:
    // Read from the settings; in name order.
    static QList<SavedQuery> load();
    static void save(const SavedQuery &query);
    // False when `from` does not exist or `to` is empty or taken by another.
    static bool rename(const QString &from, const QString &to);
    static void remove(const QString &name);

private:
    static void store(const QList<SavedQuery> &queries);
};

} // namespace depot::ui
