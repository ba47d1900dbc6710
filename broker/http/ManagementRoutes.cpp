// RabbitMQ-management-compatible routes for the broker, vhosts, queues,
// exchanges, publishing and getting: same paths, field names and status codes
// as RabbitMQ's /api, so rabbitmqadmin and scripts written for RabbitMQ work.

#include "broker/amqp/AmqpPublishOptions.h"
#include "broker/amqp/codec/XDeath.h"
#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

#include "broker/core/PublishGate.h"

#include "broker/store/Store.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStorageInfo>

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

QJsonArray queueList(const Engine &engine)
{
    const auto snapshot = engine.stats().snapshot();
    QJsonArray out;
    for (const QueueInfo &q : engine.queues()) {
        const QueueStats *stats = nullptr;
        if (snapshot) {
            const auto it = snapshot->queues.constFind(q.def.name);
            if (it != snapshot->queues.constEnd())
                stats = &it.value();
        }
        out.append(queueToJson(q, stats));
    }
    return out;
}

// The alarms raised on the engine (a full or read-only disk, memory), as
// [{"source": "disk", "text": "Depot cannot write to ..."}]; empty when all is well.
QJsonArray alarmsJson(const Engine &engine)
{
    QJsonArray out;
    const QMap<QString, QString> alarms = engine.alarms();
    for (auto it = alarms.cbegin(); it != alarms.cend(); ++it)
        out.append(QJsonObject{{QStringLiteral("source"), it.key()}, {QStringLiteral("text"), it.value()}});
    return out;
}

// The one node, with RabbitMQ's alarm flags (disk_free_alarm, mem_alarm) so
// monitoring written for RabbitMQ sees Depot's alarms too.
QJsonObject nodeJson(RouteContext &c)
{
    const QMap<QString, QString> alarms = c.engine.alarms();
    QJsonObject node{
        {QStringLiteral("name"), c.options.nodeName},
        {QStringLiteral("type"), c.engine.store() ? QStringLiteral("disc") : QStringLiteral("ram")},
        {QStringLiteral("running"), true},
        {QStringLiteral("disk_free_alarm"), alarms.contains(QStringLiteral("disk"))},
        {QStringLiteral("mem_alarm"), alarms.contains(QStringLiteral("memory"))},
        {QStringLiteral("depot_alarms"), alarmsJson(c.engine)},
    };
    if (const store::Store *store = c.engine.store()) {
        const QStorageInfo volume(QFileInfo(store->filePath()).absolutePath());
        if (volume.isValid())
            node.insert(QStringLiteral("disk_free"), volume.bytesAvailable());
    }
    return node;
}

HttpReply overview(RouteContext &c)
{
    quint64 ready = 0;
    quint64 unacked = 0;
    const QList<QueueInfo> queues = c.engine.queues();
    for (const QueueInfo &q : queues) {
        ready += q.ready;
        unacked += q.unacked;
    }
    qint64 channels = 0;
    const QList<ConnectionSummary> connections = c.engine.connections();
    for (const ConnectionSummary &s : connections)
        channels += s.sessions.size();
    const auto snapshot = c.engine.stats().snapshot();
    QJsonArray exchangeTypes;
    for (const char *type : {"direct", "fanout", "topic", "headers", "x-delayed-message"})
        exchangeTypes.append(QJsonObject{{QStringLiteral("name"), QString::fromLatin1(type)}, {QStringLiteral("enabled"), true}});
    QJsonObject o{
        // The management API level Depot follows; the product fields say
        // what actually answers.
        {QStringLiteral("management_version"), QStringLiteral("3.10.8")},
        {QStringLiteral("rabbitmq_version"), QStringLiteral("3.10.8")},
        {QStringLiteral("product_name"), QStringLiteral("Depot")},
        {QStringLiteral("product_version"), QCoreApplication::applicationVersion().isEmpty()
                                                 ? QStringLiteral("0.1.0")
                                                 : QCoreApplication::applicationVersion()},
        {QStringLiteral("cluster_name"), c.options.nodeName},
        {QStringLiteral("node"), c.options.nodeName},
        {QStringLiteral("rates_mode"), QStringLiteral("basic")},
        {QStringLiteral("exchange_types"), exchangeTypes},
        {QStringLiteral("queue_totals"),
         QJsonObject{{QStringLiteral("messages"), qint64(ready + unacked)},
                     {QStringLiteral("messages_ready"), qint64(ready)},
                     {QStringLiteral("messages_unacknowledged"), qint64(unacked)}}},
        {QStringLiteral("object_totals"),
         QJsonObject{{QStringLiteral("queues"), queues.size()},
                     {QStringLiteral("exchanges"), c.engine.exchanges().size()},
                     {QStringLiteral("connections"), connections.size()},
                     {QStringLiteral("channels"), channels},
                     {QStringLiteral("consumers"), c.engine.consumers().size()}}},
    };
    if (snapshot)
        o.insert(QStringLiteral("message_stats"), messageStatsJson(snapshot->totals, snapshot->rates));
    // Depot's addition: what is wrong right now, in words (publishers are
    // blocked while any alarm is raised).
    o.insert(QStringLiteral("depot_alarms"), alarmsJson(c.engine));
    return HttpReply::json(o);
}

