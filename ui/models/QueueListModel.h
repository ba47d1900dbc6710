#pragma once

// QueueListModel: one row per queue, refreshed in place from BrokerClient's
// snapshots. It also keeps a short depth history per queue (one sample per
// snapshot) for the sparkline column, so the sparkline costs no extra broker
// call.

#include "ui/client/BrokerSnapshot.h"
#include "ui/models/SnapshotTableModel.h"

#include <QIcon>

namespace depot::ui {

// A rate per second as the window's tables show it: one decimal below 10.
QString rateText(double perSecond);

struct QueueListRow
{
    QueueRow queue;
    QList<double> depthHistory;   // oldest first, at most HistoryLength samples
};

class QueueListModel final : public SnapshotTableModel<QueueListRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueListModel)

public:
    // Kind .. Visibility describe SQS queues (hidden until one is listed).
    enum Column {
        Name,
        Ready,
        Unacked,
        Total,
        Consumers,
        InRate,
        OutRate,
        Depth,
        DeadLetterLink,
        Kind,
        InFlight,
        Delayed,
        Visibility,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers as numbers, so sorting is numeric
        QueueNameRole,
        FilterTextRole, // what the queue filter matches: name, kind, arguments
        IsDeadLetterQueueRole,
        DepthHistoryRole, // QList<double>
        PausedRole, // bool: delivery stopped by the user
        LinkTargetRole,   // the queue a click on the dead-letter link opens; empty: none
        IsSqsRole,
    };
    static constexpr int HistoryLength = 120;   // 30 s at 4 Hz

    explicit QueueListModel(QObject *parent = nullptr);
    ~QueueListModel() override;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void updateFromSnapshot(const SnapshotPtr &snapshot);
    QStringList queueNames() const;
    bool hasSqsQueue() const;

protected:
    QString keyOf(const QueueListRow &row) const override { return row.queue.name; }
    ColumnSpan changedColumns(const QueueListRow &before, const QueueListRow &after) const override;

private:
    QHash<QString, QList<double>> m_history;
    mutable QIcon m_queueIcon;        // made on first use (GUI thread), shared by every row
    mutable QIcon m_deadLetterIcon;
};

} // namespace depot::ui
