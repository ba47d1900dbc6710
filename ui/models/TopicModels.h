#pragma once

// The tables of the Topics and Consumer groups tabs. Topics, partitions,
// groups, members and committed offsets follow the snapshots
// (SnapshotTableModel: refreshed in place, selection kept); records are a
// page the record browser asked for. Rates are worked out here, on the GUI
// side, from successive snapshots (PartitionRates): the broker keeps no
// per-partition rate.

#include "broker/kafka/KafkaAdmin.h"
#include "ui/models/SnapshotTableModel.h"

#include <QHash>
#include <QList>
#include <QPair>

#include <algorithm>

namespace depot::ui {

// Records appended per second to each partition, from the high watermarks of
// successive snapshots: one sample a second (snapshots come four times as
// often), the last HistoryLength kept for the sparklines.
class PartitionRates final
{
public:
    static constexpr int HistoryLength = 60;
    static constexpr qint64 SampleMs = 1000;

    // The topics of a snapshot taken at `atMs` (ms). Partitions and topics no
    // longer there are forgotten.
    void update(const QList<kafka::TopicView> &topics, qint64 atMs);
    // Records per second over the last sample; 0 before the second one.
    double rate(const QString &topic, qint32 partition) const;
    QList<double> history(const QString &topic, qint32 partition) const;   // oldest first
    double topicRate(const QString &topic) const;            // the partitions' sum
    QList<double> topicHistory(const QString &topic) const;  // the partitions' sum, sample by sample

private:
    struct Track
    {
        qint64 end = -1;    // the high watermark at the last sample
        qint64 atMs = 0;    // when that was
        QList<double> history;
    };
    QHash<QPair<QString, qint32>, Track> m_tracks;
    QHash<QString, qint32> m_partitions;   // topic -> partition count
};

// A table whose cells come from one function of the row: the columns that
// changed between two refreshes are the cells that differ.
template <typename Row>
class CellTableModel : public SnapshotTableModel<Row>
{
public:
    enum Role {
        SortRole = Qt::UserRole + 1,   // numbers as numbers
        HistoryRole,                   // QList<double>, for SparklineDelegate
    };
    using SnapshotTableModel<Row>::SnapshotTableModel;

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : columns(); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override
    {
        if (!index.isValid() || index.row() >= this->rowCount())
            return {};
        return cell(this->rowAt(index.row()), index.column(), role);
    }
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
            return {};
        return role == Qt::DisplayRole ? header(section) : headerTip(section);
    }

protected:
    virtual int columns() const = 0;
    virtual QVariant cell(const Row &row, int column, int role) const = 0;
    virtual QString header(int column) const = 0;
    virtual QString headerTip(int) const { return {}; }
    ColumnSpan changedColumns(const Row &before, const Row &after) const override
    {
        ColumnSpan span;
        for (int c = 0; c < columns(); ++c) {
            const bool changed = cell(before, c, Qt::DisplayRole) != cell(after, c, Qt::DisplayRole)
                || cell(before, c, Qt::ToolTipRole) != cell(after, c, Qt::ToolTipRole)
                || !drawnAlike(cell(before, c, HistoryRole).template value<QList<double>>(),
                    cell(after, c, HistoryRole).template value<QList<double>>());
            if (changed)
                span.add(c);
        }
        return span;
    }
    // Whether SparklineDelegate draws the two alike: nothing below two
    // samples, and a flat history at one value the same however long it is
    // (a quiet topic's sparkline gains a sample a second and looks the same).
    static bool drawnAlike(const QList<double> &a, const QList<double> &b)
    {
        if (a.size() < 2 || b.size() < 2)
            return a.size() < 2 && b.size() < 2;
        const auto flatAt = [](const QList<double> &h, double v) {
            return std::all_of(h.begin(), h.end(), [v](double x) { return x == v; });
        };
        return a == b || (flatAt(a, a.first()) && flatAt(b, a.first()));
    }
};

struct TopicRow
{
    QString name;
    qint32 partitions = 0;
    qint64 records = 0;   // log end minus log start, summed
    qint64 sizeBytes = 0;
    double rate = 0;
    QList<double> history;
};

class TopicListModel final : public CellTableModel<TopicRow>
{
    Q_OBJECT
public:
    enum Column { Name, Partitions, Records, Size, Rate, Trend, ColumnCount };
    using CellTableModel::CellTableModel;

    void update(const QList<kafka::TopicView> &topics, const PartitionRates &rates);
    QString topicAt(int row) const { return row >= 0 && row < rowCount() ? rowAt(row).name : QString(); }

protected:
    QString keyOf(const TopicRow &row) const override { return row.name; }
    int columns() const override { return ColumnCount; }
    QVariant cell(const TopicRow &row, int column, int role) const override;
    QString header(int column) const override;
};

