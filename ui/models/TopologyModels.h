#pragma once

// Table models for the Connections tab, refreshed in place from
// BrokerClient's snapshots like the queue list (the Exchanges tab's tree is
// ExchangeTreeModel).

#include "ui/client/BrokerSnapshot.h"
#include "ui/models/SnapshotTableModel.h"

namespace depot::ui {

// One row per consumer; a connection without consumers gets one row of its own.
struct ConsumerRow
{
    ConnectionSummary connection;
    std::optional<ConsumerInfo> consumer;
};

class ConsumerListModel final : public SnapshotTableModel<ConsumerRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsumerListModel)

public:
    enum Column {
        Connection,
        User,
        Protocol,
        Channels,
        Queue,
        ConsumerTag,
        Prefetch,
        AckMode,
        Unacked,
        State,
        ColumnCount
    };

    explicit ConsumerListModel(QObject *parent = nullptr);
    ~ConsumerListModel() override;

    // False for a remote RabbitMQ, whose management API counts unacked
    // messages per channel only: the column then says so instead of a 0.
    void setUnackedPerConsumer(bool known);

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void updateFromSnapshot(const SnapshotPtr &snapshot);

protected:
    QString keyOf(const ConsumerRow &row) const override;
    ColumnSpan changedColumns(const ConsumerRow &before, const ConsumerRow &after) const override;

private:
    bool m_unackedPerConsumer = true;
};

// One row per session (AMQP channel) of every connection.
struct ChannelRow
{
    ConnectionId connection = 0;
    QString connectionName;   // as the connections table shows it
    SessionSummary channel;
};

class ChannelListModel final : public SnapshotTableModel<ChannelRow>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChannelListModel)

public:
    enum Column { Connection, Channel, Prefetch, ConsumerPrefetch, Unacked, Consumers, Confirms, Flow, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;   // numbers sort as numbers

    explicit ChannelListModel(QObject *parent = nullptr);
    ~ChannelListModel() override;

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void updateFromSnapshot(const SnapshotPtr &snapshot);

protected:
    QString keyOf(const ChannelRow &row) const override;
    ColumnSpan changedColumns(const ChannelRow &before, const ChannelRow &after) const override;
};

// How the connections and channels tables name a connection.
QString connectionDisplayName(const ConnectionSummary &connection);

} // namespace depot::ui
