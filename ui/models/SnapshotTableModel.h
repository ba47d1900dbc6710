#pragma once

// SnapshotTableModel: a flat table refreshed from periodic snapshots without
// ever resetting. Each refresh is diffed against the rows shown by key:
// vanished rows are removed (contiguous runs, one begin/endRemoveRows each),
// changed rows get dataChanged (per row for a few, one ranged signal for
// many), new rows are appended with one begin/endInsertRows. Selection,
// sorting (through a proxy) and scroll position therefore survive updates.

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

namespace depot::ui {

template <typename Row>
class SnapshotTableModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }

    const Row &rowAt(int row) const { return m_rows.at(row); }
    // -1 when absent.
    int rowOf(const QString &key) const { return m_index.value(key, -1); }

protected:
    virtual QString keyOf(const Row &row) const = 0;
    virtual bool sameContent(const Row &a, const Row &b) const = 0;

    void applyRows(QList<Row> incoming)
    {
        QHash<QString, qsizetype> incomingIndex;
        incomingIndex.reserve(incoming.size());
        for (qsizetype i = 0; i < incoming.size(); ++i)
            incomingIndex.insert(keyOf(incoming.at(i)), i);

        // Removals, from the end so earlier indexes stay valid.
        for (qsizetype i = m_rows.size() - 1; i >= 0;) {
            if (incomingIndex.contains(keyOf(m_rows.at(i)))) {
                --i;
                continue;
            }
            qsizetype first = i;
            while (first > 0 && !incomingIndex.contains(keyOf(m_rows.at(first - 1))))
                --first;
            beginRemoveRows({}, int(first), int(i));
            m_rows.remove(first, i - first + 1);
            endRemoveRows();
            i = first - 1;
        }

        // Updates in place.
        QList<bool> taken(incoming.size(), false);
        QList<int> changed;
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const qsizetype j = incomingIndex.value(keyOf(m_rows.at(i)));
            taken[j] = true;
            if (!sameContent(m_rows.at(i), incoming.at(j))) {
                m_rows[i] = std::move(incoming[j]);
                changed.append(int(i));
            }
        }
        const int lastColumn = columnCount() - 1;
        if (changed.size() <= 4) {
            for (int r : changed)
                Q_EMIT dataChanged(index(r, 0), index(r, lastColumn));
        } else {
            Q_EMIT dataChanged(index(changed.first(), 0), index(changed.last(), lastColumn));
        }

        // Insertions at the end, in snapshot order.
        QList<Row> added;
        for (qsizetype j = 0; j < incoming.size(); ++j) {
            if (!taken.at(j))
                added.append(std::move(incoming[j]));
        }
        if (!added.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(added.size()) - 1);
            m_rows.append(std::move(added));
            endInsertRows();
        }

        m_index.clear();
        for (qsizetype i = 0; i < m_rows.size(); ++i)
            m_index.insert(keyOf(m_rows.at(i)), int(i));
    }

    QList<Row> m_rows;
    QHash<QString, int> m_index;
};

} // namespace depot::ui
