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
QList<ExchangeDef> exchangesFromJson(const QJsonArray &exchanges, bool allVhosts);
// Exchanges with a policy applied, by display name.
QHash<QString, AppliedPolicy> exchangePoliciesFromJson(const QJsonArray &exchanges, bool allVhosts);
QList<BindingDef> bindingsFromJson(const QJsonArray &bindings, bool allVhosts);
QList<ConnectionSummary> connectionsFromJson(const QJsonArray &connections);

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
