#pragma once

// SnapshotTableModel: a flat table refreshed from periodic snapshots without
// ever resetting. Each refresh is diffed against the rows shown by key:
// vanished rows are removed (contiguous runs, one begin/endRemoveRows each),
// changed rows get dataChanged, new rows are appended with one
// begin/endInsertRows. Selection, sorting (through a proxy) and scroll
// position therefore survive updates.
//
// dataChanged covers only what changed: one signal per run of adjacent
// changed rows, spanning only the columns that changed in them (see
// changedColumns). This matters at 1,000+ rows: a sorting proxy re-sorts
// only when the sort column is inside the changed range, and unchanged rows
// are never repainted. Each row's key is computed once per refresh.

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

namespace depot::ui {

// The columns of a row that changed, as a closed range; empty when nothing did.
struct ColumnSpan
{
    int first = -1;
    int last = -1;
    bool isEmpty() const { return first < 0; }
    // Widens the span to take in column c.
    void add(int c)
    {
        if (first < 0 || c < first)
            first = c;
        if (c > last)
            last = c;
    }
    void add(ColumnSpan other)
    {
        if (!other.isEmpty()) {
            add(other.first);
            add(other.last);
        }
    }
};

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
    // Which columns show something different for `after` than for `before`
    // (the same key); empty when the row need not be repainted.
    virtual ColumnSpan changedColumns(const Row &before, const Row &after) const = 0;

    void applyRows(QList<Row> incoming)
    {
        QList<QString> incomingKeys;
        incomingKeys.reserve(incoming.size());
        for (const Row &row : incoming)
            incomingKeys.append(keyOf(row));
        if (incomingKeys == m_lastKeys) {
            // The same keys in the same order as last time, the usual
            // refresh: each shown row's place in the snapshot is known, no
            // hashing (at 1,000+ rows hashing the keys was most of a refresh).
            updateInPlace(incoming, [this](qsizetype i) { return m_lastIndexOf.at(i); });
            return;
        }

        QHash<QString, qsizetype> incomingIndex;
        incomingIndex.reserve(incoming.size());
        for (qsizetype i = 0; i < incoming.size(); ++i)
            incomingIndex.insert(incomingKeys.at(i), i);

        // Removals, from the end so earlier indexes stay valid.
        bool removed = false;
        for (qsizetype i = m_rows.size() - 1; i >= 0;) {
            if (incomingIndex.contains(m_keys.at(i))) {
                --i;
                continue;
            }
            qsizetype first = i;
            while (first > 0 && !incomingIndex.contains(m_keys.at(first - 1)))
                --first;
            beginRemoveRows({}, int(first), int(i));
            m_rows.remove(first, i - first + 1);
            m_keys.remove(first, i - first + 1);
            endRemoveRows();
            removed = true;
            i = first - 1;
        }

        // Updates in place.
        QList<bool> taken(incoming.size(), false);
        updateInPlace(incoming, [&](qsizetype i) {
            const qsizetype j = incomingIndex.value(m_keys.at(i));
            taken[j] = true;
            return j;
        });

        // Insertions at the end, in snapshot order.
        QList<Row> added;
        QList<QString> addedKeys;
        for (qsizetype j = 0; j < incoming.size(); ++j) {
            if (!taken.at(j)) {
                added.append(std::move(incoming[j]));
                addedKeys.append(incomingKeys.at(j));
            }
        }
        if (!added.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(added.size()) - 1);
            m_rows.append(std::move(added));
            for (qsizetype k = 0; k < addedKeys.size(); ++k)
                m_index.insert(addedKeys.at(k), first + int(k));
            m_keys.append(std::move(addedKeys));
            endInsertRows();
        }

        if (removed) {
            m_index.clear();
            m_index.reserve(m_keys.size());
            for (qsizetype i = 0; i < m_keys.size(); ++i)
                m_index.insert(m_keys.at(i), int(i));
        }
        m_lastIndexOf.resize(m_keys.size());
        for (qsizetype i = 0; i < m_keys.size(); ++i)
            m_lastIndexOf[i] = incomingIndex.value(m_keys.at(i));
        m_lastKeys = std::move(incomingKeys);
    }

    // Moves each shown row's new values in (incoming[incomingOf(i)] for row
    // i) and emits one dataChanged per run of adjacent changed rows.
    template <typename IncomingOf>
    void updateInPlace(QList<Row> &incoming, IncomingOf incomingOf)
    {
        qsizetype runStart = -1;
        ColumnSpan runColumns;
        const auto endRun = [&](qsizetype end) {
            if (runStart >= 0)
                Q_EMIT dataChanged(index(int(runStart), runColumns.first), index(int(end - 1), runColumns.last));
            runStart = -1;
            runColumns = {};
        };
        for (qsizetype i = 0; i < m_rows.size(); ++i) {
            const qsizetype j = incomingOf(i);
            const ColumnSpan changed = changedColumns(m_rows.at(i), incoming.at(j));
            m_rows[i] = std::move(incoming[j]);   // the newest values, even when nothing shown changed
            if (changed.isEmpty()) {
                endRun(i);
                continue;
            }
            if (runStart < 0)
                runStart = i;
            runColumns.add(changed);
        }
        endRun(m_rows.size());
    }

    QList<Row> m_rows;
    QList<QString> m_keys;          // keyOf(m_rows[i]), kept alongside
    QHash<QString, int> m_index;    // key -> row
    // The last refresh's keys in snapshot order, and where each shown row
    // was in it: rows are appended as they appear, so the two orders differ.
    QList<QString> m_lastKeys;
    QList<qsizetype> m_lastIndexOf;
};

} // namespace depot::ui