HttpReply aliveness(RouteContext &c)
{
    // As RabbitMQ: declare a queue named aliveness-test, send a message
    // through it and read it back.
    const QString name = QStringLiteral("aliveness-test");
    QueueDef def;
    def.name = name;
    def.durable = false;
    const auto failed = [](const QString &reason) {
        return HttpReply::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("failed")},
                                           {QStringLiteral("reason"), reason}},
                               503);
    };
    if (const auto r = c.engine.declareQueue(def, false); !r.ok())
        return failed(r.error.text);
    c.engine.purgeQueue(name);
    const PublishResult published = c.engine.publish(QString(), name, {}, QByteArrayLiteral("test_message"));
    if (published.error || !published.routed)
        return failed(QStringLiteral("the test message was not routed"));
    const SessionId session = c.engine.openSession(0, nullptr);
    const auto got = c.engine.get(session, name, true);
    c.engine.closeSession(session);
    if (!got.ok() || !got.value || got.value->content->body != "test_message")
        return failed(QStringLiteral("the test message did not come back"));
    return HttpReply::json(QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}});
}

HttpReply vhostJson(RouteContext &c)
{
    quint64 ready = 0;
    quint64 unacked = 0;
    for (const QueueInfo &q : c.engine.queues()) {
        ready += q.ready;
        unacked += q.unacked;
    }
    return HttpReply::json(QJsonObject{
        {QStringLiteral("name"), QStringLiteral("/")},
        {QStringLiteral("description"), QStringLiteral("Default virtual host")},
        {QStringLiteral("tracing"), false},
        {QStringLiteral("messages"), qint64(ready + unacked)},
        {QStringLiteral("messages_ready"), qint64(ready)},
        {QStringLiteral("messages_unacknowledged"), qint64(unacked)},
    });
}

HttpReply putQueue(RouteContext &c, const HttpRequest &r)
{
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    JsonFields f(*body);
    QueueDef def;
    def.name = r.param(QStringLiteral("name"));
    def.durable = f.boolean(QStringLiteral("durable"), true);
    def.autoDelete = f.boolean(QStringLiteral("auto_delete"), false);
    def.arguments = f.arguments(QStringLiteral("arguments"));
    // RabbitMQ's API ignores `exclusive` and makes a shared queue; an
    // exclusive queue belongs to an AMQP connection, which a request has not.
    if (f.boolean(QStringLiteral("exclusive"), false))
        return HttpReply::badRequest(QStringLiteral(
            "exclusive queues belong to the AMQP connection that declares them; the HTTP API cannot declare one"));
    if (!f.ok())
        return HttpReply::badRequest(f.error());
    const bool existed = c.engine.queue(def.name).has_value();
    const auto declared = c.engine.declareQueue(def, false);
    if (!declared.ok())
        return HttpReply::fromEngine(declared.error);
    return existed ? HttpReply::noContent() : HttpReply::created();
}

HttpReply deleteQueue(RouteContext &c, const HttpRequest &r)
{
    const bool ifUnused = r.queryValue(QStringLiteral("if-unused")) == QLatin1String("true");
    const bool ifEmpty = r.queryValue(QStringLiteral("if-empty")) == QLatin1String("true");
    const auto deleted = c.engine.deleteQueue(r.param(QStringLiteral("name")), ifUnused, ifEmpty);
    return deleted.ok() ? HttpReply::noContent() : HttpReply::fromEngine(deleted.error);
}

