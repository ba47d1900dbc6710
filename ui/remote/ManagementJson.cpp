#include "ui/remote/ManagementJson.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>

#include <algorithm>

namespace depot::ui::remote {

namespace {

// The context of this file's window strings.
struct ManagementJson
{
    Q_DECLARE_TR_FUNCTIONS(depot::ui::remote::ManagementJson)
};

quint64 count(const QJsonObject &o, const char *key)
{
    const double v = o.value(QLatin1String(key)).toDouble();
    return v > 0 ? quint64(v) : 0;
}

double rate(const QJsonObject &stats, const char *key)
{
    return stats.value(QLatin1String(key)).toObject().value(QLatin1String("rate")).toDouble();
}

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

std::optional<QJsonArray> parseArray(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = ManagementJson::tr("the answer is not JSON: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isArray()) {
        *error = ManagementJson::tr("the answer is not a JSON list");
        return std::nullopt;
    }
    return doc.array();
}

std::optional<QJsonObject> parseObject(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = ManagementJson::tr("the answer is not JSON: %1").arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = ManagementJson::tr("the answer is not a JSON object");
        return std::nullopt;
    }
    return doc.object();
}

QString displayName(const QString &vhost, const QString &name, bool allVhosts)
{
    if (!allVhosts || (vhost == u"/" && !name.contains(u'/')))
        return name;
    if (vhost == u"/")
        return QStringLiteral("//") + name;
    QString escaped = vhost;
    escaped.replace(u'%', QStringLiteral("%25")).replace(u'/', QStringLiteral("%2F"));
    return escaped + u'/' + name;
}

std::pair<QString, QString> vhostAndNameOf(const QString &shown)
{
    if (shown.startsWith(QStringLiteral("//")))
        return {QStringLiteral("/"), shown.mid(2)};
    const qsizetype slash = shown.indexOf(u'/');
    if (slash <= 0)
        return {QStringLiteral("/"), shown};
    QString vhost = shown.left(slash);
    vhost.replace(QStringLiteral("%2F"), QStringLiteral("/")).replace(QStringLiteral("%25"), QStringLiteral("%"));
    return {vhost, shown.mid(slash + 1)};
}

QString refusingOverflow(const QueueRow &row)
{
    const QString overflow = row.arguments.contains(QStringLiteral("x-overflow"))
        ? row.arguments.value(QStringLiteral("x-overflow")).toString()
        : row.policyDefinition.value(QStringLiteral("overflow")).toString();
    return overflow.startsWith(QLatin1String("reject-publish")) ? overflow : QString();
}

QList<QueueRow> queuesFromJson(const QJsonArray &queues, bool allVhosts)
{
    QList<QueueRow> rows;
    rows.reserve(queues.size());
    for (const QJsonValue &value : queues) {
        const QJsonObject q = value.toObject();
        QueueRow row;
        row.name = displayName(str(q, "vhost"), str(q, "name"), allVhosts);
        row.ready = count(q, "messages_ready");
        row.unacked = count(q, "messages_unacknowledged");
        row.bytes = count(q, "message_bytes");
        row.consumers = quint32(count(q, "consumers"));
        row.durable = q.value(QLatin1String("durable")).toBool();
        row.exclusive = q.value(QLatin1String("exclusive")).toBool();
        row.autoDelete = q.value(QLatin1String("auto_delete")).toBool();
        row.arguments = q.value(QLatin1String("arguments")).toObject().toVariantMap();
        // Classic, quorum or stream: kept as the argument RabbitMQ reads.
        const QString type = str(q, "type");
        if (!type.isEmpty() && !row.arguments.contains(QStringLiteral("x-queue-type")))
            row.arguments.insert(QStringLiteral("x-queue-type"), type);
        row.policy = str(q, "policy");
        row.operatorPolicy = str(q, "operator_policy");
        row.policyDefinition = q.value(QLatin1String("effective_policy_definition")).toObject().toVariantMap();
        // A queue argument wins over a policy for dead-lettering, as in RabbitMQ.
        const auto pick = [&](const char *argument, const char *policyKey) -> std::optional<QString> {
            const QString arg = QLatin1String(argument);
            if (row.arguments.contains(arg))
                return row.arguments.value(arg).toString();
            if (row.policyDefinition.contains(QLatin1String(policyKey)))
                return row.policyDefinition.value(QLatin1String(policyKey)).toString();
            return std::nullopt;
        };
        if (const auto dlx = pick("x-dead-letter-exchange", "dead-letter-exchange"))
            row.deadLetterExchange = *dlx;
        if (const auto key = pick("x-dead-letter-routing-key", "dead-letter-routing-key"))
            row.deadLetterRoutingKey = *key;
        const QJsonObject stats = q.value(QLatin1String("message_stats")).toObject();
        row.inRate = rate(stats, "publish_details");
        row.outRate = rate(stats, "deliver_get_details");
        rows.append(std::move(row));
    }
    return rows;
}

QList<ExchangeDef> exchangesFromJson(const QJsonArray &exchanges, bool allVhosts)
{
    QList<ExchangeDef> defs;
    for (const QJsonValue &value : exchanges) {
        const QJsonObject e = value.toObject();
        ExchangeDef def;
        def.name = displayName(str(e, "vhost"), str(e, "name"), allVhosts);
        const QString type = str(e, "type");
        // Types Depot does not know (a plugin's, e.g. x-consistent-hash) are
        // listed as direct with their real type kept in the arguments.
        def.type = exchangeTypeFromName(type).value_or(ExchangeType::Direct);
        def.durable = e.value(QLatin1String("durable")).toBool();
        def.autoDelete = e.value(QLatin1String("auto_delete")).toBool();
        def.internal = e.value(QLatin1String("internal")).toBool();
        def.arguments = e.value(QLatin1String("arguments")).toObject().toVariantMap();
        if (!exchangeTypeFromName(type))
            def.arguments.insert(QStringLiteral("x-remote-type"), type);
        defs.append(std::move(def));
    }
    return defs;
}

QHash<QString, AppliedPolicy> exchangePoliciesFromJson(const QJsonArray &exchanges, bool allVhosts)
{
    QHash<QString, AppliedPolicy> policies;
    for (const QJsonValue &value : exchanges) {
        const QJsonObject e = value.toObject();
        AppliedPolicy applied;
        applied.policy = str(e, "policy");
        applied.operatorPolicy = str(e, "operator_policy");
        applied.effectiveDefinition = e.value(QLatin1String("effective_policy_definition")).toObject().toVariantMap();
        if (!applied.policy.isEmpty() || !applied.operatorPolicy.isEmpty())
            policies.insert(displayName(str(e, "vhost"), str(e, "name"), allVhosts), std::move(applied));
    }
    return policies;
}

QList<BindingDef> bindingsFromJson(const QJsonArray &bindings, bool allVhosts)
{
    QList<BindingDef> defs;
    for (const QJsonValue &value : bindings) {
        const QJsonObject b = value.toObject();
        const QString vhost = str(b, "vhost");
        BindingDef def;
        def.source = displayName(vhost, str(b, "source"), allVhosts);
        def.destination = displayName(vhost, str(b, "destination"), allVhosts);
        def.destinationKind
            = str(b, "destination_type") == u"exchange" ? DestinationKind::Exchange : DestinationKind::Queue;
        def.routingKey = str(b, "routing_key");
        def.arguments = b.value(QLatin1String("arguments")).toObject().toVariantMap();
        defs.append(std::move(def));
    }
    return defs;
}

QList<RemoteConnection> connectionsFromJson(const QJsonArray &connections)
{
    QList<RemoteConnection> list;
    list.reserve(connections.size());
    for (const QJsonValue &value : connections) {
        const QJsonObject c = value.toObject();
        RemoteConnection connection;
        connection.name = str(c, "name");
        ConnectionSummary &summary = connection.summary;
        summary.info.clientProperties = c.value(QLatin1String("client_properties")).toObject().toVariantMap();
        summary.info.name = summary.info.clientProperties.value(QStringLiteral("connection_name")).toString();
        summary.info.peer = str(c, "peer_host") + u':' + QString::number(c.value(QLatin1String("peer_port")).toInt());
        summary.info.protocol = str(c, "protocol");
        summary.info.user = str(c, "user");
        summary.connectedAtMs = qint64(c.value(QLatin1String("connected_at")).toDouble());
        list.append(std::move(connection));
    }
    return list;
}

namespace {

QString peerOf(const QJsonObject &details)
{
    return str(details, "peer_host") + u':' + QString::number(details.value(QLatin1String("peer_port")).toInt());
}

} // namespace

QList<RemoteChannel> channelsFromJson(const QJsonArray &channels)
{
    QList<RemoteChannel> list;
    list.reserve(channels.size());
    for (const QJsonValue &value : channels) {
        const QJsonObject c = value.toObject();
        const QJsonObject connection = c.value(QLatin1String("connection_details")).toObject();
        RemoteChannel channel;
        channel.name = str(c, "name");
        channel.connection = str(connection, "name");
        channel.peer = peerOf(connection);
        SessionSummary &s = channel.summary;
        s.channel = quint16(std::min<quint64>(count(c, "number"), 65535));
        s.prefetch = quint32(count(c, "global_prefetch_count"));
        s.consumerPrefetch = quint32(count(c, "prefetch_count"));
        s.unacked = count(c, "messages_unacknowledged");
        s.consumers = quint32(count(c, "consumer_count"));
        s.confirms = c.value(QLatin1String("confirm")).toBool();
        // RabbitMQ refuses channel.flow from clients: its channels always
        // take deliveries ("flow" in its state is about publishers).
        s.flow = true;
        list.append(std::move(channel));
    }
    return list;
}

QList<RemoteConsumer> consumersFromJson(const QJsonArray &consumers, bool allVhosts)
{
    QList<RemoteConsumer> list;
    list.reserve(consumers.size());
    for (const QJsonValue &value : consumers) {
        const QJsonObject c = value.toObject();
        const QJsonObject channel = c.value(QLatin1String("channel_details")).toObject();
        const QJsonObject queue = c.value(QLatin1String("queue")).toObject();
        RemoteConsumer consumer;
        consumer.channel = str(channel, "name");
        consumer.connection = str(channel, "connection_name");
        consumer.peer = peerOf(channel);
        ConsumerInfo &info = consumer.info;
        info.queue = displayName(str(queue, "vhost"), str(queue, "name"), allVhosts);
        info.consumerTag = str(c, "consumer_tag");
        info.noAck = !c.value(QLatin1String("ack_required")).toBool(true);
        info.exclusive = c.value(QLatin1String("exclusive")).toBool();
        const QString activity = str(c, "activity_status");
        info.active = activity.isEmpty() ? c.value(QLatin1String("active")).toBool(true) : activity != u"waiting";
        info.priority = c.value(QLatin1String("arguments")).toObject().value(QLatin1String("x-priority")).toInt();
        info.prefetch = quint32(count(c, "prefetch_count"));
        list.append(std::move(consumer));
    }
    return list;
}

quint64 NameNumbers::numberOf(const QString &name)
{
    auto it = m_numbers.find(name);
    if (it == m_numbers.end())
        it = m_numbers.insert(name, ++m_last);
    return it.value();
}

void NameNumbers::keepOnly(const QSet<QString> &listed)
{
    for (auto it = m_numbers.begin(); it != m_numbers.end();) {
        if (listed.contains(it.key()))
            ++it;
        else
            it = m_numbers.erase(it);
    }
}

ConnectionsAndConsumers joinConnections(const QList<RemoteConnection> &connections,
    const QList<RemoteChannel> &channels, const QList<RemoteConsumer> &consumers, NameNumbers &connectionNumbers,
    NameNumbers &channelNumbers)
{
    ConnectionsAndConsumers joined;
    QHash<QString, qsizetype> rowOf;
    QSet<QString> connectionNames;
    QSet<QString> channelNames;
    const auto connectionRow = [&](const QString &name, const QString &peer) {
        const auto it = rowOf.constFind(name);
        if (it != rowOf.cend())
            return it.value();
        ConnectionSummary summary;
        summary.id = connectionNumbers.numberOf(name);
        summary.info.peer = peer;
        connectionNames.insert(name);
        joined.connections.append(std::move(summary));
        return rowOf[name] = joined.connections.size() - 1;
    };
    for (const RemoteConnection &c : connections) {
        ConnectionSummary summary = c.summary;
        summary.id = connectionNumbers.numberOf(c.name);
        connectionNames.insert(c.name);
        rowOf.insert(c.name, joined.connections.size());
        joined.connections.append(std::move(summary));
    }
    QList<RemoteChannel> ordered = channels;
    std::stable_sort(ordered.begin(), ordered.end(),
        [](const RemoteChannel &a, const RemoteChannel &b) { return a.summary.channel < b.summary.channel; });
    for (const RemoteChannel &channel : ordered) {
        ConnectionSummary &summary = joined.connections[connectionRow(channel.connection, channel.peer)];
        SessionSummary s = channel.summary;
        s.id = SessionId(channelNumbers.numberOf(channel.name));
        channelNames.insert(channel.name);
        summary.sessions.append(s.id);
        summary.channels.append(s);
    }
    for (const RemoteConsumer &consumer : consumers) {
        ConsumerInfo info = consumer.info;
        info.connection = joined.connections.at(connectionRow(consumer.connection, consumer.peer)).id;
        info.session = SessionId(channelNumbers.numberOf(consumer.channel));
        channelNames.insert(consumer.channel);
        joined.consumers.append(std::move(info));
    }
    connectionNumbers.keepOnly(connectionNames);
    channelNumbers.keepOnly(channelNames);
    return joined;
}

const char *messageStatsKey(Counter counter)
{
    switch (counter) {
    case Counter::Published: return "publish";
    case Counter::Delivered: return "deliver_get";
    case Counter::Acknowledged: return "ack";
    case Counter::Redelivered: return "redeliver";
    case Counter::Returned: return "return_unroutable";
    case Counter::DeadLettered:
    case Counter::Expired:
    case Counter::Count_:
        break;
    }
    return nullptr;
}

namespace {

// (time, value) of each sample, oldest first (the API lists the newest first).
QList<std::pair<qint64, double>> samplesOf(const QJsonObject &details)
{
    QList<std::pair<qint64, double>> samples;
    for (const QJsonValue &value : details.value(QLatin1String("samples")).toArray()) {
        const QJsonObject sample = value.toObject();
        const QJsonValue at = sample.value(QLatin1String("timestamp"));
        const QJsonValue v = sample.value(QLatin1String("sample"));
        if (at.isDouble() && v.isDouble())
            samples.append({qint64(at.toDouble()), v.toDouble()});
    }
    std::sort(samples.begin(), samples.end());
    return samples;
}

} // namespace

ChartSeries rateHistoryFromJson(const QJsonObject &messageStats, Counter counter)
{
    ChartSeries series;
    const char *key = messageStatsKey(counter);
    if (!key)
        return series;
    const auto samples = samplesOf(messageStats.value(QLatin1String(key) + QLatin1String("_details")).toObject());
    for (qsizetype i = 1; i < samples.size(); ++i) {
        const auto &[before, was] = samples.at(i - 1);
        const auto &[at, is] = samples.at(i);
        if (at <= before)
            continue;
        const double counted = is >= was ? is - was : is; // a restart starts the count again from zero
        series.points.append(QPointF(double(at), counted * 1000.0 / double(at - before)));
    }
    if (!series.points.isEmpty())
        series.endMs = qint64(series.points.constLast().x());
    return series;
}

ChartSeries levelHistoryFromJson(const QJsonObject &details)
{
    ChartSeries series;
    for (const auto &[at, value] : samplesOf(details))
        series.points.append(QPointF(double(at), value));
    if (!series.points.isEmpty())
        series.endMs = qint64(series.points.constLast().x());
    return series;
}

Overview overviewFromJson(const QJsonObject &overview)
{
    Overview o;
    o.clusterName = str(overview, "cluster_name");
    const QString product = str(overview, "product_name");
    const QString version = str(overview, "product_version");
    o.product = (product.isEmpty() ? QStringLiteral("RabbitMQ") : product) + u' '
        + (version.isEmpty() ? str(overview, "rabbitmq_version") : version);
    const QJsonObject queueTotals = overview.value(QLatin1String("queue_totals")).toObject();
    o.messages = count(queueTotals, "messages");
    o.ready = count(queueTotals, "messages_ready");
    o.unacked = count(queueTotals, "messages_unacknowledged");
    const QJsonObject objects = overview.value(QLatin1String("object_totals")).toObject();
    o.queues = count(objects, "queues");
    o.connections = count(objects, "connections");
    o.consumers = count(objects, "consumers");
    const QJsonObject stats = overview.value(QLatin1String("message_stats")).toObject();
    for (int c = 0; c < CounterCount; ++c) {
        if (const char *key = messageStatsKey(Counter(c))) {
            o.totals[Counter(c)] = count(stats, key);
            o.rates[size_t(c)] = rate(stats, (std::string(key) + "_details").c_str());
        }
    }
    return o;
}

QMap<QString, QString> alarmsFromNodes(const QJsonArray &nodes)
{
    QMap<QString, QString> alarms;
    for (const QJsonValue &value : nodes) {
        const QJsonObject n = value.toObject();
        const QString node = str(n, "name");
        if (n.contains(QLatin1String("running")) && !n.value(QLatin1String("running")).toBool())
            alarms.insert(u"node:" + node, ManagementJson::tr("Node %1 is not running").arg(node));
        if (n.value(QLatin1String("mem_alarm")).toBool())
            alarms.insert(u"memory:" + node, ManagementJson::tr("Memory alarm on %1: publishers are blocked").arg(node));
        if (n.value(QLatin1String("disk_free_alarm")).toBool())
            alarms.insert(u"disk:" + node, ManagementJson::tr("Disk alarm on %1: publishers are blocked").arg(node));
    }
    return alarms;
}

} // namespace depot::ui::remote
