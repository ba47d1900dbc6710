// RabbitMQ-management-compatible views of connections, channels and
// consumers, built from what the engine knows of them. Channel numbers are
// not known to the engine (a session is any delivery context), so a channel
// is numbered by its position among its connection's open sessions.

#include "broker/http/HttpRouter.h"
#include "broker/http/JsonMapping.h"
#include "broker/http/RouteContext.h"

#include <QDateTime>

namespace depot::http {

namespace {

using Method = QHttpServerRequest::Method;

struct PeerParts
{
    QString host;
    qint64 port = 0;
};

PeerParts splitPeer(const QString &peer)
{
    const qsizetype colon = peer.lastIndexOf(QLatin1Char(':'));
    if (colon < 0)
        return {peer, 0};
    return {peer.left(colon), peer.mid(colon + 1).toLongLong()};
}

QString connectionName(const ConnectionSummary &c)
{
    return c.info.peer.isEmpty() ? QStringLiteral("connection %1").arg(c.id) : c.info.peer;
}

QJsonObject connectionJson(const ConnectionSummary &c)
{
    const PeerParts peer = splitPeer(c.info.peer);
    QJsonObject o{
        {QStringLiteral("name"), connectionName(c)},
        {QStringLiteral("user_provided_name"), c.info.name},
        {QStringLiteral("node"), QStringLiteral("depot@localhost")},
        {QStringLiteral("vhost"), QStringLiteral("/")},
        {QStringLiteral("user"), c.info.user},
        {QStringLiteral("protocol"), c.info.protocol},
        {QStringLiteral("peer_host"), peer.host},
        {QStringLiteral("peer_port"), peer.port},
        {QStringLiteral("channels"), c.sessions.size()},
        {QStringLiteral("connected_at"), c.connectedAtMs},
        {QStringLiteral("state"), QStringLiteral("running")},
        {QStringLiteral("type"), QStringLiteral("network")},
        {QStringLiteral("client_properties"), mapToJson(c.info.clientProperties)},
    };
    return o;
}

// Where a session sits: its connection and its channel number (the one the
// client opened it as; sessions opened without a channel count from 1).
struct SessionPlace
{
    const ConnectionSummary *connection = nullptr;
    int number = 0;
};

int channelNumber(const ConnectionSummary &c, qsizetype index)
{
    const quint16 number = c.channels[index].channel;
    return number != 0 ? int(number) : int(index + 1);
}

QJsonObject channelDetails(const SessionPlace &place)
{
    const PeerParts peer = splitPeer(place.connection->info.peer);
    const QString name = connectionName(*place.connection);
    return QJsonObject{
        {QStringLiteral("name"), QStringLiteral("%1 (%2)").arg(name).arg(place.number)},
        {QStringLiteral("number"), place.number},
        {QStringLiteral("connection_name"), name},
        {QStringLiteral("peer_host"), peer.host},
        {QStringLiteral("peer_port"), peer.port},
        {QStringLiteral("user"), place.connection->info.user},
    };
}

QJsonArray channels(const Engine &engine, const QString &onlyConnection = QString())
{
    const QList<ConnectionSummary> connections = engine.connections();
    QJsonArray out;
    for (const ConnectionSummary &c : connections) {
        if (!onlyConnection.isNull() && connectionName(c) != onlyConnection)
            continue;
        for (qsizetype i = 0; i < c.channels.size(); ++i) {
            const SessionSummary &session = c.channels[i];
            const SessionPlace place{&c, channelNumber(c, i)};
            QJsonObject details = channelDetails(place);
            out.append(QJsonObject{
                {QStringLiteral("name"), details.value(QStringLiteral("name"))},
                {QStringLiteral("number"), place.number},
                {QStringLiteral("node"), QStringLiteral("depot@localhost")},
                {QStringLiteral("vhost"), QStringLiteral("/")},
                {QStringLiteral("user"), c.info.user},
                {QStringLiteral("connection_details"),
                 QJsonObject{{QStringLiteral("name"), connectionName(c)},
                             {QStringLiteral("peer_host"), details.value(QStringLiteral("peer_host"))},
                             {QStringLiteral("peer_port"), details.value(QStringLiteral("peer_port"))}}},
                {QStringLiteral("consumer_count"), qint64(session.consumers)},
                {QStringLiteral("messages_unacknowledged"), qint64(session.unacked)},
                // As RabbitMQ names them: basic.qos global=false, and global=true.
                {QStringLiteral("prefetch_count"), qint64(session.consumerPrefetch)},
                {QStringLiteral("global_prefetch_count"), qint64(session.prefetch)},
                {QStringLiteral("confirm"), session.confirms},
                {QStringLiteral("state"), session.flow ? QStringLiteral("running") : QStringLiteral("flow")},
            });
        }
    }
    return out;
}

QJsonArray consumers(const Engine &engine)
{
    const QList<ConnectionSummary> connections = engine.connections();
    QHash<SessionId, SessionPlace> places;
    for (const ConnectionSummary &c : connections) {
        for (qsizetype i = 0; i < c.channels.size(); ++i)
            places.insert(c.channels[i].id, SessionPlace{&c, channelNumber(c, i)});
    }
    QJsonArray out;
    for (const ConsumerInfo &ci : engine.consumers()) {
        QJsonObject o{
            {QStringLiteral("consumer_tag"), ci.consumerTag},
            {QStringLiteral("queue"), QJsonObject{{QStringLiteral("name"), ci.queue}, {QStringLiteral("vhost"), QStringLiteral("/")}}},
            {QStringLiteral("ack_required"), !ci.noAck},
            {QStringLiteral("exclusive"), ci.exclusive},
            {QStringLiteral("prefetch_count"), qint64(ci.prefetch)},
            {QStringLiteral("priority"), ci.priority},
            {QStringLiteral("active"), ci.active},
            {QStringLiteral("activity_status"), ci.active ? QStringLiteral("up") : QStringLiteral("waiting")},
            {QStringLiteral("messages_unacknowledged"), qint64(ci.unacked)},
            {QStringLiteral("arguments"), QJsonObject{}},
        };
        const auto place = places.constFind(ci.session);
        if (place != places.constEnd())
            o.insert(QStringLiteral("channel_details"), channelDetails(place.value()));
        out.append(o);
    }
    return out;
}

} // namespace

void addConnectionRoutes(HttpRouter &router, RouteContext &c)
{
    router.add(Method::Get, QStringLiteral("/api/connections"), [&c](HttpRequest &r) {
        QJsonArray out;
        for (const ConnectionSummary &s : c.engine.connections())
            out.append(connectionJson(s));
        return listReply(r, out);
    });
    router.add(Method::Get, QStringLiteral("/api/vhosts/{vhost}/connections"), scoped(c, [](RouteContext &c, HttpRequest &r) {
        QJsonArray out;
        for (const ConnectionSummary &s : c.engine.connections())
            out.append(connectionJson(s));
        return listReply(r, out);
    }));
    router.add(Method::Get, QStringLiteral("/api/connections/{name}"), [&c](HttpRequest &r) {
        for (const ConnectionSummary &s : c.engine.connections()) {
            if (connectionName(s) == r.param(QStringLiteral("name")))
                return HttpReply::json(connectionJson(s));
        }
        return HttpReply::notFound();
    });
    // Closes a client's connection: it gets 320 CONNECTION_FORCED with the
    // X-Reason header's text, as RabbitMQ's management API does.
    router.add(Method::Delete, QStringLiteral("/api/connections/{name}"), [&c](HttpRequest &r) {
        for (const ConnectionSummary &s : c.engine.connections()) {
            if (connectionName(s) != r.param(QStringLiteral("name")))
                continue;
            const QString reason = r.reason.isEmpty() ? QStringLiteral("Closed via the HTTP API") : r.reason;
            if (s.id == 0 || !c.engine.requestConnectionClose(s.id, reason))
                break;
            return HttpReply::noContent();
        }
        return HttpReply::notFound();
    });
    router.add(Method::Get, QStringLiteral("/api/connections/{name}/channels"), [&c](HttpRequest &r) {
        const QString name = r.param(QStringLiteral("name"));
        bool known = false;
        for (const ConnectionSummary &s : c.engine.connections())
            known = known || connectionName(s) == name;
        return known ? listReply(r, channels(c.engine, name)) : HttpReply::notFound();
    });
    router.add(Method::Get, QStringLiteral("/api/channels"), [&c](HttpRequest &r) { return listReply(r, channels(c.engine)); });
    router.add(Method::Get, QStringLiteral("/api/vhosts/{vhost}/channels"),
               scoped(c, [](RouteContext &c, HttpRequest &r) { return listReply(r, channels(c.engine)); }));
    router.add(Method::Get, QStringLiteral("/api/consumers"), [&c](HttpRequest &r) { return listReply(r, consumers(c.engine)); });
    router.add(Method::Get, QStringLiteral("/api/consumers/{vhost}"),
               scoped(c, [](RouteContext &c, HttpRequest &r) { return listReply(r, consumers(c.engine)); }));
}

} // namespace depot::http