HttpReply getMessages(RouteContext &c, const HttpRequest &r)
{
    const QString queue = r.param(QStringLiteral("name"));
    if (!c.engine.queue(queue))
        return HttpReply::notFound();
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    JsonFields f(*body);
    const qint64 count = f.integer(QStringLiteral("count"), 1, 1, 100000);
    const QString ackmode = f.requiredString(QStringLiteral("ackmode"));
    const QString encoding = f.string(QStringLiteral("encoding"), QStringLiteral("auto"));
    const qint64 truncate = f.integer(QStringLiteral("truncate"), -1, 0, std::numeric_limits<qint64>::max());
    if (!f.ok())
        return HttpReply::badRequest(f.error());
    enum class Settle { Ack, Requeue, Reject };
    Settle settle;
    if (ackmode == QLatin1String("ack_requeue_true") || ackmode == QLatin1String("reject_requeue_true"))
        settle = Settle::Requeue;
    else if (ackmode == QLatin1String("ack_requeue_false"))
        settle = Settle::Ack;
    else if (ackmode == QLatin1String("reject_requeue_false"))
        settle = Settle::Reject;
    else
        return HttpReply::badRequest(QStringLiteral("Invalid ackmode value: '%1'").arg(ackmode));
    if (encoding != QLatin1String("auto") && encoding != QLatin1String("base64"))
        return HttpReply::badRequest(QStringLiteral("Unsupported encoding: '%1' (use auto or base64)").arg(encoding));

    // A short-lived session of its own: what it holds goes back to the queue
    // (marked redelivered) when requeueing, as RabbitMQ's get does.
    const SessionId session = c.engine.openSession(0, nullptr);
    QList<Delivery> got;
    for (qint64 i = 0; i < count; ++i) {
        const auto one = c.engine.get(session, queue, false);
        if (!one.ok() || !one.value)
            break;
        got.append(*one.value);
    }
    QJsonArray out;
    for (const Delivery &d : std::as_const(got)) {
        QJsonObject m{
            {QStringLiteral("redelivered"), d.redelivered},
            {QStringLiteral("exchange"), d.content->exchange},
            {QStringLiteral("routing_key"), d.content->routingKey},
            {QStringLiteral("message_count"), qint64(d.messageCount)},
            {QStringLiteral("properties"), propertiesToJson(amqp::xdeath::renderedProperties(*d.content))},
        };
        putPayload(&m, d.content->body, encoding == QLatin1String("base64"), truncate);
        out.append(m);
    }
    // Settled (or requeued by the close) in the order taken, so each returns to its place.
    for (const Delivery &d : std::as_const(got)) {
        switch (settle) {
        case Settle::Ack:
            c.engine.ack(session, d.deliveryTag, false);
            break;
        case Settle::Requeue:
            // Closing the session below returns them, at once: a look over
            // HTTP is not a consumer's failure, which x-retry-delays would
            // hold back.
            break;
        case Settle::Reject:
            c.engine.reject(session, d.deliveryTag, false);
            break;
        }
    }
    c.engine.closeSession(session);
    return HttpReply::json(out);
}

HttpReply putExchange(RouteContext &c, const HttpRequest &r)
{
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    JsonFields f(*body);
    ExchangeDef def;
    def.name = exchangeFromUrl(r.param(QStringLiteral("name")));
    const QString typeName = f.requiredString(QStringLiteral("type"));
    def.durable = f.boolean(QStringLiteral("durable"), true);
    def.autoDelete = f.boolean(QStringLiteral("auto_delete"), false);
    def.internal = f.boolean(QStringLiteral("internal"), false);
    def.arguments = f.arguments(QStringLiteral("arguments"));
    if (!f.ok())
        return HttpReply::badRequest(f.error());
    const auto type = exchangeTypeFromName(typeName);
    if (!type)
        return HttpReply::badRequest(QStringLiteral("invalid exchange type '%1'").arg(typeName));
    def.type = *type;
    if (def.name.isEmpty() || def.name.startsWith(QLatin1String("amq.")))
        return HttpReply::error(403, QStringLiteral("access_refused"),
                                QStringLiteral("exchange name '%1' contains reserved prefix 'amq.*'")
                                    .arg(r.param(QStringLiteral("name"))));
    bool existed = false;
    for (const ExchangeDef &e : c.engine.exchanges())
        existed = existed || e.name == def.name;
    const auto declared = c.engine.declareExchange(def, false);
    if (!declared.ok())
        return HttpReply::fromEngine(declared.error);
    return existed ? HttpReply::noContent() : HttpReply::created();
}

