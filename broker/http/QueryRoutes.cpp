// A query over messages across queues (docs/query.md), in Depot's own API:
//
//   GET /api/depot/messages?query=...&queues=a,orders.*&limit=N
//
// streamed as JSON Lines (QueryStream): each match with its queue, the
// scan's progress after each slice, then a "done" line. `queues` picks
// queues by name or by `*` / `?` pattern, comma-separated; without it every
// queue is searched. A query that cannot be parsed is answered 400 with its
// position. The same parseQuery() reads `query` where a filter selects
// messages (browse, export, replay, move, copy, delete).

#include "broker/engine/QueryScan.h"
#include "broker/http/QueryStream.h"
#include "broker/http/RouteContext.h"

namespace depot::http {

std::optional<HttpReply> parseQuery(const QString &text, query::Query *out, query::Over over)
{
    query::QueryError error;
    *out = query::Query::parse(text, &error, over);
    if (out->isValid())
        return std::nullopt;
    return HttpReply::json(
        QJsonObject{
            {QStringLiteral("error"), QStringLiteral("bad_request")},
            {QStringLiteral("reason"), QString(QStringLiteral("invalid query: ") + error.text())},
            {QStringLiteral("position"), qint64(error.position)},
        },
        400);
}

namespace {

HttpReply queryMessages(RouteContext &c, const HttpRequest &r)
{
    const QStringList known{QStringLiteral("query"), QStringLiteral("queues"), QStringLiteral("limit")};
    for (const auto &item : r.query.queryItems()) {
        if (!known.contains(item.first))
            return HttpReply::badRequest(QStringLiteral("unknown parameter '%1'; this takes query, queues and limit")
                                             .arg(item.first));
    }
    QuerySpec spec;
    if (auto bad = parseQuery(r.queryValue(QStringLiteral("query")), &spec.query))
        return std::move(*bad);
    spec.queues = r.queryValue(QStringLiteral("queues")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString &q : spec.queues)
        q = q.trimmed();
    quint64 limit = 0;
    if (r.hasQuery(QStringLiteral("limit"))) {
        bool ok = false;
        limit = r.queryValue(QStringLiteral("limit")).toULongLong(&ok);
        if (!ok || limit == 0)
            return HttpReply::badRequest(QStringLiteral("limit must be a positive number of matches, not '%1'")
                                             .arg(r.queryValue(QStringLiteral("limit"))));
    }
    auto started = QueryScan::start(c.engine, spec);
    if (!started.ok())
        return HttpReply::fromEngine(started.error);
    HttpReply reply = HttpReply::text("application/x-ndjson", {});
    Engine &engine = c.engine;
    reply.stream = [&engine, scan = std::move(started.value), limit](QTcpSocket *socket) {
        QueryStream::start(socket, engine, scan, limit);
    };
    return reply;
}

} // namespace

void addQueryRoutes(HttpRouter &router, RouteContext &c)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/api/depot/messages"),
        [&c](HttpRequest &r) { return queryMessages(c, r); });
}

} // namespace depot::http
