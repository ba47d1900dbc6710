#include "ui/views/SavedQueries.h"

#include "ui/views/WindowParts.h"

#include <QCoreApplication>
#include <QSettings>
#include <algorithm>

namespace depot::ui {

QList<SavedQuery> SavedQueries::load()
{
    QSettings settings(
        QSettings::defaultFormat(), QSettings::UserScope, settingsOrganization(), QCoreApplication::applicationName());
    QList<SavedQuery> queries;
    const int count = settings.beginReadArray(QStringLiteral("savedQueries"));
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        SavedQuery query;
        query.name = settings.value(QStringLiteral("name")).toString();
        query.text = settings.value(QStringLiteral("query")).toString();
        query.scope = settings.value(QStringLiteral("scope")).toInt();
        query.pattern = settings.value(QStringLiteral("queues")).toString();
        if (!query.name.isEmpty())
            queries.append(query);
    }
    settings.endArray();
    std::sort(queries.begin(), queries.end(),
        [](const SavedQuery &a, const SavedQuery &b) { return a.name.localeAwareCompare(b.name) < 0; });
    return queries;
}

void SavedQueries::store(const QList<SavedQuery> &queries)
{
    QSettings settings(
        QSettings::defaultFormat(), QSettings::UserScope, settingsOrganization(), QCoreApplication::applicationName());
    settings.remove(QStringLiteral("savedQueries"));
    settings.beginWriteArray(QStringLiteral("savedQueries"), int(queries.size()));
    for (int i = 0; i < queries.size(); ++i) {
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("name"), queries.at(i).name);
        settings.setValue(QStringLiteral("query"), queries.at(i).text);
        settings.setValue(QStringLiteral("scope"), queries.at(i).scope);
        settings.setValue(QStringLiteral("queues"), queries.at(i).pattern);
    }
    settings.endArray();
}

void SavedQueries::save(const SavedQuery &query)
{
    QList<SavedQuery> queries = load();
    queries.removeIf([&](const SavedQuery &q) { return q.name == query.name; });
    queries.append(query);
    store(queries);
}

bool SavedQueries::rename(const QString &from, const QString &to)
{
    QList<SavedQuery> queries = load();
    const QString name = to.trimmed();
    if (name.isEmpty())
        return false;
    if (name != from
        && std::any_of(queries.cbegin(), queries.cend(), [&](const SavedQuery &q) { return q.name == name; }))
        return false;
    for (SavedQuery &q : queries) {
        if (q.name == from) {
            q.name = name;
            store(queries);
            return true;
        }
    }
    return false;
}

void SavedQueries::remove(const QString &name)
{
    QList<SavedQuery> queries = load();
    queries.removeIf([&](const SavedQuery &q) { return q.name == name; });
    store(queries);
}

} // namespace depot::ui