std::optional<ExchangeDef> findExchange(const Engine &engine, const QString &name)
{
    for (const ExchangeDef &e : engine.exchanges()) {
        if (e.name == name)
            return e;
    }
    return std::nullopt;
}

HttpReply deleteExchange(RouteContext &c, const HttpRequest &r)
{
    const QString name = exchangeFromUrl(r.param(QStringLiteral("name")));
    if (!findExchange(c.engine, name))
        return HttpReply::notFound();
    if (name.isEmpty() || name.startsWith(QLatin1String("amq.")))
        return HttpReply::error(403, QStringLiteral("access_refused"),
                                QStringLiteral("cannot delete the built-in exchange '%1'").arg(r.param(QStringLiteral("name"))));
    const bool ifUnused = r.queryValue(QStringLiteral("if-unused")) == QLatin1String("true");
    const auto deleted = c.engine.deleteExchange(name, ifUnused);
    return deleted.ok() ? HttpReply::noContent() : HttpReply::fromEngine(deleted.error);
}

HttpReply publish(RouteContext &c, const HttpRequest &r)
{
    const QString exchange = exchangeFromUrl(r.param(QStringLiteral("name")));
    if (!findExchange(c.engine, exchange))
        return HttpReply::notFound();
    HttpReply error;
    const auto body = parseObject(r.body, &error);
    if (!body)
        return error;
    JsonFields f(*body);
    const QString routingKey = f.requiredString(QStringLiteral("routing_key"));
    const QString payload = f.requiredString(QStringLiteral("payload"));
    const QString encoding = f.string(QStringLiteral("payload_encoding"), QStringLiteral("string"));
    const QJsonObject propertiesJson = f.object(QStringLiteral("properties"));
    if (!f.ok())
        return HttpReply::badRequest(f.error());
    QByteArray bytes;
    if (encoding == QLatin1String("string")) {
        bytes = payload.toUtf8();
    } else if (encoding == QLatin1String("base64")) {
        const auto decoded = QByteArray::fromBase64Encoding(payload.toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return HttpReply::badRequest(QStringLiteral("payload is not valid base64"));
        bytes = decoded.decoded;
    } else {
        return HttpReply::badRequest(QStringLiteral("payload_encoding must be 'string' or 'base64'"));
    }
    MessageProperties properties;
    QString propertiesError;
    if (!propertiesFromJson(propertiesJson, &properties, &propertiesError))
        return HttpReply::badRequest(propertiesError);
    // Through the broker's publish gate, as every producer: while it is
    // closed (an alarm, the store behind) this one is refused and nothing is
    // stored. An HTTP client cannot be paused the way a socket is, so it is
    // told why and may try again. An accepted body counts toward the store's
    // bound and the memory check as an AMQP publisher's does.
    Result<PublishOptions> options = amqpPublishOptions(c.engine, exchange, properties);
    if (!options.ok())
        return HttpReply::fromEngine(options.error);
    // x-death headers sent here continue as the message's typed history, as over AMQP.
    options.value.deaths = amqp::xdeath::takeHistory(properties);
    const core::GatedPublish gated
        = c.options.gate->publish(exchange, routingKey, std::move(properties), std::move(bytes), options.value);
    if (!gated.refused.isEmpty())
        return HttpReply::error(503, QStringLiteral("publishers_blocked"), gated.refused);
    const PublishResult &result = gated.result;
    if (result.error)
        return HttpReply::fromEngine(result.error);
    return HttpReply::json(QJsonObject{{QStringLiteral("routed"), result.routed && !result.rejected}});
}

} // namespace