struct PartitionRow
{
    kafka::PartitionView partition;
    double rate = 0;
    QList<double> history;
};

class PartitionListModel final : public CellTableModel<PartitionRow>
{
    Q_OBJECT
public:
    enum Column { Partition, Start, End, Records, Size, Rate, Trend, ColumnCount };
    using CellTableModel::CellTableModel;

    // The partitions of `topic` (nullptr: none).
    void update(const kafka::TopicView *topic, const PartitionRates &rates);
    // -1 for no row.
    qint32 partitionAt(int row) const { return row >= 0 && row < rowCount() ? rowAt(row).partition.partition : -1; }

protected:
    QString keyOf(const PartitionRow &row) const override { return QString::number(row.partition.partition); }
    int columns() const override { return ColumnCount; }
    QVariant cell(const PartitionRow &row, int column, int role) const override;
    QString header(int column) const override;
    QString headerTip(int column) const override;
};

// A page of records (or a search's matches), in the order asked for.
class RecordListModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Topic: shown when a query's results come from several topics.
    enum Column { Partition, Offset, Timestamp, Key, Value, Headers, Topic, ColumnCount };
    // A query's results listed at most (the count goes on).
    static constexpr qsizetype MaxResults = 10000;
    using QAbstractTableModel::QAbstractTableModel;

    void setRecords(QList<kafka::RecordView> records);
    // Appends up to MaxResults rows in all; returns how many were left out.
    qsizetype append(const QList<kafka::RecordView> &records);
    const QList<kafka::RecordView> &records() const { return m_records; }
    const kafka::RecordView *recordAt(int row) const
    {
        return row >= 0 && row < m_records.size() ? &m_records.at(row) : nullptr;
    }
    // The row of a record, -1 when it is not on the page.
    int rowOf(qint32 partition, qint64 offset) const;

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_records.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // How a key or value reads in one line: its text (up to `chars`), or
    // what it is when it is none ("null", "binary, 12 bytes").
    static QString preview(const std::optional<QByteArray> &bytes, int chars = 120);
    static QString timestampText(qint64 ms);

private:
    QList<kafka::RecordView> m_records;
};

// The lag the window shows for one partition of a group: from the committed
// offset to the log end, or, for a partition assigned with nothing committed
// yet, from the log start (what a consumer starting at the earliest offset
// has to read); -1 for a committed partition whose topic is gone. And a
// group's: the sum over its partitions.
qint64 shownLag(const kafka::GroupOffsetView &offset);
qint64 shownLag(const kafka::GroupView &group);

class GroupListModel final : public CellTableModel<kafka::GroupView>
{
    Q_OBJECT
public:
    enum Column { Name, State, Members, Lag, ColumnCount };
    using CellTableModel::CellTableModel;

    void update(const QList<kafka::GroupView> &groups) { applyRows(groups); }
    QString groupAt(int row) const { return row >= 0 && row < rowCount() ? rowAt(row).name : QString(); }

protected:
    QString keyOf(const kafka::GroupView &row) const override { return row.name; }
    int columns() const override { return ColumnCount; }
    QVariant cell(const kafka::GroupView &row, int column, int role) const override;
    QString header(int column) const override;
};

class GroupMemberModel final : public CellTableModel<kafka::GroupMemberView>
{
    Q_OBJECT
public:
    // Instance id: the group.instance.id of a static member (empty otherwise).
    enum Column { ClientId, Host, Assignment, InstanceId, MemberId, ColumnCount };
    using CellTableModel::CellTableModel;

    void update(const kafka::GroupView *group) { applyRows(group ? group->members : QList<kafka::GroupMemberView>()); }
    // "orders: 0, 1, 2; audit: 0".
    static QString assignmentText(const QList<QPair<QString, QList<qint32>>> &assignment);

protected:
    QString keyOf(const kafka::GroupMemberView &row) const override { return row.memberId; }
    int columns() const override { return ColumnCount; }
    QVariant cell(const kafka::GroupMemberView &row, int column, int role) const override;
    QString header(int column) const override;
};

class GroupOffsetModel final : public CellTableModel<kafka::GroupOffsetView>
{
    Q_OBJECT
public:
    enum Column { Topic, Partition, Committed, End, Lag, ColumnCount };
    using CellTableModel::CellTableModel;

    void update(const kafka::GroupView *group) { applyRows(group ? group->offsets : QList<kafka::GroupOffsetView>()); }

protected:
    QString keyOf(const kafka::GroupOffsetView &row) const override
    {
        return row.topic + u'\n' + QString::number(row.partition);
    }
    int columns() const override { return ColumnCount; }
    QVariant cell(const kafka::GroupOffsetView &row, int column, int role) const override;
    QString header(int column) const override;
};

} // namespace depot::ui
