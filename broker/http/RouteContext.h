#pragma once

// RouteContext: what every group of routes works with, and the small checks
// they share (the vhost, list query options).
//
// Handlers run on the broker thread, the engine's own, so they call it
// directly; each does a bounded amount of work, and anything that may touch
// many messages goes through TransferTasks instead.

#include "broker/engine/Engine.h"
#include "broker/http/HttpApiOptions.h"
#include "broker/http/HttpReply.h"
#include "broker/http/HttpRouter.h"
#include "broker/http/HttpRequest.h"
#include "broker/http/TransferTasks.h"

#include <optional>

namespace depot::http {

struct RouteContext
{
    Engine &engine;
    const HttpApiOptions &options;
    TransferTasks &tasks;
};

// Depot has one vhost, "/": any other is unknown (404), as RabbitMQ answers
// for a vhost that does not exist.
std::optional<HttpReply> checkVhost(const HttpRequest &request);
// The vhost's 404 as RabbitMQ words it.
HttpReply vhostNotFound();

// A list answer with RabbitMQ's list query options applied: sort and
// sort_reverse, columns (comma-separated, dotted paths), and page / page_size
// (which wrap the list in RabbitMQ's paging object).
HttpReply listReply(const HttpRequest &request, QJsonArray items);

// One message as Depot's routes show it (browse, one message, query results);
// `withDeaths` adds its dead-letter history (DepotRoutes.cpp).
QJsonObject messageJson(const MessageView &view, bool withDeaths);

// A request's query (docs/query.md) parsed into `out`, or the 400 that says
// where and why it is wrong: {"error": "bad_request", "reason": "invalid
// query: at 5: ...", "position": 5} (QueryRoutes.cpp).
// `over`: Records for a query over Kafka topics (TopicQueryRoutes.cpp).
std::optional<HttpReply> parseQuery(const QString &text, query::Query *out, query::Over over = query::Over::Messages);

// Wraps a handler with the vhost check every vhost-scoped route needs.
template <typename F>
HttpRouter::Handler scoped(RouteContext &context, F f)
{
    return [&context, f](HttpRequest &r) {
        if (auto bad = checkVhost(r))
            return std::move(*bad);
        return f(context, r);
    };
}

void addManagementRoutes(HttpRouter &router, RouteContext &context);
void addBindingRoutes(HttpRouter &router, RouteContext &context);
void addConnectionRoutes(HttpRouter &router, RouteContext &context);
void addDefinitionsRoutes(HttpRouter &router, RouteContext &context);
void addDepotRoutes(HttpRouter &router, RouteContext &context);
void addExportRoutes(HttpRouter &router, RouteContext &context);
void addUserRoutes(HttpRouter &router, RouteContext &context);
void addPolicyRoutes(HttpRouter &router, RouteContext &context);
void addRetryRoutes(HttpRouter &router, RouteContext &context);
void addKafkaRoutes(HttpRouter &router, RouteContext &context);
void addQueryRoutes(HttpRouter &router, RouteContext &context);
void addHistoryRoutes(HttpRouter &router, RouteContext &context);
void addTopicQueryRoutes(HttpRouter &router, RouteContext &context);

// RabbitMQ lets only administrators manage users and definitions: 401
// "Not administrator user" for anyone else.
std::optional<HttpReply> requireAdministrator(const HttpRequest &request);

} // namespace depot::http
