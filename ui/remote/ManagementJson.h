#pragma once

// ManagementJson: RabbitMQ's management API answers (GET /api/overview,
// /api/nodes, /api/queues, /api/exchanges, /api/bindings, /api/connections)
// mapped onto the snapshot types the window's views already show
// (BrokerSnapshot's QueueRow, ExchangeDef, BindingDef, ConnectionSummary),
// so a remote broker's queues, topology and connections appear in the same
// lists as Depot's own. Pure functions: the recorded answers of a real
// RabbitMQ 3.10 in tests/unit/remote/data are their test.
//
// Names: with a vhost filter the names are RabbitMQ's own; without one
// (every vhost) a queue or exchange outside "/" is shown as "vhost/name".

#include "ui/client/BrokerSnapshot.h"
#include "ui/client/ChartSource.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace depot::ui::remote {

// Parses an answer that must be a JSON array (lists) or object (overview);
// an empty optional and `error` set when it is not.
std::optional<QJsonArray> parseArray(const QByteArray &body, QString *error);
std::optional<QJsonObject> parseObject(const QByteArray &body, QString *error);

// The name the window shows for an object of `vhost`: the name alone when
// one vhost is shown (or for vhost "/"), else "vhost/name". Invertible by
// vhostAndNameOf() although names and vhosts may hold '/': with every vhost
// shown, a name of vhost "/" that holds a '/' is shown as "//name", and a
// vhost's own '/' and '%' are written %2F and %25 (as in the management
// API's paths).
QString displayName(const QString &vhost, const QString &name, bool allVhosts);
// The vhost and name of what displayName() showed with every vhost shown.
std::pair<QString, QString> vhostAndNameOf(const QString &shown);

QList<QueueRow> queuesFromJson(const QJsonArray &queues, bool allVhosts);
// The queue's overflow behaviour when it refuses publishes once full
// (x-overflow argument, else its policy's overflow: reject-publish or
// reject-publish-dlx); empty otherwise. A transaction publishing to such a
// queue can be applied in part, so the replay uses confirms for it.
QString refusingOverflow(const QueueRow &row);
QList<ExchangeDef> exchangesFromJson(const QJsonArray &exchanges, bool allVhosts);
// Exchanges with a policy applied, by display name.
QHash<QString, AppliedPolicy> exchangePoliciesFromJson(const QJsonArray &exchanges, bool allVhosts);
QList<BindingDef> bindingsFromJson(const QJsonArray &bindings, bool allVhosts);

// Connections, channels and consumers as the API names them (a connection
// "127.0.0.1:47410 -> 127.0.0.1:5672", its channels "… (1)"), each without
// the numbers the window's rows need: joinConnections() gives those.
struct RemoteConnection
{
    QString name;
    ConnectionSummary summary; // id 0, no channels yet
};
struct RemoteChannel
{
    QString name;
    QString connection;
    QString peer; // the connection's "host:port", for a connection not listed (yet)
    SessionSummary summary; // id 0
};
struct RemoteConsumer
{
    QString channel;
    QString connection;
    QString peer;
    ConsumerInfo info; // connection and session 0
};
QList<RemoteConnection> connectionsFromJson(const QJsonArray &connections);
// Channel-wide prefetch is RabbitMQ's global_prefetch_count, the default for
// new consumers its prefetch_count; confirms from `confirm`.
QList<RemoteChannel> channelsFromJson(const QJsonArray &channels);
// Manual or automatic acks from ack_required; "waiting" (a single active
// consumer's standby) from activity_status; the queue named as the queue
// list names it. RabbitMQ does not count unacked messages per consumer
// (only per channel): info.unacked stays 0.
QList<RemoteConsumer> consumersFromJson(const QJsonArray &consumers, bool allVhosts);

// Numbers for the API's names that stay the same from one answer to the next
// (the window's rows are keyed by them): a name keeps its number while it is
// listed, a new name gets a new one.
class NameNumbers
{
public:
    quint64 numberOf(const QString &name);
    // Forgets the names not in `listed`.
    void keepOnly(const QSet<QString> &listed);

private:
    QHash<QString, quint64> m_numbers;
    quint64 m_last = 0;
};

// The connections with their channels (by channel number) and the consumers,
// numbered for the window; a channel or consumer of a connection the
// connections answer did not list (it opened since) gets a row of its own
// connection, named by its peer.
struct ConnectionsAndConsumers
{
    QList<ConnectionSummary> connections;
    QList<ConsumerInfo> consumers;
};
ConnectionsAndConsumers joinConnections(const QList<RemoteConnection> &connections,
    const QList<RemoteChannel> &channels, const QList<RemoteConsumer> &consumers, NameNumbers &connectionNumbers,
    NameNumbers &channelNumbers);

// The message_stats key RabbitMQ counts `counter` under ("publish",
// "deliver_get", "ack", "redeliver", "return_unroutable"); null for the
// counters it has none for (dead-lettered, expired).
const char *messageStatsKey(Counter counter);
// A counter's history in message_stats as asked with msg_rates_age and
// msg_rates_incr (`<key>_details.samples`: counts at times): the rate per
// second between each two samples, at the later one's time. A counter that
// went down (the broker restarted) counts from zero again.
ChartSeries rateHistoryFromJson(const QJsonObject &messageStats, Counter counter);
// A level's history as asked with lengths_age and lengths_incr
// (`details.samples`, e.g. a queue's messages_details): the samples as they are.
ChartSeries levelHistoryFromJson(const QJsonObject &details);

// What /api/overview says: the broker's name and version and its totals.
struct Overview
{
    QString clusterName;
    QString product;        // "RabbitMQ 3.10.8"
    quint64 messages = 0;
    quint64 ready = 0;
    quint64 unacked = 0;
    quint64 queues = 0;
    quint64 connections = 0;
    quint64 consumers = 0;
    // message_stats: counts since the broker started and their rates,
    // in the window's counters (publish, deliver_get, ack, redeliver).
    Counters totals;
    std::array<double, CounterCount> rates{};
};
Overview overviewFromJson(const QJsonObject &overview);
// Raised alarms from /api/nodes (mem_alarm, disk_free_alarm, a node that is
// not running), keyed "memory:<node>", "disk:<node>", "node:<node>".
QMap<QString, QString> alarmsFromNodes(const QJsonArray &nodes);

} // namespace depot::ui::remote
