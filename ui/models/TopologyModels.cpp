#include "ui/models/TopologyModels.h"

#include <QDateTime>
#include <QLocale>

namespace depot::ui {

// ---- connections and consumers ----

ConsumerListModel::ConsumerListModel(QObject *parent)
    : SnapshotTableModel<ConsumerRow>(parent)
{
}

ConsumerListModel::~ConsumerListModel() = default;

void ConsumerListModel::setUnackedPerConsumer(bool known)
{
    if (known == m_unackedPerConsumer)
        return;
    m_unackedPerConsumer = known;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, Unacked), index(int(m_rows.size() - 1), Unacked));
}

int ConsumerListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ConsumerListModel::keyOf(const ConsumerRow &row) const
{
    return QString::number(row.connection.id) + u'\x1f'
        + (row.consumer ? QString::number(row.consumer->session) + u'\x1f' + row.consumer->consumerTag : QString());
}

ColumnSpan ConsumerListModel::changedColumns(const ConsumerRow &before, const ConsumerRow &after) const
{
    ColumnSpan span;
    if (before.connection.info.name != after.connection.info.name || before.connection.info.peer != after.connection.info.peer
        || before.connection.connectedAtMs != after.connection.connectedAtMs)
        span.add(Connection);
    if (before.connection.info.user != after.connection.info.user)
        span.add(User);
    if (before.connection.info.protocol != after.connection.info.protocol)
        span.add(Protocol);
    if (before.connection.channels.size() != after.connection.channels.size())
        span.add(Channels);
    if (before.consumer.has_value() != after.consumer.has_value()) {
        span.add(Queue);
        span.add(State);
        return span;
    }
    if (!before.consumer)
        return span;
    const ConsumerInfo &a = *before.consumer;
    const ConsumerInfo &b = *after.consumer;
    if (a.queue != b.queue)
        span.add(Queue);
    if (a.prefetch != b.prefetch)
        span.add(Prefetch);
    if (a.noAck != b.noAck)
        span.add(AckMode);
    if (a.unacked != b.unacked)
        span.add(Unacked);
    if (a.active != b.active)
        span.add(State);
    return span;
}

void ConsumerListModel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    QHash<ConnectionId, const ConnectionSummary *> connections;
    for (const ConnectionSummary &c : snapshot->connections)
        connections.insert(c.id, &c);
    QSet<ConnectionId> withConsumers;
    QList<ConsumerRow> rows;
    for (const ConsumerInfo &consumer : snapshot->consumers) {
        ConnectionSummary connection;
        if (const ConnectionSummary *c = connections.value(consumer.connection))
            connection = *c;
        else
            connection.id = consumer.connection;
        withConsumers.insert(consumer.connection);
        rows.append(ConsumerRow{connection, consumer});
    }
    for (const ConnectionSummary &c : snapshot->connections) {
        if (!withConsumers.contains(c.id))
            rows.append(ConsumerRow{c, std::nullopt});
    }
    applyRows(std::move(rows));
}

QVariant ConsumerListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConsumerRow &row = m_rows.at(index.row());
    const ConnectionInfo &info = row.connection.info;
    const QLocale locale;
    if (role == Qt::ToolTipRole && index.column() == Connection) {
        return tr("%1\nconnected %2")
            .arg(info.peer, QDateTime::fromMSecsSinceEpoch(row.connection.connectedAtMs).toString(Qt::ISODate));
    }
    if (role == Qt::ToolTipRole && index.column() == Unacked && row.consumer && !m_unackedPerConsumer)
        return tr("RabbitMQ counts unacknowledged messages per channel, not per consumer: see the "
                  "consumer's channel below");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Connection:
        return connectionDisplayName(row.connection);
    case User: return info.user;
    case Protocol: return info.protocol;
    case Channels: return locale.toString(row.connection.channels.size());
    case Queue: return row.consumer ? row.consumer->queue : QString();
    case ConsumerTag: return row.consumer ? row.consumer->consumerTag : tr("(no consumers)");
    case Prefetch:
        if (!row.consumer)
            return {};
        return row.consumer->prefetch == 0 ? tr("unlimited") : locale.toString(row.consumer->prefetch);
    case AckMode:
        if (!row.consumer)
            return {};
        return row.consumer->noAck ? tr("automatic") : tr("manual");
    case Unacked:
        if (!row.consumer)
            return {};
        return m_unackedPerConsumer ? locale.toString(row.consumer->unacked) : tr("per channel");
    case State:
        if (!row.consumer)
            return {};
        return row.consumer->active ? tr("active") : tr("waiting (single active consumer)");
    }
    return {};
}