void addManagementRoutes(HttpRouter &router, RouteContext &c)
{
    router.add(Method::Get, QStringLiteral("/api/overview"), [&c](HttpRequest &) { return overview(c); });
    router.add(Method::Get, QStringLiteral("/api/nodes"),
               [&c](HttpRequest &r) { return listReply(r, QJsonArray{nodeJson(c)}); });
    router.add(Method::Get, QStringLiteral("/api/nodes/{name}"), [&c](HttpRequest &r) {
        if (r.param(QStringLiteral("name")) != c.options.nodeName)
            return HttpReply::notFound(QStringLiteral("no node '%1'").arg(r.param(QStringLiteral("name"))));
        return HttpReply::json(nodeJson(c));
    });
    router.add(Method::Get, QStringLiteral("/api/aliveness-test/{vhost}"),
               scoped(c, [](RouteContext &c, HttpRequest &) { return aliveness(c); }));
    router.add(Method::Get, QStringLiteral("/api/vhosts"), [&c](HttpRequest &r) {
        return listReply(r, QJsonArray{QJsonDocument::fromJson(vhostJson(c).body).object()});
    });
    router.add(Method::Get, QStringLiteral("/api/vhosts/{vhost}"),
               scoped(c, [](RouteContext &c, HttpRequest &) { return vhostJson(c); }));

    // ---- queues ----
    router.add(Method::Get, QStringLiteral("/api/queues"), [&c](HttpRequest &r) { return listReply(r, queueList(c.engine)); });
    router.add(Method::Get, QStringLiteral("/api/queues/{vhost}"),
               scoped(c, [](RouteContext &c, HttpRequest &r) { return listReply(r, queueList(c.engine)); }));
    router.add(Method::Get, QStringLiteral("/api/queues/{vhost}/{name}"), scoped(c, [](RouteContext &c, HttpRequest &r) {
        const auto q = c.engine.queue(r.param(QStringLiteral("name")));
        if (!q)
            return HttpReply::notFound();
        const auto snapshot = c.engine.stats().snapshot();
        const QueueStats *stats = nullptr;
        if (snapshot) {
            const auto it = snapshot->queues.constFind(q->def.name);
            if (it != snapshot->queues.constEnd())
                stats = &it.value();
        }
        return HttpReply::json(queueToJson(*q, stats));
    }));
    router.add(Method::Put, QStringLiteral("/api/queues/{vhost}/{name}"), scoped(c, putQueue));
    router.add(Method::Delete, QStringLiteral("/api/queues/{vhost}/{name}"), scoped(c, deleteQueue));
    router.add(Method::Delete, QStringLiteral("/api/queues/{vhost}/{name}/contents"),
               scoped(c, [](RouteContext &c, HttpRequest &r) {
                   const auto purged = c.engine.purgeQueue(r.param(QStringLiteral("name")));
                   return purged.ok() ? HttpReply::noContent() : HttpReply::fromEngine(purged.error);
               }));
    router.add(Method::Post, QStringLiteral("/api/queues/{vhost}/{name}/get"), scoped(c, getMessages));

    // ---- exchanges ----
    const auto exchangeList = [](RouteContext &c, HttpRequest &r) {
        QJsonArray out;
        for (const ExchangeDef &e : c.engine.exchanges())
            out.append(exchangeToJson(e, c.engine.exchangePolicy(e.name)));
        return listReply(r, out);
    };
    router.add(Method::Get, QStringLiteral("/api/exchanges"), [&c, exchangeList](HttpRequest &r) { return exchangeList(c, r); });
    router.add(Method::Get, QStringLiteral("/api/exchanges/{vhost}"), scoped(c, exchangeList));
    router.add(Method::Get, QStringLiteral("/api/exchanges/{vhost}/{name}"), scoped(c, [](RouteContext &c, HttpRequest &r) {
        const auto e = findExchange(c.engine, exchangeFromUrl(r.param(QStringLiteral("name"))));
        return e ? HttpReply::json(exchangeToJson(*e, c.engine.exchangePolicy(e->name))) : HttpReply::notFound();
    }));
    router.add(Method::Put, QStringLiteral("/api/exchanges/{vhost}/{name}"), scoped(c, putExchange));
    router.add(Method::Delete, QStringLiteral("/api/exchanges/{vhost}/{name}"), scoped(c, deleteExchange));
    router.add(Method::Post, QStringLiteral("/api/exchanges/{vhost}/{name}/publish"), scoped(c, publish));
}

} // namespace depot::http
