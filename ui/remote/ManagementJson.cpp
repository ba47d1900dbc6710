#include "ui/remote/ManagementJson.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

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

QList<ConnectionSummary> connectionsFromJson(const QJsonArray &connections)
{
    QList<ConnectionSummary> summaries;
    ConnectionId id = 0;
    for (const QJsonValue &value : connections) {
        const QJsonObject c = value.toObject();
        ConnectionSummary summary;
        summary.id = ++id; // the API names connections; the window needs a number per row
        summary.info.clientProperties = c.value(QLatin1String("client_properties")).toObject().toVariantMap();
        summary.info.name = summary.info.clientProperties.value(QStringLiteral("connection_name")).toString();
        summary.info.peer = str(c, "peer_host") + u':' + QString::number(c.value(QLatin1String("peer_port")).toInt());
        summary.info.protocol = str(c, "protocol");
        summary.info.user = str(c, "user");
        summary.connectedAtMs = qint64(c.value(QLatin1String("connected_at")).toDouble());
        // Channels are listed by /api/channels; the connection says how many.
        const int channels = c.value(QLatin1String("channels")).toInt();
        for (int i = 1; i <= channels; ++i) {
            SessionSummary channel;
            channel.id = SessionId(i);
            summary.sessions.append(channel.id);
            summary.channels.append(channel);
        }
        summaries.append(std::move(summary));
    }
    return summaries;
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
    const std::pair<Counter, const char *> fields[] = {{Counter::Published, "publish"},
        {Counter::Delivered, "deliver_get"}, {Counter::Acknowledged, "ack"}, {Counter::Redelivered, "redeliver"},
        {Counter::Returned, "return_unroutable"}};
    for (const auto &[counter, key] : fields) {
        o.totals[counter] = count(stats, key);
        o.rates[size_t(counter)] = rate(stats, (std::string(key) + "_details").c_str());
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