QVariant ConsumerListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == AckMode)
        return tr("Manual: the consumer acknowledges each message (basic.ack); automatic: a delivery "
                  "counts as acknowledged when it is sent (no-ack)");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Connection: return tr("Connection");
    case User: return tr("User");
    case Protocol: return tr("Protocol");
    case Channels: return tr("Channels");
    case Queue: return tr("Queue");
    case ConsumerTag: return tr("Consumer");
    case Prefetch: return tr("Prefetch");
    case AckMode: return tr("Acks");
    case Unacked: return tr("Unacked");
    case State: return tr("State");
    }
    return {};
}

QString connectionDisplayName(const ConnectionSummary &connection)
{
    if (connection.id == 0)
        return ConsumerListModel::tr("(inside Depot)");
    const ConnectionInfo &info = connection.info;
    return info.name.isEmpty() ? info.peer : ConsumerListModel::tr("%1 (%2)").arg(info.name, info.peer);
}

// ---- channels ----

ChannelListModel::ChannelListModel(QObject *parent)
    : SnapshotTableModel<ChannelRow>(parent)
{
}

ChannelListModel::~ChannelListModel() = default;

int ChannelListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ChannelListModel::keyOf(const ChannelRow &row) const
{
    return QString::number(row.channel.id);
}

ColumnSpan ChannelListModel::changedColumns(const ChannelRow &before, const ChannelRow &after) const
{
    const SessionSummary &a = before.channel;
    const SessionSummary &b = after.channel;
    ColumnSpan span;
    if (before.connectionName != after.connectionName || before.connection != after.connection)
        span.add(Connection);
    if (a.channel != b.channel)
        span.add(Channel);
    if (a.prefetch != b.prefetch)
        span.add(Prefetch);
    if (a.consumerPrefetch != b.consumerPrefetch)
        span.add(ConsumerPrefetch);
    if (a.unacked != b.unacked)
        span.add(Unacked);
    if (a.consumers != b.consumers)
        span.add(Consumers);
    if (a.confirms != b.confirms)
        span.add(Confirms);
    if (a.flow != b.flow)
        span.add(Flow);
    return span;
}

void ChannelListModel::updateFromSnapshot(const SnapshotPtr &snapshot)
{
    QList<ChannelRow> rows;
    for (const ConnectionSummary &c : snapshot->connections) {
        const QString name = connectionDisplayName(c);
        for (const SessionSummary &s : c.channels)
            rows.append(ChannelRow{c.id, name, s});
    }
    applyRows(std::move(rows));
}

QVariant ChannelListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ChannelRow &row = m_rows.at(index.row());
    const SessionSummary &s = row.channel;
    const QLocale locale;
    const auto limit = [&locale](quint32 n) { return n == 0 ? tr("unlimited") : locale.toString(n); };
    if (role == SortRole) {
        switch (index.column()) {
        case Connection: return QVariant::fromValue(row.connection * 65536 + s.channel);
        case Channel: return s.channel;
        case Prefetch: return s.prefetch;
        case ConsumerPrefetch: return s.consumerPrefetch;
        case Unacked: return QVariant::fromValue(s.unacked);
        case Consumers: return s.consumers;
        case Confirms: return s.confirms;
        case Flow: return s.flow;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Channel && index.column() <= Consumers)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Flow && !s.flow)
        return tr("Depot delivers nothing to this channel: the client paused it (channel.flow) or its "
                  "connection is not reading fast enough.");
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Connection: return row.connectionName;
    case Channel: return s.channel == 0 ? tr("(internal)") : locale.toString(s.channel);
    case Prefetch: return limit(s.prefetch);
    case ConsumerPrefetch: return limit(s.consumerPrefetch);
    case Unacked: return locale.toString(s.unacked);
    case Consumers: return locale.toString(s.consumers);
    case Confirms: return s.confirms ? tr("confirms") : tr("off");
    case Flow: return s.flow ? tr("flowing") : tr("paused");
    }
    return {};
}

QVariant ChannelListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Prefetch: return tr("Unacknowledged messages the whole channel may hold (basic.qos, global)");
        case ConsumerPrefetch: return tr("Default limit for each new consumer on the channel (basic.qos)");
        case Confirms: return tr("Publisher confirms (confirm.select)");
        case Flow: return tr("Whether Depot delivers to the channel (channel.flow)");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Connection: return tr("Connection");
    case Channel: return tr("Channel");
    case Prefetch: return tr("Prefetch");
    case ConsumerPrefetch: return tr("Consumer prefetch");
    case Unacked: return tr("Unacked");
    case Consumers: return tr("Consumers");
    case Confirms: return tr("Confirms");
    case Flow: return tr("Flow");
    }
    return {};
}

} // namespace depot::ui
